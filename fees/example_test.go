package fees_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// exampleQuoter returns a Quoter on the built-in illustrative schedule, with
// invented rates and a fixed clock.
func exampleQuoter() *fees.Quoter {
	schedule, err := fees.Builtin()
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	rates, err := currency.NewRateTable()
	if err != nil {
		panic(err)
	}
	if err := rates.Set(
		currency.Rate{From: "USD", To: "EUR", Value: decimal.RequireFromString("0.92"), Time: now, Source: "example"},
		currency.Rate{From: "GBP", To: "CNY", Value: decimal.RequireFromString("9.2"), Time: now, Source: "example"},
	); err != nil {
		panic(err)
	}
	n := 0 // examples run on one goroutine; a host keeps NewQuoteID
	return &fees.Quoter{Schedule: schedule, Rates: rates, Now: func() time.Time { return now },
		NewID: func() string { n++; return fmt.Sprintf("q_example_%d", n) }}
}

func mustAmount(s string) currency.Amount {
	a, err := currency.ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// Forward: "I send 1,234.56 USD to Germany; what does it cost and what arrives?"
func ExampleQuoter_Forward() {
	q := exampleQuoter()
	req := fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	quote, err := q.Forward(context.Background(), req, mustAmount("1234.56 USD"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range quote.Lines() {
		fmt.Printf("%-13s %s  (%s)\n", l.Code, l.Amount, l.Basis())
	}
	conv, _ := quote.Conversion()
	fmt.Println("fee:      ", quote.Fee())
	fmt.Println("charged:  ", quote.Charged())
	fmt.Println("rate:     ", conv.Rate.Value, "mid,", conv.Applied, "applied, markup", conv.Markup)
	fmt.Println("received: ", quote.Received())
	fmt.Println("expires:  ", quote.ExpiresAt().Format(time.Kitchen))
	// Output:
	// transfer      6.94 USD  (0.6% of 1000.00 USD + 0.4% of 234.56 USD)
	// per-transfer  2.00 USD  (fixed 2.00 USD)
	// fee:       8.94 USD
	// charged:   1243.50 USD
	// rate:      0.92 mid, 0.9154 applied, markup 6.17 USD
	// received:  1130.11 EUR
	// expires:   12:10PM
}

// Inverse: "my friend in China must get exactly 5,000.01 CNY; what do I send
// from the UK?" The payout fee is deducted, so the send amount covers it.
func ExampleQuoter_Inverse() {
	q := exampleQuoter()
	req := fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "GB", ToCountry: "CN", SendCurrency: "GBP"}
	quote, err := q.Inverse(context.Background(), req, mustAmount("5000.01 CNY"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("send:", quote.Sent(), "fee:", quote.Fee(), "converted:", quote.Converted(), "received:", quote.Received())

	// One penny buys about nine fen, so most amounts cannot arrive exactly.
	_, err = q.Inverse(context.Background(), req, mustAmount("5000.00 CNY"))
	var inexact *fees.InexactError
	if errors.As(err, &inexact) {
		fmt.Println("not exactly; sending", inexact.NextSend, "delivers", inexact.Next)
	}
	// Output:
	// send: 554.52 GBP fee: 5.55 GBP converted: 548.97 GBP received: 5000.01 CNY
	// not exactly; sending 554.52 GBP delivers 5000.01 CNY
}

// Compare: "which way of paying for this transfer is cheapest?"
func ExampleQuoter_Compare() {
	q := exampleQuoter()
	var options []fees.Request
	for _, m := range []fees.Method{fees.Card, fees.BankTransfer, fees.Cash} {
		options = append(options, fees.Request{Operation: fees.Transfer, Method: m, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"})
	}
	ranked, err := q.Compare(context.Background(), fees.SendSide, mustAmount("1000.00 USD"), options)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range ranked {
		if o.Err != nil {
			fmt.Printf("%-13s not available\n", o.Request.Method)
			continue
		}
		fmt.Printf("%-13s costs %s (+%s), recipient gets %s\n", o.Request.Method, o.Cost, o.Extra, o.Quote.Received())
	}
	// Output:
	// bank-transfer costs 13.00 USD (+0.00 USD), recipient gets 915.40 EUR
	// card          costs 44.00 USD (+31.00 USD), recipient gets 906.20 EUR
	// cash          not available
}

// Explain: the quote in the customer's language.
func ExampleExplainer_Explain() {
	q := exampleQuoter()
	req := fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	quote, err := q.Forward(context.Background(), req, mustAmount("100.00 USD"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ex := fees.NewExplainer()
	for _, tag := range []language.Tag{language.English, language.SimplifiedChinese} {
		e := ex.Explain(quote, tag)
		fmt.Println(strings.Join(e.Lines, "\n"))
		fmt.Println(e.Summary)
	}
	// Output:
	// Card processing fee: 2.9% of $100.00 = $2.90.
	// Per-payment fee: a fixed $0.30.
	// International card fee: 1.5% of $100.00 = $1.50.
	// You send $100.00 and pay $4.70 in fees, $104.70 in total. $100.00 is converted at 1 USD = 0.9016 EUR: the mid-market rate 1 USD = 0.92 EUR less a 2% markup, which costs you $2.00. The recipient gets €90.16. In all, this costs you $6.70: $4.70 in fees and $2.00 in conversion markup. This quote is valid until 2026-03-01 12:10 UTC.
	// 银行卡处理费：US$100.00 的 2.9% = US$2.90。
	// 每笔固定费用：固定收取 US$0.30。
	// 境外卡手续费：US$100.00 的 1.5% = US$1.50。
	// 您发送 US$100.00，另付手续费 US$4.70，共计 US$104.70。US$100.00 按汇率 1 USD = 0.9016 EUR 兑换：即中间价 1 USD = 0.92 EUR 减去 2% 的加价，加价成本为 US$2.00。收款人收到 €90.16。总成本为 US$6.70：手续费 US$4.70，汇率加价 US$2.00。本报价有效期至 2026-03-01 12:10 UTC。
}

// A schedule is data: decode it from JSON, with errors that name the rule.
func ExampleDecode() {
	doc := `{
	  "name": "shop",
	  "rounding": {"mode": "half-up", "scope": "line", "received": "down"},
	  "rules": [
	    {"id": "cards", "operations": ["payment"], "methods": ["card"], "currencies": ["EUR"],
	     "components": [{"code": "processing", "kind": "percentage", "percent": "1.5",
	                     "min": {"EUR": "0.20"}, "max": {"EUR": "10.00"}}]},
	    {"id": "typo", "operations": ["payment"], "methods": ["crad"]}
	  ]
	}`
	_, err := fees.Decode(strings.NewReader(doc))
	fmt.Println(err)

	schedule, err := fees.Decode(strings.NewReader(strings.Replace(doc, `,
	    {"id": "typo", "operations": ["payment"], "methods": ["crad"]}`, "", 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	q := &fees.Quoter{Schedule: schedule}
	quote, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "FR", ToCountry: "FR"}, mustAmount("5.00 EUR"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(quote.Lines()[0].Basis())
	// Output:
	// fees: invalid schedule: rule 1 ("typo"): methods: unknown method "crad"
	// 1.5% of 5.00 EUR, raised to the minimum 0.20 EUR
}

// Schedules can be built in Go as well; New validates them the same way.
func ExampleNew() {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	schedule, err := fees.New(fees.Definition{
		Name:     "marketplace",
		Rounding: fees.Rounding{Mode: currency.HalfEven, Scope: fees.PerLine, Received: currency.Down},
		Rules: []fees.Rule{{
			ID: "payouts", Operations: []fees.Operation{fees.Payout}, Currencies: []string{"USD"}, Payer: fees.Recipient,
			Components: []fees.Component{{Code: "payout", Kind: fees.Graduated, Tiers: []fees.Tier{
				{UpTo: fees.Money{"USD": d("1000")}, Percent: d("1")},
				{Percent: d("0.5")},
			}}},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	q := &fees.Quoter{Schedule: schedule}
	quote, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, mustAmount("3000.00 USD"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(quote.Lines()[0].Basis(), "=", quote.Fee(), "→", quote.Received())
	// Output:
	// 1% of 1000.00 USD + 0.5% of 2000.00 USD = 20.00 USD → 2980.00 USD
}

// A quote encodes to JSON for an API response or an audit log.
func ExampleQuote_MarshalJSON() {
	q := exampleQuoter()
	req := fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}
	quote, err := q.Forward(context.Background(), req, mustAmount("50.00 USD"))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := json.MarshalIndent(quote, "", "  ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	// Output:
	// {
	//   "id": "q_example_1",
	//   "schedule": "paydesk-illustrative-2026",
	//   "rule": "payout-bank",
	//   "operation": "payout",
	//   "method": "bank-transfer",
	//   "from_country": "US",
	//   "to_country": "US",
	//   "payer": "recipient",
	//   "sent": {
	//     "amount": "50.00",
	//     "currency": "USD"
	//   },
	//   "lines": [
	//     {
	//       "code": "payout",
	//       "kind": "percentage",
	//       "amount": {
	//         "amount": "1.00",
	//         "currency": "USD"
	//       },
	//       "basis": "1% of 50.00 USD, raised to the minimum 1.00 USD",
	//       "percent": "1",
	//       "capped": "min"
	//     }
	//   ],
	//   "fee": {
	//     "amount": "1.00",
	//     "currency": "USD"
	//   },
	//   "charged": {
	//     "amount": "50.00",
	//     "currency": "USD"
	//   },
	//   "converted": {
	//     "amount": "49.00",
	//     "currency": "USD"
	//   },
	//   "received": {
	//     "amount": "49.00",
	//     "currency": "USD"
	//   },
	//   "cost": {
	//     "amount": "1.00",
	//     "currency": "USD"
	//   },
	//   "created_at": "2026-03-01T12:00:00Z",
	//   "expires_at": "2026-03-01T12:10:00Z"
	// }
}

// The README's path from the ECB's daily reference rates to a quote: rates
// published on Friday at 16:00 CET still quote on Monday morning under the
// shared default (currency.DefaultMaxRateAge, 96 hours), and a year-old file
// is refused.
func ExampleQuoter_ecb() {
	const daily = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<Cube><Cube time='2026-11-20'><Cube currency='USD' rate='1.1572'/><Cube currency='JPY' rate='181.34'/></Cube></Cube>
</gesmes:Envelope>`
	rates, err := currency.ParseECB(strings.NewReader(daily))
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := currency.NewRateTable()
	if err := table.Set(rates...); err != nil {
		fmt.Println(err)
		return
	}
	schedule, _ := fees.Builtin()
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	q := &fees.Quoter{Schedule: schedule, Rates: table, Now: func() time.Time { return monday }}
	req := fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	quote, err := q.Forward(context.Background(), req, mustAmount("1000.00 USD"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Monday:", quote.Received())
	q.Now = func() time.Time { return monday.AddDate(1, 0, 0) }
	_, err = q.Forward(context.Background(), req, mustAmount("1000.00 USD"))
	fmt.Println("a year later, stale:", errors.Is(err, currency.ErrStaleRate))
	// Output:
	// Monday: 859.83 EUR
	// a year later, stale: true
}
