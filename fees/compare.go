package fees

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/paydesk/paydesk/currency"
)

// Side says which amount of a comparison is fixed.
// A Side is a plain value, safe for concurrent use.
type Side uint8

const (
	// SendSide fixes the amount sent: every option is a Forward quote.
	SendSide Side = iota
	// ReceiveSide fixes the amount the recipient gets: every option is an
	// Inverse quote.
	ReceiveSide
)

// Option is one payment option of a comparison, with its quote. It is a
// value owned by the caller; its Quote is immutable.
// It is safe for concurrent reads.
type Option struct {
	// Index is the option's position in the requests given to Compare.
	Index int
	// Request is the option as given.
	Request Request
	// Quote is the option's quote; nil when Err is set.
	Quote *Quote
	// Cost is Quote.Cost(): the fees plus the conversion markup, in the send
	// currency.
	Cost currency.Amount
	// Extra is how much more than the cheapest option this one costs; zero
	// for the cheapest.
	Extra currency.Amount
	// Err says why the option could not be quoted, such as ErrNoRule when the
	// schedule does not offer it.
	Err error
}

// Compare quotes one need, amount on the given side, with each of several
// payment options (requests that differ in method, operation or currencies),
// and returns the options sorted by Cost, cheapest first, ties in the given
// order, each with its difference to the cheapest. Options that cannot be
// quoted come last, in the given order, with their Err set.
//
// All options must send the same currency, so that their costs compare: with
// SendSide, amount's currency; with ReceiveSide, each request's SendCurrency
// or, when empty, amount's currency. A mix is a *RequestError. Compare returns
// an error when ctx is done or no option can be quoted (then the error joins
// the options' errors).
func (q *Quoter) Compare(ctx context.Context, side Side, amount currency.Amount, options []Request) ([]Option, error) {
	if side != SendSide && side != ReceiveSide {
		return nil, &RequestError{Field: "side", Reason: fmt.Sprintf("unknown side %d", side)}
	}
	if len(options) == 0 {
		return nil, &RequestError{Field: "options", Reason: "no options to compare"}
	}
	sendCode := ""
	for i, req := range options {
		code := req.SendCurrency
		if code == "" || side == SendSide {
			code = amount.CurrencyCode()
		}
		if c, err := currency.Lookup(code); err == nil {
			code = c.Code()
		}
		if i == 0 {
			sendCode = code
		} else if code != sendCode {
			return nil, &RequestError{Field: fmt.Sprintf("options[%d].SendCurrency", i),
				Reason: "options must send the same currency to compare their costs",
				Err:    &currency.MismatchError{A: sendCode, B: code}}
		}
	}
	out := make([]Option, len(options))
	var errs []error
	for i, req := range options {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o := Option{Index: i, Request: req}
		if side == SendSide {
			o.Quote, o.Err = q.Forward(ctx, req, amount)
		} else {
			o.Quote, o.Err = q.Inverse(ctx, req, amount)
		}
		if o.Err != nil {
			errs = append(errs, fmt.Errorf("option %d: %w", i, o.Err))
		} else {
			o.Cost = o.Quote.Cost()
		}
		out[i] = o
	}
	if len(errs) == len(options) {
		return nil, errors.Join(errs...)
	}
	slices.SortStableFunc(out, func(a, b Option) int {
		switch {
		case a.Err != nil && b.Err != nil:
			return 0
		case a.Err != nil:
			return 1
		case b.Err != nil:
			return -1
		}
		c, _ := a.Cost.Cmp(b.Cost) // same currency, checked above
		return c
	})
	cheapest := out[0].Cost
	for i := range out {
		if out[i].Err == nil {
			out[i].Extra, _ = out[i].Cost.Sub(cheapest)
		}
	}
	return out, nil
}
