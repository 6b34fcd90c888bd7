package fees

import (
	"math"
	"math/bits"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// This file is the fast path of pricing: the same arithmetic as the decimal
// path in fee.go and quoter.go, on int64 minor units and on rates held as
// n / 10^k, with every multiplication checked. Whenever a value does not fit,
// the caller falls back to the decimal path, so results never depend on which
// path ran (fixed_test.go checks that they agree).

// frac is the exact number n / 10^k, n >= 0.
type frac struct {
	n int64
	k int32
}

// pow10 returns 10^k for 0 <= k <= 18.
func pow10(k int32) int64 {
	p := int64(1)
	for ; k > 0; k-- {
		p *= 10
	}
	return p
}

// mul returns a × b when it fits an int64; a, b >= 0.
func mul(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// add returns a + b when it fits an int64; a, b >= 0.
func add(a, b int64) (int64, bool) {
	s := a + b
	if s < a {
		return 0, false
	}
	return s, true
}

// toFrac returns d as n / 10^k with n >= 0 and k <= 18, when it fits.
func toFrac(d decimal.Decimal) (frac, bool) {
	if d.Sign() < 0 || d.NumDigits() > 18 {
		return frac{}, false
	}
	c, e := d.CoefficientInt64(), d.Exponent()
	if e >= 0 {
		if e > 18 {
			return frac{}, false
		}
		n, ok := mul(c, pow10(e))
		return frac{n: n}, ok
	}
	k := -e
	for k > 0 && c%10 == 0 {
		c, k = c/10, k-1
	}
	if k > 18 {
		return frac{}, false
	}
	return frac{n: c, k: k}, true
}

// minor returns d as an integer number of minor units at places decimals,
// when d has no more decimals than that and fits.
func minor(d decimal.Decimal, places int32) (int64, bool) {
	f, ok := toFrac(d)
	if !ok {
		return 0, false
	}
	if f.k > places {
		p := pow10(f.k - places)
		if f.n%p != 0 {
			return 0, false
		}
		return f.n / p, true
	}
	return mul(f.n, pow10(places-f.k))
}

// scaleTo returns f's numerator at scale k >= f.k.
func (f frac) scaleTo(k int32) (int64, bool) {
	if k-f.k > 18 {
		return 0, false
	}
	return mul(f.n, pow10(k-f.k))
}

// cmp compares f with the integer m (as m / 10^0).
func (f frac) cmpInt(m int64) (int, bool) {
	mk, ok := mul(m, pow10(f.k))
	if !ok {
		return 0, false
	}
	switch {
	case f.n < mk:
		return -1, true
	case f.n > mk:
		return 1, true
	}
	return 0, true
}

// round rounds f to an integer with mode; f >= 0.
func (f frac) round(mode currency.RoundingMode) int64 {
	if f.k == 0 {
		return f.n
	}
	d := uint64(pow10(f.k))
	return int64(roundQR(uint64(f.n)/d, uint64(f.n)%d, d, mode))
}

// roundQR rounds the non-negative q + r/d (0 <= r < d) to an integer with mode.
func roundQR(q, r, d uint64, mode currency.RoundingMode) uint64 {
	if r == 0 {
		return q
	}
	switch mode {
	case currency.Down, currency.Floor:
		return q
	case currency.Up, currency.Ceiling:
		return q + 1
	}
	switch other := d - r; {
	case r > other:
		return q + 1
	case r < other:
		return q
	}
	if mode == currency.HalfEven && q%2 == 0 {
		return q
	}
	return q + 1
}

// mulDivRound returns a × b / 10^k rounded with mode, for a, b >= 0 and
// 0 <= k <= 19, when the result fits an int64.
func mulDivRound(a, b int64, k int32, mode currency.RoundingMode) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if k == 0 {
		if hi != 0 || lo > math.MaxInt64 {
			return 0, false
		}
		return int64(lo), true
	}
	d := uint64(10)
	for i := int32(1); i < k; i++ {
		d *= 10
	}
	if hi >= d {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, d)
	q = roundQR(q, r, d, mode)
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

// fastComponent holds a component's values for the fast path: rates as
// fractions and money in minor units, aligned with the rule's sends.
type fastComponent struct {
	rate     frac
	amounts  []int64
	min, max []int64
	tiers    []fastTier
}

type fastTier struct {
	upTo []int64 // nil for the last tier
	rate frac
}

// compileFast fills c.fast; it returns false when some value does not fit,
// and the rule then always takes the decimal path.
func (c *component) compileFast(sends []currency.Currency) bool {
	var ok bool
	if c.fast.rate, ok = toFrac(c.rate); !ok {
		return false
	}
	ints := func(ds []decimal.Decimal) ([]int64, bool) {
		if ds == nil {
			return nil, true
		}
		out := make([]int64, len(ds))
		for i, d := range ds {
			v, ok := minor(d, int32(sends[i].Digits()))
			if !ok {
				return nil, false
			}
			out[i] = v
		}
		return out, true
	}
	if c.fast.amounts, ok = ints(c.amounts); !ok {
		return false
	}
	if c.fast.min, ok = ints(c.min); !ok {
		return false
	}
	if c.fast.max, ok = ints(c.max); !ok {
		return false
	}
	for _, t := range c.tiers {
		var ft fastTier
		if ft.rate, ok = toFrac(t.rate); !ok {
			return false
		}
		if ft.upTo, ok = ints(t.upTo); !ok {
			return false
		}
		c.fast.tiers = append(c.fast.tiers, ft)
	}
	return true
}

// chargeFast is charge on minor units: the exact fee as a fraction of minor
// units. ok is false when a value does not fit.
func (c *component) chargeFast(s int64, pos int, cross bool) (fee frac, capped Cap, applies, ok bool) {
	f := &c.fast
	switch c.kind {
	case Fixed:
		return frac{n: f.amounts[pos]}, Uncapped, true, true
	case CrossBorderSurcharge:
		if !cross {
			return frac{}, Uncapped, false, true
		}
		fee.n, ok = mul(s, f.rate.n)
		fee.k = f.rate.k
	case Percentage:
		fee.n, ok = mul(s, f.rate.n)
		fee.k = f.rate.k
	case Volume:
		t := f.tiers[len(f.tiers)-1]
		for _, ft := range f.tiers {
			if ft.upTo == nil || s <= ft.upTo[pos] {
				t = ft
				break
			}
		}
		fee.n, ok = mul(s, t.rate.n)
		fee.k = t.rate.k
	case Graduated:
		fee, ok = f.graduated(s, pos)
	}
	if !ok {
		return frac{}, Uncapped, false, false
	}
	if f.min != nil {
		c, ok := fee.cmpInt(f.min[pos])
		if !ok {
			return frac{}, Uncapped, false, false
		}
		if c < 0 {
			return frac{n: f.min[pos]}, RaisedToMin, true, true
		}
	}
	if f.max != nil {
		c, ok := fee.cmpInt(f.max[pos])
		if !ok {
			return frac{}, Uncapped, false, false
		}
		if c > 0 {
			return frac{n: f.max[pos]}, LoweredToMax, true, true
		}
	}
	return fee, Uncapped, true, true
}

func (f *fastComponent) graduated(s int64, pos int) (frac, bool) {
	var k int32
	for _, t := range f.tiers {
		k = max(k, t.rate.k)
	}
	var sum, lower int64
	for _, t := range f.tiers {
		top := s
		if t.upTo != nil && s > t.upTo[pos] {
			top = t.upTo[pos]
		}
		r, ok := t.rate.scaleTo(k)
		if !ok {
			return frac{}, false
		}
		part, ok := mul(top-lower, r)
		if !ok {
			return frac{}, false
		}
		if sum, ok = add(sum, part); !ok {
			return frac{}, false
		}
		if top == s {
			break
		}
		lower = top
	}
	return frac{n: sum, k: k}, true
}

// fastLine is one priced line of the fast path.
type fastLine struct {
	comp   *component
	exact  frac
	amount int64 // rounded, PerLine; unused with OnTotal
	capped Cap
}

// priceFast prices the send amount s (minor units) with r. It fills lines
// (reusing its storage) and returns the total fee in minor units. ok is false
// when a value does not fit.
func (sc *Schedule) priceFast(r *rule, pos int, s int64, cross bool, lines []fastLine) ([]fastLine, int64, bool) {
	lines = lines[:0]
	var total int64
	var exact frac // OnTotal: the exact sum
	for i := range r.comps {
		c := &r.comps[i]
		fee, capped, applies, ok := c.chargeFast(s, pos, cross)
		if !ok {
			return nil, 0, false
		}
		if !applies {
			continue
		}
		l := fastLine{comp: c, exact: fee, capped: capped}
		if sc.rounding.Scope == PerLine {
			l.amount = fee.round(sc.rounding.Mode)
			if total, ok = add(total, l.amount); !ok {
				return nil, 0, false
			}
		} else {
			k := max(exact.k, fee.k)
			a, ok1 := exact.scaleTo(k)
			b, ok2 := fee.scaleTo(k)
			n, ok3 := add(a, b)
			if !ok1 || !ok2 || !ok3 {
				return nil, 0, false
			}
			exact = frac{n: n, k: k}
		}
		lines = append(lines, l)
	}
	if sc.rounding.Scope == OnTotal {
		total = exact.round(sc.rounding.Mode)
	}
	return lines, total, true
}
