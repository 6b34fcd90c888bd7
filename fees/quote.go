package fees

import (
	"slices"
	"strings"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// Quote is the price of one request: what the sender pays, the fees line by
// line, the conversion and what the recipient gets. Quoter.Forward,
// Quoter.Inverse and Quoter.Compare make quotes; a Quote is immutable (its
// accessors return copies) and safe for concurrent use. MarshalJSON encodes it
// for an API response or an audit log, and UnmarshalJSON reads it back.
//
// Every quote reconciles exactly:
//
//	Charged − Fee == Converted
//	Sender pays:    Charged == Sent + Fee, Converted == Sent
//	Recipient pays: Charged == Sent,       Converted == Sent − Fee
//	No conversion:  Received == Converted
//	Conversion:     Received == Converted × Conversion.Applied, rounded to the receive
//	                currency's minor units with the schedule's Rounding.Received
//
// With Rounding.Scope PerLine, Fee is the sum of the lines; with OnTotal it is
// their exact sum rounded once.
type Quote struct {
	id               string
	schedule, rule   string
	op               Operation
	method           Method
	from, to         string
	payer            Payer
	sendCur, recvCur currency.Currency
	sent, fee        lazy // send currency
	charged          lazy // send currency
	converted        lazy // send currency
	received         lazy // receive currency
	lines            []qline
	created, expires time.Time
	// The conversion, when conv is true.
	conv          bool
	rate          currency.Rate
	applied       decimal.Decimal
	markupPercent decimal.Decimal
	markup        lazy // send currency
	// Storage for the lines, so that a quote is one allocation.
	lineBuf [4]qline
}

// qline is a fee line as a quote keeps it; Lines makes Lines of them.
type qline struct {
	comp   *component
	amount lazy
	capped Cap
	pos    int
}

// lazy is an amount of a quote held as an integer of minor units (plus
// extra decimals) when it fits, or as a decimal. The quote builds a
// currency.Amount only when asked for one, which keeps quoting cheap.
type lazy struct {
	d       decimal.Decimal
	n       int64
	extra   int32 // decimals beyond the currency's minor units
	isMinor bool
}

func minorUnits(n int64) lazy        { return lazy{n: n, isMinor: true} }
func exactly(d decimal.Decimal) lazy { return lazy{d: d} }

// number returns the amount as a decimal, for a currency of places decimals.
func (l lazy) number(places int32) decimal.Decimal {
	if l.isMinor {
		return decimal.New(l.n, -places-l.extra)
	}
	return l.d
}

// in returns the amount in c.
func (l lazy) in(c currency.Currency) currency.Amount {
	return c.Amount(l.number(int32(c.Digits())))
}

func (l lazy) positive() bool {
	if l.isMinor {
		return l.n > 0
	}
	return l.d.IsPositive()
}

func (l lazy) isZero() bool {
	if l.isMinor {
		return l.n == 0
	}
	return l.d.IsZero()
}

// Conversion describes the currency conversion of a quote. It is a value
// returned by Quote.Conversion; changing it does not change the quote.
// It is safe for concurrent reads.
type Conversion struct {
	// Rate is the mid-market rate as the rate source gave it.
	Rate currency.Rate
	// Applied is the rate the customer gets: Rate.Value × (1 − MarkupPercent/100), exact.
	Applied decimal.Decimal
	// MarkupPercent is the rule's markup over the mid-market rate, in percent.
	MarkupPercent decimal.Decimal
	// Markup is what the markup costs the customer, in the send currency:
	// Converted × MarkupPercent/100, rounded with the schedule's Rounding.Mode.
	Markup currency.Amount
}

// Line is one fee of a quote. It is a value returned by Quote.Lines;
// changing it does not change the quote.
// It is safe for concurrent reads.
type Line struct {
	// Code is the component's code in the schedule, such as "processing".
	Code string
	// Kind is the component's kind.
	Kind Kind
	// Amount is the fee; never negative. With Rounding.Scope OnTotal it is
	// exact and may carry more decimals than the currency has.
	Amount currency.Amount
	// Base is the amount the fee was computed from (the send amount), or the
	// zero Amount for a fixed fee.
	Base currency.Amount
	// Percent is the rate charged in percent for percentage, cross-border and
	// volume lines (the rate of the tier the amount falls in); zero for fixed
	// and graduated lines.
	Percent decimal.Decimal
	// Capped says whether the line was raised to its minimum or lowered to
	// its maximum.
	Capped Cap

	comp *component
	pos  int
}

// Basis returns how the line was computed, in English, for logs and
// statements: "1.5% of 100.00 USD", "fixed 0.30 USD", "2% of 1000.00 USD +
// 1% of 500.00 USD", "1.5% of 10.00 USD, raised to the minimum 0.50 USD".
// Explainer gives the same in the customer's language.
func (l Line) Basis() string {
	if l.comp != nil && l.comp.basis != "" {
		return l.comp.basis // a decoded quote's line, as it was written
	}
	var b strings.Builder
	switch l.Kind {
	case Fixed:
		b.WriteString("fixed ")
		b.WriteString(l.Amount.String())
		return b.String()
	case Graduated:
		for i, part := range l.tierParts() {
			if i > 0 {
				b.WriteString(" + ")
			}
			b.WriteString(part.percent.String())
			b.WriteString("% of ")
			b.WriteString(part.base.String())
		}
	default:
		b.WriteString(l.Percent.String())
		b.WriteString("% of ")
		b.WriteString(l.Base.String())
	}
	switch l.Capped {
	case RaisedToMin:
		b.WriteString(", raised to the minimum ")
		b.WriteString(l.Amount.String())
	case LoweredToMax:
		b.WriteString(", lowered to the maximum ")
		b.WriteString(l.Amount.String())
	}
	return b.String()
}

// tierPart is the share of a graduated line charged at one tier's rate.
type tierPart struct {
	percent decimal.Decimal
	base    currency.Amount
}

func (l Line) tierParts() []tierPart {
	if l.comp == nil || l.Kind != Graduated {
		return nil
	}
	s := l.Base.Number()
	cur := l.Base.Currency()
	var parts []tierPart
	var lower decimal.Decimal
	for _, t := range l.comp.tiers {
		if t.upTo == nil || s.Cmp(t.upTo[l.pos]) <= 0 {
			parts = append(parts, tierPart{t.percent, cur.Amount(s.Sub(lower))})
			break
		}
		parts = append(parts, tierPart{t.percent, cur.Amount(t.upTo[l.pos].Sub(lower))})
		lower = t.upTo[l.pos]
	}
	return parts
}

// Schedule returns the name of the schedule that priced the quote.
func (q *Quote) Schedule() string { return q.schedule }

// ID returns the quote's ID, which the Quoter assigned when it made the
// quote (see Quoter.NewID) and which its JSON carries: a host stores it with
// the order, and the customer and support quote it.
func (q *Quote) ID() string { return q.id }

// Rule returns the id of the rule that priced the quote.
func (q *Quote) Rule() string { return q.rule }

// Operation returns the request's operation.
func (q *Quote) Operation() Operation { return q.op }

// Method returns the request's payment method.
func (q *Quote) Method() Method { return q.method }

// FromCountry returns the sender's country.
func (q *Quote) FromCountry() string { return q.from }

// ToCountry returns the recipient's country.
func (q *Quote) ToCountry() string { return q.to }

// CrossBorder reports whether the sender's and the recipient's countries differ.
func (q *Quote) CrossBorder() bool { return q.from != q.to }

// Payer returns who bears the fees.
func (q *Quote) Payer() Payer { return q.payer }

// Sent returns the amount sent: the amount fees are computed from.
func (q *Quote) Sent() currency.Amount { return q.sent.in(q.sendCur) }

// Fee returns the total fee, in the send currency.
func (q *Quote) Fee() currency.Amount { return q.fee.in(q.sendCur) }

// Charged returns what the sender pays in all: Sent plus Fee when the sender
// pays the fees, Sent when the recipient does.
func (q *Quote) Charged() currency.Amount { return q.charged.in(q.sendCur) }

// Converted returns the amount delivered before conversion, in the send
// currency: Charged − Fee.
func (q *Quote) Converted() currency.Amount { return q.converted.in(q.sendCur) }

// Received returns what the recipient gets, in the receive currency.
func (q *Quote) Received() currency.Amount { return q.received.in(q.recvCur) }

// Lines returns the fee lines, in the schedule's order of components.
func (q *Quote) Lines() []Line {
	out := make([]Line, len(q.lines))
	sent := q.Sent()
	for i, l := range q.lines {
		out[i] = newLine(l.comp, l.amount.in(q.sendCur), l.capped, sent, l.pos)
	}
	return out
}

// newLine returns the line of component c.
func newLine(c *component, amount currency.Amount, capped Cap, sent currency.Amount, pos int) Line {
	l := Line{Code: c.code, Kind: c.kind, Amount: amount, Capped: capped, comp: c, pos: pos}
	switch c.kind {
	case Percentage, CrossBorderSurcharge:
		l.Base, l.Percent = sent, c.percent
	case Volume:
		l.Base, l.Percent = sent, c.percent
		if len(c.tiers) > 0 { // a decoded quote has the tier's percent only
			l.Percent = c.tiers[c.tierOf(sent.Number(), pos)].percent
		}
	case Graduated:
		l.Base = sent
	}
	return l
}

// Conversion returns the quote's currency conversion, and false when the
// quote does not convert.
func (q *Quote) Conversion() (Conversion, bool) {
	if !q.conv {
		return Conversion{}, false
	}
	c := Conversion{Rate: q.rate, Applied: q.applied, MarkupPercent: q.markupPercent, Markup: q.markup.in(q.sendCur)}
	c.Rate.Chain = slices.Clone(c.Rate.Chain)
	return c, true
}

// Cost returns what the request costs the customer in the send currency:
// the fee plus the conversion markup. Compare ranks options by it.
func (q *Quote) Cost() currency.Amount {
	if !q.conv {
		return q.Fee()
	}
	c, _ := q.Fee().Add(q.markup.in(q.sendCur)) // same currency by construction
	return c
}

// CreatedAt returns when the quote was made.
func (q *Quote) CreatedAt() time.Time { return q.created }

// ExpiresAt returns when the quote stops being valid: Quoter.Validity after
// it was made, and never later than the rate it uses becomes stale.
func (q *Quote) ExpiresAt() time.Time { return q.expires }

// Expired reports whether the quote is expired at t.
func (q *Quote) Expired(t time.Time) bool { return !t.Before(q.expires) }
