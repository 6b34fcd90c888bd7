package cases

import (
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
)

// Refund is one entry of a case's refund ledger: money returned against the
// case's transaction, in the transaction's currency. Amount is what the
// refund takes off the remaining amount; Fee and Received come from the
// refund's fee quote (without a quote, Fee is zero and Received is Amount).
// A Refund is a plain value, safe for concurrent reads.
type Refund struct {
	ID       support.ID      `json:"id"`
	Case     support.ID      `json:"case"`
	Amount   currency.Amount `json:"amount"`
	Fee      currency.Amount `json:"fee"`
	Received currency.Amount `json:"received"`
	// Schedule and Rule name the fee schedule and rule that priced the
	// refund; empty without a quote.
	Schedule string `json:"schedule,omitempty"`
	Rule     string `json:"rule,omitempty"`
	// Reference is the payment processor's reference of the refund;
	// internal, hidden from customers.
	Reference string        `json:"reference,omitempty"`
	Actor     support.Actor `json:"actor"`
	At        time.Time     `json:"at"`
}

// Validate checks that r can go on a ledger: IDs, a positive amount with no
// more decimals than its currency has, a fee and a received amount in the
// same currency, not negative, and a time.
func (r *Refund) Validate() error {
	cur := r.Amount.Currency()
	switch {
	case !ident(string(r.ID)):
		return inputErr("refund.id", nil, "1 to 64 printable bytes without spaces")
	case !ident(string(r.Case)):
		return inputErr("refund.case", nil, "1 to 64 printable bytes without spaces")
	case cur.Code() == "" || !r.Amount.IsPositive():
		return inputErr("refund.amount", nil, "a positive amount")
	case !r.Amount.IsRounded():
		return inputErr("refund.amount", nil, "more decimals than the currency has")
	case r.Fee.Currency() != cur || r.Fee.IsNegative():
		return inputErr("refund.fee", nil, "not negative, in the refund's currency")
	case r.Received.Currency() != cur || r.Received.IsNegative():
		return inputErr("refund.received", nil, "not negative, in the refund's currency")
	case len(r.Reference) > MaxNameBytes || !printable(r.Reference):
		return inputErr("refund.reference", nil, "at most 64 printable bytes")
	case len(r.Schedule) > 200 || len(r.Rule) > 200 || !printable(r.Schedule) || !printable(r.Rule):
		return inputErr("refund.rule", nil, "at most 200 printable bytes")
	case r.At.IsZero():
		return inputErr("refund.at", nil, "required")
	}
	return r.Actor.Validate()
}

// CustomerView returns the refund as its customer sees it: without the
// processor's reference.
func (r Refund) CustomerView() Refund {
	r.Reference = ""
	return r
}

// ApplyRefund is the arithmetic every Store's AddRefund performs inside its
// atomic step: it checks that c takes the refund r and returns c with r
// applied: Refunded grows by r.Amount, the status becomes StatusRefunded
// when nothing remains and StatusPartiallyRefunded otherwise, Version grows
// by one and UpdatedAt is r.At. The errors are *TransitionError (a final
// status), *RefundError with currency.ErrCurrencyMismatch (another currency)
// or ErrRefundExceeds (more than remains), and *support.InputError (r is
// invalid, or for another case). c is not modified; the result shares c's
// evidence (clone it before changing it).
func ApplyRefund(c Case, r Refund) (Case, error) {
	if err := r.Validate(); err != nil {
		return c, err
	}
	if r.Case != c.ID {
		return c, inputErr("refund.case", nil, "another case's refund")
	}
	if !c.Status.Refundable() {
		return c, &TransitionError{Case: c.ID, Op: "refund", From: c.Status}
	}
	remaining := c.Remaining()
	if r.Amount.Currency() != c.Transaction.Amount.Currency() {
		return c, &RefundError{Case: c.ID, Amount: r.Amount, Remaining: remaining, Reason: currency.ErrCurrencyMismatch}
	}
	left, err := remaining.Sub(r.Amount)
	if err != nil || left.IsNegative() {
		return c, &RefundError{Case: c.ID, Amount: r.Amount, Remaining: remaining, Reason: ErrRefundExceeds}
	}
	total, err := c.Refunded.Add(r.Amount)
	if err != nil {
		return c, &RefundError{Case: c.ID, Amount: r.Amount, Remaining: remaining, Reason: err}
	}
	c.Refunded = total
	if left.IsZero() {
		c.Status = StatusRefunded
	} else {
		c.Status = StatusPartiallyRefunded
	}
	c.Version++
	c.UpdatedAt = r.At
	return c, nil
}
