package faq

import "sync"

//go:generate go run ./internal/zhgen -o zh_tables.go

// Chinese as customers type it. Two foldings make Chinese queries match the
// way customers write:
//
//   - Traditional and Simplified characters fold into each other: a Chinese
//     analyzer maps every character through OpenCC's Traditional →
//     Simplified character table (with the Hong Kong and Taiwan variant
//     forms), at index and query time, so "退款" and "退款", "帳戶" and
//     "账户" are the same terms.
//   - Homophone typos: pinyin input methods make a wrong character with the
//     right sound the commonest typing error ("退宽" for "退款"). A query
//     character pair that the index does not have is replaced by the
//     indexed pair with the same toneless pinyin (the most frequent one),
//     as misspelled words are corrected. An exact pair is never replaced,
//     so exact matches rank as before.
//
// The tables are generated (zh_tables.go, see internal/zhgen) from the npm
// packages opencc-js (OpenCC data, Apache-2.0) and pinyin (MIT); their
// versions and licences are recorded in the generated file.

// zhFold returns the Simplified form of r, or r.
func zhFold(r rune) rune {
	switch {
	case r < zhDenseLo:
		return r
	case r < zhDenseHi:
		if f := zhDenseTables().fold[r-zhDenseLo]; f != 0 {
			return f
		}
		return r
	}
	if i, ok := zhFind(zhFoldTable, 6, r); ok {
		return rune3At(zhFoldTable, i+3)
	}
	return r
}

// zhSyllable returns the index of r's toneless pinyin syllable (its first
// reading) and true, or false for a character without one.
func zhSyllable(r rune) (uint16, bool) {
	switch {
	case r < zhDenseLo:
		return 0, false
	case r < zhDenseHi:
		if s := zhDenseTables().syllable[r-zhDenseLo]; s != 0 {
			return s - 1, true
		}
		return 0, false
	}
	if i, ok := zhFind(zhPinyinTable, 5, r); ok {
		return uint16(zhPinyinTable[i+3])<<8 | uint16(zhPinyinTable[i+4]), true
	}
	return 0, false
}

// zhFind returns the offset of r's entry in table, a sorted string of
// entries of size bytes that start with a 3-byte code point.
func zhFind(table string, size int, r rune) (int, bool) {
	lo, hi := 0, len(table)/size
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if c := rune3At(table, h*size); c < r {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(table)/size && rune3At(table, lo*size) == r {
		return lo * size, true
	}
	return 0, false
}

// The ideographs of the Basic Multilingual Plane (CJK Extension A and the
// Unified Ideographs), where nearly every character customers type falls,
// are looked up in dense arrays instead of by binary search: zhDense, built
// from the generated tables once, on first use, and never changed after.
const (
	zhDenseLo = 0x3400
	zhDenseHi = 0xA000
)

type zhDense struct {
	fold     [zhDenseHi - zhDenseLo]rune   // 0: no fold
	syllable [zhDenseHi - zhDenseLo]uint16 // the syllable's index + 1; 0: none
}

var (
	zhDenseOnce sync.Once
	zhDenseData *zhDense
)

func zhDenseTables() *zhDense {
	zhDenseOnce.Do(func() {
		d := new(zhDense)
		for i := 0; i+6 <= len(zhFoldTable); i += 6 {
			if r := rune3At(zhFoldTable, i); zhDenseLo <= r && r < zhDenseHi {
				d.fold[r-zhDenseLo] = rune3At(zhFoldTable, i+3)
			}
		}
		for i := 0; i+5 <= len(zhPinyinTable); i += 5 {
			if r := rune3At(zhPinyinTable, i); zhDenseLo <= r && r < zhDenseHi {
				d.syllable[r-zhDenseLo] = (uint16(zhPinyinTable[i+3])<<8 | uint16(zhPinyinTable[i+4])) + 1
			}
		}
		zhDenseData = d
	})
	return zhDenseData
}

func rune3At(s string, i int) rune {
	return rune(s[i])<<16 | rune(s[i+1])<<8 | rune(s[i+2])
}

// soundKey returns the key of a two-character CJK term: the syllables of
// both characters, or false if either has none.
func soundKey(term string) (uint32, bool) {
	var rs [2]rune
	n := 0
	for _, r := range term {
		if n == 2 {
			return 0, false
		}
		rs[n] = r
		n++
	}
	if n != 2 {
		return 0, false
	}
	a, ok1 := zhSyllable(rs[0])
	b, ok2 := zhSyllable(rs[1])
	if !ok1 || !ok2 {
		return 0, false
	}
	return uint32(a)<<16 | uint32(b), true
}

// buildHomophones maps the sound key of every indexed CJK bigram to the
// most frequent bigram with that sound (ties: the smaller term ID).
func buildHomophones(terms map[string]int32, postings [][]posting) map[uint32]int32 {
	out := map[uint32]int32{}
	for term, id := range terms {
		k, ok := soundKey(term)
		if !ok {
			continue
		}
		if cur, ok := out[k]; !ok || len(postings[id]) > len(postings[cur]) || len(postings[id]) == len(postings[cur]) && id < cur {
			out[k] = id
		}
	}
	return out
}
