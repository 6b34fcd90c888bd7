package faq

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

func terms(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.term
	}
	return out
}

func TestAnalyze(t *testing.T) {
	en := newAnalyzer(language.English, nil)
	fr := newAnalyzer(language.French, nil)
	enSyn := newAnalyzer(language.English, DefaultSynonyms()[language.English])
	zhSyn := newAnalyzer(language.Chinese, DefaultSynonyms()[language.Chinese])
	tests := []struct {
		name string
		a    *analyzer
		in   string
		want []string
	}{
		{"stemming", en, "Refunds were declined", []string{"refund", "were", "declin"}},
		{"fullwidth and case", en, "ＲＥＦＵＮＤ Card", []string{"refund", "card"}},
		{"apostrophes", en, "I don't see my card's status", []string{"i", "dont", "see", "my", "card", "status"}},
		{"curly apostrophe", en, "can’t pay", []string{"cant", "pay"}},
		{"diacritics", fr, "Remboursé à la carte", []string{"rembourse", "a", "la", "carte"}},
		{"french elision", fr, "l'argent", []string{"l", "argent"}},
		{"romance plural", fr, "paiements refusés", []string{"paiement", "refuse"}},
		{"numbers", en, "3DS code 123456", []string{"3ds", "code", "123456"}},
		{"cjk unigrams and bigrams", en, "退款", []string{"退", "退款", "款"}},
		{"single cjk char", en, "钱", []string{"钱"}},
		{"mixed scripts", en, "card卡片ok", []string{"card", "卡", "卡片", "片", "ok"}},
		{"kana", en, "カード", []string{"カ", "カー", "ー", "ード", "ド"}},
		{"halfwidth kana", en, "ｶｰﾄﾞ", []string{"カ", "カー", "ー", "ード", "ド"}},
		{"hangul", en, "환불", []string{"환", "환불", "불"}},
		{"control chars separate", en, "card\x00\x07pay", []string{"card", "pay"}},
		{"invalid utf8 separates", en, "card\xffpay", []string{"card", "pay"}},
		{"punctuation only", en, "?!... ---", []string{}},
		{"english synonym phrase", enSyn, "I want my money back", []string{"i", "want", "my", "refund"}},
		{"english synonym word", enSyn, "cashpoint", []string{"atm"}},
		{"chinese synonym", zhSyn, "退钱", []string{"退", "退款", "款"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := terms(tc.a.analyze(tc.in, 0))
			if !slices.Equal(got, tc.want) {
				t.Errorf("analyze(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestAnalyzeOffsets(t *testing.T) {
	en := newAnalyzer(language.English, nil)
	in := "Ｃａｒｄ declined, 退款"
	for _, tok := range en.analyze(in, 0) {
		if tok.start < 0 || tok.end > len(in) || tok.start >= tok.end {
			t.Fatalf("token %+v has a bad range for %q", tok, in)
		}
	}
	toks := en.analyze(in, 0)
	if got := in[toks[0].start:toks[0].end]; got != "Ｃａｒｄ" {
		t.Errorf("first token covers %q", got)
	}
}

func TestAnalyzeBounded(t *testing.T) {
	en := newAnalyzer(language.English, nil)
	long := strings.Repeat("payment ", 10000) + strings.Repeat("支付", 10000) + strings.Repeat("x", 100000)
	if n := len(en.analyze(long, maxQueryTokens)); n > maxQueryTokens {
		t.Errorf("%d tokens, want at most %d", n, maxQueryTokens)
	}
	for _, tok := range en.analyze(strings.Repeat("x", 100000), 0) {
		if len(tok.term) > maxWordBytes {
			t.Errorf("term of %d bytes", len(tok.term))
		}
	}
}

func TestStemEnglish(t *testing.T) {
	// Expected stems from the Snowball English (Porter2) algorithm.
	tests := map[string]string{
		"caresses": "caress", "ponies": "poni", "ties": "tie", "cats": "cat", "agreed": "agre",
		"plastered": "plaster", "motoring": "motor", "sing": "sing", "hopping": "hop",
		"tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail",
		"filing": "file", "happy": "happi", "generously": "generous", "consignment": "consign",
		"relational": "relat", "adjustment": "adjust", "payments": "payment", "refunded": "refund",
		"declined": "declin", "decline": "declin", "skies": "sky", "news": "news", "dying": "die",
		"cry": "cri", "by": "by", "say": "say", "succeeded": "succeed", "communication": "communic",
		"generate": "generat", "hopeful": "hope", "goodness": "good", "electrical": "electr",
		"cards": "card", "charged": "charg", "verification": "verif", "exchange": "exchang",
		"caf\u00e9": "caf\u00e9", "a": "a", "it's": "it",
	}
	for in, want := range tests {
		if got := stemEnglish(in); got != want {
			t.Errorf("stemEnglish(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypoCorrect(t *testing.T) {
	vocab := map[string]int32{"refund": 0, "transfer": 1, "declin": 2, "card": 3, "verif": 4, "payment": 5}
	ix := buildTypoIndex(vocab, []int32{10, 5, 3, 20, 1, 7})
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"refnd", "refund", true},      // deletion, 5 letters
		{"refuund", "refund", true},    // insertion
		{"rfeund", "refund", true},     // transposition
		{"tarnsfre", "transfer", true}, // two edits, 8 letters
		{"tarnsfe", "", false},         // two edits but only 7 letters
		{"crad", "", false},            // too short to correct
		{"paymnet", "payment", true},
		{"xxxxxxx", "", false},
	}
	for _, tc := range tests {
		got, ok := ix.correct(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("correct(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"refund", "refund", 0}, {"refund", "refnd", 1}, {"ab", "ba", 1}, {"kitten", "sitting", 3},
		{"abc", "", 3},
	}
	for _, tc := range tests {
		if got := osaDistance(tc.a, tc.b, 5); got != tc.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if got := osaDistance("kitten", "sitting", 1); got != 2 {
		t.Errorf("bounded distance = %d, want max+1 = 2", got)
	}
}

func TestPassages(t *testing.T) {
	en := newAnalyzer(language.English, nil)
	tr := &Translation{
		Title:     "Title",
		Body:      "# Heading\n\nFirst **bold** sentence. Second one!\n1. Step [one](https://x.example).\n- Bullet `code`\n退款已到账。请查收",
		Questions: []string{"q1"},
	}
	var got []string
	for _, p := range buildPassages(en, tr) {
		got = append(got, p.text)
	}
	want := []string{"Heading", "First bold sentence.", "Second one!", "Step one.", "Bullet code", "退款已到账。", "请查收", "Title", "q1"}
	if !slices.Equal(got, want) {
		t.Errorf("passages %q, want %q", got, want)
	}
}

// TestCJKStable checks the characters cjkStable accepts against normalize.
func TestCJKStable(t *testing.T) {
	for _, rng := range [][2]rune{{0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x30FC, 0x30FC}, {0xAC00, 0xD7A3}} {
		for r := rng[0]; r <= rng[1]; r++ {
			s := string(r)
			if !cjkStable(s) {
				t.Fatalf("cjkStable(%U) = false", r)
			}
			if n := normalize(s); n != s {
				t.Fatalf("normalize(%U) = %q, but cjkStable accepts it", r, n)
			}
		}
	}
	// Runs of them stay unchanged too (nothing composes).
	rng := rand.New(rand.NewPCG(3, 5))
	pick := []rune{0x4E00, 0x9FFF, 0x3400, 0x3041, 0x3096, 0x304B, 0x30A1, 0x30AB, 0x30FA, 0x30FC, 0xAC00, 0xD7A3, 0xAC01, 0xC544}
	for range 2000 {
		var b []rune
		for range 2 + rng.IntN(4) {
			b = append(b, pick[rng.IntN(len(pick))]+rune(rng.IntN(3)))
		}
		s := string(b)
		if cjkStable(s) && normalize(s) != s {
			t.Fatalf("normalize(%q) = %q, but cjkStable accepts it", s, normalize(s))
		}
	}
	for _, s := range []string{"ｶｰﾄﾞ", "か\u3099", "\uF900", "Ａ", "\u1100\u1161"} {
		if cjkStable(s) {
			t.Errorf("cjkStable(%q) = true", s)
		}
	}
}

// TestASCIIWordFastPath checks that the allocation-free path for ASCII words
// produces the tokens of the general one (normalize, then appendWord), with
// and without the word cache of an index.
func TestASCIIWordFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	words := []string{"Refunds", "DON'T", "card's", "I'd", "l'argent", "it's", "O'Neil's", strings.Repeat("X", 300)}
	for range 3000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		if len(b) > 2 && rng.IntN(4) == 0 {
			b[1+rng.IntN(len(b)-2)] = '\''
		}
		words = append(words, string(b))
	}
	for _, base := range []*analyzer{newAnalyzer(language.English, nil), newAnalyzer(language.French, nil), newAnalyzer(language.German, nil)} {
		cached := base.withStemCache()
		for _, w := range words[:len(words)/2] {
			cached.appendWord(nil, normalize(w), 0, len(w)) // learn half of the words
		}
		cached.freeze()
		for _, a := range []*analyzer{base, cached} {
			for _, w := range words {
				seg := w[:min(len(w), 4*maxWordBytes)]
				got, ok := a.appendASCIIWord(nil, seg, 0, len(seg))
				if !ok {
					if a.english || !strings.Contains(seg, "'") {
						t.Fatalf("%q: fast path refused", seg)
					}
					continue
				}
				want := a.appendWord(nil, normalize(seg), 0, len(seg))
				if !slices.Equal(got, want) {
					t.Fatalf("%q: fast path %+v, general %+v", seg, got, want)
				}
			}
		}
	}
}

// TestTypoCorrectMatchesDeletes checks correct, which builds the deletions of
// the query word in arrays, against the same search over forDeletes.
func TestTypoCorrectMatchesDeletes(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 19))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdeilmnorst"[rng.IntN(13)]
		}
		return string(b)
	}
	vocab := map[string]int32{}
	var df []int32
	for len(vocab) < 400 {
		w := word(3 + rng.IntN(9))
		if _, ok := vocab[w]; !ok {
			vocab[w] = int32(len(df))
			df = append(df, int32(1+rng.IntN(5)))
		}
	}
	ix := buildTypoIndex(vocab, df)
	reference := func(w string) (string, bool) {
		if !typoEligible(w) || typoMaxDist(len(w)) == 0 {
			return "", false
		}
		maxd := typoMaxDist(len(w))
		best, bestD, bestDF := int32(-1), maxd+1, int32(-1)
		forDeletes(w, maxd, func(v string) {
			for _, id := range ix.deletes[v] {
				cand := ix.terms[id]
				d := osaDistance(w, cand, maxd)
				if d <= maxd && (d < bestD || d == bestD && (ix.df[id] > bestDF || ix.df[id] == bestDF && cand < ix.terms[best])) {
					best, bestD, bestDF = id, d, ix.df[id]
				}
			}
		})
		if best < 0 {
			return "", false
		}
		return ix.terms[best], true
	}
	for range 3000 {
		w := word(4 + rng.IntN(10))
		got, ok := ix.correct(w)
		want, wantOK := reference(w)
		if got != want || ok != wantOK {
			t.Fatalf("correct(%q) = %q, %v; want %q, %v", w, got, ok, want, wantOK)
		}
	}
}
