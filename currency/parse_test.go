package currency_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/currency"
)

func TestParseNumber(t *testing.T) {
	// The plain-decimal grammar shared by NewAmount, Parser and JSONDecoder.
	valid := []struct {
		in, want string // want: String() in USD
		exp      int32  // the exponent keeps the written decimals
	}{
		{"12.34", "12.34 USD", -2},
		{"0", "0.00 USD", 0},
		{"-0", "0.00 USD", 0},
		{"+7.25", "7.25 USD", -2},
		{"-0.50", "-0.50 USD", -2},
		{"007.50", "7.50 USD", -2},
		{"000", "0.00 USD", 0},
		{"0.000", "0.00 USD", -3},
		{"12.340", "12.34 USD", -3},
		{"1.2345", "1.2345 USD", -4},
		{"123456789012345678", "123456789012345678.00 USD", 0},
		{"1234567890123456789", "1234567890123456789.00 USD", 0},
		{"-98765432109876543210.123456789", "-98765432109876543210.123456789 USD", -9},
		{"0.000000000000000000000000001", "0.000000000000000000000000001 USD", -27},
		{"00000000000000000000000000000000000001", "1.00 USD", 0},
		{strings.Repeat("9", 100) + "." + strings.Repeat("9", 100), strings.Repeat("9", 100) + "." + strings.Repeat("9", 100) + " USD", -100},
	}
	for _, tt := range valid {
		a, err := currency.NewAmount(tt.in, "USD")
		if err != nil {
			t.Errorf("NewAmount(%q): %v", tt.in, err)
			continue
		}
		if a.String() != tt.want {
			t.Errorf("NewAmount(%q) = %q, want %q", tt.in, a.String(), tt.want)
		}
		if e := a.Number().Exponent(); e != tt.exp {
			t.Errorf("NewAmount(%q) exponent %d, want %d", tt.in, e, tt.exp)
		}
	}

	invalid := []string{
		"", " ", " 1", "1 ", "\t1", "+", "-", "--1", "+-1", "-+1", "1-", "1+",
		".", ".5", "-.5", "5.", "-5.", "1.2.3", "1..2",
		"1e3", "1E3", "1e-3", "0x10", "1_000", "1,000", "1,5", "1 000", "1'000",
		"NaN", "nan", "Inf", "-Inf", "+Inf", "Infinity", "∞",
		"١٢٣", "１２３", "１", "12\u00a034", "12\u200b", "1\x00",
		"$12", "12$", "USD", "12.34 USD",
		strings.Repeat("1", 101),
		"0." + strings.Repeat("1", 101),
		strings.Repeat("0", 300) + "1",
		strings.Repeat("1", 300),
	}
	for _, in := range invalid {
		a, err := currency.NewAmount(in, "USD")
		if !errors.Is(err, currency.ErrInvalidAmount) {
			t.Errorf("NewAmount(%q) = %v, %v; want an invalid amount error", in, a, err)
			continue
		}
		var ia *currency.InvalidAmountError
		if !errors.As(err, &ia) || ia.Reason == "" || len(ia.Input) > 67 {
			t.Errorf("NewAmount(%q) error %#v lacks a reason or a truncated input", in, err)
		}
	}
}

func TestParser(t *testing.T) {
	usd := currency.Parser{Currency: "USD"}
	strict := currency.Parser{Strict: true}
	strictUSD := currency.Parser{Currency: "usd", Strict: true}
	tests := []struct {
		name string
		p    currency.Parser
		in   string
		want string
		err  error
	}{
		{"code first", currency.Parser{}, "USD 12.34", "12.34 USD", nil},
		{"code last", currency.Parser{}, "12.34 USD", "12.34 USD", nil},
		{"no space", currency.Parser{}, "USD12.34", "12.34 USD", nil},
		{"no space after", currency.Parser{}, "12.34USD", "12.34 USD", nil},
		{"lower case", currency.Parser{}, "usd 12.34", "12.34 USD", nil},
		{"mixed case", currency.Parser{}, "12.34 Eur", "12.34 EUR", nil},
		{"surrounding space", currency.Parser{}, "  EUR -3.5\n", "-3.50 EUR", nil},
		{"negative code first", currency.Parser{}, "USD -12.34", "-12.34 USD", nil},
		{"many decimals kept", currency.Parser{}, "USD 12.345", "12.345 USD", nil},
		{"zero decimals", currency.Parser{}, "JPY 1234", "1234 JPY", nil},
		{"no code", currency.Parser{}, "12.34", "", currency.ErrInvalidAmount},
		{"unknown code", currency.Parser{}, "ABC 12.34", "", currency.ErrUnknownCurrency},
		{"two spaces", currency.Parser{}, "USD  12.34", "", currency.ErrInvalidAmount},
		{"code both sides", currency.Parser{}, "USD 12.34 USD", "", currency.ErrInvalidAmount},
		{"code only", currency.Parser{}, "USD", "", currency.ErrInvalidAmount},
		{"empty", currency.Parser{}, "", "", currency.ErrInvalidAmount},
		{"NaN is junk, not a currency", usd, "NaN", "", currency.ErrInvalidAmount},
		{"Inf is junk", usd, "-Inf", "", currency.ErrInvalidAmount},
		{"Infinity is junk", usd, "Infinity", "", currency.ErrInvalidAmount},
		{"exponent", usd, "1e5", "", currency.ErrInvalidAmount},
		{"grouping", usd, "1,000.00", "", currency.ErrInvalidAmount},
		{"symbol", usd, "$12.34", "", currency.ErrInvalidAmount},
		{"default currency", usd, "12.34", "12.34 USD", nil},
		{"default currency, same code", usd, "12.34 usd", "12.34 USD", nil},
		{"default currency, other code", usd, "EUR 12.34", "", currency.ErrCurrencyMismatch},
		{"strict ok", strict, "USD 12.34", "12.34 USD", nil},
		{"strict fewer decimals", strict, "USD 12.3", "12.30 USD", nil},
		{"strict too many", strict, "USD 12.345", "", currency.ErrInvalidAmount},
		{"strict trailing zero counts", strict, "USD 12.340", "", currency.ErrInvalidAmount},
		{"strict JPY", strict, "JPY 12.0", "", currency.ErrInvalidAmount},
		{"strict KWD", strict, "KWD 1.234", "1.234 KWD", nil},
		{"strict lower-case default", strictUSD, "1.99", "1.99 USD", nil},
		{"strict lower-case default, too many", strictUSD, "1.999", "", currency.ErrInvalidAmount},
		{"strict lower-case default, mismatch", strictUSD, "1.99 EUR", "", currency.ErrCurrencyMismatch},
		{"unknown default", currency.Parser{Currency: "ABC"}, "1", "", currency.ErrUnknownCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.p.Parse(tt.in)
			checkErr(t, err, tt.err)
			if tt.err == nil && a.String() != tt.want {
				t.Errorf("Parse(%q) = %q, want %q", tt.in, a.String(), tt.want)
			}
			if tt.err != nil && a != (currency.Amount{}) {
				t.Errorf("Parse(%q) returned %v with an error", tt.in, a)
			}
		})
	}

	_, err := usd.Parse("EUR 1")
	var mm *currency.MismatchError
	if !errors.As(err, &mm) || mm.A != "USD" || mm.B != "EUR" {
		t.Errorf("mismatch error = %#v", err)
	}
}

func TestParserRegistry(t *testing.T) {
	reg, err := currency.NewRegistry(
		currency.Definition{Code: "XAU", Name: "Gold (troy ounce)", Digits: 6},
		currency.Definition{Code: "USD", Digits: 4, Numeric: "840"},
	)
	checkErr(t, err, nil)
	p := currency.Parser{Registry: reg, Strict: true}
	a, err := p.Parse("XAU 1.123456")
	checkErr(t, err, nil)
	if a.String() != "1.123456 XAU" {
		t.Errorf("got %v", a)
	}
	a, err = p.Parse("1.2345 usd")
	checkErr(t, err, nil)
	if a.String() != "1.2345 USD" || a.Currency().Digits() != 4 {
		t.Errorf("override not used: %v (%d digits)", a, a.Currency().Digits())
	}
	// The override is per Registry, never global.
	_, err = currency.Parser{Strict: true}.Parse("1.2345 USD")
	checkErr(t, err, currency.ErrInvalidAmount)
	_, err = currency.ParseAmount("XAU 1")
	checkErr(t, err, currency.ErrUnknownCurrency)
}

func TestParseAmountReadsString(t *testing.T) {
	for _, s := range []string{"0.00 USD", "-12.34 EUR", "1234 JPY", "0.001 KWD", "2.501 USD", "1.0000 CLF"} {
		a, err := currency.ParseAmount(s)
		checkErr(t, err, nil)
		if a.String() != s {
			t.Errorf("ParseAmount(%q).String() = %q", s, a.String())
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	// Parsers, decoders, registries and amounts are shared read-only values:
	// run under -race, this finds any hidden shared state.
	reg, err := currency.NewRegistry(currency.Definition{Code: "XTS", Digits: 3, CashIncrement: "0.005"})
	checkErr(t, err, nil)
	p := currency.Parser{Registry: reg, Strict: true}
	d := currency.JSONDecoder{Registry: reg, AllowNumbers: true}
	shared := amt(t, "100.00", "USD")
	done := make(chan error)
	for g := range 8 {
		go func() {
			for i := range 200 {
				a, err := p.Parse("XTS 1.234")
				if err != nil {
					done <- err
					return
				}
				b, err := a.MarshalJSON()
				if err != nil {
					done <- err
					return
				}
				if _, err := d.Decode(b); err != nil {
					done <- err
					return
				}
				_ = a.RoundCash(currency.HalfEven)
				if _, err := shared.Split(g + 1 + i%5); err != nil {
					done <- err
					return
				}
				_ = shared.String()
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
