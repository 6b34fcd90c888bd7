package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CLDR is the part of a CLDR release the generator uses.
type CLDR struct {
	Version string // e.g. "48.2.0", the same for both packages
	License string // the LICENSE file of cldr-numbers-full
	// Locales maps a CLDR locale id ("de-CH", "und" for root) to its data.
	Locales map[string]*Locale
	// Parents is supplemental parentLocales: the explicit parents.
	Parents map[string]string
	// Fractions is supplemental currencyData fractions.
	Fractions map[string]Fraction
	// LastTender maps a currency code to the latest "_to" date of its
	// legal-tender periods in supplemental currencyData (region history).
	LastTender map[string]string
}

// Fraction is one supplemental currencyData fractions entry.
type Fraction struct {
	Digits, Rounding, CashDigits, CashRounding int
}

// Locale is one locale's resolved number and currency data in its default
// numbering system.
type Locale struct {
	ID                             string
	System                         string
	Zero                           rune
	Decimal, Group, Minus          string
	Standard, Accounting           string
	StandardAlpha, AccountingAlpha string
	MinGrouping                    int
	Symbols                        map[string]Symbol // resolved; absent = the ISO code
	otherSpacing                   string
}

// Symbol is a currency's standard and narrow symbol in one locale, resolved
// through CLDR inheritance. Narrow is "" when CLDR has none (the standard
// symbol is used).
type Symbol struct{ Standard, Narrow string }

// wantSpacing is the only currencySpacing the Formatter implements
// (currencyMatch [[:^S:]&[:^Z:]], surroundingMatch [:digit:], a no-break
// space between); Load refuses a release where a locale has another.
const wantSpacing = "{\"afterCurrency\":{\"currencyMatch\":\"[[:^S:]\\u0026[:^Z:]]\",\"insertBetween\":\"\u00a0\",\"surroundingMatch\":\"[:digit:]\"},\"beforeCurrency\":{\"currencyMatch\":\"[[:^S:]\\u0026[:^Z:]]\",\"insertBetween\":\"\u00a0\",\"surroundingMatch\":\"[:digit:]\"}}"

type pkgJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Load reads the unpacked cldr-numbers-full and cldr-core packages.
func Load(numbers, core fs.FS) (*CLDR, error) {
	var np, cp pkgJSON
	if err := readJSON(numbers, "package.json", &np); err != nil {
		return nil, err
	}
	if err := readJSON(core, "package.json", &cp); err != nil {
		return nil, err
	}
	if np.Name != "cldr-numbers-full" || cp.Name != "cldr-core" {
		return nil, fmt.Errorf("packages %q and %q, want cldr-numbers-full and cldr-core", np.Name, cp.Name)
	}
	if np.Version == "" || np.Version != cp.Version {
		return nil, fmt.Errorf("versions %q and %q differ", np.Version, cp.Version)
	}
	lic, err := fs.ReadFile(numbers, "LICENSE")
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(string(lic), "UNICODE LICENSE V3") {
		return nil, fmt.Errorf("LICENSE is not the Unicode License v3: %.40q", lic)
	}
	c := &CLDR{Version: np.Version, License: strings.TrimSpace(string(lic)), Locales: map[string]*Locale{}}

	var parents struct {
		Supplemental struct {
			ParentLocales struct {
				ParentLocale map[string]string `json:"parentLocale"`
			} `json:"parentLocales"`
		} `json:"supplemental"`
	}
	if err := readJSON(core, "supplemental/parentLocales.json", &parents); err != nil {
		return nil, err
	}
	c.Parents = parents.Supplemental.ParentLocales.ParentLocale

	var systems struct {
		Supplemental struct {
			NumberingSystems map[string]struct {
				Digits string `json:"_digits"`
				Type   string `json:"_type"`
			} `json:"numberingSystems"`
		} `json:"supplemental"`
	}
	if err := readJSON(core, "supplemental/numberingSystems.json", &systems); err != nil {
		return nil, err
	}

	var cd struct {
		Supplemental struct {
			CurrencyData struct {
				Fractions map[string]map[string]string              `json:"fractions"`
				Region    map[string][]map[string]map[string]string `json:"region"`
			} `json:"currencyData"`
		} `json:"supplemental"`
	}
	if err := readJSON(core, "supplemental/currencyData.json", &cd); err != nil {
		return nil, err
	}
	c.Fractions = map[string]Fraction{}
	for code, f := range cd.Supplemental.CurrencyData.Fractions {
		var fr Fraction
		var err error
		get := func(key string, def int) int {
			s, ok := f[key]
			if !ok {
				return def
			}
			n, e := strconv.Atoi(s)
			if e != nil || n < 0 {
				err = fmt.Errorf("currencyData %s %s = %q", code, key, s)
			}
			return n
		}
		fr.Digits = get("_digits", 2)
		fr.Rounding = get("_rounding", 0)
		fr.CashDigits = get("_cashDigits", fr.Digits)
		fr.CashRounding = get("_cashRounding", fr.Rounding)
		if err != nil {
			return nil, err
		}
		c.Fractions[code] = fr
	}
	c.LastTender = map[string]string{}
	for _, periods := range cd.Supplemental.CurrencyData.Region {
		for _, p := range periods {
			for code, attrs := range p {
				if to := attrs["_to"]; to > c.LastTender[code] {
					c.LastTender[code] = to
				}
			}
		}
	}

	entries, err := fs.ReadDir(numbers, "main")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		l, err := loadLocale(numbers, e.Name(), systems.Supplemental.NumberingSystems)
		if err != nil {
			return nil, fmt.Errorf("locale %s: %w", e.Name(), err)
		}
		c.Locales[l.ID] = l
	}
	if c.Locales["und"] == nil || c.Locales["en"] == nil {
		return nil, fmt.Errorf("no root (und) or en locale among %d", len(c.Locales))
	}
	return c, nil
}

func loadLocale(numbers fs.FS, id string, systems map[string]struct {
	Digits string `json:"_digits"`
	Type   string `json:"_type"`
}) (*Locale, error) {
	var nj struct {
		Main map[string]struct {
			Numbers map[string]json.RawMessage `json:"numbers"`
		} `json:"main"`
	}
	if err := readJSON(numbers, "main/"+id+"/numbers.json", &nj); err != nil {
		return nil, err
	}
	nums, ok := nj.Main[id]
	if !ok {
		return nil, fmt.Errorf("numbers.json has no %q", id)
	}
	l := &Locale{ID: id}
	if err := json.Unmarshal(nums.Numbers["defaultNumberingSystem"], &l.System); err != nil {
		return nil, fmt.Errorf("defaultNumberingSystem: %w", err)
	}
	var mg json.Number
	if err := json.Unmarshal(nums.Numbers["minimumGroupingDigits"], &mg); err != nil {
		var s string
		if err2 := json.Unmarshal(nums.Numbers["minimumGroupingDigits"], &s); err2 != nil {
			return nil, fmt.Errorf("minimumGroupingDigits: %w", err)
		}
		mg = json.Number(s)
	}
	n, err := strconv.Atoi(string(mg))
	if err != nil || n < 1 || n > 4 {
		return nil, fmt.Errorf("minimumGroupingDigits %q", mg)
	}
	l.MinGrouping = n
	ns, ok := systems[l.System]
	if !ok || ns.Type != "numeric" {
		return nil, fmt.Errorf("default numbering system %q is not a numeric system", l.System)
	}
	digits := []rune(ns.Digits)
	if len(digits) != 10 {
		return nil, fmt.Errorf("numbering system %s has %d digits", l.System, len(digits))
	}
	for i, d := range digits {
		if d != digits[0]+rune(i) {
			return nil, fmt.Errorf("numbering system %s: digits are not contiguous", l.System)
		}
	}
	l.Zero = digits[0]
	var sym map[string]string
	if err := json.Unmarshal(nums.Numbers["symbols-numberSystem-"+l.System], &sym); err != nil {
		return nil, fmt.Errorf("symbols-numberSystem-%s: %w", l.System, err)
	}
	l.Decimal, l.Group, l.Minus = sym["decimal"], sym["group"], sym["minusSign"]
	// Money may have separators of its own (de-AT groups numbers with a
	// space but amounts with a dot).
	if s := sym["currencyDecimal"]; s != "" {
		l.Decimal = s
	}
	if s := sym["currencyGroup"]; s != "" {
		l.Group = s
	}
	if l.Decimal == "" || l.Group == "" || l.Minus == "" {
		return nil, fmt.Errorf("incomplete symbols %v", sym)
	}
	var cf map[string]json.RawMessage
	if err := json.Unmarshal(nums.Numbers["currencyFormats-numberSystem-"+l.System], &cf); err != nil {
		return nil, fmt.Errorf("currencyFormats-numberSystem-%s: %w", l.System, err)
	}
	str := func(key string) string {
		var s string
		_ = json.Unmarshal(cf[key], &s)
		return s
	}
	l.Standard, l.Accounting = str("standard"), str("accounting")
	if l.Standard == "" || l.Accounting == "" {
		return nil, fmt.Errorf("no standard or accounting currency pattern")
	}
	if a := str("standard-alphaNextToNumber"); a != "" && a != l.Standard {
		l.StandardAlpha = a
	}
	if a := str("accounting-alphaNextToNumber"); a != "" && a != l.Accounting {
		l.AccountingAlpha = a
	}
	var spacing any
	if err := json.Unmarshal(cf["currencySpacing"], &spacing); err != nil {
		return nil, fmt.Errorf("currencySpacing: %w", err)
	}
	sp, _ := json.Marshal(spacing)
	if string(sp) != wantSpacing {
		return nil, fmt.Errorf("unsupported currencySpacing %s", sp)
	}

	var cj struct {
		Main map[string]struct {
			Numbers struct {
				Currencies map[string]map[string]string `json:"currencies"`
			} `json:"numbers"`
		} `json:"main"`
	}
	if err := readJSON(numbers, "main/"+id+"/currencies.json", &cj); err != nil {
		return nil, err
	}
	l.Symbols = map[string]Symbol{}
	for code, names := range cj.Main[id].Numbers.Currencies {
		if len(code) != 3 || strings.ToUpper(code) != code {
			return nil, fmt.Errorf("currency code %q", code)
		}
		s := Symbol{Standard: names["symbol"], Narrow: names["symbol-alt-narrow"]}
		if s.Standard == "" {
			s.Standard = code
		}
		if s.Narrow == s.Standard {
			s.Narrow = ""
		}
		if !utf8.ValidString(s.Standard) || !utf8.ValidString(s.Narrow) {
			return nil, fmt.Errorf("%s: invalid UTF-8 symbol", code)
		}
		if s.Standard != code || s.Narrow != "" {
			l.Symbols[code] = s
		}
	}
	return l, nil
}

// Parent returns the CLDR parent of a locale id: the explicit parentLocales
// entry, else the id with its last subtag removed, else root ("und"); root
// has none.
func (c *CLDR) Parent(id string) string {
	if id == "und" {
		return ""
	}
	if p, ok := c.Parents[id]; ok {
		return p
	}
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return "und"
}

// DataParent returns the nearest ancestor of id that has data.
func (c *CLDR) DataParent(id string) string {
	for p := c.Parent(id); p != ""; p = c.Parent(p) {
		if c.Locales[p] != nil {
			return p
		}
	}
	return ""
}

// IDs returns the locale ids, sorted.
func (c *CLDR) IDs() []string {
	ids := make([]string, 0, len(c.Locales))
	for id := range c.Locales {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
