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
