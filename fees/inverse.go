package fees

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// Inverse quotes "the recipient gets exactly Y": it finds the smallest send
// amount whose forward quote delivers exactly receive, and returns that
// forward quote. It accounts for every rule, amount band, minimum and maximum
// cap, tier and the conversion rounding, so that
//
//	Forward(ctx, req, Inverse(ctx, req, Y).Sent()).Received() == Y
//
// always holds. The send currency is req.SendCurrency, or receive's currency
// when it is empty.
//
// Some amounts cannot be delivered exactly: when one unit of the send
// currency buys more than one unit of the receive currency (1 EUR buys 160
// JPY), consecutive send amounts deliver amounts that jump over others; and
// fees can jump too (a minimum fee that swallows small amounts, another rule
// above a band edge). Inverse then returns an *InexactError (ErrInexact)
// rather than a different amount. The error names the cheapest send amount
// that delivers at least the amount, and what it delivers. When the
// amount would need a send amount outside every amount band of the matching
// rules, the error is a *RangeError (ErrAmountOutOfRange) whose Amount is the
// receive amount and whose Min and Max are send amounts. The other errors are
// those of Forward.
func (q *Quoter) Inverse(ctx context.Context, req Request, receive currency.Amount) (*Quote, error) {
	t, sendCur, recvCur, err := q.resolve(req, receive.Currency(), true)
	if err != nil {
		return nil, err
	}
	if err := checkAmount("receive amount", receive); err != nil {
		return nil, err
	}
	var rate *currency.Rate
	if sendCur != recvCur {
		rt, err := q.rate(ctx, sendCur.Code(), recvCur.Code())
		if err != nil {
			return nil, err
		}
		rate = &rt
	}
	inv := inversion{
		q: q, t: &t, want: receive.Number(), rate: rate, sendCur: sendCur, recvCur: recvCur,
		places: int32(sendCur.Digits()), unit: decimal.New(1, -int32(sendCur.Digits())),
	}
	q.Schedule.candidates(&t, func(r *rule, pos int) bool {
		inv.cands = append(inv.cands, candidate{r: r, pos: pos})
		return true
	})
	if len(inv.cands) == 0 {
		return nil, t.noRule()
	}
	s, c, err := inv.search()
	var inexact *InexactError
	if errors.As(err, &inexact) {
		// Say what the cheapest way to deliver at least the amount delivers.
		inv.atLeast = true
		for k := range inv.cands {
			inv.cands[k].done = false
		}
		if s, c, err := inv.search(); err == nil {
			if qt, err := q.build(&t, c.r, c.pos, s, sendCur, recvCur, rate); err == nil {
				inexact.Next, inexact.NextSend = qt.Received(), qt.Sent()
			}
		}
		return nil, inexact
	}
	if err != nil {
		return nil, err
	}
	qt, err := q.build(&t, c.r, c.pos, s, sendCur, recvCur, rate)
	if err != nil {
		return nil, err
	}
	if got := qt.Received(); !got.Number().Equal(inv.want) {
		return nil, fmt.Errorf("fees: internal error: the send amount %s found for %s delivers %s", qt.Sent(), receive, got)
	}
	return q.assignID(qt)
}

type candidate struct {
	r   *rule
	pos int
	// nets is the range of amounts delivered before conversion (in the send
	// currency) that convert to the wanted amount with the rule's markup;
	// empty when lo > hi.
	lo, hi decimal.Decimal
	done   bool
}

// inversion holds the state of one Inverse search.
type inversion struct {
	q                *Quoter
	t                *target
	want             decimal.Decimal
	rate             *currency.Rate
	sendCur, recvCur currency.Currency
	places           int32
	unit             decimal.Decimal
	cands            []candidate
	// atLeast searches for the smallest send amount that delivers the wanted
	// amount or more, instead of exactly the wanted amount.
	atLeast bool
}

// nets computes, once per candidate, the range of amounts converted (before
// conversion) that deliver exactly the wanted amount with the rule's rate.
func (v *inversion) nets(c *candidate) {
	if c.done {
		return
	}
	c.done = true
	if v.rate == nil {
		c.lo, c.hi = v.want, v.want
		return
	}
	applied := v.rate.Value.Mul(c.r.factor)
	if !v.netsFast(c, applied) {
		v.netsDecimal(c, applied)
	}
}

// netsDecimal is nets on decimals, for amounts or rates too large for netsFast.
func (v *inversion) netsDecimal(c *candidate, applied decimal.Decimal) {
	vu := decimal.New(1, -int32(v.recvCur.Digits()))
	half := decimal.New(5, -int32(v.recvCur.Digits())-1) // half a minor unit
	y := v.want
	var lower, upper decimal.Decimal
	var lowerOpen, upperOpen bool
	switch v.q.Schedule.rounding.Received {
	case currency.Down, currency.Floor:
		lower, upper, upperOpen = y, y.Add(vu), true
	case currency.Up, currency.Ceiling:
		lower, upper, lowerOpen = y.Sub(vu), y, true
	case currency.HalfEven:
		lower, upper = y.Sub(half), y.Add(half)
		if y.Shift(int32(v.recvCur.Digits())).BigInt().Bit(0) == 1 {
			lowerOpen, upperOpen = true, true
		}
	default: // HalfUp: ties away from zero
		lower, upper, upperOpen = y.Sub(half), y.Add(half), true
	}
	if lowerOpen {
		c.lo = divRound(lower, applied, v.places, currency.Floor).Add(v.unit)
	} else {
		c.lo = divRound(lower, applied, v.places, currency.Ceiling)
	}
	if upperOpen {
		c.hi = divRound(upper, applied, v.places, currency.Ceiling).Sub(v.unit)
	} else {
		c.hi = divRound(upper, applied, v.places, currency.Floor)
	}
	if c.lo.Cmp(v.unit) < 0 {
		c.lo = v.unit
	}
}

// netsFast is nets on integers: the cell of amounts that round to the
// wanted one is [lower, upper] in tenths of a receive minor unit, and the net
// amounts are those bounds divided by the applied rate. It returns false when
// a value does not fit, and nets then computes with decimals.
func (v *inversion) netsFast(c *candidate, applied decimal.Decimal) bool {
	rp := int32(v.recvCur.Digits())
	y, ok := minor(v.want, rp)
	af, ok2 := toFrac(applied)
	if !ok || !ok2 || af.n == 0 || y > math.MaxInt64/10-10 {
		return false
	}
	y *= 10 // tenths of a minor unit, so that halves are integers
	var lower, upper int64
	var lowerOpen, upperOpen bool
	switch v.q.Schedule.rounding.Received {
	case currency.Down, currency.Floor:
		lower, upper, upperOpen = y, y+10, true
	case currency.Up, currency.Ceiling:
		lower, upper, lowerOpen = y-10, y, true
	case currency.HalfEven:
		lower, upper = y-5, y+5
		if (y/10)%2 == 1 {
			lowerOpen, upperOpen = true, true
		}
	default:
		lower, upper, upperOpen = y-5, y+5, true
	}
	// net (send minor units) × 10^-sp × an × 10^-ak = bound × 10^-(rp+1), so
	// net = bound × 10^e / an with e = sp + ak − rp − 1.
	e := v.places + af.k - rp - 1
	div := func(bound int64) (q, r uint64, ok bool) {
		d := uint64(af.n)
		var hi, lo uint64
		switch {
		case e >= 0 && e <= 19:
			p := uint64(1)
			for i := int32(0); i < e; i++ {
				p *= 10
			}
			hi, lo = bits.Mul64(uint64(bound), p)
		case e < 0 && e >= -18:
			h, l := bits.Mul64(d, uint64(pow10(-e)))
			if h != 0 {
				return 0, 0, false
			}
			d, lo = l, uint64(bound)
		default:
			return 0, 0, false
		}
		if hi >= d {
			return 0, 0, false
		}
		q, r = bits.Div64(hi, lo, d)
		return q, r, q <= math.MaxInt64-1
	}
	lq, lr, ok1 := div(lower)
	uq, ur, ok2 := div(upper)
	if !ok1 || !ok2 {
		return false
	}
	nmin := lq // closed: ceil; open: floor + 1
	if lowerOpen || lr != 0 {
		nmin++
	}
	nmax := uq // closed: floor; open: ceil − 1
	if upperOpen && ur == 0 {
		nmax--
	}
	if nmin < 1 {
		nmin = 1
	}
	c.lo, c.hi = decimal.New(int64(nmin), -v.places), decimal.New(int64(nmax), -v.places)
	return true
}

// segment is a range of send amounts priced by one rule.
type segment struct {
	lo, hi  decimal.Decimal
	bounded bool
	c       *candidate
}

// segments splits the send amounts at the candidates' band edges and finds
// the rule that prices each part: the narrowest whose band holds it.
func (v *inversion) segments() []segment {
	edges := []decimal.Decimal{v.unit}
	for _, c := range v.cands {
		b := c.r.bandFor(c.pos)
		if b.hasMin && b.min.Cmp(v.unit) > 0 {
			edges = append(edges, b.min)
		}
		if b.hasMax {
			edges = append(edges, b.max.Add(v.unit))
		}
	}
	slices.SortFunc(edges, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	edges = slices.CompactFunc(edges, func(a, b decimal.Decimal) bool { return a.Equal(b) })
	segs := make([]segment, 0, len(edges))
	for i, e := range edges {
		var best *candidate
		for k := range v.cands {
			c := &v.cands[k]
			if c.r.bandFor(c.pos).contains(e) && (best == nil || c.r.depth > best.r.depth) {
				best = c
			}
		}
		if best == nil {
			continue
		}
		sg := segment{lo: e, c: best}
		if i+1 < len(edges) {
			sg.hi, sg.bounded = edges[i+1].Sub(v.unit), true
		}
		segs = append(segs, sg)
	}
	return segs
}

// search returns the smallest send amount that delivers the wanted amount,
// and the candidate rule that prices it.
func (v *inversion) search() (decimal.Decimal, *candidate, error) {
	segs := v.segments()
	reachable := false
	for _, sg := range segs {
		c := sg.c
		v.nets(c)
		if c.lo.Cmp(c.hi) > 0 && !v.atLeast {
			continue // this rule's rate skips the wanted amount
		}
		reachable = true
		if sg.bounded && sg.hi.Cmp(c.lo) < 0 {
			continue // every send amount here delivers too little
		}
		if c.r.payer == Sender {
			s := decimal.Max(c.lo, sg.lo)
			if (v.atLeast || s.Cmp(c.hi) <= 0) && (!sg.bounded || s.Cmp(sg.hi) <= 0) {
				return s, c, nil
			}
			continue
		}
		if s, ok := v.scan(sg); ok {
			return s, c, nil
		}
	}
	want := v.recvCur.Amount(v.want)
	if reachable && len(segs) > 0 {
		first, last := segs[0], segs[len(segs)-1]
		below := true
		above := last.bounded
		for _, sg := range segs {
			if sg.c.lo.Cmp(sg.c.hi) > 0 {
				continue
			}
			if sg.c.hi.Cmp(first.lo) >= 0 {
				below = false
			}
			if !sg.bounded || sg.c.lo.Cmp(last.hi) <= 0 {
				above = false
			}
		}
		if below || above {
			e := &RangeError{Amount: want, Min: v.sendCur.Amount(first.lo)}
			if last.bounded {
				e.Max = v.sendCur.Amount(last.hi)
			}
			return decimal.Decimal{}, nil, e
		}
	}
	return decimal.Decimal{}, nil, &InexactError{Want: want}
}

// scan finds, for a rule whose recipient bears the fees, the smallest send
// amount in the segment whose net amount (send − fees) lies in the
// candidate's range. The fee is linear between breakpoints (tier limits, the
// points where caps start or stop, band edges); within each linear piece the
// rounded fee stays within one minor unit per line of the exact line, so the
// send amounts that can qualify lie in a short window that is scanned in full.
func (v *inversion) scan(sg segment) (decimal.Decimal, bool) {
	if sa, found, ok := v.scanFast(sg); ok {
		return sa, found
	}
	return v.scanDecimal(sg)
}

// scanDecimal is scan on decimals, for amounts or rates too large for scanFast.
func (v *inversion) scanDecimal(sg segment) (decimal.Decimal, bool) {
	c := sg.c
	s := v.q.Schedule
	cross := v.t.from != v.t.to
	one := decimal.New(1, 0)
	// Fees are never negative, so no amount below the smallest net wanted
	// can deliver it: start there.
	x := decimal.Max(sg.lo, c.lo)
	for {
		if sg.bounded && x.Cmp(sg.hi) > 0 {
			return decimal.Decimal{}, false
		}
		var a, b decimal.Decimal
		p := piece{}
		lines := 0
		for i := range c.r.comps {
			cp := c.r.comps[i].piece(x, c.pos, cross, v.unit, v.places)
			a, b = a.Add(cp.a), b.Add(cp.b)
			if cp.bounded {
				p.limit(cp.next)
			}
			if c.r.comps[i].kind != CrossBorderSurcharge || cross {
				lines++
			}
		}
		if s.rounding.Scope == OnTotal && lines > 0 {
			lines = 1
		}
		end, bounded := sg.hi, sg.bounded
		if p.bounded && (!bounded || p.next.Sub(v.unit).Cmp(end) < 0) {
			end, bounded = p.next.Sub(v.unit), true
		}
		slack := v.unit.Mul(decimal.New(int64(lines), 0))
		div := one.Sub(a) // > 0: validated
		lo := divRound(c.lo.Sub(slack).Add(b), div, v.places, currency.Floor)
		top := c.hi
		if v.atLeast {
			top = c.lo
		}
		hi := divRound(top.Add(slack).Add(b), div, v.places, currency.Ceiling)
		if lo.Cmp(x) < 0 {
			lo = x
		}
		if v.atLeast && hi.Cmp(lo) < 0 {
			hi = lo // the piece starts above the wanted amount: its first amount may do
		}
		if bounded && hi.Cmp(end) > 0 {
			hi = end
		}
		for sa := lo; sa.Cmp(hi) <= 0; sa = sa.Add(v.unit) {
			net := sa.Sub(s.totalFee(c.r, c.pos, sa, cross, v.places))
			if net.Cmp(c.lo) >= 0 && (v.atLeast || net.Cmp(c.hi) <= 0) {
				return sa, true
			}
		}
		if !p.bounded {
			return decimal.Decimal{}, false
		}
		if p.next.Cmp(x) <= 0 { // cannot happen with valid pieces; never loop forever
			p.next = x.Add(v.unit)
		}
		x = p.next
	}
}
