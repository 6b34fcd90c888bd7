package currency

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// RoundingMode names how a value is rounded to a scale. Every rounding in
// paydesk names its mode; there is no implicit default at the call site. It
// encodes as its name in JSON and text ("half-even"). A RoundingMode is a
// plain value, safe for concurrent use.
type RoundingMode uint8

const (
	// HalfUp rounds to the nearest value, ties away from zero (2.5 → 3, -2.5 → -3).
	// This is what shopspring/decimal's Round does.
	HalfUp RoundingMode = iota
	// HalfEven rounds to the nearest value, ties to the even neighbour (2.5 → 2,
	// 3.5 → 4): banker's rounding.
	HalfEven
	// Up rounds away from zero (1.01 → 2, -1.01 → -2).
	Up
	// Down rounds towards zero, truncating (1.99 → 1, -1.99 → -1).
	Down
	// Ceiling rounds towards positive infinity (1.01 → 2, -1.99 → -1).
	Ceiling
	// Floor rounds towards negative infinity (1.99 → 1, -1.01 → -2).
	Floor
)

var roundingNames = [...]string{"half-up", "half-even", "up", "down", "ceiling", "floor"}

// String returns the mode's name, such as "half-even".
func (m RoundingMode) String() string {
	if int(m) < len(roundingNames) {
		return roundingNames[m]
	}
	return fmt.Sprintf("RoundingMode(%d)", uint8(m))
}

// ParseRoundingMode returns the mode with the given name ("half-up",
// "half-even", "up", "down", "ceiling", "floor").
func ParseRoundingMode(s string) (RoundingMode, error) {
	for i, n := range roundingNames {
		if n == s {
			return RoundingMode(i), nil
		}
	}
	return 0, fmt.Errorf("currency: rounding mode %q: %w", s, ErrUnknownRoundingMode)
}

// MarshalText encodes the mode as its name.
func (m RoundingMode) MarshalText() ([]byte, error) {
	if int(m) >= len(roundingNames) {
		return nil, fmt.Errorf("currency: rounding mode %d: %w", uint8(m), ErrUnknownRoundingMode)
	}
	return []byte(m.String()), nil
}

// UnmarshalText decodes a mode from its name.
func (m *RoundingMode) UnmarshalText(b []byte) error {
	v, err := ParseRoundingMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Round rounds d to places decimals with mode. It is exported so that other
// packages round plain decimals (rates, percentages) with the same named modes.
// A d that already has places decimals or fewer is returned unchanged, with
// its own exponent. An unknown mode rounds like HalfUp.
func Round(d decimal.Decimal, places int32, mode RoundingMode) decimal.Decimal {
	if d.Exponent() >= -places {
		return d // already at or below the requested scale: nothing to round
	}
	if c, ok := coef64(d); ok {
		if q, ok := divRound64(c, d.Exponent(), 1, 0, places, mode); ok {
			return decimal.New(q, -places)
		}
	}
	switch mode {
	case HalfEven:
		return d.RoundBank(places)
	case Up:
		return d.RoundUp(places)
	case Down:
		return d.RoundDown(places)
	case Ceiling:
		return d.RoundCeil(places)
	case Floor:
		return d.RoundFloor(places)
	default:
		return d.Round(places)
	}
}

// roundIncrement rounds d to a multiple of inc × 10^-places with mode. The
// rounding is decided on the exact quotient d ÷ step (see divRound): a
// rounded intermediate quotient could turn 0.07499999999999999999 CHF into a
// tie and round it the wrong way.
func roundIncrement(d decimal.Decimal, inc int64, places int32, mode RoundingMode) decimal.Decimal {
	if inc == 1 {
		return Round(d, places, mode)
	}
	if c, ok := coef64(d); ok {
		if q, ok := divRound64(c, d.Exponent(), inc, -places, 0, mode); ok {
			if hi, lo := bits.Mul64(uabs64(q), uint64(inc)); hi == 0 && lo <= math.MaxInt64 {
				v := int64(lo)
				if q < 0 {
					v = -v
				}
				return decimal.New(v, -places)
			}
		}
	}
	step := decimal.New(inc, -places)
	return divRound(d, step, 0, mode).Mul(step)
}

// coef64 returns d's coefficient when it has at most 18 digits.
func coef64(d decimal.Decimal) (int64, bool) {
	if e := -int64(d.Exponent()); e >= 0 && e < int64(len(coefLimits)) {
		// Comparing decimals of equal exponents compares coefficients,
		// which is cheaper than counting digits.
		if d.Cmp(coefLimits[e]) < 0 && d.Cmp(negCoefLimits[e]) > 0 {
			return d.CoefficientInt64(), true
		}
		return 0, false
	}
	// NumDigits is exact above 2^53 and never off by more than one below it.
	if d.NumDigits() > 18 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// coefLimits[e] and negCoefLimits[e] are ±10^18 × 10^-e: a decimal with
// exponent -e lies strictly between them when its coefficient has at most 18
// digits. They are read-only.
var coefLimits, negCoefLimits = func() (pos, neg [19]decimal.Decimal) {
	for e := range pos {
		pos[e] = decimal.New(1e18, -int32(e))
		neg[e] = decimal.New(-1e18, -int32(e))
	}
	return pos, neg
}()

func uabs64(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// pow10u holds the powers of ten that fit in a uint64.
var pow10u = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// divRound64 is divRound on int64 coefficients, without allocating: it
// returns q such that q × 10^-places is (cn × 10^en) ÷ (cd × 10^ed) rounded
// with mode. It reports false when an intermediate does not fit in 64 bits
// (or cd is zero), leaving the work to divRound.
func divRound64(cn int64, en int32, cd int64, ed int32, places int32, mode RoundingMode) (int64, bool) {
	if cd == 0 {
		return 0, false
	}
	neg := (cn < 0) != (cd < 0)
	num, den := uabs64(cn), uabs64(cd)
	var hi, lo uint64
	switch k := int64(en) - int64(ed) + int64(places); {
	case k >= 0:
		if k >= int64(len(pow10u)) {
			return 0, false
		}
		hi, lo = bits.Mul64(num, pow10u[k])
	default:
		if -k >= int64(len(pow10u)) {
			return 0, false
		}
		h, l := bits.Mul64(den, pow10u[-k])
		if h != 0 {
			return 0, false
		}
		lo, den = num, l
	}
	if hi >= den {
		return 0, false // the quotient would not fit
	}
	q, r := bits.Div64(hi, lo, den)
	if q >= math.MaxInt64 {
		return 0, false // no room to round away from zero
	}
	if r != 0 {
		away := false
		switch mode {
		case Down:
		case Up:
			away = true
		case Ceiling:
			away = !neg
		case Floor:
			away = neg
		default: // HalfUp, HalfEven: compare r with den - r, which cannot overflow
			switch {
			case r > den-r:
				away = true
			case r == den-r:
				away = mode != HalfEven || q&1 == 1
			}
		}
		if away {
			q++
		}
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// divRound returns n ÷ d rounded to places decimals with mode, exactly: the
// rounding decision is taken on the integer quotient and remainder, so ties
// and truncation are decided correctly whatever the digits.
func divRound(n, d decimal.Decimal, places int32, mode RoundingMode) decimal.Decimal {
	q, r := n.QuoRem(d, places)
	if r.IsZero() {
		return q
	}
	// |r| is less than |d| × 10^-places. Decide on the sign of the true result
	// and the size of 2|r| against |d| × 10^-places.
	neg := n.Sign()*d.Sign() < 0
	unit := decimal.New(1, -places)
	awayFromZero := func() decimal.Decimal {
		if neg {
			return q.Sub(unit)
		}
		return q.Add(unit)
	}
	switch mode {
	case Down:
		return q
	case Up:
		return awayFromZero()
	case Ceiling:
		if neg {
			return q
		}
		return awayFromZero()
	case Floor:
		if neg {
			return awayFromZero()
		}
		return q
	}
	cmp := r.Abs().Mul(decimal.New(2, 0)).Cmp(d.Abs().Mul(unit))
	switch {
	case cmp > 0:
		return awayFromZero()
	case cmp < 0:
		return q
	}
	if mode == HalfEven {
		// q is truncated towards zero; keep it if its last digit is even.
		last := q.Shift(places).Abs().BigInt()
		if last.Bit(0) == 0 {
			return q
		}
	}
	return awayFromZero()
}
