package faq

import (
	"math"
	"math/rand/v2"
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
type classifier struct {
	vocab *vocabulary
	k     int
	// The weights, quantized to 8 bits per feature row: w[f][c] ≈
	// (int(byte c of row f) − 128)·scale[f]. A row is kw little-endian
	// words of eight biased bytes (classes 8g … 8g+7 in word g; padding
	// bytes are zero), so that one multiplication scores two classes (see
	// dotRows). A query touches about a hundred rows; bytes instead of
	// floats keep them in cache.
	rows  []uint64
	kw    int
	scale []float32
	feat  featureParams
	pool  sync.Pool // of *vecScratch, so queries need not sort or allocate
}

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
	for i := range w {
		w[i] -= u[i] * inv
	}
	kw := (k + 7) / 8
	m := &classifier{vocab: vocab, k: k, kw: kw, feat: p.feat, rows: make([]uint64, f*kw), scale: make([]float32, f)}
	for fi := 0; fi < f; fi++ {
		row := w[fi*k : fi*k+k]
		var mx float32
		for _, v := range row {
			mx = max(mx, v, -v)
		}
		if mx == 0 {
			continue
		}
		sc := mx / 127
		m.scale[fi] = sc
		for c, v := range row {
			b := uint64(math.Round(float64(v/sc)) + 128) // in [1, 255]
			m.rows[fi*kw+c/8] |= b << (8 * (c % 8))
		}
	}
	return m
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
