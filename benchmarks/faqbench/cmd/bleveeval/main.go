// Command bleveeval is examples/faqeval's -per-row evaluation with Bleve
// v2.6 (in-memory scorch index, BM25) in place of paydesk, so that both can
// be measured as whole processes on the same files:
//
//	go run ./faqbench/cmd/bleveeval -kb KB.csv -queries Q.csv [-lang TAG]
//
// Every KB row (columns text,category) is one document; a query is answered
// correctly when the best document's category is the query's. The analyzer
// is Bleve's "en" for English and "cjk" for Chinese, Japanese and Korean.
// The last line printed has faqeval's format.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/benchmarks/faqbench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bleveeval:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bleveeval", flag.ContinueOnError)
	kbPath := fs.String("kb", "", "CSV file of the knowledge base (text,category)")
	qPath := fs.String("queries", "", "CSV file of labeled queries (text,category)")
	langFlag := fs.String("lang", "en", "BCP 47 language of both files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kbPath == "" || *qPath == "" {
		return errors.New("both -kb and -queries are required")
	}
	lang, err := language.Parse(*langFlag)
	if err != nil {
		return err
	}
	analyzer := en.AnalyzerName
	if base, _ := lang.Base(); base.String() == "zh" || base.String() == "ja" || base.String() == "ko" {
		analyzer = cjk.AnalyzerName
	}
	kb, err := faqbench.Load(*kbPath)
	if err != nil {
		return err
	}
	qs, err := faqbench.Load(*qPath)
	if err != nil {
		return err
	}
	start := time.Now()
	s, err := faqbench.BleveWith(analyzer, false)(kb)
	if err != nil {
		return err
	}
	defer faqbench.Close(s)
	fmt.Fprintf(out, "indexed %d texts in %d entries in %v\n", len(kb), len(kb), time.Since(start).Round(time.Millisecond))
	runtime.GC()
	var top1 float64
	lat := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		t0 := time.Now()
		got, err := s.Search(q.Text)
		lat = append(lat, time.Since(t0))
		if err != nil {
			return err
		}
		if got == q.Category {
			top1++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := int(p*float64(len(lat))+0.999999) - 1
		return float64(lat[min(max(i, 0), len(lat)-1)].Nanoseconds()) / 1e3
	}
	// Only the best hit is asked for: top3 and mrr are not measured.
	fmt.Fprintf(out, "top1=%.4f top3=%.4f mrr=%.4f p50_us=%.1f p99_us=%.1f queries=%d entries=%d\n",
		top1/float64(len(qs)), 0.0, 0.0, pct(0.5), pct(0.99), len(qs), len(kb))
	return nil
}
