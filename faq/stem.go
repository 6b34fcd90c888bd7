package faq

import "strings"

// This file implements the English ("Porter2") stemming algorithm as
// specified by the Snowball project: https://snowballstem.org/algorithms/english/stemmer.html.
// It is written from the published description; it works on lower-case ASCII
// words and leaves any other word unchanged.

// stemEnglish returns the Porter2 stem of a lower-case word. Words that contain
// bytes other than a-z and the apostrophe are returned unchanged.
func stemEnglish(word string) string {
	if len(word) <= 2 {
		return word
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if (c < 'a' || c > 'z') && c != '\'' {
			return word
		}
	}
	if s, ok := porter2Exceptions[word]; ok {
		return s
	}
	w := []byte(word)
	if w[0] == '\'' {
		w = w[1:]
	}
	if len(w) <= 2 {
		return string(w)
	}
	// Mark consonant y: initial y, and y after a vowel, become Y.
	if w[0] == 'y' {
		w[0] = 'Y'
	}
	for i := 1; i < len(w); i++ {
		if w[i] == 'y' && isVowel(w[i-1]) {
			w[i] = 'Y'
		}
	}
	r1, r2 := porterRegions(w)

	w = step0(w)
	w = step1a(w)
	if _, ok := porter2Invariant1a[string(w)]; ok {
		return strings.ToLower(string(w))
	}
	w = step1b(w, r1)
	w = step1c(w)
	w = step2(w, r1)
	w = step3(w, r1, r2)
	w = step4(w, r2)
	w = step5(w, r1, r2)
	for i := range w {
		if w[i] == 'Y' {
			w[i] = 'y'
		}
	}
	return string(w)
}

var porter2Exceptions = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
	"singly": "singl",
	"sky":    "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos",
	"bias": "bias", "andes": "andes",
}

var porter2Invariant1a = map[string]struct{}{
	"inning": {}, "outing": {}, "canning": {}, "herring": {}, "earring": {},
	"proceed": {}, "exceed": {}, "succeed": {},
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// porterRegions returns the starts of R1 and R2 (len(w) when empty).
func porterRegions(w []byte) (r1, r2 int) {
	r1 = len(w)
	s := string(w)
	switch {
	case strings.HasPrefix(s, "gener"), strings.HasPrefix(s, "arsen"):
		r1 = 5
	case strings.HasPrefix(s, "commun"):
		r1 = 6
	default:
		r1 = regionAfter(w, 0)
	}
	r2 = regionAfter(w, r1)
	return r1, r2
}

// regionAfter returns the index after the first non-vowel that follows a
// vowel, searching from start.
func regionAfter(w []byte, start int) int {
	for i := start + 1; i < len(w); i++ {
		if !isVowel(w[i]) && isVowel(w[i-1]) {
			return i + 1
		}
	}
	return len(w)
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

// longestSuffix returns the longest suffix of w among list, or "".
func longestSuffix(w []byte, list []string) string {
	best := ""
	for _, s := range list {
		if len(s) > len(best) && hasSuffix(w, s) {
			best = s
		}
	}
	return best
}

func containsVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) {
			return true
		}
	}
	return false
}

func isDouble(w []byte) bool {
	if len(w) < 2 {
		return false
	}
	a, b := w[len(w)-2], w[len(w)-1]
	if a != b {
		return false
	}
	switch a {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// endsShortSyllable reports whether w ends with a short syllable.
func endsShortSyllable(w []byte) bool {
	n := len(w)
	if n == 2 {
		return isVowel(w[0]) && !isVowel(w[1])
	}
	if n >= 3 {
		c := w[n-1]
		return !isVowel(w[n-3]) && isVowel(w[n-2]) && !isVowel(c) && c != 'w' && c != 'x' && c != 'Y'
	}
	return false
}

func isShortWord(w []byte, r1 int) bool {
	return r1 >= len(w) && endsShortSyllable(w)
}

var step0Suffixes = []string{"'s'", "'s", "'"}

func step0(w []byte) []byte {
	if s := longestSuffix(w, step0Suffixes); s != "" {
		return w[:len(w)-len(s)]
	}
	return w
}

var step1aSuffixes = []string{"sses", "ied", "ies", "us", "ss", "s"}

func step1a(w []byte) []byte {
	switch longestSuffix(w, step1aSuffixes) {
	case "sses":
		return w[:len(w)-2]
	case "ied", "ies":
		if len(w) > 4 {
			return append(w[:len(w)-3], 'i')
		}
		return append(w[:len(w)-3], 'i', 'e')
	case "s":
		// Delete if the preceding part contains a vowel not immediately before the s.
		if len(w) >= 3 && containsVowel(w[:len(w)-2]) {
			return w[:len(w)-1]
		}
	}
	return w
}

var step1bSuffixes = []string{"eed", "eedly", "ed", "edly", "ing", "ingly"}

func step1b(w []byte, r1 int) []byte {
	s := longestSuffix(w, step1bSuffixes)
	switch s {
	case "":
		return w
	case "eed", "eedly":
		if len(w)-len(s) >= r1 {
			return append(w[:len(w)-len(s)], 'e', 'e')
		}
		return w
	}
	stem := w[:len(w)-len(s)]
	if !containsVowel(stem) {
		return w
	}
	w = stem
	switch {
	case hasSuffix(w, "at"), hasSuffix(w, "bl"), hasSuffix(w, "iz"):
		return append(w, 'e')
	case isDouble(w):
		return w[:len(w)-1]
	case isShortWord(w, r1):
		return append(w, 'e')
	}
	return w
}

func step1c(w []byte) []byte {
	n := len(w)
	if n > 2 && (w[n-1] == 'y' || w[n-1] == 'Y') && !isVowel(w[n-2]) {
		w[n-1] = 'i'
	}
	return w
}

var step2Map = map[string]string{
	"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able", "entli": "ent",
	"izer": "ize", "ization": "ize", "ational": "ate", "ation": "ate", "ator": "ate",
	"alism": "al", "aliti": "al", "alli": "al", "fulness": "ful", "ousli": "ous",
	"ousness": "ous", "iveness": "ive", "iviti": "ive", "biliti": "ble", "bli": "ble",
	"ogi": "og", "fulli": "ful", "lessli": "less", "li": "",
}

var step2Suffixes = mapKeys(step2Map)

func step2(w []byte, r1 int) []byte {
	s := longestSuffix(w, step2Suffixes)
	if s == "" || len(w)-len(s) < r1 {
		return w
	}
	stem := w[:len(w)-len(s)]
	switch s {
	case "ogi":
		if !hasSuffix(stem, "l") {
			return w
		}
	case "li":
		if len(stem) == 0 {
			return w
		}
		switch stem[len(stem)-1] {
		case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		default:
			return w
		}
	}
	return append(stem, step2Map[s]...)
}

var step3Map = map[string]string{
	"tional": "tion", "ational": "ate", "alize": "al", "icate": "ic", "iciti": "ic",
	"ical": "ic", "ful": "", "ness": "", "ative": "",
}

var step3Suffixes = mapKeys(step3Map)

func step3(w []byte, r1, r2 int) []byte {
	s := longestSuffix(w, step3Suffixes)
	if s == "" || len(w)-len(s) < r1 {
		return w
	}
	if s == "ative" && len(w)-len(s) < r2 {
		return w
	}
	return append(w[:len(w)-len(s)], step3Map[s]...)
}

var step4Suffixes = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
	"ism", "ate", "iti", "ous", "ive", "ize", "ion",
}

func step4(w []byte, r2 int) []byte {
	s := longestSuffix(w, step4Suffixes)
	if s == "" || len(w)-len(s) < r2 {
		return w
	}
	stem := w[:len(w)-len(s)]
	if s == "ion" && !hasSuffix(stem, "s") && !hasSuffix(stem, "t") {
		return w
	}
	return stem
}

func step5(w []byte, r1, r2 int) []byte {
	n := len(w)
	if n == 0 {
		return w
	}
	switch w[n-1] {
	case 'e':
		if n-1 >= r2 || (n-1 >= r1 && !endsShortSyllable(w[:n-1])) {
			return w[:n-1]
		}
	case 'l':
		if n-1 >= r2 && n >= 2 && w[n-2] == 'l' {
			return w[:n-1]
		}
	}
	return w
}

func mapKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
