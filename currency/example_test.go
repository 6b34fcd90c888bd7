package currency_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// Amounts are built from strings or minor units, never from floats, and
// arithmetic across currencies is an error rather than a silent bug.
func ExampleNewAmount() {
	price, err := currency.NewAmount("12.34", "USD")
	if err != nil {
		fmt.Println(err)
		return
	}
	fee, err := currency.NewAmountFromMinor(150, "USD") // 150 cents
	if err != nil {
		fmt.Println(err)
		return
	}
	total, err := price.Add(fee)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(total)

	// Bad input is an error that says what is wrong, never a panic.
	_, err = currency.NewAmount("1e3", "USD")
	fmt.Println(err, errors.Is(err, currency.ErrInvalidAmount))
	_, err = currency.NewAmount("12.34", "XYZ")
	fmt.Println(err, errors.Is(err, currency.ErrUnknownCurrency))

	euros, err := currency.NewAmount("5", "EUR")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = total.Add(euros)
	fmt.Println(err)
	var mismatch *currency.MismatchError
	fmt.Println(errors.Is(err, currency.ErrCurrencyMismatch), errors.As(err, &mismatch) && mismatch.B == "EUR")

	cents, err := total.MinorUnits()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cents)
	// Output:
	// 13.84 USD
	// currency: invalid amount "1e3": not a plain decimal number true
	// currency: unknown currency "XYZ" true
	// currency: currency mismatch: USD and EUR
	// true true
	// 1384
}

// Every rounding names its mode. HalfUp is what shopspring/decimal's Round
// does: ties go away from zero, also for negative amounts.
func ExampleAmount_Round() {
	for _, s := range []string{"2.345", "-2.345", "2.355"} {
		a, _ := currency.NewAmount(s, "EUR")
		fmt.Printf("%-7s half-up %v  half-even %v  up %v  down %v  ceiling %v  floor %v\n", s,
			a.Round(currency.HalfUp).Number(), a.Round(currency.HalfEven).Number(),
			a.Round(currency.Up).Number(), a.Round(currency.Down).Number(),
			a.Round(currency.Ceiling).Number(), a.Round(currency.Floor).Number())
	}
	// Output:
	// 2.345   half-up 2.35  half-even 2.34  up 2.35  down 2.34  ceiling 2.35  floor 2.34
	// -2.345  half-up -2.35  half-even -2.34  up -2.35  down -2.34  ceiling -2.34  floor -2.35
	// 2.355   half-up 2.36  half-even 2.36  up 2.36  down 2.35  ceiling 2.36  floor 2.35
}

// Cash rounding uses the smallest coin: 0.05 for Swiss francs, whole kronor
// for Swedish cash.
func ExampleAmount_RoundCash() {
	chf, _ := currency.NewAmount("19.98", "CHF")
	sek, _ := currency.NewAmount("19.50", "SEK")
	fmt.Println(chf.RoundCash(currency.HalfUp), sek.RoundCash(currency.HalfEven))
	// Output: 20.00 CHF 20.00 SEK
}

// A partial refund of 100.00 USD spread over the three installments that
// paid for it: the parts always add up to the refund, and the leftover cent
// goes to the first installment.
func ExampleAmount_Split() {
	refund, _ := currency.NewAmount("100.00", "USD")
	parts, _ := refund.Split(3)
	fmt.Println(parts)

	sum := refund.Currency().Zero()
	for _, p := range parts {
		sum, _ = sum.Add(p)
	}
	fmt.Println(sum.Equal(refund))
	// Output:
	// [33.34 USD 33.33 USD 33.33 USD]
	// true
}

// A shared fee is allocated by ratios; the remainder goes to the largest
// fractional shares, so nothing is lost or invented.
func ExampleAmount_Allocate() {
	fee, _ := currency.NewAmount("0.10", "EUR")
	parts, _ := fee.Allocate(decimal.NewFromInt(1), decimal.NewFromInt(1), decimal.NewFromInt(1))
	fmt.Println(parts)

	total, _ := currency.NewAmount("1000", "JPY")
	shares, _ := total.Allocate(decimal.RequireFromString("0.5"), decimal.RequireFromString("0.3"), decimal.RequireFromString("0.2"))
	fmt.Println(shares)
	// Output:
	// [0.04 EUR 0.03 EUR 0.03 EUR]
	// [500 JPY 300 JPY 200 JPY]
}

// JSON carries the amount as a string at the currency's scale; decoding
// refuses unknown currencies and float amounts unless asked to accept them.
func ExampleAmount_MarshalJSON() {
	a, _ := currency.NewAmount("2.5", "USD")
	b, _ := json.Marshal(a)
	fmt.Println(string(b))

	var back currency.Amount
	err := json.Unmarshal([]byte(`{"amount":"1500","currency":"JPY"}`), &back)
	fmt.Println(back, err)

	err = json.Unmarshal([]byte(`{"amount":12.34,"currency":"USD"}`), &back)
	fmt.Println(errors.Is(err, currency.ErrInvalidAmount))
	n, err := currency.JSONDecoder{AllowNumbers: true}.Decode([]byte(`{"amount":12.34,"currency":"USD"}`))
	fmt.Println(n, err)
	// Output:
	// {"amount":"2.50","currency":"USD"}
	// 1500 JPY <nil>
	// true
	// 12.34 USD <nil>
}

// A strict Parser with a default currency, as for a refund form: the code is
// optional, and more decimals than the currency has are refused.
func ExampleParser() {
	p := currency.Parser{Currency: "USD", Strict: true}
	for _, in := range []string{"12.34", "USD 12.34", "12.345", "EUR 12.34", "1e3"} {
		a, err := p.Parse(in)
		if err != nil {
			fmt.Printf("%-9s → %v\n", in, err)
			continue
		}
		fmt.Printf("%-9s → %v\n", in, a)
	}
	// Output:
	// 12.34     → 12.34 USD
	// USD 12.34 → 12.34 USD
	// 12.345    → currency: invalid amount "12.345": too many decimals for the currency
	// EUR 12.34 → currency: currency mismatch: USD and EUR
	// 1e3       → currency: invalid amount "1e3": not a plain decimal number
}
