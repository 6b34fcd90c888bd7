package l10n_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

var table = l10n.Table{
	language.English:            {"hello": "Hello, %[1]s.", "only.en": "English only"},
	language.SimplifiedChinese:  {"hello": "您好，%[1]s。"},
	language.TraditionalChinese: {"hello": "您好，%[1]s。歡迎"},
}

func TestNegotiation(t *testing.T) {
	tx, err := l10n.New(l10n.MustCatalog(table))
	if err != nil {
		t.Fatal(err)
	}
	if got := tx.Languages()[0]; got != language.English {
		t.Errorf("fallback %v, want en", got)
	}
	for _, c := range []struct {
		lang language.Tag
		want string
	}{
		{language.English, "Hello, Mei."},
		{language.MustParse("en-GB"), "Hello, Mei."},
		{language.MustParse("zh-CN"), "您好，Mei。"},
		{language.MustParse("zh-TW"), "您好，Mei。歡迎"},
		{language.MustParse("zh-HK"), "您好，Mei。歡迎"},
		{language.Japanese, "Hello, Mei."},
		{language.Und, "Hello, Mei."},
	} {
		if got := tx.Sprintf(c.lang, "hello", "Mei"); got != c.want {
			t.Errorf("%v: %q, want %q", c.lang, got, c.want)
		}
	}
	if got := tx.Sprintf(language.SimplifiedChinese, "only.en"); got != "English only" {
		t.Errorf("missing key: %q, want the English text", got)
	}
	if got := tx.Match(language.MustParse("zh-TW")); got != language.TraditionalChinese {
		t.Errorf("Match(zh-TW) = %v", got)
	}
}

func TestBadCatalogs(t *testing.T) {
	if _, err := l10n.New(catalog.NewBuilder()); !errors.Is(err, l10n.ErrNoLanguages) {
		t.Errorf("empty catalog: %v", err)
	}
	if _, err := l10n.New(nil); !errors.Is(err, l10n.ErrNoLanguages) {
		t.Errorf("nil catalog: %v", err)
	}
	// A catalog without English falls back to its first language.
	tx, err := l10n.New(l10n.MustCatalog(l10n.Table{language.SimplifiedChinese: {"k": "中文"}}))
	if err != nil {
		t.Fatal(err)
	}
	if got := tx.Sprintf(language.French, "k"); got != "中文" {
		t.Errorf("no English: %q", got)
	}
}

func TestMatchIsRememberedWithoutAllocating(t *testing.T) {
	tx, err := l10n.New(l10n.MustCatalog(table))
	if err != nil {
		t.Fatal(err)
	}
	tw := language.MustParse("zh-TW")
	tx.Match(tw)
	if n := testing.AllocsPerRun(100, func() { tx.Match(tw) }); n != 0 {
		t.Errorf("Match allocates %v times once remembered", n)
	}
	// Many distinct tags (hostile Accept-Language values) are still
	// answered right, beyond what is remembered.
	for i := range 2000 {
		tag := language.Make("en-x-" + strings.Repeat("a", 1+i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)))
		if got := tx.Match(tag); got != language.English {
			t.Fatalf("%v matched %v", tag, got)
		}
	}
	if got := tx.Match(tw); got != language.TraditionalChinese {
		t.Errorf("zh-TW after many tags: %v", got)
	}
}

func BenchmarkSprintf(b *testing.B) {
	tx, err := l10n.New(l10n.MustCatalog(table))
	if err != nil {
		b.Fatal(err)
	}
	tw := language.MustParse("zh-TW")
	b.ReportAllocs()
	for b.Loop() {
		tx.Sprintf(tw, "hello", "Mei")
	}
}
