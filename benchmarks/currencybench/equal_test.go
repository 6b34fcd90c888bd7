package currencybench

import (
	"context"
	"fmt"
	"testing"

	bojanz "github.com/bojanz/currency"
	"github.com/govalues/money"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
)

// These tests check that the libraries compared compute the same results for
// the inputs of the benchmarks and a few harder ones (negatives, ties, other
// scales), so that each benchmark compares equal work.

// same fails unless the decimal strings name equal numbers.
func same(t *testing.T, what string, paydesk decimal.Decimal, peers map[string]string) {
	t.Helper()
	for name, s := range peers {
		d, err := decimal.NewFromString(s)
		if err != nil {
			t.Errorf("%s: %s gave %q: %v", what, name, s, err)
			continue
		}
		if !d.Equal(paydesk) {
			t.Errorf("%s: paydesk %s, %s %s", what, paydesk, name, s)
		}
	}
}

func TestSameParse(t *testing.T) {
	for _, tc := range []struct{ number, code string }{
		{"1234.56", "USD"}, {"-0.5", "EUR"}, {"100", "JPY"}, {"1.234", "KWD"}, {"0", "GBP"},
	} {
		p, err := currency.NewAmount(tc.number, tc.code)
		if err != nil {
			t.Fatal(err)
		}
		bj, err := bojanz.NewAmount(tc.number, tc.code)
		if err != nil {
			t.Fatal(err)
		}
		gv, err := money.ParseAmount(tc.code, tc.number)
		if err != nil {
			t.Fatal(err)
		}
		same(t, tc.number+" "+tc.code, p.Number(), map[string]string{"bojanz": bj.Number(), "govalues": gv.Decimal().String()})
	}
}

func TestSameAdd(t *testing.T) {
	for _, tc := range []struct{ x, y, code string }{
		{"1234.56", "0.99", "USD"}, {"-5.01", "2.5", "EUR"}, {"100", "-250", "JPY"},
	} {
		p, _ := currency.NewAmount(tc.x, tc.code)
		q, _ := currency.NewAmount(tc.y, tc.code)
		ps, err := p.Add(q)
		if err != nil {
			t.Fatal(err)
		}
		bx, _ := bojanz.NewAmount(tc.x, tc.code)
		by, _ := bojanz.NewAmount(tc.y, tc.code)
		bs, err := bx.Add(by)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := money.MustParseAmount(tc.code, tc.x).Add(money.MustParseAmount(tc.code, tc.y))
		if err != nil {
			t.Fatal(err)
		}
		same(t, tc.x+"+"+tc.y, ps.Number(), map[string]string{"bojanz": bs.Number(), "govalues": gs.Decimal().String()})
	}
}

func TestSameRound(t *testing.T) {
	for _, tc := range []struct{ x, code string }{
		{"1234.5650", "USD"}, {"1234.5750", "USD"}, {"-1234.5650", "USD"}, {"0.125", "EUR"},
		{"-0.135", "EUR"}, {"2.5", "JPY"}, {"3.5", "JPY"}, {"1.23456", "KWD"}, {"9.995", "USD"},
	} {
		p, _ := currency.NewAmount(tc.x, tc.code)
		b, _ := bojanz.NewAmount(tc.x, tc.code)
		g := money.MustParseAmount(tc.code, tc.x)
		same(t, "round "+tc.x+" "+tc.code, p.Round(currency.HalfEven).Number(), map[string]string{
			"bojanz":   b.RoundTo(bojanz.DefaultDigits, bojanz.RoundHalfEven).Number(),
			"govalues": g.RoundToCurr().Decimal().String(),
		})
	}
}

func TestSameSplit(t *testing.T) {
	for _, tc := range []struct {
		x, code string
		n       int
	}{
		{"100.00", "USD", 3}, {"0.05", "EUR", 4}, {"-10.00", "USD", 3}, {"100", "JPY", 6}, {"1.000", "KWD", 7},
	} {
		p, _ := currency.NewAmount(tc.x, tc.code)
		pp, err := p.Split(tc.n)
		if err != nil {
			t.Fatal(err)
		}
		gp, err := money.MustParseAmount(tc.code, tc.x).Split(tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if len(pp) != len(gp) {
			t.Fatalf("split %s %d: %d and %d parts", tc.x, tc.n, len(pp), len(gp))
		}
		for i := range pp {
			same(t, fmt.Sprintf("split %s %s %d part %d", tc.x, tc.code, tc.n, i), pp[i].Number(),
				map[string]string{"govalues": gp[i].Decimal().String()})
		}
	}
}

func TestSameConvertRound(t *testing.T) {
	conv := paydeskConverter(t)
	rate := crossRate(t)
	gr := money.MustParseExchRate("USD", "JPY", rate)
	for _, x := range []string{"1234.56", "0.01", "-99.99", "1000000.00", "17.23"} {
		p, _ := currency.NewAmount(x, "USD")
		c, err := conv.Convert(context.Background(), p, "JPY")
		if err != nil {
			t.Fatal(err)
		}
		if c.Rate.Value.String() != rate || len(c.Rate.Chain) != 2 {
			t.Fatalf("paydesk used rate %s (chain %d), want the cross rate %s", c.Rate.Value, len(c.Rate.Chain), rate)
		}
		held, err := conv.ConvertWith(p, c.Rate)
		if err != nil || !held.Result.Equal(c.Result) {
			t.Fatalf("ConvertWith the same rate: %v, %v; Convert gave %v", held.Result, err, c.Result)
		}
		b, _ := bojanz.NewAmount(x, "USD")
		bc, err := b.Convert("JPY", rate)
		if err != nil {
			t.Fatal(err)
		}
		gc, err := gr.Conv(money.MustParseAmount("USD", x))
		if err != nil {
			t.Fatal(err)
		}
		same(t, "convert "+x, c.Result.Number(), map[string]string{
			"bojanz":   bc.RoundTo(bojanz.DefaultDigits, bojanz.RoundHalfEven).Number(),
			"govalues": gc.RoundToCurr().Decimal().String(),
		})
		if c.Result.CurrencyCode() != "JPY" || bc.CurrencyCode() != "JPY" || gc.Curr().Code() != "JPY" {
			t.Errorf("convert %s: currencies %s, %s, %s", x, c.Result.CurrencyCode(), bc.CurrencyCode(), gc.Curr().Code())
		}
	}
}

func TestSameFormat(t *testing.T) {
	for _, tc := range []struct{ locale, x, code, want string }{
		{"de", "1234567.89", "EUR", "1.234.567,89\u00a0€"},
		{"de", "-0.5", "EUR", "-0,50\u00a0€"},
		{"en", "1234567.89", "USD", "$1,234,567.89"},
		{"en", "1234", "JPY", "¥1,234"},
		{"ja", "1234", "JPY", "￥1,234"},
		{"en-IN", "123456", "INR", "₹1,23,456.00"},
	} {
		p, _ := currency.NewAmount(tc.x, tc.code)
		b, _ := bojanz.NewAmount(tc.x, tc.code)
		got := currency.NewFormatter(language.MustParse(tc.locale)).Format(p)
		peer := bojanz.NewFormatter(bojanz.NewLocale(tc.locale)).Format(b)
		if got != tc.want || peer != tc.want {
			t.Errorf("%s %s %s: paydesk %q, bojanz %q, want %q", tc.locale, tc.x, tc.code, got, peer, tc.want)
		}
	}
}
