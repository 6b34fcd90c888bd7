// Package benchmarks is the root of a separate Go module that measures paydesk
// against peer libraries, side by side, so that the main module never depends
// on them.
//
// The module has its own go.mod, which points github.com/paydesk/paydesk at
// the parent directory with a replace directive: the benchmarks always measure
// the working tree they sit in. Each area has its own package:
//
//   - currencybench compares package currency with github.com/bojanz/currency
//     and github.com/govalues/money (parse, add, round, split, allocate,
//     convert and round, format).
//   - faqbench compares package faq's search with Bleve.
//   - sqlbench compares support/sqlstore on PostgreSQL with the same
//     statements sent directly through pgx (needs PAYDESK_POSTGRES_DSN).
//
// currencybench also has tests that check the libraries compute the same
// results for the inputs benchmarked, so that a comparison is between equal
// work; faqbench evaluates every system on the same folds and queries, and
// its test fails unless paydesk ranks better than Bleve. Run them, and the benchmarks, from this directory:
//
//	go test ./...
//	go test -run='^$' -bench=. -benchmem -count=3 ./currencybench/
//	FAQBENCH_FOLDS=5 go test -run TestCompare -v ./faqbench
//
// The FAQ comparison needs the BANKING77 training split in a shared/
// directory beside the repository clone (see faqbench.DataPath) and skips
// without it. The tables of results are in the repository's README.md and in
// currencybench/README.md.
package benchmarks
