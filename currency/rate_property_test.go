package currency_test

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// randomRateValue returns a positive decimal of 1 to 9 significant digits
// between about 1e-6 and 1e5, like the rates central banks publish.
func randomRateValue(rng *rand.Rand) decimal.Decimal {
	digits := 1 + rng.IntN(9)
	coef := 1 + rng.Int64N(int64(ratePow10f(digits)))
	return decimal.New(coef, -int32(rng.IntN(12)))
}

func ratePow10f(n int) float64 {
	p := 1.0
	for range n {
		p *= 10
	}
	return p
}

// relErr returns |got - want| / want.
func rateRelErr(got decimal.Decimal, want *big.Rat) *big.Rat {
	d := new(big.Rat).Sub(got.Rat(), want)
	d.Abs(d)
	return d.Quo(d, want)
}

// legValue returns the factor a chain leg contributes when converting from
// the currency at: its value if it is quoted from at, else its inverse.
func rateLegValue(t *testing.T, leg currency.Rate, at string) (*big.Rat, string) {
	t.Helper()
	switch at {
	case leg.From:
		return leg.Value.Rat(), leg.To
	case leg.To:
		return new(big.Rat).Inv(leg.Value.Rat()), leg.From
	}
	t.Fatalf("leg %s/%s does not touch %s", leg.From, leg.To, at)
	return nil, ""
}

// TestPropertyCrossRateIsChainProduct checks that every derived rate equals
// the product of its chain's legs (each used directly or inverted) within the
// documented precision: a relative error of at most 5×10^-RateDigits, and no
// more than RateDigits significant digits.
func TestPropertyCrossRateIsChainProduct(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	codes := []string{"EUR", "USD", "JPY", "GBP", "CHF", "KWD", "CLP", "IDR", "BHD", "SEK"}
	limit := big.NewRat(5, 1)
	limit.Quo(limit, new(big.Rat).SetFrac(new(big.Int).Exp(big.NewInt(10), big.NewInt(currency.RateDigits), nil), big.NewInt(1)))
	ctx := context.Background()
	checked := 0
	for round := 0; round < 60; round++ {
		var rates []currency.Rate
		for _, c := range codes[1:] {
			// Quote each currency against EUR in a random direction, some not at all.
			switch rng.IntN(5) {
			case 0:
				continue
			case 1, 2:
				rates = append(rates, currency.Rate{From: "EUR", To: c, Value: randomRateValue(rng), Time: rateDay})
			default:
				rates = append(rates, currency.Rate{From: c, To: "EUR", Value: randomRateValue(rng), Time: rateDay})
			}
		}
		var table currency.RateTable
		if err := table.Set(rates...); err != nil {
			t.Fatal(err)
		}
		for _, from := range codes {
			for _, to := range codes {
				r, err := table.Rate(ctx, from, to)
				if err != nil || from == to {
					continue
				}
				if len(r.Chain) == 0 {
					continue // quoted
				}
				product, at := big.NewRat(1, 1), from
				for _, leg := range r.Chain {
					v, next := rateLegValue(t, leg, at)
					product.Mul(product, v)
					at = next
				}
				if at != to {
					t.Fatalf("%s/%s: chain ends at %s", from, to, at)
				}
				if e := rateRelErr(r.Value, product); e.Cmp(limit) > 0 {
					t.Fatalf("%s/%s = %s, chain product %s: relative error %s", from, to, r.Value, product.FloatString(25), e.FloatString(20))
				}
				if n := rateSigDigits(r.Value); n > currency.RateDigits {
					t.Fatalf("%s/%s = %s has %d significant digits", from, to, r.Value, n)
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d derived rates checked", checked)
	}
}

// significantDigits returns the number of digits of d's coefficient once
// trailing zeros are dropped.
func rateSigDigits(d decimal.Decimal) int {
	s := d.Coefficient().String()
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return len(s)
}

// TestPropertyInverseOfInverse checks that inverting a rate twice gives it
// back within twice the documented precision.
func TestPropertyInverseOfInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	ctx := context.Background()
	limit := big.NewRat(1, 1e17) // two roundings of 5×10^-18 each
	for i := 0; i < 3000; i++ {
		v := randomRateValue(rng)
		var a, b currency.RateTable
		if err := a.Set(currency.Rate{From: "EUR", To: "USD", Value: v, Time: rateDay}); err != nil {
			t.Fatal(err)
		}
		inv, err := a.Rate(ctx, "USD", "EUR")
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Set(inv); err != nil {
			t.Fatal(err)
		}
		back, err := b.Rate(ctx, "EUR", "USD")
		if err != nil {
			t.Fatal(err)
		}
		if e := rateRelErr(back.Value, v.Rat()); e.Cmp(limit) > 0 {
			t.Fatalf("1/(1/%s) = %s: relative error %s", v, back.Value, e.FloatString(20))
		}
		if len(back.Chain) != 1 || len(back.Chain[0].Chain) != 1 || !back.Chain[0].Chain[0].Value.Equal(v) {
			t.Fatalf("the chain does not lead back to the quoted rate: %+v", back.Chain)
		}
	}
}

// refRound rounds x to places decimals with mode, on exact rationals.
func rateRefRound(x *big.Rat, places int, mode currency.RoundingMode) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	// q = trunc(y), frac = |y - q|
	q := new(big.Int).Quo(y.Num(), y.Denom())
	frac := new(big.Rat).Sub(y, new(big.Rat).SetInt(q))
	frac.Abs(frac)
	neg := y.Sign() < 0
	away := false
	if frac.Sign() != 0 {
		half := big.NewRat(1, 2)
		switch mode {
		case currency.Up:
			away = true
		case currency.Down:
		case currency.Ceiling:
			away = !neg
		case currency.Floor:
			away = neg
		case currency.HalfUp:
			away = frac.Cmp(half) >= 0
		case currency.HalfEven:
			c := frac.Cmp(half)
			away = c > 0 || (c == 0 && q.Bit(0) == 1)
		}
	}
	if away {
		if neg {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// TestPropertyConversionRounding checks that every conversion equals the
// exact product rounded once with the converter's mode (so it is within one
// minor unit of the exact product), on the fast path and the big-number path.
func TestPropertyConversionRounding(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 4217))
	targets := []string{"JPY", "USD", "KWD", "CLF"} // 0, 2, 3 and 4 minor units
	modes := []currency.RoundingMode{currency.HalfUp, currency.HalfEven, currency.Up, currency.Down, currency.Ceiling, currency.Floor}
	for i := 0; i < 4000; i++ {
		var coef *big.Int
		switch rng.IntN(4) {
		case 0: // beyond int64: the big-number path
			coef = new(big.Int).Lsh(big.NewInt(rng.Int64()), uint(1+rng.IntN(80)))
		case 1: // ties are likely with short rates
			coef = big.NewInt(rng.Int64N(1000))
		default:
			coef = big.NewInt(rng.Int64N(1e12))
		}
		if rng.IntN(3) == 0 {
			coef.Neg(coef)
		}
		a, err := currency.NewAmountFromDecimal(decimal.NewFromBigInt(coef, -int32(rng.IntN(5))), "EUR")
		if err != nil {
			t.Fatal(err)
		}
		rate := currency.Rate{From: "EUR", To: targets[rng.IntN(len(targets))], Time: rateDay}
		if rng.IntN(2) == 0 {
			rate.Value = decimal.New(1+rng.Int64N(20), -int32(rng.IntN(3))) // 0.01 .. 20
		} else {
			rate.Value = randomRateValue(rng)
		}
		exact := new(big.Rat).Mul(a.Number().Rat(), rate.Value.Rat())
		for _, mode := range modes {
			c, err := currency.Converter{Mode: mode, MaxAge: -1}.ConvertWith(a, rate)
			if err != nil {
				t.Fatal(err)
			}
			places := c.Result.Currency().Digits()
			want := rateRefRound(exact, places, mode)
			if c.Result.Number().Rat().Cmp(want) != 0 {
				t.Fatalf("%s × %s with %s = %s, want %s", a, rate.Value, mode, c.Result, want.FloatString(places))
			}
			diff := new(big.Rat).Sub(c.Result.Number().Rat(), exact)
			unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
			if diff.Abs(diff).Cmp(unit) >= 0 {
				t.Fatalf("%s × %s with %s = %s: a minor unit or more from %s", a, rate.Value, mode, c.Result, exact.FloatString(places+4))
			}
			if c.Unrounded().Rat().Cmp(exact) != 0 {
				t.Fatalf("Unrounded = %s, want %s", c.Unrounded(), exact.FloatString(20))
			}
		}
	}
}
