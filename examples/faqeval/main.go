// Command faqeval measures FAQ search quality on labeled data.
//
//	go run ./examples/faqeval -kb KB.csv -queries Q.csv [-lang TAG] [-per-row]
//
// Both files are CSV with a header row and the columns text,category (in any
// order; other columns are ignored). Each distinct category of KB.csv becomes
// one knowledge-base entry whose alternate questions are that category's
// texts, in language TAG (BCP 47, default "en"). Each row of Q.csv is a query
// whose correct entry is its category. With -per-row, every row of KB.csv is
// an entry of its own (a single-question entry, as in a knowledge base
// without alternate questions) and a query is answered correctly when the
// best entry's category is the query's. The last line printed is
//
//	top1=0.0000 top3=0.0000 mrr=0.0000 p50_us=0.0 p99_us=0.0 queries=N entries=M
//
// where p50_us and p99_us are percentiles of the per-query search latency in
// microseconds, measured after the index is built.
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "faqeval:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("faqeval", flag.ContinueOnError)
	kbPath := fs.String("kb", "", "CSV file of the knowledge base (columns text,category)")
	qPath := fs.String("queries", "", "CSV file of labeled queries (columns text,category)")
	langFlag := fs.String("lang", "en", "BCP 47 language of both files")
	perRow := fs.Bool("per-row", false, "make every KB row an entry of its own; a hit is correct when its category matches")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kbPath == "" || *qPath == "" {
		fs.Usage()
		return errors.New("both -kb and -queries are required")
	}
	lang, err := language.Parse(*langFlag)
	if err != nil {
		return fmt.Errorf("-lang %q: %w", *langFlag, err)
	}
	kbRows, err := readLabeled(*kbPath)
	if err != nil {
		return err
	}
	qRows, err := readLabeled(*qPath)
	if err != nil {
		return err
	}

	if *perRow {
		return runPerRow(out, kbRows, qRows, lang, *kbPath)
	}
	// One entry per category, its texts as alternate questions, nothing added.
	byCat := map[string]*faq.Article{}
	var cats []string
	for _, r := range kbRows {
		a := byCat[r.category]
		if a == nil {
			a = &faq.Article{ID: entryID(r.category, len(cats)), Category: r.category, Status: faq.StatusPublished,
				Translations: map[language.Tag]faq.Translation{lang: {}}}
			byCat[r.category] = a
			cats = append(cats, r.category)
		}
		tr := a.Translations[lang]
		tr.Questions = append(tr.Questions, r.text)
		a.Translations[lang] = tr
	}
	arts := make([]faq.Article, 0, len(cats))
	for _, c := range cats {
		arts = append(arts, *byCat[c])
	}
	kb := faq.New(faq.Options{DefaultLanguage: lang})
	start := time.Now()
	if err := kb.Put(arts...); err != nil {
		return fmt.Errorf("%s: %w", *kbPath, err)
	}
	fmt.Fprintf(out, "indexed %d texts in %d entries in %v\n", len(kbRows), len(arts), time.Since(start).Round(time.Millisecond))
	// Measure queries from a steady heap, as in a long-running host: the
	// garbage of the build is collected before the clock starts.
	runtime.GC()

	qs := make([]faq.LabeledQuery, 0, len(qRows))
	unknown := 0
	for _, r := range qRows {
		id := "\x00unknown"
		if a, ok := byCat[r.category]; ok {
			id = a.ID
		} else {
			unknown++
		}
		qs = append(qs, faq.LabeledQuery{Text: r.text, ArticleID: id, Language: lang})
	}
	if unknown > 0 {
		fmt.Fprintf(out, "warning: %d queries have a category that is not in %s; they count as misses\n", unknown, *kbPath)
	}
	ev, err := kb.Evaluate(context.Background(), qs)
	if err != nil {
		return err
	}
	if ev.Errors > 0 {
		fmt.Fprintf(out, "warning: %d queries were rejected (empty or too long); they count as misses\n", ev.Errors)
	}
	fmt.Fprintf(out, "%v entries=%d\n", ev, len(arts))
	return nil
}

// entryID makes a valid article ID from a category name: the name itself if
// it is one, else a generated ID.
func entryID(category string, n int) string {
	a := faq.Article{ID: category, Status: faq.StatusPublished,
		Translations: map[language.Tag]faq.Translation{language.English: {Title: "x"}}}
	if a.Validate() == nil {
		return category
	}
	return fmt.Sprintf("entry-%d", n+1)
}

type row struct{ text, category string }

// readLabeled reads a CSV file with a header row naming the columns text and
// category. A UTF-8 byte order mark, CRLF line ends and quoted fields are
// accepted; rows with an empty text or category are errors.
func readLabeled(path string) ([]row, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not valid UTF-8", path)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file, want a header row text,category", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	ti, ci := slices.Index(header, "text"), slices.Index(header, "category")
	if ti < 0 || ci < 0 {
		return nil, fmt.Errorf("%s: header %q must name the columns text and category", path, header)
	}
	var rows []row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) <= max(ti, ci) {
			return nil, fmt.Errorf("%s:%d: %d fields, want at least %d", path, line, len(rec), max(ti, ci)+1)
		}
		text, cat := strings.TrimSpace(rec[ti]), strings.TrimSpace(rec[ci])
		if text == "" || cat == "" {
			return nil, fmt.Errorf("%s:%d: empty text or category", path, line)
		}
		rows = append(rows, row{text, cat})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	return rows, nil
}

// runPerRow evaluates single-question entries, one per KB row, by category.
func runPerRow(out io.Writer, kbRows, qRows []row, lang language.Tag, kbPath string) error {
	arts := make([]faq.Article, len(kbRows))
	cat := make(map[string]string, len(kbRows))
	for i, r := range kbRows {
		id := fmt.Sprintf("r%d", i+1)
		cat[id] = r.category
		arts[i] = faq.Article{ID: id, Category: r.category, Status: faq.StatusPublished,
			Translations: map[language.Tag]faq.Translation{lang: {Questions: []string{r.text}}}}
	}
	kb := faq.New(faq.Options{DefaultLanguage: lang})
	start := time.Now()
	if err := kb.Put(arts...); err != nil {
		return fmt.Errorf("%s: %w", kbPath, err)
	}
	fmt.Fprintf(out, "indexed %d texts in %d entries in %v\n", len(kbRows), len(arts), time.Since(start).Round(time.Millisecond))
	runtime.GC()
	var top1, top3, mrr float64
	lat := make([]time.Duration, 0, len(qRows))
	errs := 0
	for _, r := range qRows {
		t0 := time.Now()
		res, err := kb.Search(faq.Query{Text: r.text, Languages: []language.Tag{lang}, Limit: 3, NoSnippets: true})
		lat = append(lat, time.Since(t0))
		if err != nil {
			errs++
			continue
		}
		for i, h := range res.Hits {
			if cat[h.ArticleID] == r.category {
				if i == 0 {
					top1++
				}
				top3++
				mrr += 1 / float64(i+1)
				break
			}
		}
	}
	if errs > 0 {
		fmt.Fprintf(out, "warning: %d queries were rejected (empty or too long); they count as misses\n", errs)
	}
	slices.Sort(lat)
	n := float64(len(qRows))
	pct := func(p float64) float64 {
		i := int(p*float64(len(lat))+0.999999) - 1 // as faq.Evaluate
		return float64(lat[min(max(i, 0), len(lat)-1)].Nanoseconds()) / 1e3
	}
	fmt.Fprintf(out, "top1=%.4f top3=%.4f mrr=%.4f p50_us=%.1f p99_us=%.1f queries=%d entries=%d\n",
		top1/n, top3/n, mrr/n, pct(0.5), pct(0.99), len(qRows), len(arts))
	return nil
}
