package faq

// scratch is the working memory of one search in one language index: the
// query's tokens and features, the per-document scores, the re-ranking
// buffers and the matched terms of snippets. Every langIndex pools its
// scratches (sized to it), so that a search allocates only what it returns.
// A scratch belongs to one search at a time.
type scratch struct {
	toks    []token
	hashes  []uint64
	bm      []float32 // BM25F by document
	scores  []float64 // blended score by document
	margins []float64 // classifier margin by document
	ids     []int32   // the query's term IDs
	acc     []float32 // nearest-question scores of one document; zero between uses
	best    []int32   // documents re-ranked by the nearest question
	boost   []float64
	cands   []cand
	matched matchSet
	// passageW is the weight of each passage of a document (snippets).
	passageW []float64
}

// cand is a candidate result: a document and its score.
type cand struct {
	doc   int32
	score float64
}

// getScratch returns a scratch for ix, with its per-document slices of the
// right length and zero.
func (ix *langIndex) getScratch() *scratch {
	sc, _ := ix.pool.Get().(*scratch)
	if sc == nil {
		n := len(ix.docs)
		sc = &scratch{
			bm:       make([]float32, n),
			scores:   make([]float64, n),
			acc:      make([]float32, ix.qMax),
			passageW: make([]float64, ix.maxPassages),
			matched:  matchSet{bits: make([]uint64, (len(ix.postings)+63)/64)},
		}
		if ix.clf != nil {
			sc.margins = make([]float64, ix.clf.k)
		}
	}
	return sc
}

// putScratch resets sc and returns it to ix's pool.
func (ix *langIndex) putScratch(sc *scratch) {
	clear(sc.bm)
	sc.matched.reset()
	sc.toks = sc.toks[:0]
	ix.pool.Put(sc)
}
