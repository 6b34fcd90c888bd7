package currency

import (
	"cmp"
	"fmt"
	"math/big"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
)

// Allocate divides a into len(ratios) parts proportional to ratios that sum
// exactly to a. Each part is within one minor unit of its ideal share
// a × ratio ÷ sum(ratios). The unit is the currency's minor unit, or a's own
// smallest decimal when a carries more decimals than that.
//
// Leftover units go one each to the parts with the largest remainders, ties to
// the earlier part, so the result is deterministic; a negative amount is
// allocated as its absolute value with every part negated. Ratios must be
// non-negative (a negative one gives an error matching ErrInvalidRatio) with a
// positive sum (no ratios, or only zeros, give an error matching
// ErrDivisionByZero); a zero ratio receives a zero part.
func (a Amount) Allocate(ratios ...decimal.Decimal) ([]Amount, error) {
	if len(ratios) == 0 {
		return nil, fmt.Errorf("currency: allocate: no ratios: %w", ErrDivisionByZero)
	}
	for i, r := range ratios {
		if r.IsNegative() {
			return nil, fmt.Errorf("currency: allocate: ratio %d is negative (%s): %w", i, r, ErrInvalidRatio)
		}
	}
	places := a.unitPlaces()
	if out, ok := allocateFast(a, places, ratios); ok {
		return out, nil
	}
	return allocateExact(a, places, ratios)
}

// Split divides a into n parts that sum exactly to a, the earlier parts taking
// the leftover minor units: 10.00 split 3 ways is 3.34, 3.33, 3.33. It gives
// the same parts as Allocate with n equal ratios. n must be positive (else the
// error matches ErrDivisionByZero).
func (a Amount) Split(n int) ([]Amount, error) {
	if n <= 0 {
		return nil, fmt.Errorf("currency: split into %d parts: %w", n, ErrDivisionByZero)
	}
	places := a.unitPlaces()
	out := make([]Amount, n)
	if units, ok := smallInt(a.n, places); ok {
		abs := uint64(units)
		if units < 0 {
			abs = uint64(-units)
		}
		q, left := abs/uint64(n), abs%uint64(n)
		for i := range out {
			v := int64(q)
			if uint64(i) < left {
				v++
			}
			if units < 0 {
				v = -v
			}
			out[i] = Amount{n: decimal.New(v, -places), c: a.c}
		}
		return out, nil
	}
	abs := a.n.Shift(places).BigInt()
	neg := abs.Sign() < 0
	abs.Abs(abs)
	q, left := new(big.Int).QuoRem(abs, big.NewInt(int64(n)), new(big.Int))
	for i := range out {
		v := new(big.Int).Set(q)
		if left.IsInt64() && int64(i) < left.Int64() {
			v.Add(v, big.NewInt(1))
		}
		if neg {
			v.Neg(v)
		}
		out[i] = Amount{n: decimal.NewFromBigInt(v, -places), c: a.c}
	}
	return out, nil
}

// unitPlaces returns the number of decimals of the unit Allocate and Split
// work in: the currency's minor units, or more when a carries more decimals.
func (a Amount) unitPlaces() int32 {
	places := a.c.digits()
	if e := -a.n.Exponent(); e > places {
		places = e
	}
	return places
}

// pow10 holds the powers of ten that fit in an int64.
var pow10 = [...]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// smallInt returns d × 10^places as an int64 when that is an integer below
// 10^18 in magnitude (so that sums of a few of them cannot overflow), without
// allocating. It reports false otherwise.
func smallInt(d decimal.Decimal, places int32) (int64, bool) {
	shift := int64(d.Exponent()) + int64(places)
	if shift < 0 {
		return 0, false
	}
	c, ok := coef64(d)
	if !ok {
		return 0, false
	}
	return scaleSmall(c, shift)
}

// allocateFast handles totals and ratios whose integer forms have at most 18
// digits, using 128-bit intermediate products. It reports false when they do
// not fit, leaving the work to allocateExact.
func allocateFast(a Amount, places int32, ratios []decimal.Decimal) ([]Amount, bool) {
	total, ok := smallInt(a.n, places)
	if !ok {
		return nil, false
	}
	neg := total < 0
	abs := uint64(total)
	if neg {
		abs = uint64(-total)
	}
	// Scale the ratios to integers by their largest number of decimals.
	var scale int32
	for _, r := range ratios {
		if e := -r.Exponent(); e > scale {
			scale = e
		}
	}
	n := len(ratios)
	var buf [3 * 16]uint64
	var ri, q, rem []uint64
	if n <= 16 {
		ri, q, rem = buf[0:n], buf[16:16+n], buf[32:32+n]
	} else {
		all := make([]uint64, 3*n)
		ri, q, rem = all[0:n], all[n:2*n], all[2*n:]
	}
	var sum uint64
	for i, r := range ratios {
		x, ok := smallInt(r, scale)
		if !ok {
			return nil, false
		}
		var carry uint64
		if sum, carry = bits.Add64(sum, uint64(x), 0); carry != 0 {
			return nil, false
		}
		ri[i] = uint64(x)
	}
	if sum == 0 {
		return nil, false // let the exact path report the error
	}
	var given uint64
	for i, x := range ri {
		// abs × x < 2^63 × sum, so the quotient fits and Div64 cannot panic.
		hi, lo := bits.Mul64(abs, x)
		q[i], rem[i] = bits.Div64(hi, lo, sum)
		given += q[i]
	}
	// The leftover is the sum of the fractional shares: an integer smaller
	// than the number of parts with a positive remainder.
	left := abs - given
	if left > 0 {
		if n <= 16 {
			for ; left > 0; left-- {
				best := 0
				for i := 1; i < n; i++ {
					if rem[i] > rem[best] {
						best = i
					}
				}
				q[best]++
				rem[best] = 0
			}
		} else {
			order := make([]int, n)
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(rem[y], rem[x]) })
			for _, i := range order[:left] {
				q[i]++
			}
		}
	}
	out := make([]Amount, n)
	for i, v := range q {
		m := int64(v) // v ≤ abs < 2^63
		if neg {
			m = -m
		}
		out[i] = Amount{n: decimal.New(m, -places), c: a.c}
	}
	return out, true
}

// allocateExact is the arbitrary-precision path of Allocate.
func allocateExact(a Amount, places int32, ratios []decimal.Decimal) ([]Amount, error) {
	sum := decimal.Zero
	for _, r := range ratios {
		sum = sum.Add(r)
	}
	if !sum.IsPositive() {
		return nil, fmt.Errorf("currency: allocate: ratios sum to zero: %w", ErrDivisionByZero)
	}
	units := a.n.Shift(places) // an integer
	abs := units.Abs()
	qs := make([]decimal.Decimal, len(ratios))
	rems := make([]decimal.Decimal, len(ratios))
	given := decimal.Zero
	for i, r := range ratios {
		qs[i], rems[i] = abs.Mul(r).QuoRem(sum, 0)
		given = given.Add(qs[i])
	}
	left := abs.Sub(given).IntPart() // fewer than len(ratios)
	order := make([]int, len(ratios))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return rems[y].Cmp(rems[x]) })
	one := decimal.New(1, 0)
	for _, i := range order[:left] {
		qs[i] = qs[i].Add(one)
	}
	out := make([]Amount, len(ratios))
	for i, q := range qs {
		n := q.Shift(-places)
		if units.IsNegative() {
			n = n.Neg()
		}
		out[i] = Amount{n: n, c: a.c}
	}
	return out, nil
}
