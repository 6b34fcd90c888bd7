package currency_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// A short extract of the ECB's eurofxref-daily.xml.
const ecbExtract = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
	<Cube>
		<Cube time='2026-11-24'>
			<Cube currency='USD' rate='1.1572'/>
			<Cube currency='JPY' rate='181.34'/>
			<Cube currency='GBP' rate='0.88125'/>
		</Cube>
	</Cube>
</gesmes:Envelope>`

func ExampleParseECB() {
	rates, err := currency.ParseECB(strings.NewReader(ecbExtract))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rates {
		fmt.Println(r, r.Source, r.Time.Format(time.RFC3339))
	}
	// Output:
	// EUR/USD 1.1572 ECB 2026-11-24T15:00:00Z
	// EUR/JPY 181.34 ECB 2026-11-24T15:00:00Z
	// EUR/GBP 0.88125 ECB 2026-11-24T15:00:00Z
}

func ExampleConverter_Convert() {
	rates, err := currency.ParseECB(strings.NewReader(ecbExtract))
	if err != nil {
		fmt.Println(err)
		return
	}
	table, err := currency.NewRateTable() // pivots through EUR
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := table.Set(rates...); err != nil {
		fmt.Println(err)
		return
	}
	conv := currency.Converter{
		Rates:  table,
		MaxAge: 72 * time.Hour, // covers a weekend without ECB rates
		Mode:   currency.HalfEven,
		Now:    func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) },
	}
	price, _ := currency.NewAmount("100.00", "USD")
	c, err := conv.Convert(context.Background(), price, "JPY")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Source, "=", c.Result, "at", c.Rate, "rounded", c.Mode)
	fmt.Println("exact:", c.Unrounded())
	for _, leg := range c.Rate.Chain {
		fmt.Println("  leg:", leg, leg.Source)
	}
	// Output:
	// 100.00 USD = 15671 JPY at USD/JPY 156.70584168683028 rounded half-even
	// exact: 15670.584168683028
	//   leg: EUR/USD 1.1572 ECB
	//   leg: EUR/JPY 181.34 ECB
}

func ExampleStaleRateError() {
	rates, _ := currency.ParseECB(strings.NewReader(ecbExtract))
	var table currency.RateTable // the zero table pivots through EUR too
	if err := table.Set(rates...); err != nil {
		fmt.Println(err)
		return
	}
	conv := currency.Converter{
		Rates:  &table,
		MaxAge: 24 * time.Hour,
		Now:    func() time.Time { return time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC) },
	}
	price, _ := currency.NewAmount("20.00", "GBP")
	_, err := conv.Convert(context.Background(), price, "USD")
	fmt.Println(err)
	var stale *currency.StaleRateError
	if errors.As(err, &stale) {
		fmt.Println("stale:", errors.Is(err, currency.ErrStaleRate), "age:", stale.Age)
	}
	// Output:
	// currency: stale exchange rate from GBP to USD: quoted 2026-11-24T15:00:00Z, 72h0m0s old, more than the 24h0m0s allowed
	// stale: true age: 72h0m0s
}

func ExampleRateTable_Rate() {
	var table currency.RateTable
	err := table.Set(currency.Rate{
		From: "EUR", To: "CHF", Value: decimal.RequireFromString("0.9341"),
		Time: time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC), Source: "ECB",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	inverse, _ := table.Rate(ctx, "CHF", "EUR")
	fmt.Println(inverse, "from", inverse.Chain)
	_, err = table.Rate(ctx, "CHF", "USD")
	fmt.Println(err, errors.Is(err, currency.ErrNoRate))
	// Output:
	// CHF/EUR 1.07054919173536024 from [EUR/CHF 0.9341]
	// currency: no exchange rate from CHF to USD true
}
