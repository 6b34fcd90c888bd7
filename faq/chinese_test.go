package faq_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

func zhKB(t *testing.T, tag language.Tag) *faq.KB {
	t.Helper()
	kb := faq.New(faq.Options{DefaultLanguage: tag})
	arts := []struct{ id, title, q string }{
		{"refund", "退款多久到账", "申请退款后钱什么时候退回"},
		{"account", "如何注销账户", "我想关闭我的账户"},
		{"fx", "汇率怎么计算", "换汇的时候用的是什么汇率"},
		{"wide", "宽带费用怎么付", "用钱包缴纳宽带账单"},
		{"card", "银行卡被拒绝怎么办", "付款时银行卡显示被拒"},
	}
	for _, a := range arts {
		if err := kb.Put(faq.Article{ID: a.id, Status: faq.StatusPublished,
			Translations: map[language.Tag]faq.Translation{tag: {Title: a.title, Questions: []string{a.q}}}}); err != nil {
			t.Fatal(err)
		}
	}
	return kb
}

// TestChineseFolding: Traditional queries find Simplified articles and
// homophone typos (same pinyin, wrong character) still match, without
// changing what exact queries find.
func TestChineseFolding(t *testing.T) {
	kb := zhKB(t, language.SimplifiedChinese)
	for _, c := range []struct{ q, want string }{
		{"退款多久到账", "refund"}, // exact
		{"退款多久到帳", "refund"}, // Traditional 帳
		{"註銷帳戶", "account"},  // Traditional
		{"匯率怎麼計算", "fx"},     // Traditional
		{"退宽多久到", "refund"},  // 宽 typed for 款 (kuan)
		{"申请腿款", "refund"},   // 腿 typed for 退 (tui)
		{"宽带费用", "wide"},     // an exact 宽 still finds its own article
		{"銀行卡被拒絕", "card"},   // Traditional
		{"会率怎么算", "fx"},      // 会 typed for 汇 (hui)
	} {
		res, err := kb.Search(faq.Query{Text: c.q, Limit: 1, NoSnippets: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ArticleID != c.want {
			t.Errorf("%q: got %v, want %s", c.q, res.Hits, c.want)
		}
	}
	// Articles written in Traditional characters are found by Simplified
	// queries too.
	kbT := faq.New(faq.Options{DefaultLanguage: language.TraditionalChinese})
	if err := kbT.Put(faq.Article{ID: "refund", Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
		language.TraditionalChinese: {Title: "退款多久到帳", Questions: []string{"申請退款後錢什麼時候退回"}}}},
		faq.Article{ID: "other", Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
			language.TraditionalChinese: {Title: "如何更改密碼"}}}); err != nil {
		t.Fatal(err)
	}
	res, err := kbT.Search(faq.Query{Text: "申请退款后多久到账", Languages: []language.Tag{language.TraditionalChinese}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ArticleID != "refund" {
		t.Errorf("Simplified query on a Traditional article: %v", res.Hits)
	}
}
