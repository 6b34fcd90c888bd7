package fees

import (
	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// Cap says whether a line was capped.
// A Cap is a plain value, safe for concurrent use.
type Cap uint8

const (
	// Uncapped means the line is the computed fee.
	Uncapped Cap = iota
	// RaisedToMin means the computed fee was below the component's minimum,
	// and the line is the minimum.
	RaisedToMin
	// LoweredToMax means the computed fee was above the component's maximum,
	// and the line is the maximum.
	LoweredToMax
)

// charge returns the exact fee of c on the send amount s (its currency at
// position pos of the rule's sends, -1 for a rule of every currency), with
// caps applied and before rounding. applies is false when the component does
// not charge this request (a cross-border surcharge on a domestic request).
func (c *component) charge(s decimal.Decimal, pos int, cross bool) (fee decimal.Decimal, capped Cap, applies bool) {
	switch c.kind {
	case Fixed:
		return c.amounts[pos], Uncapped, true
	case CrossBorderSurcharge:
		if !cross {
			return decimal.Decimal{}, Uncapped, false
		}
		fee = s.Mul(c.rate)
	case Percentage:
		fee = s.Mul(c.rate)
	case Volume:
		fee = s.Mul(c.tiers[c.tierOf(s, pos)].rate)
	case Graduated:
		fee = c.graduated(s, pos)
	}
	if c.min != nil && fee.Cmp(c.min[pos]) < 0 {
		return c.min[pos], RaisedToMin, true
	}
	if c.max != nil && fee.Cmp(c.max[pos]) > 0 {
		return c.max[pos], LoweredToMax, true
	}
	return fee, Uncapped, true
}

// tierOf returns the tier s falls in: the first whose UpTo is at least s.
func (c *component) tierOf(s decimal.Decimal, pos int) int {
	for i, t := range c.tiers {
		if t.upTo == nil || s.Cmp(t.upTo[pos]) <= 0 {
			return i
		}
	}
	return len(c.tiers) - 1
}

// graduated returns the fee of a graduated component: every band of s at its
// own tier's rate.
func (c *component) graduated(s decimal.Decimal, pos int) decimal.Decimal {
	var fee, lower decimal.Decimal
	for _, t := range c.tiers {
		if t.upTo == nil || s.Cmp(t.upTo[pos]) <= 0 {
			return fee.Add(s.Sub(lower).Mul(t.rate))
		}
		fee = fee.Add(t.upTo[pos].Sub(lower).Mul(t.rate))
		lower = t.upTo[pos]
	}
	return fee
}

// piece describes the fee of a component near a send amount s as a linear
// function a·x + b of the send amount x, exact (caps included, before
// rounding) for every x of the currency's scale in [s, next); next is
// meaningless when bounded is false (the function holds for every x >= s).
type piece struct {
	a, b    decimal.Decimal
	next    decimal.Decimal
	bounded bool
}

func (p *piece) limit(next decimal.Decimal) {
	if !p.bounded || next.Cmp(p.next) < 0 {
		p.next, p.bounded = next, true
	}
}

// piece returns the linear piece of c that starts at s. unit is one minor
// unit of the send currency, and places its number of decimals.
func (c *component) piece(s decimal.Decimal, pos int, cross bool, unit decimal.Decimal, places int32) piece {
	var p piece
	switch c.kind {
	case Fixed:
		p.b = c.amounts[pos]
		return p
	case CrossBorderSurcharge:
		if !cross {
			return p
		}
		p.a = c.rate
	case Percentage:
		p.a = c.rate
	case Volume:
		i := c.tierOf(s, pos)
		p.a = c.tiers[i].rate
		if c.tiers[i].upTo != nil {
			p.limit(c.tiers[i].upTo[pos].Add(unit))
		}
	case Graduated:
		var lower decimal.Decimal
		for _, t := range c.tiers {
			if t.upTo == nil || s.Cmp(t.upTo[pos]) <= 0 {
				p.a = t.rate
				p.b = p.b.Sub(lower.Mul(t.rate))
				if t.upTo != nil {
					p.limit(t.upTo[pos].Add(unit))
				}
				break
			}
			p.b = p.b.Add(t.upTo[pos].Sub(lower).Mul(t.rate))
			lower = t.upTo[pos]
		}
	}
	// The uncapped fee a·x + b grows with x within the piece (a >= 0), so
	// it crosses the minimum and the maximum at most once each.
	f := s.Mul(p.a).Add(p.b)
	switch {
	case c.min != nil && f.Cmp(c.min[pos]) < 0:
		if p.a.IsPositive() {
			// Below the minimum until a·x + b >= min.
			p.limit(divRound(c.min[pos].Sub(p.b), p.a, places, currency.Ceiling))
		}
		p.a, p.b = decimal.Decimal{}, c.min[pos]
	case c.max != nil && f.Cmp(c.max[pos]) > 0:
		p.a, p.b = decimal.Decimal{}, c.max[pos]
	case c.max != nil && p.a.IsPositive():
		// Linear until a·x + b > max.
		x := divRound(c.max[pos].Sub(p.b), p.a, places, currency.Floor)
		p.limit(x.Add(unit))
	}
	return p
}

// divRound returns n ÷ d rounded to places decimals with Ceiling or Floor
// (the only modes used here), exactly. d must be positive.
func divRound(n, d decimal.Decimal, places int32, mode currency.RoundingMode) decimal.Decimal {
	q, r := n.QuoRem(d, places)
	if r.IsZero() {
		return q
	}
	// q is truncated towards zero.
	unit := decimal.New(1, -places)
	if mode == currency.Ceiling && r.Sign() > 0 {
		return q.Add(unit)
	}
	if mode == currency.Floor && r.Sign() < 0 {
		return q.Sub(unit)
	}
	return q
}
