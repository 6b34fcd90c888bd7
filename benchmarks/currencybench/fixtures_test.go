package currencybench

import (
	"context"
	"testing"
	"time"

	bojanz "github.com/bojanz/currency"
	"github.com/govalues/money"
	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// Sinks keep the compiler from optimising benchmarked calls away. They are
// typed, so that storing a result costs no interface conversion.
var (
	sinkString   string
	sinkPaydesk  currency.Amount
	sinkBojanz   bojanz.Amount
	sinkGovalues money.Amount
	sinkPaydeskN []currency.Amount
	sinkGovalueN []money.Amount
)

// rateDay is the time of the fixture's exchange rates.
var rateDay = time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)

// ecbRates returns two reference rates as the ECB quotes them, against the
// euro: a USD→JPY conversion must go through EUR (a cross rate).
func ecbRates() []currency.Rate {
	return []currency.Rate{
		{From: "EUR", To: "USD", Value: decimal.RequireFromString("1.1572"), Time: rateDay, Source: "ECB"},
		{From: "EUR", To: "JPY", Value: decimal.RequireFromString("181.34"), Time: rateDay, Source: "ECB"},
	}
}

// paydeskConverter returns a Converter over a RateTable holding ecbRates,
// rounding half-even and refusing rates older than three days.
func paydeskConverter(tb testing.TB) currency.Converter {
	tb.Helper()
	table, err := currency.NewRateTable()
	if err != nil {
		tb.Fatal(err)
	}
	if err := table.Set(ecbRates()...); err != nil {
		tb.Fatal(err)
	}
	return currency.Converter{
		Rates:  table,
		MaxAge: 72 * time.Hour,
		Mode:   currency.HalfEven,
		Now:    func() time.Time { return rateDay.Add(time.Hour) },
	}
}

// crossRate returns the USD→JPY rate paydesk's table derives from ecbRates,
// as a decimal string: the peers, which have no rate tables, get the same
// value precomputed.
func crossRate(tb testing.TB) string {
	tb.Helper()
	conv := paydeskConverter(tb)
	r, err := conv.Rates.Rate(context.Background(), "USD", "JPY")
	if err != nil {
		tb.Fatal(err)
	}
	return r.Value.String()
}

// ratios returns the integers rs as decimals.
func ratios(rs ...int64) []decimal.Decimal {
	out := make([]decimal.Decimal, len(rs))
	for i, r := range rs {
		out[i] = decimal.NewFromInt(r)
	}
	return out
}
