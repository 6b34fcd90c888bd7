package currency

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// SymbolStyle selects how a Formatter shows the currency of an amount.
// A SymbolStyle is a plain value, safe for concurrent use.
type SymbolStyle uint8

const (
	// SymbolStandard shows the locale's standard symbol, such as "$" for USD
	// in en, "US$" in zh-Hans and "$US" in fr. It is the default.
	SymbolStandard SymbolStyle = iota
	// SymbolNarrow shows the narrow symbol, such as "$" for USD, CAD and AUD
	// alike; use it only where the currency is clear from context.
	SymbolNarrow
	// SymbolCode shows the ISO 4217 code, such as "USD", placed and spaced
	// like a symbol: en "USD 1,234.50", de "1.234,50 USD".
	SymbolCode
	// SymbolNone shows no currency at all, only the localized number.
	SymbolNone
)

var symbolStyleNames = [...]string{"standard", "narrow", "code", "none"}

// String returns the style's name, such as "narrow".
func (s SymbolStyle) String() string {
	if int(s) < len(symbolStyleNames) {
		return symbolStyleNames[s]
	}
	return "SymbolStyle(" + strconv.Itoa(int(s)) + ")"
}

// FormatOption configures a Formatter; pass options to NewFormatter.
// Options are immutable and safe for concurrent use.
type FormatOption func(*formatOptions)

type formatOptions struct {
	symbol     SymbolStyle
	accounting bool
	digits     int // fixed number of decimals; -1 means the currency's display digits
	cash       bool
	mode       RoundingMode
}

// maxFormatDigits bounds WithDigits.
const maxFormatDigits = 30

// WithSymbol selects how the currency is shown (SymbolStandard by default).
// An unknown style is ignored.
func WithSymbol(s SymbolStyle) FormatOption {
	return func(o *formatOptions) {
		if int(s) < len(symbolStyleNames) {
			o.symbol = s
		}
	}
}

// WithAccounting selects the locale's accounting pattern, which in many
// locales shows negative amounts in parentheses: en "($1,234.50)". Locales
// without an accounting form (de, es, ru, ...) keep the minus sign.
func WithAccounting() FormatOption {
	return func(o *formatOptions) { o.accounting = true }
}

// WithDigits shows exactly n decimals instead of the currency's display
// digits, rounding with the Formatter's rounding mode or padding with zeros.
// A negative n restores the default; n is capped at 30.
func WithDigits(n int) FormatOption {
	return func(o *formatOptions) {
		switch {
		case n < 0:
			o.digits = -1
		case n > maxFormatDigits:
			o.digits = maxFormatDigits
		default:
			o.digits = n
		}
	}
}

// WithCash rounds amounts to the currency's smallest cash increment before
// display (CHF to 0.05, SEK and TWD to whole units) and shows the cash
// number of decimals when it is smaller than the display digits.
func WithCash() FormatOption {
	return func(o *formatOptions) { o.cash = true }
}

// WithRoundingMode sets how amounts with more decimals than shown are rounded
// for display. The default is HalfEven; an unknown mode is ignored.
func WithRoundingMode(m RoundingMode) FormatOption {
	return func(o *formatOptions) {
		if int(m) < len(roundingNames) {
			o.mode = m
		}
	}
}

// Formatter formats amounts for one locale following CLDR: the symbol and its
// placement and spacing, decimal and grouping separators, grouping sizes
// (Indian lakh/crore grouping in en-IN and hi), minimum grouping digits
// (es and it "1234,50 €" but "12.345,00 €"), the numbering system's digits and
// the negative and accounting forms.
//
// The tables are generated from Unicode CLDR (see CLDRVersion) and cover
// every CLDR locale with currency formats — all locales of CLDR's
// cldr-numbers-full package, about 760 — each in its default numbering
// system: Latin digits for ar (with the right-to-left marks its patterns
// carry), Bengali digits for bn, Devanagari for mr and ne, Extended
// Arabic-Indic for fa, and so on. Symbols are CLDR's for each locale, even
// where CLDR's choice is the ISO code (es and pl write GBP, fr CNY, it INR);
// a currency without a symbol in the locale is shown by its ISO code, spaced
// from the number: en "KWD 1,234.500". See NewFormatter for how a tag is
// matched to a locale.
//
// A Formatter is immutable and safe for concurrent use. Build one per locale
// and option set with NewFormatter and reuse it.
type Formatter struct {
	tag    language.Tag
	num    *numberingData
	pat    compiledPattern
	alt    *compiledPattern // CLDR alphaNextToNumber variant of pat, if any
	chain  [maxChain][]symbolEntry
	opts   formatOptions
	minGrp int
}

// NewFormatter returns a Formatter for the CLDR locale that holds tag's data,
// found the way CLDR looks locales up: the tag's language, script (when it is
// not the language's default) and region, then its CLDR parents. So de-CH
// keeps de-CH's data (CHF 1’234.50), de-AT de-AT's; zh-TW uses zh-Hant,
// zh-HK zh-Hant-HK and zh-CN zh-Hans; pt is Brazilian Portuguese and pt-PT
// European; en-ZA, en-IN and es-MX have their own data; a region CLDR has no
// data for falls back to its language (de-XX → de), never to a neighbouring
// language. A language CLDR has no data for gives en. Locale reports the
// locale chosen. Options are applied in order.
func NewFormatter(tag language.Tag, opts ...FormatOption) *Formatter {
	o := formatOptions{symbol: SymbolStandard, digits: -1, mode: HalfEven}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	idx := matchLocale(tag)
	loc := &cldrLocales[idx]
	f := &Formatter{
		tag:    localeTag(idx),
		num:    &numberings[loc.numbering],
		opts:   o,
		minGrp: int(loc.minGrouping),
	}
	// The tables are checked by the tests, so compiling cannot fail for a
	// supported locale; should it ever, the root pattern keeps Format working.
	std, err := compilePattern(f.num.standard, f.num.minus)
	if err != nil {
		std, _ = compilePattern(rootPattern, f.num.minus)
	}
	f.pat = std
	alt := f.num.standardAlpha
	if o.accounting {
		alt = f.num.accountingAlpha
		if acct, err := compilePattern(f.num.accounting, f.num.minus); err == nil {
			// Grouping is a property of the locale's numbers: keep the
			// standard pattern's sizes (en-IN's accounting pattern lacks
			// the Indian grouping its standard pattern has).
			acct.primary, acct.secondary = std.primary, std.secondary
			f.pat = acct
		}
	}
	if alt != "" {
		if cp, err := compilePattern(alt, f.num.minus); err == nil {
			cp.primary, cp.secondary = std.primary, std.secondary
			f.alt = &cp
		}
	}
	n := 0
	for i := idx; i >= 0 && n < maxChain; i = int(cldrLocales[i].parent) {
		if s := cldrLocales[i].symbols(); len(s) > 0 {
			f.chain[n] = s
			n++
		}
	}
	return f
}

// rootPattern is CLDR root's currency pattern.
const rootPattern = "¤\u00a0#,##0.00"

// Locale returns the locale whose data f uses, such as zh-Hant for a
// Formatter built for zh-TW.
func (f *Formatter) Locale() language.Tag { return f.tag }

// Format returns a formatted for f's locale, such as "1.234,50 €" in de.
// The amount is rounded for display with the Formatter's rounding mode;
// a value that rounds to zero is shown without a sign. The zero Amount,
// which has no currency, is shown as a bare number without decimals.
// Every digit is written: an amount is as long on screen as its number is
// (amounts parsed by this package have at most 100 integer digits).
func (f *Formatter) Format(a Amount) string {
	var buf [64]byte
	return string(f.AppendFormat(buf[:0], a))
}

// AppendFormat appends a formatted to dst, like Format, and returns the
// extended buffer. Reusing dst avoids allocation in most cases.
func (f *Formatter) AppendFormat(dst []byte, a Amount) []byte {
	places := int32(a.c.DisplayDigits())
	cash := f.opts.cash && a.c.d != nil
	if cash && a.c.d.cashDigits < places {
		places = a.c.d.cashDigits
	}
	if f.opts.digits >= 0 {
		places = int32(f.opts.digits)
	}

	var (
		cbuf [24]byte
		ibuf [40]byte
		fbuf [32]byte
		coef []byte
		neg  bool
		exp  int32
	)
	if v, e, ok := f.roundFast(a, cash, places); ok {
		exp = e
		if v < 0 {
			neg = true
			coef = strconv.AppendUint(cbuf[:0], uint64(-v), 10)
		} else {
			coef = strconv.AppendUint(cbuf[:0], uint64(v), 10)
		}
	} else {
		n := a.n
		if cash {
			n = roundIncrement(n, a.c.d.cashIncrement, a.c.d.cashDigits, f.opts.mode)
		}
		n = Round(n, places, f.opts.mode)
		coef, neg = coefficientDigits(cbuf[:0], n)
		exp = n.Exponent()
	}
	intPart, frac := splitDigits(ibuf[:0], fbuf[:0], coef, exp, places)

	sym := f.symbol(a.c)
	pat := &f.pat
	if f.alt != nil && pat.alphaNextToNumber(sym, neg) {
		pat = f.alt
	}
	pre, suf := &pat.posPrefix, &pat.posSuffix
	if neg {
		pre, suf = &pat.negPrefix, &pat.negSuffix
	}
	dst = pre.appendPrefix(dst, sym)
	dst = f.appendNumber(dst, intPart, frac, pat)
	return suf.appendSuffix(dst, sym)
}

// symbol returns the text shown for currency c, or "" for none.
func (f *Formatter) symbol(c Currency) string {
	code := c.Code()
	if code == "" {
		return ""
	}
	switch f.opts.symbol {
	case SymbolNone:
		return ""
	case SymbolCode:
		return code
	}
	if len(code) != 3 {
		return code
	}
	key := packCode(code)
	for _, m := range f.chain {
		if m == nil {
			break
		}
		if e, ok := findSymbol(m, key); ok {
			if f.opts.symbol == SymbolNarrow && e.narrow != 0 {
				return symbolTexts[e.narrow]
			}
			return symbolTexts[e.standard]
		}
	}
	return code
}

// roundFast rounds a for display in int64 arithmetic: to the cash increment
// first when cash is set, then to places decimals. It returns the coefficient
// and exponent of the result, whose exponent is at least -places, and false
// when the amount does not fit the fast path (more than 18 digits, or scales
// whose powers of ten overflow); the caller then rounds with decimals.
func (f *Formatter) roundFast(a Amount, cash bool, places int32) (int64, int32, bool) {
	if a.n.NumDigits() > 18 {
		return 0, 0, false
	}
	v, e := a.n.CoefficientInt64(), a.n.Exponent()
	ok := true
	if cash && a.c.d.cashIncrement != 1 {
		if v, ok = roundCoefficient(v, e, a.c.d.cashIncrement, a.c.d.cashDigits, f.opts.mode); !ok {
			return 0, 0, false
		}
		e = -a.c.d.cashDigits
	}
	if cash && a.c.d.cashIncrement == 1 && e < -a.c.d.cashDigits {
		if v, ok = roundCoefficient(v, e, 1, a.c.d.cashDigits, f.opts.mode); !ok {
			return 0, 0, false
		}
		e = -a.c.d.cashDigits
	}
	if e >= -places {
		return v, e, true
	}
	if v, ok = roundCoefficient(v, e, 1, places, f.opts.mode); !ok {
		return 0, 0, false
	}
	return v, -places, true
}

// int64Pow10 holds the powers of ten that fit an int64.
var int64Pow10 = [...]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// roundCoefficient rounds v × 10^exp to a multiple of inc × 10^-places with
// mode and returns the result's coefficient at exponent -places. It reports
// false when the computation does not fit an int64.
func roundCoefficient(v int64, exp int32, inc int64, places int32, mode RoundingMode) (int64, bool) {
	if inc <= 0 {
		return 0, false
	}
	var unit int64
	if shift := exp + places; shift >= 0 {
		// Exact at this scale: scale up, then round to the increment.
		if int(shift) >= len(int64Pow10) {
			return 0, false
		}
		p := int64Pow10[shift]
		if v > math.MaxInt64/p || v < -math.MaxInt64/p {
			return 0, false
		}
		v *= p
		unit = inc
	} else {
		k := -shift
		if int(k) >= len(int64Pow10) || inc > math.MaxInt64/int64Pow10[k] {
			return 0, false
		}
		unit = inc * int64Pow10[k]
	}
	q, r := v/unit, v%unit
	if r == 0 {
		return q * inc, true
	}
	neg := v < 0
	if r < 0 {
		r = -r
	}
	away := q + 1
	if neg {
		away = q - 1
	}
	switch mode {
	case Down:
		return q * inc, true
	case Up:
		return away * inc, true
	case Ceiling:
		if neg {
			return q * inc, true
		}
		return away * inc, true
	case Floor:
		if neg {
			return away * inc, true
		}
		return q * inc, true
	}
	switch rest := unit - r; {
	case r > rest:
		return away * inc, true
	case r < rest:
		return q * inc, true
	case mode == HalfEven && q%2 == 0:
		return q * inc, true
	}
	return away * inc, true
}

// coefficientDigits appends the decimal digits of |n|'s coefficient to dst and
// reports whether n is negative.
func coefficientDigits(dst []byte, n decimal.Decimal) ([]byte, bool) {
	c := n.Coefficient()
	neg := c.Sign() < 0
	return c.Abs(c).Append(dst, 10), neg
}

// splitDigits splits the number coef × 10^exp, which has been rounded to
// places decimals, into its integer digits and exactly places fraction digits.
// A rounded decimal may keep a smaller exponent with trailing zeros
// (shopspring returns 1.140 unchanged when rounding it to two places); those
// zeros are dropped.
func splitDigits(intPart, frac, coef []byte, exp, places int32) ([]byte, []byte) {
	if exp < -places {
		drop := int(-places - exp)
		if drop >= len(coef) {
			coef = coef[:1]
			coef[0] = '0'
		} else {
			coef = coef[:len(coef)-drop]
		}
		exp = -places
	}
	if len(coef) == 1 && coef[0] == '0' {
		intPart = append(intPart, '0')
		return intPart, appendZeros(frac, int(places))
	}
	if exp >= 0 {
		intPart = append(intPart, coef...)
		intPart = appendZeros(intPart, int(exp))
		return intPart, appendZeros(frac, int(places))
	}
	k := int(-exp)
	if len(coef) > k {
		intPart = append(intPart, coef[:len(coef)-k]...)
		frac = append(frac, coef[len(coef)-k:]...)
	} else {
		intPart = append(intPart, '0')
		frac = appendZeros(frac, k-len(coef))
		frac = append(frac, coef...)
	}
	return intPart, appendZeros(frac, int(places)-k)
}

func appendZeros(dst []byte, n int) []byte {
	for ; n > 0; n-- {
		dst = append(dst, '0')
	}
	return dst
}

// appendNumber appends the localized number: grouped integer digits, and the
// decimal separator and fraction digits when there are any.
func (f *Formatter) appendNumber(dst, intPart, frac []byte, pat *compiledPattern) []byte {
	num := f.num
	p, s := pat.primary, pat.secondary
	n := len(intPart)
	if p <= 0 || n < p+f.minGrp {
		dst = num.appendDigits(dst, intPart)
	} else {
		rest := n - p // digits before the primary group
		lead := rest % s
		if lead == 0 {
			lead = s
		}
		dst = num.appendDigits(dst, intPart[:lead])
		for i := lead; i < rest; i += s {
			dst = append(dst, num.group...)
			dst = num.appendDigits(dst, intPart[i:i+s])
		}
		dst = append(dst, num.group...)
		dst = num.appendDigits(dst, intPart[rest:])
	}
	if len(frac) > 0 {
		dst = append(dst, num.decimal...)
		dst = num.appendDigits(dst, frac)
	}
	return dst
}

// appendDigits appends ASCII digits in the numbering system's digits.
func (num *numberingData) appendDigits(dst, digits []byte) []byte {
	if num.zero == '0' || num.zero == 0 {
		return append(dst, digits...)
	}
	for _, d := range digits {
		dst = utf8.AppendRune(dst, num.zero+rune(d-'0'))
	}
	return dst
}

// affix is a pattern prefix or suffix: literal text around at most one
// currency sign. noSym is the text to use when no currency is shown, with the
// spacing that only separated the symbol removed.
type affix struct {
	before, after string
	hasSym        bool
	noSym         string
}

// compiledPattern is a CLDR currency pattern, ready to apply.
type compiledPattern struct {
	posPrefix, posSuffix affix
	negPrefix, negSuffix affix
	// primary and secondary are the grouping sizes: 3 and 3 for "#,##0.00",
	// 3 and 2 for "#,##,##0.00"; primary is 0 when the pattern has no grouping.
	primary, secondary int
}

const nbsp = "\u00a0"

// alphaNextToNumber reports whether sym, placed by the pattern for a number
// of the given sign, would touch the number with a letter or digit rather
// than a symbol: then CLDR's alphaNextToNumber pattern variant applies.
func (cp *compiledPattern) alphaNextToNumber(sym string, neg bool) bool {
	if sym == "" {
		return false
	}
	pre, suf := &cp.posPrefix, &cp.posSuffix
	if neg {
		pre, suf = &cp.negPrefix, &cp.negSuffix
	}
	if pre.hasSym && pre.after == "" {
		r, _ := utf8.DecodeLastRuneInString(sym)
		return needsCurrencySpace(r)
	}
	if suf.hasSym && suf.before == "" {
		r, _ := utf8.DecodeRuneInString(sym)
		return needsCurrencySpace(r)
	}
	return false
}

// appendPrefix appends the affix as a prefix: when the symbol touches the
// number and ends in a letter or digit rather than a symbol or a space, a
// no-break space separates them (CLDR currencySpacing): "CHF 12.00" but "$12.00".
func (af *affix) appendPrefix(dst []byte, sym string) []byte {
	if !af.hasSym || sym == "" {
		return append(dst, af.noSym...)
	}
	dst = append(dst, af.before...)
	dst = append(dst, sym...)
	if af.after == "" {
		if r, _ := utf8.DecodeLastRuneInString(sym); needsCurrencySpace(r) {
			dst = append(dst, nbsp...)
		}
	}
	return append(dst, af.after...)
}

// appendSuffix appends the affix as a suffix, spacing the symbol from the
// number like appendPrefix.
func (af *affix) appendSuffix(dst []byte, sym string) []byte {
	if !af.hasSym || sym == "" {
		return append(dst, af.noSym...)
	}
	dst = append(dst, af.before...)
	if af.before == "" {
		if r, _ := utf8.DecodeRuneInString(sym); needsCurrencySpace(r) {
			dst = append(dst, nbsp...)
		}
	}
	dst = append(dst, sym...)
	return append(dst, af.after...)
}

// needsCurrencySpace reports whether r matches CLDR's currencyMatch
// [[:^S:]&[:^Z:]]: neither a symbol nor a separator.
func needsCurrencySpace(r rune) bool {
	return !unicode.IsSymbol(r) && !unicode.Is(unicode.Z, r)
}

// compilePattern parses a CLDR currency pattern such as "¤#,##0.00" or
// "#,##0.00 ¤;(#,##0.00 ¤)". In affixes, "¤" is the currency and "-" the
// locale's minus sign; a missing negative subpattern means the minus sign
// before the positive one.
func compilePattern(p, minus string) (compiledPattern, error) {
	var cp compiledPattern
	pos, neg, hasNeg := strings.Cut(p, ";")
	pre, num, suf, err := splitPattern(pos)
	if err != nil {
		return cp, err
	}
	intSpec, _, _ := strings.Cut(num, ".")
	if i := strings.LastIndexByte(intSpec, ','); i >= 0 {
		cp.primary = len(intSpec) - i - 1
		cp.secondary = cp.primary
		if j := strings.LastIndexByte(intSpec[:i], ','); j >= 0 {
			cp.secondary = i - j - 1
		}
		if cp.primary == 0 || cp.secondary == 0 {
			return cp, fmt.Errorf("currency: bad grouping in pattern %q", p)
		}
	}
	if cp.posPrefix, err = parseAffix(pre, minus); err != nil {
		return cp, err
	}
	if cp.posSuffix, err = parseAffix(suf, minus); err != nil {
		return cp, err
	}
	if !hasNeg {
		cp.negPrefix, _ = parseAffix("-"+pre, minus)
		cp.negSuffix = cp.posSuffix
		return cp, nil
	}
	npre, _, nsuf, err := splitPattern(neg)
	if err != nil {
		return cp, err
	}
	if cp.negPrefix, err = parseAffix(npre, minus); err != nil {
		return cp, err
	}
	if cp.negSuffix, err = parseAffix(nsuf, minus); err != nil {
		return cp, err
	}
	return cp, nil
}

// splitPattern splits a subpattern into prefix, number part and suffix.
func splitPattern(p string) (prefix, number, suffix string, err error) {
	start := strings.IndexAny(p, "#0")
	if start < 0 {
		return "", "", "", fmt.Errorf("currency: no digits in pattern %q", p)
	}
	end := start
	for end < len(p) && strings.IndexByte("#0,.", p[end]) >= 0 {
		end++
	}
	return p[:start], p[start:end], p[end:], nil
}

// parseAffix turns affix text into an affix, replacing "-" by the minus sign.
func parseAffix(s, minus string) (affix, error) {
	if strings.Count(s, "¤") > 1 {
		return affix{}, fmt.Errorf("currency: more than one currency sign in %q", s)
	}
	s = strings.ReplaceAll(s, "-", minus)
	before, after, found := strings.Cut(s, "¤")
	af := affix{before: before, after: after, hasSym: found, noSym: s}
	if found {
		af.noSym = strings.TrimRightFunc(before, unicode.IsSpace) + strings.TrimLeftFunc(after, unicode.IsSpace)
	}
	return af, nil
}
