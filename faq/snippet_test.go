package faq_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// TestSnippetChoice checks which passage becomes the snippet: the body
// sentence with the most matched weight, the earliest of equal ones, and the
// title or an alternate question when no body sentence matches.
func TestSnippetChoice(t *testing.T) {
	kb := faq.New(faq.Options{Synonyms: map[language.Tag][][]string{}})
	err := kb.Put(faq.Article{ID: "fees", Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
		language.English: {
			Title:     "Pricing overview",
			Body:      "Fees for transfers by card are shown first. Cards and transfers carry fees, listed below. Weekend exchange adds a markup. Nothing else here.",
			Questions: []string{"what does a wire cost", "is there a monthly subscription"},
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query, want string
	}{
		{"card transfer fee", "Fees for transfers by card are shown first."}, // equal weight: the earliest
		{"transfer fees on a weekend exchange", "Weekend exchange adds a markup."},
		{"monthly subscription price", "is there a monthly subscription"}, // no body sentence matches
	} {
		res, err := kb.Search(faq.Query{Text: tc.query})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v, %d hits", tc.query, err, len(res.Hits))
		}
		if got := res.Hits[0].Snippet.Text; got != tc.want {
			t.Errorf("%q: snippet %q, want %q", tc.query, got, tc.want)
		}
	}
}
