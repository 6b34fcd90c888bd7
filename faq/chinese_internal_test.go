package faq

import "testing"

// TestZhDense checks the dense lookups of zhFold and zhSyllable against a
// binary search of the generated tables for every code point they cover,
// and a few answers by hand.
func TestZhDense(t *testing.T) {
	for r := rune(zhDenseLo - 16); r < zhDenseHi+16; r++ {
		wantFold := r
		if i, ok := zhFind(zhFoldTable, 6, r); ok {
			wantFold = rune3At(zhFoldTable, i+3)
		}
		if got := zhFold(r); got != wantFold {
			t.Fatalf("zhFold(%U) = %U, want %U", r, got, wantFold)
		}
		var wantSyl uint16
		i, wantOK := zhFind(zhPinyinTable, 5, r)
		if wantOK {
			wantSyl = uint16(zhPinyinTable[i+3])<<8 | uint16(zhPinyinTable[i+4])
		}
		if r < zhDenseLo {
			wantSyl, wantOK = 0, false // below the ideographs: no syllable, as before
		}
		if got, ok := zhSyllable(r); got != wantSyl || ok != wantOK {
			t.Fatalf("zhSyllable(%U) = %d, %v; want %d, %v", r, got, ok, wantSyl, wantOK)
		}
	}
	for _, c := range [][2]rune{{'帳', '帐'}, {'戶', '户'}, {'錢', '钱'}, {'款', '款'}, {'a', 'a'}} {
		if got := zhFold(c[0]); got != c[1] {
			t.Errorf("zhFold(%c) = %c, want %c", c[0], got, c[1])
		}
	}
	a, _ := zhSyllable('宽')
	b, _ := zhSyllable('款')
	if a != b {
		t.Errorf("宽 and 款 have syllables %d and %d, want one (kuan)", a, b)
	}
}
