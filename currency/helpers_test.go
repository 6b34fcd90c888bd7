package currency_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// amt returns the amount number in code or fails the test.
func amt(t testing.TB, number, code string) currency.Amount {
	t.Helper()
	a, err := currency.NewAmount(number, code)
	if err != nil {
		t.Fatalf("NewAmount(%q, %q): %v", number, code, err)
	}
	return a
}

// lookup returns the currency code or fails the test.
func lookup(t testing.TB, code string) currency.Currency {
	t.Helper()
	c, err := currency.Lookup(code)
	if err != nil {
		t.Fatalf("Lookup(%q): %v", code, err)
	}
	return c
}

// dec returns the decimal s or fails the test.
func dec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("decimal %q: %v", s, err)
	}
	return d
}

// checkErr fails the test unless err matches want (nil meaning no error).
func checkErr(t testing.TB, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error = %v, want one matching %v", err, want)
	}
}

// strs returns the String of each amount.
func strs(as []currency.Amount) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}
