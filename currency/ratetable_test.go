package currency_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// rateDay is the reference date of testdata/eurofxref-daily.xml, published at
// 16:00 CET = 15:00 UTC.
var rateDay = time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)

// quote returns a quoted rate for tests.
func rateQuote(from, to, value string, at time.Time, source string) currency.Rate {
	return currency.Rate{From: from, To: to, Value: decimal.RequireFromString(value), Time: at, Source: source}
}

// ecbTable returns a RateTable loaded from the ECB fixture.
func ecbTable(t testing.TB, opts ...currency.RateTableOption) *currency.RateTable {
	t.Helper()
	f, err := os.Open("testdata/eurofxref-daily.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rates, err := currency.ParseECB(f)
	if err != nil {
		t.Fatalf("ParseECB: %v", err)
	}
	table, err := currency.NewRateTable(opts...)
	if err != nil {
		t.Fatalf("NewRateTable: %v", err)
	}
	if err := table.Set(rates...); err != nil {
		t.Fatalf("Set: %v", err)
	}
	return table
}

// pairs returns "FROM/TO" for each rate, in order.
func ratePairs(rates []currency.Rate) []string {
	out := make([]string, len(rates))
	for i, r := range rates {
		out[i] = r.From + "/" + r.To
	}
	return out
}

func TestRateTableAnswers(t *testing.T) {
	table := ecbTable(t)
	ctx := context.Background()
	tests := []struct {
		name, from, to string
		value          string
		chain          []string
	}{
		{"quoted", "EUR", "USD", "1.1572", nil},
		{"quoted lower case", "eur", "jpy", "181.34", nil},
		{"inverse", "USD", "EUR", "0.864154856550293813", []string{"EUR/USD"}},
		{"inverse exact", "GBP", "EUR", "1.13475177304964539", []string{"EUR/GBP"}},
		{"cross", "USD", "JPY", "156.70584168683028", []string{"EUR/USD", "EUR/JPY"}},
		{"cross other way", "GBP", "USD", "1.31313475177304965", []string{"EUR/GBP", "EUR/USD"}},
		{"cross lower case", "usd", "gbp", "0.761536467334946422", []string{"EUR/USD", "EUR/GBP"}},
		{"identity", "CHF", "chf", "1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := table.Rate(ctx, tt.from, tt.to)
			if err != nil {
				t.Fatalf("Rate(%s, %s): %v", tt.from, tt.to, err)
			}
			if !r.Value.Equal(decimal.RequireFromString(tt.value)) || r.Value.String() != tt.value {
				t.Errorf("Value = %s, want %s", r.Value, tt.value)
			}
			if got := ratePairs(r.Chain); !slices.Equal(got, tt.chain) {
				t.Errorf("Chain = %v, want %v", got, tt.chain)
			}
			wantFrom, wantTo := strings.ToUpper(tt.from), strings.ToUpper(tt.to)
			if r.From != wantFrom || r.To != wantTo {
				t.Errorf("pair = %s/%s, want %s/%s", r.From, r.To, wantFrom, wantTo)
			}
			if tt.name == "identity" {
				if !r.Time.IsZero() || r.Source != "" {
					t.Errorf("identity rate has Time %v, Source %q", r.Time, r.Source)
				}
				return
			}
			if !r.Time.Equal(rateDay) || r.Source != "ECB" {
				t.Errorf("Time, Source = %v, %q; want %v, ECB", r.Time, r.Source, rateDay)
			}
		})
	}
}

func TestRateTableNoRate(t *testing.T) {
	table := ecbTable(t)
	ctx := context.Background()
	tests := []struct{ name, from, to string }{
		{"currency not quoted", "USD", "KWD"},
		{"both not quoted", "KWD", "CLP"},
		{"not a code", "US", "EUR"},
		{"unknown code", "EUR", "ABC"},
		{"identity of unknown code", "ABC", "ABC"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := table.Rate(ctx, tt.from, tt.to)
			if !errors.Is(err, currency.ErrNoRate) {
				t.Fatalf("Rate(%q, %q) = %v, %v; want ErrNoRate", tt.from, tt.to, r, err)
			}
			var nre *currency.NoRateError
			if !errors.As(err, &nre) || nre.From == "" && tt.from != "" {
				t.Fatalf("error %v is not a *NoRateError with the pair", err)
			}
		})
	}

	var zero currency.RateTable
	if _, err := zero.Rate(ctx, "EUR", "USD"); !errors.Is(err, currency.ErrNoRate) {
		t.Errorf("zero RateTable: %v, want ErrNoRate", err)
	}
	if rates := zero.Rates(); rates != nil {
		t.Errorf("zero RateTable Rates() = %v", rates)
	}
}

func TestRateTableContext(t *testing.T) {
	table := ecbTable(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := table.Rate(ctx, "USD", "JPY"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Rate with a canceled context: %v", err)
	}
}

func TestRateTablePivots(t *testing.T) {
	ctx := context.Background()
	day := rateDay
	rates := []currency.Rate{
		rateQuote("EUR", "GBP", "0.8", day, "ECB"),
		rateQuote("EUR", "JPY", "160", day, "ECB"),
		rateQuote("USD", "GBP", "0.75", day.Add(-time.Hour), "FED"),
		rateQuote("JPY", "USD", "0.0066", day.Add(time.Hour), "BOJ"),
	}
	tests := []struct {
		name   string
		pivots []string
		from   string
		to     string
		value  string
		chain  []string
		source string
		time   time.Time
	}{
		// GBP→JPY: only EUR joins both.
		{"default EUR", nil, "GBP", "JPY", "200", []string{"EUR/GBP", "EUR/JPY"}, "ECB", day},
		// USD first: GBP→USD (inverse of USD/GBP) then USD→JPY (inverse of JPY/USD).
		{"USD first", []string{"USD", "EUR"}, "GBP", "JPY", "202.02020202020202", []string{"USD/GBP", "JPY/USD"}, "FED+BOJ", day.Add(-time.Hour)},
		{"EUR first", []string{"EUR", "USD"}, "GBP", "JPY", "200", []string{"EUR/GBP", "EUR/JPY"}, "ECB", day},
		// EUR→USD: CHF is not in the table, so GBP joins them.
		{"fallback pivot", []string{"CHF", "GBP"}, "EUR", "USD", "1.06666666666666667", []string{"EUR/GBP", "USD/GBP"}, "ECB+FED", day.Add(-time.Hour)},
		{"JPY before GBP", []string{"JPY", "GBP"}, "EUR", "USD", "1.056", []string{"EUR/JPY", "JPY/USD"}, "ECB+BOJ", day},
		{"pair's own currencies are no pivots", []string{"EUR", "USD"}, "EUR", "USD", "", nil, "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []currency.RateTableOption
			if tt.pivots != nil {
				opts = append(opts, currency.WithPivots(tt.pivots...))
			}
			table, err := currency.NewRateTable(opts...)
			if err != nil {
				t.Fatal(err)
			}
			if err := table.Set(rates...); err != nil {
				t.Fatal(err)
			}
			r, err := table.Rate(ctx, tt.from, tt.to)
			if tt.value == "" {
				if !errors.Is(err, currency.ErrNoRate) {
					t.Fatalf("Rate = %v, %v; want ErrNoRate", r, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Rate: %v", err)
			}
			if r.Value.String() != tt.value {
				t.Errorf("Value = %s, want %s", r.Value, tt.value)
			}
			if got := ratePairs(r.Chain); !slices.Equal(got, tt.chain) {
				t.Errorf("Chain = %v, want %v", got, tt.chain)
			}
			if r.Source != tt.source || !r.Time.Equal(tt.time) {
				t.Errorf("Source, Time = %q, %v; want %q, %v", r.Source, r.Time, tt.source, tt.time)
			}
		})
	}

	t.Run("no shared pivot", func(t *testing.T) {
		table, err := currency.NewRateTable(currency.WithPivots("EUR", "USD"))
		if err != nil {
			t.Fatal(err)
		}
		if err := table.Set(rateQuote("EUR", "GBP", "0.8", day, ""), rateQuote("USD", "JPY", "150", day, "")); err != nil {
			t.Fatal(err)
		}
		if r, err := table.Rate(ctx, "GBP", "JPY"); !errors.Is(err, currency.ErrNoRate) {
			t.Errorf("GBP/JPY through two pivots = %v, %v; want ErrNoRate", r, err)
		}
	})

	t.Run("no pivots", func(t *testing.T) {
		table, err := currency.NewRateTable(currency.WithPivots())
		if err != nil {
			t.Fatal(err)
		}
		if err := table.Set(rates...); err != nil {
			t.Fatal(err)
		}
		if _, err := table.Rate(ctx, "GBP", "JPY"); !errors.Is(err, currency.ErrNoRate) {
			t.Errorf("cross rate without pivots: %v", err)
		}
		if _, err := table.Rate(ctx, "GBP", "EUR"); err != nil {
			t.Errorf("inverse rate without pivots: %v", err)
		}
	})
}

func TestNewRateTableErrors(t *testing.T) {
	tests := []struct {
		name string
		opts []currency.RateTableOption
	}{
		{"unknown pivot", []currency.RateTableOption{currency.WithPivots("EUR", "ABC")}},
		{"repeated pivot", []currency.RateTableOption{currency.WithPivots("EUR", "eur")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if table, err := currency.NewRateTable(tt.opts...); err == nil {
				t.Fatalf("NewRateTable = %v, want an error", table)
			}
		})
	}
}

func TestRateTableSetValidation(t *testing.T) {
	good := rateQuote("EUR", "USD", "1.1", rateDay, "ECB")
	tests := []struct {
		name    string
		rate    currency.Rate
		unknown bool // the error also matches ErrUnknownCurrency
	}{
		{"unknown from", rateQuote("ABC", "USD", "1", rateDay, ""), true},
		{"unknown to", rateQuote("EUR", "U$D", "1", rateDay, ""), true},
		{"same currency", rateQuote("EUR", "eur", "1", rateDay, ""), false},
		{"zero value", rateQuote("EUR", "GBP", "0", rateDay, ""), false},
		{"negative value", rateQuote("EUR", "GBP", "-0.8", rateDay, ""), false},
		{"zero decimal", currency.Rate{From: "EUR", To: "GBP", Time: rateDay}, false},
		{"too small", rateQuote("EUR", "GBP", "1e-40", rateDay, ""), false},
		{"too large", rateQuote("EUR", "GBP", "1e40", rateDay, ""), false},
		{"too many digits", rateQuote("EUR", "GBP", "1.23456789012345678901234567890123456", rateDay, ""), false},
		{"no time", rateQuote("EUR", "GBP", "0.8", time.Time{}, ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := ecbTable(t)
			before := table.Rates()
			err := table.Set(good, tt.rate)
			if !errors.Is(err, currency.ErrInvalidRate) {
				t.Fatalf("Set = %v, want ErrInvalidRate", err)
			}
			var ire *currency.InvalidRateError
			if !errors.As(err, &ire) || ire.Index != 1 || ire.Reason == "" {
				t.Fatalf("error %#v: want an *InvalidRateError for rate 1 with a reason", err)
			}
			if got := errors.Is(err, currency.ErrUnknownCurrency); got != tt.unknown {
				t.Errorf("errors.Is(err, ErrUnknownCurrency) = %v, want %v", got, tt.unknown)
			}
			after := table.Rates()
			if len(after) != len(before) || after[len(after)-1].Value.String() != before[len(before)-1].Value.String() {
				t.Fatalf("a failed Set changed the table")
			}
			r, err := table.Rate(context.Background(), "EUR", "USD")
			if err != nil || r.Value.String() != "1.1572" {
				t.Fatalf("a failed Set changed EUR/USD: %v, %v", r.Value, err)
			}
		})
	}
}

func TestRateTableUpdates(t *testing.T) {
	ctx := context.Background()
	table, err := currency.NewRateTable()
	if err != nil {
		t.Fatal(err)
	}
	mustSet := func(rates ...currency.Rate) {
		t.Helper()
		if err := table.Set(rates...); err != nil {
			t.Fatal(err)
		}
	}
	value := func(from, to string) string {
		t.Helper()
		r, err := table.Rate(ctx, from, to)
		if err != nil {
			t.Fatalf("Rate(%s, %s): %v", from, to, err)
		}
		return r.Value.String()
	}
	mustSet(rateQuote("EUR", "USD", "1.25", rateDay, "ECB"), rateQuote("EUR", "JPY", "150", rateDay, "ECB"))
	if got := value("USD", "JPY"); got != "120" {
		t.Fatalf("USD/JPY = %s, want 120", got)
	}
	if got := value("USD", "EUR"); got != "0.8" {
		t.Fatalf("USD/EUR = %s, want 0.8", got)
	}

	// A newer rate replaces the pair's rate and the cached derived rates.
	mustSet(rateQuote("eur", "usd", "1.5", rateDay.Add(24*time.Hour), "ECB"))
	if got := value("USD", "JPY"); got != "100" {
		t.Errorf("USD/JPY after update = %s, want 100", got)
	}
	if got := value("USD", "EUR"); got != "0.666666666666666667" {
		t.Errorf("USD/EUR after update = %s, want 0.666666666666666667", got)
	}

	// An older rate does not replace a newer one; one of the same time does.
	mustSet(rateQuote("EUR", "USD", "9", rateDay, "ECB"))
	if got := value("EUR", "USD"); got != "1.5" {
		t.Errorf("EUR/USD after an older Set = %s, want 1.5", got)
	}
	mustSet(rateQuote("EUR", "USD", "1.4", rateDay.Add(24*time.Hour), "ECB"))
	if got := value("EUR", "USD"); got != "1.4" {
		t.Errorf("EUR/USD after a correction = %s, want 1.4", got)
	}

	// Within one Set, the newest rate of a pair wins whatever the order.
	mustSet(rateQuote("EUR", "GBP", "0.9", rateDay.Add(48*time.Hour), "ECB"), rateQuote("EUR", "GBP", "0.7", rateDay, "ECB"))
	if got := value("EUR", "GBP"); got != "0.9" {
		t.Errorf("EUR/GBP = %s, want 0.9", got)
	}

	// With both directions quoted, the newer quote answers both: a stale
	// quote for the pair never hides a fresh one for the opposite pair.
	mustSet(rateQuote("USD", "EUR", "0.7", rateDay, "FED"))
	if got := value("USD", "EUR"); got != "0.714285714285714286" {
		t.Errorf("USD/EUR quoted a day before EUR/USD 1.4 = %s, want 1/1.4 = 0.714285714285714286", got)
	}
	if r, err := table.Rate(ctx, "USD", "EUR"); err != nil || !r.Time.Equal(rateDay.Add(24*time.Hour)) || len(r.Chain) != 1 {
		t.Errorf("USD/EUR = %+v, %v: want the inverse of the newer EUR/USD", r, err)
	}
	// A quote at least as new as the opposite one is used as quoted.
	mustSet(rateQuote("USD", "EUR", "0.7", rateDay.Add(24*time.Hour), "FED"))
	if got := value("USD", "EUR"); got != "0.7" {
		t.Errorf("USD/EUR with both directions quoted at one time = %s, want 0.7", got)
	}
	if got := value("EUR", "USD"); got != "1.4" {
		t.Errorf("EUR/USD with both directions quoted at one time = %s, want 1.4", got)
	}
	// Cross-rate legs too: GBP/JPY through EUR uses EUR/GBP 0.9 (48h) even
	// when a stale GBP/EUR is quoted.
	mustSet(rateQuote("GBP", "EUR", "2", rateDay, "BOE"))
	if got := value("GBP", "JPY"); got != "166.666666666666667" {
		t.Errorf("GBP/JPY with a stale GBP/EUR quote = %s, want 150/0.9 = 166.666666666666667", got)
	}

	if got := ratePairs(table.Rates()); !slices.Equal(got, []string{"EUR/GBP", "EUR/JPY", "EUR/USD", "GBP/EUR", "USD/EUR"}) {
		t.Errorf("Rates() = %v", got)
	}

	// Replace drops everything else.
	if err := table.Replace(rateQuote("GBP", "CHF", "1.1", rateDay, "SNB")); err != nil {
		t.Fatal(err)
	}
	if got := ratePairs(table.Rates()); !slices.Equal(got, []string{"GBP/CHF"}) {
		t.Errorf("Rates() after Replace = %v", got)
	}
	if _, err := table.Rate(ctx, "EUR", "USD"); !errors.Is(err, currency.ErrNoRate) {
		t.Errorf("EUR/USD after Replace: %v", err)
	}
	if err := table.Replace(rateQuote("GBP", "GBP", "1", rateDay, "")); !errors.Is(err, currency.ErrInvalidRate) {
		t.Errorf("invalid Replace: %v", err)
	}
	if got := ratePairs(table.Rates()); !slices.Equal(got, []string{"GBP/CHF"}) {
		t.Errorf("Rates() after a failed Replace = %v", got)
	}
}

func TestRateTableReturnsCopies(t *testing.T) {
	ctx := context.Background()
	table := ecbTable(t)
	in := []currency.Rate{rateQuote("EUR", "KWD", "0.35", rateDay, "manual")}
	in[0].Chain = []currency.Rate{rateQuote("EUR", "USD", "1.1572", rateDay, "ECB")}
	if err := table.Set(in...); err != nil {
		t.Fatal(err)
	}
	in[0].Value = decimal.NewFromInt(7) // the caller may reuse its slice
	in[0].Chain[0].To = "XXX"

	for range 2 {
		r, err := table.Rate(ctx, "USD", "JPY")
		if err != nil {
			t.Fatal(err)
		}
		if got := ratePairs(r.Chain); !slices.Equal(got, []string{"EUR/USD", "EUR/JPY"}) {
			t.Fatalf("Chain = %v", got)
		}
		r.Chain[0].From, r.Chain[1].Value = "GBP", decimal.Zero // must not reach the cache

		k, err := table.Rate(ctx, "EUR", "KWD")
		if err != nil {
			t.Fatal(err)
		}
		if k.Value.String() != "0.35" || k.Chain[0].To != "USD" {
			t.Fatalf("EUR/KWD = %s with chain %v: Set kept the caller's memory", k.Value, ratePairs(k.Chain))
		}
		k.Chain[0].To = "CHF"
	}
}

func TestRateTableRegistry(t *testing.T) {
	reg, err := currency.NewRegistry(currency.Definition{Code: "XBT", Name: "Bitcoin", Digits: 8})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rates := []currency.Rate{rateQuote("XBT", "EUR", "80000", rateDay, "exchange"), rateQuote("EUR", "USD", "1.25", rateDay, "ECB")}

	table, err := currency.NewRateTable(currency.WithRegistry(reg))
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Set(rates...); err != nil {
		t.Fatal(err)
	}
	r, err := table.Rate(ctx, "xbt", "USD")
	if err != nil || r.Value.String() != "100000" {
		t.Fatalf("XBT/USD = %v, %v; want 100000", r.Value, err)
	}
	if r, err := table.Rate(ctx, "XBT", "XBT"); err != nil || r.Value.String() != "1" {
		t.Fatalf("XBT/XBT = %v, %v", r.Value, err)
	}

	var iso currency.RateTable // the zero table knows only ISO 4217
	if err := iso.Set(rates...); !errors.Is(err, currency.ErrUnknownCurrency) {
		t.Fatalf("Set of XBT without the registry: %v", err)
	}
}
