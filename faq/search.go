package faq

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Query limits. Longer queries fail with ErrQueryTooLong; tokens beyond
// maxQueryTokens are ignored, which bounds the time of every search.
const (
	MaxQueryBytes  = 1024
	maxQueryTokens = 64
	// DefaultLimit is the number of results returned when Query.Limit is 0.
	DefaultLimit = 5
	// MaxLimit caps Query.Limit.
	MaxLimit = 100
)

// Query is a search request, a plain value the KB only reads (safe to share
// between concurrent searches).
type Query struct {
	// Text is what the customer typed. It must be valid UTF-8, at most
	// MaxQueryBytes long and contain something other than white space.
	Text string
	// Languages are the customer's preferred languages, most preferred
	// first. If empty, AcceptLanguage is used; if that is empty too, the
	// language is guessed from the script of Text (Han → Chinese, kana →
	// Japanese, Hangul → Korean). Search adds fallbacks (the other script
	// of Chinese, then the KB's default) and keeps the languages written in
	// the script of Text: see Search.
	Languages []language.Tag
	// AcceptLanguage is an HTTP Accept-Language header, used when Languages
	// is empty.
	AcceptLanguage string
	// Categories restricts results to these categories; empty means all.
	Categories []string
	// Limit is the maximum number of results: 0 means DefaultLimit, and it is
	// capped at MaxLimit.
	Limit int
	// MinScore drops results scoring below it.
	MinScore float64
	// NoSnippets skips snippet extraction when only the ranking is needed.
	NoSnippets bool
}

// Result is one article found by a search, a plain value owned by the caller.
type Result struct {
	ArticleID string
	Category  string
	Title     string
	Language  language.Tag // the translation that was searched and is served (may be a fallback)
	// Score in [0, 1] blends the learned classifier's confidence with the
	// BM25 text match, calibrated so that chance-level confidence, words
	// the index does not know and languages with few articles do not look
	// like answers (see Search). Scores compare across queries and
	// languages of the same KB, so a host can threshold them and offer live
	// chat below the threshold. On the built-in KB, off-topic questions
	// ("what's the weather tomorrow") score below 0.2 and nine in ten
	// correct answers above it; a question sharing only common words with
	// a small KB of its own stays below it too. An index of fewer than 10
	// articles scores everything lower, right answers included. Measure
	// your own KB with Evaluate before choosing.
	Score   float64
	Snippet Snippet
}

// Results is the answer to a search, owned by the caller.
type Results struct {
	Language language.Tag // the first language searched: the customer's (see Search)
	Hits     []Result     // best first; each says its language
}

// Search finds the published articles that best answer q, each in the
// translation that suits the customer best. It searches a plan of languages
// (see Query.Languages): the customer's languages in order, then fallbacks
// (zh-Hant ↔ zh-Hans, then the KB's default language), keeping only those
// whose script the query is written in. An article is found in the first
// language of the plan it has a translation in; hits from any but the first
// language score FallbackFactor times less, so a fallback ranks below an
// equally good native answer. Each Result says its language.
//
// It returns a *QueryError for empty, overlong or invalid input, and empty
// Results (no error) when the text has no searchable words, such as
// punctuation only.
func (kb *KB) Search(q Query) (Results, error) {
	if err := checkQuery(q.Text); err != nil {
		return Results{}, err
	}
	s := kb.snap.Load()
	var buf [maxPlan]language.Tag
	plan := s.searchPlan(q, buf[:0])
	res := Results{Language: plan[0]}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	for i, lang := range plan {
		ix := s.indexes[lang]
		if ix == nil || s.covered(lang, plan[:i]) {
			continue
		}
		factor := 1.0
		if i > 0 {
			factor = FallbackFactor
		}
		res.Hits = kb.searchIndex(ix, q, limit, factor, plan[:i], res.Hits)
	}
	if len(plan) > 1 && len(res.Hits) > 0 {
		slices.SortStableFunc(res.Hits, func(a, b Result) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.ArticleID, b.ArticleID))
		})
		res.Hits = res.Hits[:min(len(res.Hits), limit)]
	}
	return res, nil
}

// FallbackFactor multiplies the scores of hits found in a fallback language
// of a search (any but the first language of its plan).
const FallbackFactor = 0.9

// maxPlan bounds the languages one search covers.
const maxPlan = 6

// searchIndex appends to hits the best limit results of ix for q, their
// scores multiplied by factor, leaving out articles that have a translation
// in one of the languages in skip (searched before ix).
func (kb *KB) searchIndex(ix *langIndex, q Query, limit int, factor float64, skip []language.Tag, hits []Result) []Result {
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	sc.toks = ix.an.appendTokens(sc.toks[:0], q.Text, maxQueryTokens)
	if len(sc.toks) == 0 {
		return hits
	}
	ix.score(sc, !q.NoSnippets)
	better := func(a, b cand) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return ix.docs[a.doc].article.ID < ix.docs[b.doc].article.ID
	}
	// Keep the best limit candidates in order: most documents fail the
	// comparison with the current last one, so this is about one pass.
	cands := sc.cands[:0]
	prior := kb.opts.VotePrior > 0
	if prior {
		kb.votesMu.RLock() // once for all documents
	}
	lang := ix.lang
	for k, d32 := range sc.cdocs {
		d, v := int(d32), sc.cscores[k]*factor
		doc := &ix.docs[d]
		if len(q.Categories) > 0 && !slices.Contains(q.Categories, doc.article.Category) {
			continue
		}
		if hasAny(doc.article, skip) {
			continue
		}
		if prior {
			v *= kb.votePrior(kb.votes[voteKey{doc.article.ID, lang}])
		}
		v = min(v, 1)
		if v <= 0 || v < q.MinScore {
			continue
		}
		c := cand{int32(d), v}
		if len(cands) == limit && !better(c, cands[limit-1]) {
			continue
		}
		i := len(cands)
		if i < limit {
			cands = append(cands, c)
		} else {
			i = limit - 1
		}
		for i > 0 && better(c, cands[i-1]) {
			cands[i] = cands[i-1]
			i--
		}
		cands[i] = c
	}
	if prior {
		kb.votesMu.RUnlock()
	}
	sc.cands = cands
	if hits == nil {
		hits = make([]Result, 0, len(cands))
	}
	var spans []Span
	if !q.NoSnippets && len(cands) > 0 {
		spans = make([]Span, 0, 4*len(cands))
	}
	for _, c := range cands {
		doc := &ix.docs[c.doc]
		r := Result{ArticleID: doc.article.ID, Category: doc.article.Category, Title: doc.tr.Title, Language: lang, Score: c.score}
		if !q.NoSnippets {
			r.Snippet = makeSnippet(doc, &sc.matched, &spans, sc.passageW)
		}
		hits = append(hits, r)
	}
	return hits
}

// covered reports whether every published article of language l has a
// translation in one of the languages searched before it.
func (s *snapshot) covered(l language.Tag, before []language.Tag) bool {
	for _, m := range before {
		if !s.lacking[[2]language.Tag{l, m}] {
			return true
		}
	}
	return false
}

// hasAny reports whether a has a translation in one of tags.
func hasAny(a *Article, tags []language.Tag) bool {
	for _, t := range tags {
		if _, ok := a.Translations[t]; ok {
			return true
		}
	}
	return false
}

// checkQuery validates the raw text of a query.
func checkQuery(text string) error {
	if len(text) > MaxQueryBytes {
		return &QueryError{Err: ErrQueryTooLong, Len: len(text), Reason: "longer than MaxQueryBytes"}
	}
	if !utf8.ValidString(text) {
		return &QueryError{Err: ErrInvalidQuery, Len: len(text), Reason: "not valid UTF-8"}
	}
	if strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) == "" {
		return &QueryError{Err: ErrEmptyQuery, Len: len(text), Reason: "nothing but white space"}
	}
	return nil
}

// Candidate generation. An index of at most allCandidatesMax documents
// scores every document. A larger one takes its candidates from the inverted
// index: the postings of the query's rarer terms are accumulated in full (at
// most postingBudget of them or one per budgetDiv documents, whichever is
// more, rarest term first), the maxCandidates best
// documents by that partial BM25F are kept, the commoner terms' weights are
// added to those candidates only, and the learned model scores only them.
// The cost of a query therefore depends on how rare its words are, not on
// how many articles the knowledge base holds.
const (
	allCandidatesMax = 512
	maxCandidates    = 64
	postingBudget    = 2048
	// budgetDiv trades speed for recall in very large indexes. On 100,000
	// single-question entries (benchmarks/faqbench's scaling set) 2,048
	// postings gave top-1 0.634 at a 46 µs median query, n/16 0.711 at 57
	// µs, n/8 0.747 at 76 µs, n/4 0.781 at 124 µs (Bleve: 0.795).
	budgetDiv = 8
)

// score computes the blended score of the candidate documents for the query
// tokens in sc.toks (typos corrected in place) into sc.cdocs and sc.cscores,
// and, if wantMatched, records in sc.matched the index terms the query
// matched with their IDF (for snippets).
func (ix *langIndex) score(sc *scratch, wantMatched bool) {
	toks := sc.toks
	ids := sc.ids[:0]
	sc.known, sc.unknown = 0, 0
	unknownIDF := math.Log(1 + float64(ix.live)) // a word no article has
	for i := range toks {
		t := &toks[i]
		id, ok := ix.terms[t.term]
		if !ok && t.kind == kindWord {
			if fixed, ok2 := ix.typos.correct(t.term); ok2 {
				t.term = fixed
				id, ok = ix.terms[fixed]
			}
		}
		if !ok && t.kind == kindCJKBigram && ix.homophones != nil {
			if k, ok2 := soundKey(t.term); ok2 {
				if hid, ok3 := ix.homophones[k]; ok3 {
					t.term = ix.typos.terms[hid]
					id, ok = hid, true
				}
			}
		}
		if t.kind != kindCJKBigram {
			if !ok || len(ix.postings[id]) == 0 {
				sc.unknown += unknownIDF
			} else {
				sc.known += math.Log(1 + float64(ix.live)/float64(len(ix.postings[id])))
			}
		}
		if !ok || len(ix.postings[id]) == 0 {
			continue
		}
		if wantMatched && !sc.matched.has(id) {
			df := float64(len(ix.postings[id]))
			idf := math.Log(1 + float64(ix.live)/df)
			if ix.live < minDocsForIDF {
				idf = max(idf, minHighlightIDF) // too few articles to tell common words
			}
			sc.matched.add(id, idf)
		}
		ids = append(ids, id)
	}
	sc.ids = ids
	if len(ix.docs) <= allCandidatesMax {
		ix.scoreAll(sc)
	} else {
		ix.candidates(sc)
	}
	ix.blend(sc)
}

// scoreAll makes every live document a candidate, with its full BM25F.
func (ix *langIndex) scoreAll(sc *scratch) {
	bm := sc.bm
	for _, id := range sc.ids {
		for _, p := range ix.postings[id] {
			bm[p.doc] += p.weight
		}
	}
	sc.cdocs = sc.cdocs[:0]
	sc.cbm = sc.cbm[:0]
	for d := range ix.docs {
		if ix.docs[d].article == nil {
			continue
		}
		sc.cdocs = append(sc.cdocs, int32(d))
		sc.cbm = append(sc.cbm, bm[d])
	}
	clear(bm)
}

// candidates picks the candidate documents of a large index from its
// postings (see maxCandidates) with their full BM25F.
func (ix *langIndex) candidates(sc *scratch) {
	// Distinct terms, rarest first; a term typed twice counts twice.
	terms := sc.terms[:0]
	for _, id := range sc.ids {
		found := false
		for i := range terms {
			if terms[i].id == id {
				terms[i].n++
				found = true
				break
			}
		}
		if !found {
			terms = append(terms, qterm{id: id, n: 1})
		}
	}
	slices.SortFunc(terms, func(a, b qterm) int {
		return cmp.Or(cmp.Compare(len(ix.postings[a.id]), len(ix.postings[b.id])), cmp.Compare(a.id, b.id))
	})
	sc.terms = terms
	bm := sc.bm
	touched := sc.touched[:0]
	used, full := 0, 0
	budget := max(postingBudget, len(ix.docs)/budgetDiv)
	for _, t := range terms {
		ps := ix.postings[t.id]
		if full > 0 && used+len(ps) > budget {
			break
		}
		used += len(ps)
		full++
		w := float32(t.n)
		for _, p := range ps {
			if bm[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			bm[p.doc] += w * p.weight
		}
	}
	// The best maxCandidates by the partial score, kept in order.
	cd := sc.cdocs[:0]
	cb := sc.cbm[:0]
	for _, d := range touched {
		v := bm[d]
		bm[d] = 0
		n := len(cd)
		if n == maxCandidates && (v < cb[n-1] || v == cb[n-1] && d > cd[n-1]) {
			continue
		}
		if ix.docs[d].article == nil {
			continue
		}
		i := n
		if n < maxCandidates {
			cd = append(cd, 0)
			cb = append(cb, 0)
		} else {
			i = n - 1
		}
		for i > 0 && (v > cb[i-1] || v == cb[i-1] && d < cd[i-1]) {
			cd[i], cb[i] = cd[i-1], cb[i-1]
			i--
		}
		cd[i], cb[i] = d, v
	}
	sc.touched = touched[:0]
	sc.cdocs, sc.cbm = cd, cb
	if full == len(terms) {
		return
	}
	// The commoner terms, for the candidates only: put the candidates in
	// document order and find each in a posting list by galloping from the
	// previous one.
	keys := sc.keys[:0]
	for i, d := range cd {
		keys = append(keys, uint64(d)<<32|uint64(math.Float32bits(cb[i])))
	}
	slices.Sort(keys)
	for i, k := range keys {
		cd[i], cb[i] = int32(k>>32), math.Float32frombits(uint32(k))
	}
	sc.keys = keys
	for _, t := range terms[full:] {
		w := float32(t.n)
		if dv := ix.dense[t.id]; dv != nil {
			for i, d := range cd {
				if int(d) < len(dv) {
					cb[i] += w * dv[d]
				}
			}
			continue
		}
		ps := ix.postings[t.id]
		lo := 0
		for i, d := range cd {
			// Gallop: find hi with ps[hi-1].doc < d ≤ ps[hi].doc region.
			step := 1
			hi := lo
			for hi < len(ps) && ps[hi].doc < d {
				lo = hi + 1
				hi += step
				step *= 2
			}
			hi = min(hi, len(ps))
			for lo < hi {
				h := int(uint(lo+hi) >> 1)
				if ps[h].doc < d {
					lo = h + 1
				} else {
					hi = h
				}
			}
			if lo == len(ps) {
				break
			}
			if ps[lo].doc == d {
				cb[i] += w * ps[lo].weight
			}
		}
	}
}

// qterm is a distinct query term and how many times the query has it.
type qterm struct {
	id int32
	n  int32
}

// blend turns the candidates' BM25F and classifier margins into scores in
// sc.cscores.
func (ix *langIndex) blend(sc *scratch) {
	p := ix.params
	out := sc.cscores[:0]
	for _, b := range sc.cbm {
		out = append(out, float64(b))
	}
	sc.cscores = out
	if len(out) == 0 {
		return
	}
	if ix.clf == nil {
		for i, b := range out {
			out[i] = b / (b + p.bm25Half)
		}
		ix.calibrate(sc, 0)
		return
	}
	sc.hashes = appendFeatures(sc.hashes[:0], sc.toks, ix.clf.feat)
	cs := sc.margins[:0]
	for range sc.cdocs {
		cs = append(cs, 0)
	}
	sc.margins = cs
	ix.clf.scoreCands(sc.hashes, sc.cdocs, cs, sc.all)
	// Softmax over the candidates' classifier margins. Documents added
	// since the model was trained have none: they rank by BM25F alone.
	k := int32(ix.clf.k)
	mx := math.Inf(-1)
	for i, v := range cs {
		if sc.cdocs[i] < k {
			mx = max(mx, v)
		}
	}
	var sum float64
	for i, v := range cs {
		if sc.cdocs[i] < k {
			e := math.Exp((v - mx) / p.temperature)
			cs[i] = e
			sum += e
		}
	}
	for i := range out {
		b := out[i]
		if sc.cdocs[i] >= k {
			out[i] = b / (b + p.bm25Half)
			continue
		}
		out[i] = (1-p.blend)*cs[i]/sum + p.blend*b/(b+p.bm25Half)
	}
	base := 0.0 // the score of a candidate the classifier cannot tell from the others
	nc := 0
	for _, d := range sc.cdocs {
		if d < k {
			nc++
		}
	}
	if nc > 0 {
		base = (1 - p.blend) / float64(nc)
	}
	if ix.qStart != nil {
		ix.rerankNearest(sc)
		base /= 1 + p.nnWeight
	}
	ix.calibrate(sc, base)
}

// calibrate makes the scores of one query honest, with two transforms that
// keep the candidates' order (so ranking quality is untouched):
//
//   - Chance: the classifier's softmax gives each of n candidates 1/n even
//     when it knows nothing, which in an index of a handful of articles is
//     a large share of the score. base, the score of such a candidate with
//     no text match, is subtracted and the rest rescaled to [0, 1].
//   - Evidence: the scores are multiplied by the square root of the share
//     of the query's information (IDF-weighted words and CJK characters)
//     that the index knows at all (the square root keeps nine in ten
//     correct answers of the built-in English evaluation above 0.2; the
//     plain share kept eight). A question whose distinctive words no article uses
//     ("what's the weather tomorrow" against a KB that shares only "what"
//     and "the" with it) cannot be answered confidently, however well its
//     common words match.
//   - Size: an index of fewer than minDocsForIDF articles (a language only
//     a few articles are translated into) cannot tell common words from
//     telling ones nor its articles apart reliably, so its scores are
//     multiplied by live/minDocsForIDF: three Japanese articles never
//     answer a Japanese question confidently just because they are the
//     only ones.
func (ix *langIndex) calibrate(sc *scratch, base float64) {
	ev := 1.0
	if t := sc.known + sc.unknown; t > 0 {
		ev = math.Sqrt(sc.known / t)
	}
	if ix.live < minDocsForIDF {
		ev *= float64(ix.live) / minDocsForIDF
	}
	out := sc.cscores
	base = min(base, 0.99)
	// Piecewise linear and increasing: [0, base] → [0, chanceFloor] (a
	// candidate at or below chance keeps a small score and its rank), then
	// [base, 1] → [chanceFloor, 1].
	lo, hi := 0.0, (1-chanceFloor)/(1-base)
	if base > 0 {
		lo = chanceFloor / base
	}
	for i, v := range out {
		if v <= base {
			out[i] = v * lo * ev
		} else {
			out[i] = (chanceFloor + (v-base)*hi) * ev
		}
	}
}

// chanceFloor is the score calibrate gives a candidate at the level of
// chance: low, but above zero so that its rank survives.
const chanceFloor = 0.02

// rerankNearest blends the nearest-question signal into the scores of the
// best candidates and scales every score by the same factor, so that scores
// stay in [0, 1] and documents outside the candidates keep their order.
func (ix *langIndex) rerankNearest(sc *scratch) {
	p := ix.params
	out := sc.cscores
	slices.Sort(sc.ids)
	ids := slices.Compact(sc.ids)
	m := min(p.nnCandidates, len(out))
	best := sc.best[:0]
	for i := range out {
		// Keep the m best candidates in descending order (insertion).
		if len(best) == m && out[i] <= out[best[m-1]] {
			continue
		}
		j := len(best)
		if j < m {
			best = append(best, 0)
		} else {
			j = m - 1
		}
		for j > 0 && out[best[j-1]] < out[i] {
			best[j] = best[j-1]
			j--
		}
		best[j] = int32(i)
	}
	sc.best = best
	boost := sc.boost[:0]
	for _, i := range best {
		v := float64(ix.nearestQuestion(sc.cdocs[i], ids, sc.acc))
		boost = append(boost, p.nnWeight*v/(v+p.nnHalf))
	}
	sc.boost = boost
	for i := range out {
		out[i] /= 1 + p.nnWeight
	}
	for j, i := range best {
		out[i] += boost[j] / (1 + p.nnWeight)
	}
}
