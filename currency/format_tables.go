package currency

import (
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// The types of the generated locale tables (format_data.go) and the lookups
// over them.
//
// Every CLDR locale of cldr-numbers-full is a localeData: its own numbering
// table (shared with the locales that have an identical one), its minimum
// grouping digits, its CLDR parent and the currency symbols it defines
// differently from that parent. A symbol is looked up along the parent chain
// up to root; a currency without a symbol anywhere is shown by its ISO code,
// as CLDR does.

// localeData is one CLDR locale.
type localeData struct {
	id               string // CLDR locale id in BCP 47 form; "und" is root
	parent           int16  // index of the parent in cldrLocales; -1 for root
	minGrouping      uint8  // CLDR minimumGroupingDigits
	numbering        uint8  // index in numberings
	symStart, symEnd uint16 // the locale's own symbols: localeSymbols[symStart:symEnd]
}

// numberingData holds a locale's number symbols and currency patterns in its
// default numbering system.
type numberingData struct {
	system     string // CLDR numbering system id: "latn", "arab", "deva", ...
	zero       rune   // the digit zero; the other digits follow it in Unicode
	decimal    string
	group      string
	minus      string
	standard   string // CLDR currency pattern
	accounting string // CLDR accounting currency pattern
	// standardAlpha and accountingAlpha are CLDR's alt="alphaNextToNumber"
	// patterns, used instead when a symbol ending (or starting) with a letter
	// would touch the number; empty when they equal the plain pattern.
	standardAlpha, accountingAlpha string
}

// symbolEntry is a currency's standard and narrow symbol in one locale, as
// indexes into symbolTexts; a zero narrow index means "the standard symbol".
// The code is packed into an integer (see packCode) so that a lookup
// compares integers.
type symbolEntry struct {
	code             uint32
	standard, narrow uint16
}

// packCode packs a three-letter code as the generated tables do.
func packCode(code string) uint32 {
	return uint32(code[0])<<16 | uint32(code[1])<<8 | uint32(code[2])
}

// symbols returns the locale's own symbol entries.
func (l *localeData) symbols() []symbolEntry {
	return localeSymbols[l.symStart:l.symEnd]
}

// findSymbol returns the entry for code in a locale's own entries.
func findSymbol(entries []symbolEntry, code uint32) (symbolEntry, bool) {
	lo, hi := 0, len(entries)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if entries[m].code < code {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(entries) && entries[lo].code == code {
		return entries[lo], true
	}
	return symbolEntry{}, false
}

// localeIndex returns the index of the locale with CLDR id, or -1.
func localeIndex(id string) int {
	i := sort.Search(len(cldrLocales), func(i int) bool { return cldrLocales[i].id >= id })
	if i < len(cldrLocales) && cldrLocales[i].id == id {
		return i
	}
	return -1
}

// localeParent returns the CLDR parent id of a locale id that has no data of
// its own: the id with its last subtag removed, or root.
func truncateLocale(id string) string {
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return "und"
}

// matchLocale returns the index of the CLDR locale whose data display money
// for tag, following CLDR's lookup: the tag's language, script (written only
// when it is not the language's default: zh-Hant but not en-Latn) and
// region, with variants, then its parents (CLDR parentLocales for locales
// with data, truncation otherwise) down to the language. A language CLDR has
// no data for gives en, as does the undetermined tag.
func matchLocale(tag language.Tag) int {
	base, conf := tag.Base()
	if conf == language.No || base.String() == "und" {
		return enLocale
	}
	lang := base.String()
	var rest string // region and variants
	if region, rconf := tag.Region(); rconf == language.Exact {
		rest += "-" + region.String()
	}
	for _, v := range tag.Variants() {
		rest += "-" + v.String()
	}
	script, sconf := tag.Script()
	id := lang + rest
	switch {
	case sconf == language.Exact:
		id = lang + "-" + script.String() + rest
	case sconf != language.No:
		// An implied script: a locale with the language and region only
		// (ms-ID, de-CH, zh) comes first; then the id with the script, which
		// CLDR writes even for a default script in some locales
		// (zh-Hans-SG), falling back through lang-script to lang.
		if i := localeIndex(id); i >= 0 {
			return i
		}
		id = lang + "-" + script.String() + rest
	}
	for id != "und" {
		if i := localeIndex(id); i >= 0 {
			return i
		}
		id = truncateLocale(id)
	}
	return enLocale
}

// localeTag returns the language.Tag of a locale's CLDR id.
func localeTag(i int) language.Tag {
	if i == rootLocale {
		return language.Und
	}
	return language.Make(cldrLocales[i].id)
}
