package faq

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
	if r < 0x3400 {
		return r
	}
	const size = 6
	lo, hi := 0, len(zhFoldTable)/size
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if c := rune3At(zhFoldTable, h*size); c < r {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(zhFoldTable)/size && rune3At(zhFoldTable, lo*size) == r {
		return rune3At(zhFoldTable, lo*size+3)
	}
	return r
}

// zhSyllable returns the index of r's toneless pinyin syllable (its first
// reading) and true, or false for a character without one.
func zhSyllable(r rune) (uint16, bool) {
	const size = 5
	lo, hi := 0, len(zhPinyinTable)/size
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if c := rune3At(zhPinyinTable, h*size); c < r {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(zhPinyinTable)/size && rune3At(zhPinyinTable, lo*size) == r {
		i := lo*size + 3
		return uint16(zhPinyinTable[i])<<8 | uint16(zhPinyinTable[i+1]), true
	}
	return 0, false
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
