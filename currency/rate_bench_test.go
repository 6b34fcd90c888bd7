package currency_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
)

// BenchmarkRateTableCross looks up a cross rate (USD→JPY through EUR, both
// legs quoted EUR→X by the ECB) in a table loaded from the ECB fixture.
func BenchmarkRateTableCross(b *testing.B) {
	table := ecbTable(b)
	ctx := context.Background()
	if _, err := table.Rate(ctx, "USD", "JPY"); err != nil { // derive and cache once
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := table.Rate(ctx, "USD", "JPY"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRateTableCrossParallel is BenchmarkRateTableCross from all
// GOMAXPROCS goroutines at once: readers share no lock.
func BenchmarkRateTableCrossParallel(b *testing.B) {
	table := ecbTable(b)
	ctx := context.Background()
	if _, err := table.Rate(ctx, "USD", "JPY"); err != nil { // derive and cache once
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := table.Rate(ctx, "USD", "JPY"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkConvertCross converts 1234.56 USD to JPY through the EUR cross
// rate (cached, as after the first conversion following a rate update), with
// a staleness check, and rounds half-even to whole yen: the convert-and-round
// path of a payment.
func BenchmarkConvertCross(b *testing.B) {
	table := ecbTable(b)
	ctx := context.Background()
	conv := currency.Converter{Rates: table, MaxAge: 72 * time.Hour, Mode: currency.HalfEven, Now: func() time.Time { return rateDay }}
	a, err := currency.NewAmount("1234.56", "USD")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conv.Convert(ctx, a, "JPY"); err != nil { // derive and cache the rate once
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conv.Convert(ctx, a, "JPY"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertDirect converts EUR to USD with the rate the ECB quotes.
func BenchmarkConvertDirect(b *testing.B) {
	table := ecbTable(b)
	ctx := context.Background()
	conv := currency.Converter{Rates: table, Mode: currency.HalfEven, Now: func() time.Time { return rateDay }}
	a, err := currency.NewAmount("1234.56", "EUR")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conv.Convert(ctx, a, "USD"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRateTableDerive measures a cross rate's first lookup after an
// update: Replace with the ECB's 29 rates, then one USD→JPY lookup.
func BenchmarkRateTableDerive(b *testing.B) {
	data, err := os.ReadFile("testdata/eurofxref-daily.xml")
	if err != nil {
		b.Fatal(err)
	}
	rates, err := currency.ParseECB(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	var table currency.RateTable
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := table.Replace(rates...); err != nil {
			b.Fatal(err)
		}
		if _, err := table.Rate(ctx, "USD", "JPY"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseECB parses the daily ECB file (29 rates).
func BenchmarkParseECB(b *testing.B) {
	data, err := os.ReadFile("testdata/eurofxref-daily.xml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := currency.ParseECB(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertWith converts 1234.56 USD to JPY with a rate the caller
// holds (no lookup) and rounds half-even: the work bojanz/currency's
// Amount.Convert plus RoundTo does.
func BenchmarkConvertWith(b *testing.B) {
	table := ecbTable(b)
	rate, err := table.Rate(context.Background(), "USD", "JPY")
	if err != nil {
		b.Fatal(err)
	}
	conv := currency.Converter{Mode: currency.HalfEven, Now: func() time.Time { return rateDay }}
	a, err := currency.NewAmount("1234.56", "USD")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conv.ConvertWith(a, rate); err != nil {
			b.Fatal(err)
		}
	}
}
