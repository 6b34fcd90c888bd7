package redact_test

import "strings"

// This file holds a checker written independently of the scanner: it finds
// Luhn-valid card numbers as the package defines them, rune by rune.

func digitValue(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

func isSeparator(r rune) bool {
	switch r {
	case ' ', '-', '.', '\u00a0', '\u2009', '\u202f', '\u2010', '\u2011', '\u2012', '\u2013', '\u3000', '－', '．':
		return true
	}
	return false
}

func luhnValid(digits string) bool {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// chains splits s into chains of digit groups (digits normalized to ASCII)
// joined by single separators.
func chains(s string) [][]string {
	type item struct {
		r     rune
		digit bool
		sep   bool
	}
	var items []item
	for _, r := range s { // invalid bytes decode as U+FFFD: neither digit nor separator
		v, d := digitValue(r)
		if d {
			r = rune('0' + v)
		}
		items = append(items, item{r, d, isSeparator(r)})
	}
	var out [][]string
	var cur []string
	var g strings.Builder
	flush := func() {
		if g.Len() > 0 {
			cur = append(cur, g.String())
			g.Reset()
		}
	}
	end := func() {
		flush()
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i := 0; i < len(items); i++ {
		it := items[i]
		switch {
		case it.digit:
			g.WriteRune(it.r)
		case it.sep && g.Len() > 0 && i+1 < len(items) && items[i+1].digit:
			flush()
		default:
			end()
		}
	}
	end()
	return out
}

// cardNumbers returns every Luhn-valid run of 13 to 19 digits made of whole
// consecutive groups of a chain of s.
func cardNumbers(s string) []string {
	var found []string
	for _, ch := range chains(s) {
		for a := range ch {
			d := ""
			for b := a; b < len(ch); b++ {
				d += ch[b]
				if len(d) > 19 {
					break
				}
				if len(d) >= 13 && luhnValid(d) {
					found = append(found, d)
				}
			}
		}
	}
	return found
}

// checkDigit returns the Luhn check digit completing payload.
func checkDigit(payload string) byte {
	for c := byte('0'); c <= '9'; c++ {
		if luhnValid(payload + string(c)) {
			return c
		}
	}
	panic("unreachable")
}

// fullWidth writes the ASCII digits of s as full-width digits.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r - '0' + '０')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
