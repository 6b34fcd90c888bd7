package fees

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// Defaults used by a Quoter whose fields are zero.
const (
	// DefaultValidity is how long a quote stays valid.
	DefaultValidity = 10 * time.Minute
	// DefaultMaxRateAge is the oldest exchange rate a quote may use: the
	// package currency's default, shared with currency.Converter (96 hours,
	// fit for daily reference rates over a weekend; see
	// currency.DefaultMaxRateAge).
	DefaultMaxRateAge = currency.DefaultMaxRateAge
)

// Quoter prices requests with a schedule and, for conversions, the mid-market
// rates of a rate source. Set the fields before first use; a Quoter is then
// safe for concurrent use (it never modifies itself).
type Quoter struct {
	// Schedule prices the requests; required.
	Schedule *Schedule
	// Rates gives mid-market exchange rates; needed only for requests that
	// convert. It is asked for the rate from the send to the receive currency.
	Rates currency.RateSource
	// MaxRateAge is the oldest rate accepted, measured from Now: an older
	// rate, or one without a time, is refused with a *currency.StaleRateError
	// (matching currency.ErrStaleRate). Zero means DefaultMaxRateAge
	// (currency.DefaultMaxRateAge, 96 hours); a negative value accepts
	// rates of any age.
	MaxRateAge time.Duration
	// Validity is how long a quote stays valid; zero means DefaultValidity. A
	// quote that converts also expires when its rate would become stale.
	Validity time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// NewID returns the ID of a new quote; nil means NewQuoteID. It must
	// return a different, non-empty ID of at most 128 printable ASCII
	// characters on every call, and be safe for concurrent use. Tests inject
	// a counter.
	NewID func() string
}

// NewQuoteID returns a new random quote ID: "q_" followed by 26 base32
// characters (128 bits from crypto/rand), such as
// "q_MJ5WUYZ4LQXFTO2DBVA3KHRN6S".
func NewQuoteID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	var r [17]byte           // 16 random bytes, and a zero byte to read past the last
	_, _ = rand.Read(r[:16]) // never fails (see crypto/rand.Read)
	var out [2 + 26]byte
	out[0], out[1] = 'q', '_'
	for i := range 26 {
		bit := i * 5
		v := uint(r[bit/8])<<8 | uint(r[bit/8+1])
		out[2+i] = alphabet[v>>(11-bit%8)&31]
	}
	return string(out[:])
}

// maxQuoteIDLen bounds a quote ID.
const maxQuoteIDLen = 128

// validQuoteID reports whether id is a non-empty ID of at most
// maxQuoteIDLen printable ASCII characters.
func validQuoteID(id string) bool {
	if id == "" || len(id) > maxQuoteIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// assignID gives qt its ID.
func (q *Quoter) assignID(qt *Quote) (*Quote, error) {
	id := ""
	if q.NewID != nil {
		id = q.NewID()
	} else {
		id = NewQuoteID()
	}
	if !validQuoteID(id) {
		return nil, fmt.Errorf("fees: the quote ID generator returned %q, not 1 to %d printable ASCII characters", truncate(id), maxQuoteIDLen)
	}
	qt.id = id
	return qt, nil
}

// Request describes what the customer wants to do, without the amount. It is
// a plain value, safe to share for reading.
type Request struct {
	Operation Operation
	Method    Method
	// FromCountry and ToCountry are the ISO 3166-1 alpha-2 codes of the
	// sender's and the recipient's countries (case-insensitive). The same
	// country makes a domestic request.
	FromCountry string
	ToCountry   string
	// SendCurrency is the currency the sender pays in. Forward takes it from
	// the send amount (if set here it must agree); Inverse needs it, and takes
	// the receive amount's currency when it is empty.
	SendCurrency string
	// ReceiveCurrency is the currency the recipient gets. Inverse takes it
	// from the receive amount (if set here it must agree); Forward takes the
	// send currency when it is empty. When it differs from the send currency
	// the request converts.
	ReceiveCurrency string
}

// Forward quotes "you send X": the fees on send, what the sender is charged
// and what the recipient gets. send must be positive and have no more
// decimals than its currency's minor units (nor more than 100 digits before
// the point).
//
// Errors: *RequestError (ErrInvalidRequest) for a malformed request,
// *CountryError (ErrUnknownCountry), currency.ErrUnknownCurrency, *NoRuleError
// (ErrNoRule), *RangeError (ErrAmountOutOfRange), ErrAmountTooSmall when the
// fees deducted leave nothing to deliver; for conversions, the rate source's
// error (currency.ErrNoRate), *currency.StaleRateError, and
// currency.ErrInvalidRate for a rate that is not positive, is for other
// currencies or has more than 30 decimals.
func (q *Quoter) Forward(ctx context.Context, req Request, send currency.Amount) (*Quote, error) {
	t, sendCur, recvCur, err := q.resolve(req, send.Currency(), false)
	if err != nil {
		return nil, err
	}
	if err := checkAmount("send amount", send); err != nil {
		return nil, err
	}
	r, pos, err := q.match(&t, send)
	if err != nil {
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
	qt, err := q.build(&t, r, pos, send.Number(), sendCur, recvCur, rate)
	if err != nil {
		return nil, err
	}
	return q.assignID(qt)
}

// now returns the current time.
func (q *Quoter) now() time.Time {
	if q.Now != nil {
		return q.Now()
	}
	return time.Now()
}

func (q *Quoter) maxRateAge() time.Duration {
	if q.MaxRateAge == 0 {
		return DefaultMaxRateAge
	}
	return q.MaxRateAge
}

// resolve validates the request's route and currencies. amountCur is the
// currency of the request's amount: the send currency for Forward, the
// receive currency for Inverse (inverse true). The request's code for the
// amount's side, if set, must agree with it; its code for the other side
// (empty for the same currency) gives the other currency.
func (q *Quoter) resolve(req Request, amountCur currency.Currency, inverse bool) (t target, send, recv currency.Currency, err error) {
	if q.Schedule == nil {
		return t, send, recv, errors.New("fees: Quoter has no Schedule")
	}
	t.opName, t.methodName = req.Operation, req.Method
	if t.op = req.Operation.index(); t.op < 0 {
		return t, send, recv, &RequestError{Field: "Operation", Reason: fmt.Sprintf("unknown operation %q", truncate(string(req.Operation)))}
	}
	if t.method = req.Method.index(); t.method < 0 {
		return t, send, recv, &RequestError{Field: "Method", Reason: fmt.Sprintf("unknown payment method %q", truncate(string(req.Method)))}
	}
	if t.from = countryIndex(req.FromCountry); !q.Schedule.countries.has(t.from) {
		return t, send, recv, &RequestError{Field: "FromCountry", Reason: "not an ISO 3166-1 alpha-2 country", Err: &CountryError{Code: req.FromCountry}}
	}
	if t.to = countryIndex(req.ToCountry); !q.Schedule.countries.has(t.to) {
		return t, send, recv, &RequestError{Field: "ToCountry", Reason: "not an ISO 3166-1 alpha-2 country", Err: &CountryError{Code: req.ToCountry}}
	}
	t.fromCode, t.toCode = canonicalCountry(req.FromCountry, t.from), canonicalCountry(req.ToCountry, t.to)
	amountField, sameField, otherField := "send amount", "SendCurrency", "ReceiveCurrency"
	same, other := req.SendCurrency, req.ReceiveCurrency
	if inverse {
		amountField, sameField, otherField = "receive amount", "ReceiveCurrency", "SendCurrency"
		same, other = other, same
	}
	if amountCur.IsZero() {
		return t, send, recv, &RequestError{Field: amountField, Reason: "the amount has no currency"}
	}
	if same != "" && same != amountCur.Code() {
		if c, err := currency.Lookup(same); err != nil || c != amountCur {
			return t, send, recv, &RequestError{Field: sameField, Reason: "differs from the " + amountField + "'s currency",
				Err: &currency.MismatchError{A: same, B: amountCur.Code()}}
		}
	}
	otherCur := amountCur
	if other != "" {
		if otherCur, err = currency.Lookup(other); err != nil {
			return t, send, recv, &RequestError{Field: otherField, Reason: "unknown currency", Err: err}
		}
	}
	send, recv = amountCur, otherCur
	if inverse {
		send, recv = otherCur, amountCur
	}
	t.send, t.recv = send.Code(), recv.Code()
	t.recvID = -1
	if id, ok := q.Schedule.curIDs[t.recv]; ok {
		t.recvID = id
	}
	return t, send, recv, nil
}

// checkAmount refuses amounts that are not positive, carry more decimals
// than their currency's minor units or are beyond the size limits (inRange).
func checkAmount(field string, a currency.Amount) error {
	if !inRange(a.Number()) {
		return &RequestError{Field: field, Reason: fmt.Sprintf("more than %d decimals or %d digits before the point", maxDecimals, maxIntDigits)}
	}
	if !a.IsPositive() {
		return &RequestError{Field: field, Reason: fmt.Sprintf("%s is not positive", a)}
	}
	if !a.IsRounded() {
		return &RequestError{Field: field, Reason: fmt.Sprintf("%s has more decimals than %s's %d", a, a.CurrencyCode(), a.Currency().Digits())}
	}
	return nil
}

// match returns the rule that prices t for the send amount: the narrowest of
// the rules that match, and the position of the send currency in its sends.
func (q *Quoter) match(t *target, send currency.Amount) (*rule, int, error) {
	var (
		best                       *rule
		bestPos                    int
		any                        bool
		lo, hi                     decimal.Decimal
		hasLo, hasHi, noMin, noMax bool
	)
	s := send.Number()
	q.Schedule.candidates(t, func(r *rule, pos int) bool {
		any = true
		b := r.bandFor(pos)
		if !b.contains(s) {
			if !b.hasMin {
				noMin = true
			} else if !hasLo || b.min.Cmp(lo) < 0 {
				lo, hasLo = b.min, true
			}
			if !b.hasMax {
				noMax = true
			} else if !hasHi || b.max.Cmp(hi) > 0 {
				hi, hasHi = b.max, true
			}
			return true
		}
		if best == nil || r.depth > best.depth {
			best, bestPos = r, pos
		}
		return true
	})
	if best != nil {
		return best, bestPos, nil
	}
	if !any {
		return nil, 0, t.noRule()
	}
	cur := send.Currency()
	e := &RangeError{Amount: send, Min: cur.Amount(lo)}
	if noMin || !hasLo {
		e.Min = cur.FromMinor(1)
	}
	if hasHi && !noMax {
		e.Max = cur.Amount(hi)
	}
	return nil, 0, e
}

// rate returns the mid-market rate from the rate source, checked.
func (q *Quoter) rate(ctx context.Context, from, to string) (currency.Rate, error) {
	if q.Rates == nil {
		return currency.Rate{}, fmt.Errorf("fees: no rate source for %s to %s: %w", from, to, &currency.NoRateError{From: from, To: to})
	}
	if err := ctx.Err(); err != nil {
		return currency.Rate{}, err
	}
	r, err := q.Rates.Rate(ctx, from, to)
	if err != nil {
		return currency.Rate{}, fmt.Errorf("fees: rate %s to %s: %w", from, to, err)
	}
	if !inRange(r.Value) {
		return currency.Rate{}, fmt.Errorf("fees: rate source answered a %s to %s rate with more than %d decimals or %d digits before the point: %w",
			from, to, maxDecimals, maxIntDigits, currency.ErrInvalidRate)
	}
	if r.From != from || r.To != to || !r.Value.IsPositive() {
		return currency.Rate{}, fmt.Errorf("fees: rate source answered %s to %s = %s for %s to %s: %w",
			r.From, r.To, r.Value, from, to, currency.ErrInvalidRate)
	}
	if max := q.maxRateAge(); max > 0 {
		age := q.now().Sub(r.Time)
		if r.Time.IsZero() || age > max {
			return currency.Rate{}, fmt.Errorf("fees: %w", &currency.StaleRateError{From: from, To: to, Time: r.Time, Age: age, MaxAge: max})
		}
	}
	return r, nil
}

// totalFee returns the total fee of rule r on the send amount s, rounded as
// the schedule says, without building lines.
func (s *Schedule) totalFee(r *rule, pos int, send decimal.Decimal, cross bool, places int32) decimal.Decimal {
	if r.fast {
		if sm, ok := minor(send, places); ok {
			var buf [8]fastLine
			if _, total, ok := s.priceFast(r, pos, sm, cross, buf[:0]); ok {
				return decimal.New(total, -places)
			}
		}
	}
	return s.totalFeeDecimal(r, pos, send, cross, places)
}

// totalFeeDecimal is totalFee on the decimal path.
func (s *Schedule) totalFeeDecimal(r *rule, pos int, send decimal.Decimal, cross bool, places int32) decimal.Decimal {
	var total decimal.Decimal
	for i := range r.comps {
		fee, _, ok := r.comps[i].charge(send, pos, cross)
		if !ok {
			continue
		}
		if s.rounding.Scope == PerLine {
			fee = currency.Round(fee, places, s.rounding.Mode)
		}
		total = total.Add(fee)
	}
	if s.rounding.Scope == OnTotal {
		total = currency.Round(total, places, s.rounding.Mode)
	}
	return total
}

// priceLines prices send with rule r into qt.lines and returns the total
// fee, and the total in minor units when it fits (tmOK). sm is the send
// amount in minor units, valid when smOK.
func (q *Quoter) priceLines(qt *Quote, r *rule, pos int, send decimal.Decimal, sm int64, smOK, cross bool, places int32) (fee lazy, tm int64, tmOK bool) {
	s := q.Schedule
	if len(r.comps) <= len(qt.lineBuf) {
		qt.lines = qt.lineBuf[:0]
	} else {
		qt.lines = make([]qline, 0, len(r.comps))
	}
	if r.fast && smOK {
		var buf [8]fastLine
		if fl, total, ok := s.priceFast(r, pos, sm, cross, buf[:0]); ok {
			for _, l := range fl {
				var amount lazy
				switch {
				case l.capped == RaisedToMin:
					amount = exactly(l.comp.min[pos]) // already at the currency's scale
				case l.capped == LoweredToMax:
					amount = exactly(l.comp.max[pos])
				case l.comp.kind == Fixed:
					amount = exactly(l.comp.amounts[pos])
				case s.rounding.Scope == OnTotal:
					amount = lazy{n: l.exact.n, extra: l.exact.k, isMinor: true}
				default:
					amount = minorUnits(l.amount)
				}
				qt.lines = append(qt.lines, qline{comp: l.comp, amount: amount, capped: l.capped, pos: pos})
			}
			return minorUnits(total), total, true
		}
	}
	var total decimal.Decimal
	for i := range r.comps {
		c := &r.comps[i]
		fee, capped, ok := c.charge(send, pos, cross)
		if !ok {
			continue
		}
		if s.rounding.Scope == PerLine {
			fee = currency.Round(fee, places, s.rounding.Mode)
		}
		total = total.Add(fee)
		qt.lines = append(qt.lines, qline{comp: c, amount: exactly(fee), capped: capped, pos: pos})
	}
	if s.rounding.Scope == OnTotal {
		total = currency.Round(total, places, s.rounding.Mode)
	}
	tm, ok := minor(total, places)
	return exactly(total), tm, ok
}

// build prices send with rule r and makes the quote. rate is nil when the
// request does not convert.
func (q *Quoter) build(t *target, r *rule, pos int, send decimal.Decimal, sendCur, recvCur currency.Currency, rate *currency.Rate) (*Quote, error) {
	s := q.Schedule
	places := int32(sendCur.Digits())
	now := q.now()
	qt := &Quote{
		schedule: s.name, rule: r.id, op: t.opName, method: t.methodName,
		from: t.fromCode, to: t.toCode, payer: r.payer,
		sendCur: sendCur, recvCur: recvCur, sent: exactly(send), created: now,
	}
	sm, smOK := minor(send, places)
	var tm int64
	var tmOK bool
	qt.fee, tm, tmOK = q.priceLines(qt, r, pos, send, sm, smOK, t.from != t.to, places)
	// Charged and converted, in minor units when they fit.
	fastSums := smOK && tmOK && sm <= math.MaxInt64/2 && tm <= math.MaxInt64/2
	var convM int64
	if r.payer == Recipient {
		qt.charged = qt.sent
		if fastSums {
			convM = sm - tm
			qt.converted = minorUnits(convM)
		} else {
			qt.converted = exactly(send.Sub(qt.fee.number(places)))
		}
		if !qt.converted.positive() {
			return nil, fmt.Errorf("%w: the fee %s leaves nothing of %s to deliver", ErrAmountTooSmall, qt.Fee(), qt.Sent())
		}
	} else {
		qt.converted, convM = qt.sent, sm
		if fastSums {
			qt.charged = minorUnits(sm + tm)
		} else {
			qt.charged = exactly(send.Add(qt.fee.number(places)))
		}
	}
	validity := q.Validity
	if validity == 0 {
		validity = DefaultValidity
	}
	qt.expires = now.Add(validity)
	if rate == nil {
		qt.received = qt.converted // the same currency
		return qt, nil
	}
	applied := rate.Value.Mul(r.factor)
	rd := int32(recvCur.Digits())
	done := false
	if fastSums && r.fast {
		if af, ok := toFrac(applied); ok {
			if k := af.k + places - rd; k >= 0 && k <= 19 {
				rm, ok1 := mulDivRound(convM, af.n, k, s.rounding.Received)
				mm, ok2 := mulDivRound(convM, r.fmfrac.n, r.fmfrac.k, s.rounding.Mode)
				if ok1 && ok2 {
					qt.received, qt.markup, done = minorUnits(rm), minorUnits(mm), true
				}
			}
		}
	}
	if !done {
		converted := qt.converted.number(places)
		qt.received = exactly(currency.Round(converted.Mul(applied), rd, s.rounding.Received))
		qt.markup = exactly(currency.Round(converted.Mul(r.mfrac), places, s.rounding.Mode))
	}
	if !qt.received.positive() {
		return nil, fmt.Errorf("%w: %s converts to less than the smallest %s amount", ErrAmountTooSmall, qt.Converted(), recvCur.Code())
	}
	qt.conv, qt.rate, qt.applied, qt.markupPercent = true, *rate, applied, r.markup
	if max := q.maxRateAge(); max > 0 {
		if stale := rate.Time.Add(max); stale.Before(qt.expires) {
			qt.expires = stale
		}
	}
	return qt, nil
}

// canonicalCountry returns code in upper case, without allocating when it
// already is.
func canonicalCountry(code string, i int) string {
	if len(code) == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z' {
		return code
	}
	return countryCode(i)
}
