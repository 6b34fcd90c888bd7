package fees_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
)

func TestForwardBuiltin(t *testing.T) {
	q := builtinQuoter(t)
	tests := []struct {
		name                          string
		req                           fees.Request
		send                          string
		rule                          string
		lines                         []string // code=amount (basis)
		fee, charged, converted, recv string
		markup                        string // "" without conversion
	}{
		{
			name: "domestic card payment in USD",
			req:  fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"},
			send: "100.00 USD", rule: "card-payment-usd",
			lines: []string{"processing=2.90 USD (2.9% of 100.00 USD)", "per-payment=0.30 USD (fixed 0.30 USD)"},
			fee:   "3.20 USD", charged: "103.20 USD", converted: "100.00 USD", recv: "100.00 USD",
		},
		{
			name: "card payment within the EEA in EUR, lower-case countries",
			req:  fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "fr", ToCountry: "de"},
			send: "100.00 EUR", rule: "card-payment-eea",
			lines: []string{"processing=1.40 EUR (1.4% of 100.00 EUR)", "per-payment=0.25 EUR (fixed 0.25 EUR)"},
			fee:   "1.65 EUR", charged: "101.65 EUR", converted: "100.00 EUR", recv: "100.00 EUR",
		},
		{
			name: "cross-border card payment with conversion",
			req:  fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"},
			send: "100.00 USD", rule: "card-payment-usd",
			lines: []string{"processing=2.90 USD (2.9% of 100.00 USD)", "per-payment=0.30 USD (fixed 0.30 USD)", "cross-border=1.50 USD (1.5% of 100.00 USD)"},
			fee:   "4.70 USD", charged: "104.70 USD", converted: "100.00 USD", recv: "90.16 EUR", markup: "2.00 USD",
		},
		{
			name: "card payment in another currency takes the general rule",
			req:  fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "JP", ToCountry: "JP"},
			send: "10000 JPY", rule: "card-payment",
			lines: []string{"processing=290 JPY (2.9% of 10000 JPY)"},
			fee:   "290 JPY", charged: "10290 JPY", converted: "10000 JPY", recv: "10000 JPY",
		},
		{
			name: "graduated international transfer",
			req:  fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"},
			send: "1234.56 USD", rule: "transfer-international",
			lines: []string{"transfer=6.94 USD (0.6% of 1000.00 USD + 0.4% of 234.56 USD)", "per-transfer=2.00 USD (fixed 2.00 USD)"},
			fee:   "8.94 USD", charged: "1243.50 USD", converted: "1234.56 USD", recv: "1130.11 EUR", markup: "6.17 USD",
		},
		{
			name: "free domestic transfer",
			req:  fees.Request{Operation: fees.Transfer, Method: fees.Balance, FromCountry: "GB", ToCountry: "GB"},
			send: "20.00 GBP", rule: "transfer-domestic",
			fee: "0.00 GBP", charged: "20.00 GBP", converted: "20.00 GBP", recv: "20.00 GBP",
		},
		{
			name: "payout raised to the minimum, borne by the recipient",
			req:  fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"},
			send: "50.00 USD", rule: "payout-bank",
			lines: []string{"payout=1.00 USD (1% of 50.00 USD, raised to the minimum 1.00 USD)"},
			fee:   "1.00 USD", charged: "50.00 USD", converted: "49.00 USD", recv: "49.00 USD",
		},
		{
			name: "payout lowered to the maximum",
			req:  fees.Request{Operation: fees.Withdrawal, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"},
			send: "5000.00 USD", rule: "payout-bank",
			lines: []string{"payout=25.00 USD (1% of 5000.00 USD, lowered to the maximum 25.00 USD)"},
			fee:   "25.00 USD", charged: "5000.00 USD", converted: "4975.00 USD", recv: "4975.00 USD",
		},
		{
			name: "volume tier of a card-funded transfer",
			req:  fees.Request{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "GB", ReceiveCurrency: "GBP"},
			send: "800.00 USD", rule: "transfer-card",
			lines: []string{"card-funding=15.20 USD (1.9% of 800.00 USD)", "cross-border=8.00 USD (1% of 800.00 USD)"},
			fee:   "23.20 USD", charged: "823.20 USD", converted: "800.00 USD", recv: "622.52 GBP", markup: "12.00 USD",
		},
		{
			name: "exchange with markup only, into a currency without minor units",
			req:  fees.Request{Operation: fees.Exchange, Method: fees.Balance, FromCountry: "US", ToCountry: "US", ReceiveCurrency: "JPY"},
			send: "100.00 USD", rule: "exchange",
			fee: "0.00 USD", charged: "100.00 USD", converted: "100.00 USD", recv: "15084 JPY", markup: "0.35 USD",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.Forward(context.Background(), tt.req, amount(t, tt.send))
			noErr(t, err)
			eq(t, tt.rule, got.Rule())
			var lines []string
			for _, l := range got.Lines() {
				lines = append(lines, l.Code+"="+l.Amount.String()+" ("+l.Basis()+")")
			}
			eq(t, tt.lines, lines)
			eq(t, tt.fee, got.Fee().String())
			eq(t, tt.charged, got.Charged().String())
			eq(t, tt.converted, got.Converted().String())
			eq(t, tt.recv, got.Received().String())
			c, ok := got.Conversion()
			eq(t, tt.markup != "", ok)
			if ok {
				eq(t, tt.markup, c.Markup.String())
				cost, _ := got.Fee().Add(c.Markup)
				truth(t, got.Cost().Equal(cost))
			}
			eq(t, testNow, got.CreatedAt())
			eq(t, "paydesk-illustrative-2026", got.Schedule())
		})
	}
}

func TestInverseBuiltin(t *testing.T) {
	q := builtinQuoter(t)
	tests := []struct {
		name      string
		req       fees.Request
		receive   string
		wantSend  string
		wantFee   string
		wantError error
	}{
		{"sender pays, no conversion", fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, "100.00 USD", "100.00 USD", "3.20 USD", nil},
		{"recipient pays above the minimum", fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, "990.00 USD", "1000.00 USD", "10.00 USD", nil},
		{"recipient pays the minimum", fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, "49.00 USD", "50.00 USD", "1.00 USD", nil},
		{"recipient pays the maximum", fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, "4975.00 USD", "5000.00 USD", "25.00 USD", nil},
		{"conversion, sender pays", fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", SendCurrency: "USD"}, "1130.11 EUR", "1234.56 USD", "8.94 USD", nil},
		{"conversion skips the amount", fees.Request{Operation: fees.Exchange, Method: fees.Balance, FromCountry: "US", ToCountry: "US", SendCurrency: "USD"}, "15086 JPY", "", "", fees.ErrInexact},
		{"beyond the band", fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", SendCurrency: "USD"}, "60000.00 EUR", "", "", fees.ErrAmountOutOfRange},
		{"no rule", fees.Request{Operation: fees.Withdrawal, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, "10.00 USD", "", "", fees.ErrNoRule},
		{"zero", fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, "0.00 USD", "", "", fees.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.Inverse(context.Background(), tt.req, amount(t, tt.receive))
			if tt.wantError != nil {
				errIs(t, err, tt.wantError)
				truth(t, got == nil)
				return
			}
			noErr(t, err)
			eq(t, tt.wantSend, got.Sent().String())
			eq(t, tt.wantFee, got.Fee().String())
			eq(t, tt.receive, got.Received().String())
		})
	}
}

func TestInexactErrorNext(t *testing.T) {
	q := builtinQuoter(t)
	req := fees.Request{Operation: fees.Exchange, Method: fees.Balance, FromCountry: "US", ToCountry: "US", SendCurrency: "USD"}
	_, err := q.Inverse(context.Background(), req, amount(t, "15086 JPY"))
	var ie *fees.InexactError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v", err)
	}
	// 100.01 USD delivers 15085 JPY and 100.02 USD 15087 JPY.
	eq(t, "15086 JPY", ie.Want.String())
	eq(t, "100.02 USD", ie.NextSend.String())
	eq(t, "15087 JPY", ie.Next.String())
	eq(t, "fees: no send amount delivers exactly 15086 JPY; sending 100.02 USD delivers 15087 JPY", err.Error())
}

func TestQuoteErrors(t *testing.T) {
	q := builtinQuoter(t)
	card := fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}
	with := func(f func(*fees.Request)) fees.Request { r := card; f(&r); return r }
	stale := *q
	stale.Now = func() time.Time { return testNow.Add(fees.DefaultMaxRateAge + time.Hour) }
	noRates := *q
	noRates.Rates = nil
	tinyRate := *q
	tinyRate.Rates = mapRates{"USD/EUR": {From: "USD", To: "EUR", Value: dec("1e-40"), Time: testNow}}
	usd, _ := currency.Lookup("USD")
	tests := []struct {
		name   string
		q      *fees.Quoter
		req    fees.Request
		send   currency.Amount
		target error
		text   string
	}{
		{"unknown operation", q, with(func(r *fees.Request) { r.Operation = "gift" }), amount(t, "1 USD"), fees.ErrInvalidRequest, `unknown operation "gift"`},
		{"unknown method", q, with(func(r *fees.Request) { r.Method = "cheque" }), amount(t, "1 USD"), fees.ErrInvalidRequest, `unknown payment method`},
		{"unknown country", q, with(func(r *fees.Request) { r.ToCountry = "XX" }), amount(t, "1 USD"), fees.ErrUnknownCountry, `"XX"`},
		{"reserved code is no country", q, with(func(r *fees.Request) { r.FromCountry = "UK" }), amount(t, "1 USD"), fees.ErrUnknownCountry, `"UK"`},
		{"unknown receive currency", q, with(func(r *fees.Request) { r.ReceiveCurrency = "ABC" }), amount(t, "1 USD"), currency.ErrUnknownCurrency, `"ABC"`},
		{"send currency disagrees", q, with(func(r *fees.Request) { r.SendCurrency = "EUR" }), amount(t, "1 USD"), currency.ErrCurrencyMismatch, "differs"},
		{"amount without currency", q, card, currency.Amount{}, fees.ErrInvalidRequest, "no currency"},
		{"zero amount", q, card, amount(t, "0 USD"), fees.ErrInvalidRequest, "not positive"},
		{"negative amount", q, card, amount(t, "-5 USD"), fees.ErrInvalidRequest, "not positive"},
		{"too many decimals", q, card, amount(t, "1.005 USD"), fees.ErrInvalidRequest, "more decimals"},
		{"too many digits", q, card, usd.Amount(dec("1e101")), fees.ErrInvalidRequest, "more than 30 decimals or 100 digits"},
		{"huge exponent", q, card, usd.Amount(dec("1e-2000000000")), fees.ErrInvalidRequest, "more than 30 decimals or 100 digits"},
		{"rate with too many decimals", &tinyRate, with(func(r *fees.Request) { r.ReceiveCurrency = "EUR" }), amount(t, "10 USD"), currency.ErrInvalidRate, "more than 30 decimals"},
		{"no matching rule", q, with(func(r *fees.Request) { r.Operation = fees.Withdrawal }), amount(t, "1 USD"), fees.ErrNoRule, "withdrawal by card from US to US"},
		{"beyond the rule's limit", q, fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE"}, amount(t, "50000.01 USD"), fees.ErrAmountOutOfRange, "50000.01 USD (the rules accept send amounts from 0.01 USD to 50000.00 USD)"},
		{"fees swallow the amount", q, fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, amount(t, "0.80 USD"), fees.ErrAmountTooSmall, "leaves nothing"},
		{"missing rate", q, with(func(r *fees.Request) { r.ReceiveCurrency = "CHF" }), amount(t, "10 USD"), currency.ErrNoRate, "USD to CHF"},
		{"no rate source", &noRates, with(func(r *fees.Request) { r.ReceiveCurrency = "EUR" }), amount(t, "10 USD"), currency.ErrNoRate, "no rate source"},
		{"stale rate", &stale, with(func(r *fees.Request) { r.ReceiveCurrency = "EUR" }), amount(t, "10 USD"), currency.ErrStaleRate, "stale"},
		{"converts to nothing", q, fees.Request{Operation: fees.Exchange, Method: fees.Balance, FromCountry: "US", ToCountry: "US", ReceiveCurrency: "JPY"}, amount(t, "0.01 USD"), nil, ""},
		{"no schedule", &fees.Quoter{}, card, amount(t, "1 USD"), nil, "no Schedule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Forward(context.Background(), tt.req, tt.send)
			if tt.target == nil && tt.text == "" {
				// 0.01 USD converts to 1 JPY: fine, not an error.
				noErr(t, err)
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			truth(t, got == nil)
			if tt.target != nil {
				errIs(t, err, tt.target)
			}
			contains(t, err.Error(), tt.text)
			truth(t, strings.HasPrefix(err.Error(), "fees: "), err.Error())
		})
	}
}

func TestStaleRateSettings(t *testing.T) {
	q := builtinQuoter(t)
	req := fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	// The default is the currency package's: a daily reference rate lasts
	// over a weekend (Friday's rate on Monday afternoon), a year-old one is
	// refused.
	eq(t, currency.DefaultMaxRateAge, fees.DefaultMaxRateAge)
	q.Now = func() time.Time { return testNow.Add(72 * time.Hour) }
	_, err := q.Forward(context.Background(), req, amount(t, "10 USD"))
	noErr(t, err)
	q.Now = func() time.Time { return testNow.AddDate(1, 0, 0) }
	_, err = q.Forward(context.Background(), req, amount(t, "10 USD"))
	var se *currency.StaleRateError
	if !errors.As(err, &se) {
		t.Fatalf("error %v", err)
	}
	eq(t, fees.DefaultMaxRateAge, se.MaxAge)

	late := func() time.Time { return testNow.Add(3 * time.Hour) }
	q.Now = late

	q.MaxRateAge = 4 * time.Hour
	got, err := q.Forward(context.Background(), req, amount(t, "10 USD"))
	noErr(t, err)
	eq(t, late().Add(fees.DefaultValidity), got.ExpiresAt())
	q.Now = func() time.Time { return testNow.Add(3*time.Hour + 55*time.Minute) }
	got, err = q.Forward(context.Background(), req, amount(t, "10 USD"))
	noErr(t, err)
	// The quote expires when its rate turns stale, before the usual validity.
	eq(t, testNow.Add(4*time.Hour), got.ExpiresAt())
	truth(t, !got.Expired(testNow.Add(3*time.Hour+59*time.Minute)))
	truth(t, got.Expired(testNow.Add(4*time.Hour)))

	q.MaxRateAge = -1
	_, err = q.Forward(context.Background(), req, amount(t, "10 USD"))
	noErr(t, err)
}

func TestCanceledContext(t *testing.T) {
	q := builtinQuoter(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	_, err := q.Forward(ctx, req, amount(t, "10 USD"))
	errIs(t, err, context.Canceled)
}

func TestQuoteIsImmutable(t *testing.T) {
	q := builtinQuoter(t)
	got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, amount(t, "100 USD"))
	noErr(t, err)
	lines := got.Lines()
	lines[0].Amount = amount(t, "999 USD")
	lines[0].Code = "changed"
	eq(t, "2.90 USD", got.Lines()[0].Amount.String())
	eq(t, "processing", got.Lines()[0].Code)
}

func TestQuoteJSON(t *testing.T) {
	q := builtinQuoter(t)
	got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, amount(t, "50.00 USD"))
	noErr(t, err)
	b, err := json.Marshal(got)
	noErr(t, err)
	want := `{"id":"q_test_1","schedule":"paydesk-illustrative-2026","rule":"payout-bank","operation":"payout","method":"bank-transfer",` +
		`"from_country":"US","to_country":"DE","payer":"recipient","sent":{"amount":"50.00","currency":"USD"},` +
		`"lines":[{"code":"payout","kind":"percentage","amount":{"amount":"1.00","currency":"USD"},"basis":"1% of 50.00 USD, raised to the minimum 1.00 USD","percent":"1","capped":"min"}],` +
		`"fee":{"amount":"1.00","currency":"USD"},"charged":{"amount":"50.00","currency":"USD"},"converted":{"amount":"49.00","currency":"USD"},` +
		`"received":{"amount":"44.62","currency":"EUR"},` +
		`"conversion":{"mid_rate":"0.92","applied_rate":"0.9108","markup_percent":"1","markup":{"amount":"0.49","currency":"USD"},"rate_time":"2026-03-01T12:00:00Z","rate_source":"test"},` +
		`"cost":{"amount":"1.49","currency":"USD"},"created_at":"2026-03-01T12:00:00Z","expires_at":"2026-03-01T12:10:00Z"}`
	jsonEq(t, want, string(b))
}

func TestCompare(t *testing.T) {
	q := builtinQuoter(t)
	base := fees.Request{Operation: fees.Transfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	opt := func(m fees.Method) fees.Request { r := base; r.Method = m; return r }
	options := []fees.Request{opt(fees.Card), opt(fees.BankTransfer), opt(fees.Cash)}
	got, err := q.Compare(context.Background(), fees.SendSide, amount(t, "1000.00 USD"), options)
	noErr(t, err)
	if len(got) != 3 {
		t.Fatalf("%d options", len(got))
	}
	// Bank transfer: 6.00 + 2.00 fees + 5.00 markup; card: 19.00 + 10.00 fees + 15.00 markup.
	eq(t, 1, got[0].Index)
	eq(t, "13.00 USD", got[0].Cost.String())
	eq(t, "0.00 USD", got[0].Extra.String())
	eq(t, 0, got[1].Index)
	eq(t, "44.00 USD", got[1].Cost.String())
	eq(t, "31.00 USD", got[1].Extra.String())
	eq(t, 2, got[2].Index)
	errIs(t, got[2].Err, fees.ErrNoRule)
	truth(t, got[2].Quote == nil)

	// The receive side: the same amount arrives whatever the option.
	got, err = q.Compare(context.Background(), fees.ReceiveSide, amount(t, "915.40 EUR"), []fees.Request{
		{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "DE", SendCurrency: "USD"},
		{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", SendCurrency: "USD"},
	})
	noErr(t, err)
	eq(t, 1, got[0].Index)
	for _, o := range got {
		eq(t, "915.40 EUR", o.Quote.Received().String())
	}

	_, err = q.Compare(context.Background(), fees.SendSide, amount(t, "10 USD"), []fees.Request{opt(fees.Cash)})
	errIs(t, err, fees.ErrNoRule)
	_, err = q.Compare(context.Background(), fees.ReceiveSide, amount(t, "10 EUR"), []fees.Request{
		{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "DE", SendCurrency: "USD"},
		{Operation: fees.Transfer, Method: fees.Card, FromCountry: "US", ToCountry: "DE", SendCurrency: "GBP"},
	})
	errIs(t, err, currency.ErrCurrencyMismatch)
	_, err = q.Compare(context.Background(), fees.SendSide, amount(t, "10 USD"), nil)
	errIs(t, err, fees.ErrInvalidRequest)
	_, err = q.Compare(context.Background(), fees.Side(9), amount(t, "10 USD"), options)
	errIs(t, err, fees.ErrInvalidRequest)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = q.Compare(ctx, fees.SendSide, amount(t, "10 USD"), options)
	truth(t, errors.Is(err, context.Canceled))
}

// TestHugeAmounts takes the decimal path (amounts beyond int64 minor units)
// and checks that quotes still reconcile exactly, both ways.
func TestHugeAmounts(t *testing.T) {
	q := builtinQuoter(t)
	for _, tc := range []struct {
		req  fees.Request
		send string
	}{
		{fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, "123456789012345678901.23 USD"},
		{fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, "99999999999999999999.99 USD"},
		{fees.Request{Operation: fees.Exchange, Method: fees.Balance, FromCountry: "US", ToCountry: "US", ReceiveCurrency: "JPY"}, "98765432109876543210.99 USD"},
	} {
		got, err := q.Forward(context.Background(), tc.req, amount(t, tc.send))
		noErr(t, err)
		c, _ := got.Conversion()
		d, _ := got.Charged().Sub(got.Fee())
		truth(t, d.Equal(got.Converted()), "charged − fee", got.Charged(), got.Fee(), got.Converted())
		want := currency.Round(got.Converted().Number().Mul(c.Applied), int32(got.Received().Currency().Digits()), currency.Down)
		truth(t, got.Received().Number().Equal(want), "received", got.Received(), want)
		inv := tc.req
		inv.SendCurrency, inv.ReceiveCurrency = "USD", ""
		back, err := q.Inverse(context.Background(), inv, got.Received())
		noErr(t, err)
		truth(t, back.Received().Equal(got.Received()), "inverse delivers", back.Received(), got.Received())
		truth(t, back.Sent().Number().Cmp(got.Sent().Number()) <= 0, "inverse is smallest", back.Sent(), got.Sent())
	}
}
