package faqbench

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// DataPath is BANKING77's training split relative to this package (shared/
// is a sibling of the repository clone).
const DataPath = "../../../shared/data/banking77/train.csv"

// Row is one labeled text: a question and the category (intent) it belongs
// to. It is a plain value, safe for concurrent use.
type Row struct{ Text, Category string }

// Load reads a text,category CSV file with a header row.
func Load(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("faqbench: %s: %w", path, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("faqbench: %s: no data", path)
	}
	rows := make([]Row, 0, len(recs)-1)
	for _, r := range recs[1:] {
		rows = append(rows, Row{r[0], r[1]})
	}
	return rows, nil
}

// Split returns fold f of k: rows with index%k == f are the test set.
func Split(rows []Row, k, f int) (train, test []Row) {
	for i, r := range rows {
		if i%k == f {
			test = append(test, r)
		} else {
			train = append(train, r)
		}
	}
	return train, test
}

// Result is the quality and speed of one system on one or more folds. It is
// a plain value, safe for concurrent use.
type Result struct {
	Top1    float64
	P50     time.Duration // per query
	Mean    time.Duration // per query
	Build   time.Duration // per fold
	Queries int
}

// Searcher is one system under comparison, built on a fold's training rows.
// Run calls it from one goroutine; implementations need not be safe for
// concurrent use.
type Searcher interface {
	// Search returns the category of the best answer to text.
	Search(text string) (string, error)
}

// Run evaluates build(train) on test for every fold of k (maxFolds at most).
func Run(rows []Row, k, maxFolds int, build func(train []Row) (Searcher, error)) (Result, error) {
	var res Result
	var lat []time.Duration
	var total time.Duration
	correct, folds := 0, 0
	for f := 0; f < k && f < maxFolds; f++ {
		train, test := Split(rows, k, f)
		start := time.Now()
		s, err := build(train)
		if err != nil {
			return Result{}, err
		}
		res.Build += time.Since(start)
		folds++
		for _, q := range test {
			t0 := time.Now()
			got, err := s.Search(q.Text)
			d := time.Since(t0)
			if err != nil {
				return Result{}, err
			}
			lat = append(lat, d)
			total += d
			if got == q.Category {
				correct++
			}
		}
	}
	res.Queries = len(lat)
	res.Top1 = float64(correct) / float64(len(lat))
	res.Build /= time.Duration(folds)
	res.Mean = total / time.Duration(len(lat))
	slices.Sort(lat)
	res.P50 = lat[len(lat)/2]
	return res, nil
}

// Paydesk builds a faq.KB with one article per category.
func Paydesk(train []Row) (Searcher, error) {
	byCat := map[string]int{}
	var arts []faq.Article
	var cats []string
	for _, r := range train {
		i, ok := byCat[r.Category]
		if !ok {
			i = len(arts)
			byCat[r.Category] = i
			cats = append(cats, r.Category)
			arts = append(arts, faq.Article{ID: "e" + strconv.Itoa(i), Status: faq.StatusPublished,
				Translations: map[language.Tag]faq.Translation{language.English: {}}})
		}
		tr := arts[i].Translations[language.English]
		tr.Questions = append(tr.Questions, r.Text)
		arts[i].Translations[language.English] = tr
	}
	kb := faq.New(faq.Options{})
	if err := kb.Put(arts...); err != nil {
		return nil, err
	}
	return &paydesk{kb: kb, cats: cats}, nil
}

type paydesk struct {
	kb   *faq.KB
	cats []string
}

func (p *paydesk) Search(text string) (string, error) {
	res, err := p.kb.Search(faq.Query{Text: text, Limit: 1, NoSnippets: true})
	if err != nil || len(res.Hits) == 0 {
		return "", err
	}
	i, err := strconv.Atoi(strings.TrimPrefix(res.Hits[0].ArticleID, "e"))
	if err != nil {
		return "", err
	}
	return p.cats[i], nil
}

// Bleve builds an in-memory Bleve index (scorch, BM25, English analyzer)
// with one document per question; vote selects the 10-hit vote.
func Bleve(vote bool) func(train []Row) (Searcher, error) { return BleveWith(en.AnalyzerName, vote) }

// BleveWith is Bleve with the named analyzer (for example cjk.AnalyzerName).
func BleveWith(analyzer string, vote bool) func(train []Row) (Searcher, error) {
	return func(train []Row) (Searcher, error) {
		m := bleve.NewIndexMapping()
		m.ScoringModel = "bm25"
		m.DefaultAnalyzer = analyzer
		doc := bleve.NewDocumentMapping()
		text := bleve.NewTextFieldMapping()
		text.Analyzer = analyzer
		text.Store = false
		doc.AddFieldMappingsAt("text", text)
		m.DefaultMapping = doc
		idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, err
		}
		batch := idx.NewBatch()
		cats := make([]string, len(train))
		for i, r := range train {
			cats[i] = r.Category
			if err := batch.Index(strconv.Itoa(i), map[string]any{"text": r.Text}); err != nil {
				return nil, err
			}
		}
		if err := idx.Batch(batch); err != nil {
			return nil, err
		}
		return &bleveSearcher{idx: idx, cats: cats, vote: vote}, nil
	}
}

type bleveSearcher struct {
	idx  bleve.Index
	cats []string
	vote bool
}

func (b *bleveSearcher) Search(text string) (string, error) {
	q := bleve.NewMatchQuery(text)
	q.SetField("text")
	size := 1
	if b.vote {
		size = 10
	}
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	res, err := b.idx.SearchInContext(context.Background(), req)
	if err != nil || len(res.Hits) == 0 {
		return "", err
	}
	if !b.vote {
		i, _ := strconv.Atoi(res.Hits[0].ID)
		return b.cats[i], nil
	}
	votes := map[string]float64{}
	best, bestV := "", -1.0
	for _, h := range res.Hits {
		i, _ := strconv.Atoi(h.ID)
		c := b.cats[i]
		votes[c] += h.Score
		if votes[c] > bestV || votes[c] == bestV && c < best {
			best, bestV = c, votes[c]
		}
	}
	return best, nil
}

// Close releases a Bleve searcher's index; other searchers need nothing.
func Close(s Searcher) {
	if b, ok := s.(*bleveSearcher); ok {
		b.idx.Close()
	}
}

// PaydeskPerRow builds a faq.KB with one article per row (a single-question
// entry), answering with the category of the best article.
func PaydeskPerRow(train []Row) (Searcher, error) { return PaydeskPerRowIn(language.English)(train) }

// PaydeskPerRowIn is PaydeskPerRow in the given language.
func PaydeskPerRowIn(lang language.Tag) func(train []Row) (Searcher, error) {
	return func(train []Row) (Searcher, error) { return paydeskPerRow(train, lang) }
}

func paydeskPerRow(train []Row, lang language.Tag) (Searcher, error) {
	arts := make([]faq.Article, len(train))
	cats := make([]string, len(train))
	for i, r := range train {
		cats[i] = r.Category
		arts[i] = faq.Article{ID: "e" + strconv.Itoa(i), Status: faq.StatusPublished,
			Translations: map[language.Tag]faq.Translation{lang: {Questions: []string{r.Text}}}}
	}
	kb := faq.New(faq.Options{DefaultLanguage: lang})
	if err := kb.Put(arts...); err != nil {
		return nil, err
	}
	return &paydesk{kb: kb, cats: cats}, nil
}
