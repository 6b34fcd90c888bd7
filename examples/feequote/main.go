// Command feequote prints the fee breakdown of a request: the lines of fees,
// the conversion, what the sender pays and what the recipient gets, and the
// same in sentences in a chosen language.
//
// Usage:
//
//	feequote [-schedule FILE] -op OPERATION -method METHOD -from-country CC -to-country CC
//	         (-send "100 USD" [-to EUR] | -receive "100 EUR" [-from-currency USD]) [-lang TAG]
//
// Without -schedule it uses fees.Builtin, an illustrative schedule whose
// prices are invented. Exchange rates come from a small built-in table of
// ILLUSTRATIVE mid-market rates (EUR-based, dated now), not live market data.
//
// Examples (main_test.go runs both):
//
//	go run ./examples/feequote -op transfer -method bank-transfer -from-country US -to-country DE -send "1000 USD" -to EUR
//	go run ./examples/feequote -op payout -method bank-transfer -from-country GB -to-country CN -receive "5000.01 CNY" -from-currency GBP -lang zh
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, time.Now); err != nil {
		fmt.Fprintln(os.Stderr, "feequote:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// illustrativeRates returns invented EUR-based mid-market rates for the demo.
func illustrativeRates() map[string]string {
	return map[string]string{
		"USD": "1.0800", "GBP": "0.8500", "JPY": "162.50", "CNY": "7.8200",
		"CHF": "0.9400", "INR": "90.10", "MXN": "18.70", "SGD": "1.4500",
	}
}

func run(ctx context.Context, args []string, stdout io.Writer, now func() time.Time) error {
	fs := flag.NewFlagSet("feequote", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var (
		schedulePath = fs.String("schedule", "", "schedule `file` in JSON (default: the built-in illustrative schedule)")
		op           = fs.String("op", "payment", "operation: payment, transfer, withdrawal, top-up, exchange, refund, payout")
		method       = fs.String("method", "card", "payment method: card, bank-transfer, direct-debit, balance, cash")
		fromCountry  = fs.String("from-country", "US", "sender's country, ISO 3166-1 alpha-2")
		toCountry    = fs.String("to-country", "US", "recipient's country, ISO 3166-1 alpha-2")
		send         = fs.String("send", "", `amount sent, such as "100 USD"`)
		receive      = fs.String("receive", "", `amount the recipient must get, such as "100 EUR"`)
		to           = fs.String("to", "", "currency the recipient gets (default: the send currency; with -receive, the receive amount's)")
		fromCurrency = fs.String("from-currency", "", "currency to send in, with -receive (default: the receive currency)")
		lang         = fs.String("lang", "en", "language of the explanation, a BCP 47 tag such as en or zh-Hans")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*send == "") == (*receive == "") {
		return errors.New(`give exactly one of -send and -receive, such as -send "100 USD"`)
	}
	tag, err := language.Parse(*lang)
	if err != nil {
		return fmt.Errorf("-lang: %w", err)
	}
	schedule, err := loadSchedule(*schedulePath)
	if err != nil {
		return err
	}
	rates, err := currency.NewRateTable()
	if err != nil {
		return err
	}
	t := now()
	for code, v := range illustrativeRates() {
		if err := rates.Set(currency.Rate{From: "EUR", To: code, Value: decimal.RequireFromString(v), Time: t, Source: "illustrative"}); err != nil {
			return err
		}
	}
	q := &fees.Quoter{Schedule: schedule, Rates: rates, Now: now}
	req := fees.Request{
		Operation: fees.Operation(*op), Method: fees.Method(*method),
		FromCountry: *fromCountry, ToCountry: *toCountry,
	}
	var quote *fees.Quote
	if *send != "" {
		amount, err := currency.ParseAmount(*send)
		if err != nil {
			return fmt.Errorf("-send: %w", err)
		}
		req.ReceiveCurrency = strings.ToUpper(*to)
		quote, err = q.Forward(ctx, req, amount)
		if err != nil {
			return err
		}
	} else {
		amount, err := currency.ParseAmount(*receive)
		if err != nil {
			return fmt.Errorf("-receive: %w", err)
		}
		req.SendCurrency = strings.ToUpper(*fromCurrency)
		req.ReceiveCurrency = strings.ToUpper(*to) // if given, it must agree with -receive
		quote, err = q.Inverse(ctx, req, amount)
		if err != nil {
			return err
		}
	}
	return printQuote(stdout, quote, tag)
}

func loadSchedule(path string) (*fees.Schedule, error) {
	if path == "" {
		return fees.Builtin()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return fees.Decode(f)
}

func printQuote(w io.Writer, q *fees.Quote, tag language.Tag) error {
	ex := fees.NewExplainer().Explain(q, tag)
	f := currency.NewFormatter(ex.Language)
	fmt.Fprintf(w, "Quote: schedule %s, rule %s, %s by %s from %s to %s, fees paid by the %s\n\n",
		q.Schedule(), q.Rule(), q.Operation(), q.Method(), q.FromCountry(), q.ToCountry(), q.Payer())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(label, amount, basis string) {
		if basis != "" {
			basis = "  " + basis
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", label, amount, basis)
	}
	row("sent", f.Format(q.Sent()), "")
	for _, l := range q.Lines() {
		amount := f.Format(l.Amount)
		if !l.Amount.IsRounded() {
			// An exact line of a schedule that rounds only the total.
			amount = currency.NewFormatter(ex.Language, currency.WithDigits(int(-l.Amount.Number().Exponent()))).Format(l.Amount)
		}
		row(l.Code, amount, l.Basis())
	}
	row("total fee", f.Format(q.Fee()), "")
	row("charged", f.Format(q.Charged()), "")
	row("converted", f.Format(q.Converted()), "")
	if c, ok := q.Conversion(); ok {
		from, to := q.Sent().CurrencyCode(), q.Received().CurrencyCode()
		row("mid rate", fmt.Sprintf("1 %s = %s %s", from, c.Rate.Value, to), c.Rate.Source)
		row("applied rate", fmt.Sprintf("1 %s = %s %s", from, c.Applied, to), "markup "+c.MarkupPercent.String()+"%")
		row("markup cost", f.Format(c.Markup), "")
	}
	row("received", f.Format(q.Received()), "")
	row("total cost", f.Format(q.Cost()), "fees + markup")
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nExpires %s\n\n", q.ExpiresAt().UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "In words (%s):\n", ex.Language)
	for _, s := range ex.Lines {
		fmt.Fprintf(w, "  %s\n", s)
	}
	fmt.Fprintf(w, "  %s\n", ex.Summary)
	return nil
}
