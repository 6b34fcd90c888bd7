package currencybench

import (
	"testing"

	"github.com/govalues/money"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkSplit splits a 100.00 USD refund into three parts that sum exactly
// to it (33.34, 33.33, 33.33). bojanz/currency has no split or allocation:
// it is left out rather than measured on a hand-written loop. Neither peer
// allocates by ratios, so paydesk's Allocate is measured alone.
func BenchmarkSplit(b *testing.B) {
	const x, code, n = "100.00", "USD", 3
	b.Run("paydesk", func(b *testing.B) {
		a, _ := currency.NewAmount(x, code)
		b.ReportAllocs()
		for b.Loop() {
			parts, err := a.Split(n)
			if err != nil {
				b.Fatal(err)
			}
			sinkPaydeskN = parts
		}
	})
	b.Run("govalues", func(b *testing.B) {
		a := money.MustParseAmount(code, x)
		b.ReportAllocs()
		for b.Loop() {
			parts, err := a.Split(n)
			if err != nil {
				b.Fatal(err)
			}
			sinkGovalueN = parts
		}
	})
}

// BenchmarkAllocate allocates 1234.56 USD by the ratios 50:30:20 (no peer
// equivalent; for the table's completeness).
func BenchmarkAllocate(b *testing.B) {
	b.Run("paydesk", func(b *testing.B) {
		a, _ := currency.NewAmount("1234.56", "USD")
		ratios := ratios(50, 30, 20)
		b.ReportAllocs()
		for b.Loop() {
			parts, err := a.Allocate(ratios...)
			if err != nil {
				b.Fatal(err)
			}
			sinkPaydeskN = parts
		}
	})
}
