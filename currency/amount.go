package currency

import (
	"cmp"
	"fmt"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Amount is an exact quantity of money: a decimal number and a currency.
// It is an immutable value type, safe for concurrent use; the zero Amount has
// no currency and is only useful as a placeholder (IsZero reports true for it).
//
// Amounts are built from strings, decimals or integer minor units, never from
// float64. Arithmetic is exact; only Round, RoundCash, Div, Allocate and Split
// round, each with a named RoundingMode or a documented rule.
type Amount struct {
	n decimal.Decimal
	c Currency
}

// NewAmount returns the amount number in currency code, where number is a plain
// decimal string such as "12.34" or "-0.5" (no exponent, no grouping). Extra
// decimals beyond the currency's minor units are kept; call Round to drop them.
func NewAmount(number, code string) (Amount, error) {
	c, err := Lookup(code)
	if err != nil {
		return Amount{}, err
	}
	return c.Parse(number)
}

// NewAmountFromMinor returns the amount of minor units (cents for USD, yen
// for JPY) in currency code: NewAmountFromMinor(1234, "USD") is 12.34 USD.
func NewAmountFromMinor(minor int64, code string) (Amount, error) {
	c, err := Lookup(code)
	if err != nil {
		return Amount{}, err
	}
	return c.FromMinor(minor), nil
}

// NewAmountFromDecimal returns the amount d in currency code.
func NewAmountFromDecimal(d decimal.Decimal, code string) (Amount, error) {
	c, err := Lookup(code)
	if err != nil {
		return Amount{}, err
	}
	return Amount{n: d, c: c}, nil
}

// Parse returns the amount number in c, where number is a plain decimal string
// such as "12.34" (see NewAmount).
func (c Currency) Parse(number string) (Amount, error) {
	if c.d == nil {
		return Amount{}, &UnknownCurrencyError{}
	}
	n, err := parseNumber(number, -1)
	if err != nil {
		return Amount{}, err
	}
	return Amount{n: n, c: c}, nil
}

// FromMinor returns the amount of minor units in c.
func (c Currency) FromMinor(minor int64) Amount {
	return Amount{n: decimal.New(minor, -c.digits()), c: c}
}

// Amount returns the amount d in c.
func (c Currency) Amount(d decimal.Decimal) Amount {
	return Amount{n: d, c: c}
}

// Zero returns a zero amount in c.
func (c Currency) Zero() Amount { return Amount{n: decimal.Zero, c: c} }

// Number returns the decimal number of a.
func (a Amount) Number() decimal.Decimal { return a.n }

// Currency returns the currency of a.
func (a Amount) Currency() Currency { return a.c }

// CurrencyCode returns the ISO 4217 code of a's currency.
func (a Amount) CurrencyCode() string { return a.c.Code() }

// sameCurrency reports whether a and b are in the same currency.
func (a Amount) sameCurrency(b Amount) bool {
	return a.c.d == b.c.d || a.c.Code() == b.c.Code()
}

func (a Amount) mismatch(b Amount) error {
	return &MismatchError{A: a.c.Code(), B: b.c.Code()}
}

// Add returns a + b, exactly, with the exponent of the operand that has more
// decimals. Amounts in different currencies give a *MismatchError.
func (a Amount) Add(b Amount) (Amount, error) {
	if !a.sameCurrency(b) {
		return Amount{}, a.mismatch(b)
	}
	if n, ok := addSmall(a.n, b.n, false); ok {
		return Amount{n: n, c: a.c}, nil
	}
	return Amount{n: a.n.Add(b.n), c: a.c}, nil
}

// Sub returns a - b, exactly, with the exponent of the operand that has more
// decimals. Amounts in different currencies give a *MismatchError.
func (a Amount) Sub(b Amount) (Amount, error) {
	if !a.sameCurrency(b) {
		return Amount{}, a.mismatch(b)
	}
	if n, ok := addSmall(a.n, b.n, true); ok {
		return Amount{n: n, c: a.c}, nil
	}
	return Amount{n: a.n.Sub(b.n), c: a.c}, nil
}

// addSmall returns x + y (x - y when sub) on int64 coefficients at the
// smaller exponent, as decimal's Add and Sub do, without their rescaling
// allocations. It reports false when a scaled operand reaches 10^18.
func addSmall(x, y decimal.Decimal, sub bool) (decimal.Decimal, bool) {
	cx, ok := coef64(x)
	if !ok {
		return decimal.Decimal{}, false
	}
	cy, ok := coef64(y)
	if !ok {
		return decimal.Decimal{}, false
	}
	ex, ey := x.Exponent(), y.Exponent()
	e := min(ex, ey)
	if cx, ok = scaleSmall(cx, int64(ex)-int64(e)); !ok {
		return decimal.Decimal{}, false
	}
	if cy, ok = scaleSmall(cy, int64(ey)-int64(e)); !ok {
		return decimal.Decimal{}, false
	}
	if sub {
		cy = -cy
	}
	return decimal.New(cx+cy, e), true // |cx|, |cy| < 10^18: no overflow
}

// scaleSmall returns c × 10^k when its magnitude stays below 10^18.
func scaleSmall(c, k int64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k >= int64(len(pow10)) || uabs64(c) >= uint64(pow10[18]/pow10[k]) {
		return 0, false
	}
	return c * pow10[k], true
}

// Mul returns a × factor, exactly (no rounding: call Round on the result).
func (a Amount) Mul(factor decimal.Decimal) Amount {
	return Amount{n: a.n.Mul(factor), c: a.c}
}

// Div returns a ÷ divisor rounded to the currency's minor units with mode.
// The rounding is decided on the exact quotient, so ties and truncation are
// always right. A zero divisor gives an error matching ErrDivisionByZero; a
// divisor whose exponent is absurdly far from a's (more than 1000 decimal
// orders apart) gives one matching ErrOverflow.
func (a Amount) Div(divisor decimal.Decimal, mode RoundingMode) (Amount, error) {
	if divisor.IsZero() {
		return Amount{}, fmt.Errorf("currency: divide %s by zero: %w", a, ErrDivisionByZero)
	}
	places := a.c.digits()
	if e := int64(a.n.Exponent()) - int64(divisor.Exponent()) + int64(places); e > maxExpSpread || e < -maxExpSpread {
		return Amount{}, fmt.Errorf("currency: divide by %s: exponents too far apart: %w", divisor, ErrOverflow)
	}
	if cn, ok := coef64(a.n); ok {
		if cd, ok := coef64(divisor); ok {
			if q, ok := divRound64(cn, a.n.Exponent(), cd, divisor.Exponent(), places, mode); ok {
				return Amount{n: decimal.New(q, -places), c: a.c}, nil
			}
		}
	}
	return Amount{n: divRound(a.n, divisor, places, mode), c: a.c}, nil
}

// maxExpSpread bounds how far apart the exponents of a division may be, so
// that the power of ten divRound builds stays small.
const maxExpSpread = 1000

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{n: a.n.Neg(), c: a.c} }

// Abs returns |a|.
func (a Amount) Abs() Amount { return Amount{n: a.n.Abs(), c: a.c} }

// Cmp compares a and b: -1 if a < b, 0 if equal, +1 if a > b. Amounts in
// different currencies give a *MismatchError.
func (a Amount) Cmp(b Amount) (int, error) {
	if !a.sameCurrency(b) {
		return 0, a.mismatch(b)
	}
	return cmpDecimal(a.n, b.n), nil
}

// cmpDecimal compares x and y like decimal's Cmp, without its rescaling
// allocations when the coefficients are small.
func cmpDecimal(x, y decimal.Decimal) int {
	if x.Exponent() != y.Exponent() {
		if cx, ok := coef64(x); ok {
			if cy, ok := coef64(y); ok {
				e := min(x.Exponent(), y.Exponent())
				sx, okx := scaleSmall(cx, int64(x.Exponent())-int64(e))
				sy, oky := scaleSmall(cy, int64(y.Exponent())-int64(e))
				if okx && oky {
					return cmp.Compare(sx, sy)
				}
			}
		}
	}
	return x.Cmp(y)
}

// Equal reports whether a and b have the same currency and the same numeric
// value (2.5 and 2.50 are equal).
func (a Amount) Equal(b Amount) bool {
	return a.sameCurrency(b) && cmpDecimal(a.n, b.n) == 0
}

// IsZero reports whether a is zero, in any currency (and for the zero
// Amount). Because encoding/json's omitzero option calls IsZero, a field
// tagged omitzero omits every zero amount, 0.00 USD included.
func (a Amount) IsZero() bool { return a.n.IsZero() }

// IsPositive reports whether a > 0.
func (a Amount) IsPositive() bool { return a.n.IsPositive() }

// IsNegative reports whether a < 0.
func (a Amount) IsNegative() bool { return a.n.IsNegative() }

// Sign returns -1, 0 or +1 according to the sign of a.
func (a Amount) Sign() int { return a.n.Sign() }

// Round returns a rounded to its currency's minor units with mode.
func (a Amount) Round(mode RoundingMode) Amount {
	return Amount{n: Round(a.n, a.c.digits(), mode), c: a.c}
}

// RoundTo returns a rounded to places decimals with mode.
func (a Amount) RoundTo(places int32, mode RoundingMode) Amount {
	return Amount{n: Round(a.n, places, mode), c: a.c}
}

// RoundCash returns a rounded to the smallest cash increment of its currency
// with mode (CHF to 0.05, SEK to whole kronor).
func (a Amount) RoundCash(mode RoundingMode) Amount {
	if a.c.d == nil {
		return a
	}
	return Amount{n: roundIncrement(a.n, a.c.d.cashIncrement, a.c.d.cashDigits, mode), c: a.c}
}

// IsRounded reports whether a has no more decimals than its currency's minor units.
func (a Amount) IsRounded() bool {
	return a.n.Exponent() >= -a.c.digits() || a.n.Equal(a.n.Truncate(a.c.digits()))
}

// MinorUnits returns a as an integer number of minor units (1234 for 12.34 USD).
// An amount with more decimals than its currency's minor units gives an
// *InvalidAmountError (round first); one outside the int64 range gives an
// error matching ErrOverflow.
func (a Amount) MinorUnits() (int64, error) {
	if !a.IsRounded() {
		return 0, invalidAmount(a.n.String(), "more decimals than the currency's minor units; round first")
	}
	digits := a.c.digits()
	if v, ok := smallInt(a.n, digits); ok {
		return v, nil
	}
	if a.n.IsZero() {
		return 0, nil
	}
	// A non-zero coefficient times 10^19 or more cannot fit.
	if int64(a.n.Exponent())+int64(digits) < 19 {
		if bi := a.n.Shift(digits).BigInt(); bi.IsInt64() {
			return bi.Int64(), nil
		}
	}
	return 0, fmt.Errorf("currency: %s in minor units: %w", a, ErrOverflow)
}

// scaled returns the number of a as a string with at least the currency's
// minor units of decimals, and more only when a has more significant ones
// (never dropping information): "2.50" for 2.5 USD, "1.2345" for 1.2345 USD,
// "2.50" for 2.5000 USD.
func (a Amount) scaled() string {
	places := a.c.digits()
	if e := -a.n.Exponent(); e > places {
		places = significantDecimals(a.n, places)
	}
	return a.n.StringFixed(places)
}

// appendScaled appends scaled() to dst, without allocating for numbers whose
// coefficient fits in an int64.
func (a Amount) appendScaled(dst []byte) []byte {
	c, ok := coef64(a.n)
	if !ok || a.n.Exponent() > 0 {
		return append(dst, a.scaled()...)
	}
	places := a.c.digits()
	exp := -a.n.Exponent() // decimals present
	for exp > places && c%10 == 0 {
		c /= 10 // drop trailing zeros beyond the currency's scale
		exp--
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], uabs64(c), 10)
	if c < 0 {
		dst = append(dst, '-')
	}
	if int64(exp) >= int64(len(digits)) {
		dst = append(dst, '0')
		if exp > 0 {
			dst = append(dst, '.')
			dst = appendZeroRun(dst, int(exp)-len(digits))
			dst = append(dst, digits...)
		}
	} else {
		intLen := len(digits) - int(exp)
		dst = append(dst, digits[:intLen]...)
		if exp > 0 {
			dst = append(dst, '.')
			dst = append(dst, digits[intLen:]...)
		}
	}
	if places > exp {
		if exp == 0 {
			dst = append(dst, '.')
		}
		dst = appendZeroRun(dst, int(places-exp))
	}
	return dst
}

func appendZeroRun(dst []byte, n int) []byte {
	for range n {
		dst = append(dst, '0')
	}
	return dst
}

// significantDecimals returns the number of decimals of d without trailing
// zeros, but at least min. It assumes d has more than min decimals.
func significantDecimals(d decimal.Decimal, min int32) int32 {
	e := -d.Exponent()
	if d.IsZero() {
		return min
	}
	coef := d.Coefficient()
	if coef.IsInt64() {
		v := coef.Int64()
		for e > min && v%10 == 0 {
			v /= 10
			e--
		}
		return e
	}
	var q, r big.Int
	ten := big.NewInt(10)
	for e > min {
		q.QuoRem(coef, ten, &r)
		if r.Sign() != 0 {
			break
		}
		coef.Set(&q)
		e--
	}
	return e
}

// encodable reports, with an *InvalidAmountError, an amount whose text the
// parsers would refuse as too long: more than maxIntDigits digits before the
// point or maxDecimals after it. MarshalJSON and Value refuse to write it, so
// that everything they write reads back.
func (a Amount) encodable() error {
	if a.n.IsZero() {
		return nil
	}
	if e := -a.n.Exponent(); e > maxDecimals && significantDecimals(a.n, a.c.digits()) > maxDecimals {
		return invalidAmount(a.n.String(), "too many decimals to encode")
	}
	if int64(a.n.NumDigits())+int64(a.n.Exponent()) > maxIntDigits {
		return invalidAmount(a.n.String(), "too many digits to encode")
	}
	return nil
}

// String returns a as "12.34 USD": the number at the currency's scale (or with
// more decimals when a carries more significant ones) and the code. Parse
// reads it back. The zero Amount prints as its number alone.
func (a Amount) String() string {
	if a.c.d == nil {
		return a.n.String()
	}
	var buf [64]byte
	b := a.appendScaled(buf[:0])
	b = append(b, ' ')
	b = append(b, a.c.d.code...)
	return string(b)
}
