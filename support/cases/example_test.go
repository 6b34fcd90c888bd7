package cases_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/memstore"
)

// A partial refund with its fee quote: the customer asked for their money
// back, an agent returns part of it, and the ticket tells the customer what
// they receive and why, line by line.
func Example_partialRefund() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	desk, _ := support.NewDesk(memstore.New(), support.Options{Now: clock, NoSLA: true,
		NewID: func() support.ID { return "T-1" }})
	// An invented schedule: 0.50 USD per card refund, borne by the customer.
	schedule, err := fees.Decode(strings.NewReader(`{"name":"refunds","rounding":{"mode":"half-up","scope":"line","received":"down"},
		"rules":[{"id":"card-refund","operations":["refund"],"methods":["card"],"currencies":["USD"],"payer":"recipient",
		"components":[{"code":"refund-fee","kind":"fixed","amounts":{"USD":"0.50"},"labels":{"en":"Refund fee"}}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, _ := cases.New(cases.Options{Desk: desk, Store: memstore.NewCases(), Now: clock,
		Quoter: &fees.Quoter{Schedule: schedule, Now: clock},
		NewID:  func() support.ID { return "C-1" }})

	price, _ := currency.NewAmount("80.00", "USD")
	c, err := svc.OpenRefund(ctx, support.Customer("ana"), cases.OpenRequest{
		Language: language.English,
		Transaction: cases.Transaction{ID: "ch_3Pq", Amount: price, Date: now.AddDate(0, 0, -3),
			Merchant: "Acme Books", Method: fees.Card, Card: cases.Card{Brand: "visa", Last4: "4242"},
			Country: "US", CustomerCountry: "US"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	part, _ := currency.NewAmount("30.00", "USD")
	res, err := svc.Refund(ctx, support.Agent("li"), c.ID, cases.RefundRequest{Amount: part, Key: "rf-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Case.Status, "- remaining", res.Case.Remaining())
	fmt.Println("fee", res.Refund.Fee, "- received", res.Refund.Received)

	// Too much is refused, and nothing changes.
	tooMuch, _ := currency.NewAmount("50.01", "USD")
	_, err = svc.Refund(ctx, support.Agent("li"), c.ID, cases.RefundRequest{Amount: tooMuch})
	fmt.Println(err)

	history, _ := desk.History(ctx, support.Customer("ana"), c.Ticket, 0, 0)
	fmt.Println(history[len(history)-1].Body)
	// Output:
	// partially_refunded - remaining 50.00 USD
	// fee 0.50 USD - received 29.50 USD
	// cases: refund of 50.01 USD on case "C-1" exceeds the remaining 50.00 USD
	// We refunded $30.00; you receive $29.50. $50.00 of the payment can still be refunded.
	// Refund fee: a fixed $0.50.
}

// A dispute won with evidence: the customer never got their parcel, gives
// the carrier, the tracking number and the shipping date, submits once, and
// the agent records the network's decision.
func Example_disputeWon() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	desk, _ := support.NewDesk(memstore.New(), support.Options{Now: clock, NoSLA: true,
		NewID: func() support.ID { return "T-1" }})
	svc, _ := cases.New(cases.Options{Desk: desk, Store: memstore.NewCases(), Now: clock,
		NewID: func() support.ID { return "C-1" }})
	ana, li := support.Customer("ana"), support.Agent("li")

	price, _ := currency.NewAmount("42.50", "USD")
	c, err := svc.OpenDispute(ctx, ana, cases.OpenRequest{
		Language: language.English,
		Transaction: cases.Transaction{ID: "ch_3Pq", Amount: price, Date: now.AddDate(0, 0, -20),
			Merchant: "Acme Books", Method: fees.Card, Card: cases.Card{Brand: "visa", Last4: "4242"}},
		Reason: cases.ReasonProductNotReceived,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range c.Reason.Checklist() {
		if it.Required {
			fmt.Println("needs", it.Name, "("+it.Kind.String()+")")
		}
	}
	_, err = svc.SaveEvidence(ctx, ana, c.ID, cases.Evidence{
		Fields: map[string]string{"shipping_carrier": "UPS", "tracking_number": "1Z999AA10123456784", "shipped_on": "2026-02-11"},
		Attachments: []cases.Attachment{{Item: "communication", Name: "emails.pdf", Type: "application/pdf",
			Size: 48_213, Ref: "file_81"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	now = now.Add(time.Hour)
	c, err = svc.SubmitEvidence(ctx, ana, c.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Status, "since", c.SubmittedAt.Format(time.DateTime))
	_, err = svc.SaveEvidence(ctx, ana, c.ID, cases.Evidence{}) // frozen
	fmt.Println(err)

	c, err = svc.SetStatus(ctx, li, c.ID, cases.StatusChange{To: cases.StatusWon})
	if err != nil {
		fmt.Println(err)
		return
	}
	history, _ := desk.History(ctx, ana, c.Ticket, 0, 0)
	for _, e := range history[1:] {
		fmt.Printf("%s: %s\n", e.Field, strings.SplitN(e.Body, "\n", 2)[0])
	}
	// Output:
	// needs shipping_carrier (text)
	// needs tracking_number (id)
	// needs shipped_on (date)
	// under_review since 2026-03-02 10:00:00
	// cases: evidence of case "C-1" was submitted at 2026-03-02T10:00:00Z and cannot change
	// cases.opened: We opened a dispute about the payment of $42.50 to Acme Books (not received). Evidence is due by 2026-03-09.
	// cases.evidence.saved: Evidence saved: 3 of 3 required items given. You can change it until you submit it.
	// cases.evidence.submitted: Evidence submitted on 2026-03-02: 4 items and 1 attachments. It can no longer be changed; the case is now under review.
	// cases.status: Your case is now: decided in your favour.
}
