package fees

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// This file is the integer version of inversion.scan (inverse.go), used when
// the rule and the amounts fit; it computes exactly the same thing, on send
// minor units and on rates scaled to a common 10^k.

// smul returns a × b when it fits an int64.
func smul(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > math.MaxInt64 || a == math.MinInt64 || b == math.MinInt64 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// sadd returns a + b when it fits an int64.
func sadd(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}

// floorDiv and ceilDiv divide by d > 0, rounding towards −∞ and +∞.
func floorDiv(n, d int64) int64 {
	q := n / d
	if n%d != 0 && n < 0 {
		q--
	}
	return q
}

func ceilDiv(n, d int64) int64 {
	q := n / d
	if n%d != 0 && n > 0 {
		q++
	}
	return q
}

// ipiece is piece on integers: the fee is (a·x + b) / 10^k minor units for
// send amounts x (minor units) in [start, next).
type ipiece struct {
	a, b    int64
	next    int64
	bounded bool
}

func (p *ipiece) limit(next int64) {
	if !p.bounded || next < p.next {
		p.next, p.bounded = next, true
	}
}

// rateAt returns f as a numerator over 10^k, k >= f.k.
func rateAt(f frac, k int32) (int64, bool) { return f.scaleTo(k) }

// pieceFast is component.piece on integers, at scale 10^k (k at least the
// scale of every rate of the component).
func (c *component) pieceFast(x int64, pos int, cross bool, k int32) (ipiece, bool) {
	var p ipiece
	f := &c.fast
	scale := pow10(k)
	var ok bool
	switch c.kind {
	case Fixed:
		p.b, ok = smul(f.amounts[pos], scale)
		return p, ok
	case CrossBorderSurcharge:
		if !cross {
			return p, true
		}
		if p.a, ok = rateAt(f.rate, k); !ok {
			return p, false
		}
	case Percentage:
		if p.a, ok = rateAt(f.rate, k); !ok {
			return p, false
		}
	case Volume:
		t := f.tiers[len(f.tiers)-1]
		for _, ft := range f.tiers {
			if ft.upTo == nil || x <= ft.upTo[pos] {
				t = ft
				break
			}
		}
		if p.a, ok = rateAt(t.rate, k); !ok {
			return p, false
		}
		if t.upTo != nil {
			p.limit(t.upTo[pos] + 1)
		}
	case Graduated:
		var lower int64
		for _, t := range f.tiers {
			r, ok := rateAt(t.rate, k)
			if !ok {
				return p, false
			}
			if t.upTo == nil || x <= t.upTo[pos] {
				p.a = r
				rl, ok1 := smul(r, lower)
				b, ok2 := sadd(p.b, -rl)
				if !ok1 || !ok2 {
					return p, false
				}
				p.b = b
				if t.upTo != nil {
					p.limit(t.upTo[pos] + 1)
				}
				break
			}
			part, ok1 := smul(r, t.upTo[pos]-lower)
			b, ok2 := sadd(p.b, part)
			if !ok1 || !ok2 {
				return p, false
			}
			p.b, lower = b, t.upTo[pos]
		}
	}
	ax, ok1 := smul(p.a, x)
	fx, ok2 := sadd(ax, p.b)
	if !ok1 || !ok2 {
		return p, false
	}
	var lo, hi int64
	if f.min != nil {
		if lo, ok = smul(f.min[pos], scale); !ok {
			return p, false
		}
	}
	if f.max != nil {
		if hi, ok = smul(f.max[pos], scale); !ok {
			return p, false
		}
	}
	switch {
	case f.min != nil && fx < lo:
		if p.a > 0 {
			p.limit(ceilDiv(lo-p.b, p.a)) // below the minimum until a·x + b >= min
		}
		p.a, p.b = 0, lo
	case f.max != nil && fx > hi:
		p.a, p.b = 0, hi
	case f.max != nil && p.a > 0:
		p.limit(floorDiv(hi-p.b, p.a) + 1) // linear until a·x + b > max
	}
	return p, true
}

// scanFast is scan on integers. ok is false when a value does not fit; the
// caller then scans with decimals.
func (v *inversion) scanFast(sg segment) (sa decimal.Decimal, found, ok bool) {
	c := sg.c
	if !c.r.fast {
		return sa, false, false
	}
	cross := v.t.from != v.t.to
	loM, ok1 := minor(c.lo, v.places)
	hiM, ok2 := minor(c.hi, v.places)
	segLo, ok3 := minor(sg.lo, v.places)
	segHi := int64(math.MaxInt64)
	ok4 := true
	if sg.bounded {
		segHi, ok4 = minor(sg.hi, v.places)
	}
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return sa, false, false
	}
	var k int32
	for i := range c.r.comps {
		k = max(k, c.r.comps[i].fast.rate.k)
		for _, t := range c.r.comps[i].fast.tiers {
			k = max(k, t.rate.k)
		}
	}
	if k > 12 {
		return sa, false, false
	}
	scale := pow10(k)
	lines := int64(0)
	for i := range c.r.comps {
		if c.r.comps[i].kind != CrossBorderSurcharge || cross {
			lines++
		}
	}
	if v.q.Schedule.rounding.Scope == OnTotal && lines > 0 {
		lines = 1
	}
	var buf [8]fastLine
	// Fees are never negative: no amount below the smallest net wanted does.
	for x := max(segLo, loM); x <= segHi; {
		var p ipiece
		var a, b int64
		for i := range c.r.comps {
			cp, ok := c.r.comps[i].pieceFast(x, c.pos, cross, k)
			if !ok {
				return sa, false, false
			}
			var ok1, ok2 bool
			a, ok1 = sadd(a, cp.a)
			b, ok2 = sadd(b, cp.b)
			if !ok1 || !ok2 {
				return sa, false, false
			}
			if cp.bounded {
				p.limit(cp.next)
			}
		}
		end := segHi
		if p.bounded && p.next-1 < end {
			end = p.next - 1
		}
		// net(s) = s − fee(s), and the rounded fee is within `lines` minor
		// units of (a·s + b) / 10^k: only s in [lo, hi] can qualify.
		div := scale - a // > 0: validated
		top := hiM
		if v.atLeast {
			top = loM
		}
		n1, ok1 := smul(loM-lines, scale)
		n2, ok2 := smul(top+lines, scale)
		n1, ok3 := sadd(n1, b)
		n2, ok4 := sadd(n2, b)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return sa, false, false
		}
		lo, hi := max(floorDiv(n1, div), x), ceilDiv(n2, div)
		if v.atLeast && hi < lo {
			hi = lo
		}
		hi = min(hi, end)
		for s := lo; s <= hi; s++ {
			_, fee, ok := v.q.Schedule.priceFast(c.r, c.pos, s, cross, buf[:0])
			if !ok {
				return sa, false, false
			}
			if net := s - fee; net >= loM && (v.atLeast || net <= hiM) {
				return decimal.New(s, -v.places), true, true
			}
		}
		if !p.bounded {
			return sa, false, true
		}
		x = max(p.next, x+1)
	}
	return sa, false, true
}
