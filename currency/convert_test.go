package currency_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// rateFunc adapts a function to a RateSource.
type rateFunc func(ctx context.Context, from, to string) (currency.Rate, error)

func (f rateFunc) Rate(ctx context.Context, from, to string) (currency.Rate, error) {
	return f(ctx, from, to)
}

// fixedNow returns a Now function that always answers at.
func rateNow(at time.Time) func() time.Time { return func() time.Time { return at } }

func TestConverterConvert(t *testing.T) {
	table := ecbTable(t)
	now := rateDay.Add(3 * time.Hour)
	tests := []struct {
		name   string
		amount string // "number CODE"
		to     string
		mode   currency.RoundingMode
		want   string
		chain  []string
	}{
		{"cross half-even", "100.00 USD", "JPY", currency.HalfEven, "15671 JPY", []string{"EUR/USD", "EUR/JPY"}},
		{"cross down", "100.00 USD", "JPY", currency.Down, "15670 JPY", nil},
		{"cross up", "100.00 USD", "JPY", currency.Up, "15671 JPY", nil},
		{"cross floor", "100.00 USD", "JPY", currency.Floor, "15670 JPY", nil},
		{"cross ceiling negative", "-100.00 USD", "JPY", currency.Ceiling, "-15670 JPY", nil},
		{"cross floor negative", "-100.00 USD", "JPY", currency.Floor, "-15671 JPY", nil},
		{"cross half-up negative", "-100.00 USD", "JPY", currency.HalfUp, "-15671 JPY", nil},
		{"direct", "12.34 EUR", "USD", currency.HalfEven, "14.28 USD", []string{}},
		{"inverse", "14.28 USD", "EUR", currency.HalfEven, "12.34 EUR", []string{"EUR/USD"}},
		{"lower-case target", "1 EUR", "jpy", currency.HalfEven, "181 JPY", nil},
		{"zero", "0.00 GBP", "USD", currency.HalfEven, "0.00 USD", nil},
		{"yen to pounds", "1000 JPY", "GBP", currency.HalfEven, "4.86 GBP", nil},
		{"same currency rounds", "12.345 USD", "USD", currency.HalfEven, "12.34 USD", []string{}},
		{"same currency half-up", "12.345 USD", "USD", currency.HalfUp, "12.35 USD", []string{}},
		{"big amount slow path", "123456789012345678901.23 USD", "JPY", currency.HalfEven, "19346400034133049960184 JPY", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := currency.ParseAmount(tt.amount)
			if err != nil {
				t.Fatal(err)
			}
			conv := currency.Converter{Rates: table, MaxAge: 48 * time.Hour, Mode: tt.mode, Now: rateNow(now)}
			c, err := conv.Convert(context.Background(), a, tt.to)
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			if got := c.Result.String(); got != tt.want {
				t.Errorf("Result = %s, want %s", got, tt.want)
			}
			if !c.Source.Equal(a) || c.Mode != tt.mode || !c.At.Equal(now) {
				t.Errorf("Conversion records Source %s, Mode %s, At %v", c.Source, c.Mode, c.At)
			}
			if tt.chain != nil {
				if got := ratePairs(c.Rate.Chain); !slices.Equal(got, tt.chain) {
					t.Errorf("Rate.Chain = %v, want %v", got, tt.chain)
				}
			}
			if c.Rate.From != a.CurrencyCode() || c.Rate.To != c.Result.CurrencyCode() {
				t.Errorf("Rate is %s/%s", c.Rate.From, c.Rate.To)
			}
			// The result is the exact product rounded once.
			exact := c.Unrounded()
			if !exact.Equal(a.Number().Mul(c.Rate.Value)) {
				t.Errorf("Unrounded = %s", exact)
			}
			if diff := exact.Sub(c.Result.Number()).Abs(); diff.GreaterThanOrEqual(decimal.New(1, -int32(c.Result.Currency().Digits()))) {
				t.Errorf("Result %s is %s away from the exact %s", c.Result, diff, exact)
			}
		})
	}
}

func TestConverterIdentity(t *testing.T) {
	now := rateDay
	conv := currency.Converter{MaxAge: time.Minute, Now: rateNow(now)} // no Rates needed
	a, _ := currency.ParseAmount("5.00 CHF")
	c, err := conv.Convert(context.Background(), a, "CHF")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Result.Equal(a) || c.Rate.Value.String() != "1" || !c.Rate.Time.Equal(now) || len(c.Rate.Chain) != 0 {
		t.Errorf("identity conversion = %+v", c)
	}
}

func TestConverterStale(t *testing.T) {
	table := ecbTable(t)
	a, _ := currency.ParseAmount("10.00 USD")
	tests := []struct {
		name   string
		now    time.Time
		maxAge time.Duration
		stale  bool
	}{
		{"fresh", rateDay.Add(time.Hour), 24 * time.Hour, false},
		{"exactly max age", rateDay.Add(24 * time.Hour), 24 * time.Hour, false},
		{"a nanosecond too old", rateDay.Add(24*time.Hour + 1), 24 * time.Hour, true},
		{"weekend", rateDay.Add(72 * time.Hour), 24 * time.Hour, true},
		{"no limit", rateDay.AddDate(5, 0, 0), -1, false},
		// The default (zero MaxAge) is DefaultMaxRateAge: a daily reference
		// rate lasts over a weekend, a year-old one is refused.
		{"default, Friday's rate on Monday afternoon", rateDay.Add(72 * time.Hour), 0, false},
		{"default, just within", rateDay.Add(currency.DefaultMaxRateAge), 0, false},
		{"default, just past", rateDay.Add(currency.DefaultMaxRateAge + 1), 0, true},
		{"default, a year old", rateDay.AddDate(1, 0, 0), 0, true},
		{"rate from the future", rateDay.Add(-time.Hour), time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conv := currency.Converter{Rates: table, MaxAge: tt.maxAge, Mode: currency.HalfEven, Now: rateNow(tt.now)}
			c, err := conv.Convert(context.Background(), a, "JPY")
			if !tt.stale {
				if err != nil {
					t.Fatalf("Convert: %v", err)
				}
				return
			}
			if !errors.Is(err, currency.ErrStaleRate) {
				t.Fatalf("Convert = %v, %v; want ErrStaleRate", c, err)
			}
			var se *currency.StaleRateError
			if !errors.As(err, &se) {
				t.Fatalf("%v is not a *StaleRateError", err)
			}
			max := tt.maxAge
			if max == 0 {
				max = currency.DefaultMaxRateAge
			}
			want := currency.StaleRateError{From: "USD", To: "JPY", Time: rateDay, Age: tt.now.Sub(rateDay), MaxAge: max}
			if se.From != want.From || se.To != want.To || !se.Time.Equal(want.Time) || se.Age != want.Age || se.MaxAge != want.MaxAge {
				t.Errorf("StaleRateError = %+v, want %+v", *se, want)
			}
			if !strings.HasPrefix(err.Error(), "currency: stale exchange rate from USD to JPY") {
				t.Errorf("message %q", err)
			}
		})
	}
}

var errProviderDown = errors.New("provider down")

func TestConverterErrors(t *testing.T) {
	table := ecbTable(t)
	usd, _ := currency.ParseAmount("10.00 USD")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	wrongPair := rateFunc(func(ctx context.Context, from, to string) (currency.Rate, error) {
		return rateQuote("EUR", to, "1.1", rateDay, "bad"), nil
	})
	zeroRate := rateFunc(func(ctx context.Context, from, to string) (currency.Rate, error) {
		return rateQuote(from, to, "0", rateDay, "bad"), nil
	})
	failing := rateFunc(func(ctx context.Context, from, to string) (currency.Rate, error) {
		return currency.Rate{}, errProviderDown
	})
	tests := []struct {
		name   string
		conv   currency.Converter
		ctx    context.Context
		amount currency.Amount
		to     string
		is     error // nil: any error
	}{
		{"unknown target", currency.Converter{Rates: table}, context.Background(), usd, "ABC", currency.ErrUnknownCurrency},
		{"no rate", currency.Converter{Rates: table}, context.Background(), usd, "KWD", currency.ErrNoRate},
		{"no rate source", currency.Converter{}, context.Background(), usd, "EUR", currency.ErrNoRate},
		{"zero amount", currency.Converter{Rates: table}, context.Background(), currency.Amount{}, "EUR", currency.ErrUnknownCurrency},
		{"canceled", currency.Converter{Rates: table}, canceled, usd, "EUR", context.Canceled},
		{"invalid mode", currency.Converter{Rates: table, Mode: currency.RoundingMode(42)}, context.Background(), usd, "EUR", nil},
		{"source answers another pair", currency.Converter{Rates: wrongPair}, context.Background(), usd, "JPY", currency.ErrInvalidRate},
		{"source answers zero", currency.Converter{Rates: zeroRate}, context.Background(), usd, "JPY", currency.ErrInvalidRate},
		{"source fails", currency.Converter{Rates: failing}, context.Background(), usd, "JPY", errProviderDown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.conv.Convert(tt.ctx, tt.amount, tt.to)
			if err == nil {
				t.Fatalf("Convert = %+v, want an error", c)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("Convert error %v, want %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), "currency: ") && !errors.Is(err, context.Canceled) {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
}

func TestConverterConvertWith(t *testing.T) {
	table := ecbTable(t)
	ctx := context.Background()
	a, _ := currency.ParseAmount("250.00 GBP")
	conv := currency.Converter{Rates: table, MaxAge: 24 * time.Hour, Mode: currency.HalfEven, Now: rateNow(rateDay)}
	first, err := conv.Convert(ctx, a, "USD")
	if err != nil {
		t.Fatal(err)
	}
	// A dispute a year later recomputes the receipt from its recorded rate.
	later := currency.Converter{Mode: first.Mode, MaxAge: -1, Now: rateNow(rateDay.AddDate(1, 0, 0))}
	again, err := later.ConvertWith(first.Source, first.Rate)
	if err != nil {
		t.Fatal(err)
	}
	// The default limit refuses the year-old rate.
	if _, err := (currency.Converter{Mode: first.Mode, Now: rateNow(rateDay.AddDate(1, 0, 0))}).ConvertWith(first.Source, first.Rate); !errors.Is(err, currency.ErrStaleRate) {
		t.Errorf("ConvertWith a year-old rate and the default MaxAge: %v, want ErrStaleRate", err)
	}
	if !again.Result.Equal(first.Result) {
		t.Errorf("recomputed %s, first %s", again.Result, first.Result)
	}
	// With a MaxAge, the old rate is refused.
	later.MaxAge = 24 * time.Hour
	if _, err := later.ConvertWith(first.Source, first.Rate); !errors.Is(err, currency.ErrStaleRate) {
		t.Errorf("ConvertWith an old rate: %v, want ErrStaleRate", err)
	}

	ties := []struct {
		mode currency.RoundingMode
		want string
	}{
		{currency.HalfEven, "0.02"}, {currency.HalfUp, "0.03"}, {currency.Up, "0.03"},
		{currency.Down, "0.02"}, {currency.Ceiling, "0.03"}, {currency.Floor, "0.02"},
	}
	tie, _ := currency.ParseAmount("0.05 EUR")
	for _, tt := range ties {
		c, err := currency.Converter{Mode: tt.mode, MaxAge: -1}.ConvertWith(tie, rateQuote("EUR", "USD", "0.5", rateDay, "test"))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Result.Number().StringFixed(2); got != tt.want {
			t.Errorf("0.05 × 0.5 with %s = %s, want %s", tt.mode, got, tt.want)
		}
	}

	// The record names the pair in upper case, as Convert's do.
	c, err := currency.Converter{MaxAge: -1}.ConvertWith(tie, rateQuote("eur", "usd", "0.5", rateDay, "test"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rate.From != "EUR" || c.Rate.To != "USD" {
		t.Errorf("ConvertWith(eur/usd) records the rate as %s/%s, want EUR/USD", c.Rate.From, c.Rate.To)
	}

	bad := []currency.Rate{
		rateQuote("USD", "JPY", "150", rateDay, ""),  // not from EUR
		rateQuote("EUR", "ABC", "1", rateDay, ""),    // unknown target
		rateQuote("EUR", "USD", "-1.1", rateDay, ""), // negative
	}
	for _, r := range bad {
		if _, err := (currency.Converter{}).ConvertWith(tie, r); !errors.Is(err, currency.ErrInvalidRate) {
			t.Errorf("ConvertWith(%s/%s %s) = %v, want ErrInvalidRate", r.From, r.To, r.Value, err)
		}
	}
}

func TestConversionJSON(t *testing.T) {
	table := ecbTable(t)
	a, _ := currency.ParseAmount("100.00 USD")
	at := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	c, err := currency.Converter{Rates: table, Mode: currency.HalfEven, Now: rateNow(at)}.Convert(context.Background(), a, "JPY")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"source":{"amount":"100.00","currency":"USD"}`,
		`"result":{"amount":"15671","currency":"JPY"}`,
		`"value":"156.70584168683028"`,
		`"chain":[{"from":"EUR","to":"USD","value":"1.1572","time":"2026-11-24T15:00:00Z","source":"ECB"}`,
		`"rounding":"half-even"`,
		`"at":"2026-11-25T09:30:00Z"`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s\nlacks %s", b, want)
		}
	}
	var back currency.Conversion
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Result.Equal(c.Result) || !back.Source.Equal(c.Source) || !back.Rate.Value.Equal(c.Rate.Value) ||
		back.Mode != c.Mode || !back.At.Equal(c.At) || !slices.Equal(ratePairs(back.Rate.Chain), ratePairs(c.Rate.Chain)) {
		t.Errorf("round trip: %+v, want %+v", back, c)
	}
}
