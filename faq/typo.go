package faq

import (
	"slices"
	"unicode/utf8"
)

// Typo tolerance: a query word that is not in the index is replaced by the
// most frequent indexed word within a small edit distance — 1 for words of
// 5 to 7 letters, 2 for 8 letters or more, never for shorter words or CJK.
// Candidates come from a deletion index (the "symmetric delete" idea: two
// words within distance d share a string obtained by deleting at most d
// letters from each), then the optimal-string-alignment distance (which
// counts a swap of adjacent letters as one edit) confirms them.

const (
	typoMinLen1 = 5 // shortest word corrected at distance 1
	typoMinLen2 = 8 // shortest word corrected at distance 2
	typoMaxLen  = 32
)

// typoIndex finds indexed words close to a misspelled word. It is immutable
// and safe for concurrent use.
type typoIndex struct {
	deletes map[string][]int32 // a word, or a word minus 1 or 2 letters → term IDs
	terms   []string           // term ID → term
	df      []int32
}

func typoMaxDist(n int) int {
	switch {
	case n >= typoMinLen2:
		return 2
	case n >= typoMinLen1:
		return 1
	}
	return 0
}

func typoEligible(s string) bool {
	if len(s) < typoMinLen1-1 || len(s) > typoMaxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func buildTypoIndex(terms map[string]int32, df []int32) *typoIndex {
	t := &typoIndex{deletes: map[string][]int32{}, terms: make([]string, len(df)), df: df}
	for term, id := range terms {
		t.terms[id] = term
		if !typoEligible(term) {
			continue
		}
		// An indexed word of length n can be reached from a query word of
		// length n±d; index deletions deep enough for the longer side.
		depth := typoMaxDist(len(term) + 2)
		forDeletes(term, depth, func(v string) { t.deletes[v] = appendUnique(t.deletes[v], int32(id)) })
	}
	return t
}

func appendUnique(ids []int32, id int32) []int32 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// forDeletes calls fn with s and every string made by deleting up to depth
// bytes of s (with repetitions).
func forDeletes(s string, depth int, fn func(string)) {
	fn(s)
	if depth == 0 || len(s) <= 1 {
		return
	}
	for i := 0; i < len(s); i++ {
		forDeletes(s[:i]+s[i+1:], depth-1, fn)
	}
}

// correct returns the best indexed replacement for an unknown word, or ok
// false when none is close enough.
func (t *typoIndex) correct(word string) (string, bool) {
	if t == nil || !typoEligible(word) {
		return "", false
	}
	maxd := typoMaxDist(utf8.RuneCountInString(word))
	if maxd == 0 {
		return "", false
	}
	best, bestD, bestDF := int32(-1), maxd+1, int32(-1)
	var seenBuf [64]int32
	seen := seenBuf[:0]
	visit := func(v []byte) {
		for _, id := range t.deletes[string(v)] { // no allocation for a lookup
			if slices.Contains(seen, id) {
				continue
			}
			seen = append(seen, id)
			cand := t.terms[id]
			d := osaDistance(word, cand, maxd)
			if d > maxd {
				continue
			}
			if d < bestD || d == bestD && (t.df[id] > bestDF || t.df[id] == bestDF && cand < t.terms[best]) {
				best, bestD, bestDF = id, d, t.df[id]
			}
		}
	}
	// The deletions of forDeletes(word, maxd, ...), built in arrays (maxd
	// is at most 2 and word at most typoMaxLen bytes).
	var w0, w1, w2 [typoMaxLen]byte
	d0 := append(w0[:0], word...)
	visit(d0)
	for i := range d0 {
		if len(d0) <= 1 {
			break
		}
		d1 := append(append(w1[:0], d0[:i]...), d0[i+1:]...)
		visit(d1)
		if maxd < 2 || len(d1) <= 1 {
			continue
		}
		for j := range d1 {
			visit(append(append(w2[:0], d1[:j]...), d1[j+1:]...))
		}
	}
	if best < 0 {
		return "", false
	}
	return t.terms[best], true
}

// osaDistance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// max+1 when it exceeds max.
func osaDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	var rows [3][typoMaxLen + 3]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
