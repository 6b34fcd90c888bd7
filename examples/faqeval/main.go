// Command faqeval measures FAQ search quality on labeled data.
//
//	go run ./examples/faqeval -kb KB.csv -queries Q.csv [-lang TAG] [-per-row]
//	go run ./examples/faqeval -kb DATA.csv -split 0.8 [-seed N] [-lang TAG] [-per-row]
//	go run ./examples/faqeval -kb builtin -queries faq/testdata/builtin_eval_en.csv [-lang TAG]
//
// The files are CSV with a header row naming a text column (text, query or
// question) and a label column (category, article, label or intent), in any
// order; other columns are ignored. Each distinct label of KB.csv becomes one
// knowledge-base entry whose alternate questions are that label's texts, in
// language TAG (BCP 47, default "en"). Each row of Q.csv is a query whose
// correct entry is its label. With -per-row, every row of KB.csv is an entry
// of its own (a single-question entry, as in a knowledge base without
// alternate questions) and a query is answered correctly when the best
// entry's label is the query's.
//
// With -split F instead of -queries, the one labeled file is split: of each
// label's rows, a fraction F (rounded, at least one) goes to the knowledge
// base and the rest are the queries, chosen by a shuffle seeded with -seed,
// so the same file, F and seed always give the same split.
//
// With -kb builtin, the queries are asked of the built-in knowledge base
// (faq.Builtin) and their labels are its article IDs: the repository's own
// evaluation files faq/testdata/builtin_eval_en.csv and _zh.csv (header
// text,article; use -lang zh-Hans for the Chinese one) run as they are.
//
// The last line printed is
//
//	top1=0.0000 top3=0.0000 mrr=0.0000 p50_us=0.0 p99_us=0.0 queries=N entries=M
//
// where p50_us and p99_us are percentiles of the per-query search latency in
// microseconds, measured after the index is built. -h prints this usage
// and exits 0; bad flags exit 2, other errors 1.
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
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
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var ue usageError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "faqeval:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "faqeval:", err)
		os.Exit(1)
	}
}

// usageError is a bad command line (exit status 2, after the usage).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

const usageText = `usage:
  faqeval -kb KB.csv -queries Q.csv [-lang TAG] [-per-row]
  faqeval -kb DATA.csv -split 0.8 [-seed N] [-lang TAG] [-per-row]
  faqeval -kb builtin -queries faq/testdata/builtin_eval_en.csv [-lang TAG]

CSV files have a header naming a text column (text, query, question) and a
label column (category, article, label, intent). The last line printed is
top1=... top3=... mrr=... p50_us=... p99_us=... queries=N entries=M.

flags:
`

// run parses args and runs the evaluation, printing results to stdout and
// command-line complaints (with the usage) to stderr.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("faqeval", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	kbPath := fs.String("kb", "", "CSV file of the knowledge base, or \"builtin\" for the built-in articles")
	qPath := fs.String("queries", "", "CSV file of labeled queries")
	split := fs.Float64("split", 0, "split -kb's rows: this fraction of each label to the KB, the rest are the queries (0 < F < 1)")
	seed := fs.Uint64("seed", 1, "seed of the -split shuffle")
	langFlag := fs.String("lang", "en", "BCP 47 language of the files")
	perRow := fs.Bool("per-row", false, "make every KB row an entry of its own; a hit is correct when its label matches")
	usage := func(w io.Writer) {
		fmt.Fprint(w, usageText)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return nil
		}
		usage(stderr)
		return usageError{err}
	}
	bad := func(format string, a ...any) error {
		usage(stderr)
		return usageError{fmt.Errorf(format, a...)}
	}
	switch {
	case fs.NArg() > 0:
		return bad("unexpected arguments %q", fs.Args())
	case *kbPath == "":
		return bad("-kb is required")
	case *split != 0 && *qPath != "":
		return bad("use either -queries or -split, not both")
	case *split == 0 && *qPath == "":
		return bad("-queries or -split is required")
	case *split != 0 && !(*split > 0 && *split < 1):
		return bad("-split %v: want a fraction between 0 and 1", *split)
	case *kbPath == "builtin" && (*split != 0 || *perRow):
		return bad("-kb builtin takes -queries only")
	}
	lang, err := language.Parse(*langFlag)
	if err != nil {
		return usageError{fmt.Errorf("-lang %q: %w", *langFlag, err)}
	}
	if *kbPath == "builtin" {
		qRows, err := readLabeled(*qPath)
		if err != nil {
			return err
		}
		return runBuiltin(stdout, qRows, lang)
	}
	kbRows, err := readLabeled(*kbPath)
	if err != nil {
		return err
	}
	var qRows []row
	if *split != 0 {
		kbRows, qRows = splitRows(kbRows, *split, *seed)
		if len(qRows) == 0 {
			return fmt.Errorf("%s: -split %v leaves no queries (every label has too few rows)", *kbPath, *split)
		}
		fmt.Fprintf(stdout, "split %s: %d rows to the knowledge base, %d queries (seed %d)\n", *kbPath, len(kbRows), len(qRows), *seed)
	} else if qRows, err = readLabeled(*qPath); err != nil {
		return err
	}
	out := stdout

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
		fmt.Fprintf(out, "warning: %d queries have a label that is not in %s; they count as misses\n", unknown, *kbPath)
	}
	return evaluate(out, kb, qs, len(arts))
}

// evaluate runs kb.Evaluate on qs and prints the figures.
func evaluate(out io.Writer, kb *faq.KB, qs []faq.LabeledQuery, entries int) error {
	ev, err := kb.Evaluate(context.Background(), qs)
	if err != nil {
		return err
	}
	if ev.Errors > 0 {
		fmt.Fprintf(out, "warning: %d queries were rejected (empty or too long); they count as misses\n", ev.Errors)
	}
	fmt.Fprintf(out, "%v entries=%d\n", ev, entries)
	return nil
}

// runBuiltin asks the built-in knowledge base the queries, whose labels are
// article IDs.
func runBuiltin(out io.Writer, qRows []row, lang language.Tag) error {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		return err
	}
	runtime.GC()
	qs := make([]faq.LabeledQuery, 0, len(qRows))
	unknown := 0
	for _, r := range qRows {
		if _, err := kb.Article(r.category); err != nil {
			unknown++
		}
		qs = append(qs, faq.LabeledQuery{Text: r.text, ArticleID: r.category, Language: lang})
	}
	if unknown > 0 {
		fmt.Fprintf(out, "warning: %d queries name an article the built-in KB does not have; they count as misses\n", unknown)
	}
	return evaluate(out, kb, qs, kb.Len())
}

// splitRows splits rows label by label: of each label's n rows, a shuffled
// round(frac*n) (at least one) go to the knowledge base, the rest to the
// queries. The shuffle is seeded, so the split is deterministic; both parts
// keep the file's order.
func splitRows(rows []row, frac float64, seed uint64) (kb, queries []row) {
	rng := rand.New(rand.NewPCG(seed, 0x6661716576616c)) // "faqeval"
	byLabel := map[string][]int{}
	var labels []string
	for i, r := range rows {
		if _, ok := byLabel[r.category]; !ok {
			labels = append(labels, r.category)
		}
		byLabel[r.category] = append(byLabel[r.category], i)
	}
	toKB := make([]bool, len(rows))
	for _, l := range labels {
		idx := byLabel[l]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		k := max(1, int(math.Round(frac*float64(len(idx)))))
		for _, i := range idx[:min(k, len(idx))] {
			toKB[i] = true
		}
	}
	for i, r := range rows {
		if toKB[i] {
			kb = append(kb, r)
		} else {
			queries = append(queries, r)
		}
	}
	return kb, queries
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

// readLabeled reads a CSV file with a header row naming a text column and a
// label column (see column). A UTF-8 byte order mark, CRLF line ends and quoted fields are
// accepted; rows with an empty text or label are errors.
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
	ti, ci := column(header, "text", "query", "question"), column(header, "category", "article", "label", "intent")
	if ti < 0 || ci < 0 {
		return nil, fmt.Errorf("%s: header %q must name a text column (text, query or question) and a label column (category, article, label or intent)", path, header)
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
			return nil, fmt.Errorf("%s:%d: empty text or label", path, line)
		}
		rows = append(rows, row{text, cat})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	return rows, nil
}

// column returns the index of the first of names in header, or -1.
func column(header []string, names ...string) int {
	for _, n := range names {
		if i := slices.Index(header, n); i >= 0 {
			return i
		}
	}
	return -1
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
