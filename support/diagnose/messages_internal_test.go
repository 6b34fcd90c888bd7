package diagnose

import (
	"maps"
	"slices"
	"testing"

	"golang.org/x/text/language"
)

// Every language has exactly the English keys: l10n would fill a missing
// one with English, which a test of rendered texts might not notice.
func TestTablesHaveTheSameKeys(t *testing.T) {
	tables := builtinMessages()
	en := slices.Sorted(maps.Keys(tables[language.English]))
	for tag, m := range tables {
		got := slices.Sorted(maps.Keys(m))
		if !slices.Equal(en, got) {
			for _, k := range en {
				if _, ok := m[k]; !ok {
					t.Errorf("%s lacks %s", tag, k)
				}
			}
			for _, k := range got {
				if _, ok := tables[language.English][k]; !ok {
					t.Errorf("%s has extra %s", tag, k)
				}
			}
		}
	}
	if len(tables) < 3 {
		t.Fatalf("want en, zh-Hans, zh-Hant; have %d languages", len(tables))
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, s := range []string{"a", "A-B", "x: y z", "insufficient_funds"} {
		n, err := NormalizeCode(s)
		if err != nil {
			t.Fatal(err)
		}
		if !wellFormed(n) {
			t.Errorf("%q → %q not well formed", s, n)
		}
	}
}
