package faq

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// tokenKind says how a token was produced.
type tokenKind uint8

const (
	kindWord      tokenKind = iota // a word of an alphabetic script, or a number
	kindCJK                        // one Han, kana or Hangul character
	kindCJKBigram                  // two adjacent CJK characters
)

// maxWordBytes bounds the length of one word; longer runs of letters are cut.
const maxWordBytes = 64

// token is one index term with the byte range of the input it came from.
type token struct {
	term    string    // the index term (stemmed word, or CJK n-gram)
	surface string    // the normalized word before stemming; the n-gram for CJK
	kind    tokenKind //
	start   int       // byte offset of the source text in the analyzed input
	end     int       //
}

// analyzer turns text into index terms for one language: Unicode
// normalization (NFKC, width and case folding), word segmentation,
// diacritics folding for Latin script, stemming (Porter2 for English, a light
// plural rule for Romance languages), CJK unigrams plus bigrams and synonym
// rewriting. An analyzer is immutable and safe for concurrent use.
type analyzer struct {
	stem    func(string) string // nil: no stemming
	english bool                // join apostrophes ("don't" → "dont") rather than split
	chinese bool                // fold Traditional characters to Simplified (see chinese.go)
	syn     *synonymSet         // nil: no synonyms
	// stems caches the forms of indexed words: the normalized word (the
	// key, kept as surface so that a lookup by bytes needs no allocation)
	// and its stem. It is filled only while learning is true, which is
	// before the analyzer is shared; afterwards it is read-only.
	stems    map[string]wordForm
	learning bool
}

// wordForm is a normalized word and its index term.
type wordForm struct{ surface, term string }

// withStemCache returns a copy of a that caches word forms while learning.
func (a *analyzer) withStemCache() *analyzer {
	c := *a
	c.stems = map[string]wordForm{}
	c.learning = true
	return &c
}

// freeze ends learning: the stem cache becomes read-only.
func (a *analyzer) freeze() { a.learning = false }

// stemWord returns the index term of the normalized word w.
func (a *analyzer) stemWord(w string) string {
	if f, ok := a.stems[w]; ok {
		return f.term
	}
	s := w
	if a.stem != nil {
		s = a.stem(w)
	}
	if a.learning && len(a.stems) < maxStemCache {
		a.stems[w] = wordForm{surface: w, term: s}
	}
	return s
}

// intern returns b as a string, the cached one if the index has seen it
// (no allocation), remembering it while learning. It serves CJK n-grams,
// which are their own index terms.
func (a *analyzer) intern(b []byte) string {
	if f, ok := a.stems[string(b)]; ok {
		return f.term
	}
	s := string(b)
	if a.learning && len(a.stems) < maxStemCache {
		a.stems[s] = wordForm{surface: s, term: s}
	}
	return s
}

// appendASCIIWord appends the token of a word of ASCII letters, digits and
// apostrophes as appendWord(normalize(seg)) would, without allocating for
// the words the index has seen. It reports false, appending nothing, for a
// word with apostrophes in a language that splits at them.
func (a *analyzer) appendASCIIWord(toks []token, seg string, start, end int) ([]token, bool) {
	var buf [4 * maxWordBytes]byte
	b := buf[:0]
	apos := false
	for i := 0; i < len(seg) && len(b) < len(buf); i++ {
		c := seg[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '\'':
			apos = true
		}
		b = append(b, c)
	}
	if apos {
		if !a.english {
			return toks, false
		}
		if n := len(b); n >= 2 && b[n-2] == '\'' && b[n-1] == 's' {
			b = b[:n-2]
		}
		k := 0
		for _, c := range b {
			if c != '\'' {
				b[k] = c
				k++
			}
		}
		b = b[:k]
	}
	if len(b) == 0 {
		return toks, true
	}
	b = b[:min(len(b), maxWordBytes)]
	if f, ok := a.stems[string(b)]; ok {
		return append(toks, token{term: f.term, surface: f.surface, kind: kindWord, start: start, end: end}), true
	}
	w := string(b)
	return append(toks, token{term: a.stemWord(w), surface: w, kind: kindWord, start: start, end: end}), true
}

// maxStemCache bounds the stem cache of one language index.
const maxStemCache = 1 << 17

// newAnalyzer returns the analyzer for lang with the given synonym groups.
func newAnalyzer(lang language.Tag, groups [][]string) *analyzer {
	a := &analyzer{}
	base, _ := lang.Base()
	switch base.String() {
	case "en":
		a.stem = stemEnglish
		a.english = true
	case "es", "pt", "fr", "it", "ca", "gl", "ro":
		a.stem = stemRomancePlural
	case "zh":
		a.chinese = true
	}
	if len(groups) > 0 {
		a.syn = compileSynonyms(a, groups)
	}
	return a
}

// stemRomancePlural is the light touch for Romance languages: it removes a
// plural -s from longer words.
func stemRomancePlural(w string) string {
	if len(w) >= 5 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		return w[:len(w)-1]
	}
	return w
}

type runeClass uint8

const (
	classSep runeClass = iota
	classWord
	classCJK
)

func classify(r rune) runeClass {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return classWord
		}
		return classSep
	}
	if isCJKRune(r) {
		return classCJK
	}
	if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
		return classWord
	}
	return classSep
}

// isCJKRune reports whether r is written without spaces between words (Han,
// Hiragana, Katakana) or is a Hangul syllable or jamo; such runs are indexed
// as character unigrams and bigrams.
func isCJKRune(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r == 0x30FC, r == 0x3005: // katakana prolonged sound mark, ideographic iteration mark
		return true
	case 0x3099 <= r && r <= 0x309C, 0xFF61 <= r && r <= 0xFF9F: // kana sound marks, halfwidth katakana
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02BC' }

// analyze returns the tokens of text, at most maxTokens of them when
// maxTokens > 0. Invalid UTF-8 bytes act as separators.
func (a *analyzer) analyze(text string, maxTokens int) []token {
	return a.appendTokens(make([]token, 0, 16), text, maxTokens)
}

// appendTokens is analyze appending to toks, which must be empty (its
// memory is reused).
func (a *analyzer) appendTokens(toks []token, text string, maxTokens int) []token {
	full := func() bool { return maxTokens > 0 && len(toks) >= maxTokens }
	i := 0
	for i < len(text) && !full() {
		r, size := utf8.DecodeRuneInString(text[i:])
		cls := classify(r)
		if r == utf8.RuneError && size <= 1 {
			cls = classSep
		}
		if cls == classSep {
			i += size
			continue
		}
		start := i
		j := i + size
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			c2 := classify(r2)
			if r2 == utf8.RuneError && s2 <= 1 {
				break
			}
			if c2 != cls {
				// An apostrophe inside a word ("don't", "l'argent") stays in it.
				if cls == classWord && isApostrophe(r2) && j+s2 < len(text) {
					if r3, _ := utf8.DecodeRuneInString(text[j+s2:]); classify(r3) == classWord {
						j += s2
						continue
					}
				}
				break
			}
			j += s2
		}
		i = j
		seg := text[start:j]
		if cls == classWord {
			if len(seg) > maxWordBytes*4 {
				seg = seg[:maxWordBytes*4]
			}
			if isASCII(seg) {
				var ok bool
				if toks, ok = a.appendASCIIWord(toks, seg, start, j); ok {
					continue
				}
			}
			n := normalize(seg)
			if isASCII(n) {
				toks = a.appendWord(toks, n, start, j)
				continue
			}
			toks = a.appendNormalized(toks, n, start, j, maxTokens)
			continue
		}
		if cjkStable(seg) {
			toks = a.appendCJK(toks, seg, start, maxTokens)
			continue
		}
		n := normalize(seg)
		if n == seg {
			toks = a.appendCJK(toks, seg, start, maxTokens)
			continue
		}
		toks = a.appendNormalized(toks, n, start, j, maxTokens)
	}
	if a.syn != nil {
		toks = a.syn.rewriteWords(toks)
	}
	if maxTokens > 0 && len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	return toks
}

// appendNormalized splits already normalized text again (normalization can
// turn one segment into several, e.g. "①" into "1") and appends its tokens,
// all carrying the byte range [start, end) of the original segment.
func (a *analyzer) appendNormalized(toks []token, n string, start, end, maxTokens int) []token {
	i := 0
	for i < len(n) {
		if maxTokens > 0 && len(toks) >= maxTokens {
			return toks
		}
		r, size := utf8.DecodeRuneInString(n[i:])
		cls := classify(r)
		if cls == classSep || isApostrophe(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(n) {
			r2, s2 := utf8.DecodeRuneInString(n[j:])
			if c2 := classify(r2); c2 != cls {
				if cls == classWord && isApostrophe(r2) && j+s2 < len(n) {
					if r3, _ := utf8.DecodeRuneInString(n[j+s2:]); classify(r3) == classWord {
						j += s2
						continue
					}
				}
				break
			}
			j += s2
		}
		piece := n[i:j]
		i = j
		if cls == classWord {
			toks = a.appendWord(toks, piece, start, end)
			continue
		}
		before := len(toks)
		toks = a.appendCJK(toks, piece, start, maxTokens)
		for k := before; k < len(toks); k++ {
			toks[k].start, toks[k].end = start, end
		}
	}
	return toks
}

// appendWord appends the token(s) of one normalized word.
func (a *analyzer) appendWord(toks []token, w string, start, end int) []token {
	if strings.ContainsAny(w, "'\u2019\u02BC") {
		w = strings.ReplaceAll(strings.ReplaceAll(w, "\u2019", "'"), "\u02BC", "'")
		w = strings.TrimSuffix(w, "'s")
		if a.english {
			w = strings.ReplaceAll(w, "'", "")
		} else {
			for _, p := range strings.Split(w, "'") {
				if p != "" {
					toks = a.appendWord(toks, p, start, end)
				}
			}
			return toks
		}
	}
	if w == "" {
		return toks
	}
	if !isASCII(w) && isLatinWord(w) {
		w = foldDiacritics(w)
		if w == "" {
			return toks
		}
	}
	if len(w) > maxWordBytes {
		w = truncateUTF8(w, maxWordBytes)
	}
	term := a.stemWord(w)
	return append(toks, token{term: term, surface: w, kind: kindWord, start: start, end: end})
}

// appendCJK appends the unigrams and bigrams of a run of CJK characters that
// starts at byte offset start of the input, after synonym rewriting.
func (a *analyzer) appendCJK(toks []token, run string, start, maxTokens int) []token {
	type ch struct {
		r          rune
		start, end int
	}
	var arr [32]ch // most runs are short: no allocation
	chars := arr[:0]
	for i, r := range run {
		f := r
		if a.chinese {
			f = zhFold(r)
		}
		chars = append(chars, ch{f, start + i, start + i + utf8.RuneLen(r)})
	}
	if a.syn != nil && len(a.syn.cjk) > 0 {
		var arr2 [32]ch
		out := arr2[:0]
		for i := 0; i < len(chars); {
			if rule, ok := a.syn.matchCJK(len(chars), i, func(k int) rune { return chars[k].r }); ok {
				s, e := chars[i].start, chars[i+len(rule.from)-1].end
				for _, r := range rule.to {
					out = append(out, ch{r, s, e})
				}
				i += len(rule.from)
				continue
			}
			out = append(out, chars[i])
			i++
		}
		chars = out
	}
	var buf [2 * utf8.UTFMax]byte
	for k, c := range chars {
		if maxTokens > 0 && len(toks) >= maxTokens {
			break
		}
		n := utf8.EncodeRune(buf[:], c.r)
		uni := a.intern(buf[:n])
		toks = append(toks, token{term: uni, surface: uni, kind: kindCJK, start: c.start, end: c.end})
		if k+1 < len(chars) {
			m := utf8.EncodeRune(buf[n:], chars[k+1].r)
			bi := a.intern(buf[:n+m])
			toks = append(toks, token{term: bi, surface: bi, kind: kindCJKBigram, start: c.start, end: chars[k+1].end})
		}
	}
	return toks
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cjkStable reports whether normalize would return s unchanged because every
// character is a CJK unified ideograph, a kana letter or a Hangul syllable:
// none of them has a decomposition, a case or a width variant, and none
// composes with another of them.
func cjkStable(s string) bool {
	for _, r := range s {
		switch {
		case 0x4E00 <= r && r <= 0x9FFF, 0x3400 <= r && r <= 0x4DBF: // ideographs
		case 0x3041 <= r && r <= 0x3096, 0x30A1 <= r && r <= 0x30FA, r == 0x30FC: // kana
		case 0xAC00 <= r && r <= 0xD7A3: // Hangul syllables
		default:
			return false
		}
	}
	return true
}
