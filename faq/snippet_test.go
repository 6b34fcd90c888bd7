package faq_test

import (
	"html"
	"strings"
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

// Regression (issue 14): Marked's doc told hosts to escape Text first, which
// shifts the highlight offsets; HTML escapes each part around the marks.
func TestSnippetHTMLHostileText(t *testing.T) {
	for _, tc := range []struct {
		name string
		sn   faq.Snippet
		want string
	}{
		{"issue example", faq.Snippet{Text: "</b> &amp; fee", Highlights: []faq.Span{{5, 10}, {11, 14}}},
			"&lt;/b&gt; <mark>&amp;amp;</mark> <mark>fee</mark>"},
		{"script in a mark", faq.Snippet{Text: "x<script>alert(1)</script>y", Highlights: []faq.Span{{1, 9}}},
			"x<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;y"},
		{"quotes", faq.Snippet{Text: `a "b" 'c'`, Highlights: []faq.Span{{2, 5}}},
			"a <mark>&#34;b&#34;</mark> &#39;c&#39;"},
		{"bad spans ignored", faq.Snippet{Text: "<i>card</i>", Highlights: []faq.Span{{3, 7}, {2, 5}, {9, 99}, {-1, 2}}},
			"&lt;i&gt;<mark>card</mark>&lt;/i&gt;"},
		{"no highlights", faq.Snippet{Text: "<b>"}, "&lt;b&gt;"},
		{"empty", faq.Snippet{}, ""},
	} {
		if got := tc.sn.HTML(); got != tc.want {
			t.Errorf("%s: HTML() = %q, want %q", tc.name, got, tc.want)
		}
		checkSnippetHTML(t, tc.sn)
	}
}

// TestSnippetHTMLFromSearch searches an article whose text is hostile HTML
// and checks that the rendered snippet is safe and marks the matched words.
func TestSnippetHTMLFromSearch(t *testing.T) {
	kb := faq.New(faq.Options{})
	err := kb.Put(faq.Article{ID: "evil", Translations: map[language.Tag]faq.Translation{
		language.English: {Title: "Fees", Body: `<script>alert("x")</script> The transfer fee &amp; the </b><img src=x onerror=alert(1)> markup apply.`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := kb.Search(faq.Query{Text: "transfer fee markup", Languages: []language.Tag{language.English}})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("%v, %v", res, err)
	}
	sn := res.Hits[0].Snippet
	if len(sn.Highlights) == 0 {
		t.Fatalf("no highlights in %+v", sn)
	}
	out := sn.HTML()
	for _, bad := range []string{"<script", "<img", "</b>"} {
		if strings.Contains(out, bad) {
			t.Fatalf("HTML() = %q contains %q", out, bad)
		}
	}
	if !strings.Contains(out, "<mark>transfer</mark>") || !strings.Contains(out, "&amp;amp;") {
		t.Fatalf("HTML() = %q, want the marked words and escaped entities", out)
	}
	checkSnippetHTML(t, sn)
}

// checkSnippetHTML checks the invariants of Snippet.HTML: only <mark> and
// </mark> tags, properly paired and never empty, and removing them and
// unescaping gives back Text; Parts joins back to Text.
func checkSnippetHTML(t *testing.T, sn faq.Snippet) {
	t.Helper()
	out := sn.HTML()
	var plain strings.Builder
	open := false
	for rest := out; rest != ""; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			plain.WriteString(rest)
			break
		}
		plain.WriteString(rest[:i])
		rest = rest[i:]
		switch {
		case !open && strings.HasPrefix(rest, "<mark>"):
			open, rest = true, rest[len("<mark>"):]
		case open && strings.HasPrefix(rest, "</mark>"):
			open, rest = false, rest[len("</mark>"):]
		default:
			t.Fatalf("HTML() = %q: unexpected markup at %q", out, clipStr(rest, 20))
		}
	}
	if open {
		t.Fatalf("HTML() = %q: unclosed <mark>", out)
	}
	if strings.Contains(out, "<mark></mark>") {
		t.Fatalf("HTML() = %q: empty mark", out)
	}
	if strings.ContainsAny(plain.String(), `<>"'`) {
		t.Fatalf("HTML() = %q: unescaped character outside the marks", out)
	}
	if got := html.UnescapeString(plain.String()); got != sn.Text {
		t.Fatalf("unescaped HTML() = %q, want Text %q", got, sn.Text)
	}
	var joined strings.Builder
	for _, p := range sn.Parts() {
		joined.WriteString(p.Text)
	}
	if joined.String() != sn.Text {
		t.Fatalf("Parts join to %q, want %q", joined.String(), sn.Text)
	}
}

func clipStr(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// FuzzSnippetHTML feeds arbitrary text and highlight spans to Snippet.HTML:
// the output only ever holds paired <mark></mark> tags and unescapes back to
// the text.
func FuzzSnippetHTML(f *testing.F) {
	f.Add("</b> &amp; fee", []byte{5, 10, 11, 14})
	f.Add("<script>alert(1)</script>", []byte{0, 8, 3, 30})
	f.Add("退款 <b>&lt;", []byte{0, 6, 7, 10})
	f.Add("\xff<\x00>", []byte{1, 2, 2, 2})
	f.Fuzz(func(t *testing.T, text string, spans []byte) {
		sn := faq.Snippet{Text: text}
		for i := 0; i+1 < len(spans); i += 2 {
			sn.Highlights = append(sn.Highlights, faq.Span{Start: int(spans[i]) - 8, End: int(spans[i+1]) - 8})
		}
		checkSnippetHTML(t, sn)
	})
}
