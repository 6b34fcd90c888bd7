package fees_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/fees"
)

// roundTrip checks that q survives encoding and decoding: the decoded quote
// encodes to the same bytes and has the same figures.
func roundTrip(t testing.TB, q *fees.Quote) *fees.Quote {
	t.Helper()
	b, err := json.Marshal(q)
	noErr(t, err)
	var d fees.Quote
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	b2, err := json.Marshal(&d)
	noErr(t, err)
	if !bytes.Equal(b, b2) {
		t.Fatalf("round trip changed the quote:\n%s\n%s", b, b2)
	}
	for _, p := range [][2]any{{q.Sent(), d.Sent()}, {q.Fee(), d.Fee()}, {q.Charged(), d.Charged()},
		{q.Converted(), d.Converted()}, {q.Received(), d.Received()}, {q.Cost(), d.Cost()}} {
		if p[0].(interface{ String() string }).String() != p[1].(interface{ String() string }).String() {
			t.Fatalf("decoded figure %v, want %v", p[1], p[0])
		}
	}
	if d.ID() != q.ID() || d.ID() == "" {
		t.Fatalf("decoded ID %q, want %q", d.ID(), q.ID())
	}
	if len(d.Lines()) != len(q.Lines()) || d.Rule() != q.Rule() || d.Payer() != q.Payer() || !d.ExpiresAt().Equal(q.ExpiresAt()) {
		t.Fatalf("decoded quote differs: %v", &d)
	}
	for i, l := range q.Lines() {
		if dl := d.Lines()[i]; dl.Basis() != l.Basis() || !dl.Percent.Equal(l.Percent) || dl.Capped != l.Capped || dl.Kind != l.Kind {
			t.Fatalf("line %d decoded as %+v, want %+v", i, dl, l)
		}
	}
	return &d
}

func TestQuoteJSONRoundTrip(t *testing.T) {
	q := builtinQuoter(t)
	ctx := context.Background()
	for _, tc := range []struct {
		req     fees.Request
		amount  string
		inverse bool
	}{
		{fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, "50.00 USD", false},
		{fees.Request{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, "1000.00 USD", false},
		{fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", SendCurrency: "USD"}, "915.40 EUR", true},
		{fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "FR", ToCountry: "DE"}, "12.34 EUR", false},
		{fees.Request{Operation: fees.Exchange, Method: fees.Balance, FromCountry: "US", ToCountry: "US", ReceiveCurrency: "JPY"}, "250.00 USD", false},
	} {
		var got *fees.Quote
		var err error
		if tc.inverse {
			got, err = q.Inverse(ctx, tc.req, amount(t, tc.amount))
		} else {
			got, err = q.Forward(ctx, tc.req, amount(t, tc.amount))
		}
		if errors.Is(err, fees.ErrNoRule) {
			continue
		}
		noErr(t, err)
		d := roundTrip(t, got)
		if c, ok := got.Conversion(); ok {
			dc, ok := d.Conversion()
			truth(t, ok)
			truth(t, dc.Applied.Equal(c.Applied) && dc.Rate.Value.Equal(c.Rate.Value) && dc.Markup.Equal(c.Markup))
		}
	}
}

// TestQuoteJSONRejects: a quote whose figures were changed, or that is not
// a quote, is refused with ErrInvalidQuote and leaves the target as it was.
func TestQuoteJSONRejects(t *testing.T) {
	q := builtinQuoter(t)
	got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, amount(t, "50.00 USD"))
	noErr(t, err)
	good, err := json.Marshal(got)
	noErr(t, err)
	for name, edit := range map[string][2]string{
		"fee changed":           {`"fee":{"amount":"1.00"`, `"fee":{"amount":"0.10"`},
		"received inflated":     {`"received":{"amount":"44.62"`, `"received":{"amount":"54.62"`},
		"line lowered":          {`"amount":{"amount":"1.00","currency":"USD"},"basis"`, `"amount":{"amount":"0.50","currency":"USD"},"basis"`},
		"applied rate":          {`"applied_rate":"0.9108"`, `"applied_rate":"0.95"`},
		"currency swapped":      {`"charged":{"amount":"50.00","currency":"USD"}`, `"charged":{"amount":"50.00","currency":"EUR"}`},
		"payer":                 {`"payer":"recipient"`, `"payer":"nobody"`},
		"method":                {`"method":"bank-transfer"`, `"method":"telegraph"`},
		"expires before made":   {`"expires_at":"2026-03-01T12:10:00Z"`, `"expires_at":"2026-03-01T11:10:00Z"`},
		"unknown member":        {`"schedule":`, `"extra":1,"schedule":`},
		"capped":                {`"capped":"min"`, `"capped":"floor"`},
		"cost":                  {`"cost":{"amount":"1.49"`, `"cost":{"amount":"1.00"`},
		"country":               {`"from_country":"US"`, `"from_country":"USA"`},
		"no conversion but EUR": {`"conversion":{`, `"conversio":{`},
	} {
		bad := strings.Replace(string(good), edit[0], edit[1], 1)
		if bad == string(good) {
			t.Fatalf("%s: the edit does not apply", name)
		}
		d := *got
		err := json.Unmarshal([]byte(bad), &d)
		if !errors.Is(err, fees.ErrInvalidQuote) {
			t.Errorf("%s: err = %v, want ErrInvalidQuote", name, err)
		}
		if after, _ := json.Marshal(&d); !bytes.Equal(after, good) {
			t.Errorf("%s: a refused decode changed the quote", name)
		}
	}
	for _, doc := range []string{``, `null`, `[]`, `{}`, `{"sent":1}`, string(good) + `{}`} {
		var d fees.Quote
		if err := d.UnmarshalJSON([]byte(doc)); !errors.Is(err, fees.ErrInvalidQuote) {
			t.Errorf("%q: err = %v, want ErrInvalidQuote", doc, err)
		}
	}
}

// FuzzQuoteJSON: the decoder never panics, refuses with ErrInvalidQuote,
// and what it accepts encodes back to a document it decodes to the same
// quote.
func FuzzQuoteJSON(f *testing.F) {
	q := builtinQuoter(f)
	for _, a := range []string{"50.00 USD", "1000.00 USD"} {
		got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, amount(f, a))
		noErr(f, err)
		b, _ := json.Marshal(got)
		f.Add(b)
	}
	f.Add([]byte(`{"lines":[{"kind":"volume","percent":"1e9"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d fees.Quote
		if err := json.Unmarshal(data, &d); err != nil {
			if !errors.Is(err, fees.ErrInvalidQuote) {
				var syn *json.SyntaxError
				if !errors.As(err, &syn) {
					t.Fatalf("undocumented error: %v", err)
				}
			}
			return
		}
		roundTrip(t, &d)
	})
}

// TestQuoteID checks that the Quoter gives every quote an ID, from its
// generator or by default a random one, that the JSON carries it and that a
// document without one is refused.
func TestQuoteID(t *testing.T) {
	q := builtinQuoter(t)
	req := fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	a, err := q.Forward(context.Background(), req, amount(t, "10 USD"))
	noErr(t, err)
	b, err := q.Inverse(context.Background(), req, amount(t, "10.00 EUR"))
	noErr(t, err)
	eq(t, "q_test_1", a.ID())
	eq(t, "q_test_2", b.ID())
	roundTrip(t, b)

	q.NewID = nil
	seen := map[string]bool{}
	for range 100 {
		got, err := q.Forward(context.Background(), req, amount(t, "10 USD"))
		noErr(t, err)
		truth(t, strings.HasPrefix(got.ID(), "q_") && len(got.ID()) == 28, got.ID())
		truth(t, !seen[got.ID()], "repeated ID "+got.ID())
		seen[got.ID()] = true
	}

	q.NewID = func() string { return "" }
	_, err = q.Forward(context.Background(), req, amount(t, "10 USD"))
	truth(t, err != nil && strings.HasPrefix(err.Error(), "fees: "), "empty ID accepted")

	doc, err := json.Marshal(a)
	noErr(t, err)
	for _, bad := range []string{`"id":"q_test_1",`, `"id":"q_test_1"`} {
		var d fees.Quote
		repl := ""
		if !strings.HasSuffix(bad, ",") {
			repl = `"id":"bad id with spaces"`
		}
		err := json.Unmarshal([]byte(strings.Replace(string(doc), bad, repl, 1)), &d)
		errIs(t, err, fees.ErrInvalidQuote)
		contains(t, err.Error(), "id")
	}
}
