package currencybench

import (
	"testing"

	bojanz "github.com/bojanz/currency"
	"github.com/govalues/money"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkParse builds an amount from a decimal string and a currency code:
// each library validates the code, looks up the currency and parses the
// number exactly (no floats).
func BenchmarkParse(b *testing.B) {
	const number, code = "1234.56", "USD"
	b.Run("paydesk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := currency.NewAmount(number, code)
			if err != nil {
				b.Fatal(err)
			}
			sinkPaydesk = a
		}
	})
	b.Run("bojanz", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := bojanz.NewAmount(number, code)
			if err != nil {
				b.Fatal(err)
			}
			sinkBojanz = a
		}
	})
	b.Run("govalues", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := money.ParseAmount(code, number)
			if err != nil {
				b.Fatal(err)
			}
			sinkGovalues = a
		}
	})
}
