package faq

import (
	"fmt"
	"testing"

	"golang.org/x/text/language"
)

// TestSearchPlan pins the languages a search covers, in order: the
// customer's, the Chinese sibling, the default, filtered by the query's
// script.
func TestSearchPlan(t *testing.T) {
	kb, err := Builtin(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := kb.snap.Load()
	tag := language.MustParse
	for _, tc := range []struct {
		prefs  []language.Tag
		accept string
		text   string
		want   string
	}{
		{[]language.Tag{tag("zh-TW")}, "", "我想註銷帳戶", "[zh-Hant zh-Hans]"},
		{[]language.Tag{tag("zh-CN")}, "", "退款", "[zh-Hans zh-Hant]"},
		{[]language.Tag{language.Japanese}, "", "how do I close my account", "[en]"},
		{[]language.Tag{language.Japanese}, "", "返金はいつ", "[ja]"},
		{[]language.Tag{language.English}, "", "退款多久到账", "[zh-Hans]"},
		{[]language.Tag{language.English}, "", "返金はいつ", "[ja]"},
		{[]language.Tag{tag("fr"), tag("zh-TW")}, "", "card", "[en]"},
		{nil, "zh-TW,en;q=0.5", "退款", "[zh-Hant zh-Hans]"},
		{nil, "", "退款", "[zh-Hans zh-Hant]"},
		{nil, "", "カード", "[ja]"},
		{nil, "", "card declined", "[en]"},
		{[]language.Tag{language.Japanese}, "", "4111 1111", "[ja en]"}, // no letters: the whole plan
		{[]language.Tag{language.Korean}, "", "카드", "[en]"},             // no Korean articles: the default
	} {
		var buf [maxPlan]language.Tag
		got := fmt.Sprint(s.searchPlan(Query{Text: tc.text, Languages: tc.prefs, AcceptLanguage: tc.accept}, buf[:0]))
		if got != tc.want {
			t.Errorf("%v %q %q: plan %s, want %s", tc.prefs, tc.accept, tc.text, got, tc.want)
		}
	}
}

func TestQueryScripts(t *testing.T) {
	for text, want := range map[string]int{
		"card":         scriptAlpha,
		"Ｃａｒｄ":         scriptAlpha,
		"карта":        scriptAlpha,
		"退款":           scriptHan,
		"カードの返金":       scriptKana | scriptHan,
		"카드 환불":        scriptHangul,
		"PayPal 退款":    scriptAlpha | scriptHan,
		"123 - 456 ?!": 0,
		"":             0,
	} {
		if got := queryScripts(text); got != want {
			t.Errorf("queryScripts(%q) = %b, want %b", text, got, want)
		}
	}
}
