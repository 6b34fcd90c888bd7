package faq

import (
	"slices"
	"unicode"

	"golang.org/x/text/language"
)

// The search plan: which languages one search covers, in which order.

// Scripts a query or a language is written in, as a bit set.
const (
	scriptAlpha  = 1 << iota // Latin, Cyrillic, Greek, Arabic...: any letters but CJK
	scriptHan                // Chinese characters (also in Japanese and Korean)
	scriptKana               // Hiragana and Katakana: Japanese
	scriptHangul             // Korean
)

// queryScripts returns the scripts of the letters of text; digits,
// punctuation and symbols belong to none.
func queryScripts(text string) int {
	m := 0
	for _, r := range text {
		switch {
		case r < 0x80:
			if 'a' <= r|0x20 && r|0x20 <= 'z' {
				m |= scriptAlpha
			}
		case r < 0x1100: // below Hangul Jamo: no CJK script
			if unicode.IsLetter(r) {
				m |= scriptAlpha
			}
		case 0x4E00 <= r && r <= 0x9FFF: // CJK Unified Ideographs, the usual case
			m |= scriptHan
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			m |= scriptKana
		case unicode.Is(unicode.Hangul, r):
			m |= scriptHangul
		case unicode.Is(unicode.Han, r):
			m |= scriptHan
		case 0x3000 <= r && r <= 0x30FF, 0xFF61 <= r && r <= 0xFF9F:
			// CJK punctuation and marks shared by the CJK scripts (ー, 々):
			// no script of their own
		case unicode.IsLetter(r):
			m |= scriptAlpha // full-width Latin and the rest
		}
	}
	return m
}

// langScripts returns the scripts a language's articles are written in.
func langScripts(tag language.Tag) int {
	switch base, _ := tag.Base(); base.String() {
	case "zh":
		return scriptHan
	case "ja":
		return scriptHan | scriptKana
	case "ko":
		return scriptHangul | scriptHan
	}
	return scriptAlpha
}

// scriptLanguage guesses the language of text from its CJK script: kana →
// Japanese, Hangul → Korean, Han only → Chinese.
func scriptLanguage(scripts int) (language.Tag, bool) {
	switch {
	case scripts&scriptKana != 0:
		return language.Japanese, true
	case scripts&scriptHangul != 0:
		return language.Korean, true
	case scripts&scriptHan != 0:
		return language.SimplifiedChinese, true
	}
	return language.Und, false
}

// preferences returns the customer's languages of q: Languages, else the
// parsed AcceptLanguage.
func (q *Query) preferences() []language.Tag {
	if len(q.Languages) > 0 {
		return q.Languages
	}
	if q.AcceptLanguage != "" {
		if tags, _, err := language.ParseAcceptLanguage(q.AcceptLanguage); err == nil {
			return tags
		}
	}
	return nil
}

// searchPlan returns the languages to search for q, best first, appended to
// buf: the KB language matching each of the customer's languages in order
// (or, with none given, the language of the query's script), then the other
// script of Chinese for each Chinese one, then the default language. Of
// these it keeps the languages written in a script of the query; when none
// is, the language of the query's script (the KB's first language written
// in it, for alphabetic text) is searched instead. A query without letters
// keeps the whole plan. The plan is never empty.
func (s *snapshot) searchPlan(q Query, buf []language.Tag) []language.Tag {
	plan := buf
	add := func(t language.Tag) {
		if len(plan) < maxPlan && s.indexes[t] != nil && !slices.Contains(plan, t) {
			plan = append(plan, t)
		}
	}
	scripts := queryScripts(q.Text)
	guess, guessed := scriptLanguage(scripts)
	prefs := q.preferences()
	for _, p := range prefs {
		if t, ok := s.match(p); ok {
			add(t)
		}
	}
	if len(prefs) == 0 && guessed {
		if t, ok := s.match(guess); ok {
			add(t)
		}
	}
	for _, t := range plan {
		if base, _ := t.Base(); base.String() == "zh" {
			if sib, ok := s.match(chineseSibling(t)); ok {
				add(sib)
			}
		}
	}
	add(s.langs[0])
	if scripts == 0 {
		return plan
	}
	kept := plan[:0]
	for _, t := range plan {
		if langScripts(t)&scripts != 0 {
			kept = append(kept, t)
		}
	}
	if len(kept) > 0 {
		return kept
	}
	if guessed {
		if t, ok := s.match(guess); ok && langScripts(t)&scripts != 0 {
			return append(kept, t)
		}
	}
	for _, t := range s.langs {
		if langScripts(t)&scripts != 0 {
			return append(kept, t)
		}
	}
	return append(kept, s.langs[0]) // nothing is written in the query's script
}

// match returns the KB language that language.Matcher finds for one
// preference, if any.
// Exact KB languages are answered without the matcher, other tags from a
// bounded per-snapshot cache, so a search with the usual preferences does
// not allocate.
func (s *snapshot) match(pref language.Tag) (language.Tag, bool) {
	if s.indexes[pref] != nil {
		return pref, true
	}
	if m, ok := s.matches.Load(pref); ok {
		r := m.(matchResult)
		return r.tag, r.ok
	}
	r := matchResult{}
	if _, idx, conf := s.matcher.Match(pref); conf != language.No && idx >= 0 && idx < len(s.langs) {
		r = matchResult{s.langs[idx], true}
	}
	if s.nMatches.Add(1) <= maxMatchCache {
		s.matches.Store(pref, r)
	}
	return r.tag, r.ok
}

// matchResult is a cached answer of snapshot.match.
type matchResult struct {
	tag language.Tag
	ok  bool
}

// maxMatchCache bounds the preferences a snapshot remembers the match of
// (hostile Accept-Language headers cannot grow it further).
const maxMatchCache = 256

// chineseSibling returns the other script of Chinese: zh-Hans for zh-Hant
// and the reverse.
func chineseSibling(t language.Tag) language.Tag {
	if script, _ := t.Script(); script.String() == "Hant" {
		return language.SimplifiedChinese
	}
	return language.TraditionalChinese
}
