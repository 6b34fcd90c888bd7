package currencybench

import (
	"context"
	"testing"

	bojanz "github.com/bojanz/currency"
	"github.com/govalues/money"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkConvertRound converts 1234.56 USD to JPY and rounds half-even to
// whole yen. The ECB quotes only EUR→USD and EUR→JPY, so USD→JPY is a cross
// rate:
//
//   - paydesk: Converter.Convert asks a RateTable, which derives the cross
//     rate through EUR (cached after the first lookup), checks its age against
//     MaxAge, multiplies, rounds, and returns a Conversion recording the rate,
//     its chain and times.
//   - bojanz: Amount.Convert with the same cross-rate value as a string (it
//     parses the string on every call, its API's only form), then RoundTo.
//   - govalues: ExchangeRate.Conv with the same value, built once outside the
//     loop, then RoundToCurr (half-even).
//
// The peers have no rate tables, staleness checks or records, so they get the
// rate precomputed: paydesk does strictly more work per call. The
// paydesk-held sub-benchmark measures the closest equivalent of the peers'
// work: Converter.ConvertWith and a Rate already in hand (checked against the
// pair and MaxAge, applied, rounded, recorded), without the table lookup.
func BenchmarkConvertRound(b *testing.B) {
	const x = "1234.56"
	rate := crossRate(b)
	b.Run("paydesk", func(b *testing.B) {
		conv := paydeskConverter(b)
		a, _ := currency.NewAmount(x, "USD")
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			c, err := conv.Convert(ctx, a, "JPY")
			if err != nil {
				b.Fatal(err)
			}
			sinkPaydesk = c.Result
		}
	})
	b.Run("paydesk-held", func(b *testing.B) {
		conv := paydeskConverter(b)
		a, _ := currency.NewAmount(x, "USD")
		r, err := conv.Rates.Rate(context.Background(), "USD", "JPY")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			c, err := conv.ConvertWith(a, r)
			if err != nil {
				b.Fatal(err)
			}
			sinkPaydesk = c.Result
		}
	})
	b.Run("bojanz", func(b *testing.B) {
		a, _ := bojanz.NewAmount(x, "USD")
		b.ReportAllocs()
		for b.Loop() {
			c, err := a.Convert("JPY", rate)
			if err != nil {
				b.Fatal(err)
			}
			sinkBojanz = c.RoundTo(bojanz.DefaultDigits, bojanz.RoundHalfEven)
		}
	})
	b.Run("govalues", func(b *testing.B) {
		a := money.MustParseAmount("USD", x)
		r := money.MustParseExchRate("USD", "JPY", rate)
		b.ReportAllocs()
		for b.Loop() {
			c, err := r.Conv(a)
			if err != nil {
				b.Fatal(err)
			}
			sinkGovalues = c.RoundToCurr()
		}
	})
}
