package faq

import (
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/text/language"
)

// LabeledQuery is a customer query with the article that answers it; a plain
// value.
type LabeledQuery struct {
	Text      string
	ArticleID string       // the correct answer
	Language  language.Tag // the customer's language; zero means the KB default
}

// Evaluation measures how well a KB answers labeled queries; a plain value.
type Evaluation struct {
	Queries int     // number of queries evaluated
	Top1    float64 // share of queries whose first result is correct
	Top3    float64 // share whose correct article is among the first three
	// MRR is the mean reciprocal rank of the correct article within the
	// first 10 results (0 when it is not among them).
	MRR float64
	// P50 and P99 are percentiles of the search latency per query: query
	// analysis and ranking, without snippets.
	P50, P99 time.Duration
	// Errors counts queries the search rejected (empty, too long, invalid);
	// they count as misses.
	Errors int
}

// String formats e as one line, the format examples/faqeval prints.
func (e Evaluation) String() string {
	return fmt.Sprintf("top1=%.4f top3=%.4f mrr=%.4f p50_us=%.1f p99_us=%.1f queries=%d",
		e.Top1, e.Top3, e.MRR, micros(e.P50), micros(e.P99), e.Queries)
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// evalDepth is how many results Evaluate looks at for MRR.
const evalDepth = 10

// Evaluate runs every query against kb and reports top-1, top-3, MRR and
// latency, the way a support team measures its knowledge base. It stops early
// with ctx's error when ctx is done.
func (kb *KB) Evaluate(ctx context.Context, queries []LabeledQuery) (Evaluation, error) {
	var ev Evaluation
	lat := make([]time.Duration, 0, len(queries))
	var top1, top3 int
	var rr float64
	for i, q := range queries {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return Evaluation{}, err
			}
		}
		query := Query{Text: q.Text, Limit: evalDepth, NoSnippets: true}
		if q.Language != language.Und {
			query.Languages = []language.Tag{q.Language}
		}
		start := time.Now()
		res, err := kb.Search(query)
		lat = append(lat, time.Since(start))
		ev.Queries++
		if err != nil {
			ev.Errors++
			continue
		}
		for rank, h := range res.Hits {
			if h.ArticleID != q.ArticleID {
				continue
			}
			if rank == 0 {
				top1++
			}
			if rank < 3 {
				top3++
			}
			rr += 1 / float64(rank+1)
			break
		}
	}
	if ev.Queries == 0 {
		return ev, nil
	}
	n := float64(ev.Queries)
	ev.Top1, ev.Top3, ev.MRR = float64(top1)/n, float64(top3)/n, rr/n
	slices.Sort(lat)
	ev.P50 = percentile(lat, 0.50)
	ev.P99 = percentile(lat, 0.99)
	return ev, nil
}

// percentile returns the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
