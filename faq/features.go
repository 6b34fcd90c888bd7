package faq

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// The classifier sees a text as a sparse vector of hashed features: word
// terms (stems), pairs of adjacent word terms, the pair (start of text,
// first word), character n-grams inside words (with word-boundary marks, so
// that "refnd" still shares most of its features with "refund"), and the CJK
// unigrams and bigrams the analyzer produced. Values are sublinear TF × IDF,
// L2-normalized.

// Feature kinds, mixed into the hash so that equal strings of different
// kinds do not collide.
const (
	featWord   = 1
	featBigram = 2
	featChar   = 3
	featCJK    = 4
	featStart  = 5
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint64, b byte) uint64 {
	h ^= uint64(b)
	return h * fnvPrime
}

func hashKind(kind byte) uint64 { return hashByte(fnvOffset, kind) }

// featureParams are the knobs of feature extraction.
type featureParams struct {
	charMin, charMax int // character n-gram sizes inside words; 0 disables
	bigrams          bool
	charWeight       float32 // weight of character n-grams relative to words
}

// appendFeatures appends the feature hashes of toks to dst.
func appendFeatures(dst []uint64, toks []token, p featureParams) []uint64 {
	prev := ""
	first := true
	var buf [maxWordBytes + 2]byte
	for _, t := range toks {
		switch t.kind {
		case kindCJK, kindCJKBigram:
			dst = append(dst, hashAdd(hashKind(featCJK), t.term))
			prev = ""
			continue
		}
		dst = append(dst, hashAdd(hashKind(featWord), t.term))
		if p.bigrams {
			if first {
				dst = append(dst, hashAdd(hashKind(featStart), t.term))
			} else if prev != "" {
				h := hashAdd(hashKind(featBigram), prev)
				h = hashByte(h, ' ')
				dst = append(dst, hashAdd(h, t.term))
			}
		}
		first = false
		prev = t.term
		if p.charMin > 0 && len(t.surface) >= 2 {
			n := copy(buf[1:], t.surface)
			buf[0] = '<'
			buf[n+1] = '>'
			w := buf[:n+2]
			for size := p.charMin; size <= p.charMax; size++ {
				for i := 0; i+size <= len(w); i++ {
					h := hashKind(featChar)
					for _, c := range w[i : i+size] {
						h = hashByte(h, c)
					}
					dst = append(dst, h|1<<63) // top bit marks character n-grams
				}
			}
		}
	}
	return dst
}

// sparseVec is a sparse feature vector sorted by index.
type sparseVec struct {
	idx []int32
	val []float32
}

// vocabulary maps feature hashes to dense indexes and holds their IDF.
type vocabulary struct {
	ids hashTable
	idf []float32
}

// hashTable maps feature hashes (already uniformly distributed) to indexes
// with open addressing and linear probing: cheaper than a Go map on the
// query path, where a text has a hundred features to look up.
type hashTable struct {
	keys []uint64 // 0 marks an empty slot; the hash 0 is kept in zero
	vals []int32
	mask uint64
	zero int32 // index of the hash 0, or -1
}

func newHashTable(n int) hashTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return hashTable{keys: make([]uint64, size), vals: make([]int32, size), mask: uint64(size - 1), zero: -1}
}

func (t *hashTable) put(h uint64, v int32) {
	if h == 0 {
		t.zero = v
		return
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 || t.keys[i] == h {
			t.keys[i], t.vals[i] = h, v
			return
		}
	}
}

func (t *hashTable) get(h uint64) (int32, bool) {
	if h == 0 {
		return t.zero, t.zero >= 0
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// buildVocabulary indexes the features that occur in at least minDF of the
// documents (each a list of hashes).
func buildVocabulary(docs [][]uint64, minDF int) *vocabulary {
	df := map[uint64]int32{}
	seen := map[uint64]struct{}{}
	for _, d := range docs {
		clear(seen)
		for _, h := range d {
			if _, ok := seen[h]; !ok {
				seen[h] = struct{}{}
				df[h]++
			}
		}
	}
	keys := make([]uint64, 0, len(df))
	for h, n := range df {
		if int(n) >= minDF {
			keys = append(keys, h)
		}
	}
	// Deterministic indexes regardless of map iteration order.
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	v := &vocabulary{ids: newHashTable(len(keys)), idf: make([]float32, len(keys))}
	n := float64(len(docs))
	for i, h := range keys {
		v.ids.put(h, int32(i))
		v.idf[i] = float32(math.Log((1+n)/(1+float64(df[h]))) + 1)
	}
	return v
}

// vectorize turns hashes into an L2-normalized TF-IDF vector; features not
// in the vocabulary are ignored.
func (v *vocabulary) vectorize(hashes []uint64, charWeight float32) sparseVec {
	type entry struct {
		id int32
		tf float32
	}
	es := make([]entry, 0, len(hashes))
	for _, h := range hashes {
		if id, ok := v.ids.get(h); ok {
			w := float32(1)
			if h&(1<<63) != 0 {
				w = charWeight
			}
			es = append(es, entry{id, w})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
	vec := sparseVec{idx: make([]int32, 0, len(es)), val: make([]float32, 0, len(es))}
	var norm float64
	for i := 0; i < len(es); {
		id, tf := es[i].id, es[i].tf
		j := i + 1
		for ; j < len(es) && es[j].id == id; j++ {
			tf += es[j].tf
		}
		i = j
		w := tf * v.idf[id]
		if tf > 1 {
			w = float32(1+math.Log(float64(tf))) * v.idf[id]
		}
		vec.idx = append(vec.idx, id)
		vec.val = append(vec.val, w)
		norm += float64(w) * float64(w)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range vec.val {
			vec.val[i] *= inv
		}
	}
	return vec
}
