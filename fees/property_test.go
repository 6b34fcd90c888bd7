package fees_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/shopspring/decimal"
)

// world is a random schedule with the request and rates it prices.
type world struct {
	q        *fees.Quoter
	req      fees.Request
	send     currency.Currency
	recv     currency.Currency
	def      fees.Definition
	banded   bool
	monotone bool // no band changes rules and no volume tier lowers its rate
}

var (
	sendCodes = []string{"USD", "JPY", "KWD", "EUR"}
	recvCodes = []string{"EUR", "JPY", "USD", "KWD", "IDR", "GBP"}
	modes     = []currency.RoundingMode{currency.HalfUp, currency.HalfEven, currency.Up, currency.Down, currency.Ceiling, currency.Floor}
)

// randDecimal returns a random decimal in [0, max) with up to places decimals.
func randDecimal(rng *rand.Rand, max float64, places int32) decimal.Decimal {
	scale := int64(1)
	for i := int32(0); i < places; i++ {
		scale *= 10
	}
	return decimal.New(rng.Int64N(int64(max*float64(scale))), -places)
}

// randMinor returns a random amount of cur of log-uniform size up to 10^8 minor units.
func randMinor(rng *rand.Rand, cur currency.Currency) decimal.Decimal {
	exp := rng.IntN(8)
	n := int64(1)
	for i := 0; i < exp; i++ {
		n *= 10
	}
	return cur.FromMinor(1 + rng.Int64N(n*9)).Number()
}

func randComponents(rng *rand.Rand, cur currency.Currency, monotone bool) []fees.Component {
	code := cur.Code()
	m := func(d decimal.Decimal) fees.Money { return fees.Money{code: d} }
	var out []fees.Component
	for i, n := 0, rng.IntN(4); i < n; i++ {
		c := fees.Component{Code: fmt.Sprintf("c%d", i)}
		switch rng.IntN(5) {
		case 0:
			c.Kind, c.Percent = fees.Percentage, randDecimal(rng, 5, 3)
		case 1:
			c.Kind, c.Amounts = fees.Fixed, m(randMinor(rng, cur).Div(decimal.New(1000, 0)).Round(int32(cur.Digits())))
		case 2:
			c.Kind, c.Percent = fees.CrossBorderSurcharge, randDecimal(rng, 3, 2)
		case 3, 4:
			c.Kind = fees.Graduated
			if rng.IntN(2) == 0 {
				c.Kind = fees.Volume
			}
			upTo := decimal.Zero
			rateCap := 5.0
			for k, nt := 0, 1+rng.IntN(3); k < nt; k++ {
				t := fees.Tier{Percent: randDecimal(rng, rateCap, 2)}
				if c.Kind == fees.Volume && monotone {
					// Keep volume rates non-decreasing so the fee never drops.
					if k > 0 && t.Percent.Cmp(c.Tiers[k-1].Percent) < 0 {
						t.Percent = c.Tiers[k-1].Percent
					}
				}
				if k < nt-1 {
					upTo = upTo.Add(randMinor(rng, cur)).Add(cur.FromMinor(1).Number())
					t.UpTo = m(upTo)
				}
				c.Tiers = append(c.Tiers, t)
			}
		}
		if c.Kind != fees.Fixed && rng.IntN(3) == 0 {
			lo := randMinor(rng, cur).Div(decimal.New(100, 0)).Round(int32(cur.Digits()))
			c.Min = m(lo)
			if rng.IntN(2) == 0 {
				c.Max = m(lo.Add(randMinor(rng, cur)))
			}
		}
		out = append(out, c)
	}
	return out
}

func randRule(rng *rand.Rand, id string, cur currency.Currency, monotone bool) fees.Rule {
	r := fees.Rule{
		ID: id, Operations: []fees.Operation{fees.Transfer}, Methods: []fees.Method{fees.Card},
		Currencies: []string{cur.Code()}, Markup: randDecimal(rng, 3, 2),
		Components: randComponents(rng, cur, monotone),
	}
	if rng.IntN(2) == 0 {
		r.Payer = fees.Recipient
	}
	return r
}

func newWorld(t testing.TB, rng *rand.Rand, allowBands bool) *world {
	t.Helper()
	w := &world{monotone: true}
	var err error
	w.send, _ = currency.Lookup(sendCodes[rng.IntN(len(sendCodes))])
	w.recv = w.send
	if rng.IntN(3) > 0 {
		w.recv, _ = currency.Lookup(recvCodes[rng.IntN(len(recvCodes))])
	}
	w.def = fees.Definition{
		Name:     "random",
		Rounding: fees.Rounding{Mode: modes[rng.IntN(len(modes))], Scope: fees.Scope(rng.IntN(2)), Received: modes[rng.IntN(len(modes))]},
	}
	base := randRule(rng, "base", w.send, true)
	switch {
	case allowBands && rng.IntN(2) == 0:
		// Two bands priced by different rules.
		w.banded, w.monotone = true, false
		split := randMinor(rng, w.send)
		code := w.send.Code()
		base.MaxAmount = fees.Money{code: split}
		upper := randRule(rng, "upper", w.send, true)
		upper.MinAmount = fees.Money{code: split.Add(w.send.FromMinor(1).Number())}
		w.def.Rules = []fees.Rule{base, upper}
	case allowBands && rng.IntN(2) == 0:
		// An exception for US → DE carved out of a general rule.
		w.banded, w.monotone = true, false
		ex := randRule(rng, "exception", w.send, true)
		ex.From, ex.To, ex.Corridor = []string{"US"}, []string{"DE"}, fees.CrossBorder
		lo := randMinor(rng, w.send)
		ex.MinAmount = fees.Money{w.send.Code(): lo}
		ex.MaxAmount = fees.Money{w.send.Code(): lo.Add(randMinor(rng, w.send))}
		w.def.Rules = []fees.Rule{base, ex}
	default:
		w.def.Rules = []fees.Rule{base}
	}
	s, err := fees.New(w.def)
	if err != nil {
		t.Fatalf("random schedule refused: %v\n%+v", err, w.def)
	}
	rates := mapRates{}
	if w.send != w.recv {
		// Mid rates from 10^-5 to 10^5 with up to 8 significant digits.
		v := decimal.New(1+rng.Int64N(99_999_999), -int32(3+rng.IntN(10)))
		rates[w.send.Code()+"/"+w.recv.Code()] = currency.Rate{From: w.send.Code(), To: w.recv.Code(), Value: v, Time: testNow}
	}
	w.q = &fees.Quoter{Schedule: s, Rates: rates, Now: func() time.Time { return testNow }}
	w.req = fees.Request{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "DE",
		SendCurrency: w.send.Code(), ReceiveCurrency: w.recv.Code()}
	if rng.IntN(3) == 0 {
		w.req.ToCountry = "US"
	}
	return w
}

// checkQuote checks the invariants every quote holds.
func checkQuote(t *testing.T, w *world, q *fees.Quote) {
	t.Helper()
	fee, charged, converted, sent := q.Fee(), q.Charged(), q.Converted(), q.Sent()
	if fee.IsNegative() {
		t.Fatalf("negative fee %s", fee)
	}
	var sum decimal.Decimal
	for _, l := range q.Lines() {
		if l.Amount.IsNegative() {
			t.Fatalf("negative line %+v", l)
		}
		sum = sum.Add(l.Amount.Number())
		checkCaps(t, w, l)
	}
	if w.def.Rounding.Scope == fees.PerLine && !sum.Equal(fee.Number()) {
		t.Fatalf("lines add up to %s, fee is %s", sum, fee)
	}
	if w.def.Rounding.Scope == fees.OnTotal && !currency.Round(sum, int32(w.send.Digits()), w.def.Rounding.Mode).Equal(fee.Number()) {
		t.Fatalf("lines add up to %s, rounded fee is %s", sum, fee)
	}
	if d, _ := charged.Sub(fee); !d.Equal(converted) {
		t.Fatalf("charged %s − fee %s != converted %s", charged, fee, converted)
	}
	switch q.Payer() {
	case fees.Sender:
		if s, _ := sent.Add(fee); !s.Equal(charged) || !converted.Equal(sent) {
			t.Fatalf("sender pays: sent %s fee %s charged %s converted %s", sent, fee, charged, converted)
		}
	case fees.Recipient:
		if d, _ := sent.Sub(fee); !d.Equal(converted) || !charged.Equal(sent) {
			t.Fatalf("recipient pays: sent %s fee %s charged %s converted %s", sent, fee, charged, converted)
		}
	}
	c, ok := q.Conversion()
	if !ok {
		if !q.Received().Equal(converted) {
			t.Fatalf("no conversion: received %s != converted %s", q.Received(), converted)
		}
		return
	}
	want := currency.Round(converted.Number().Mul(c.Applied), int32(w.recv.Digits()), w.def.Rounding.Received)
	if !q.Received().Number().Equal(want) || q.Received().CurrencyCode() != w.recv.Code() {
		t.Fatalf("received %s, want %s × %s rounded %s = %s", q.Received(), converted, c.Applied, w.def.Rounding.Received, want)
	}
	factor := decimal.New(1, 0).Sub(c.MarkupPercent.Shift(-2))
	if !c.Applied.Equal(c.Rate.Value.Mul(factor)) {
		t.Fatalf("applied rate %s != mid %s × (1 − %s%%)", c.Applied, c.Rate.Value, c.MarkupPercent)
	}
	wantMarkup := currency.Round(converted.Number().Mul(c.MarkupPercent.Shift(-2)), int32(w.send.Digits()), w.def.Rounding.Mode)
	if !c.Markup.Number().Equal(wantMarkup) {
		t.Fatalf("markup cost %s, want %s", c.Markup, wantMarkup)
	}
}

// checkCaps checks that a line respects the minimum and maximum of its
// component. The rule that priced the line is not known here, so the line must
// fit the caps of at least one component with its code and kind.
func checkCaps(t *testing.T, w *world, l fees.Line) {
	t.Helper()
	code := w.send.Code()
	for _, r := range w.def.Rules {
		for _, c := range r.Components {
			if c.Code != l.Code || c.Kind != l.Kind {
				continue
			}
			lo, hasLo := c.Min[code]
			hi, hasHi := c.Max[code]
			if (!hasLo || l.Amount.Number().Cmp(lo) >= 0) && (!hasHi || l.Amount.Number().Cmp(hi) <= 0) {
				return
			}
		}
	}
	t.Fatalf("line %s = %s breaks the caps of every %s component", l.Code, l.Amount, l.Kind)
}

func forwardOrNil(w *world, s decimal.Decimal) *fees.Quote {
	q, err := w.q.Forward(context.Background(), w.req, w.send.Amount(s))
	if err != nil {
		return nil
	}
	return q
}

// TestPropertyInverse checks forward(inverse(Y)).Received == Y, that the send
// amount found is the smallest, and that ErrInexact is only returned when no
// send amount near the boundary delivers Y, across many random schedules,
// rates and amounts.
func TestPropertyInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	var exact, inexact, outOfRange int
	schedules, perSchedule := 120, 20
	if testing.Short() {
		schedules = 30
	}
	for i := 0; i < schedules; i++ {
		w := newWorld(t, rng, true)
		unit := w.send.FromMinor(1).Number()
		for j := 0; j < perSchedule; j++ {
			y := w.recv.Amount(randMinor(rng, w.recv))
			q, err := w.q.Inverse(ctx, w.req, y)
			var ie *fees.InexactError
			switch {
			case err == nil:
				exact++
				checkQuote(t, w, q)
				f := forwardOrNil(w, q.Sent().Number())
				if f == nil || !f.Received().Equal(y) {
					t.Fatalf("schedule %d: inverse(%s) sends %s, forward delivers %v", i, y, q.Sent(), f)
				}
				if !f.Fee().Equal(q.Fee()) || f.Rule() != q.Rule() {
					t.Fatalf("inverse and forward quotes differ: %v / %v", q, f)
				}
				// Smallest: no smaller send amount nearby delivers Y, and for
				// small amounts none at all.
				s := q.Sent().Number()
				lo := s.Sub(unit.Mul(decimal.New(40, 0)))
				if s.Cmp(unit.Mul(decimal.New(1500, 0))) <= 0 {
					lo = unit
				}
				for x := decimal.Max(lo, unit); x.Cmp(s) < 0; x = x.Add(unit) {
					if f := forwardOrNil(w, x); f != nil && f.Received().Equal(y) {
						t.Fatalf("schedule %d %+v: inverse(%s) = %s, but %s delivers it too", i, w.def, y, s, x)
					}
				}
			case errors.As(err, &ie):
				inexact++
				if ie.Next.Currency().IsZero() {
					t.Fatalf("inexact without a next amount: %v\n%+v %+v", err, w.def, w.req)
				}
				f := forwardOrNil(w, ie.NextSend.Number())
				if c, _ := ie.Next.Cmp(y); f == nil || !f.Received().Equal(ie.Next) || c <= 0 {
					t.Fatalf("inexact: next %s for %s does not check out: %v", ie.Next, ie.NextSend, f)
				}
				s := ie.NextSend.Number()
				for x := decimal.Max(s.Sub(unit.Mul(decimal.New(150, 0))), unit); x.Cmp(s.Add(unit.Mul(decimal.New(150, 0)))) <= 0; x = x.Add(unit) {
					f := forwardOrNil(w, x)
					if f == nil {
						continue
					}
					if f.Received().Equal(y) {
						t.Fatalf("schedule %d %+v: inverse(%s) says inexact, but %s delivers it", i, w.def, y, x)
					}
					if c, _ := f.Received().Cmp(y); c > 0 && x.Cmp(s) < 0 {
						t.Fatalf("schedule %d: %s delivers %s > %s, below the next send %s", i, x, f.Received(), y, s)
					}
				}
			case errors.Is(err, fees.ErrAmountOutOfRange):
				outOfRange++
			default:
				t.Fatalf("schedule %d: inverse(%s): %v", i, y, err)
			}
		}
	}
	t.Logf("exact %d, inexact %d, out of range %d", exact, inexact, outOfRange)
	if exact < schedules*perSchedule/3 {
		t.Fatalf("only %d of %d inverse quotes were exact: the generator is off", exact, schedules*perSchedule)
	}
}

// TestPropertyForward checks the invariants of forward quotes and that,
// when no band or tier lowers a rate, the fee never decreases as the amount grows.
func TestPropertyForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	for i := 0; i < 200; i++ {
		w := newWorld(t, rng, i%2 == 0)
		amounts := make([]decimal.Decimal, 30)
		for j := range amounts {
			amounts[j] = randMinor(rng, w.send)
		}
		slices.SortFunc(amounts, decimal.Decimal.Cmp)
		var prev *fees.Quote
		for _, a := range amounts {
			q, err := w.q.Forward(ctx, w.req, w.send.Amount(a))
			if errors.Is(err, fees.ErrAmountTooSmall) || errors.Is(err, fees.ErrAmountOutOfRange) {
				continue
			}
			if err != nil {
				t.Fatalf("forward %s: %v", a, err)
			}
			checkQuote(t, w, q)
			if w.monotone && prev != nil {
				if c, _ := q.Fee().Cmp(prev.Fee()); c < 0 {
					t.Fatalf("fee decreased from %s (on %s) to %s (on %s) in %+v", prev.Fee(), prev.Sent(), q.Fee(), q.Sent(), w.def)
				}
			}
			prev = q
		}
	}
}
