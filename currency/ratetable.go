package currency

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
)

// RateTable is an in-memory RateSource: it holds quoted rates and answers
// direct, inverse and cross rates from them. It is safe for concurrent use:
// readers never block and never see a Set half applied.
//
// Rate answers a pair in this order:
//
//  1. the rate quoted for the pair, as given to Set, unless the opposite pair
//     has a newer quote;
//  2. the inverse of the rate quoted for the opposite pair (1 ÷ value);
//  3. a cross rate through the first pivot currency (EUR unless WithPivots
//     says otherwise) for which both legs, from→pivot and pivot→to, are quoted
//     in either direction (each leg, like 1 and 2, from the newer of its two
//     quotes, the direct one on equal times).
//
// A fresh quote is thus never hidden by a stale one for the opposite pair:
// when a provider quotes USD/EUR hourly and another EUR/USD daily, both
// directions use the hourly rate.
//
// A chain therefore has at most two legs: a pair whose currencies share no
// pivot (one quoted only against EUR, the other only against USD) has no rate.
//
// Derived rates (2 and 3) are computed exactly and rounded half-even to
// RateDigits significant digits. They list the quoted rates they were computed
// from in Chain, as quoted: USD→JPY through EUR lists EUR/USD (used inverted)
// and EUR/JPY. They carry the oldest leg's Time and the legs' Source (joined
// with "+" when they differ). Derived rates are cached until the next Set or
// Replace, so repeated lookups cost a few map reads and one small allocation.
//
// The zero RateTable is empty, pivots through EUR and knows the ISO 4217
// currencies; NewRateTable configures another registry or other pivots. Its
// memory grows with the square of the number of currencies quoted (about
// 16 bytes per pair, 15 KB for the ECB's 30 currencies). A RateTable must
// not be copied after first use.
type RateTable struct {
	reg       *Registry
	pivots    []string
	pivotsSet bool

	mu   sync.Mutex // serializes writers
	snap atomic.Pointer[rateSnapshot]
}

// rateSnapshot is an immutable generation of a RateTable's quotes, with the
// cache of the rates derived from them.
type rateSnapshot struct {
	codes   []string       // sorted currency codes
	index   map[string]int // code → position in codes
	quotes  []*Rate        // len(codes)² quoted rates; quotes[i*n+j] turns codes[i] into codes[j]
	derived []atomic.Pointer[Rate]
	pivots  []int // positions of the table's pivots present in codes, in order
}

// RateTableOption configures NewRateTable.
// Options are immutable and safe for concurrent use.
type RateTableOption struct {
	apply func(*RateTable)
}

// WithPivots sets the pivot currencies tried in order for cross rates. The
// default is EUR alone, the currency the ECB quotes against; WithPivots() with
// no codes disables cross rates.
func WithPivots(codes ...string) RateTableOption {
	codes = slices.Clone(codes)
	return RateTableOption{func(t *RateTable) { t.pivots, t.pivotsSet = codes, true }}
}

// WithRegistry sets the registry that resolves currency codes; the default is
// the ISO 4217 list. Set accepts only rates between currencies it knows.
func WithRegistry(r *Registry) RateTableOption {
	return RateTableOption{func(t *RateTable) { t.reg = r }}
}

// NewRateTable returns an empty RateTable configured by opts. An unknown or
// repeated pivot currency is an error.
func NewRateTable(opts ...RateTableOption) (*RateTable, error) {
	t := &RateTable{}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(t)
		}
	}
	pivots := make([]string, 0, len(t.pivots))
	for _, p := range t.pivots {
		c, err := t.reg.LookupAny(p)
		if err != nil {
			return nil, err
		}
		if slices.Contains(pivots, c.Code()) {
			return nil, fmt.Errorf("currency: rate table: pivot currency %s given twice", c.Code())
		}
		pivots = append(pivots, c.Code())
	}
	t.pivots = pivots
	return t, nil
}

func (t *RateTable) pivotCodes() []string {
	if !t.pivotsSet {
		return []string{"EUR"}
	}
	return t.pivots
}

// Set adds quoted rates to the table. For each pair it keeps the rate with
// the latest Time: a rate replaces the pair's current one unless that one is
// newer (a rate with the same Time replaces it, so corrections apply). Every
// rate is checked first: known currencies (case-insensitive, stored upper
// case), From different from To, a positive Value within 1e-30..1e30 with at
// most 34 significant digits, a non-zero Time. On the first invalid rate Set
// returns an *InvalidRateError (matching ErrInvalidRate) and changes nothing.
// Set copies the rates; the caller may reuse the slice.
func (t *RateTable) Set(rates ...Rate) error {
	if len(rates) == 0 {
		return nil
	}
	return t.store(rates, false)
}

// Replace atomically replaces all the table's rates with rates, checked as
// Set checks them. On error the table is unchanged.
func (t *RateTable) Replace(rates ...Rate) error {
	return t.store(rates, true)
}

func (t *RateTable) store(rates []Rate, replace bool) error {
	clean := make([]Rate, len(rates))
	for i, r := range rates {
		from, err := t.reg.LookupAny(r.From)
		if err != nil {
			return &InvalidRateError{Index: i, From: r.From, To: r.To, Reason: "unknown currency " + rateQuoteCode(r.From), Err: err}
		}
		to, err := t.reg.LookupAny(r.To)
		if err != nil {
			return &InvalidRateError{Index: i, From: r.From, To: r.To, Reason: "unknown currency " + rateQuoteCode(r.To), Err: err}
		}
		if from.Code() == to.Code() {
			return &InvalidRateError{Index: i, From: r.From, To: r.To, Reason: "from and to are the same currency"}
		}
		if reason := checkRateValue(r.Value); reason != "" {
			return &InvalidRateError{Index: i, From: r.From, To: r.To, Reason: reason}
		}
		if r.Time.IsZero() {
			return &InvalidRateError{Index: i, From: r.From, To: r.To, Reason: "no time"}
		}
		r.From, r.To = from.Code(), to.Code()
		r.Chain = cloneRateChain(r.Chain)
		clean[i] = r
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.snap.Load()
	if replace {
		old = nil
	}
	t.snap.Store(t.build(old, clean))
	return nil
}

// build returns a new snapshot holding old's quotes updated with rates.
func (t *RateTable) build(old *rateSnapshot, rates []Rate) *rateSnapshot {
	var codes []string
	if old != nil {
		codes = slices.Clone(old.codes)
	}
	for _, r := range rates {
		codes = append(codes, r.From, r.To)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	n := len(codes)
	s := &rateSnapshot{
		codes:   codes,
		index:   make(map[string]int, n),
		quotes:  make([]*Rate, n*n),
		derived: make([]atomic.Pointer[Rate], n*n),
	}
	for i, c := range codes {
		s.index[c] = i
	}
	if old != nil {
		on := len(old.codes)
		for oi, q := range old.quotes {
			if q != nil {
				s.quotes[s.index[old.codes[oi/on]]*n+s.index[old.codes[oi%on]]] = q
			}
		}
	}
	for i := range rates {
		r := &rates[i]
		k := s.index[r.From]*n + s.index[r.To]
		if cur := s.quotes[k]; cur == nil || !r.Time.Before(cur.Time) {
			s.quotes[k] = r
		}
	}
	for _, p := range t.pivotCodes() {
		if i, ok := s.index[p]; ok {
			s.pivots = append(s.pivots, i)
		}
	}
	return s
}

// Rate returns the rate converting from into to: quoted, inverse or cross, as
// the RateTable documentation describes. Codes are case-insensitive. The same
// currency gives the identity rate 1 with a zero Time. An unknown pair gives a
// *NoRateError (matching ErrNoRate); a done ctx gives ctx.Err(). The caller
// owns the returned Rate, Chain included.
func (t *RateTable) Rate(ctx context.Context, from, to string) (Rate, error) {
	if err := ctx.Err(); err != nil {
		return Rate{}, err
	}
	f, tc := normalizeCode(from), normalizeCode(to)
	s := t.snap.Load()
	if f == "" || tc == "" {
		return Rate{}, &NoRateError{From: from, To: to}
	}
	if f == tc {
		if c, err := t.reg.LookupAny(f); err == nil {
			return Rate{From: c.Code(), To: c.Code(), Value: rateOne}, nil
		}
		return Rate{}, &NoRateError{From: f, To: tc}
	}
	if s == nil {
		return Rate{}, &NoRateError{From: f, To: tc}
	}
	i, ok := s.index[f]
	if !ok {
		return Rate{}, &NoRateError{From: f, To: tc}
	}
	j, ok := s.index[tc]
	if !ok {
		return Rate{}, &NoRateError{From: f, To: tc}
	}
	n := len(s.codes)
	if q, inverted := s.quote(i, j); q != nil && !inverted {
		return q.clone(), nil
	}
	slot := &s.derived[i*n+j]
	if d := slot.Load(); d != nil {
		return d.clone(), nil
	}
	d, ok := s.derive(i, j)
	if !ok {
		return Rate{}, &NoRateError{From: f, To: tc}
	}
	// Concurrent readers may derive the same rate; they store equal values.
	slot.Store(d)
	return d.clone(), nil
}

// rateOne is the value of identity rates. Decimals are immutable values.
var rateOne = decimal.New(1, 0)

// quote returns the newer of the rates quoted for codes[i]→codes[j] and for
// codes[j]→codes[i], the first on equal times, and whether it is the second
// (to be used inverted). It returns nil when neither is quoted.
func (s *rateSnapshot) quote(i, j int) (q *Rate, inverted bool) {
	n := len(s.codes)
	q, inv := s.quotes[i*n+j], s.quotes[j*n+i]
	if inv != nil && (q == nil || inv.Time.After(q.Time)) {
		return inv, true
	}
	return q, false
}

// derive computes the inverse or cross rate converting codes[i] into codes[j].
func (s *rateSnapshot) derive(i, j int) (*Rate, bool) {
	if q, inverted := s.quote(i, j); inverted {
		return &Rate{
			From:   s.codes[i],
			To:     s.codes[j],
			Value:  rateQuoSig(rateOne, q.Value, RateDigits),
			Time:   q.Time,
			Source: q.Source,
			Chain:  []Rate{*q},
		}, true
	}
	for _, p := range s.pivots {
		if p == i || p == j {
			continue
		}
		leg1, inv1 := s.quote(i, p)
		leg2, inv2 := s.quote(p, j)
		if leg1 == nil || leg2 == nil {
			continue
		}
		num, den := rateOne, rateOne
		if inv1 {
			den = leg1.Value
		} else {
			num = leg1.Value
		}
		if inv2 {
			den = den.Mul(leg2.Value)
		} else {
			num = num.Mul(leg2.Value)
		}
		return &Rate{
			From:   s.codes[i],
			To:     s.codes[j],
			Value:  rateQuoSig(num, den, RateDigits),
			Time:   rateOldest(leg1.Time, leg2.Time),
			Source: joinRateSources(leg1.Source, leg2.Source),
			Chain:  []Rate{*leg1, *leg2},
		}, true
	}
	return nil, false
}

// Rates returns a copy of the table's quoted rates (not the derived ones),
// sorted by From and then To.
func (t *RateTable) Rates() []Rate {
	s := t.snap.Load()
	if s == nil {
		return nil
	}
	var out []Rate
	for _, q := range s.quotes {
		if q != nil {
			out = append(out, q.clone())
		}
	}
	return out
}

// clone returns a copy of r whose Chain, at every depth, the caller owns.
func (r *Rate) clone() Rate {
	c := *r
	c.Chain = cloneRateChain(r.Chain)
	return c
}

func cloneRateChain(chain []Rate) []Rate {
	if len(chain) == 0 {
		return nil
	}
	out := make([]Rate, len(chain))
	for i := range chain {
		out[i] = chain[i].clone()
	}
	return out
}

func rateOldest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func joinRateSources(a, b string) string {
	switch {
	case a == b || b == "":
		return a
	case a == "":
		return b
	}
	return a + "+" + b
}

// rateQuoteCode quotes a code for an error message, truncating hostile input.
func rateQuoteCode(s string) string {
	return strconv.Quote(rateShort(s))
}

// Compile-time check that RateTable is a RateSource.
var _ RateSource = (*RateTable)(nil)
