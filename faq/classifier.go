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
	// The weights, quantized to 8 bits per row: w[f*k+c] ≈ q[f*k+c]·scale[f].
	// A query touches about a hundred rows; bytes instead of floats keep
	// them in cache.
	q     []int8
	scale []float32
	feat  featureParams
	pool  sync.Pool // of *vecScratch, so queries need not sort or allocate
}

// vecScratch accumulates the term frequencies of one query densely.
type vecScratch struct {
	tf      []float32 // by feature index; zero outside touched
	touched []int32
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
	m := &classifier{vocab: vocab, k: k, feat: p.feat, q: make([]int8, len(w)), scale: make([]float32, f)}
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
			m.q[fi*k+c] = int8(math.Round(float64(v / sc)))
		}
	}
	return m
}

// score adds the class scores of the text with the given feature hashes to
// out, which has length k. The query vector is built as vectorize does, in a
// pooled dense scratch instead of a sorted list.
func (m *classifier) score(hashes []uint64, out []float32) {
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
		k := m.k
		out = out[:k]
		for _, id := range sc.touched {
			v := sc.tf[id] * inv
			v *= m.scale[id]
			row := m.q[int(id)*k : int(id)*k+k]
			row = row[:len(out)]
			for c := range out {
				out[c] += v * float32(row[c])
			}
		}
	}
	for _, id := range sc.touched {
		sc.tf[id] = 0
	}
	sc.touched = sc.touched[:0]
	m.pool.Put(sc)
}
