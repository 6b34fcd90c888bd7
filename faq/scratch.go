package faq

// scratch is the working memory of one search in one language index: the
// query's tokens and features, the per-document scores, the re-ranking
// buffers and the matched terms of snippets. Every langIndex pools its
// scratches (sized to it), so that a search allocates only what it returns.
// A scratch belongs to one search at a time.
type scratch struct {
	toks    []token
	hashes  []uint64
	bm      []float32 // BM25F by document; zero between uses
	touched []int32   // documents with a BM25F in bm
	terms   []qterm
	keys    []uint64  // candidates as document<<32 | BM25F bits, for sorting
	cdocs   []int32   // candidate documents
	cbm     []float32 // their BM25F
	cscores []float64 // their blended scores
	margins []float64 // their classifier margins
	all     []float64 // classifier margins of every class (dense models)
	ids     []int32   // the query's term IDs
	acc     []float32 // nearest-question scores of one document; zero between uses
	best    []int32   // documents re-ranked by the nearest question
	boost   []float64
	cands   []cand
	matched matchSet
	// passageW is the weight of each passage of a document (snippets).
	passageW []float64
	// known and unknown weigh the query's words (and CJK characters) that
	// the index has and has not: see evidence.
	known, unknown float64
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
			acc:      make([]float32, ix.qMax),
			passageW: make([]float64, ix.maxPassages),
			matched:  matchSet{bits: make([]uint64, (len(ix.postings)+63)/64)},
		}
		if ix.clf != nil {
			sc.all = make([]float64, ix.clf.k)
		}
	}
	return sc
}

// putScratch resets sc and returns it to ix's pool.
func (ix *langIndex) putScratch(sc *scratch) {
	sc.matched.reset()
	sc.toks = sc.toks[:0]
	ix.pool.Put(sc)
}
