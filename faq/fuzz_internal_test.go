package faq

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// FuzzAnalyze checks the analyzer's invariants on arbitrary input: no panic,
// at most maxTokens tokens, non-empty valid UTF-8 terms of bounded length,
// and byte ranges inside the input.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "Refunds were declined", "ＲＥＦＵＮＤ", "don't l'argent", "退钱退款", "ｶｰﾄﾞ", "\xff\x00a", "ǅ ﬁ ① ß İ"} {
		f.Add(s)
	}
	analyzers := []*analyzer{
		newAnalyzer(language.English, DefaultSynonyms()[language.English]),
		newAnalyzer(language.French, nil),
		newAnalyzer(language.Chinese, DefaultSynonyms()[language.Chinese]),
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, a := range analyzers {
			toks := a.analyze(in, maxQueryTokens)
			if len(toks) > maxQueryTokens {
				t.Fatalf("%d tokens", len(toks))
			}
			for _, tok := range toks {
				if tok.term == "" || !utf8.ValidString(tok.term) || len(tok.term) > maxWordBytes {
					t.Fatalf("bad term %q from %q", tok.term, in)
				}
				if tok.start < 0 || tok.end > len(in) || tok.start >= tok.end {
					t.Fatalf("bad range [%d, %d) for %q in %q", tok.start, tok.end, tok.term, in)
				}
			}
		}
	})
}
