// Command scaledata writes the scaling set of faqbench.ScaleSet as two CSV
// files (text,category) for examples/faqeval -per-row and bleveeval:
//
//	go run ./faqbench/cmd/scaledata -n 100000 -dir /tmp/scale
//
// writes DIR/kb-N.csv (N single-question entries built from BANKING77's
// training split, real rows first, then rephrased variants) and
// DIR/queries.csv (the held-out fifth of BANKING77, 2,001 queries).
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paydesk/paydesk/benchmarks/faqbench"
)

func main() {
	n := flag.Int("n", 10003, "number of entries")
	dir := flag.String("dir", ".", "output directory")
	data := flag.String("data", faqbench.DataPath, "BANKING77 train.csv")
	flag.Parse()
	rows, err := faqbench.Load(*data)
	if err == nil {
		kb, qs := faqbench.ScaleSet(rows, *n)
		if err = write(filepath.Join(*dir, fmt.Sprintf("kb-%d.csv", *n)), kb); err == nil {
			err = write(filepath.Join(*dir, "queries.csv"), qs)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaledata:", err)
		os.Exit(1)
	}
}

func write(path string, rows []faqbench.Row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"text", "category"})
	for _, r := range rows {
		w.Write([]string{r.Text, r.Category})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
