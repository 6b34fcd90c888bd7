package fees_test

import (
	"context"
	"errors"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
)

// FuzzQuote sends arbitrary requests to a Quoter on the built-in schedule,
// forward and inverse. It must never panic; an error must be one of the
// documented kinds; a quote must reconcile exactly.
func FuzzQuote(f *testing.F) {
	f.Add("transfer", "bank-transfer", "US", "DE", "1234.56", "USD", "EUR", false)
	f.Add("payout", "bank-transfer", "GB", "CN", "5000.01", "CNY", "GBP", true)
	f.Add("payment", "card", "fr", "de", "0.01", "EUR", "", false)
	f.Add("exchange", "balance", "US", "US", "15086", "JPY", "USD", true)
	f.Add("gift", "cheque", "UK", "ZZ", "-1", "ABC", "XYZ", false)
	q := builtinQuoter(f)
	f.Fuzz(func(t *testing.T, op, method, from, to, number, code, other string, inverse bool) {
		a, err := currency.NewAmount(number, code)
		if err != nil {
			return
		}
		req := fees.Request{Operation: fees.Operation(op), Method: fees.Method(method), FromCountry: from, ToCountry: to}
		var got *fees.Quote
		if inverse {
			req.SendCurrency = other
			got, err = q.Inverse(context.Background(), req, a)
		} else {
			req.ReceiveCurrency = other
			got, err = q.Forward(context.Background(), req, a)
		}
		if err != nil {
			for _, known := range []error{fees.ErrInvalidRequest, fees.ErrUnknownCountry, fees.ErrNoRule, fees.ErrAmountOutOfRange,
				fees.ErrAmountTooSmall, fees.ErrInexact, currency.ErrNoRate, currency.ErrUnknownCurrency} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("undocumented error: %v", err)
		}
		if got.Fee().IsNegative() {
			t.Fatalf("negative fee %s", got.Fee())
		}
		if d, _ := got.Charged().Sub(got.Fee()); !d.Equal(got.Converted()) {
			t.Fatalf("charged − fee != converted in %v", got)
		}
		if inverse && !got.Received().Equal(a) {
			t.Fatalf("inverse of %s delivers %s", a, got.Received())
		}
		if !inverse && !got.Sent().Equal(a) {
			t.Fatalf("forward of %s sends %s", a, got.Sent())
		}
		roundTrip(t, got) // every quote survives JSON
	})
}
