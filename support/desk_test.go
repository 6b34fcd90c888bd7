package support_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
)

func TestOpenRejectsBadInputAndWritesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	prior := f.open(t, alice, support.OpenRequest{}) // a ticket of alice's, for follow-ups
	minus, err := currency.NewAmount("-5.00", "EUR")
	noErr(t, err)
	tenMB := strings.Repeat("a", 10<<20)
	huge, err := currency.NewAmountFromDecimal(decimal.New(1, 200), "EUR") // 1e200: no encoding carries it
	noErr(t, err)
	tests := []struct {
		name  string
		actor support.Actor
		req   support.OpenRequest
		want  error
		field string
	}{
		{"missing customer", agent, support.OpenRequest{Subject: "Help"}, support.ErrMissingCustomer, "customer"},
		{"blank customer", agent, support.OpenRequest{Customer: "  ", Subject: "Help"}, support.ErrMissingCustomer, "customer"},
		{"empty subject", alice, support.OpenRequest{Subject: " \t "}, support.ErrEmptySubject, "subject"},
		{"missing category", alice, support.OpenRequest{Subject: "Help", Category: ""}, support.ErrUnknownCategory, "category"},
		{"unknown category", alice, support.OpenRequest{Subject: "Help", Category: "crypto_staking"}, support.ErrUnknownCategory, "category"},
		{"malformed category", alice, support.OpenRequest{Subject: "Help", Category: "Payment Failed"}, support.ErrUnknownCategory, "category"},
		{"10 MB description", alice, support.OpenRequest{Subject: "Help", Description: tenMB}, support.ErrTooLong, "description"},
		{"long subject", alice, support.OpenRequest{Subject: strings.Repeat("x", support.MaxSubjectBytes+1)}, support.ErrTooLong, "subject"},
		{"invalid UTF-8 subject", alice, support.OpenRequest{Subject: "pay\xffment"}, support.ErrInvalidUTF8, "subject"},
		{"invalid UTF-8 description", alice, support.OpenRequest{Subject: "Help", Description: "\xc3\x28"}, support.ErrInvalidUTF8, "description"},
		{"control character in subject", alice, support.OpenRequest{Subject: "a\nb"}, support.ErrInvalidInput, "subject"},
		{"unknown priority", agent, support.OpenRequest{Customer: "alice", Subject: "Help", Priority: 9}, support.ErrUnknownPriority, "priority"},
		{"unknown channel", alice, support.OpenRequest{Subject: "Help", Channel: 42}, support.ErrInvalidInput, "channel"},
		{"negative amount", alice, support.OpenRequest{Subject: "Help", Amount: &minus}, support.ErrInvalidInput, "amount"},
		{"amount without currency", alice, support.OpenRequest{Subject: "Help", Amount: &currency.Amount{}}, support.ErrInvalidInput, "amount"},
		{"amount too long to encode", alice, support.OpenRequest{Subject: "Help", Amount: &huge}, support.ErrInvalidInput, "amount"},
		{"bad tag", agent, support.OpenRequest{Customer: "alice", Subject: "Help", Tags: []string{"no spaces"}}, support.ErrInvalidInput, "tags"},
		{"field twice", alice, support.OpenRequest{Subject: "Help", Fields: []support.Field{{Name: "a", Value: "1"}, {Name: "a", Value: "2"}}}, support.ErrInvalidInput, "fields.a"},
		{"follow-up of nothing", alice, support.OpenRequest{Subject: "Help", FollowUpOf: "T999"}, support.ErrNotFound, "follow_up_of"},
		{"follow-up of someone else's", bob, support.OpenRequest{Subject: "Help", FollowUpOf: prior.ID}, support.ErrNotFound, "follow_up_of"},
		{"customer for another customer", alice, support.OpenRequest{Customer: "bob", Subject: "Help"}, support.ErrForbidden, ""},
		{"customer sets priority", alice, support.OpenRequest{Subject: "Help", Priority: support.PriorityUrgent}, support.ErrForbidden, ""},
		{"customer sets internal field", alice, support.OpenRequest{Subject: "Help", Fields: []support.Field{{Name: "risk", Value: "x", Internal: true}}}, support.ErrForbidden, ""},
		{"no actor", support.Actor{}, support.OpenRequest{Subject: "Help"}, support.ErrInvalidActor, "actor.role"},
		{"actor without ID", support.Customer(""), support.OpenRequest{Subject: "Help"}, support.ErrInvalidActor, "actor.id"},
	}
	before := len(f.notes.all())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			if req.Category == "" && tc.name != "missing category" {
				req.Category = support.CategoryPaymentFailed
			}
			tk, err := f.desk.Open(ctx, tc.actor, req)
			if tk != nil {
				t.Fatalf("got a ticket %v with the error", tk.ID)
			}
			wantErr(t, err, tc.want)
			var ie *support.InputError
			if tc.field != "" {
				if !errors.As(err, &ie) {
					t.Fatalf("%v is not an *InputError", err)
				}
				eq(t, tc.field, ie.Field, "field")
			}
			if !strings.HasPrefix(err.Error(), "support: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
	eq(t, 1, f.store.Len(), "tickets stored")
	eq(t, before, len(f.notes.all()), "notifications")
}

func TestCustomerJourney(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	amount, err := currency.NewAmount("120.50", "EUR")
	noErr(t, err)
	tk := f.open(t, alice, support.OpenRequest{
		Subject: "Transfer to my landlord failed", Category: support.CategoryPaymentFailed,
		Transactions: []string{"tx_81", "tx_81", "tx_82"}, Amount: &amount, Channel: support.ChannelApp,
	})
	eq(t, support.StatusNew, tk.Status, "status")
	eq(t, int64(1), tk.Version, "version")
	eq(t, 2, len(tk.Transactions), "transactions are de-duplicated")
	eq(t, support.Priority(0), tk.Priority, "customers do not see the priority")
	if f.stored(t, tk.ID).Priority != support.PriorityNormal {
		t.Fatal("the priority rules did not apply")
	}

	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Which bank account did you send to?", Status: support.StatusPending})
	noErr(t, err)
	eq(t, support.StatusPending, f.stored(t, tk.ID).Status, "after asking the customer")
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "DE89 3704 0044 0532 0130 00"})
	noErr(t, err)
	eq(t, support.StatusOpen, f.stored(t, tk.ID).Status, "a customer reply reopens pending")
	_, err = f.desk.AddNote(ctx, agent, tk.ID, "IBAN checked, bank says retry")
	noErr(t, err)
	_, err = f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{To: support.StatusOnHold})
	noErr(t, err)
	solved, err := f.desk.Solve(ctx, agent, tk.ID)
	noErr(t, err)
	eq(t, support.StatusSolved, solved.Status, "solved")
	if solved.SolvedAt.IsZero() || solved.FirstReplyAt.IsZero() {
		t.Fatal("timestamps not set")
	}
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "It bounced again"})
	noErr(t, err)
	eq(t, support.StatusOpen, f.stored(t, tk.ID).Status, "a customer reply reopens solved")
	_, err = f.desk.Solve(ctx, alice, tk.ID)
	noErr(t, err)
	_, err = f.desk.AddFeedback(ctx, alice, tk.ID, support.Feedback{Rating: 5, Comment: "Thanks!"})
	noErr(t, err)
	closed, err := f.desk.Close(ctx, agent, tk.ID)
	noErr(t, err)
	eq(t, support.StatusClosed, closed.Status, "closed")

	// A closed ticket never changes again.
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "one more thing"})
	wantErr(t, err, support.ErrClosed)
	_, err = f.desk.AddNote(ctx, agent, tk.ID, "x")
	wantErr(t, err, support.ErrClosed)
	_, err = f.desk.Reopen(ctx, agent, tk.ID)
	wantErr(t, err, support.ErrTransition)
	_, err = f.desk.SetPriority(ctx, agent, tk.ID, support.PriorityHigh)
	wantErr(t, err, support.ErrClosed)
	eq(t, closed.Version, f.stored(t, tk.ID).Version, "version after refused changes")

	// The customer follows up instead.
	next := f.open(t, alice, support.OpenRequest{Subject: "Still failing", FollowUpOf: tk.ID})
	eq(t, tk.ID, next.FollowUpOf, "follow-up link")

	var kinds []string
	for _, e := range f.history(t, tk.ID) {
		kinds = append(kinds, e.Kind.String()+":"+e.To)
	}
	want := "created: reply: status:pending reply: status:open note: status:on_hold status:solved reply: status:open status:solved feedback:5 status:closed"
	eq(t, want, strings.Join(kinds, " "), "history")
	f.checkReplay(t, tk.ID)
}

func TestForbiddenTransitions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	_, err := f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "On it"})
	noErr(t, err)
	tests := []struct {
		name  string
		actor support.Actor
		to    support.Status
		want  error
	}{
		{"open to closed", agent, support.StatusClosed, support.ErrTransition},
		{"back to new", agent, support.StatusNew, support.ErrTransition},
		{"unknown status", agent, support.Status(77), support.ErrUnknownStatus},
		{"customer to pending", alice, support.StatusPending, support.ErrForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.desk.SetStatus(ctx, tc.actor, tk.ID, support.StatusChange{To: tc.to})
			wantErr(t, err, tc.want)
			var te *support.TransitionError
			if errors.Is(tc.want, support.ErrTransition) {
				if !errors.As(err, &te) || te.From != support.StatusOpen || te.To != tc.to {
					t.Fatalf("want a *TransitionError from open to %v, got %v", tc.to, err)
				}
			}
		})
	}
	eq(t, int64(2), f.stored(t, tk.ID).Version, "nothing written")
	eq(t, 3, len(f.history(t, tk.ID)), "history length")
}

func TestStaleVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	_, err := f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Looking into it", IfVersion: 1})
	noErr(t, err)
	_, err = f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{To: support.StatusSolved, IfVersion: 1})
	wantErr(t, err, support.ErrStaleVersion)
	var ve *support.VersionError
	if !errors.As(err, &ve) || ve.Expected != 1 || ve.Actual != 2 {
		t.Fatalf("want a *VersionError 1 vs 2, got %v", err)
	}
	_, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{AddTags: []string{"x"}, IfVersion: 1})
	wantErr(t, err, support.ErrStaleVersion)
	eq(t, support.StatusOpen, f.stored(t, tk.ID).Status, "status unchanged")
	eq(t, 3, len(f.history(t, tk.ID)), "history length: created, reply, status")
}

func TestHostStatuses(t *testing.T) {
	hs, err := support.NewHostStatuses(
		support.HostStatus{Name: "awaiting_bank", Status: support.StatusOnHold},
		support.HostStatus{Name: "needs_documents", Status: support.StatusPending},
	)
	noErr(t, err)
	f := newFixture(t, func(o *support.Options) { o.HostStatuses = hs })
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	got, err := f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{HostStatus: "awaiting_bank"})
	noErr(t, err)
	eq(t, support.StatusOnHold, got.Status, "mapped status")
	eq(t, "awaiting_bank", got.HostStatus, "host status")
	// Regression: a customer's request for the status the ticket already
	// has cleared the business's host status.
	_, err = f.desk.SetStatus(ctx, alice, tk.ID, support.StatusChange{To: support.StatusOnHold})
	noErr(t, err)
	eq(t, "awaiting_bank", f.stored(t, tk.ID).HostStatus, "host status after a customer's no-op")
	eq(t, got.Version, f.stored(t, tk.ID).Version, "version after a customer's no-op")
	got, err = f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{HostStatus: "needs_documents"})
	noErr(t, err)
	eq(t, support.StatusPending, got.Status, "mapped status")
	_, err = f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{HostStatus: "made_up"})
	wantErr(t, err, support.ErrUnknownStatus)
	_, err = f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{To: support.StatusOpen, HostStatus: "awaiting_bank"})
	wantErr(t, err, support.ErrUnknownStatus)
	got, err = f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{To: support.StatusOpen})
	noErr(t, err)
	eq(t, "", got.HostStatus, "a lifecycle status clears the host status")
	f.checkReplay(t, tk.ID)

	for _, bad := range [][]support.HostStatus{
		{{Name: "open", Status: support.StatusOpen}},
		{{Name: "x", Status: support.StatusClosed}},
		{{Name: "Bad Name", Status: support.StatusOpen}},
		{{Name: "a", Status: support.StatusOpen}, {Name: "a", Status: support.StatusPending}},
	} {
		if _, err := support.NewHostStatuses(bad...); err == nil {
			t.Errorf("NewHostStatuses(%v) accepted", bad)
		}
	}
}

func TestFieldsAssignmentPriority(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, agent, support.OpenRequest{Customer: "alice", Subject: "Locked out", Category: support.CategoryAccountLocked})
	eq(t, support.PriorityHigh, tk.Priority, "locked accounts start high")
	_, err := f.desk.Assign(ctx, agent, tk.ID, "agent-1", "risk")
	noErr(t, err)
	_, err = f.desk.SetPriority(ctx, agent, tk.ID, support.PriorityUrgent)
	noErr(t, err)
	got, err := f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{
		Category: support.CategorySecurity, AddTags: []string{"Takeover", "vip"}, AddTransactions: []string{"tx_9"},
		Set: []support.Field{{Name: "bank_case", Value: "B-77", Internal: true}, {Name: "order", Value: "O-1"}},
	})
	noErr(t, err)
	eq(t, "takeover,vip", strings.Join(got.Tags, ","), "tags normalized")
	got, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{RemoveTags: []string{"vip"}, Set: []support.Field{{Name: "order", Value: ""}}})
	noErr(t, err)
	eq(t, "takeover", strings.Join(got.Tags, ","), "tag removed")
	eq(t, 1, len(got.Fields), "field removed")
	// Nothing to change writes nothing.
	v := got.Version
	got, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{AddTags: []string{"takeover"}})
	noErr(t, err)
	eq(t, v, got.Version, "no-op update")
	got, err = f.desk.Assign(ctx, agent, tk.ID, "agent-1", "risk")
	noErr(t, err)
	eq(t, v, got.Version, "no-op assignment")

	cv, err := f.desk.Get(ctx, alice, tk.ID)
	noErr(t, err)
	if cv.Assignee != "" || cv.Group != "" || len(cv.Tags) != 0 || len(cv.Fields) != 0 || cv.Priority != 0 || cv.SLA != nil {
		t.Fatalf("customer view leaks internal data: %+v", cv)
	}
	h, err := f.desk.History(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	for _, e := range h {
		if e.Internal || e.Kind == support.EventPriority || e.Kind == support.EventAssignment || e.Field == "tags" || e.Field == "internal.bank_case" {
			t.Fatalf("customer sees internal event %+v", e)
		}
	}
	f.checkReplay(t, tk.ID)
}

func TestMerge(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	keep := f.open(t, alice, support.OpenRequest{Transactions: []string{"tx_1"}})
	dup := f.open(t, alice, support.OpenRequest{Transactions: []string{"tx_1", "tx_2"}})
	other := f.open(t, bob, support.OpenRequest{})
	_, err := f.desk.Merge(ctx, alice, dup.ID, keep.ID)
	wantErr(t, err, support.ErrForbidden)
	_, err = f.desk.Merge(ctx, agent, dup.ID, other.ID)
	wantErr(t, err, support.ErrInvalidInput)
	_, err = f.desk.Merge(ctx, agent, dup.ID, dup.ID)
	wantErr(t, err, support.ErrInvalidInput)
	kept, err := f.desk.Merge(ctx, agent, dup.ID, keep.ID)
	noErr(t, err)
	eq(t, "tx_1,tx_2", strings.Join(kept.Transactions, ","), "references carried over")
	d := f.stored(t, dup.ID)
	eq(t, support.StatusClosed, d.Status, "duplicate closed")
	eq(t, keep.ID, d.MergedInto, "merged into")
	_, err = f.desk.Merge(ctx, agent, dup.ID, keep.ID)
	wantErr(t, err, support.ErrClosed)
	f.checkReplay(t, dup.ID)
	f.checkReplay(t, keep.ID)
	last := f.notes.all()
	n := last[len(last)-1]
	eq(t, dup.ID, n.Ticket.ID, "the duplicate's customer hears of the merge")
	if !strings.Contains(n.Text, string(keep.ID)) {
		t.Fatalf("merge notification %q does not name the kept ticket", n.Text)
	}
}

func TestReplyRejectsBadInputAndWritesNothing(t *testing.T) {
	f := newFixture(t, func(o *support.Options) { o.MaxBodyBytes = 64 })
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	tests := []struct {
		name  string
		actor support.Actor
		req   support.ReplyRequest
		want  error
	}{
		{"empty body", alice, support.ReplyRequest{Body: "  \n"}, support.ErrEmptyBody},
		{"body over the limit", alice, support.ReplyRequest{Body: strings.Repeat("x", 65)}, support.ErrTooLong},
		{"invalid UTF-8", alice, support.ReplyRequest{Body: "caf\xe9"}, support.ErrInvalidUTF8},
		{"NUL byte", alice, support.ReplyRequest{Body: "a\x00b"}, support.ErrInvalidInput},
		{"unknown status", agent, support.ReplyRequest{Body: "ok", Status: 42}, support.ErrUnknownStatus},
		{"forbidden status", agent, support.ReplyRequest{Body: "ok", Status: support.StatusClosed}, support.ErrTransition},
		{"stale version", agent, support.ReplyRequest{Body: "ok", IfVersion: 7}, support.ErrStaleVersion},
		{"customer sets status", alice, support.ReplyRequest{Body: "ok", Status: support.StatusSolved}, support.ErrForbidden},
		{"bad key", alice, support.ReplyRequest{Body: "ok", IdempotencyKey: "a\nb"}, support.ErrInvalidInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.desk.Reply(ctx, tc.actor, tk.ID, tc.req)
			wantErr(t, err, tc.want)
		})
	}
	eq(t, int64(1), f.stored(t, tk.ID).Version, "version")
	eq(t, 1, len(f.history(t, tk.ID)), "history length")
}

func TestRecordCustomEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{Category: support.CategoryDispute})
	ev, err := f.desk.Record(ctx, support.System("cases"), tk.ID, support.Event{
		Kind: support.EventCustom, Field: "cases.progress", To: "evidence_sent", Body: "We sent the evidence to the card network.",
	})
	noErr(t, err)
	eq(t, int64(2), ev.Seq, "sequence")
	eq(t, int64(2), ev.Version, "version")
	_, err = f.desk.Record(ctx, agent, tk.ID, support.Event{Kind: support.EventCustom, Field: "cases.internal_risk", To: "high", Internal: true})
	noErr(t, err)
	tests := []struct {
		name  string
		actor support.Actor
		e     support.Event
		want  error
	}{
		{"another kind", agent, support.Event{Kind: support.EventStatus, Field: "x.y", To: "closed"}, support.ErrInvalidInput},
		{"no namespace", agent, support.Event{Kind: support.EventCustom, Field: "progress"}, support.ErrInvalidInput},
		{"bad name", agent, support.Event{Kind: support.EventCustom, Field: "Cases Progress"}, support.ErrInvalidInput},
		{"opening", agent, support.Event{Kind: support.EventCustom, Field: "x.y", Opening: &support.Opening{}}, support.ErrInvalidInput},
		{"customer", alice, support.Event{Kind: support.EventCustom, Field: "x.y"}, support.ErrForbidden},
		{"someone else's", bob, support.Event{Kind: support.EventCustom, Field: "x.y"}, support.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.desk.Record(ctx, tc.actor, tk.ID, tc.e)
			wantErr(t, err, tc.want)
		})
	}
	h, err := f.desk.History(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	eq(t, 2, len(h), "the customer sees the public custom event")
	eq(t, "cases.progress", h[1].Field, "custom event")
	f.checkReplay(t, tk.ID)
}

// TestReturnedTicketsShareNothing is a regression test: tickets and events
// the Desk returned shared the *currency.Amount of the stored snapshot, so
// an assignment through the pointer rewrote the amount at stake in the store
// (and raced with its readers).
func TestReturnedTicketsShareNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	amount, err := currency.NewAmount("120.50", "EUR")
	noErr(t, err)
	forged, err := currency.NewAmount("999999.99", "USD")
	noErr(t, err)
	tk := f.open(t, alice, support.OpenRequest{Amount: &amount})
	amount = forged // the request is the caller's too
	*tk.Amount = forged
	got, err := f.desk.Get(ctx, agent, tk.ID)
	noErr(t, err)
	eq(t, "120.50 EUR", got.Amount.String(), "amount after changing the opened ticket")
	*got.Amount = forged
	p, err := f.desk.ListCustomer(ctx, alice, "alice", support.ListOptions{})
	noErr(t, err)
	eq(t, "120.50 EUR", p.Tickets[0].Amount.String(), "amount after changing a fetched ticket")
	*p.Tickets[0].Amount = forged
	h, err := f.desk.History(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	eq(t, "120.50 EUR", h[0].Opening.Amount.String(), "opening amount")
	*h[0].Opening.Amount = forged
	eq(t, "120.50 EUR", f.stored(t, tk.ID).Amount.String(), "stored amount")
	eq(t, "120.50 EUR", f.history(t, tk.ID)[0].Opening.Amount.String(), "stored opening amount")
	f.checkReplay(t, tk.ID)
}
