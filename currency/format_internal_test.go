package currency

import (
	"testing"

	"golang.org/x/text/language"
)

// TestFormatTables checks the generated tables' consistency: ids are sorted
// and unique and parse as BCP 47, every pattern compiles with grouping and a
// currency sign, every parent chain ends at root within maxChain steps, each
// locale's symbols are sorted and point at texts, and each locale's own tag
// finds itself.
func TestFormatTables(t *testing.T) {
	for i := range cldrLocales {
		l := &cldrLocales[i]
		if i > 0 && cldrLocales[i-1].id >= l.id {
			t.Errorf("locale ids not sorted at %s", l.id)
		}
		if _, err := language.Parse(l.id); err != nil {
			t.Errorf("locale id %q: %v", l.id, err)
		}
		if l.minGrouping < 1 || l.minGrouping > 4 {
			t.Errorf("%s: minimum grouping digits %d", l.id, l.minGrouping)
		}
		num := numberings[l.numbering]
		if num.decimal == "" || num.group == "" || num.minus == "" || num.zero == 0 || num.system == "" {
			t.Errorf("%s: incomplete number symbols %+v", l.id, num)
		}
		for _, p := range []string{num.standard, num.accounting, num.standardAlpha, num.accountingAlpha} {
			if p == "" {
				continue
			}
			cp, err := compilePattern(p, num.minus)
			if err != nil {
				t.Errorf("%s: pattern %q: %v", l.id, p, err)
				continue
			}
			if cp.primary == 0 || cp.secondary == 0 {
				t.Errorf("%s: pattern %q has no grouping", l.id, p)
			}
			if !cp.posPrefix.hasSym && !cp.posSuffix.hasSym {
				t.Errorf("%s: pattern %q has no currency sign", l.id, p)
			}
		}
		depth := 0
		for p := i; p >= 0; p = int(cldrLocales[p].parent) {
			depth++
			if cldrLocales[p].parent < 0 && p != rootLocale {
				t.Errorf("%s: chain ends at %s, not root", l.id, cldrLocales[p].id)
			}
		}
		if depth > maxChain {
			t.Errorf("%s: inheritance chain of %d locales exceeds maxChain %d", l.id, depth, maxChain)
		}
		syms := l.symbols()
		for k, e := range syms {
			code := string([]byte{byte(e.code >> 16), byte(e.code >> 8), byte(e.code)})
			if !isCode(code) || packCode(code) != e.code {
				t.Errorf("%s: bad currency code %q", l.id, code)
			}
			if k > 0 && syms[k-1].code >= e.code {
				t.Errorf("%s: symbols not sorted at %s", l.id, code)
			}
			if e.standard == 0 || int(e.standard) >= len(symbolTexts) || int(e.narrow) >= len(symbolTexts) {
				t.Errorf("%s %s: bad text index", l.id, code)
			}
		}
		if i == rootLocale {
			continue
		}
		if got := matchLocale(language.MustParse(l.id)); got != i {
			t.Errorf("matchLocale(%s) = %s", l.id, cldrLocales[got].id)
		}
	}
}

func TestCompilePatternErrors(t *testing.T) {
	for _, p := range []string{"¤", "¤¤#,##0.00", "#,,##0.00 ¤", "¤#,##0.00;¤¤#"} {
		if _, err := compilePattern(p, "-"); err == nil {
			t.Errorf("compilePattern(%q) succeeded", p)
		}
	}
}

func TestRoundCoefficient(t *testing.T) {
	tests := []struct {
		v      int64
		exp    int32
		inc    int64
		places int32
		mode   RoundingMode
		want   int64
		ok     bool
	}{
		{12345, -3, 1, 2, HalfEven, 1234, true},  // 12.345 → 12.34
		{12355, -3, 1, 2, HalfEven, 1236, true},  // 12.355 → 12.36
		{-12345, -3, 1, 2, HalfUp, -1235, true},  // -12.345 → -12.35
		{-12341, -3, 1, 2, Floor, -1235, true},   // -12.341 → -12.35
		{-12349, -3, 1, 2, Ceiling, -1234, true}, // -12.349 → -12.34
		{103, -2, 5, 2, HalfEven, 105, true},     // 1.03 CHF cash → 1.05
		{1025, -3, 5, 2, HalfEven, 100, true},    // 1.025 → 1.00 (tie, 20 is even)
		{1075, -3, 5, 2, HalfEven, 110, true},    // 1.075 → 1.10 (tie, 21 is odd)
		{12, 0, 5, 2, HalfEven, 1200, true},      // 12 → 12.00
		{1, 19, 1, 2, HalfEven, 0, false},        // scale overflows
		{1 << 62, 0, 1, 2, HalfEven, 0, false},   // product overflows
		{5, -40, 1, 2, HalfEven, 0, false},       // divisor overflows
	}
	for _, tt := range tests {
		got, ok := roundCoefficient(tt.v, tt.exp, tt.inc, tt.places, tt.mode)
		if got != tt.want || ok != tt.ok {
			t.Errorf("roundCoefficient(%d, %d, %d, %d, %s) = %d, %v; want %d, %v",
				tt.v, tt.exp, tt.inc, tt.places, tt.mode, got, ok, tt.want, tt.ok)
		}
	}
}
