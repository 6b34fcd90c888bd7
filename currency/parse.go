package currency

import (
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// Limits of the parsers, so that hostile input costs bounded time and memory
// and everything Amount.String and MarshalJSON write can be read back: a
// number has at most maxIntDigits digits before the point (not counting
// leading zeros) and maxDecimals after it, and at most maxInputLen bytes.
const (
	maxInputLen  = 256
	maxIntDigits = 100
	maxDecimals  = 100
)

// parseNumber parses a plain decimal: an optional sign, digits, and an optional
// fraction with at least one digit on each side of the point. It rejects
// exponents, NaN, infinities, grouping, whitespace and non-ASCII digits. When
// maxDec >= 0, more than maxDec digits after the point (trailing zeros
// included: "2.500" has three) is an error.
func parseNumber(s string, maxDec int) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, invalidAmount(s, "empty")
	}
	if len(s) > maxInputLen {
		return decimal.Decimal{}, invalidAmount(s, "too long")
	}
	i := 0
	neg := false
	switch s[0] {
	case '-':
		neg = true
		i++
	case '+':
		i++
	}
	var (
		coef      uint64
		sig       int // significant digits seen (after leading zeros)
		intDigits int // significant digits before the point
		decimals  int // digits after the point
		seenDot   bool
		intLen    int // digits before the point, leading zeros included
	)
	for start := i; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if seenDot {
				decimals++
			} else {
				intLen++
			}
			if sig == 0 && c == '0' {
				continue // leading zeros do not count
			}
			sig++
			if !seenDot {
				intDigits++
			}
			if sig <= 18 {
				coef = coef*10 + uint64(c-'0')
			}
		case c == '.' && !seenDot:
			if i == start {
				return decimal.Decimal{}, invalidAmount(s, "no digits before the decimal point")
			}
			seenDot = true
		default:
			return decimal.Decimal{}, invalidAmount(s, "not a plain decimal number")
		}
	}
	switch {
	case intLen == 0 && !seenDot:
		return decimal.Decimal{}, invalidAmount(s, "no digits")
	case seenDot && decimals == 0:
		return decimal.Decimal{}, invalidAmount(s, "no digits after the decimal point")
	case intDigits > maxIntDigits:
		return decimal.Decimal{}, invalidAmount(s, "too many digits before the decimal point")
	case decimals > maxDecimals:
		return decimal.Decimal{}, invalidAmount(s, "too many digits after the decimal point")
	case maxDec >= 0 && decimals > maxDec:
		return decimal.Decimal{}, invalidAmount(s, "too many decimals for the currency")
	}
	if sig <= 18 {
		v := int64(coef)
		if neg {
			v = -v
		}
		return decimal.New(v, int32(-decimals)), nil
	}
	// Long numbers: build the coefficient as a big.Int from the digits.
	b := make([]byte, 0, len(s))
	for j := 0; j < len(s); j++ {
		if c := s[j]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	bi, ok := new(big.Int).SetString(string(b), 10)
	if !ok { // unreachable: b holds only ASCII digits
		return decimal.Decimal{}, invalidAmount(s, "not a plain decimal number")
	}
	if neg {
		bi.Neg(bi)
	}
	return decimal.NewFromBigInt(bi, int32(-decimals)), nil
}

// Parser parses amounts written as "12.34", "USD 12.34" or "12.34 USD". The
// zero Parser uses the ISO 4217 list, requires a currency code in the input and
// accepts any number of decimals. A Parser is a value that is safe for
// concurrent use.
type Parser struct {
	// Registry resolves currency codes; nil means the ISO 4217 list.
	Registry *Registry
	// Currency is the code assumed when the input has none. If set, an input
	// naming another currency is a *MismatchError.
	Currency string
	// Strict rejects amounts written with more decimals than the currency's
	// minor units ("12.345 USD", and also "12.340 USD") instead of keeping them.
	Strict bool
}

// Parse parses s. Surrounding white space is ignored; one space (or none) may
// separate the three-letter code, in any case, from the number. The number is
// a plain decimal: an optional sign, digits, and an optional point followed
// by digits ("12", "-0.50", "+7.25"; not ".5", "5.", "1,000", "1e3", "NaN").
// Anything else gives an *InvalidAmountError, an unknown code an
// *UnknownCurrencyError. Numbers are limited to 100 digits on each side of
// the point. The amount keeps the decimals as written: the Number of
// "2.50 USD" has exponent -2, that of "2.5 USD" -1.
func (p Parser) Parse(s string) (Amount, error) {
	in := strings.TrimSpace(s)
	code, num := "", in
	if n := len(in); n > 3 {
		switch {
		case isLetter(in[0]) && isLetter(in[1]) && isLetter(in[2]):
			code, num = in[:3], in[3:]
			if num[0] == ' ' {
				num = num[1:]
			}
		case isLetter(in[n-1]) && isLetter(in[n-2]) && isLetter(in[n-3]):
			code, num = in[n-3:], in[:n-3]
			if num[len(num)-1] == ' ' {
				num = num[:len(num)-1]
			}
		}
	}
	// The number first, so that junk is reported as such and not as an
	// unknown currency.
	n, err := parseNumber(num, -1)
	if err != nil {
		return Amount{}, err
	}
	if code == "" {
		code = p.Currency
		if code == "" {
			return Amount{}, invalidAmount(s, "no currency code")
		}
	}
	c, err := p.Registry.Lookup(code)
	if err != nil {
		return Amount{}, err
	}
	if p.Currency != "" && c.Code() != p.Currency {
		if want := normalizeCode(p.Currency); c.Code() != want {
			if want == "" {
				want = p.Currency
			}
			return Amount{}, &MismatchError{A: want, B: c.Code()}
		}
	}
	if p.Strict && -n.Exponent() > c.digits() {
		return Amount{}, invalidAmount(s, "too many decimals for the currency")
	}
	return Amount{n: n, c: c}, nil
}

func isLetter(b byte) bool { return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') }

// ParseAmount parses "USD 12.34" or "12.34 USD" with the zero Parser: the code
// is required, any number of decimals is kept. It reads back Amount.String.
func ParseAmount(s string) (Amount, error) {
	return Parser{}.Parse(s)
}
