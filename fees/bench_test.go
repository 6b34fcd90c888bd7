package fees_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

var benchCountries = []string{"US", "GB", "DE", "FR", "JP", "CN", "IN", "BR", "MX", "CA", "AU", "SG", "NL", "ES", "IT", "PL", "SE", "CH", "KR", "ZA"}

var benchCurrencies = []string{"USD", "EUR", "GBP", "JPY", "CNY"}

// benchSchedule builds a schedule of n rules that differ by operation,
// method, sender country and send currency, with the kinds of components
// real schedules use.
func benchSchedule(tb testing.TB, n int) *fees.Schedule {
	tb.Helper()
	ops := []fees.Operation{fees.Payment, fees.Transfer, fees.Withdrawal, fees.TopUp, fees.Exchange, fees.Refund, fees.Payout}
	methods := []fees.Method{fees.Card, fees.BankTransfer, fees.DirectDebit, fees.Balance, fees.Cash}
	def := fees.Definition{
		Name:     fmt.Sprintf("bench-%d", n),
		Rounding: fees.Rounding{Mode: currency.HalfEven, Scope: fees.PerLine, Received: currency.Down},
	}
	// Walk the combinations so that the request benchmarked below (transfer
	// by bank transfer from US in USD) is among the rules at every size.
	i := 0
	for _, cur := range benchCurrencies {
		for _, from := range benchCountries {
			for _, op := range ops[1:2] {
				for _, m := range methods {
					def.Rules = append(def.Rules, benchRule(i, op, m, from, cur))
					i++
				}
			}
		}
	}
	for k := 0; len(def.Rules) < n; k++ {
		countries := []string{"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "GR", "HU", "IE", "LV", "LT", "LU", "MT", "PT", "RO", "SK", "SI", "NO", "IS", "LI", "AR", "CL", "CO", "PE", "NZ", "TH", "VN", "PH", "ID", "MY", "EG", "NG", "KE", "MA", "TR", "IL", "AE"}
		for _, cur := range benchCurrencies {
			for _, op := range ops {
				if op == fees.Transfer {
					continue
				}
				for _, m := range methods {
					if len(def.Rules) == n {
						break
					}
					def.Rules = append(def.Rules, benchRule(i, op, m, countries[k%len(countries)], cur))
					i++
				}
			}
		}
	}
	def.Rules = def.Rules[:n]
	s, err := fees.New(def)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func benchRule(i int, op fees.Operation, m fees.Method, from, cur string) fees.Rule {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	money := func(v string) fees.Money { return fees.Money{cur: d(v)} }
	return fees.Rule{
		ID: fmt.Sprintf("r%d", i), Operations: []fees.Operation{op}, Methods: []fees.Method{m},
		From: []string{from}, Currencies: []string{cur}, Markup: d("0.5"),
		Components: []fees.Component{
			{Code: "processing", Kind: fees.Percentage, Percent: d("1.9"), Min: money("1"), Max: money("500")},
			{Code: "fixed", Kind: fees.Fixed, Amounts: money("2")},
			{Code: "cross-border", Kind: fees.CrossBorderSurcharge, Percent: d("1")},
		},
	}
}

type benchRates struct{ rate currency.Rate }

func (b benchRates) Rate(_ context.Context, from, to string) (currency.Rate, error) {
	r := b.rate
	r.From, r.To = from, to
	return r, nil
}

func benchQuoter(tb testing.TB, n int) *fees.Quoter {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return &fees.Quoter{
		Schedule: benchSchedule(tb, n),
		Rates:    benchRates{currency.Rate{Value: decimal.RequireFromString("0.9259"), Time: now}},
		Now:      func() time.Time { return now },
	}
}

var benchRequest = fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}

func BenchmarkForward(b *testing.B) {
	q := benchQuoter(b, 200)
	send, _ := currency.NewAmount("1234.56", "USD")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := q.Forward(ctx, benchRequest, send); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForwardRead quotes and reads the figures a client shows: the
// quote builds each currency.Amount on demand.
func BenchmarkForwardRead(b *testing.B) {
	q := benchQuoter(b, 200)
	send, _ := currency.NewAmount("1234.56", "USD")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		quote, err := q.Forward(ctx, benchRequest, send)
		if err != nil {
			b.Fatal(err)
		}
		_, _, _, _ = quote.Fee(), quote.Charged(), quote.Received(), quote.Lines()
	}
}

func BenchmarkInverse(b *testing.B) {
	q := benchQuoter(b, 200)
	want, _ := currency.NewAmount("1000.00", "EUR")
	req := benchRequest
	req.SendCurrency = "USD"
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := q.Inverse(ctx, req, want); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInverseRecipientPays inverts a fee deducted from the amount
// (1%, minimum and maximum, with conversion): the search walks the fee's
// linear pieces instead of solving directly.
func BenchmarkInverseRecipientPays(b *testing.B) {
	s, err := fees.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	q := &fees.Quoter{Schedule: s, Now: func() time.Time { return now },
		Rates: benchRates{currency.Rate{Value: decimal.RequireFromString("7.82"), Time: now}}}
	req := fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "DE", ToCountry: "CN", SendCurrency: "EUR"}
	want, _ := currency.NewAmount("5000.04", "CNY")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := q.Inverse(ctx, req, want); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	q := benchQuoter(b, 200)
	send, _ := currency.NewAmount("1234.56", "USD")
	var options []fees.Request
	for _, m := range []fees.Method{fees.Card, fees.BankTransfer, fees.DirectDebit, fees.Balance, fees.Cash} {
		r := benchRequest
		r.Method = m
		options = append(options, r)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := q.Compare(ctx, fees.SendSide, send, options); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForwardRules shows that the cost of a quote does not grow with
// the number of rules: the index narrows every request to a few candidates.
func BenchmarkForwardRules(b *testing.B) {
	for _, n := range []int{20, 200, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			q := benchQuoter(b, n)
			send, _ := currency.NewAmount("1234.56", "USD")
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := q.Forward(ctx, benchRequest, send); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNew measures validating and compiling a schedule, which checks
// every pair of rules for overlaps (quadratic, but done once per schedule).
func BenchmarkNew(b *testing.B) {
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSchedule(b, n)
			}
		})
	}
}

func BenchmarkExplain(b *testing.B) {
	q := benchQuoter(b, 20)
	send, _ := currency.NewAmount("1234.56", "USD")
	quote, err := q.Forward(context.Background(), benchRequest, send)
	if err != nil {
		b.Fatal(err)
	}
	ex := fees.NewExplainer()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ex.Explain(quote, language.SimplifiedChinese)
	}
}
