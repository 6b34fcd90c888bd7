// Package faqbench compares paydesk's faq search with Bleve v2.6 (BM25
// scoring, English analyzer, in-memory scorch index) on the BANKING77
// training split: the same folds, the same queries, measured side by side.
//
// Each BANKING77 intent is one FAQ entry whose alternate questions are the
// intent's training texts. Bleve indexes every question as a document and a
// query is answered by the intent of the best hit ("top-1") or by a
// score-weighted vote of the best 10 hits ("vote-10"); paydesk indexes one
// article per intent.
//
// Load reads the data (DataPath: a shared/ directory beside the repository
// clone; the tests skip without it), Paydesk and Bleve build the systems, and
// Run cross-validates one of them, fold by fold, into a Result: top-1
// accuracy, median and mean query time, build time per fold. TestCompare
// runs all three systems; by default on one fold of a 1-in-4 subsample (fast
// enough for CI, and it fails unless paydesk ranks better than Bleve), and
// with FAQBENCH_FOLDS=5 on the full 5-fold cross-validation, printing the
// README's table:
//
//	cd benchmarks && FAQBENCH_FOLDS=5 go test -run TestCompare -v ./faqbench
package faqbench
