package currency

import (
	"errors"
	"math"
	"math/bits"
	"sort"

	"github.com/shopspring/decimal"
)

// Allocate divides a into len(ratios) parts proportional to ratios that sum
// exactly to a. Each part is within one minor unit of its ideal share
// a × ratio ÷ sum(ratios). The unit is the currency's minor unit, or a's own
// smallest decimal when a carries more decimals than that.
//
// Leftover units go one each to the parts with the largest remainders, ties to
// the earlier part, so the result is deterministic. Ratios must be
// non-negative with a positive sum; a zero ratio receives a zero part.
func (a Amount) Allocate(ratios ...decimal.Decimal) ([]Amount, error) {
	if len(ratios) == 0 {
		return nil, errors.New("currency: allocate: no ratios")
	}
	for _, r := range ratios {
		if r.IsNegative() {
			return nil, errors.New("currency: allocate: negative ratio " + r.String())
		}
	}
	places := a.c.digits()
	if e := -a.n.Exponent(); e > places {
		places = e
	}
	units := a.n.Shift(places) // an integer
	if out, ok := allocateFast(a, units, places, ratios); ok {
		return out, nil
	}
	return allocateExact(a, units, places, ratios)
}

// Split divides a into n parts that sum exactly to a, the earlier parts taking
// the leftover minor units: 10.00 split 3 ways is 3.34, 3.33, 3.33.
func (a Amount) Split(n int) ([]Amount, error) {
	if n <= 0 {
		return nil, ErrDivisionByZero
	}
	ratios := make([]decimal.Decimal, n)
	for i := range ratios {
		ratios[i] = decimal.New(1, 0)
	}
	return a.Allocate(ratios...)
}

// allocateFast handles totals and ratios whose integer forms fit in 64 bits,
// using 128-bit intermediate products. It reports false when they do not fit.
func allocateFast(a Amount, units decimal.Decimal, places int32, ratios []decimal.Decimal) ([]Amount, bool) {
	if units.NumDigits() > 18 {
		return nil, false
	}
	total := units.IntPart()
	neg := total < 0
	abs := uint64(total)
	if neg {
		abs = uint64(-total)
	}
	// Scale the ratios to integers.
	var scale int32
	for _, r := range ratios {
		if e := -r.Exponent(); e > scale {
			scale = e
		}
	}
	var rs [16]uint64
	ri := rs[:0]
	if len(ratios) > len(rs) {
		ri = make([]uint64, 0, len(ratios))
	}
	var sum uint64
	for _, r := range ratios {
		v := r.Shift(scale)
		if v.NumDigits() > 18 {
			return nil, false
		}
		x := uint64(v.IntPart())
		var carry uint64
		sum, carry = bits.Add64(sum, x, 0)
		if carry != 0 {
			return nil, false
		}
		ri = append(ri, x)
	}
	if sum == 0 {
		return nil, false // let the exact path report the error
	}
	out := make([]Amount, len(ratios))
	var qs [16]uint64
	var rems [16]uint64
	q, rem := qs[:0], rems[:0]
	if len(ratios) > len(qs) {
		q, rem = make([]uint64, 0, len(ratios)), make([]uint64, 0, len(ratios))
	}
	var given uint64
	for _, x := range ri {
		hi, lo := bits.Mul64(abs, x)
		if hi >= sum {
			return nil, false
		}
		qi, r := bits.Div64(hi, lo, sum)
		q = append(q, qi)
		rem = append(rem, r)
		given += qi
	}
	left := abs - given // < len(ratios)
	for left > 0 {
		best := -1
		for i := range rem {
			if ri[i] != 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		q[best]++
		rem[best] = 0
		left--
	}
	for i, v := range q {
		if v > math.MaxInt64 {
			return nil, false
		}
		n := int64(v)
		if neg {
			n = -n
		}
		out[i] = Amount{n: decimal.New(n, -places), c: a.c}
	}
	return out, true
}

// allocateExact is the arbitrary-precision path of Allocate.
func allocateExact(a Amount, units decimal.Decimal, places int32, ratios []decimal.Decimal) ([]Amount, error) {
	sum := decimal.Zero
	for _, r := range ratios {
		sum = sum.Add(r)
	}
	if !sum.IsPositive() {
		return nil, ErrDivisionByZero
	}
	abs := units.Abs()
	type part struct {
		q, r decimal.Decimal
		i    int
	}
	parts := make([]part, len(ratios))
	given := decimal.Zero
	for i, r := range ratios {
		q, rem := abs.Mul(r).QuoRem(sum, 0)
		parts[i] = part{q: q, r: rem, i: i}
		given = given.Add(q)
	}
	left := abs.Sub(given).IntPart()
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		return parts[order[x]].r.GreaterThan(parts[order[y]].r)
	})
	for k := 0; k < int(left); k++ {
		p := &parts[order[k]]
		p.q = p.q.Add(decimal.New(1, 0))
	}
	out := make([]Amount, len(parts))
	for i, p := range parts {
		n := p.q.Shift(-places)
		if units.IsNegative() {
			n = n.Neg()
		}
		out[i] = Amount{n: n, c: a.c}
	}
	return out, nil
}
