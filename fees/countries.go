package fees

import (
	"math/bits"
	"strings"
)

// iso3166 lists the 249 officially assigned ISO 3166-1 alpha-2 country codes
// (user-assigned codes such as XK and reserved ones such as UK or EU are not
// countries). countries_test.go checks it against golang.org/x/text/language.
const iso3166 = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

// Built-in region groups. A schedule may use them in From and To, and define
// its own in Definition.Regions.
const (
	// regionEU lists the 27 member states of the European Union.
	regionEU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
	// regionEEA is the European Economic Area: the EU plus Iceland,
	// Liechtenstein and Norway.
	regionEEA = regionEU + " IS LI NO"
)

// builtinRegion returns the members of a built-in region group.
func builtinRegion(name string) (string, bool) {
	switch name {
	case "EU":
		return regionEU, true
	case "EEA":
		return regionEEA, true
	}
	return "", false
}

// countryWords is the number of 64-bit words of a countrySet: one bit per
// two-letter code AA..ZZ.
const countryWords = (26*26 + 63) / 64

// countrySet is a set of two-letter codes, one bit per code.
type countrySet [countryWords]uint64

// countryIndex returns the bit index of a two-letter code, upper or lower
// case, or -1 when code is not two ASCII letters.
func countryIndex(code string) int {
	if len(code) != 2 {
		return -1
	}
	a, b := upper(code[0]), upper(code[1])
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return -1
	}
	return int(a-'A')*26 + int(b-'A')
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// countryCode returns the code of a bit index.
func countryCode(i int) string {
	return string([]byte{byte('A' + i/26), byte('A' + i%26)})
}

// parseCountrySet returns the set of the space-separated codes in list.
func parseCountrySet(list string) countrySet {
	var s countrySet
	for _, c := range strings.Fields(list) {
		if i := countryIndex(c); i >= 0 {
			s.add(i)
		}
	}
	return s
}

func (s *countrySet) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s *countrySet) has(i int) bool { return i >= 0 && s[i/64]&(1<<(i%64)) != 0 }

func (s countrySet) and(t countrySet) countrySet {
	for i := range s {
		s[i] &= t[i]
	}
	return s
}

func (s countrySet) andNot(t countrySet) countrySet {
	for i := range s {
		s[i] &^= t[i]
	}
	return s
}

func (s countrySet) subsetOf(t countrySet) bool {
	for i := range s {
		if s[i]&^t[i] != 0 {
			return false
		}
	}
	return true
}

func (s countrySet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s countrySet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// members returns the bit indexes in s, in order.
func (s countrySet) members() []int {
	out := make([]int, 0, s.count())
	for wi, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, wi*64+b)
			w &^= 1 << b
		}
	}
	return out
}

// single returns the only member of s, if s has exactly one.
func (s countrySet) single() (int, bool) {
	if s.count() != 1 {
		return 0, false
	}
	return s.members()[0], true
}

// pairs is the set of (sender country, recipient country) pairs a rule
// matches: from × to, restricted by the corridor. Its methods decide
// emptiness, intersection and inclusion exactly, which is what lets a
// schedule refuse overlapping and unreachable rules.
type pairs struct {
	from, to countrySet
	corridor Corridor
}

// normalized returns p with from and to reduced to the countries that take
// part in at least one pair.
func (p pairs) normalized() pairs {
	switch p.corridor {
	case Domestic:
		d := p.from.and(p.to)
		return pairs{from: d, to: d, corridor: Domestic}
	case CrossBorder:
		if p.from.empty() || p.to.empty() {
			return pairs{corridor: CrossBorder}
		}
		// A sender country x pairs with nothing when to is {x}, and vice versa.
		if x, ok := p.to.single(); ok {
			var sx countrySet
			sx.add(x)
			p.from = p.from.andNot(sx)
		}
		if x, ok := p.from.single(); ok {
			var sx countrySet
			sx.add(x)
			p.to = p.to.andNot(sx)
		}
		if p.from.empty() || p.to.empty() {
			return pairs{corridor: CrossBorder}
		}
	default:
		if p.from.empty() || p.to.empty() {
			return pairs{}
		}
	}
	return p
}

// empty reports whether p has no pair. p must be normalized.
func (p pairs) empty() bool { return p.from.empty() || p.to.empty() }

// intersects reports whether p and q have a pair in common. Both must be
// normalized and non-empty.
func (p pairs) intersects(q pairs) bool {
	if p.corridor == Domestic || q.corridor == Domestic {
		if p.corridor == CrossBorder || q.corridor == CrossBorder {
			return false
		}
		return !p.from.and(p.to).and(q.from).and(q.to).empty()
	}
	f, t := p.from.and(q.from), p.to.and(q.to)
	if f.empty() || t.empty() {
		return false
	}
	if p.corridor == CrossBorder || q.corridor == CrossBorder {
		// Some pair (a, b) with a != b, unless f and t are the same single country.
		fx, fok := f.single()
		tx, tok := t.single()
		return !(fok && tok && fx == tx)
	}
	return true
}

// within reports whether every pair of p is a pair of q. Both must be
// normalized and p non-empty.
func (p pairs) within(q pairs) bool {
	switch p.corridor {
	case Domestic:
		if q.corridor == CrossBorder {
			return false
		}
		return p.from.subsetOf(q.from.and(q.to))
	case CrossBorder:
		if q.corridor == Domestic {
			return false
		}
		// Normalized, every member of p.from and p.to takes part in an
		// off-diagonal pair; those pairs lie in q.from × q.to exactly when
		// from ⊆ q.from and to ⊆ q.to.
		return p.from.subsetOf(q.from) && p.to.subsetOf(q.to)
	default:
		switch q.corridor {
		case Domestic:
			x, ok := p.from.single()
			y, ok2 := p.to.single()
			return ok && ok2 && x == y && q.from.has(x)
		case CrossBorder:
			return p.from.and(p.to).empty() && p.from.subsetOf(q.from) && p.to.subsetOf(q.to)
		}
		return p.from.subsetOf(q.from) && p.to.subsetOf(q.to)
	}
}

func (s countrySet) or(t countrySet) countrySet {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}
