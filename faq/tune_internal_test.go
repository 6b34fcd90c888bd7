package faq

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/text/language"
)

// banking77PathInternal is where the BANKING77 training split lives relative to this
// package (the shared/ directory is a sibling of the repository clone).
const banking77PathInternal = "../../shared/data/banking77/train.csv"

func loadBanking77(t testing.TB) (texts, labels []string) {
	t.Helper()
	f, err := os.Open(banking77PathInternal)
	if err != nil {
		t.Skipf("BANKING77 not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		texts = append(texts, r[0])
		labels = append(labels, r[1])
	}
	return texts, labels
}

// crossValidate runs k-fold cross-validation (fold = row index mod k) of the
// full ranking pipeline with params p and returns top-1 accuracy.
func crossValidate(t testing.TB, texts, labels []string, k, maxFolds int, p searchParams, syn [][]string) (top1 float64, build time.Duration) {
	an := newAnalyzer(language.English, syn)
	correct, total := 0, 0
	for fold := 0; fold < k && fold < maxFolds; fold++ {
		byCat := map[string]*Article{}
		var order []*Article
		for i, s := range texts {
			if i%k == fold {
				continue
			}
			a := byCat[labels[i]]
			if a == nil {
				a = &Article{ID: labels[i], Status: StatusPublished, Translations: map[language.Tag]Translation{language.English: {}}}
				byCat[labels[i]] = a
				order = append(order, a)
			}
			tr := a.Translations[language.English]
			tr.Questions = append(tr.Questions, s)
			a.Translations[language.English] = tr
		}
		start := time.Now()
		ix := buildLangIndex(language.English, an, order, p)
		build += time.Since(start)
		for i, s := range texts {
			if i%k != fold {
				continue
			}
			sc := ix.getScratch()
			sc.toks = an.appendTokens(sc.toks[:0], s, maxQueryTokens)
			ix.score(sc, false)
			best := 0
			for k := range sc.cscores {
				if sc.cscores[k] > sc.cscores[best] {
					best = k
				}
			}
			if len(sc.cdocs) > 0 && ix.docs[sc.cdocs[best]].article.ID == labels[i] {
				correct++
			}
			ix.putScratch(sc)
			total++
		}
	}
	return float64(correct) / float64(total), build
}

// TestTuneBanking77 is the tuning harness behind searchParams: it prints the
// cross-validated top-1 of parameter variants. It only runs with
// PAYDESK_TUNE=N (N folds of 5 to evaluate, e.g. 5 for the full 5-fold CV).
func TestTuneBanking77(t *testing.T) {
	folds, _ := strconv.Atoi(os.Getenv("PAYDESK_TUNE"))
	if folds == 0 {
		t.Skip("set PAYDESK_TUNE=1..5 to run the tuning harness")
	}
	texts, labels := loadBanking77(t)
	// Variants tried while tuning (5-fold top-1 on BANKING77 train): no
	// BM25 blend 0.906, blend 0.4 + temperature 0.2 0.909, no nearest-question
	// re-ranking 0.9086, re-ranking 2/3/5 candidates 0.9132/0.9131/0.9129,
	// nearest question without common terms (df > 5%) 0.9068, char n-grams
	// 3-5 vs 3-4 no gain, separate word/char normalization no gain, word
	// trigrams 0.9090, epochs 4/5/6 0.9109/0.9118/0.9131, updating every
	// margin violator instead of the worst one 0.9043 (2 folds, vs 0.9123),
	// minimum feature document frequency 3/4 0.9125/0.9128 (same build time).
	variants := map[string]func(p *searchParams){
		"default":  func(p *searchParams) {},
		"noNN":     func(p *searchParams) { p.nnWeight = 0 },
		"noBM25":   func(p *searchParams) { p.blend = 0 },
		"epochs4":  func(p *searchParams) { p.clf.epochs = 4 },
		"charMax5": func(p *searchParams) { p.clf.feat.charMax = 5 },
	}
	only := os.Getenv("PAYDESK_VARIANT")
	for name, fn := range variants {
		if only != "" && only != name {
			continue
		}
		p := defaultSearchParams()
		fn(&p)
		syn := DefaultSynonyms()[language.English]
		if os.Getenv("PAYDESK_NOSYN") != "" {
			syn = nil
		}
		top1, build := crossValidate(t, texts, labels, 5, folds, p, syn)
		t.Logf("%-10s top1=%.4f build/fold=%v", name, top1, build/time.Duration(folds))
	}
}
