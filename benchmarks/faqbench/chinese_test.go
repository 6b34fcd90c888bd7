package faqbench_test

import (
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/benchmarks/faqbench"
)

// TestChineseParaphrase compares paydesk with Bleve (cjk analyzer, BM25) on
// the hand-written Chinese paraphrase set in testdata/zhpara: 40
// single-question entries, 88 customer queries. It fails unless paydesk's
// top-1 is at least 1.3 times Bleve's; the median query times are logged
// (they are measured, not asserted: the machine is shared).
func TestChineseParaphrase(t *testing.T) {
	kb, err := faqbench.Load("testdata/zhpara/kb.csv")
	if err != nil {
		t.Fatal(err)
	}
	qs, err := faqbench.Load("testdata/zhpara/queries.csv")
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		top1 float64
		p50  time.Duration
	}
	run := func(build func([]faqbench.Row) (faqbench.Searcher, error)) result {
		s, err := build(kb)
		if err != nil {
			t.Fatal(err)
		}
		defer faqbench.Close(s)
		correct := 0
		var lat []time.Duration
		for round := range 50 { // repeated for a stable median
			for _, q := range qs {
				t0 := time.Now()
				got, err := s.Search(q.Text)
				lat = append(lat, time.Since(t0))
				if err != nil {
					t.Fatal(err)
				}
				if round == 0 && got == q.Category {
					correct++
				}
			}
		}
		slices.Sort(lat)
		return result{float64(correct) / float64(len(qs)), lat[len(lat)/2]}
	}
	p := run(faqbench.PaydeskPerRowIn(language.SimplifiedChinese))
	b := run(faqbench.BleveWith(cjk.AnalyzerName, false))
	t.Logf("zhpara: %d entries, %d queries", len(kb), len(qs))
	t.Logf("| system | top-1 | median query |")
	t.Logf("| paydesk faq | %.4f | %.1f µs |", p.top1, float64(p.p50.Nanoseconds())/1e3)
	t.Logf("| Bleve v2.6 cjk + BM25 | %.4f | %.1f µs |", b.top1, float64(b.p50.Nanoseconds())/1e3)
	t.Logf("top-1 ratio %.2f, median query ratio %.1f", p.top1/b.top1, float64(b.p50)/float64(p.p50))
	if p.top1 < 1.3*b.top1 {
		t.Errorf("paydesk top-1 %.4f is below 1.3 × Bleve's %.4f", p.top1, b.top1)
	}
}
