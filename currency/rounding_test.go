package currency_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/paydesk/paydesk/currency"
)

var allModes = []currency.RoundingMode{
	currency.HalfUp, currency.HalfEven, currency.Up, currency.Down, currency.Ceiling, currency.Floor,
}

func TestRound(t *testing.T) {
	// Each row rounds one USD value to cents with every mode, in the order
	// HalfUp, HalfEven, Up, Down, Ceiling, Floor.
	tests := []struct {
		in   string
		want [6]string
	}{
		{"1.005", [6]string{"1.01", "1.00", "1.01", "1.00", "1.01", "1.00"}},
		{"1.015", [6]string{"1.02", "1.02", "1.02", "1.01", "1.02", "1.01"}},
		{"-1.005", [6]string{"-1.01", "-1.00", "-1.01", "-1.00", "-1.00", "-1.01"}},
		{"-1.015", [6]string{"-1.02", "-1.02", "-1.02", "-1.01", "-1.01", "-1.02"}},
		{"2.345", [6]string{"2.35", "2.34", "2.35", "2.34", "2.35", "2.34"}},
		{"2.3450000001", [6]string{"2.35", "2.35", "2.35", "2.34", "2.35", "2.34"}},
		{"2.3449999999", [6]string{"2.34", "2.34", "2.35", "2.34", "2.35", "2.34"}},
		{"-2.3450000001", [6]string{"-2.35", "-2.35", "-2.35", "-2.34", "-2.34", "-2.35"}},
		{"-2.3449999999", [6]string{"-2.34", "-2.34", "-2.35", "-2.34", "-2.34", "-2.35"}},
		{"0.001", [6]string{"0.00", "0.00", "0.01", "0.00", "0.01", "0.00"}},
		{"-0.001", [6]string{"0.00", "0.00", "-0.01", "0.00", "0.00", "-0.01"}},
		{"0.009", [6]string{"0.01", "0.01", "0.01", "0.00", "0.01", "0.00"}},
		{"-0.009", [6]string{"-0.01", "-0.01", "-0.01", "0.00", "0.00", "-0.01"}},
		{"-0.005", [6]string{"-0.01", "0.00", "-0.01", "0.00", "0.00", "-0.01"}},
		{"9.995", [6]string{"10.00", "10.00", "10.00", "9.99", "10.00", "9.99"}},
		{"-9.995", [6]string{"-10.00", "-10.00", "-10.00", "-9.99", "-9.99", "-10.00"}},
		{"12.34", [6]string{"12.34", "12.34", "12.34", "12.34", "12.34", "12.34"}},
		{"-12.3", [6]string{"-12.30", "-12.30", "-12.30", "-12.30", "-12.30", "-12.30"}},
		{"12345678901234567890.125", [6]string{"12345678901234567890.13", "12345678901234567890.12", "12345678901234567890.13", "12345678901234567890.12", "12345678901234567890.13", "12345678901234567890.12"}},
	}
	for _, tt := range tests {
		a := amt(t, tt.in, "USD")
		for i, mode := range allModes {
			got := a.Round(mode)
			if want := tt.want[i] + " USD"; got.String() != want {
				t.Errorf("%s.Round(%v) = %v, want %s", tt.in, mode, got, want)
			}
			if !got.IsRounded() {
				t.Errorf("%s.Round(%v) = %v is not rounded", tt.in, mode, got)
			}
		}
	}
}

func TestRoundZeroDigitsAndRoundTo(t *testing.T) {
	const own = 99
	tests := []struct {
		in, code string
		places   int32 // own: the currency's own digits
		mode     currency.RoundingMode
		want     string
	}{
		{"2.5", "JPY", own, currency.HalfUp, "3 JPY"},
		{"2.5", "JPY", own, currency.HalfEven, "2 JPY"},
		{"3.5", "JPY", own, currency.HalfEven, "4 JPY"},
		{"-2.5", "JPY", own, currency.HalfEven, "-2 JPY"},
		{"-2.5", "JPY", own, currency.HalfUp, "-3 JPY"},
		{"1.0005", "KWD", own, currency.HalfEven, "1.000 KWD"},
		{"1.0015", "KWD", own, currency.HalfEven, "1.002 KWD"},
		{"1.23456", "CLF", own, currency.Down, "1.2345 CLF"},
		{"1.23456", "USD", 4, currency.HalfUp, "1.2346 USD"},
		{"1.23456", "USD", 0, currency.Floor, "1.00 USD"},
		{"-1.23456", "USD", 0, currency.Floor, "-2.00 USD"},
		{"1234.5", "USD", -2, currency.HalfUp, "1200.00 USD"},
	}
	for _, tt := range tests {
		a := amt(t, tt.in, tt.code)
		var got currency.Amount
		if tt.places == own {
			got = a.Round(tt.mode)
		} else {
			got = a.RoundTo(tt.places, tt.mode)
		}
		if got.String() != tt.want {
			t.Errorf("%s %s rounded to %d with %v = %v, want %s", tt.in, tt.code, tt.places, tt.mode, got, tt.want)
		}
	}
}

func TestRoundCash(t *testing.T) {
	tests := []struct {
		in, code string
		mode     currency.RoundingMode
		want     string
	}{
		{"1.02", "CHF", currency.HalfUp, "1.00 CHF"},
		{"1.025", "CHF", currency.HalfUp, "1.05 CHF"},
		{"1.025", "CHF", currency.HalfEven, "1.00 CHF"}, // 20.5 steps → 20
		{"1.075", "CHF", currency.HalfEven, "1.10 CHF"}, // 21.5 steps → 22
		{"1.03", "CHF", currency.HalfUp, "1.05 CHF"},
		{"1.01", "CHF", currency.Up, "1.05 CHF"},
		{"1.04", "CHF", currency.Down, "1.00 CHF"},
		{"-1.01", "CHF", currency.Ceiling, "-1.00 CHF"},
		{"-1.01", "CHF", currency.Floor, "-1.05 CHF"},
		{"-1.025", "CHF", currency.HalfUp, "-1.05 CHF"},
		{"-1.07", "CHF", currency.HalfEven, "-1.05 CHF"},
		{"1.05", "CHF", currency.Up, "1.05 CHF"},
		// Near-ties far beyond shopspring's 16-digit division precision.
		{"0.07499999999999999999999", "CHF", currency.HalfUp, "0.05 CHF"},
		{"0.09999999999999999999999", "CHF", currency.Down, "0.05 CHF"},
		{"-0.07499999999999999999999", "CHF", currency.HalfUp, "-0.05 CHF"},
		{"0.05000000000000000000001", "CHF", currency.Down, "0.05 CHF"},
		{"0.05000000000000000000001", "CHF", currency.Up, "0.10 CHF"},
		{"12.49", "SEK", currency.HalfUp, "12.00 SEK"},
		{"12.50", "SEK", currency.HalfUp, "13.00 SEK"},
		{"12.50", "SEK", currency.HalfEven, "12.00 SEK"},
		{"-12.50", "SEK", currency.HalfUp, "-13.00 SEK"},
		{"12.01", "NOK", currency.Ceiling, "13.00 NOK"},
		{"12.99", "HUF", currency.Down, "10.00 HUF"}, // CLDR 48: cash to 5 Ft
		{"12.25", "DKK", currency.HalfUp, "12.50 DKK"},
		{"12.24", "DKK", currency.HalfUp, "12.00 DKK"},
		{"12.34", "USD", currency.HalfUp, "12.34 USD"},
		{"12.345", "USD", currency.HalfEven, "12.34 USD"},
	}
	for _, tt := range tests {
		got := amt(t, tt.in, tt.code).RoundCash(tt.mode)
		if got.String() != tt.want {
			t.Errorf("%s %s RoundCash(%v) = %v, want %s", tt.in, tt.code, tt.mode, got, tt.want)
		}
	}
	if got := (currency.Amount{}).RoundCash(currency.HalfUp); got != (currency.Amount{}) {
		t.Errorf("zero Amount RoundCash = %v", got)
	}
}

func TestRoundingModeText(t *testing.T) {
	names := []string{"half-up", "half-even", "up", "down", "ceiling", "floor"}
	for i, mode := range allModes {
		if mode.String() != names[i] {
			t.Errorf("%d.String() = %q, want %q", mode, mode.String(), names[i])
		}
		got, err := currency.ParseRoundingMode(names[i])
		checkErr(t, err, nil)
		if got != mode {
			t.Errorf("ParseRoundingMode(%q) = %v", names[i], got)
		}
		b, err := json.Marshal(struct{ M currency.RoundingMode }{mode})
		checkErr(t, err, nil)
		var back struct{ M currency.RoundingMode }
		checkErr(t, json.Unmarshal(b, &back), nil)
		if back.M != mode {
			t.Errorf("JSON round trip of %v gave %v (%s)", mode, back.M, b)
		}
	}
	for _, bad := range []string{"", "HALF-UP", "halfup", "nearest"} {
		if _, err := currency.ParseRoundingMode(bad); !errors.Is(err, currency.ErrUnknownRoundingMode) {
			t.Errorf("ParseRoundingMode(%q): error %v", bad, err)
		}
	}
	invalid := currency.RoundingMode(42)
	if invalid.String() != "RoundingMode(42)" {
		t.Errorf("String() = %q", invalid.String())
	}
	if _, err := invalid.MarshalText(); !errors.Is(err, currency.ErrUnknownRoundingMode) {
		t.Error("MarshalText of an invalid mode succeeded")
	}
	m := currency.Floor
	if err := m.UnmarshalText([]byte("sideways")); err == nil || m != currency.Floor {
		t.Errorf("UnmarshalText of a bad name: err %v, mode changed to %v", err, m)
	}
}

func TestCashIncrementDefinitions(t *testing.T) {
	tests := []struct {
		inc     string
		digits  int
		want    string // CashIncrement(), or "" for an error
		in, out string // a RoundCash(HalfUp) example
	}{
		{"0.05", 2, "0.05", "1.025", "1.05"},
		{"0.050", 2, "0.05", "1.074", "1.05"},
		{"0.25", 2, "0.25", "1.13", "1.25"},
		{"1", 2, "1", "1.50", "2.00"},
		{"10", 2, "10", "14.99", "10.00"},
		{"0.5", 0, "", "", ""},   // finer than the minor unit
		{"0.001", 2, "", "", ""}, // finer than the minor unit
		{"0", 2, "", "", ""},
		{"1e-2", 2, "", "", ""},
		{"10000000000000000000", 2, "", "", ""}, // absurdly large
	}
	for _, tt := range tests {
		reg, err := currency.NewRegistry(currency.Definition{Code: "XTS", Digits: tt.digits, CashIncrement: tt.inc})
		if tt.want == "" {
			if !errors.Is(err, currency.ErrInvalidDefinition) {
				t.Errorf("cash increment %q with %d digits: error %v", tt.inc, tt.digits, err)
			}
			continue
		}
		checkErr(t, err, nil)
		c, err := reg.Lookup("XTS")
		checkErr(t, err, nil)
		if got := c.CashIncrement().String(); got != tt.want {
			t.Errorf("cash increment %q: CashIncrement() = %s, want %s", tt.inc, got, tt.want)
		}
		a, err := currency.Parser{Registry: reg}.Parse("XTS " + tt.in)
		checkErr(t, err, nil)
		if got := a.RoundCash(currency.HalfUp); got.String() != tt.out+" XTS" {
			t.Errorf("cash increment %q: %v rounds to %v, want %s XTS", tt.inc, a, got, tt.out)
		}
	}
}
