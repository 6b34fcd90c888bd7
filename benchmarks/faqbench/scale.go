package faqbench

import (
	"strings"
)

// ScaleSet builds a knowledge base of n single-question entries and its
// held-out queries from BANKING77 rows, for measuring how search cost grows
// with the number of entries. Every fifth row (index%5 == 0) is a query;
// the other rows are entries, one per question, labeled with their intent.
// Beyond the real rows, entry i is a variant of real entry i mod R (R real
// entries): its v-th variant (v = i / R) drops one word and swaps two
// neighbours, the way customers rephrase, so that every entry is still a
// plausible question of its intent. A query is answered correctly when the
// best entry has the query's intent.
func ScaleSet(rows []Row, n int) (entries, queries []Row) {
	var real []Row
	for i, r := range rows {
		if i%5 == 0 {
			queries = append(queries, r)
		} else {
			real = append(real, r)
		}
	}
	for i := 0; i < n; i++ {
		r := real[i%len(real)]
		if v := i / len(real); v > 0 {
			r.Text = variant(r.Text, v)
		}
		entries = append(entries, r)
	}
	return entries, queries
}

// variant returns the v-th (v ≥ 1) rephrasing of text: one word dropped and
// two neighbouring words swapped, at positions chosen by v.
func variant(text string, v int) string {
	w := strings.Fields(text)
	if len(w) < 3 {
		return text + strings.Repeat(" please", v%3+1)
	}
	drop := v % len(w)
	w = append(w[:drop:drop], w[drop+1:]...)
	s := (v * 7) % (len(w) - 1)
	w[s], w[s+1] = w[s+1], w[s]
	return strings.Join(w, " ")
}
