package faq

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

// Marked returns the snippet text with every highlight wrapped in open and
// close, e.g. Marked("**", "**") for Markdown or Marked("<mark>", "</mark>")
// for HTML (the caller escapes Text first if it needs to).
func (s Snippet) Marked(open, close string) string {
	out := make([]byte, 0, len(s.Text)+len(s.Highlights)*(len(open)+len(close)))
	at := 0
	for _, h := range s.Highlights {
		if h.Start < at || h.End > len(s.Text) || h.Start > h.End {
			continue
		}
		out = append(out, s.Text[at:h.Start]...)
		out = append(out, open...)
		out = append(out, s.Text[h.Start:h.End]...)
		out = append(out, close...)
		at = h.End
	}
	return string(append(out, s.Text[at:]...))
}

// makeSnippet picks the passage that matches the most distinct query terms
// (the earliest on ties) and marks its matching words.
func makeSnippet(passages []passage, matched map[string]bool) Snippet {
	best, bestN := -1, 0
	for i, p := range passages {
		n := 0
		var seen [maxQueryTokens]string
		for _, t := range p.toks {
			if !matched[t.term] {
				continue
			}
			dup := false
			for _, s := range seen[:n] {
				if s == t.term {
					dup = true
					break
				}
			}
			if !dup && n < len(seen) {
				seen[n] = t.term
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		if len(passages) == 0 {
			return Snippet{}
		}
		return Snippet{Text: passages[0].text}
	}
	p := passages[best]
	sn := Snippet{Text: p.text}
	for _, t := range p.toks {
		if !matched[t.term] {
			continue
		}
		if k := len(sn.Highlights); k > 0 && t.start <= sn.Highlights[k-1].End {
			sn.Highlights[k-1].End = max(sn.Highlights[k-1].End, t.end)
			continue
		}
		sn.Highlights = append(sn.Highlights, Span{t.start, t.end})
	}
	return sn
}
