package faq_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// syntheticKB returns n single-question articles over a vocabulary of
// made-up words, with Zipf-like word frequencies as in real text.
func syntheticKB(n int) []faq.Article {
	rng := rand.New(rand.NewPCG(7, 11))
	zipf := rand.NewZipf(rng, 1.1, 4, 5000)
	word := func() string { return fmt.Sprintf("w%dx", zipf.Uint64()) }
	arts := make([]faq.Article, n)
	for i := range arts {
		var q []string
		for range 6 + rng.IntN(8) {
			q = append(q, word())
		}
		arts[i] = faq.Article{ID: fmt.Sprintf("a%d", i), Status: faq.StatusPublished,
			Translations: map[language.Tag]faq.Translation{language.English: {Title: "t", Questions: []string{strings.Join(q, " ")}}}}
	}
	return arts
}

func topID(t *testing.T, kb *faq.KB, text string) string {
	t.Helper()
	res, err := kb.Search(faq.Query{Text: text, Limit: 1, NoSnippets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].ArticleID
}

// TestIncrementalUpdate puts, replaces and deletes single articles in a
// 10,000-article KB: each is searchable (or gone) as soon as the call
// returns, searches running meanwhile never fail, and Rebuild makes the
// index exact again.
func TestIncrementalUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-article KB")
	}
	kb := faq.New(faq.Options{})
	if err := kb.Put(syntheticKB(10000)...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a searcher that must never wait for or see a half update
		defer wg.Done()
		for ctx.Err() == nil {
			if _, err := kb.Search(faq.Query{Text: "w1x w2x w3x refund", NoSnippets: true}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { cancel(); wg.Wait() }()

	newArt := faq.Article{ID: "refund-crypto", Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
		language.English: {Title: "Refunds of crypto purchases", Questions: []string{"how do I get a refund for a crypto purchase"}}}}
	start := time.Now()
	if err := kb.Put(newArt); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	t.Logf("Put of one article into 10,000: %v", elapsed)
	if got := topID(t, kb, "refund crypto purchase"); got != "refund-crypto" {
		t.Errorf("after Put: top hit %q, want refund-crypto", got)
	}
	if kb.Stale() == 0 {
		t.Error("Stale() = 0 after an incremental Put")
	}
	// Replace an existing article: its old text is gone, the new one found.
	old, _ := kb.Article("a42")
	oldQ := old.Translations[language.English].Questions[0]
	old.Translations[language.English] = faq.Translation{Title: "t", Questions: []string{"chargeback dispute timeline"}}
	if err := kb.Put(old); err != nil {
		t.Fatal(err)
	}
	if got := topID(t, kb, "chargeback dispute timeline"); got != "a42" {
		t.Errorf("after replace: top hit %q, want a42", got)
	}
	if got := topID(t, kb, oldQ); got == "a42" {
		t.Errorf("after replace: the old text %q still finds a42", oldQ)
	}
	start = time.Now()
	if err := kb.Delete("refund-crypto"); err != nil {
		t.Fatal(err)
	}
	t.Logf("Delete of one article from 10,001: %v", time.Since(start))
	if got := topID(t, kb, "refund crypto purchase"); got == "refund-crypto" {
		t.Error("deleted article still found")
	}
	if err := kb.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if kb.Stale() != 0 {
		t.Errorf("Stale() = %d after Rebuild", kb.Stale())
	}
	if got := topID(t, kb, "chargeback dispute timeline"); got != "a42" {
		t.Errorf("after Rebuild: top hit %q, want a42", got)
	}
	// The 50 ms target is measured by BenchmarkPutOne; under the race
	// detector and a shared machine only a gross regression is caught.
	if elapsed > time.Second {
		t.Errorf("Put of one article took %v", elapsed)
	}
}

// BenchmarkPutOne replaces one article of a 10,000-article KB (lexical
// update; no rebuild), alternating between two versions.
func BenchmarkPutOne(b *testing.B) {
	kb := faq.New(faq.Options{})
	arts := syntheticKB(10000)
	if err := kb.Put(arts...); err != nil {
		b.Fatal(err)
	}
	a := arts[123]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Translations = map[language.Tag]faq.Translation{language.English: {Title: "t", Questions: []string{fmt.Sprintf("new question number %d about fees", i%2)}}}
		if err := kb.Put(a); err != nil {
			b.Fatal(err)
		}
		i++
		if kb.Stale() > 40 {
			b.StopTimer()
			if err := kb.Rebuild(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
}
