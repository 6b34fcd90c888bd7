package currencybench

import (
	"testing"

	bojanz "github.com/bojanz/currency"
	"github.com/govalues/money"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkAdd adds two amounts of the same currency, with the currency
// check each library makes.
func BenchmarkAdd(b *testing.B) {
	const x, y, code = "1234.56", "0.99", "USD"
	b.Run("paydesk", func(b *testing.B) {
		p, _ := currency.NewAmount(x, code)
		q, _ := currency.NewAmount(y, code)
		b.ReportAllocs()
		for b.Loop() {
			s, err := p.Add(q)
			if err != nil {
				b.Fatal(err)
			}
			sinkPaydesk = s
		}
	})
	b.Run("bojanz", func(b *testing.B) {
		p, _ := bojanz.NewAmount(x, code)
		q, _ := bojanz.NewAmount(y, code)
		b.ReportAllocs()
		for b.Loop() {
			s, err := p.Add(q)
			if err != nil {
				b.Fatal(err)
			}
			sinkBojanz = s
		}
	})
	b.Run("govalues", func(b *testing.B) {
		p := money.MustParseAmount(code, x)
		q := money.MustParseAmount(code, y)
		b.ReportAllocs()
		for b.Loop() {
			s, err := p.Add(q)
			if err != nil {
				b.Fatal(err)
			}
			sinkGovalues = s
		}
	})
}
