package fees_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/shopspring/decimal"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// mapRates is a RateSource over a map "FROM/TO" → rate, all dated testNow
// unless the map says otherwise.
type mapRates map[string]currency.Rate

func (m mapRates) Rate(ctx context.Context, from, to string) (currency.Rate, error) {
	if err := ctx.Err(); err != nil {
		return currency.Rate{}, err
	}
	r, ok := m[from+"/"+to]
	if !ok {
		return currency.Rate{}, &currency.NoRateError{From: from, To: to}
	}
	return r, nil
}

func (m mapRates) set(from, to, value string) mapRates {
	m[from+"/"+to] = currency.Rate{From: from, To: to, Value: decimal.RequireFromString(value), Time: testNow, Source: "test"}
	return m
}

func amount(t testing.TB, s string) currency.Amount {
	t.Helper()
	a, err := currency.ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// builtinQuoter returns a Quoter on the built-in schedule with test rates.
func builtinQuoter(t testing.TB) *fees.Quoter {
	t.Helper()
	s, err := fees.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rates := mapRates{}.
		set("USD", "EUR", "0.92").set("EUR", "USD", "1.08").
		set("GBP", "CNY", "9.2").set("USD", "JPY", "151.37").
		set("EUR", "GBP", "0.85").set("USD", "GBP", "0.79")
	var n atomic.Int64
	return &fees.Quoter{Schedule: s, Rates: rates, Now: func() time.Time { return testNow },
		NewID: func() string { return fmt.Sprintf("q_test_%d", n.Add(1)) }}
}

// Small assertion helpers (the module's go.sum does not carry testify's
// dependencies, so the tests use the standard library only).

func eq(t testing.TB, want, got any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func errIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v does not match %v", err, target)
	}
}

func truth(t testing.TB, cond bool, msg ...any) {
	t.Helper()
	if !cond {
		t.Errorf("condition failed %v", msg)
	}
}

func contains(t testing.TB, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q does not contain %q", s, sub)
	}
}

func jsonEq(t testing.TB, want, got string) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w, g) {
		t.Errorf("JSON differs:\n got %s\nwant %s", got, want)
	}
}
