package faq

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDotRowsExact checks the SWAR dot products against plain integer sums,
// with extreme bytes and weights and more rows than one block holds, for
// class counts that do and do not fill whole words.
func TestDotRowsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 29))
	for _, k := range []int{2, 8, 13, 77} {
		kw := (k + 7) / 8
		const nRows = 700
		m := &classifier{k: k, kw: kw, rows: make([]uint64, nRows*kw)}
		bytes := make([]uint8, nRows*8*kw)
		for r := range nRows {
			for c := range k {
				b := uint8(1 + rng.IntN(255))
				if rng.IntN(3) == 0 {
					b = 255 // the largest byte, to stress the lanes
				}
				bytes[r*8*kw+c] = b
				m.rows[r*kw+c/8] |= uint64(b) << (8 * (c % 8))
			}
		}
		rw := make([]rowWeight, 0, 2*nRows)
		for range cap(rw) {
			u := uint32(maxQueryWeight)
			if rng.IntN(2) == 0 {
				u = uint32(1 + rng.IntN(maxQueryWeight))
			}
			rw = append(rw, rowWeight{off: uint32(rng.IntN(nRows) * kw), u: u})
		}
		sums := make([]int64, 8*kw)
		for b := 0; b < len(rw); b += dotBlock {
			m.dotRows(rw[b:min(b+dotBlock, len(rw))], sums)
		}
		for c := range k {
			var want int64
			for _, r := range rw {
				want += int64(r.u) * int64(bytes[int(r.off)/kw*8*kw+c])
			}
			if sums[c] != want {
				t.Fatalf("k=%d class %d: %d, want %d", k, c, sums[c], want)
			}
		}
	}
}

// TestClassifierScoreMatchesFloat checks the fixed-point margins against the
// dot product of the normalized query vector with the dequantized weights.
func TestClassifierScoreMatchesFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 37))
	const k = 13
	var examples []example
	for i := range 600 {
		label := int32(i % k)
		var hs []uint64
		for range 12 {
			hs = append(hs, uint64(label)*1000+uint64(rng.IntN(40))) // class-typical features
			hs = append(hs, 50000+uint64(rng.IntN(200))|uint64(rng.IntN(2))<<63)
		}
		examples = append(examples, example{hashes: hs, label: label})
	}
	m := trainClassifier(examples, k, classifierParams{epochs: 3, c: 0.3, minDF: 2, seed: 1, feat: featureParams{charWeight: 0.5}})
	if m == nil {
		t.Fatal("no classifier")
	}
	for i := range 50 {
		hs := examples[i*7].hashes
		got := make([]float64, k)
		m.score(hs, got)
		v := m.vocab.vectorize(hs, m.feat.charWeight)
		var maxAbs float64
		want := make([]float64, k)
		for n, id := range v.idx {
			for c := range k {
				q := int((m.rows[int(id)*m.kw+c/8]>>(8*(c%8)))&0xFF) - 128
				want[c] += float64(v.val[n]) * float64(m.scale[id]) * float64(q)
			}
		}
		for c := range k {
			maxAbs = max(maxAbs, math.Abs(want[c]))
		}
		for c := range k {
			if math.Abs(got[c]-want[c]) > 1e-3*maxAbs+1e-9 {
				t.Fatalf("query %d class %d: margin %g, want %g", i, c, got[c], want[c])
			}
		}
	}
}
