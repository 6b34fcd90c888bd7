package fees

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// ErrInvalidQuote is matched (errors.Is) by every error of
// Quote.UnmarshalJSON: the document is not a quote that Quote.MarshalJSON
// could have written, or its figures do not reconcile.
var ErrInvalidQuote = errors.New("fees: invalid quote")

type jsonLine struct {
	Code    string          `json:"code"`
	Kind    Kind            `json:"kind"`
	Amount  currency.Amount `json:"amount"`
	Basis   string          `json:"basis"`
	Percent string          `json:"percent,omitempty"`
	Capped  string          `json:"capped,omitempty"`
}

type jsonConversion struct {
	Mid           string          `json:"mid_rate"`
	Applied       string          `json:"applied_rate"`
	MarkupPercent string          `json:"markup_percent"`
	Markup        currency.Amount `json:"markup"`
	RateTime      time.Time       `json:"rate_time"`
	RateSource    string          `json:"rate_source,omitempty"`
	RateChain     []currency.Rate `json:"rate_chain,omitempty"`
}

type jsonQuote struct {
	ID          string          `json:"id"`
	Schedule    string          `json:"schedule"`
	Rule        string          `json:"rule"`
	Operation   Operation       `json:"operation"`
	Method      Method          `json:"method"`
	FromCountry string          `json:"from_country"`
	ToCountry   string          `json:"to_country"`
	Payer       Payer           `json:"payer"`
	Sent        currency.Amount `json:"sent"`
	Lines       []jsonLine      `json:"lines"`
	Fee         currency.Amount `json:"fee"`
	Charged     currency.Amount `json:"charged"`
	Converted   currency.Amount `json:"converted"`
	Received    currency.Amount `json:"received"`
	Conversion  *jsonConversion `json:"conversion,omitempty"`
	Cost        currency.Amount `json:"cost"`
	CreatedAt   time.Time       `json:"created_at"`
	ExpiresAt   time.Time       `json:"expires_at"`
}

// MarshalJSON encodes the quote as an object with every figure: amounts as
// {"amount":"12.34","currency":"USD"}, rates and percentages as decimal
// strings, each line with its basis. UnmarshalJSON reads it back.
func (q *Quote) MarshalJSON() ([]byte, error) {
	out := jsonQuote{
		ID: q.id, Schedule: q.schedule, Rule: q.rule, Operation: q.op, Method: q.method,
		FromCountry: q.from, ToCountry: q.to, Payer: q.payer,
		Sent: q.Sent(), Fee: q.Fee(), Charged: q.Charged(), Converted: q.Converted(), Received: q.Received(),
		Cost: q.Cost(), CreatedAt: q.created, ExpiresAt: q.expires,
		Lines: make([]jsonLine, 0, len(q.lines)),
	}
	for _, l := range q.Lines() {
		jl := jsonLine{Code: l.Code, Kind: l.Kind, Amount: l.Amount, Basis: l.Basis()}
		if l.Kind != Fixed && l.Kind != Graduated {
			jl.Percent = l.Percent.String()
		}
		switch l.Capped {
		case RaisedToMin:
			jl.Capped = "min"
		case LoweredToMax:
			jl.Capped = "max"
		}
		out.Lines = append(out.Lines, jl)
	}
	if c, ok := q.Conversion(); ok {
		out.Conversion = &jsonConversion{
			Mid: c.Rate.Value.String(), Applied: c.Applied.String(),
			MarkupPercent: c.MarkupPercent.String(), Markup: c.Markup,
			RateTime: c.Rate.Time, RateSource: c.Rate.Source, RateChain: c.Rate.Chain,
		}
	}
	return json.Marshal(out)
}

// maxQuoteLines bounds the lines a decoded quote may hold: a schedule's
// rule has a handful of components.
const maxQuoteLines = 64

// UnmarshalJSON decodes a quote written by MarshalJSON — from an API
// response, an audit log or a stored order — into q, so that a client
// works with the same type and accessors as the server. Every figure is
// checked as Quoter makes it: the currencies agree (Sent, Fee, Charged,
// Converted, Cost and the lines in the send currency, Received in the
// receive currency), Charged − Fee == Converted with the payer's rule, the
// lines add up to Fee (to within rounding, which the schedule decides),
// Received is Converted at the applied rate (without conversion, equal),
// Cost is Fee plus the markup, the quote expires after it was made, and it
// has an ID.
// Unknown members are refused. An error matches ErrInvalidQuote and leaves
// q unchanged.
//
// A decoded quote has what the JSON holds: the lines' labels of the
// schedule are not in it (Explainer describes such a line by its code), and
// Line.Basis returns the basis as it was written.
func (q *Quote) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var in jsonQuote
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("fees: decoding quote: %v: %w", err, ErrInvalidQuote)
	}
	if dec.More() {
		return fmt.Errorf("fees: decoding quote: trailing data: %w", ErrInvalidQuote)
	}
	d, err := decodeQuote(&in)
	if err != nil {
		return fmt.Errorf("fees: decoding quote: %s: %w", err, ErrInvalidQuote)
	}
	*q = *d
	return nil
}

func decodeQuote(in *jsonQuote) (*Quote, error) {
	bad := func(format string, args ...any) (*Quote, error) { return nil, fmt.Errorf(format, args...) }
	if !validQuoteID(in.ID) {
		return bad("the id %q is not 1 to %d printable ASCII characters", truncate(in.ID), maxQuoteIDLen)
	}
	if in.Operation.index() < 0 {
		return bad("unknown operation %q", truncate(string(in.Operation)))
	}
	if in.Method.index() < 0 {
		return bad("unknown method %q", truncate(string(in.Method)))
	}
	if in.Payer != Sender && in.Payer != Recipient {
		return bad("unknown payer %q", truncate(string(in.Payer)))
	}
	for _, c := range []string{in.FromCountry, in.ToCountry} {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			return bad("country %q is not an ISO 3166 alpha-2 code", truncate(c))
		}
	}
	if in.CreatedAt.IsZero() || in.ExpiresAt.Before(in.CreatedAt) {
		return bad("the quote expires (%v) before it was made (%v)", in.ExpiresAt, in.CreatedAt)
	}
	amounts := []struct {
		name string
		a    currency.Amount
	}{{"sent", in.Sent}, {"fee", in.Fee}, {"charged", in.Charged}, {"converted", in.Converted}, {"cost", in.Cost}}
	send := in.Sent.Currency()
	for _, a := range amounts {
		if a.a.IsZero() && a.a.Currency().Code() == "" {
			return bad("%s is missing", a.name)
		}
		if a.a.Currency() != send {
			return bad("%s is in %s, not in the send currency %s", a.name, a.a.Currency().Code(), send.Code())
		}
		if a.a.IsNegative() {
			return bad("%s is negative", a.name)
		}
	}
	recv := in.Received.Currency()
	if recv.Code() == "" {
		return bad("received is missing")
	}
	if !in.Sent.IsPositive() {
		return bad("sent is not positive")
	}
	// Charged − Fee == Converted, and the payer's rule.
	if !in.Charged.Number().Sub(in.Fee.Number()).Equal(in.Converted.Number()) {
		return bad("charged − fee is not converted")
	}
	if in.Payer == Sender && !in.Converted.Number().Equal(in.Sent.Number()) {
		return bad("the sender pays the fees, but converted is not sent")
	}
	if in.Payer == Recipient && !in.Charged.Number().Equal(in.Sent.Number()) {
		return bad("the recipient bears the fees, but charged is not sent")
	}
	if len(in.Lines) > maxQuoteLines {
		return bad("%d lines (at most %d)", len(in.Lines), maxQuoteLines)
	}
	unit := decimal.New(1, -int32(send.Digits()))
	q := &Quote{
		id: in.ID, schedule: in.Schedule, rule: in.Rule, op: in.Operation, method: in.Method,
		from: in.FromCountry, to: in.ToCountry, payer: in.Payer, sendCur: send, recvCur: recv,
		sent: exactly(in.Sent.Number()), fee: exactly(in.Fee.Number()), charged: exactly(in.Charged.Number()),
		converted: exactly(in.Converted.Number()), received: exactly(in.Received.Number()),
		created: in.CreatedAt, expires: in.ExpiresAt,
	}
	sum := decimal.Zero
	for i, l := range in.Lines {
		if l.Code == "" || len(l.Code) > 64 {
			return bad("line %d: the code is empty or too long", i)
		}
		if !l.Kind.valid() {
			return bad("line %d: unknown kind %q", i, truncate(string(l.Kind)))
		}
		if l.Amount.Currency() != send || l.Amount.IsNegative() {
			return bad("line %d: the amount is not a non-negative amount in %s", i, send.Code())
		}
		c := &component{code: l.Code, kind: l.Kind, basis: l.Basis}
		if l.Kind != Fixed && l.Kind != Graduated {
			p, err := decimal.NewFromString(l.Percent)
			if err != nil || p.IsNegative() || p.GreaterThan(decimal.NewFromInt(100)) {
				return bad("line %d: percent %q is not 0 to 100", i, truncate(l.Percent))
			}
			c.percent = p
		} else if l.Percent != "" {
			return bad("line %d: a %s line has no percent", i, l.Kind)
		}
		var capped Cap
		switch l.Capped {
		case "":
		case "min":
			capped = RaisedToMin
		case "max":
			capped = LoweredToMax
		default:
			return bad("line %d: capped is %q, not min or max", i, truncate(l.Capped))
		}
		sum = sum.Add(l.Amount.Number())
		q.lines = append(q.lines, qline{comp: c, amount: exactly(l.Amount.Number()), capped: capped})
	}
	if sum.Sub(in.Fee.Number()).Abs().GreaterThanOrEqual(unit) {
		return bad("the lines add up to %s, not to the fee %s", sum, in.Fee.Number())
	}
	cost := in.Fee.Number()
	if cv := in.Conversion; cv != nil {
		if send == recv {
			return bad("a conversion between %s and itself", send.Code())
		}
		mid, err1 := decimal.NewFromString(cv.Mid)
		applied, err2 := decimal.NewFromString(cv.Applied)
		markupPct, err3 := decimal.NewFromString(cv.MarkupPercent)
		if err1 != nil || err2 != nil || err3 != nil || !mid.IsPositive() || !applied.IsPositive() || markupPct.IsNegative() || markupPct.GreaterThanOrEqual(decimal.NewFromInt(100)) {
			return bad("the conversion's rates are not positive decimals with a markup of 0 to 100%%")
		}
		// Applied == Mid × (1 − MarkupPercent/100), exactly.
		if !mid.Mul(decimal.NewFromInt(100).Sub(markupPct).Shift(-2)).Equal(applied) {
			return bad("the applied rate %s is not the mid rate %s less %s%%", applied, mid, markupPct)
		}
		if cv.Markup.Currency() != send || cv.Markup.IsNegative() {
			return bad("the markup is not a non-negative amount in %s", send.Code())
		}
		if cv.RateTime.IsZero() {
			return bad("the conversion has no rate time")
		}
		want := in.Converted.Number().Mul(applied)
		if want.Sub(in.Received.Number()).Abs().GreaterThanOrEqual(decimal.New(1, -int32(recv.Digits()))) {
			return bad("received %s is not converted × the applied rate (%s)", in.Received.Number(), want)
		}
		q.conv, q.applied, q.markupPercent, q.markup = true, applied, markupPct, exactly(cv.Markup.Number())
		q.rate = currency.Rate{From: send.Code(), To: recv.Code(), Value: mid, Time: cv.RateTime, Source: cv.RateSource, Chain: cv.RateChain}
		cost = cost.Add(cv.Markup.Number())
	} else {
		if send != recv {
			return bad("received is in %s, but there is no conversion from %s", recv.Code(), send.Code())
		}
		if !in.Received.Number().Equal(in.Converted.Number()) {
			return bad("without conversion, received is not converted")
		}
	}
	if !in.Cost.Number().Equal(cost) {
		return bad("cost %s is not the fee plus the markup (%s)", in.Cost.Number(), cost)
	}
	return q, nil
}
