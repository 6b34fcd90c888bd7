package faq_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// FuzzSearch drives arbitrary text through the analyzer and the whole query
// path (typo correction, classifier, BM25, snippets, suggestions): it must
// never panic, reject only with a *QueryError, and return scores in [0, 1].
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", " ", "refund", "退款多久到账", "ｶｰﾄﾞ", "card\x00declined", "\xff\xfe", "l'argent ça", "refnud 退钱 환불 カード"} {
		f.Add(s)
	}
	kb := faq.New(faq.Options{})
	err := kb.Put(
		faq.Article{ID: "a", Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
			language.English:           {Title: "Refunds", Body: "Refunds take **5 days**.\n\n- Ask the merchant.", Questions: []string{"where is my refund", "money back"}},
			language.SimplifiedChinese: {Title: "退款", Body: "退款需要五天。", Questions: []string{"退款到账"}},
		}},
		faq.Article{ID: "b", Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
			language.English: {Title: "Card declined", Questions: []string{"card declined", "payment failed"}},
		}},
	)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res, err := kb.Search(faq.Query{Text: text, Limit: 3})
		if err != nil {
			var qe *faq.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error %v is not a *QueryError", err)
			}
			return
		}
		for _, h := range res.Hits {
			if h.Score < 0 || h.Score > 1 {
				t.Fatalf("score %v", h.Score)
			}
			for _, sp := range h.Snippet.Highlights {
				if sp.Start < 0 || sp.End > len(h.Snippet.Text) || sp.Start >= sp.End {
					t.Fatalf("bad highlight %+v in %q", sp, h.Snippet.Text)
				}
			}
			if !utf8.ValidString(h.Snippet.Marked("<", ">")) {
				t.Fatal("invalid UTF-8 snippet")
			}
		}
		if _, err := kb.Suggest(faq.SuggestQuery{Text: text}); err != nil && !errors.Is(err, faq.ErrInvalidQuery) && !errors.Is(err, faq.ErrQueryTooLong) {
			t.Fatalf("Suggest: %v", err)
		}
	})
}

// FuzzDecodeArticle feeds arbitrary bytes to the article JSON decoder: it
// must not panic, and what it accepts must validate and round-trip.
func FuzzDecodeArticle(f *testing.F) {
	f.Add([]byte(`{"id":"x","category":"c","status":"published","translations":{"en":{"title":"T","body":"B","questions":["q"]}}}`))
	f.Add([]byte(`{"id":"x","status":"draft","translations":{"zh-Hans":{"title":"标题","body":"","questions":[]}}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"id":"x","status":"published","translations":{"en":{"title":"T"},"EN":{"title":"T"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := faq.DecodeArticle(data)
		if err != nil {
			if !errors.Is(err, faq.ErrInvalidArticle) {
				t.Fatalf("error %v does not match ErrInvalidArticle", err)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("decoded article does not validate: %v", err)
		}
		enc, err := faq.EncodeArticle(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := faq.DecodeArticle(enc)
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if b.ID != a.ID || len(b.Translations) != len(a.Translations) {
			t.Fatalf("round trip changed the article: %+v → %+v", a, b)
		}
	})
}
