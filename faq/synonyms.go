package faq

import "sort"

// synonymSet rewrites equivalent phrases of one language to a canonical form,
// at index time and at query time alike, so "money back" matches "refund"
// and 退钱 matches 退款. It is immutable after compileSynonyms.
type synonymSet struct {
	words map[string][]wordRule // by first term, longest rule first
	cjk   map[rune][]cjkRule    // by first character, longest rule first
}

type wordRule struct{ from, to []string }

type cjkRule struct{ from, to []rune }

// compileSynonyms analyzes each group with a (without synonyms) and maps
// every phrase of a group to the group's first phrase.
func compileSynonyms(a *analyzer, groups [][]string) *synonymSet {
	plain := *a
	plain.syn = nil
	s := &synonymSet{words: map[string][]wordRule{}, cjk: map[rune][]cjkRule{}}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		canonWords, canonCJK, ok := phraseForm(&plain, g[0])
		if !ok {
			continue
		}
		for _, p := range g[1:] {
			words, cjk, ok := phraseForm(&plain, p)
			if !ok {
				continue
			}
			switch {
			case len(words) > 0 && len(canonWords) > 0 && !equalStrings(words, canonWords):
				s.words[words[0]] = append(s.words[words[0]], wordRule{from: words, to: canonWords})
			case len(cjk) > 0 && len(canonCJK) > 0 && string(cjk) != string(canonCJK):
				s.cjk[cjk[0]] = append(s.cjk[cjk[0]], cjkRule{from: cjk, to: canonCJK})
			}
		}
	}
	for k, rules := range s.words {
		sort.SliceStable(rules, func(i, j int) bool { return len(rules[i].from) > len(rules[j].from) })
		s.words[k] = rules
	}
	for k, rules := range s.cjk {
		sort.SliceStable(rules, func(i, j int) bool { return len(rules[i].from) > len(rules[j].from) })
		s.cjk[k] = rules
	}
	return s
}

// phraseForm returns the word terms of an all-word phrase, or the normalized
// characters of an all-CJK phrase; ok is false for mixed or empty phrases.
func phraseForm(a *analyzer, p string) (words []string, cjk []rune, ok bool) {
	toks := a.analyze(p, 64)
	if len(toks) == 0 {
		return nil, nil, false
	}
	for _, t := range toks {
		switch t.kind {
		case kindWord:
			words = append(words, t.term)
		case kindCJK:
			cjk = append(cjk, []rune(t.term)...)
		}
	}
	if len(words) > 0 && len(cjk) > 0 {
		return nil, nil, false
	}
	return words, cjk, true
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// matchCJK returns the longest rule whose phrase starts at position i of a
// sequence of n characters read through at.
func (s *synonymSet) matchCJK(n, i int, at func(int) rune) (cjkRule, bool) {
	for _, rule := range s.cjk[at(i)] {
		if i+len(rule.from) > n {
			continue
		}
		match := true
		for k, r := range rule.from {
			if at(i+k) != r {
				match = false
				break
			}
		}
		if match {
			return rule, true
		}
	}
	return cjkRule{}, false
}

// rewriteWords replaces runs of word tokens that form a synonym phrase by the
// canonical phrase. The new tokens span the source range of the whole phrase.
func (s *synonymSet) rewriteWords(toks []token) []token {
	if len(s.words) == 0 {
		return toks
	}
	var out []token
	for i := 0; i < len(toks); {
		t := toks[i]
		var matched *wordRule
		if t.kind == kindWord {
			for ri := range s.words[t.term] {
				rule := &s.words[t.term][ri]
				if i+len(rule.from) > len(toks) {
					continue
				}
				ok := true
				for k, w := range rule.from {
					if toks[i+k].kind != kindWord || toks[i+k].term != w {
						ok = false
						break
					}
				}
				if ok {
					matched = rule
					break
				}
			}
		}
		if matched == nil {
			if out != nil {
				out = append(out, t)
			}
			i++
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(toks)+2), toks[:i]...)
		}
		start, end := t.start, toks[i+len(matched.from)-1].end
		for _, w := range matched.to {
			out = append(out, token{term: w, surface: w, kind: kindWord, start: start, end: end})
		}
		i += len(matched.from)
	}
	if out == nil {
		return toks
	}
	return out
}
