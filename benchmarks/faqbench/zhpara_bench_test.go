package faqbench_test

import (
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/benchmarks/faqbench"
)

// BenchmarkChineseParaphrase runs the queries of testdata/zhpara against
// its 40 single-question entries, one query per op, in paydesk and in
// Bleve (cjk analyzer, BM25), side by side.
func BenchmarkChineseParaphrase(b *testing.B) {
	kb, err := faqbench.Load("testdata/zhpara/kb.csv")
	if err != nil {
		b.Fatal(err)
	}
	qs, err := faqbench.Load("testdata/zhpara/queries.csv")
	if err != nil {
		b.Fatal(err)
	}
	for _, sys := range []struct {
		name  string
		build func([]faqbench.Row) (faqbench.Searcher, error)
	}{
		{"paydesk", faqbench.PaydeskPerRowIn(language.SimplifiedChinese)},
		{"bleve-cjk", faqbench.BleveWith(cjk.AnalyzerName, false)},
	} {
		b.Run(sys.name, func(b *testing.B) {
			s, err := sys.build(kb)
			if err != nil {
				b.Fatal(err)
			}
			defer faqbench.Close(s)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := s.Search(qs[i%len(qs)].Text); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
