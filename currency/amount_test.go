package currency_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

func TestNewAmount(t *testing.T) {
	tests := []struct {
		number, code string
		want         string // String() of the result
		err          error
	}{
		{"12.34", "USD", "12.34 USD", nil},
		{"12.34", "usd", "12.34 USD", nil},
		{"2.5", "USD", "2.50 USD", nil},
		{"-0.5", "EUR", "-0.50 EUR", nil},
		{"100", "JPY", "100 JPY", nil},
		{"1.2345", "USD", "1.2345 USD", nil},
		{"0.001", "KWD", "0.001 KWD", nil},
		{"12.34", "XYZ", "", currency.ErrUnknownCurrency},
		{"12.34", "", "", currency.ErrUnknownCurrency},
		{"1e3", "USD", "", currency.ErrInvalidAmount},
		{"12,34", "USD", "", currency.ErrInvalidAmount},
		{"", "USD", "", currency.ErrInvalidAmount},
		{"USD 12.34", "USD", "", currency.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.number+"/"+tt.code, func(t *testing.T) {
			a, err := currency.NewAmount(tt.number, tt.code)
			checkErr(t, err, tt.err)
			if tt.err != nil {
				if a != (currency.Amount{}) {
					t.Errorf("on error got %v, want the zero Amount", a)
				}
				return
			}
			if got := a.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewAmountFromMinor(t *testing.T) {
	tests := []struct {
		minor int64
		code  string
		want  string
	}{
		{1234, "USD", "12.34 USD"},
		{-5, "USD", "-0.05 USD"},
		{0, "EUR", "0.00 EUR"},
		{1234, "JPY", "1234 JPY"},
		{1234, "KWD", "1.234 KWD"},
		{math.MaxInt64, "USD", "92233720368547758.07 USD"},
		{math.MinInt64, "USD", "-92233720368547758.08 USD"},
	}
	for _, tt := range tests {
		a, err := currency.NewAmountFromMinor(tt.minor, tt.code)
		checkErr(t, err, nil)
		if got := a.String(); got != tt.want {
			t.Errorf("NewAmountFromMinor(%d, %s) = %q, want %q", tt.minor, tt.code, got, tt.want)
		}
		got, err := a.MinorUnits()
		checkErr(t, err, nil)
		if got != tt.minor {
			t.Errorf("MinorUnits round trip: %d, want %d", got, tt.minor)
		}
	}
	_, err := currency.NewAmountFromMinor(1, "ABC")
	var unknown *currency.UnknownCurrencyError
	if !errors.As(err, &unknown) || unknown.Code != "ABC" {
		t.Errorf("error = %v, want an *UnknownCurrencyError for ABC", err)
	}
}

func TestNewAmountFromDecimal(t *testing.T) {
	a, err := currency.NewAmountFromDecimal(dec(t, "3.5"), "EUR")
	checkErr(t, err, nil)
	if a.String() != "3.50 EUR" {
		t.Errorf("got %v", a)
	}
	_, err = currency.NewAmountFromDecimal(dec(t, "3.5"), "EURO")
	checkErr(t, err, currency.ErrUnknownCurrency)
}

func TestArithmetic(t *testing.T) {
	a, b := amt(t, "10.50", "USD"), amt(t, "0.75", "USD")
	sum, err := a.Add(b)
	checkErr(t, err, nil)
	diff, err := b.Sub(a)
	checkErr(t, err, nil)
	c1, err := a.Cmp(b)
	checkErr(t, err, nil)
	c2, err := b.Cmp(a)
	checkErr(t, err, nil)
	c3, err := a.Cmp(amt(t, "10.5", "USD"))
	checkErr(t, err, nil)

	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Add", sum.String(), "11.25 USD"},
		{"Sub", diff.String(), "-9.75 USD"},
		{"Neg", a.Neg().String(), "-10.50 USD"},
		{"Abs", diff.Abs().String(), "9.75 USD"},
		{"Mul", a.Mul(dec(t, "3")).String(), "31.50 USD"},
		{"Mul is exact", a.Mul(dec(t, "0.125")).String(), "1.3125 USD"},
		{"Cmp greater", c1, 1},
		{"Cmp less", c2, -1},
		{"Cmp equal", c3, 0},
		{"Equal ignores trailing zeros", a.Equal(amt(t, "10.5000", "USD")), true},
		{"Equal needs the same currency", a.Equal(amt(t, "10.50", "EUR")), false},
		{"IsNegative", diff.IsNegative(), true},
		{"IsPositive", diff.IsPositive(), false},
		{"Sign negative", diff.Sign(), -1},
		{"Sign positive", a.Sign(), 1},
		{"Zero IsZero", lookup(t, "USD").Zero().IsZero(), true},
		{"Zero Sign", lookup(t, "USD").Zero().Sign(), 0},
		{"zero Amount IsZero", currency.Amount{}.IsZero(), true},
		{"CurrencyCode", a.CurrencyCode(), "USD"},
		{"Currency", a.Currency().Code(), "USD"},
		{"Number", a.Number().String(), "10.5"},
		{"Currency.Amount", lookup(t, "EUR").Amount(dec(t, "1.5")).String(), "1.50 EUR"},
		{"Currency.FromMinor", lookup(t, "KWD").FromMinor(-1).String(), "-0.001 KWD"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestMismatch(t *testing.T) {
	usd, eur := amt(t, "1.00", "USD"), amt(t, "1.00", "EUR")
	ops := map[string]func() error{
		"Add": func() error { _, err := usd.Add(eur); return err },
		"Sub": func() error { _, err := usd.Sub(eur); return err },
		"Cmp": func() error { _, err := usd.Cmp(eur); return err },
		"zero Amount": func() error {
			_, err := usd.Add(currency.Amount{})
			return err
		},
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			err := op()
			checkErr(t, err, currency.ErrCurrencyMismatch)
			var mm *currency.MismatchError
			if !errors.As(err, &mm) || mm.A != "USD" {
				t.Errorf("error = %#v, want a *MismatchError starting with USD", err)
			}
			if !strings.HasPrefix(err.Error(), "currency: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
}

func TestDiv(t *testing.T) {
	tests := []struct {
		a, code, by string
		mode        currency.RoundingMode
		want        string
	}{
		{"10.00", "USD", "3", currency.HalfUp, "3.33"},
		{"10.00", "USD", "3", currency.Up, "3.34"},
		{"-10.00", "USD", "3", currency.Up, "-3.34"},
		{"-10.00", "USD", "3", currency.Ceiling, "-3.33"},
		{"-10.00", "USD", "3", currency.Floor, "-3.34"},
		{"10.00", "USD", "-3", currency.Floor, "-3.34"},
		{"10.00", "USD", "-3", currency.Down, "-3.33"},
		{"0.05", "USD", "2", currency.HalfUp, "0.03"},
		{"0.05", "USD", "2", currency.HalfEven, "0.02"},
		{"0.07", "USD", "2", currency.HalfEven, "0.04"},
		{"-0.05", "USD", "2", currency.HalfEven, "-0.02"},
		{"-0.05", "USD", "2", currency.HalfUp, "-0.03"},
		{"-0.05", "USD", "-2", currency.HalfUp, "0.03"},
		{"1", "USD", "0.0000000000000000000000000003", currency.Down, "3333333333333333333333333333.33"},
		// Ties and near-ties beyond 16 digits, where a rounded quotient
		// (shopspring's Div) would decide wrongly.
		{"0.0100000000000000000000000001", "USD", "2", currency.HalfEven, "0.01"},
		{"0.0099999999999999999999999999", "USD", "2", currency.HalfUp, "0.00"},
		{"0.0300000000000000000000000000", "USD", "2", currency.HalfEven, "0.02"},
		{"100", "JPY", "7", currency.HalfUp, "14"},
		{"100", "JPY", "8", currency.HalfEven, "12"},
		{"100", "JPY", "8", currency.HalfUp, "13"},
		{"1.000", "KWD", "3", currency.Ceiling, "0.334"},
		{"12.34", "USD", "1", currency.HalfUp, "12.34"},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.by+"/"+tt.mode.String(), func(t *testing.T) {
			got, err := amt(t, tt.a, tt.code).Div(dec(t, tt.by), tt.mode)
			checkErr(t, err, nil)
			if want := tt.want + " " + tt.code; got.String() != want {
				t.Errorf("got %v, want %s", got, want)
			}
		})
	}

	_, err := amt(t, "1", "USD").Div(decimal.Zero, currency.HalfUp)
	checkErr(t, err, currency.ErrDivisionByZero)
	_, err = amt(t, "1", "USD").Div(decimal.New(1, -100000), currency.HalfUp)
	checkErr(t, err, currency.ErrOverflow) // refused, not computed
}

func TestMinorUnits(t *testing.T) {
	tests := []struct {
		a, code string
		want    int64
		err     error
	}{
		{"12.34", "USD", 1234, nil},
		{"12.3", "USD", 1230, nil},
		{"12.340", "USD", 1234, nil}, // trailing zeros are not extra decimals
		{"-0.01", "USD", -1, nil},
		{"0", "USD", 0, nil},
		{"1234", "JPY", 1234, nil},
		{"1.234", "KWD", 1234, nil},
		{"92233720368547758.07", "USD", math.MaxInt64, nil},
		{"-92233720368547758.08", "USD", math.MinInt64, nil},
		{"92233720368547758.070", "USD", math.MaxInt64, nil},
		{"92233720368547758.08", "USD", 0, currency.ErrOverflow},
		{"-92233720368547758.09", "USD", 0, currency.ErrOverflow},
		{"100000000000000000000000000000", "JPY", 0, currency.ErrOverflow},
		{"12.345", "USD", 0, currency.ErrInvalidAmount},
		{"1.5", "JPY", 0, currency.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.code, func(t *testing.T) {
			got, err := amt(t, tt.a, tt.code).MinorUnits()
			checkErr(t, err, tt.err)
			if got != tt.want {
				t.Errorf("MinorUnits() = %d, want %d", got, tt.want)
			}
		})
	}

	// Amounts built from decimals with positive exponents.
	usd := lookup(t, "USD")
	for _, tt := range []struct {
		d    decimal.Decimal
		want int64
		err  error
	}{
		{decimal.New(1, 40), 0, currency.ErrOverflow},
		{decimal.New(0, 40), 0, nil},
		{decimal.New(9, 16), 9e18, nil},
		{decimal.New(-9, 16), -9e18, nil},
		{decimal.New(10, 16), 0, currency.ErrOverflow},
	} {
		got, err := usd.Amount(tt.d).MinorUnits()
		checkErr(t, err, tt.err)
		if got != tt.want {
			t.Errorf("MinorUnits(%s) = %d, want %d", tt.d, got, tt.want)
		}
	}
}

func TestIsRounded(t *testing.T) {
	tests := []struct {
		a, code string
		want    bool
	}{
		{"12.34", "USD", true},
		{"12.3400", "USD", true},
		{"12", "USD", true},
		{"12.345", "USD", false},
		{"0.5", "JPY", false},
		{"0.050", "KWD", true},
	}
	for _, tt := range tests {
		if got := amt(t, tt.a, tt.code).IsRounded(); got != tt.want {
			t.Errorf("%s %s IsRounded() = %v, want %v", tt.a, tt.code, got, tt.want)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		a    currency.Amount
		want string
	}{
		{amt(t, "2.5", "USD"), "2.50 USD"},
		{amt(t, "2.5000", "USD"), "2.50 USD"},
		{amt(t, "2.5010", "USD"), "2.501 USD"},
		{amt(t, "-0", "USD"), "0.00 USD"},
		{amt(t, "100", "JPY"), "100 JPY"},
		{amt(t, "100.000", "JPY"), "100 JPY"},
		{amt(t, "1", "KWD"), "1.000 KWD"},
		{amt(t, "123456789012345678901234567890.1", "EUR"), "123456789012345678901234567890.10 EUR"},
		{amt(t, "0.1000000000000000000000000000000000000000", "EUR"), "0.10 EUR"},
		{amt(t, "2.5", "USD").Mul(decimal.New(1, 30)), "2500000000000000000000000000000.00 USD"},
		{currency.Amount{}, "0"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestOperandsUnchanged(t *testing.T) {
	// Amounts are values: operations never modify their operands.
	a, b := amt(t, "1.25", "USD"), amt(t, "2.50", "USD")
	_, _ = a.Add(b)
	_ = a.Neg()
	_ = a.Round(currency.HalfEven)
	_ = a.RoundCash(currency.HalfEven)
	_, _ = a.Div(dec(t, "3"), currency.HalfEven)
	_, _ = a.Split(3)
	_, _ = a.Allocate(dec(t, "1"), dec(t, "2"))
	if a.String() != "1.25 USD" || b.String() != "2.50 USD" {
		t.Errorf("operands changed: %v, %v", a, b)
	}
	if !a.Number().Equal(dec(t, "1.25")) || a.Number().Exponent() != -2 {
		t.Errorf("number changed: %s", a.Number())
	}
}
