package faq

import (
	"html"
	"slices"
	"strings"
)

// Snippet (a plain value, safe for concurrent reads) is a short passage of an article (a sentence of the body, else the
// title or an alternate question) with the query's matched words marked.
type Snippet struct {
	Text       string
	Highlights []Span // byte ranges of Text that matched the query, in order
}

// Span is a byte range [Start, End) of a string; a plain value.
type Span struct {
	Start, End int
}

// SnippetPart is one piece of a snippet's text: a run of plain text or a
// matched (highlighted) run. It is a plain value.
type SnippetPart struct {
	Text   string
	Marked bool // the text matched the query
}

// Parts splits the snippet's text at its highlights, in order. Joining the
// parts' Text gives back s.Text. Highlights that overlap an earlier one, end
// beyond the text or are reversed are ignored. Hosts that build their own
// markup (a DOM, a terminal, JSON for a client) render each part escaped in
// their own way; for HTML, use HTML.
func (s Snippet) Parts() []SnippetPart {
	parts := make([]SnippetPart, 0, 2*len(s.Highlights)+1)
	at := 0
	for _, h := range s.Highlights {
		if h.Start < at || h.End > len(s.Text) || h.Start > h.End || h.Start < 0 {
			continue
		}
		if h.Start > at {
			parts = append(parts, SnippetPart{Text: s.Text[at:h.Start]})
		}
		if h.End > h.Start {
			parts = append(parts, SnippetPart{Text: s.Text[h.Start:h.End], Marked: true})
		}
		at = h.End
	}
	if at < len(s.Text) {
		parts = append(parts, SnippetPart{Text: s.Text[at:]})
	}
	return parts
}

// HTML returns the snippet as safe HTML text content: every part of the text
// is escaped (html.EscapeString: <, >, &, ' and ") and each highlight is
// wrapped in <mark>…</mark>, the only tags the result contains. Article text
// therefore cannot inject markup, whatever it holds. The result is meant for
// an element's content, e.g. a template's template.HTML(s.HTML()).
func (s Snippet) HTML() string {
	var b strings.Builder
	b.Grow(len(s.Text) + len(s.Highlights)*len("<mark></mark>") + 16)
	for _, p := range s.Parts() {
		if p.Marked {
			b.WriteString("<mark>")
		}
		b.WriteString(html.EscapeString(p.Text))
		if p.Marked {
			b.WriteString("</mark>")
		}
	}
	return b.String()
}

// Marked returns the raw snippet text with every highlight wrapped in open
// and close, e.g. Marked("**", "**") for Markdown. Text is not escaped, and
// escaping it beforehand would shift the highlights' byte offsets, so do not
// use Marked for HTML: use HTML, or Parts and escape each part.
func (s Snippet) Marked(open, close string) string {
	out := make([]byte, 0, len(s.Text)+len(s.Highlights)*(len(open)+len(close)))
	for _, p := range s.Parts() {
		if p.Marked {
			out = append(out, open...)
		}
		out = append(out, p.Text...)
		if p.Marked {
			out = append(out, close...)
		}
	}
	return string(out)
}

// minHighlightIDF is the IDF (log(1+N/df)) a matched term needs to be
// highlighted: words found in more than half of the articles ("my", "the")
// are not marked.
const minHighlightIDF = 1.0986122886681098 // ln 3

// minDocsForIDF is the number of articles below which every matched term is
// highlighted.
const minDocsForIDF = 10

// matchedTerm is an index term a query matched, with its IDF.
type matchedTerm struct {
	id  int32
	idf float64
}

// matchSet is the set of index terms a query matched: a bit set over term
// IDs for fast membership, and the terms with their IDF.
type matchSet struct {
	bits  []uint64
	terms []matchedTerm
}

// reset empties m, keeping its memory.
func (m *matchSet) reset() {
	for _, t := range m.terms {
		m.bits[t.id>>6] = 0
	}
	m.terms = m.terms[:0]
}

func (m *matchSet) add(id int32, idf float64) {
	if m.has(id) {
		return
	}
	m.bits[id>>6] |= 1 << (id & 63)
	m.terms = append(m.terms, matchedTerm{id, idf})
}

func (m *matchSet) has(id int32) bool {
	return id >= 0 && int(id>>6) < len(m.bits) && m.bits[id>>6]&(1<<(id&63)) != 0
}

// lookup returns the IDF of term ID id if the query matched it.
func (m *matchSet) lookup(id int32) (float64, bool) {
	if !m.has(id) {
		return 0, false
	}
	for _, t := range m.terms {
		if t.id == id {
			return t.idf, true
		}
	}
	return 0, false
}

// makeSnippet picks the body sentence of doc whose matched terms weigh the
// most (IDF, each term once; the earliest on ties), or, when no body sentence
// matches, the best of the title and the alternate questions, and marks its
// matching words. w is scratch of at least len(doc.passages) elements.
//
// The highlights are appended to spans, which the snippets of one search
// share (one allocation for all of them); the snippet's Highlights is a
// slice of it capped at its length, so appending to it copies.
func makeSnippet(doc *document, matched *matchSet, spans *[]Span, w []float64) Snippet {
	passages := doc.passages
	w = w[:len(passages)]
	clear(w)
	for _, t := range matched.terms {
		k, found := slices.BinarySearch(doc.pTerms, t.id)
		if !found {
			continue
		}
		for _, i := range doc.pList[doc.pOff[k]:doc.pOff[k+1]] {
			w[i] += t.idf
		}
	}
	best, bestW := -1, 0.0
	for pass := 0; pass < 2 && best < 0; pass++ {
		for i, p := range passages {
			if p.body == (pass == 0) && w[i] > bestW {
				best, bestW = i, w[i]
			}
		}
	}
	if best < 0 {
		if len(passages) == 0 {
			return Snippet{}
		}
		return Snippet{Text: passages[0].text}
	}
	p := passages[best]
	hl := *spans
	first := len(hl)
	for k, t := range p.toks {
		if idf, ok := matched.lookup(p.ids[k]); !ok || idf < minHighlightIDF {
			continue
		}
		if k := len(hl); k > first && t.start <= hl[k-1].End {
			hl[k-1].End = max(hl[k-1].End, t.end)
			continue
		}
		hl = append(hl, Span{t.start, t.end})
	}
	*spans = hl
	sn := Snippet{Text: p.text}
	if len(hl) > first {
		sn.Highlights = hl[first:len(hl):len(hl)]
	}
	return sn
}
