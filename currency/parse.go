package currency

import (
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// maxInputLen bounds the length of a number the parsers accept, so that
// hostile input costs bounded time and memory.
const maxInputLen = 256

// parseNumber parses a plain decimal: an optional sign, digits, and an optional
// fraction. It rejects exponents, NaN, infinities, grouping and whitespace.
// When maxDecimals >= 0, more decimals than that is an error.
func parseNumber(s string, maxDecimals int) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Zero, invalidAmount(s, "empty")
	}
	if len(s) > maxInputLen {
		return decimal.Zero, invalidAmount(s, "too long")
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
		coef     uint64
		digits   int // significant digits accumulated in coef
		decimals int
		seenDot  bool
		seenNum  bool
		overflow bool
	)
	start := i
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			seenNum = true
			if seenDot {
				decimals++
			}
			if coef == 0 && c == '0' {
				continue // leading zeros do not count towards the int64 limit
			}
			if digits >= 18 {
				overflow = true
				continue
			}
			coef = coef*10 + uint64(c-'0')
			digits++
		case c == '.' && !seenDot:
			seenDot = true
		default:
			return decimal.Zero, invalidAmount(s, "not a plain decimal number")
		}
	}
	if !seenNum {
		return decimal.Zero, invalidAmount(s, "no digits")
	}
	if seenDot && s[len(s)-1] == '.' {
		return decimal.Zero, invalidAmount(s, "no digits after the decimal point")
	}
	if s[start] == '.' {
		return decimal.Zero, invalidAmount(s, "no digits before the decimal point")
	}
	if maxDecimals >= 0 && decimals > maxDecimals {
		return decimal.Zero, invalidAmount(s, "too many decimals")
	}
	if !overflow {
		v := int64(coef)
		if neg {
			v = -v
		}
		return decimal.New(v, int32(-decimals)), nil
	}
	// Long numbers: build the coefficient as a big.Int.
	digitsOnly := strings.Replace(s[start:], ".", "", 1)
	bi, ok := new(big.Int).SetString(digitsOnly, 10)
	if !ok {
		return decimal.Zero, invalidAmount(s, "not a plain decimal number")
	}
	if neg {
		bi.Neg(bi)
	}
	return decimal.NewFromBigInt(bi, int32(-decimals)), nil
}

// Parser parses amounts written as "12.34", "USD 12.34" or "12.34 USD". The
// zero Parser uses the ISO 4217 list, requires a currency code in the input and
// accepts any number of decimals. A Parser is safe for concurrent use.
type Parser struct {
	// Registry resolves currency codes; nil means the ISO 4217 list.
	Registry *Registry
	// Currency is the code assumed when the input has none. If set, an input
	// naming another currency is a *MismatchError.
	Currency string
	// Strict rejects amounts with more decimals than the currency's minor units
	// (12.345 USD) instead of keeping them.
	Strict bool
}

// Parse parses s. Surrounding spaces are ignored; one space (or none) may
// separate the code from the number. Exponents, NaN, grouping separators and
// anything else than a plain decimal give an *InvalidAmountError; an unknown
// code gives an *UnknownCurrencyError.
func (p Parser) Parse(s string) (Amount, error) {
	in := strings.TrimSpace(s)
	code, num := "", in
	if len(in) >= 3 && isLetter(in[0]) {
		code, num = in[:3], strings.TrimPrefix(in[3:], " ")
	} else if n := len(in); n >= 3 && isLetter(in[n-1]) {
		code, num = in[n-3:], strings.TrimSuffix(in[:n-3], " ")
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
	if p.Currency != "" && c.Code() != strings.ToUpper(p.Currency) {
		return Amount{}, &MismatchError{A: strings.ToUpper(p.Currency), B: c.Code()}
	}
	max := -1
	if p.Strict {
		max = int(c.digits())
	}
	n, err := parseNumber(num, max)
	if err != nil {
		return Amount{}, err
	}
	return Amount{n: n, c: c}, nil
}

func isLetter(b byte) bool { return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') }

// ParseAmount parses "USD 12.34" or "12.34 USD" with the zero Parser: the code
// is required, any number of decimals is kept. It reads back Amount.String.
func ParseAmount(s string) (Amount, error) {
	return Parser{}.Parse(s)
}
