package faq_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// Search the built-in knowledge base with a customer's own words. Scores lie
// in [0, 1] and compare across queries, so a host can set a threshold below
// which it offers live chat instead of an article.
func Example() {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		panic(err)
	}
	res, err := kb.Search(faq.Query{Text: "my card payment was declined twice", Limit: 1})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(res.Language, h.ArticleID, h.Score > 0.3)
	}
	// Output:
	// en card-payment-declined true
}

// Chinese text is searched in Chinese; no word segmentation dictionary is
// needed.
func Example_chinese() {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		panic(err)
	}
	res, err := kb.Search(faq.Query{Text: "退款多久到账", Limit: 1})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(res.Language, h.ArticleID)
	}
	// Output:
	// zh-Hans refund-how-long
}

// The served language is negotiated: Traditional Chinese and Portuguese
// customers get the closest translation, anyone else the default.
func ExampleKB_Negotiate() {
	kb := faq.New(faq.Options{})
	tr := func(title string) faq.Translation { return faq.Translation{Title: title} }
	err := kb.Put(faq.Article{
		ID: "fees", Status: faq.StatusPublished,
		Translations: map[language.Tag]faq.Translation{
			language.English:             tr("How fees work"),
			language.SimplifiedChinese:   tr("手续费说明"),
			language.TraditionalChinese:  tr("手續費說明"),
			language.BrazilianPortuguese: tr("Como funcionam as tarifas"),
		},
	})
	if err != nil {
		panic(err)
	}
	for _, accept := range []string{"zh-TW", "zh-CN,zh;q=0.9", "pt", "de-CH, fr;q=0.8"} {
		fmt.Printf("%-16s → %s\n", accept, kb.NegotiateHeader(accept))
	}
	// Output:
	// zh-TW            → zh-Hant
	// zh-CN,zh;q=0.9   → zh-Hans
	// pt               → pt-BR
	// de-CH, fr;q=0.8  → en
}

// Evaluate measures a knowledge base with labeled queries.
func ExampleKB_Evaluate() {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		panic(err)
	}
	ev, err := kb.Evaluate(context.Background(), []faq.LabeledQuery{
		{Text: "I never got the email to confirm my address", ArticleID: "verification-email-not-received"},
		{Text: "someone asked me for the code I received by SMS", ArticleID: "never-share-codes"},
		{Text: "换汇用的是什么汇率", ArticleID: "exchange-rates", Language: language.SimplifiedChinese},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("queries=%d top3=%.2f\n", ev.Queries, ev.Top3)
	// Output:
	// queries=3 top3=1.00
}

// Suggest completes what the customer is typing with article titles and
// alternate questions.
func ExampleKB_Suggest() {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		panic(err)
	}
	sugs, err := kb.Suggest(faq.SuggestQuery{Text: "how long does a ref", Limit: 3})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(sugs) > 0, sugs[0].ArticleID)
	// Output:
	// true refund-how-long
}

// Each article is found in the best translation it has: a Traditional
// Chinese customer gets the Simplified Chinese article when no Traditional
// one exists, and English typed by a customer who prefers Japanese is
// searched in English. Each hit says its language.
func ExampleKB_Search_fallback() {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		panic(err)
	}
	for _, q := range []faq.Query{
		{Text: "我想註銷帳戶", Languages: []language.Tag{language.MustParse("zh-TW")}, Limit: 1},
		{Text: "how do I close my account", Languages: []language.Tag{language.Japanese}, Limit: 1},
	} {
		res, err := kb.Search(q)
		if err != nil {
			panic(err)
		}
		h := res.Hits[0]
		fmt.Println(h.ArticleID, h.Language, h.Score >= 0.2)
	}
	// Output:
	// close-account zh-Hans true
	// close-account en true
}

// HTML renders a snippet safely: the article's text is escaped part by part
// and only the matches are marked up.
func ExampleSnippet_HTML() {
	sn := faq.Snippet{Text: `Fees <b>&</b> "limits"`, Highlights: []faq.Span{{Start: 0, End: 4}, {Start: 15, End: 21}}}
	fmt.Println(sn.HTML())
	// Output:
	// <mark>Fees</mark> &lt;b&gt;&amp;&lt;/b&gt; &#34;<mark>limits</mark>&#34;
}

// Votes name their voter, who counts once per article, and go to the
// translation the customer reads, negotiated like Localized.
func ExampleKB_Vote() {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		panic(err)
	}
	zhCN := language.MustParse("zh-CN")
	lang, err := kb.Vote("refund-how-long", "customer-42", true, zhCN)
	if err != nil {
		panic(err)
	}
	_, _ = kb.Vote("refund-how-long", "customer-42", true, zhCN) // replaces, does not add
	fmt.Println(lang, kb.VoteCounts())
	// Output:
	// zh-Hans [{refund-how-long zh-Hans 1 0}]
}
