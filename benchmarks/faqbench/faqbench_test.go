package faqbench_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/paydesk/paydesk/benchmarks/faqbench"
)

func rows(tb testing.TB) []faqbench.Row {
	tb.Helper()
	r, err := faqbench.Load(faqbench.DataPath)
	if err != nil {
		tb.Skipf("BANKING77 not available: %v", err)
	}
	return r
}

// TestCompare checks on one fold of a 1-in-4 subsample that paydesk ranks
// better than Bleve's BM25. With FAQBENCH_FOLDS=N it runs N folds of the
// full 5-fold cross-validation and prints the README table.
func TestCompare(t *testing.T) {
	all := rows(t)
	folds, _ := strconv.Atoi(os.Getenv("FAQBENCH_FOLDS"))
	data := all
	if folds == 0 {
		folds = 1
		data = nil
		for i := 0; i < len(all); i += 4 {
			data = append(data, all[i])
		}
	}
	systems := []struct {
		name  string
		build func([]faqbench.Row) (faqbench.Searcher, error)
	}{
		{"paydesk faq", faqbench.Paydesk},
		{"Bleve v2.6 BM25, top hit", faqbench.Bleve(false)},
		{"Bleve v2.6 BM25, 10-hit vote", faqbench.Bleve(true)},
	}
	results := make([]faqbench.Result, len(systems))
	for i, s := range systems {
		r, err := faqbench.Run(data, 5, folds, s.build)
		if err != nil {
			t.Fatal(err)
		}
		results[i] = r
	}
	t.Logf("BANKING77 train, %d of 5 folds, %d queries", folds, results[0].Queries)
	t.Log("| system | top-1 | median query | mean query | build (per fold) | median query vs paydesk |")
	t.Log("|---|---|---|---|---|---|")
	for i, s := range systems {
		r := results[i]
		t.Logf("| %s | %.4f | %.1f µs | %.1f µs | %v | %s |", s.name, r.Top1,
			float64(r.P50.Nanoseconds())/1e3, float64(r.Mean.Nanoseconds())/1e3, r.Build.Round(1e6),
			fmt.Sprintf("%.1f×", float64(r.P50)/float64(results[0].P50)))
	}
	if results[0].Top1 <= results[1].Top1 || results[0].Top1 <= results[2].Top1 {
		t.Errorf("paydesk top-1 %.4f is not above Bleve's %.4f / %.4f", results[0].Top1, results[1].Top1, results[2].Top1)
	}
}

func benchSearch(b *testing.B, build func([]faqbench.Row) (faqbench.Searcher, error)) {
	train, test := faqbench.Split(rows(b), 5, 0)
	s, err := build(train)
	if err != nil {
		b.Fatal(err)
	}
	defer faqbench.Close(s)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.Search(test[i%len(test)].Text); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkSearchPaydesk(b *testing.B)     { benchSearch(b, faqbench.Paydesk) }
func BenchmarkSearchBleve(b *testing.B)       { benchSearch(b, faqbench.Bleve(false)) }
func BenchmarkSearchBleveVote10(b *testing.B) { benchSearch(b, faqbench.Bleve(true)) }

func benchBuild(b *testing.B, build func([]faqbench.Row) (faqbench.Searcher, error)) {
	all := rows(b)
	b.ReportAllocs()
	for b.Loop() {
		s, err := build(all)
		if err != nil {
			b.Fatal(err)
		}
		faqbench.Close(s)
	}
}

func BenchmarkBuildPaydesk(b *testing.B) { benchBuild(b, faqbench.Paydesk) }
func BenchmarkBuildBleve(b *testing.B)   { benchBuild(b, faqbench.Bleve(false)) }
