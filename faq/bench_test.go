package faq_test

import (
	"encoding/csv"
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// banking77Path is the BANKING77 training split, relative to this package:
// the shared/ directory is a sibling of the repository clone.
const banking77Path = "../../shared/data/banking77/train.csv"

// banking77 returns the rows of BANKING77 (text, category), skipping b when
// the data is not available.
func banking77(tb testing.TB) (texts, cats []string) {
	tb.Helper()
	f, err := os.Open(banking77Path)
	if err != nil {
		tb.Skipf("BANKING77 not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows[1:] {
		texts = append(texts, r[0])
		cats = append(cats, r[1])
	}
	return texts, cats
}

// entries groups texts by category into one article per category, keeping
// the rows for which keep is true.
func entries(texts, cats []string, keep func(i int) bool) []faq.Article {
	byCat := map[string]int{}
	var arts []faq.Article
	for i, s := range texts {
		if !keep(i) {
			continue
		}
		k, ok := byCat[cats[i]]
		if !ok {
			k = len(arts)
			byCat[cats[i]] = k
			arts = append(arts, faq.Article{ID: strings.TrimRight(cats[i], "?"), Status: faq.StatusPublished,
				Translations: map[language.Tag]faq.Translation{language.English: {}}})
		}
		tr := arts[k].Translations[language.English]
		tr.Questions = append(tr.Questions, s)
		arts[k].Translations[language.English] = tr
	}
	return arts
}

// BenchmarkBuild indexes all 10,003 BANKING77 questions (77 entries),
// training included.
func BenchmarkBuild(b *testing.B) {
	texts, cats := banking77(b)
	arts := entries(texts, cats, func(int) bool { return true })
	b.ReportAllocs()
	var kb *faq.KB
	for b.Loop() {
		kb = faq.New(faq.Options{})
		if err := kb.Put(arts...); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// The heap the finished KB holds on to, after garbage collection.
	var before, after runtime.MemStats
	kb = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	kb = faq.New(faq.Options{})
	if err := kb.Put(arts...); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(kb)
}

func banking77KB(b *testing.B) (*faq.KB, []string) {
	texts, cats := banking77(b)
	kb := faq.New(faq.Options{})
	if err := kb.Put(entries(texts, cats, func(i int) bool { return i%5 != 0 })...); err != nil {
		b.Fatal(err)
	}
	var queries []string
	for i := 0; i < len(texts); i += 5 {
		queries = append(queries, texts[i])
	}
	return kb, queries
}

// BenchmarkSearch runs held-out BANKING77 queries against the other 80%,
// ranking only (as Evaluate measures).
func BenchmarkSearch(b *testing.B) {
	kb, queries := banking77KB(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := kb.Search(faq.Query{Text: queries[i%len(queries)], NoSnippets: true}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSearchBuiltinSnippets searches the built-in KB with snippets.
func BenchmarkSearchBuiltinSnippets(b *testing.B) {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		b.Fatal(err)
	}
	queries := []string{"my card payment was declined twice", "退款多久到账", "how do I turn on 2-step verification", "汇率怎么算"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := kb.Search(faq.Query{Text: queries[i%len(queries)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSuggest completes partly typed queries against BANKING77.
func BenchmarkSuggest(b *testing.B) {
	kb, _ := banking77KB(b)
	prefixes := []string{"how do i", "card payment decl", "where is my ca", "refu", "why was"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := kb.Suggest(faq.SuggestQuery{Text: prefixes[i%len(prefixes)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
