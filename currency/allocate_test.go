package currency_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// decs returns the decimals ss.
func decs(t testing.TB, ss ...string) []decimal.Decimal {
	t.Helper()
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = dec(t, s)
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name   string
		a      currency.Amount
		ratios []string
		want   []string
	}{
		{"thirds", amt(t, "10.00", "USD"), []string{"1", "1", "1"}, []string{"3.34", "3.33", "3.33"}},
		{"largest remainder wins", amt(t, "100.00", "USD"), []string{"1", "2", "3"}, []string{"16.67", "33.33", "50.00"}},
		{"ties to the earlier part", amt(t, "0.05", "USD"), []string{"1", "1", "1", "1"}, []string{"0.02", "0.01", "0.01", "0.01"}},
		{"decimal ratios", amt(t, "10.00", "EUR"), []string{"0.7", "0.2", "0.1"}, []string{"7.00", "2.00", "1.00"}},
		{"percent ratios", amt(t, "0.99", "EUR"), []string{"33.3", "33.3", "33.4"}, []string{"0.33", "0.33", "0.33"}},
		{"zero ratio gets zero", amt(t, "1.00", "USD"), []string{"1", "0", "2"}, []string{"0.33", "0.00", "0.67"}},
		{"single part", amt(t, "7.77", "USD"), []string{"5"}, []string{"7.77"}},
		{"negative amount", amt(t, "-10.00", "USD"), []string{"1", "1", "1"}, []string{"-3.34", "-3.33", "-3.33"}},
		{"negative, weighted", amt(t, "-100.00", "USD"), []string{"1", "2", "3"}, []string{"-16.67", "-33.33", "-50.00"}},
		{"zero amount", amt(t, "0", "USD"), []string{"1", "2"}, []string{"0.00", "0.00"}},
		{"yen", amt(t, "100", "JPY"), []string{"1", "1", "1"}, []string{"34", "33", "33"}},
		{"dinar", amt(t, "1.000", "KWD"), []string{"1", "1", "1"}, []string{"0.334", "0.333", "0.333"}},
		{"extra decimals kept", amt(t, "1.001", "USD"), []string{"1", "1"}, []string{"0.501", "0.50"}},
		{"less than one unit per part", amt(t, "0.02", "USD"), []string{"1", "1", "1"}, []string{"0.01", "0.01", "0.00"}},
		{"huge amount", amt(t, "123456789012345678901234567890.00", "USD"), []string{"1", "1", "1"},
			[]string{"41152263004115226300411522630.00", "41152263004115226300411522630.00", "41152263004115226300411522630.00"}},
		{"huge amount, remainder", amt(t, "100000000000000000000.00", "USD"), []string{"1", "1", "1"},
			[]string{"33333333333333333333.34", "33333333333333333333.33", "33333333333333333333.33"}},
		{"huge ratio", amt(t, "10.00", "USD"), []string{"1e30", "2e30"}, []string{"3.33", "6.67"}},
		{"tiny ratio", amt(t, "10.00", "USD"), []string{"0.000000000000000000001", "0.000000000000000000003"}, []string{"2.50", "7.50"}},
		{"int64 edge", amt(t, "92233720368547758.07", "USD"), []string{"1", "1"}, []string{"46116860184273879.04", "46116860184273879.03"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := tt.a.Allocate(decs(t, tt.ratios...)...)
			checkErr(t, err, nil)
			code := " " + tt.a.CurrencyCode()
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = w + code
			}
			if got := strs(parts); !slices.Equal(got, want) {
				t.Errorf("Allocate(%v) = %v, want %v", tt.ratios, got, want)
			}
			exact, err := currency.AllocateExact(tt.a, decs(t, tt.ratios...)...)
			checkErr(t, err, nil)
			if got := strs(exact); !slices.Equal(got, want) {
				t.Errorf("exact path = %v, want %v", got, want)
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	a := amt(t, "10.00", "USD")
	tests := []struct {
		name   string
		ratios []decimal.Decimal
		err    error
	}{
		{"no ratios", nil, currency.ErrDivisionByZero},
		{"all zero", decs(t, "0", "0"), currency.ErrDivisionByZero},
		{"negative", decs(t, "1", "-1", "1"), currency.ErrInvalidRatio},
		{"negative, sum positive", decs(t, "3", "-1"), currency.ErrInvalidRatio},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := a.Allocate(tt.ratios...)
			checkErr(t, err, tt.err)
			if parts != nil {
				t.Errorf("parts %v returned with an error", parts)
			}
			if !strings.HasPrefix(err.Error(), "currency: ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		a    currency.Amount
		n    int
		want []string
	}{
		{amt(t, "10.00", "USD"), 3, []string{"3.34 USD", "3.33 USD", "3.33 USD"}},
		{amt(t, "-10.00", "USD"), 3, []string{"-3.34 USD", "-3.33 USD", "-3.33 USD"}},
		{amt(t, "0.01", "USD"), 3, []string{"0.01 USD", "0.00 USD", "0.00 USD"}},
		{amt(t, "-0.02", "USD"), 3, []string{"-0.01 USD", "-0.01 USD", "0.00 USD"}},
		{amt(t, "100", "JPY"), 6, []string{"17 JPY", "17 JPY", "17 JPY", "17 JPY", "16 JPY", "16 JPY"}},
		{amt(t, "5.00", "EUR"), 1, []string{"5.00 EUR"}},
		{amt(t, "0.0005", "USD"), 2, []string{"0.0003 USD", "0.0002 USD"}},
		{amt(t, "100000000000000000000.00", "USD"), 3, []string{"33333333333333333333.34 USD", "33333333333333333333.33 USD", "33333333333333333333.33 USD"}},
		{amt(t, "-100000000000000000000.00", "USD"), 3, []string{"-33333333333333333333.34 USD", "-33333333333333333333.33 USD", "-33333333333333333333.33 USD"}},
	}
	for _, tt := range tests {
		parts, err := tt.a.Split(tt.n)
		checkErr(t, err, nil)
		if got := strs(parts); !slices.Equal(got, tt.want) {
			t.Errorf("%v.Split(%d) = %v, want %v", tt.a, tt.n, got, tt.want)
		}
	}
	for _, n := range []int{0, -1} {
		_, err := amt(t, "1", "USD").Split(n)
		checkErr(t, err, currency.ErrDivisionByZero)
	}
}

func TestSplitManyParts(t *testing.T) {
	// Many parts: the leftover distribution must not be quadratic, and Split
	// must agree with Allocate over equal ratios.
	const n = 20000
	a := amt(t, "12345.67", "USD")
	parts, err := a.Split(n)
	checkErr(t, err, nil)
	ratios := make([]decimal.Decimal, n)
	for i := range ratios {
		ratios[i] = decimal.New(1, 0)
	}
	alloc, err := a.Allocate(ratios...)
	checkErr(t, err, nil)
	sum := lookup(t, "USD").Zero()
	for i := range parts {
		if !parts[i].Equal(alloc[i]) {
			t.Fatalf("part %d: Split %v, Allocate %v", i, parts[i], alloc[i])
		}
		sum, _ = sum.Add(parts[i])
	}
	if !sum.Equal(a) {
		t.Errorf("parts sum to %v, want %v", sum, a)
	}
	if parts[0].String() != "0.62 USD" || parts[n-1].String() != "0.61 USD" {
		t.Errorf("first %v, last %v", parts[0], parts[n-1])
	}
}
