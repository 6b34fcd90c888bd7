package currency

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// RateDigits is the number of significant digits a derived rate carries: an
// inverse or a cross rate is the exact quotient of its quoted legs rounded
// half-even to RateDigits significant digits (trailing zeros dropped), so its
// relative error is at most 5×10^-RateDigits. Quoted rates are used as given.
//
// Eighteen digits is the most an int64 coefficient always holds, so
// conversions through derived rates stay on the allocation-free 128-bit
// integer path, and thirteen more than the European Central Bank publishes:
// the rounding moves a converted amount by at most 5×10^-18 of itself, so a
// result of up to 10^12 units moves by at most 5×10^-6 units, under a
// thousandth of a cent. (Conversion.Unrounded uses the rate as rounded.)
const RateDigits = 18

// ratePow10 holds the powers of ten that fit a uint64.
var ratePow10 = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// rateQuoSig returns num ÷ den rounded half-even to digits significant digits,
// with trailing zeros removed. num and den must be positive.
func rateQuoSig(num, den decimal.Decimal, digits int) decimal.Decimal {
	a, b := num.Coefficient(), den.Coefficient()
	exp := int64(num.Exponent()) - int64(den.Exponent())
	// a/b lies in (10^(da-db-1), 10^(da-db+1)): scaling by 10^s with
	// s = digits-(da-db) gives a quotient of digits or digits+1 digits.
	s := int64(digits) - int64(rateDecimalLen(a)-rateDecimalLen(b))
	var q, r big.Int
	rateQuoScaled(&q, &r, a, b, s)
	if rateDecimalLen(&q) > digits {
		s--
		rateQuoScaled(&q, &r, a, b, s)
	}
	// Half-even on the remainder: compare 2r with the divisor actually used.
	div := b
	if s < 0 {
		div = new(big.Int).Mul(b, ratePow10Big(-s))
	}
	r.Lsh(&r, 1)
	if c := r.Cmp(div); c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(&q, big.NewInt(1))
	}
	e := exp - s // within int32: operands are bounded by checkRateValue
	var t, m big.Int
	ten := big.NewInt(10)
	for q.Sign() != 0 {
		t.QuoRem(&q, ten, &m)
		if m.Sign() != 0 {
			break
		}
		q.Set(&t)
		e++
	}
	return decimal.NewFromBigInt(&q, int32(e))
}

// rateQuoScaled sets q, r to the quotient and remainder of a×10^s ÷ b, moving the
// power of ten to the divisor when s is negative.
func rateQuoScaled(q, r, a, b *big.Int, s int64) {
	p := ratePow10Big(rateAbs64(s))
	if s >= 0 {
		q.QuoRem(p.Mul(p, a), b, r)
		return
	}
	q.QuoRem(a, p.Mul(p, b), r)
}

func rateAbs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// ratePow10Big returns 10^n as a new big.Int.
func ratePow10Big(n int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// rateDecimalLen returns the number of decimal digits of x >= 0 (1 for zero).
func rateDecimalLen(x *big.Int) int {
	if x.IsUint64() {
		u := x.Uint64()
		n := 1
		for n < len(ratePow10) && u >= ratePow10[n] {
			n++
		}
		return n
	}
	// Estimate from the bit length, one too high at least (so float rounding
	// cannot make it too low), then correct downwards.
	n := int(float64(x.BitLen())*math.Log10(2)) + 2
	p := ratePow10Big(int64(n - 1))
	ten := big.NewInt(10)
	for x.Cmp(p) < 0 {
		n--
		p.Quo(p, ten)
	}
	return n
}

// rateSmallCoef returns |d|'s coefficient and d's sign when the coefficient
// has at most 18 digits. It does not allocate: the bounds it compares d with
// have d's exponent, so the comparisons stay on the stack.
func rateSmallCoef(d decimal.Decimal) (abs uint64, neg, ok bool) {
	const most = 999_999_999_999_999_999 // 18 digits
	e := d.Exponent()
	if d.Cmp(decimal.New(most, e)) > 0 || d.Cmp(decimal.New(-most, e)) < 0 {
		return 0, false, false
	}
	c := d.CoefficientInt64()
	if c < 0 {
		return uint64(-c), true, true
	}
	return uint64(c), false, true
}

// rateMulRound returns n × r rounded to places decimals with mode, exactly. Small
// operands take a 128-bit integer path; others use decimal arithmetic.
func rateMulRound(n, r decimal.Decimal, places int32, mode RoundingMode) decimal.Decimal {
	if d, ok := rateMulRoundFast(n, r, places, mode); ok {
		return d
	}
	return Round(n.Mul(r), places, mode)
}

func rateMulRoundFast(n, r decimal.Decimal, places int32, mode RoundingMode) (decimal.Decimal, bool) {
	an, nneg, ok := rateSmallCoef(n)
	if !ok {
		return decimal.Decimal{}, false
	}
	ar, rneg, ok := rateSmallCoef(r)
	if !ok {
		return decimal.Decimal{}, false
	}
	neg := nneg != rneg
	hi, lo := bits.Mul64(an, ar)
	exp := int64(n.Exponent()) + int64(r.Exponent())
	drop := -int64(places) - exp // decimals to remove
	if drop <= 0 {
		// Nothing to round; Round leaves such a value as it is too.
		if hi != 0 || lo > math.MaxInt64 || exp < math.MinInt32 || exp > math.MaxInt32 {
			return decimal.Decimal{}, false
		}
		return decimal.New(rateSigned(lo, neg), int32(exp)), true
	}
	if drop >= int64(len(ratePow10)) {
		return decimal.Decimal{}, false
	}
	p := ratePow10[drop]
	if hi >= p {
		return decimal.Decimal{}, false // the quotient would not fit 64 bits
	}
	q, rem := bits.Div64(hi, lo, p)
	if q >= math.MaxInt64 {
		return decimal.Decimal{}, false // no room for the result or its rounding
	}
	if rateRoundAway(q, rem, p, neg, mode) {
		q++
	}
	return decimal.New(rateSigned(q, neg), -places), true
}

// rateRoundAway reports whether the truncated magnitude q, with remainder rem out
// of the divisor p (a power of ten, so even), must move one unit away from
// zero under mode for a value of the given sign.
func rateRoundAway(q, rem, p uint64, neg bool, mode RoundingMode) bool {
	if rem == 0 {
		return false
	}
	half := p / 2
	switch mode {
	case Down:
		return false
	case Up:
		return true
	case Ceiling:
		return !neg
	case Floor:
		return neg
	case HalfEven:
		return rem > half || (rem == half && q&1 == 1)
	default: // HalfUp
		return rem >= half
	}
}

func rateSigned(u uint64, neg bool) int64 {
	if neg {
		return -int64(u)
	}
	return int64(u)
}

// Bounds on rate values, so that hostile or mistaken rates cannot make the
// exact arithmetic on them arbitrarily slow: a rate has at most
// maxRateDigits significant digits and lies within [10^-maxRateMagnitude,
// 10^maxRateMagnitude].
const (
	maxRateDigits    = 34
	maxRateMagnitude = 30
)

// checkRateValue returns why v is not an acceptable rate value, or "".
func checkRateValue(v decimal.Decimal) string {
	if !v.IsPositive() {
		return "value is not positive"
	}
	var n int
	if c, _, ok := rateSmallCoef(v); ok {
		n = 1
		for n < len(ratePow10) && c >= ratePow10[n] {
			n++
		}
	} else {
		n = v.NumDigits()
	}
	if n > maxRateDigits {
		return "value has more than 34 significant digits"
	}
	adj := int64(n) - 1 + int64(v.Exponent())
	if adj > maxRateMagnitude || adj < -maxRateMagnitude-1 {
		return "value is out of the range 1e-30 to 1e30"
	}
	return ""
}
