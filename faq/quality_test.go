package faq_test

import (
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// TestBanking77Floor asserts a top-1 floor on a deterministic split of a
// BANKING77 subsample (every 5th row; 4 of 5 of those train, 1 of 5 test),
// small enough for CI under -race. With PAYDESK_CV=1 it runs the full 5-fold
// cross-validation on all rows instead, logs the figures and fails below a
// top-1 of 0.912.
func TestBanking77Floor(t *testing.T) {
	texts, cats := banking77(t)
	if os.Getenv("PAYDESK_CV") != "" {
		crossValidate(t, texts, cats)
		return
	}
	if testing.Short() {
		t.Skip("trains a classifier on 1,600 questions")
	}
	var subT, subC []string
	for i := 0; i < len(texts); i += 5 {
		subT = append(subT, texts[i])
		subC = append(subC, cats[i])
	}
	ev := evalFold(t, subT, subC, 5, 0)
	t.Logf("subsample fold: %v", ev)
	// Measured 0.813 at the time of writing; the floor catches regressions.
	if ev.Top1 < 0.78 {
		t.Errorf("top-1 %.4f below the 0.78 floor", ev.Top1)
	}
}

// evalFold trains on the rows with i%k != fold and evaluates the others.
func evalFold(t *testing.T, texts, cats []string, k, fold int) faq.Evaluation {
	t.Helper()
	arts := entries(texts, cats, func(i int) bool { return i%k != fold })
	kb := faq.New(faq.Options{})
	if err := kb.Put(arts...); err != nil {
		t.Fatal(err)
	}
	var qs []faq.LabeledQuery
	for i := fold; i < len(texts); i += k {
		qs = append(qs, faq.LabeledQuery{Text: texts[i], ArticleID: strings.TrimRight(cats[i], "?")})
	}
	ev, err := kb.Evaluate(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// crossValidate logs 5-fold cross-validated figures on all rows.
func crossValidate(t *testing.T, texts, cats []string) {
	var sum faq.Evaluation
	for fold := range 5 {
		start := time.Now()
		ev := evalFold(t, texts, cats, 5, fold)
		t.Logf("fold %d: %v (build+eval %v)", fold, ev, time.Since(start).Round(time.Millisecond))
		sum.Queries += ev.Queries
		sum.Top1 += ev.Top1 / 5
		sum.Top3 += ev.Top3 / 5
		sum.MRR += ev.MRR / 5
		sum.P50 += ev.P50 / 5
		sum.P99 += ev.P99 / 5
	}
	t.Logf("5-fold mean: %v", sum)
	// Measured 0.9122 (issue 13 keeps it from dropping).
	if sum.Top1 < 0.912 {
		t.Errorf("5-fold top-1 %.4f below the 0.912 floor", sum.Top1)
	}
}

// zhparaDir is the hand-written Chinese paraphrase set of the benchmarks
// module (see its README): 40 single-question entries, 88 queries.
const zhparaDir = "../benchmarks/faqbench/testdata/zhpara/"

// TestChineseParaphraseFloor pins top-1 on the Chinese paraphrase set:
// paraphrases, Traditional characters and homophone typos against
// single-question entries. The comparison with Bleve is in
// benchmarks/faqbench (TestChineseParaphrase).
func TestChineseParaphraseFloor(t *testing.T) {
	read := func(name string) [][]string {
		f, err := os.Open(zhparaDir + name)
		if err != nil {
			t.Skipf("zhpara not available: %v", err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	kbRows, qRows := read("kb.csv"), read("queries.csv")
	kb := faq.New(faq.Options{DefaultLanguage: language.SimplifiedChinese})
	for _, r := range kbRows {
		if err := kb.Put(faq.Article{ID: r[1], Status: faq.StatusPublished, Translations: map[language.Tag]faq.Translation{
			language.SimplifiedChinese: {Questions: []string{r[0]}}}}); err != nil {
			t.Fatal(err)
		}
	}
	var qs []faq.LabeledQuery
	for _, r := range qRows {
		qs = append(qs, faq.LabeledQuery{Text: r[0], ArticleID: r[1], Language: language.SimplifiedChinese})
	}
	ev, err := kb.Evaluate(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("zhpara: %v", ev)
	// Measured 0.6818 (Bleve's cjk analyzer with BM25: 0.4773).
	if ev.Top1 < 0.65 {
		t.Errorf("top-1 %.4f below the 0.65 floor", ev.Top1)
	}
}
