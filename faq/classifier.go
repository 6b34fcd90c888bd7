package faq

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// The classifier learns from the labeled examples a knowledge base already
// has — every alternate question (and the title) of an article is a way a
// customer asks for that article. It is a multiclass linear model trained
// with the averaged passive-aggressive algorithm (PA-I, Crammer et al. 2006)
// on the sparse features of features.go: each step compares the true article
// with the highest-scoring wrong one and moves both just enough to separate
// them by a margin, capped by the aggressiveness C. Averaging the weights of
// every step makes the result stable. Training is deterministic: a fixed
// PCG seed orders the examples.

// classifierParams are the knobs of training.
type classifierParams struct {
	epochs int
	c      float32 // PA-I aggressiveness
	minDF  int     // features seen in fewer examples are dropped
	seed   uint64
	feat   featureParams
}

// example is one labeled text, already turned into feature hashes.
type example struct {
	hashes []uint64
	label  int32
}

// classifier is a trained linear model over k classes. It is immutable and
// safe for concurrent use.
//
// Its weights are stored in one of two layouts. A model of at most
// denseMaxClasses classes keeps a row of k weights per feature (dense rows,
// scored for every class at once). A larger model keeps, per class, only the
// weights training actually set (sparse columns), so that its memory is
// proportional to what was learned rather than to features × classes, and a
// query scores only the candidate classes it is asked about.
type classifier struct {
	vocab *vocabulary
	k     int
	// Dense layout: the weights, quantized to 8 bits per feature row:
	// w[f][c] ≈ (int(byte c of row f) − 128)·scale[f]. A row is kw
	// little-endian words of eight biased bytes (classes 8g … 8g+7 in word
	// g; padding bytes are zero), so that one multiplication scores two
	// classes (see dotRows). A query touches about a hundred rows; bytes
	// instead of floats keep them in cache.
	rows []uint64
	kw   int
	// Sparse layout: class c's weights are colQ[colStart[c]:colStart[c+1]]
	// for the features colFeat[...] (ascending), w ≈ colQ·scale[f].
	colStart []int32
	colFeat  []int32
	colQ     []int8
	scale    []float32
	feat     featureParams
	pool     sync.Pool // of *vecScratch, so queries need not sort or allocate
}

// denseMaxClasses is the most classes a model keeps in dense rows.
const denseMaxClasses = 256

// denseTrainCells bounds features × classes for training with dense weight
// matrices (two float32 each); larger models train sparse.
const denseTrainCells = 1 << 23

// sparse reports whether m uses the sparse layout.
func (m *classifier) sparse() bool { return m.colStart != nil }

// vecScratch holds the per-query state of classifier.score.
type vecScratch struct {
	tf      []float32 // by feature index; zero outside touched
	touched []int32
	rows    []rowWeight // the rows to score and their fixed-point weights
	sums    []int64     // by class (padded to 8·kw): exact dot products
}

// trainClassifier trains a model for k classes. It returns nil when there is
// nothing to learn (no examples or a single class).
func trainClassifier(examples []example, k int, p classifierParams) *classifier {
	if len(examples) == 0 || k < 2 {
		return nil
	}
	docs := make([][]uint64, len(examples))
	for i, e := range examples {
		docs[i] = e.hashes
	}
	vocab := buildVocabulary(docs, p.minDF)
	f := len(vocab.idf)
	if f == 0 {
		return nil
	}
	xs := make([]sparseVec, len(examples))
	for i, e := range examples {
		xs[i] = vocab.vectorize(e.hashes, p.feat.charWeight)
	}
	var ws weightSet
	if f*k <= denseTrainCells {
		ws = trainDense(examples, xs, f, k, p)
	} else {
		ws = trainSparse(examples, xs, f, k, p)
	}
	return ws.model(vocab, k, p.feat)
}

// weightSet is a trained model before quantization: the weights of every
// feature row, as (class, weight) entries in ascending class order.
type weightSet struct {
	rowStart []int32 // by feature; rowStart[f] = end of the last row
	cls      []int32
	w        []float32
}

// trainDense runs averaged PA-I with dense f×k weight matrices.
func trainDense(examples []example, xs []sparseVec, f, k int, p classifierParams) weightSet {
	w := make([]float32, f*k)
	u := make([]float32, f*k) // sum of step-weighted updates, for averaging
	scores := make([]float32, k)
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(p.seed, 0x9e3779b97f4a7c15))
	step := float32(1)
	for epoch := 0; epoch < p.epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x, y := xs[i], int(examples[i].label)
			if len(x.idx) == 0 {
				continue
			}
			clear(scores)
			for n, fi := range x.idx {
				v := x.val[n]
				row := w[int(fi)*k : int(fi)*k+k]
				for c, wc := range row {
					scores[c] += v * wc
				}
			}
			r, best := -1, float32(0)
			for c, s := range scores {
				if c != y && (r < 0 || s > best) {
					r, best = c, s
				}
			}
			loss := 1 - (scores[y] - best)
			if loss > 0 {
				// ||x|| = 1, and the update touches two classes: ||Δ||² = 2.
				tau := loss / 2
				if tau > p.c {
					tau = p.c
				}
				for n, fi := range x.idx {
					d := tau * x.val[n]
					base := int(fi) * k
					w[base+y] += d
					w[base+r] -= d
					u[base+y] += step * d
					u[base+r] -= step * d
				}
			}
			step++
		}
	}
	inv := 1 / step
	ws := weightSet{rowStart: make([]int32, f+1)}
	for fi := 0; fi < f; fi++ {
		ws.rowStart[fi] = int32(len(ws.cls))
		for c := 0; c < k; c++ {
			i := fi*k + c
			if v := w[i] - u[i]*inv; v != 0 {
				ws.cls = append(ws.cls, int32(c))
				ws.w = append(ws.w, v)
			}
		}
	}
	ws.rowStart[f] = int32(len(ws.cls))
	return ws
}

// trainSparse runs the same averaged PA-I as trainDense, step for step, but
// keeps only the weights that updates set: a (feature, class) entry exists
// once an update touched it. Scores of classes without an entry are zero, so
// the arg max over wrong classes is the best touched one or the first
// untouched one, exactly as in the dense matrices.
func trainSparse(examples []example, xs []sparseVec, f, k int, p classifierParams) weightSet {
	var (
		ec     []int32   // entry → class
		ew, eu []float32 // entry → weight, step-weighted sum of updates
		rows   = make([][]int32, f)
		table  = newEntryTable(1 << 16)
	)
	entry := func(fi int32, c int32) int32 {
		key := uint64(fi)<<32 | uint64(c)
		if e, ok := table.get(key); ok {
			return e
		}
		e := int32(len(ec))
		ec = append(ec, c)
		ew = append(ew, 0)
		eu = append(eu, 0)
		rows[fi] = append(rows[fi], e)
		table.put(key, e)
		return e
	}
	scores := make([]float32, k)
	mark := make([]bool, k)
	var touched []int32
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(p.seed, 0x9e3779b97f4a7c15))
	step := float32(1)
	for epoch := 0; epoch < p.epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x, y := xs[i], examples[i].label
			if len(x.idx) == 0 {
				continue
			}
			for n, fi := range x.idx {
				v := x.val[n]
				for _, e := range rows[fi] {
					c := ec[e]
					if !mark[c] {
						mark[c] = true
						touched = append(touched, c)
					}
					scores[c] += v * ew[e]
				}
			}
			r, best := int32(-1), float32(0)
			for _, c := range touched {
				if c == y {
					continue
				}
				if s := scores[c]; r < 0 || s > best || s == best && c < r {
					r, best = c, s
				}
			}
			// The first class without an entry scores zero.
			if r < 0 || best <= 0 {
				z := int32(0)
				for z < int32(k) && (z == y || mark[z]) {
					z++
				}
				if z < int32(k) && (r < 0 || best < 0 || z < r) {
					r, best = z, 0
				}
			}
			loss := 1 - (scores[y] - best)
			for _, c := range touched {
				scores[c] = 0
				mark[c] = false
			}
			touched = touched[:0]
			if loss > 0 && r >= 0 {
				tau := loss / 2
				if tau > p.c {
					tau = p.c
				}
				for n, fi := range x.idx {
					d := tau * x.val[n]
					ey := entry(fi, y)
					ew[ey] += d
					eu[ey] += step * d
					er := entry(fi, r)
					ew[er] -= d
					eu[er] -= step * d
				}
			}
			step++
		}
	}
	inv := 1 / step
	ws := weightSet{rowStart: make([]int32, f+1), cls: make([]int32, 0, len(ec)), w: make([]float32, 0, len(ec))}
	for fi, row := range rows {
		ws.rowStart[fi] = int32(len(ws.cls))
		slices.SortFunc(row, func(a, b int32) int { return cmp.Compare(ec[a], ec[b]) })
		for _, e := range row {
			if v := ew[e] - eu[e]*inv; v != 0 {
				ws.cls = append(ws.cls, ec[e])
				ws.w = append(ws.w, v)
			}
		}
	}
	ws.rowStart[f] = int32(len(ws.cls))
	return ws
}

// model quantizes the weights into the layout that suits k.
func (ws weightSet) model(vocab *vocabulary, k int, feat featureParams) *classifier {
	f := len(ws.rowStart) - 1
	m := &classifier{vocab: vocab, k: k, feat: feat, scale: make([]float32, f)}
	dense := k <= denseMaxClasses
	if dense {
		m.kw = (k + 7) / 8
		m.rows = make([]uint64, f*m.kw)
	}
	q := make([]int8, len(ws.w))
	for fi := 0; fi < f; fi++ {
		s, e := ws.rowStart[fi], ws.rowStart[fi+1]
		var mx float32
		for _, v := range ws.w[s:e] {
			mx = max(mx, v, -v)
		}
		if mx == 0 {
			continue
		}
		sc := mx / 127
		m.scale[fi] = sc
		for i := s; i < e; i++ {
			q[i] = int8(math.Round(float64(ws.w[i] / sc))) // in [-127, 127]
		}
		if !dense {
			continue
		}
		// Dense rows: every class gets a biased byte, 128 for a zero weight.
		for c := 0; c < k; c++ {
			m.rows[fi*m.kw+c/8] |= 128 << (8 * (c % 8))
		}
		for i := s; i < e; i++ {
			c := int(ws.cls[i])
			b := uint64(int(q[i]) + 128) // in [1, 255]
			word := &m.rows[fi*m.kw+c/8]
			*word = *word&^(0xFF<<(8*(c%8))) | b<<(8*(c%8))
		}
	}
	if dense {
		return m
	}
	// Sparse columns: regroup the entries by class.
	m.colStart = make([]int32, k+1)
	for i, c := range ws.cls {
		if q[i] != 0 {
			m.colStart[c+1]++
		}
	}
	for c := 0; c < k; c++ {
		m.colStart[c+1] += m.colStart[c]
	}
	n := m.colStart[k]
	m.colFeat = make([]int32, n)
	m.colQ = make([]int8, n)
	next := slices.Clone(m.colStart[:k])
	for fi := 0; fi < f; fi++ {
		for i := ws.rowStart[fi]; i < ws.rowStart[fi+1]; i++ {
			if q[i] == 0 {
				continue
			}
			c := ws.cls[i]
			m.colFeat[next[c]] = int32(fi)
			m.colQ[next[c]] = q[i]
			next[c]++
		}
	}
	return m
}

// entryTable maps (feature, class) keys to weight entries during sparse
// training: open addressing with linear probing, grown at half load.
type entryTable struct {
	keys []uint64 // key+1; 0 marks an empty slot
	vals []int32
	n    int
}

func newEntryTable(size int) *entryTable {
	return &entryTable{keys: make([]uint64, size), vals: make([]int32, size)}
}

func entrySlot(key uint64, mask uint64) uint64 {
	return (key * 0x9e3779b97f4a7c15 >> 17) & mask
}

func (t *entryTable) get(key uint64) (int32, bool) {
	mask := uint64(len(t.keys) - 1)
	for i := entrySlot(key, mask); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key + 1:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *entryTable) put(key uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		old := *t
		*t = *newEntryTable(2 * len(old.keys))
		for i, k := range old.keys {
			if k != 0 {
				t.put(k-1, old.vals[i])
			}
		}
	}
	mask := uint64(len(t.keys) - 1)
	for i := entrySlot(key, mask); ; i = (i + 1) & mask {
		if t.keys[i] == 0 {
			t.keys[i], t.vals[i] = key+1, v
			t.n++
			return
		}
	}
}

// Fixed-point query weights: the largest is maxQueryWeight, and dotRows
// folds at most dotBlock rows into its 32-bit lanes before they are added
// up, so that a lane never overflows: 255 · 65535 · 256 < 2³².
const (
	maxQueryWeight = 1<<16 - 1
	dotBlock       = 256
)

// score sets out[:k] to the class margins of the text with the given feature
// hashes. The query vector is built as vectorize does, in a pooled dense
// scratch instead of a sorted list, then scaled to integers so that the dot
// products with the 8-bit rows are exact integer sums.
func (m *classifier) score(hashes []uint64, out []float64) {
	out = out[:m.k]
	clear(out)
	sc, _ := m.pool.Get().(*vecScratch)
	if sc == nil {
		sc = &vecScratch{tf: make([]float32, len(m.vocab.idf)), sums: make([]int64, 8*m.kw)}
	}
	for _, h := range hashes {
		id, ok := m.vocab.ids.get(h)
		if !ok {
			continue
		}
		if sc.tf[id] == 0 {
			sc.touched = append(sc.touched, id)
		}
		if h&(1<<63) != 0 {
			sc.tf[id] += m.feat.charWeight
		} else {
			sc.tf[id]++
		}
	}
	var norm, umax float64
	for _, id := range sc.touched {
		tf := sc.tf[id]
		w := tf * m.vocab.idf[id]
		if tf > 1 {
			w = float32(1+math.Log(float64(tf))) * m.vocab.idf[id]
		}
		sc.tf[id] = w
		norm += float64(w) * float64(w)
		umax = max(umax, float64(w)*float64(m.scale[id]))
	}
	if norm > 0 && umax > 0 {
		// Row f contributes v_f·scale_f·q_fc with v = w/‖w‖; in fixed point
		// u_f = round(w_f·scale_f/step), and out_c = Σ u_f·q_fc · step/‖w‖.
		step := umax / maxQueryWeight
		sc.rows = sc.rows[:0]
		var usum int64
		for _, id := range sc.touched {
			u := uint64(math.Round(float64(sc.tf[id]) * float64(m.scale[id]) / step))
			if u == 0 {
				continue
			}
			sc.rows = append(sc.rows, rowWeight{off: uint32(id) * uint32(m.kw), u: uint32(u)})
			usum += int64(u)
		}
		clear(sc.sums)
		for b := 0; b < len(sc.rows); b += dotBlock {
			m.dotRows(sc.rows[b:min(b+dotBlock, len(sc.rows))], sc.sums)
		}
		// Every byte carries a bias of 128: subtract it once per class.
		f := step / math.Sqrt(norm)
		for c := range out {
			out[c] = float64(sc.sums[c]-128*usum) * f
		}
	}
	for _, id := range sc.touched {
		sc.tf[id] = 0
	}
	sc.touched = sc.touched[:0]
	m.pool.Put(sc)
}

// rowWeight is one row of a query's dot products: the offset of its first
// word and the query's fixed-point weight for it.
type rowWeight struct {
	off uint32
	u   uint32
}

// dotRows adds Σ_i rw[i].u·(biased byte c of the row at rw[i].off) to
// sums[c] for every class c, for at most dotBlock rows.
func (m *classifier) dotRows(rw []rowWeight, sums []int64) {
	sums = sums[:8*m.kw]
	for g := range m.kw {
		a0, a1, a2, a3 := dotWord(m.rows[g:], rw)
		s := sums[8*g : 8*g+8]
		s[0] += int64(uint32(a0))
		s[4] += int64(a0 >> 32)
		s[1] += int64(uint32(a1))
		s[5] += int64(a1 >> 32)
		s[2] += int64(uint32(a2))
		s[6] += int64(a2 >> 32)
		s[3] += int64(uint32(a3))
		s[7] += int64(a3 >> 32)
	}
}

// dotWord sums word 0 of the rows at rw[i].off (rows is the weight matrix
// from the word of interest on), weighted by rw[i].u, two classes per
// multiplication (SWAR): masking the word with laneMask keeps bytes 0 and 4
// in the low bits of two 32-bit lanes, and shifting it by 8, 16 and 24 first
// brings bytes 1 and 5, 2 and 6, 3 and 7 there. A weight below 2¹⁶ adds
// less than 2²⁴ to a lane, so dotBlock rows cannot carry into the next lane.
// It is its own function, kept out of line, so that the four lanes stay in
// registers: inlined into dotRows they were spilled to the stack, and a query
// took a quarter more instructions (cachegrind, BANKING77).
//
//go:noinline
func dotWord(rows []uint64, rw []rowWeight) (a0, a1, a2, a3 uint64) {
	const laneMask = 0x000000FF000000FF
	for _, r := range rw {
		x, u := rows[r.off], uint64(r.u)
		a0 += (x & laneMask) * u
		a1 += (x >> 8 & laneMask) * u
		a2 += (x >> 16 & laneMask) * u
		a3 += (x >> 24 & laneMask) * u
	}
	return a0, a1, a2, a3
}

// scoreCands sets out[i] to the margin of class cands[i] for the text with
// the given feature hashes, reading only the candidates' weights. It serves
// the sparse layout (any layout works: the dense one scores every class and
// picks the candidates' margins from all, in all[:k]).
func (m *classifier) scoreCands(hashes []uint64, cands []int32, out, all []float64) {
	out = out[:len(cands)]
	if !m.sparse() {
		m.score(hashes, all)
		for i, c := range cands {
			if int(c) < m.k {
				out[i] = all[c]
			} else {
				out[i] = 0
			}
		}
		return
	}
	clear(out)
	sc, _ := m.pool.Get().(*vecScratch)
	if sc == nil {
		sc = &vecScratch{tf: make([]float32, len(m.vocab.idf))}
	}
	for _, h := range hashes {
		id, ok := m.vocab.ids.get(h)
		if !ok {
			continue
		}
		if sc.tf[id] == 0 {
			sc.touched = append(sc.touched, id)
		}
		if h&(1<<63) != 0 {
			sc.tf[id] += m.feat.charWeight
		} else {
			sc.tf[id]++
		}
	}
	var norm float64
	for _, id := range sc.touched {
		tf := sc.tf[id]
		w := tf * m.vocab.idf[id]
		if tf > 1 {
			w = float32(1+math.Log(float64(tf))) * m.vocab.idf[id]
		}
		sc.tf[id] = w
		norm += float64(w) * float64(w)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for _, id := range sc.touched {
			sc.tf[id] *= inv * m.scale[id]
		}
		tf := sc.tf
		for i, c := range cands {
			if int(c) >= m.k {
				continue
			}
			s, e := m.colStart[c], m.colStart[c+1]
			feats, qs := m.colFeat[s:e], m.colQ[s:e]
			var sum float32
			for j, f := range feats {
				sum += tf[f] * float32(qs[j])
			}
			out[i] = float64(sum)
		}
	}
	for _, id := range sc.touched {
		sc.tf[id] = 0
	}
	sc.touched = sc.touched[:0]
	m.pool.Put(sc)
}
