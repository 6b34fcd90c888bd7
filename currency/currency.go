package currency

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// Currency holds the facts about one currency: its ISO 4217 code, numeric
// code, minor units and cash rounding. The zero Currency is invalid; obtain one
// from Lookup or a Registry. Currency is an immutable value, safe for concurrent use.
type Currency struct {
	d *definition
}

// definition is the immutable data behind a Currency.
type definition struct {
	code    string
	numeric string
	name    string
	// digits is the ISO 4217 minor unit: the scale of amounts in this currency.
	digits int32
	// cashDigits and cashIncrement describe the smallest cash amount:
	// cashIncrement units of 10^-cashDigits (CHF: 5 × 0.01).
	cashDigits    int32
	cashIncrement int64
	// displayDigits is the number of decimals shown by default (CLDR), which
	// differs from digits for a few currencies.
	displayDigits int32
	// retired is, for a code ISO 4217 has withdrawn, the last day it was
	// legal tender (CLDR currencyData, "2023-01-14"); "" for current codes.
	retired string
}

// Code returns the ISO 4217 alphabetic code, such as "USD".
func (c Currency) Code() string {
	if c.d == nil {
		return ""
	}
	return c.d.code
}

// Numeric returns the ISO 4217 numeric code, such as "840", or "" when the
// currency has none (custom currencies).
func (c Currency) Numeric() string {
	if c.d == nil {
		return ""
	}
	return c.d.numeric
}

// Name returns the currency's English name from the ISO 4217 list.
func (c Currency) Name() string {
	if c.d == nil {
		return ""
	}
	return c.d.name
}

// Digits returns the ISO 4217 minor units: the number of decimals an amount in
// this currency carries (JPY 0, USD 2, KWD 3). Storage and APIs use this scale.
func (c Currency) Digits() int { return int(c.digits()) }

// DisplayDigits returns the number of decimals shown by default when the
// currency is displayed (CLDR). It can be smaller than Digits: IDR amounts have
// two minor units but are usually shown without decimals.
func (c Currency) DisplayDigits() int {
	if c.d == nil {
		return 0
	}
	return int(c.d.displayDigits)
}

// CashIncrement returns the smallest amount that can be paid in cash, such as
// 0.05 for CHF or 1 for SEK. It equals one minor unit when cash is not rounded differently.
func (c Currency) CashIncrement() decimal.Decimal {
	if c.d == nil {
		return decimal.Zero
	}
	return decimal.New(c.d.cashIncrement, -c.d.cashDigits)
}

// Retired reports whether c is a code ISO 4217 has withdrawn, such as HRK
// (replaced by the euro in 2023). Retired currencies are known as rate codes
// (ParseECB, RateTable, Registry.LookupAny) but refused for new amounts
// unless a Registry allows them (see Registry.AllowRetired).
func (c Currency) Retired() bool { return c.d != nil && c.d.retired != "" }

// LegalTenderUntil returns, for a retired currency, the last day it was legal
// tender as recorded by CLDR ("2023-01-14" for HRK), and "" otherwise.
func (c Currency) LegalTenderUntil() string {
	if c.d == nil {
		return ""
	}
	return c.d.retired
}

// IsZero reports whether c is the zero Currency.
func (c Currency) IsZero() bool { return c.d == nil }

// String returns the currency code.
func (c Currency) String() string { return c.Code() }

func (c Currency) digits() int32 {
	if c.d == nil {
		return 0
	}
	return c.d.digits
}

// Definition describes a currency to add to a Registry, or to override an
// ISO 4217 entry for one Registry only (never globally). It is a plain value;
// NewRegistry copies what it needs.
// A Definition is safe for concurrent reads.
type Definition struct {
	Code    string // three upper-case letters, required
	Numeric string // optional, three digits
	Name    string // optional
	Digits  int    // minor units, 0..18
	// CashIncrement is the smallest cash amount as a decimal string such as
	// "0.05" or "1"; empty means one minor unit. It must be a positive
	// multiple of the minor unit.
	CashIncrement string
	// DisplayDigits is the number of decimals shown by default, 1..18; zero
	// means the same as Digits. (A Formatter option can show fewer.)
	DisplayDigits int
}

func (def Definition) build() (*definition, error) {
	if !isCode(def.Code) {
		return nil, fmt.Errorf("currency: invalid currency code %q: want three upper-case letters: %w", def.Code, ErrInvalidDefinition)
	}
	if def.Digits < 0 || def.Digits > 18 {
		return nil, fmt.Errorf("currency: %s: digits %d out of range 0..18: %w", def.Code, def.Digits, ErrInvalidDefinition)
	}
	if def.Numeric != "" && (len(def.Numeric) != 3 || strings.Trim(def.Numeric, "0123456789") != "") {
		return nil, fmt.Errorf("currency: %s: invalid numeric code %q: %w", def.Code, def.Numeric, ErrInvalidDefinition)
	}
	d := &definition{
		code:          def.Code,
		numeric:       def.Numeric,
		name:          def.Name,
		digits:        int32(def.Digits),
		cashDigits:    int32(def.Digits),
		cashIncrement: 1,
		displayDigits: int32(def.DisplayDigits),
	}
	switch {
	case def.DisplayDigits == 0:
		d.displayDigits = d.digits
	case def.DisplayDigits < 0 || def.DisplayDigits > 18:
		return nil, fmt.Errorf("currency: %s: display digits %d out of range 0..18: %w", def.Code, def.DisplayDigits, ErrInvalidDefinition)
	}
	if def.CashIncrement != "" {
		inc, err := parseNumber(def.CashIncrement, -1)
		if err != nil || !inc.IsPositive() {
			return nil, fmt.Errorf("currency: %s: invalid cash increment %q: %w", def.Code, def.CashIncrement, ErrInvalidDefinition)
		}
		// Write the increment as coef × 10^-places with the fewest places.
		places := -inc.Exponent()
		coef := inc.Coefficient()
		ten := big.NewInt(10)
		for places > 0 && new(big.Int).Rem(coef, ten).Sign() == 0 {
			coef.Quo(coef, ten)
			places--
		}
		if places > d.digits || !coef.IsInt64() || coef.Int64() > 1e15 {
			return nil, fmt.Errorf("currency: %s: invalid cash increment %q: want a multiple of the minor unit, at most 10^15 of them: %w", def.Code, def.CashIncrement, ErrInvalidDefinition)
		}
		d.cashDigits = places
		d.cashIncrement = coef.Int64()
	}
	return d, nil
}

func isCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// normalizeCode upper-cases a three-letter ASCII code without allocating when
// it is already upper case. It returns "" for anything that is not three letters.
func normalizeCode(s string) string {
	if isCode(s) {
		return s
	}
	if len(s) != 3 {
		return ""
	}
	var b [3]byte
	for i := 0; i < 3; i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		default:
			return ""
		}
		b[i] = c
	}
	return string(b[:])
}

// Lookup returns the ISO 4217 currency with the given code (case-insensitive).
// Codes without minor units in ISO 4217 (precious metals such as XAU, fund
// codes such as XDR, the testing code XTS and "no currency" XXX) are not in the
// default list: register them with NewRegistry and the scale your books use.
// A retired code (HRK, LTL, ...; see RetiredCodes) gives a
// *RetiredCurrencyError: it is known for rates (LookupAny) but new amounts in
// it need a Registry that allows it (Registry.AllowRetired).
func Lookup(code string) (Currency, error) {
	return (*Registry)(nil).Lookup(code)
}

// LookupAny is Lookup that also returns retired ISO 4217 codes: for exchange
// rates and records of the past, not for new amounts.
func LookupAny(code string) (Currency, error) {
	return (*Registry)(nil).LookupAny(code)
}

// lookupISO finds code in the ISO table, retired codes included.
func lookupISO(code string) (*definition, bool) {
	if d, ok := isoCurrencies[code]; ok {
		return d, true
	}
	if n := normalizeCode(code); n != "" {
		if d, ok := isoCurrencies[n]; ok {
			return d, true
		}
	}
	return nil, false
}

// Registry is a set of currencies: the ISO 4217 list plus a host's own
// definitions and overrides, and the retired ISO codes it allows for new
// amounts. A Registry is immutable after NewRegistry (AllowRetired returns a
// new one) and safe for concurrent use. Its zero value and a nil *Registry
// behave like the ISO list.
type Registry struct {
	extra   map[string]*definition
	retired map[string]bool // retired ISO codes allowed for amounts
}

// NewRegistry returns a Registry holding the ISO 4217 currencies with defs added
// or overriding them. An invalid definition or a code defined twice gives an
// error matching ErrInvalidDefinition. A definition of a retired ISO code
// (HRK, ...) replaces it with an ordinary currency of the registry.
func NewRegistry(defs ...Definition) (*Registry, error) {
	r := &Registry{extra: make(map[string]*definition, len(defs))}
	for _, def := range defs {
		d, err := def.build()
		if err != nil {
			return nil, err
		}
		if _, dup := r.extra[d.code]; dup {
			return nil, fmt.Errorf("currency: %s defined twice: %w", d.code, ErrInvalidDefinition)
		}
		r.extra[d.code] = d
	}
	return r, nil
}

// AllowRetired returns a copy of r in which amounts may be made in the given
// retired ISO 4217 codes (see RetiredCodes), for hosts that keep books of the
// past: r.AllowRetired("HRK") lets Parser, JSONDecoder, Scan and Converter
// (through their Registry field) accept HRK amounts. A code that is not a
// retired ISO code gives an error matching ErrInvalidDefinition. r is not
// changed; a nil r stands for the ISO list.
func (r *Registry) AllowRetired(codes ...string) (*Registry, error) {
	out := &Registry{retired: map[string]bool{}}
	if r != nil {
		out.extra = r.extra
		for c := range r.retired {
			out.retired[c] = true
		}
	}
	for _, code := range codes {
		d, ok := lookupISO(code)
		if !ok || d.retired == "" {
			return nil, fmt.Errorf("currency: %q is not a retired ISO 4217 code: %w", code, ErrInvalidDefinition)
		}
		out.retired[d.code] = true
	}
	return out, nil
}

// Lookup returns the currency with the given code (case-insensitive), looking
// at the registry's own definitions first and then at the ISO 4217 list. A
// retired ISO code the registry does not allow gives a *RetiredCurrencyError.
func (r *Registry) Lookup(code string) (Currency, error) {
	c, err := r.LookupAny(code)
	if err == nil && c.d.retired != "" && (r == nil || !r.retired[c.d.code]) {
		return Currency{}, &RetiredCurrencyError{Code: c.d.code, Until: c.d.retired}
	}
	return c, err
}

// LookupAny is Lookup that also returns retired ISO 4217 codes whether the
// registry allows them for amounts or not: rate sources (ParseECB,
// RateTable) use it, because historical rates are quoted in such codes.
func (r *Registry) LookupAny(code string) (Currency, error) {
	if r != nil && len(r.extra) > 0 {
		if d, ok := r.extra[code]; ok {
			return Currency{d}, nil
		}
		if n := normalizeCode(code); n != "" {
			if d, ok := r.extra[n]; ok {
				return Currency{d}, nil
			}
		}
	}
	if d, ok := lookupISO(code); ok {
		return Currency{d}, nil
	}
	return Currency{}, &UnknownCurrencyError{Code: code}
}

// Codes returns the codes of all current currencies in the ISO 4217 list,
// sorted.
func Codes() []string {
	out := make([]string, len(isoCodes))
	copy(out, isoCodes[:])
	return out
}

// RetiredCodes returns the retired ISO 4217 codes the package knows, sorted:
// the former euro-area currencies the ECB's history quotes (BGN, CYP, EEK,
// HRK, LTL, LVL, MTL, SIT, SKK), the pre-redenomination ROL and TRL, and the
// codes withdrawn since 2017 (ANG, CUC, MRO, SLL, STD, VEF, ZWL).
func RetiredCodes() []string {
	out := make([]string, len(retiredCodes))
	copy(out, retiredCodes[:])
	return out
}
