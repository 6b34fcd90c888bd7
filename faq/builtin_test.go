package faq_test

import (
	"context"
	"encoding/csv"
	"os"
	"slices"
	"sync"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

func TestBuiltinArticles(t *testing.T) {
	arts, err := faq.BuiltinArticles()
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < 30 {
		t.Errorf("%d built-in articles, want at least 30", len(arts))
	}
	ids := map[string]bool{}
	for _, a := range arts {
		ids[a.ID] = true
	}
	for _, a := range arts {
		if a.Status != faq.StatusPublished {
			t.Errorf("%s: status %q", a.ID, a.Status)
		}
		if a.Category == "" {
			t.Errorf("%s: no category", a.ID)
		}
		for _, tag := range []language.Tag{language.English, language.SimplifiedChinese} {
			tr, ok := a.Translations[tag]
			switch {
			case !ok:
				t.Errorf("%s: no %s translation", a.ID, tag)
			case tr.Title == "" || tr.Body == "":
				t.Errorf("%s/%s: empty title or body", a.ID, tag)
			case len(tr.Questions) < 3:
				t.Errorf("%s/%s: %d questions, want at least 3", a.ID, tag, len(tr.Questions))
			}
		}
		for _, r := range a.Related {
			if !ids[r] {
				t.Errorf("%s: related %q does not exist", a.ID, r)
			}
		}
	}
}

// loadBuiltinEval reads testdata/<name> (columns text,article).
func loadBuiltinEval(t *testing.T, name string, tag language.Tag) []faq.LabeledQuery {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"text", "article"}) {
		t.Fatalf("%s: header %q", name, rows[0])
	}
	var qs []faq.LabeledQuery
	for _, r := range rows[1:] {
		qs = append(qs, faq.LabeledQuery{Text: r[0], ArticleID: r[1], Language: tag})
	}
	return qs
}

// builtinKB builds the built-in KB once for the tests that only read it.
var builtinKB = sync.OnceValues(func() (*faq.KB, error) { return faq.Builtin(faq.Options{}) })

// TestBuiltinEvaluation asserts quality floors on customer phrasings of the
// built-in articles that are not copies of their alternate questions, in
// English and in Chinese.
func TestBuiltinEvaluation(t *testing.T) {
	kb, err := builtinKB()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file       string
		tag        language.Tag
		top1, top3 float64
	}{
		{"builtin_eval_en.csv", language.English, 0.70, 0.85},
		{"builtin_eval_zh.csv", language.SimplifiedChinese, 0.72, 0.88},
	} {
		t.Run(tc.file, func(t *testing.T) {
			qs := loadBuiltinEval(t, tc.file, tc.tag)
			for _, q := range qs {
				if _, err := kb.Article(q.ArticleID); err != nil {
					t.Fatalf("label of %q: %v", q.Text, err)
				}
			}
			ev, err := kb.Evaluate(context.Background(), qs)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v", tc.file, ev)
			if ev.Top1 < tc.top1 || ev.Top3 < tc.top3 {
				t.Errorf("top1 %.4f top3 %.4f, want at least %.2f and %.2f", ev.Top1, ev.Top3, tc.top1, tc.top3)
			}
		})
	}
}

// TestBuiltinOffTopic checks the threshold documented on Result.Score:
// questions the KB cannot answer score below 0.2 (asserted with a margin, so
// that editing an article does not break the build).
func TestBuiltinOffTopic(t *testing.T) {
	kb, err := builtinKB()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"what's the weather tomorrow", "recommend a good pizza place", "who won the football game",
		"how tall is mount everest", "tell me a joke", "明天天气怎么样", "推荐一家好吃的餐厅", "今天股市怎么样"} {
		res, err := kb.Search(faq.Query{Text: q, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) > 0 && res.Hits[0].Score >= 0.25 {
			t.Errorf("%q: %s scores %.2f, want below 0.25", q, res.Hits[0].ArticleID, res.Hits[0].Score)
		}
	}
}
