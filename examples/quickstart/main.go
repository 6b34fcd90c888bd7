// Command quickstart prints a short tour of paydesk on its embedded defaults:
// exact money, localized display, exchange rates, fee quotes, FAQ search and a
// support ticket from open to solved.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	for _, step := range []func(context.Context, io.Writer) error{tourCurrency, tourRates, tourFees, tourFAQ, tourSupport} {
		if err := step(ctx, w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

func tourCurrency(_ context.Context, w io.Writer) error {
	fmt.Fprintln(w, "== currency: exact money")
	price, err := currency.ParseAmount("USD 100.00")
	if err != nil {
		return err
	}
	parts, err := price.Split(3)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s split three ways: %v\n", price, parts)
	euro, err := currency.NewAmount("1", "EUR")
	if err != nil {
		return err
	}
	if _, err := price.Add(euro); err != nil {
		fmt.Fprintln(w, "adding EUR to USD:", err)
	}

	fmt.Fprintln(w, "== currency: localized display")
	eur, err := currency.NewAmount("1234.5", "EUR")
	if err != nil {
		return err
	}
	for _, tag := range []string{"en", "de", "fr", "es", "zh-CN", "ja", "ar"} {
		f := currency.NewFormatter(language.MustParse(tag))
		fmt.Fprintf(w, "  %-6s %s\n", tag, f.Format(eur))
	}
	inr, err := currency.NewAmount("123456", "INR")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %-6s %s\n", "en-IN", currency.NewFormatter(language.MustParse("en-IN")).Format(inr))
	refund, err := currency.NewAmount("-42.5", "USD")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %-6s %s (accounting)\n", "en", currency.NewFormatter(language.English, currency.WithAccounting()).Format(refund))
	return nil
}

func tourRates(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "== currency: exchange rates")
	day := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC) // ECB reference rates, 16:00 CET
	table, err := currency.NewRateTable()                 // cross rates through EUR
	if err != nil {
		return err
	}
	if err := table.Set(
		currency.Rate{From: "EUR", To: "USD", Value: decimal.RequireFromString("1.1572"), Time: day, Source: "ECB"},
		currency.Rate{From: "EUR", To: "JPY", Value: decimal.RequireFromString("181.34"), Time: day, Source: "ECB"},
	); err != nil {
		return err
	}
	price, err := currency.NewAmount("100.00", "USD")
	if err != nil {
		return err
	}
	conv := currency.Converter{Rates: table, MaxAge: 72 * time.Hour, Mode: currency.HalfEven, Now: func() time.Time { return day }}
	c, err := conv.Convert(ctx, price, "JPY")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s = %s at %s (rounded %s), from %v\n", c.Source, c.Result, c.Rate, c.Mode, c.Rate.Chain)
	late := currency.Converter{Rates: table, MaxAge: 24 * time.Hour, Mode: currency.HalfEven, Now: func() time.Time { return day.Add(72 * time.Hour) }}
	if _, err := late.Convert(ctx, price, "JPY"); err != nil {
		fmt.Fprintln(w, "three days later:", err)
	}
	return nil
}

func tourSupport(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "== support: a ticket from open to solved, the customer told in their language")
	notify := support.NotifierFunc(func(_ context.Context, n support.Notification) error {
		fmt.Fprintf(w, "  to %s [%s]: %s\n", n.Customer, n.Language, n.Text)
		return nil
	})
	desk, err := support.NewDesk(memstore.New(), support.Options{Notifier: notify})
	if err != nil {
		return err
	}
	t, err := desk.Open(ctx, support.Customer("mei"), support.OpenRequest{
		Subject: "转账未到账", Category: support.CategoryPaymentDelayed, Language: language.SimplifiedChinese,
	})
	if err != nil {
		return err
	}
	if _, err := desk.Reply(ctx, support.Agent("li"), t.ID, support.ReplyRequest{Body: "银行已确认，款项今天到账。", Status: support.StatusSolved}); err != nil {
		return err
	}
	if _, err := desk.AddNote(ctx, support.Agent("li"), t.ID, "bank ref 55-0192"); err != nil { // internal
		return err
	}
	seen, err := desk.History(ctx, support.Customer("mei"), t.ID, 0, 0)
	if err != nil {
		return err
	}
	for _, e := range seen {
		fmt.Fprintf(w, "  mei's history: #%d %s by %s\n", e.Seq, e.Kind, e.Actor.Role)
	}
	_, err = desk.Get(ctx, support.Customer("eve"), t.ID) // not hers: looks like it does not exist
	fmt.Fprintln(w, "  another customer asking:", err)

	fmt.Fprintln(w, "== support: SLA targets in business hours")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	hours, err := support.ParseHours("Mon-Fri 09:00-18:00")
	if err != nil {
		return err
	}
	cal, err := support.NewCalendar(berlin, hours, nil)
	if err != nil {
		return err
	}
	friday := time.Date(2026, 11, 27, 16, 0, 0, 0, berlin)
	fmt.Fprintln(w, "  4 business hours after Friday 16:00:", cal.Add(friday, 4*time.Hour).Format("Mon 15:04"))
	cfg := support.DefaultSLAPolicy().Config()
	cfg.Calendar = cal // the default budgets, counted in Berlin office hours
	policy, err := support.NewSLAPolicy(cfg)
	if err != nil {
		return err
	}
	pr := support.DefaultPriorityRules().For(support.CategorySecurity)
	for _, c := range policy.Start(friday, pr, support.CategorySecurity) {
		fmt.Fprintf(w, "  %s (%s priority) due %s\n", c.Target, pr, c.Due.In(berlin).Format("Mon 15:04"))
	}
	return nil
}

func tourFees(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "== fees: a transfer quoted both ways, explained in Chinese")
	schedule, err := fees.Builtin() // illustrative prices, not any provider's
	if err != nil {
		return err
	}
	now := time.Now()
	rates, err := currency.NewRateTable()
	if err != nil {
		return err
	}
	if err := rates.Set(currency.Rate{From: "EUR", To: "USD", Value: decimal.RequireFromString("1.08"), Time: now, Source: "illustrative"}); err != nil {
		return err
	}
	q := &fees.Quoter{Schedule: schedule, Rates: rates, Now: func() time.Time { return now }}
	req := fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "DE", ToCountry: "US", SendCurrency: "EUR", ReceiveCurrency: "USD"}
	send, err := currency.ParseAmount("EUR 1000.00")
	if err != nil {
		return err
	}
	quote, err := q.Forward(ctx, req, send)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "send %s + fees %s = charged %s; recipient gets %s; true cost incl. conversion markup %s\n",
		quote.Sent(), quote.Fee(), quote.Charged(), quote.Received(), quote.Cost())
	for _, l := range quote.Lines() {
		fmt.Fprintf(w, "  %-22s %s  (%s)\n", l.Code, l.Amount, l.Basis())
	}
	back, err := q.Inverse(ctx, req, quote.Received()) // "recipient gets exactly ..."
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "to deliver exactly %s, send %s\n", back.Received(), back.Sent())
	fmt.Fprintln(w, fees.NewExplainer().Explain(quote, language.SimplifiedChinese).Summary)

	fmt.Fprintln(w, "== fees: which way is cheapest?")
	card := req
	card.Method = fees.Card
	ranked, err := q.Compare(ctx, fees.SendSide, send, []fees.Request{card, req})
	if err != nil {
		return err
	}
	for _, o := range ranked {
		if o.Err != nil {
			fmt.Fprintf(w, "  %-13s not offered: %v\n", o.Request.Method, o.Err)
			continue
		}
		fmt.Fprintf(w, "  %-13s costs %s (+%s over the cheapest)\n", o.Request.Method, o.Cost, o.Extra)
	}
	return nil
}

func tourFAQ(_ context.Context, w io.Writer) error {
	fmt.Fprintln(w, "== faq: answers from the customer's own words")
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		return err
	}
	for _, q := range []string{"my card payment was declined twice", "退款多久到账", "refnud not recieved", "what's the weather tomorrow"} {
		res, err := kb.Search(faq.Query{Text: q, Limit: 1})
		if err != nil {
			return err
		}
		if len(res.Hits) == 0 || res.Hits[0].Score < 0.2 {
			fmt.Fprintf(w, "  %q → no good answer: offer live chat\n", q)
			continue
		}
		h := res.Hits[0]
		fmt.Fprintf(w, "  %q → %s (%s, score %.2f)\n", q, h.Title, res.Language, h.Score)
	}
	return nil
}
