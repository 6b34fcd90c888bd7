package faqbench_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/paydesk/paydesk/benchmarks/faqbench"
)

// BenchmarkScaleSearch searches a KB of FAQBENCH_N (default 10003)
// single-question entries with held-out BANKING77 queries.
func BenchmarkScaleSearch(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("FAQBENCH_N"))
	if n == 0 {
		n = 10003
	}
	kb, qs := faqbench.ScaleSet(rows(b), n)
	s, err := faqbench.PaydeskPerRow(kb)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.Search(qs[i%len(qs)].Text); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
