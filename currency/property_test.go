package currency_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// The property tests draw thousands of cases from fixed PCG seeds, so every
// run checks the same cases and a failure reproduces.

// randDecimal returns a decimal with up to 24 significant digits and up to
// 12 decimals, either sign; a quarter of them are ties or near-ties (off by
// as little as 10^-30) at 0 to 4 decimals, where rounding goes wrong first.
func randDecimal(r *rand.Rand) decimal.Decimal {
	coef := new(big.Int)
	for range 1 + r.IntN(24) {
		coef.Mul(coef, big.NewInt(10))
		coef.Add(coef, big.NewInt(r.Int64N(10)))
	}
	exp := -int32(r.IntN(13))
	if r.IntN(4) == 0 {
		// coef.5 at scale 10^-(s+1), then nudged by ±10^-(s+1+m).
		s, m := int32(r.IntN(5)), int32(1+r.IntN(25))
		coef.Mul(coef, big.NewInt(10))
		coef.Add(coef, big.NewInt(5))
		exp = -(s + 1)
		if nudge := r.IntN(3); nudge > 0 {
			coef.Mul(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(m)), nil))
			coef.Add(coef, big.NewInt(int64(3-2*nudge))) // +1 or -1
			exp -= m
		}
	}
	if r.IntN(2) == 0 {
		coef.Neg(coef)
	}
	return decimal.NewFromBigInt(coef, exp)
}

// rat returns d as a big.Rat.
func rat(d decimal.Decimal) *big.Rat { return d.Rat() }

// refRound rounds x to places decimals with mode, on exact rationals: the
// reference every rounding in the package is checked against.
func refRound(x *big.Rat, places int32, mode currency.RoundingMode) *big.Rat {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	if places < 0 {
		scale.Inv(new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-places)), nil)))
	}
	y := new(big.Rat).Mul(x, scale)
	trunc := new(big.Int).Quo(y.Num(), y.Denom()) // towards zero
	frac := new(big.Rat).Sub(y, new(big.Rat).SetInt(trunc))
	frac.Abs(frac)
	sign := int64(y.Sign())
	away := new(big.Int).Add(trunc, big.NewInt(sign))
	res := trunc
	if frac.Sign() != 0 {
		switch mode {
		case currency.Up:
			res = away
		case currency.Down:
		case currency.Ceiling:
			if sign > 0 {
				res = away
			}
		case currency.Floor:
			if sign < 0 {
				res = away
			}
		case currency.HalfUp, currency.HalfEven:
			switch frac.Cmp(big.NewRat(1, 2)) {
			case 1:
				res = away
			case 0:
				if mode == currency.HalfUp || trunc.Bit(0) == 1 {
					res = away
				}
			}
		}
	}
	return new(big.Rat).Quo(new(big.Rat).SetInt(res), scale)
}

func TestPropertyRoundMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	codes := []string{"USD", "JPY", "KWD", "CLF"}
	for i := range 5000 {
		d := randDecimal(r)
		a := lookup(t, codes[i%len(codes)]).Amount(d)
		digits := int32(a.Currency().Digits())
		unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil))
		for _, mode := range allModes {
			got := a.Round(mode)
			want := refRound(rat(d), digits, mode)
			if rat(got.Number()).Cmp(want) != 0 {
				t.Fatalf("case %d: %v.Round(%v) = %v, want %s", i, a, mode, got, want.FloatString(int(digits)))
			}
			// Never more than one unit of the target scale away.
			delta := new(big.Rat).Sub(rat(got.Number()), rat(d))
			if delta.Abs(delta).Cmp(unit) >= 0 {
				t.Fatalf("case %d: %v.Round(%v) = %v moved by %s", i, a, mode, got, delta.FloatString(20))
			}
			if !got.IsRounded() {
				t.Fatalf("case %d: %v.Round(%v) = %v has extra decimals", i, a, mode, got)
			}
			// RoundTo with other places, and the exported Round on decimals.
			places := int32(r.IntN(8)) - 1
			if got, want := currency.Round(d, places, mode), refRound(rat(d), places, mode); rat(got).Cmp(want) != 0 {
				t.Fatalf("case %d: Round(%s, %d, %v) = %s, want %s", i, d, places, mode, got, want.FloatString(12))
			}
		}
	}
}

func TestPropertyRoundCashMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	codes := []string{"CHF", "SEK", "DKK", "CAD", "HUF", "USD"}
	for i := range 3000 {
		d := randDecimal(r)
		a := lookup(t, codes[i%len(codes)]).Amount(d)
		step := rat(a.Currency().CashIncrement())
		for _, mode := range allModes {
			got := a.RoundCash(mode)
			steps := new(big.Rat).Quo(rat(d), step)
			want := new(big.Rat).Mul(refRound(steps, 0, mode), step)
			if rat(got.Number()).Cmp(want) != 0 {
				t.Fatalf("case %d: %v.RoundCash(%v) = %v, want %s", i, a, mode, got, want.FloatString(4))
			}
			delta := new(big.Rat).Sub(rat(got.Number()), rat(d))
			if delta.Abs(delta).Cmp(step) >= 0 {
				t.Fatalf("case %d: %v.RoundCash(%v) = %v moved by a whole step or more", i, a, mode, got)
			}
		}
	}
}

func TestPropertyDivMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	codes := []string{"USD", "JPY", "KWD"}
	for i := range 5000 {
		a := lookup(t, codes[i%len(codes)]).Amount(randDecimal(r))
		by := randDecimal(r)
		if i%5 == 0 {
			by = decimal.New(int64(1+r.IntN(12)), 0) // small integers make many ties
			if r.IntN(2) == 0 {
				by = by.Neg()
			}
		}
		if by.IsZero() {
			continue
		}
		digits := int32(a.Currency().Digits())
		q := new(big.Rat).Quo(rat(a.Number()), rat(by))
		for _, mode := range allModes {
			got, err := a.Div(by, mode)
			if err != nil {
				t.Fatalf("case %d: %v.Div(%s): %v", i, a, by, err)
			}
			if want := refRound(q, digits, mode); rat(got.Number()).Cmp(want) != 0 {
				t.Fatalf("case %d: %v.Div(%s, %v) = %v, want %s", i, a, by, mode, got, want.FloatString(int(digits)))
			}
		}
	}
}

// randAllocation returns an amount and ratios for Allocate: mostly ordinary
// totals and small integer or decimal ratios, some huge totals or ratios that
// take the arbitrary-precision path, some zero ratios.
func randAllocation(t testing.TB, r *rand.Rand) (currency.Amount, []decimal.Decimal) {
	codes := []string{"USD", "JPY", "KWD", "EUR"}
	c := lookup(t, codes[r.IntN(len(codes))])
	var n decimal.Decimal
	switch r.IntN(5) {
	case 0:
		n = randDecimal(r).Shift(int32(r.IntN(20))) // huge or with extra decimals
	case 1:
		n = decimal.New(r.Int64N(100)-50, -int32(c.Digits())) // a few units
	default:
		n = decimal.New(r.Int64()>>r.IntN(60)*int64(1-2*r.IntN(2)), -int32(c.Digits()))
	}
	ratios := make([]decimal.Decimal, 1+r.IntN(24))
	for i := range ratios {
		switch r.IntN(6) {
		case 0:
			ratios[i] = decimal.Zero
		case 1:
			ratios[i] = decimal.New(r.Int64N(1000), -int32(r.IntN(4)))
		case 2:
			ratios[i] = decimal.New(1+r.Int64N(1e9), int32(r.IntN(15))) // huge
		default:
			ratios[i] = decimal.New(1+r.Int64N(10), 0)
		}
	}
	ratios[r.IntN(len(ratios))] = decimal.New(1+r.Int64N(100), 0) // a positive sum
	return c.Amount(n), ratios
}

func TestPropertyAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 4000 {
		a, ratios := randAllocation(t, r)
		parts, err := a.Allocate(ratios...)
		if err != nil {
			t.Fatalf("case %d: %v.Allocate(%v): %v", i, a, ratios, err)
		}
		exact, err := currency.AllocateExact(a, ratios...)
		if err != nil {
			t.Fatalf("case %d: exact path: %v", i, err)
		}
		if len(parts) != len(ratios) {
			t.Fatalf("case %d: %d parts for %d ratios", i, len(parts), len(ratios))
		}

		places := int32(a.Currency().Digits())
		if e := -a.Number().Exponent(); e > places {
			places = e
		}
		unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
		ratioSum := new(big.Rat)
		for _, x := range ratios {
			ratioSum.Add(ratioSum, rat(x))
		}
		sum := new(big.Rat)
		for j, p := range parts {
			if !p.Equal(exact[j]) {
				t.Fatalf("case %d: part %d: fast %v, exact %v", i, j, p, exact[j])
			}
			if p.CurrencyCode() != a.CurrencyCode() {
				t.Fatalf("case %d: part in %s", i, p.CurrencyCode())
			}
			// A whole number of units.
			if u := new(big.Rat).Quo(rat(p.Number()), unit); !u.IsInt() {
				t.Fatalf("case %d: part %v is not a whole number of units", i, p)
			}
			// Within one unit of the ideal share, and of the amount's sign.
			ideal := new(big.Rat).Mul(rat(a.Number()), rat(ratios[j]))
			ideal.Quo(ideal, ratioSum)
			delta := new(big.Rat).Sub(rat(p.Number()), ideal)
			if delta.Abs(delta).Cmp(unit) >= 0 {
				t.Fatalf("case %d: part %d = %v, ideal %s", i, j, p, ideal.FloatString(int(places)+3))
			}
			if p.Sign()*a.Sign() < 0 || (ratios[j].IsZero() && !p.IsZero()) {
				t.Fatalf("case %d: part %d = %v for ratio %s of %v", i, j, p, ratios[j], a)
			}
			sum.Add(sum, rat(p.Number()))
		}
		if sum.Cmp(rat(a.Number())) != 0 {
			t.Fatalf("case %d: parts of %v sum to %s", i, a, sum.FloatString(int(places)))
		}
	}
}

func TestPropertySplit(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 3000 {
		a, _ := randAllocation(t, r)
		n := 1 + r.IntN(40)
		parts, err := a.Split(n)
		if err != nil {
			t.Fatalf("case %d: %v.Split(%d): %v", i, a, n, err)
		}
		ratios := make([]decimal.Decimal, n)
		for j := range ratios {
			ratios[j] = decimal.New(1, 0)
		}
		want, err := a.Allocate(ratios...)
		if err != nil {
			t.Fatal(err)
		}
		sum := a.Currency().Zero()
		for j := range parts {
			if !parts[j].Equal(want[j]) {
				t.Fatalf("case %d: %v.Split(%d)[%d] = %v, Allocate gives %v", i, a, n, j, parts[j], want[j])
			}
			if j > 0 {
				// Non-increasing in absolute value, by at most one unit.
				if c, _ := parts[j].Abs().Cmp(parts[j-1].Abs()); c > 0 {
					t.Fatalf("case %d: part %d larger than part %d", i, j, j-1)
				}
			}
			sum, _ = sum.Add(parts[j])
		}
		if !sum.Equal(a) {
			t.Fatalf("case %d: %v split %d ways sums to %v", i, a, n, sum)
		}
	}
}

func TestPropertyArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	usd := lookup(t, "USD")
	for i := range 3000 {
		a, b := usd.Amount(randDecimal(r)), usd.Amount(randDecimal(r))
		sum, err := a.Add(b)
		if err != nil {
			t.Fatal(err)
		}
		wantSum := new(big.Rat).Add(rat(a.Number()), rat(b.Number()))
		if rat(sum.Number()).Cmp(wantSum) != 0 || sum.Number().Exponent() != min(a.Number().Exponent(), b.Number().Exponent()) {
			t.Fatalf("case %d: %v + %v = %v (exponent %d)", i, a, b, sum, sum.Number().Exponent())
		}
		diff, err := a.Sub(b)
		if err != nil {
			t.Fatal(err)
		}
		if want := new(big.Rat).Sub(rat(a.Number()), rat(b.Number())); rat(diff.Number()).Cmp(want) != 0 {
			t.Fatalf("case %d: %v - %v = %v", i, a, b, diff)
		}
		back, err := sum.Sub(b)
		if err != nil {
			t.Fatal(err)
		}
		if !back.Equal(a) {
			t.Fatalf("case %d: (%v + %v) - %v = %v", i, a, b, b, back)
		}
		c, _ := a.Cmp(b)
		if want := rat(a.Number()).Cmp(rat(b.Number())); c != want || a.Equal(b) != (want == 0) {
			t.Fatalf("case %d: Cmp(%v, %v) = %d, Equal %v; want %d", i, a, b, c, a.Equal(b), want)
		}
		// Equal values written at other scales compare equal.
		scaled := usd.Amount(decimal.NewFromBigInt(new(big.Int).Mul(a.Number().Coefficient(), pow10(i%5)), a.Number().Exponent()-int32(i%5)))
		if c, _ := a.Cmp(scaled); c != 0 || !a.Equal(scaled) {
			t.Fatalf("case %d: %v and %v differ (%d)", i, a, scaled, c)
		}
		if !a.Neg().Neg().Equal(a) || a.Abs().IsNegative() {
			t.Fatalf("case %d: Neg/Abs of %v", i, a)
		}
		// String prints the exact number, at the currency's scale or with
		// its significant decimals (checked against big.Rat).
		places := 2
		for x := rat(a.Number()); !new(big.Rat).Mul(x, new(big.Rat).SetInt(pow10(places))).IsInt(); places++ {
		}
		if want := rat(a.Number()).FloatString(places) + " USD"; a.String() != want {
			t.Fatalf("case %d: String() = %q, want %q", i, a.String(), want)
		}
		// String and MinorUnits agree with the number.
		p, err := currency.ParseAmount(a.String())
		if err != nil || !p.Equal(a) {
			t.Fatalf("case %d: ParseAmount(%q) = %v, %v", i, a.String(), p, err)
		}
		rounded := a.Round(currency.HalfEven)
		if m, err := rounded.MinorUnits(); err == nil {
			if back := usd.FromMinor(m); !back.Equal(rounded) {
				t.Fatalf("case %d: FromMinor(MinorUnits(%v)) = %v", i, rounded, back)
			}
		} else if rounded.Number().Abs().LessThan(decimal.New(9e16, 0)) {
			t.Fatalf("case %d: MinorUnits(%v): %v", i, rounded, err)
		}
	}
}

// pow10 returns 10^n.
func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

func TestRoundAtFastPathLimits(t *testing.T) {
	// Coefficients around 10^18 and 2^63, where the int64 fast paths hand
	// over to big arithmetic, with every exponent the limit tables cover.
	coefs := []string{
		"999999999999999999", "1000000000000000000", "999999999999999995", "1000000000000000005",
		"9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
		"99999999999999999999999", "5", "15", "25",
	}
	for _, cs := range coefs {
		for _, sign := range []string{"", "-"} {
			coef, _ := new(big.Int).SetString(sign+cs, 10)
			for e := int32(-22); e <= 2; e++ {
				d := decimal.NewFromBigInt(coef, e)
				for _, mode := range allModes {
					for _, places := range []int32{0, 2, 3, 17, 18, 19} {
						got := currency.Round(d, places, mode)
						if want := refRound(rat(d), places, mode); rat(got).Cmp(want) != 0 {
							t.Fatalf("Round(%s, %d, %v) = %s, want %s", d, places, mode, got, want.FloatString(int(places)))
						}
					}
					a := lookup(t, "CHF").Amount(d)
					step := rat(a.Currency().CashIncrement())
					want := new(big.Rat).Mul(refRound(new(big.Rat).Quo(rat(d), step), 0, mode), step)
					if got := a.RoundCash(mode); rat(got.Number()).Cmp(want) != 0 {
						t.Fatalf("%v.RoundCash(%v) = %v, want %s", a, mode, got, want.FloatString(2))
					}
					for _, by := range []string{"3", "-7", "0.0003", "1000000000000000000"} {
						q := new(big.Rat).Quo(rat(d), rat(dec(t, by)))
						got, err := a.Div(dec(t, by), mode)
						if err != nil {
							t.Fatal(err)
						}
						if want := refRound(q, 2, mode); rat(got.Number()).Cmp(want) != 0 {
							t.Fatalf("%v.Div(%s, %v) = %v, want %s", a, by, mode, got, want.FloatString(2))
						}
					}
				}
			}
		}
	}
}
