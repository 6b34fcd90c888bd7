package cases_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

func TestOpenDispute(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "42.50 USD", notReceived())
	if c.Status != cases.StatusNeedsResponse || c.Kind != cases.KindDispute || c.Customer != "ana" || c.Version != 1 ||
		!c.RespondBy.Equal(t0.Add(cases.DefaultRespondWithin)) || c.Refunded.CurrencyCode() != "USD" || !c.Refunded.IsZero() {
		t.Fatalf("case = %+v", c)
	}
	tk, err := e.desk.Get(ctx, agent, c.Ticket)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Category != support.CategoryDispute || tk.Customer != "ana" || len(tk.Transactions) != 1 || tk.Transactions[0] != "ch_3Pq" ||
		!tk.Amount.Equal(amount(t, "42.50 USD")) || tk.Subject != "Dispute: $42.50 at Acme Books" {
		t.Fatalf("ticket = %+v", tk)
	}
	evs := e.eventsAs(t, ana, c.Ticket, "cases.")
	if len(evs) != 1 || evs[0].Field != cases.EventOpened || evs[0].To != "needs_response" || evs[0].Related != c.ID {
		t.Fatalf("events = %+v", evs)
	}
	want := "We opened a dispute about the payment of $42.50 to Acme Books (not received). Evidence is due by 2026-03-09.\n" +
		"Evidence saved: 3 of 3 required items given. You can change it until you submit it."
	if evs[0].Body != want {
		t.Fatalf("body = %q", evs[0].Body)
	}
	got, err := e.svc.GetByTicket(ctx, ana, c.Ticket)
	if err != nil || got.ID != c.ID {
		t.Fatalf("GetByTicket = %v, %v", got, err)
	}
}

func TestOpenInChinese(t *testing.T) {
	e := newEnv(t, false)
	c, err := e.svc.OpenRefund(ctx, ana, cases.OpenRequest{Transaction: tx(t, "99.00 USD"), Language: language.MustParse("zh-TW")})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.StatusUnderReview || c.Kind != cases.KindRefund {
		t.Fatalf("case = %+v", c)
	}
	evs := e.events(t, c.Ticket, cases.EventOpened)
	if len(evs) != 1 || !strings.Contains(evs[0].Body, "退款申請") || !strings.Contains(evs[0].Body, "US$99.00") {
		t.Fatalf("events = %+v", evs)
	}
}

func TestOpenAttachesToTicket(t *testing.T) {
	e := newEnv(t, false)
	tk, err := e.desk.Open(ctx, ana, support.OpenRequest{Subject: "charged for a book I never got", Category: support.CategoryPaymentFailed})
	if err != nil {
		t.Fatal(err)
	}
	req := cases.OpenRequest{Ticket: tk.ID, Transaction: tx(t, "10.00 USD"), Reason: cases.ReasonDuplicate,
		Evidence: cases.Evidence{Fields: map[string]string{"other_charge_id": "ch_2Xy"}}}
	c, err := e.svc.OpenDispute(ctx, ana, req)
	if err != nil || c.Ticket != tk.ID {
		t.Fatalf("OpenDispute on a ticket = %+v, %v", c, err)
	}
	if _, err := e.svc.OpenDispute(ctx, ana, req); !errors.Is(err, cases.ErrExists) {
		t.Fatalf("a second case on the ticket: %v, want ErrExists", err)
	}
	// bob cannot attach a case to ana's ticket: it looks missing.
	if _, err := e.svc.OpenDispute(ctx, bob, req); !errors.Is(err, support.ErrNotFound) {
		t.Fatalf("bob on ana's ticket: %v, want ErrNotFound", err)
	}
}

func TestOpenRefusesBadInput(t *testing.T) {
	e := newEnv(t, false)
	pan := tx(t, "10.00 USD")
	pan.Card.Last4 = "4111111111111111"
	panID := tx(t, "10.00 USD")
	panID.ID = "4111111111111111"
	eur := tx(t, "10.00 USD")
	eur.Amount = amount(t, "10.001 EUR")
	tests := []struct {
		name string
		a    support.Actor
		kind cases.Kind
		r    cases.OpenRequest
		want error
	}{
		{"full card number as last4", ana, cases.KindDispute, cases.OpenRequest{Transaction: pan, Reason: cases.ReasonGeneral}, cases.ErrFullCardNumber},
		{"card number as transaction ID", ana, cases.KindDispute, cases.OpenRequest{Transaction: panID, Reason: cases.ReasonGeneral}, cases.ErrFullCardNumber},
		{"too many decimals", ana, cases.KindRefund, cases.OpenRequest{Transaction: eur}, support.ErrInvalidInput},
		{"no reason", ana, cases.KindDispute, cases.OpenRequest{Transaction: tx(t, "1.00 USD")}, support.ErrInvalidInput},
		{"refund with a reason", ana, cases.KindRefund, cases.OpenRequest{Transaction: tx(t, "1.00 USD"), Reason: cases.ReasonGeneral}, support.ErrInvalidInput},
		{"for another customer", ana, cases.KindRefund, cases.OpenRequest{Customer: "bob", Transaction: tx(t, "1.00 USD")}, support.ErrInvalidInput},
		{"staff without customer", agent, cases.KindRefund, cases.OpenRequest{Transaction: tx(t, "1.00 USD")}, support.ErrMissingCustomer},
		{"deadline in the past", ana, cases.KindDispute, cases.OpenRequest{Transaction: tx(t, "1.00 USD"), Reason: cases.ReasonGeneral, RespondBy: t0.Add(-time.Hour)}, support.ErrInvalidInput},
		{"evidence off the checklist", ana, cases.KindDispute, cases.OpenRequest{Transaction: tx(t, "1.00 USD"), Reason: cases.ReasonGeneral,
			Evidence: cases.Evidence{Fields: map[string]string{"tracking_number": "1Z"}}}, cases.ErrUnknownItem},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.kind == cases.KindDispute {
				_, err = e.svc.OpenDispute(ctx, tc.a, tc.r)
			} else {
				_, err = e.svc.OpenRefund(ctx, tc.a, tc.r)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	// Nothing was opened.
	if page, err := e.desk.ListCustomer(ctx, ana, "ana", support.ListOptions{}); err != nil || len(page.Tickets) != 0 {
		t.Fatalf("bad input opened tickets: %+v, %v", page, err)
	}
}

func TestSubmitOnce(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "42.50 USD", cases.Evidence{Fields: map[string]string{"shipping_carrier": "UPS"}})
	_, err := e.svc.SubmitEvidence(ctx, ana, c.ID)
	var me *cases.MissingError
	if !errors.As(err, &me) || strings.Join(me.Items, ",") != "tracking_number,shipped_on" || !errors.Is(err, support.ErrInvalidInput) {
		t.Fatalf("submit incomplete: %v", err)
	}
	ev := notReceived()
	ev.Fields["explanation"] = "The parcel was left at 4111 1111 1111 1111 Main St." // a card number slipped in
	ev.Attachments = []cases.Attachment{{Item: "communication", Name: "emails.pdf", Type: "application/pdf", Size: 120_000, Ref: "file_1"}}
	e.now = e.now.Add(time.Hour)
	c, err = e.svc.SaveEvidence(ctx, ana, c.ID, ev)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.Evidence.Fields["explanation"], "4111 1111 1111 1111") {
		t.Fatalf("a card number was stored: %q", c.Evidence.Fields["explanation"])
	}
	e.now = e.now.Add(time.Hour)
	c, err = e.svc.SubmitEvidence(ctx, ana, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.StatusUnderReview || !c.SubmittedAt.Equal(t0.Add(2*time.Hour)) || !c.Submitted() {
		t.Fatalf("after submit: %+v", c)
	}
	subs := e.eventsAs(t, ana, c.Ticket, cases.EventSubmitted)
	if len(subs) != 1 || subs[0].From != "needs_response" || subs[0].To != "under_review" {
		t.Fatalf("submitted events = %+v", subs)
	}
	body := subs[0].Body
	if !strings.Contains(body, "5 items and 1 attachments") || !strings.Contains(body, "tracking_number") ||
		!strings.Contains(body, "emails.pdf (application/pdf, 120000 bytes)") || strings.Contains(body, "1Z999") || strings.Contains(body, "Main St") {
		t.Fatalf("submitted body (names, never values) = %q", body)
	}
	frozen := *c
	// Again: refused, recorded, nothing changed.
	for _, op := range []func() error{
		func() error { _, err := e.svc.SubmitEvidence(ctx, ana, c.ID); return err },
		func() error { _, err := e.svc.SaveEvidence(ctx, ana, c.ID, notReceived()); return err },
		func() error { _, err := e.svc.SaveEvidence(ctx, agent, c.ID, notReceived()); return err },
	} {
		var se *cases.SubmittedError
		if err := op(); !errors.As(err, &se) || !se.At.Equal(frozen.SubmittedAt) {
			t.Fatalf("after submission: %v, want *SubmittedError", err)
		}
	}
	now, err := e.svc.Get(ctx, agent, c.ID)
	if err != nil || now.Version != frozen.Version || now.Evidence.Fields["explanation"] != frozen.Evidence.Fields["explanation"] {
		t.Fatalf("frozen evidence changed: %+v, %v", now, err)
	}
	if refused := e.events(t, c.Ticket, cases.EventRefused); len(refused) != 3 || !refused[0].Internal {
		t.Fatalf("refusals recorded: %+v", refused)
	}
	if seen := e.eventsAs(t, ana, c.Ticket, cases.EventRefused); len(seen) != 0 {
		t.Fatalf("the customer sees internal refusals: %+v", seen)
	}
}

func TestSubmitAfterDeadline(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "5.00 USD", notReceived())
	e.now = c.RespondBy.Add(time.Second)
	if _, err := e.svc.SubmitEvidence(ctx, ana, c.ID); !errors.Is(err, cases.ErrDeadlinePassed) {
		t.Fatalf("late submission: %v", err)
	}
	if got, _ := e.svc.Get(ctx, ana, c.ID); got.Submitted() || got.Version != 1 {
		t.Fatalf("a late submission changed the case: %+v", got)
	}
}

func TestCanTransition(t *testing.T) {
	D, R := cases.KindDispute, cases.KindRefund
	allowed := map[cases.Kind]map[cases.Status][]cases.Status{
		D: {
			cases.StatusNeedsResponse:     {cases.StatusUnderReview, cases.StatusLost, cases.StatusWithdrawn},
			cases.StatusUnderReview:       {cases.StatusWon, cases.StatusLost, cases.StatusWithdrawn},
			cases.StatusPartiallyRefunded: {cases.StatusWon, cases.StatusLost, cases.StatusWithdrawn},
		},
		R: {
			cases.StatusUnderReview:       {cases.StatusDeclined, cases.StatusWithdrawn},
			cases.StatusPartiallyRefunded: {cases.StatusDeclined, cases.StatusWithdrawn},
		},
	}
	for _, k := range []cases.Kind{D, R} {
		for _, from := range cases.Statuses() {
			for _, to := range cases.Statuses() {
				want := false
				for _, s := range allowed[k][from] {
					want = want || s == to
				}
				if got := cases.CanTransition(k, from, to); got != want {
					t.Errorf("CanTransition(%s, %s, %s) = %v, want %v", k, from, to, got, want)
				}
			}
		}
	}
}

func TestSetStatus(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "20.00 USD", notReceived())
	// Forbidden moves: typed error, nothing changed.
	for _, to := range []cases.Status{cases.StatusWon, cases.StatusRefunded, cases.StatusPartiallyRefunded, cases.StatusDeclined, cases.StatusNeedsResponse} {
		_, err := e.svc.SetStatus(ctx, agent, c.ID, cases.StatusChange{To: to})
		var te *cases.TransitionError
		if !errors.As(err, &te) || te.From != cases.StatusNeedsResponse || te.To != to {
			t.Errorf("needs_response → %s: %v, want *TransitionError", to, err)
		}
	}
	// A customer may only withdraw.
	if _, err := e.svc.SetStatus(ctx, ana, c.ID, cases.StatusChange{To: cases.StatusLost}); !errors.Is(err, support.ErrForbidden) {
		t.Fatalf("customer sets lost: %v, want ErrForbidden", err)
	}
	if got, _ := e.svc.Get(ctx, agent, c.ID); got.Version != 1 || got.Status != cases.StatusNeedsResponse {
		t.Fatalf("refused moves changed the case: %+v", got)
	}
	if _, err := e.svc.SubmitEvidence(ctx, ana, c.ID); err != nil {
		t.Fatal(err)
	}
	won, err := e.svc.SetStatus(ctx, agent, c.ID, cases.StatusChange{To: cases.StatusWon, Note: "issuer ruled for the cardholder"})
	if err != nil || won.Status != cases.StatusWon || won.Note == "" {
		t.Fatalf("won: %+v, %v", won, err)
	}
	if view, _ := e.svc.Get(ctx, ana, c.ID); view.Note != "" {
		t.Fatal("the customer sees the internal note")
	}
	evs := e.eventsAs(t, ana, c.Ticket, cases.EventStatus)
	if len(evs) != 1 || evs[0].From != "under_review" || evs[0].To != "won" || evs[0].Body != "Your case is now: decided in your favour." {
		t.Fatalf("status events = %+v", evs)
	}
	// Final.
	if _, err := e.svc.SetStatus(ctx, agent, c.ID, cases.StatusChange{To: cases.StatusLost}); !errors.Is(err, cases.ErrTransition) {
		t.Fatalf("won → lost: %v", err)
	}
	if _, err := e.svc.Refund(ctx, agent, c.ID, cases.RefundRequest{Amount: amount(t, "1.00 USD")}); !errors.Is(err, cases.ErrTransition) {
		t.Fatalf("refund of a won dispute: %v", err)
	}
	// The customer withdraws another case.
	r, _ := e.svc.OpenRefund(ctx, ana, cases.OpenRequest{Transaction: tx(t, "3.00 USD")})
	if w, err := e.svc.SetStatus(ctx, ana, r.ID, cases.StatusChange{To: cases.StatusWithdrawn}); err != nil || w.Status != cases.StatusWithdrawn {
		t.Fatalf("withdraw: %+v, %v", w, err)
	}
}

func TestAnotherCustomersCase(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "20.00 USD", notReceived())
	ops := map[string]func() error{
		"get":     func() error { _, err := e.svc.Get(ctx, bob, c.ID); return err },
		"ticket":  func() error { _, err := e.svc.GetByTicket(ctx, bob, c.Ticket); return err },
		"refunds": func() error { _, err := e.svc.Refunds(ctx, bob, c.ID); return err },
		"save":    func() error { _, err := e.svc.SaveEvidence(ctx, bob, c.ID, notReceived()); return err },
		"submit":  func() error { _, err := e.svc.SubmitEvidence(ctx, bob, c.ID); return err },
		"status": func() error {
			_, err := e.svc.SetStatus(ctx, bob, c.ID, cases.StatusChange{To: cases.StatusWithdrawn})
			return err
		},
	}
	_, missing := e.svc.Get(ctx, bob, "C-404")
	for name, op := range ops {
		err := op()
		var nf *cases.NotFoundError
		if !errors.As(err, &nf) || !errors.Is(err, support.ErrNotFound) {
			t.Errorf("%s: %v, want *NotFoundError", name, err)
		}
		if name == "get" && err.Error() != strings.Replace(missing.Error(), "C-404", string(c.ID), 1) {
			t.Errorf("someone else's case reads %q, a missing one %q", err, missing)
		}
	}
	refused := e.events(t, c.Ticket, cases.EventRefused)
	if len(refused) != len(ops) || !refused[0].Internal || !strings.Contains(refused[0].Body, "customer:bob") {
		t.Fatalf("recorded refusals: %+v", refused)
	}
	if got, _ := e.svc.Get(ctx, ana, c.ID); got.Version != 1 || got.Status != cases.StatusNeedsResponse {
		t.Fatalf("bob changed ana's case: %+v", got)
	}
}

func TestRefunds(t *testing.T) {
	e := newEnv(t, true)
	c, err := e.svc.OpenRefund(ctx, ana, cases.OpenRequest{Transaction: tx(t, "100.00 USD")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Refund(ctx, agent, c.ID, cases.RefundRequest{Amount: amount(t, "30.00 USD"), Reference: "re_1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Case.Status != cases.StatusPartiallyRefunded || !res.Case.Remaining().Equal(amount(t, "70.00 USD")) ||
		!res.Refund.Fee.Equal(amount(t, "0.50 USD")) || !res.Refund.Received.Equal(amount(t, "29.50 USD")) ||
		res.Quote == nil || res.Quote.Operation() != fees.Refund || res.Refund.Rule != "card-refund" {
		t.Fatalf("partial refund: %+v", res)
	}
	if len(res.Explanation.Lines) != 1 || !strings.Contains(res.Explanation.Lines[0], "Refund fee") {
		t.Fatalf("explanation = %+v", res.Explanation)
	}
	evs := e.eventsAs(t, ana, c.Ticket, cases.EventRefund)
	if len(evs) != 1 || evs[0].From != "under_review" || evs[0].To != "partially_refunded" ||
		!strings.HasPrefix(evs[0].Body, "We refunded $30.00; you receive $29.50. $70.00 of the payment can still be refunded.\n") ||
		!strings.Contains(evs[0].Body, res.Explanation.Lines[0]) {
		t.Fatalf("refund events = %+v", evs)
	}
	refusals := []struct {
		name string
		a    support.Actor
		amt  string
		want error
	}{
		{"other currency", agent, "10.00 EUR", currency.ErrCurrencyMismatch},
		{"over the remaining", agent, "70.01 USD", cases.ErrRefundExceeds},
		{"sub-cent", agent, "0.001 USD", support.ErrInvalidInput},
		{"negative", agent, "-1.00 USD", support.ErrInvalidInput},
		{"by the customer", ana, "1.00 USD", support.ErrForbidden},
	}
	for _, tc := range refusals {
		if _, err := e.svc.Refund(ctx, tc.a, c.ID, cases.RefundRequest{Amount: amount(t, tc.amt)}); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if got, _ := e.svc.Get(ctx, agent, c.ID); got.Version != res.Case.Version || !got.Refunded.Equal(amount(t, "30.00 USD")) {
		t.Fatalf("refused refunds changed the case: %+v", got)
	}
	if n := len(e.events(t, c.Ticket, cases.EventRefused)); n != 2 { // over the remaining, by the customer
		t.Fatalf("%d refusals recorded, want 2", n)
	}
	// Exactly the remaining amount, with a key; a retry returns the same refund.
	full, err := e.svc.Refund(ctx, agent, c.ID, cases.RefundRequest{Amount: amount(t, "70.00 USD"), Key: "rk_1"})
	if err != nil || full.Case.Status != cases.StatusRefunded || !full.Case.Remaining().IsZero() {
		t.Fatalf("full refund: %+v, %v", full, err)
	}
	again, err := e.svc.Refund(ctx, agent, c.ID, cases.RefundRequest{Amount: amount(t, "70.00 USD"), Key: "rk_1"})
	if err != nil || again.Refund.ID != "rk_1" || again.Case.Version != full.Case.Version {
		t.Fatalf("retried refund: %+v, %v", again, err)
	}
	rs, err := e.svc.Refunds(ctx, ana, c.ID)
	if err != nil || len(rs) != 2 || rs[0].Reference != "" {
		t.Fatalf("customer's ledger = %+v, %v", rs, err)
	}
	if rs, _ := e.svc.Refunds(ctx, agent, c.ID); rs[0].Reference != "re_1" {
		t.Fatalf("staff's ledger = %+v", rs)
	}
}

func TestClosedTicketTakesNoChange(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "20.00 USD", notReceived())
	if _, err := e.desk.Solve(ctx, agent, c.Ticket); err != nil {
		t.Fatal(err)
	}
	if _, err := e.desk.Close(ctx, agent, c.Ticket); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Refund(ctx, agent, c.ID, cases.RefundRequest{Amount: amount(t, "1.00 USD")}); !errors.Is(err, support.ErrClosed) {
		t.Fatalf("refund on a closed ticket: %v, want ErrClosed", err)
	}
	if _, err := e.svc.SubmitEvidence(ctx, ana, c.ID); !errors.Is(err, support.ErrClosed) {
		t.Fatalf("submit on a closed ticket: %v, want ErrClosed", err)
	}
	if got, _ := e.svc.Get(ctx, agent, c.ID); got.Version != 1 {
		t.Fatalf("a closed ticket's case changed: %+v", got)
	}
}
