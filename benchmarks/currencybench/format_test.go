package currencybench

import (
	"testing"

	bojanz "github.com/bojanz/currency"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkFormat formats 1234567.89 EUR for German readers ("1.234.567,89 €")
// with a Formatter built once outside the loop, as a server would. govalues
// has no localized formatting and is left out.
func BenchmarkFormat(b *testing.B) {
	const x, code, locale = "1234567.89", "EUR", "de"
	b.Run("paydesk", func(b *testing.B) {
		f := currency.NewFormatter(language.MustParse(locale))
		a, _ := currency.NewAmount(x, code)
		b.ReportAllocs()
		for b.Loop() {
			sinkString = f.Format(a)
		}
	})
	b.Run("bojanz", func(b *testing.B) {
		f := bojanz.NewFormatter(bojanz.NewLocale(locale))
		a, _ := bojanz.NewAmount(x, code)
		b.ReportAllocs()
		for b.Loop() {
			sinkString = f.Format(a)
		}
	})
}
