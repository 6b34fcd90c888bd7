package currencybench

import (
	"testing"

	bojanz "github.com/bojanz/currency"
	"github.com/govalues/money"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkRound rounds 1234.5650 USD to cents, half to even (a tie, so the
// mode matters): govalues' Round is always half-even; paydesk and bojanz name
// the mode.
func BenchmarkRound(b *testing.B) {
	const x, code = "1234.5650", "USD"
	b.Run("paydesk", func(b *testing.B) {
		a, _ := currency.NewAmount(x, code)
		b.ReportAllocs()
		for b.Loop() {
			sinkPaydesk = a.Round(currency.HalfEven)
		}
	})
	b.Run("bojanz", func(b *testing.B) {
		a, _ := bojanz.NewAmount(x, code)
		b.ReportAllocs()
		for b.Loop() {
			sinkBojanz = a.RoundTo(bojanz.DefaultDigits, bojanz.RoundHalfEven)
		}
	})
	b.Run("govalues", func(b *testing.B) {
		a := money.MustParseAmount(code, x)
		b.ReportAllocs()
		for b.Loop() {
			sinkGovalues = a.RoundToCurr()
		}
	})
}
