package faq

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// searchParams are the tuned constants of ranking. They were chosen by 5-fold
// cross-validation on the BANKING77 training split (see the package tests).
type searchParams struct {
	k1                       float64 // BM25 term-frequency saturation
	b                        float64 // BM25 length normalization
	titleW, questionW, bodyW float64 // BM25F field weights
	bm25Half                 float64 // BM25 score at which its share reaches 1/2
	blend                    float64 // weight of BM25 against the classifier in [0, 1]
	temperature              float64 // softmax temperature for classifier margins
	nnWeight                 float64 // weight of the nearest-question BM25 signal
	nnHalf                   float64
	nnCandidates             int     // how many of the best documents are re-ranked
	nnMinQuestions           float64 // re-rank only when documents average this many questions
	clf                      classifierParams
}

func defaultSearchParams() searchParams {
	return searchParams{
		k1: 1.2, b: 0.75,
		titleW: 2, questionW: 1, bodyW: 0.5,
		bm25Half:     4,
		blend:        0.4,
		temperature:  0.2,
		nnWeight:     0.8,
		nnHalf:       8,
		nnCandidates: 2,
		// Nearest neighbours need dense examples: with a handful of
		// questions per article the signal is noise.
		nnMinQuestions: 20,
		clf: classifierParams{
			epochs: 6, c: 0.3, minDF: 2, seed: 1,
			feat: featureParams{charMin: 3, charMax: 4, bigrams: true, charWeight: 0.5},
		},
	}
}

// document is one article translation in a language index.
type document struct {
	article  *Article
	lang     language.Tag
	tr       *Translation
	passages []passage // body sentences, then the title, then questions: snippet sources
	// Which passages contain each term, so that choosing a snippet reads
	// the query's few terms instead of every passage: the passages of term
	// pTerms[k] (ascending) are pList[pOff[k]:pOff[k+1]] (ascending, once).
	pTerms []int32
	pOff   []int32
	pList  []int32
}

// posting is one document containing a term, with the term's precomputed
// BM25F contribution (IDF included).
type posting struct {
	doc    int32
	weight float32
}

// langIndex is the search index of one language: BM25F postings over title,
// questions and body, the learned classifier, the typo index and the
// suggestion index. It is immutable after buildLangIndex and safe for
// concurrent use.
type langIndex struct {
	lang     language.Tag
	an       *analyzer
	params   searchParams
	docs     []document // a deleted document has a nil article
	live     int        // documents not deleted
	byID     map[string]int32
	avg      [3]float64 // average field lengths when built
	stale    int        // translations changed incrementally since built
	terms    map[string]int32
	postings [][]posting
	// dense holds, for the terms in more than one document in denseDF
	// of a large index, the term's weight in every document (zero where
	// absent), so that adding a common term to the candidates costs one
	// load each. Nil for other terms.
	dense map[int32][]float32
	clf   *classifier
	// Nearest alternate question: BM25 over single questions, used to
	// re-rank the best candidates.
	// Its postings are grouped by document, then by term: document d's
	// terms are qTermIDs[qTermStart[d]:qTermStart[d+1]], ascending, and
	// term k's postings are qEntries[qTermOff[k]:qTermOff[k+1]], so that
	// re-ranking a document reads only its own small part of the index.
	qStart     []int32 // by document: its first question; qStart[len(docs)] = number of questions
	qMax       int32   // the most questions of one document
	qTermStart []int32
	qTermIDs   []int32
	qTermOff   []int32
	qEntries   []qposting
	typos      *typoIndex
	// homophones maps the sound of a Chinese character pair to the indexed
	// pair with that sound (Chinese indexes only; see chinese.go).
	homophones map[uint32]int32
	suggest    *suggester
	pool       sync.Pool // of *scratch
	// maxPassages is the most snippet passages of one document.
	maxPassages int
}

// indexPassages builds the term → passages index of doc's passages.
func (doc *document) indexPassages() {
	lists := map[int32][]int32{}
	for i, p := range doc.passages {
		for _, id := range p.ids {
			if id < 0 {
				continue
			}
			if l := lists[id]; len(l) == 0 || l[len(l)-1] != int32(i) {
				lists[id] = append(l, int32(i))
			}
		}
	}
	doc.pTerms = make([]int32, 0, len(lists))
	for id := range lists {
		doc.pTerms = append(doc.pTerms, id)
	}
	slices.Sort(doc.pTerms)
	doc.pOff = make([]int32, 0, len(lists)+1)
	for _, id := range doc.pTerms {
		doc.pOff = append(doc.pOff, int32(len(doc.pList)))
		doc.pList = append(doc.pList, lists[id]...)
	}
	doc.pOff = append(doc.pOff, int32(len(doc.pList)))
}

// analyzeDoc analyzes one article translation: the counts of its terms per
// field (title and tags, questions, body; termID names the terms), the
// field lengths and the snippet passages. learn receives every labeled
// example: the title, the tags, each question and the body.
func analyzeDoc(an *analyzer, a *Article, tr *Translation, termID func(string) int32, learn func([]token)) (counts map[int32][3]float64, l [3]float64, passages []passage) {
	counts = map[int32][3]float64{}
	add := func(field int, toks []token) {
		for _, t := range toks {
			id := termID(t.term)
			c := counts[id]
			c[field]++
			counts[id] = c
		}
		l[field] += float64(len(toks))
	}
	example := func(toks []token) {
		if len(toks) > 0 && learn != nil {
			learn(toks)
		}
	}
	if tr.Title != "" {
		toks := an.analyze(tr.Title, 0)
		add(0, toks)
		example(toks)
	}
	// Tags are keywords the author chose: searched with the title's
	// weight, and together one more labeled example.
	if len(a.Tags) > 0 {
		toks := an.analyze(strings.Join(a.Tags, "\n"), 0)
		add(0, toks)
		example(toks)
	}
	for _, q := range tr.Questions {
		toks := an.analyze(q, 0)
		add(1, toks)
		example(toks)
	}
	// The body is analyzed once, sentence by sentence: the sentences are
	// the snippet passages, and together they are the body field and one
	// more labeled example.
	passages = buildPassages(an, tr)
	var body []token
	for _, p := range passages {
		if !p.body {
			break
		}
		body = append(body, p.toks...)
	}
	add(2, body)
	example(body)
	return counts, l, passages
}

// buildLangIndex indexes the given published translations.
func buildLangIndex(lang language.Tag, an *analyzer, arts []*Article, p searchParams) *langIndex {
	// The analyzer remembers the stems of the indexed words while the index
	// is built (by this goroutine only); queries then look them up.
	an = an.withStemCache()
	defer an.freeze()
	ix := &langIndex{lang: lang, an: an, params: p, terms: map[string]int32{}}
	type fieldTF struct {
		tf  [3]float64
		doc int32
	}
	var perTerm [][]fieldTF
	var lens [][3]float64
	var sum [3]float64
	var examples []example
	termID := func(term string) int32 {
		id, ok := ix.terms[term]
		if !ok {
			id = int32(len(perTerm))
			ix.terms[term] = id
			perTerm = append(perTerm, nil)
		}
		return id
	}
	for _, a := range arts {
		tr, ok := a.Translations[lang]
		if !ok {
			continue
		}
		d := int32(len(ix.docs))
		trc := tr
		ix.docs = append(ix.docs, document{article: a, lang: lang, tr: &trc})
		counts, l, passages := analyzeDoc(an, a, &trc, termID, func(toks []token) {
			examples = append(examples, example{hashes: appendFeatures(nil, toks, p.clf.feat), label: d})
		})
		for id, c := range counts {
			perTerm[id] = append(perTerm[id], fieldTF{tf: c, doc: d})
		}
		lens = append(lens, l)
		for f := range sum {
			sum[f] += l[f]
		}
		ix.docs[d].passages = passages
	}
	// Passage tokens get their term IDs, for fast snippet matching. Every
	// passage word was indexed (body, title or question), so all are known.
	for d := range ix.docs {
		for i := range ix.docs[d].passages {
			p := &ix.docs[d].passages[i]
			p.ids = make([]int32, len(p.toks))
			for k, t := range p.toks {
				id, ok := ix.terms[t.term]
				if !ok {
					id = -1
				}
				p.ids[k] = id
			}
		}
		ix.docs[d].indexPassages()
		ix.maxPassages = max(ix.maxPassages, len(ix.docs[d].passages))
	}
	n := float64(len(ix.docs))
	var avg [3]float64
	for f := range avg {
		avg[f] = math.Max(sum[f]/math.Max(n, 1), 1)
	}
	ix.avg = avg
	weights := [3]float64{p.titleW, p.questionW, p.bodyW}
	ix.postings = make([][]posting, len(perTerm))
	for id, list := range perTerm {
		df := float64(len(list))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		ps := make([]posting, len(list))
		for i, e := range list {
			var tf float64
			for f := range 3 {
				if e.tf[f] > 0 {
					tf += weights[f] * e.tf[f] / (1 - p.b + p.b*lens[e.doc][f]/avg[f])
				}
			}
			ps[i] = posting{doc: e.doc, weight: float32(idf * tf / (p.k1 + tf))}
		}
		// Documents were added in order, so each list is sorted by doc.
		sortPostings(ps)
		ix.postings[id] = ps
	}
	ix.live = len(ix.docs)
	ix.byID = make(map[string]int32, len(ix.docs))
	for d, doc := range ix.docs {
		ix.byID[doc.article.ID] = int32(d)
	}
	ix.buildDense()
	if learnable(len(examples), len(ix.docs)) {
		ix.clf = trainClassifier(examples, len(ix.docs), p.clf)
	}
	var nq int
	for _, doc := range ix.docs {
		nq += len(doc.tr.Questions)
	}
	if p.nnWeight > 0 && len(ix.docs) > 0 && float64(nq)/float64(len(ix.docs)) >= p.nnMinQuestions {
		ix.buildQuestionIndex(p)
	}
	ix.typos = buildTypoIndex(ix.terms, perTermDF(ix.postings))
	if an.chinese {
		ix.homophones = buildHomophones(ix.terms, ix.postings)
	}
	ix.suggest = buildSuggester(an, ix.docs)
	return ix
}

func perTermDF(postings [][]posting) []int32 {
	df := make([]int32, len(postings))
	for i, p := range postings {
		df[i] = int32(len(p))
	}
	return df
}

func sortPostings(ps []posting) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].doc < ps[j-1].doc; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// passage is a piece of an article that can serve as a snippet.
type passage struct {
	text string
	toks []token // offsets into text
	ids  []int32 // term ID of each token in the language index
	body bool    // a sentence of the body (they come first)
}

// buildPassages splits the body (Markdown stripped) into sentences and adds
// the title and the first questions, for snippets.
func buildPassages(an *analyzer, tr *Translation) []passage {
	var out []passage
	for _, s := range splitSentences(stripMarkdown(tr.Body)) {
		out = append(out, passage{text: s, toks: an.analyze(s, 0), body: true})
	}
	if tr.Title != "" {
		out = append(out, passage{text: tr.Title, toks: an.analyze(tr.Title, 0)})
	}
	for i, q := range tr.Questions {
		if i == maxSnippetQuestions {
			break
		}
		out = append(out, passage{text: q, toks: an.analyze(q, 0)})
	}
	return out
}

// maxSnippetQuestions bounds how many alternate questions can serve as
// snippets of an article without a body.
const maxSnippetQuestions = 16

// stripMarkdown removes the Markdown syntax that would look odd in a plain
// text snippet: emphasis marks, heading marks, list bullets and numbers, code
// ticks and link targets ("[text](url)" becomes "text").
func stripMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimLeft(line, " \t")
		t = strings.TrimLeft(t, "#>")
		if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
			t = t[2:]
		}
		// Ordered list markers: "1. ", "2) ".
		if i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i+1 < len(t) &&
			(t[i] == '.' || t[i] == ')') && t[i+1] == ' ' {
			t = t[i+2:]
		}
		t = strings.TrimSpace(t)
		for {
			i := strings.Index(t, "](")
			if i < 0 {
				break
			}
			j := strings.IndexByte(t[i:], ')')
			open := strings.LastIndexByte(t[:i], '[')
			if j < 0 || open < 0 {
				break
			}
			t = t[:open] + t[open+1:i] + t[i+j+1:]
		}
		t = strings.NewReplacer("**", "", "__", "", "`", "").Replace(t)
		if t != "" {
			b.WriteString(t)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// splitSentences splits text at line breaks and sentence-final punctuation
// (Latin and CJK).
func splitSentences(s string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		if t := strings.TrimSpace(s[start:end]); t != "" {
			out = append(out, t)
		}
		start = end
	}
	for i, r := range s {
		switch r {
		case '\n':
			flush(i + 1)
		case '。', '！', '？', '；':
			flush(i + len(string(r)))
		case '.', '!', '?':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
				flush(i + 1)
			}
		}
	}
	flush(len(s))
	return out
}

// qposting is one alternate question containing a term, with the term's
// BM25 weight in it.
type qposting struct {
	q      int32
	weight float32
}

// buildQuestionIndex indexes every alternate question as its own BM25
// document, for the nearest-question signal.
func (ix *langIndex) buildQuestionIndex(p searchParams) {
	type qtf struct {
		id int32
		tf float64
	}
	var raw [][]qtf
	var lens []float64
	df := make([]float64, len(ix.terms))
	ix.qStart = make([]int32, len(ix.docs)+1)
	for d, doc := range ix.docs {
		ix.qStart[d] = int32(len(raw))
		for _, q := range doc.tr.Questions {
			toks := ix.an.analyze(q, 0)
			lens = append(lens, float64(len(toks)))
			counts := map[int32]float64{}
			for _, t := range toks {
				if id, ok := ix.terms[t.term]; ok {
					counts[id]++
				}
			}
			list := make([]qtf, 0, len(counts))
			for id, c := range counts {
				list = append(list, qtf{id, c})
				df[id]++
			}
			slices.SortFunc(list, func(a, b qtf) int { return cmp.Compare(a.id, b.id) })
			raw = append(raw, list)
		}
	}
	ix.qStart[len(ix.docs)] = int32(len(raw))
	n := float64(len(raw))
	var sum float64
	for _, l := range lens {
		sum += l
	}
	avg := math.Max(sum/math.Max(n, 1), 1)
	byTerm := make([][]qposting, len(ix.terms))
	for q, list := range raw {
		for _, e := range list {
			idf := math.Log(1 + (n-df[e.id]+0.5)/(df[e.id]+0.5))
			tf := e.tf / (1 - p.b + p.b*lens[q]/avg)
			// Questions are visited in order, so every list stays sorted.
			byTerm[e.id] = append(byTerm[e.id], qposting{q: int32(q), weight: float32(idf * tf / (p.k1 + tf))})
		}
	}
	// Regroup by document: visiting the terms in ascending order keeps
	// every document's terms sorted.
	qDoc := make([]int32, len(raw))
	for d := range ix.docs {
		ix.qMax = max(ix.qMax, ix.qStart[d+1]-ix.qStart[d])
		for q := ix.qStart[d]; q < ix.qStart[d+1]; q++ {
			qDoc[q] = int32(d)
		}
	}
	type group struct {
		ids     []int32
		offs    []int32
		entries []qposting
	}
	groups := make([]group, len(ix.docs))
	for id, list := range byTerm {
		for i := 0; i < len(list); {
			d := qDoc[list[i].q]
			j := i + 1
			for j < len(list) && qDoc[list[j].q] == d {
				j++
			}
			g := &groups[d]
			g.ids = append(g.ids, int32(id))
			g.offs = append(g.offs, int32(len(g.entries)))
			g.entries = append(g.entries, list[i:j]...)
			i = j
		}
	}
	ix.qTermStart = make([]int32, len(ix.docs)+1)
	for d, g := range groups {
		ix.qTermStart[d] = int32(len(ix.qTermIDs))
		base := int32(len(ix.qEntries))
		ix.qTermIDs = append(ix.qTermIDs, g.ids...)
		for _, o := range g.offs {
			ix.qTermOff = append(ix.qTermOff, base+o)
		}
		ix.qEntries = append(ix.qEntries, g.entries...)
	}
	ix.qTermStart[len(ix.docs)] = int32(len(ix.qTermIDs))
	ix.qTermOff = append(ix.qTermOff, int32(len(ix.qEntries)))
}

// nearestQuestion returns the best BM25 score of one of document d's
// alternate questions for the distinct query term IDs; acc is scratch of at
// least qMax elements, all zero, and is left zero. ids must be sorted.
func (ix *langIndex) nearestQuestion(d int32, ids []int32, acc []float32) float32 {
	first, last := ix.qStart[d], ix.qStart[d+1]
	terms := ix.qTermIDs[ix.qTermStart[d]:ix.qTermStart[d+1]]
	base := int(ix.qTermStart[d])
	lo := 0
	for _, id := range ids {
		// The IDs ascend: search each from where the last one was found.
		i, j := lo, len(terms)
		for i < j {
			h := int(uint(i+j) >> 1)
			if terms[h] < id {
				i = h + 1
			} else {
				j = h
			}
		}
		if i == len(terms) {
			break
		}
		lo = i
		if terms[i] != id {
			continue
		}
		for _, e := range ix.qEntries[ix.qTermOff[base+i]:ix.qTermOff[base+i+1]] {
			acc[e.q-first] += e.weight
		}
	}
	var best float32
	for i := range acc[:last-first] {
		best = max(best, acc[i])
		acc[i] = 0
	}
	return best
}

// denseDF: a term in more than 1/denseDF of the documents of a large index
// gets a dense weight vector.
const denseDF = 8

// buildDense makes the dense weight vectors of the common terms.
func (ix *langIndex) buildDense() {
	n := len(ix.docs)
	ix.dense = nil
	if n <= allCandidatesMax {
		return
	}
	for id, ps := range ix.postings {
		if len(ps)*denseDF <= n {
			continue
		}
		if ix.dense == nil {
			ix.dense = map[int32][]float32{}
		}
		v := make([]float32, n)
		for _, p := range ps {
			v[p.doc] = p.weight
		}
		ix.dense[int32(id)] = v
	}
}

// The learned model needs examples to learn from and a bounded number of
// classes to separate. With fewer than minExamplesPerDoc labeled examples
// (titles, tags, alternate questions, bodies) per document on average it
// learns little more than the text match already knows — on 10,003
// single-question BANKING77 entries it lowered top-1 from 0.797 to 0.787 —
// and with more than maxLearnedDocs documents its training time grows with
// documents × examples. Such indexes rank by BM25F alone (with typo
// tolerance and synonyms).
const (
	minExamplesPerDoc = 3
	maxLearnedDocs    = 4096
)

func learnable(examples, docs int) bool {
	return docs <= maxLearnedDocs && examples >= minExamplesPerDoc*docs
}

// bm25Weight is the BM25F weight of a term with document frequency df in a
// document with the given field term counts and lengths, among n documents.
func (ix *langIndex) bm25Weight(tfs, lens [3]float64, df, n float64) float32 {
	p := ix.params
	weights := [3]float64{p.titleW, p.questionW, p.bodyW}
	idf := math.Log(1 + (n-df+0.5)/(df+0.5))
	var tf float64
	for f := range 3 {
		if tfs[f] > 0 {
			tf += weights[f] * tfs[f] / (1 - p.b + p.b*lens[f]/ix.avg[f])
		}
	}
	return float32(idf * tf / (p.k1 + tf))
}

// Incremental updates. Put and Delete of a few articles in a large index do
// not rebuild it: the new index shares everything unchanged with the old one
// (which searches keep reading) and copies only what changes — the document
// table, the outer posting table, the posting lists and dense vectors of
// the terms the changed articles contain. A removed or replaced translation
// leaves a tombstone (a document without an article); a new one is appended
// and its term weights use the index's document count, frequencies and
// average lengths of now. The weights of untouched terms, the typo index
// (new words are not corrected), the suggestions (new articles are not
// suggested) and the learned model (new articles rank by their text match
// alone) stay as they were until KB.Rebuild rebuilds the index in full.
const (
	maxIncremental = 64 // translations changed in one update, at most
	maxTombstones  = 4  // rebuild once 1/maxTombstones of documents are dead
)

// canUpdate reports whether changing n translations of ix can be done
// incrementally.
func (ix *langIndex) canUpdate(n int) bool {
	return ix != nil && len(ix.docs) > allCandidatesMax && ix.qStart == nil && n <= maxIncremental &&
		(len(ix.docs)-ix.live+n)*maxTombstones < len(ix.docs)
}

// update returns a new index: ix with the translations of the articles with
// the IDs in remove deleted and those of add (published, with a translation
// in ix's language) appended. ix is not modified.
func (ix *langIndex) update(remove []string, add []*Article) *langIndex {
	nx := &langIndex{lang: ix.lang, an: ix.an, params: ix.params, live: ix.live, avg: ix.avg, stale: ix.stale + len(remove) + len(add),
		clf: ix.clf, typos: ix.typos, homophones: ix.homophones, suggest: ix.suggest, maxPassages: ix.maxPassages}
	nx.docs = slices.Clone(ix.docs)
	nx.byID = maps.Clone(ix.byID)
	nx.terms = ix.terms
	nx.postings = slices.Clone(ix.postings)
	nx.dense = maps.Clone(ix.dense)
	affected := map[int32]bool{}
	for _, id := range remove {
		d, ok := nx.byID[id]
		if !ok {
			continue
		}
		delete(nx.byID, id)
		doc := &nx.docs[d]
		counts, _, _ := analyzeDoc(ix.an, doc.article, doc.tr, func(t string) int32 {
			if id, ok := ix.terms[t]; ok {
				return id
			}
			return -1
		}, nil)
		for id := range counts {
			if id >= 0 {
				affected[id] = true
			}
		}
		*doc = document{}
		nx.live--
	}
	type newDoc struct {
		d      int32
		counts map[int32][3]float64
		lens   [3]float64
	}
	var added []newDoc
	cloned := false
	for _, a := range add {
		tr, ok := a.Translations[ix.lang]
		if !ok {
			continue
		}
		d := int32(len(nx.docs))
		trc := tr
		counts, l, passages := analyzeDoc(ix.an, a, &trc, func(t string) int32 {
			if id, ok := nx.terms[t]; ok {
				return id
			}
			if !cloned {
				nx.terms = maps.Clone(nx.terms)
				cloned = true
			}
			id := int32(len(nx.postings))
			nx.terms[t] = id
			nx.postings = append(nx.postings, nil)
			return id
		}, nil)
		doc := document{article: a, lang: ix.lang, tr: &trc, passages: passages}
		for i := range doc.passages {
			p := &doc.passages[i]
			p.ids = make([]int32, len(p.toks))
			for k, t := range p.toks {
				id, ok := nx.terms[t.term]
				if !ok {
					id = -1
				}
				p.ids[k] = id
			}
		}
		doc.indexPassages()
		nx.maxPassages = max(nx.maxPassages, len(doc.passages))
		nx.docs = append(nx.docs, doc)
		nx.byID[a.ID] = d
		nx.live++
		added = append(added, newDoc{d, counts, l})
		for id := range counts {
			affected[id] = true
		}
	}
	n := float64(nx.live)
	for id := range affected {
		old := nx.postings[id]
		list := make([]posting, 0, len(old)+len(added))
		for _, p := range old {
			if nx.docs[p.doc].article != nil {
				list = append(list, p)
			}
		}
		var df float64 = float64(len(list))
		for _, a := range added {
			if _, ok := a.counts[id]; ok {
				df++
			}
		}
		for _, a := range added {
			if c, ok := a.counts[id]; ok {
				list = append(list, posting{doc: a.d, weight: ix.bm25Weight(c, a.lens, df, n)})
			}
		}
		nx.postings[id] = list
		if len(list)*denseDF > len(nx.docs) || nx.dense[id] != nil {
			if nx.dense == nil {
				nx.dense = map[int32][]float32{}
			}
			v := make([]float32, len(nx.docs))
			for _, p := range list {
				v[p.doc] = p.weight
			}
			nx.dense[id] = v
		}
	}
	return nx
}
