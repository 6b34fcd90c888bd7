package support_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/support"
)

func TestNotYoursLooksLikeNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	missing := support.ID("T404")
	ops := []struct {
		name string
		run  func(id support.ID) error
	}{
		{"get", func(id support.ID) error { _, err := f.desk.Get(ctx, bob, id); return err }},
		{"history", func(id support.ID) error { _, err := f.desk.History(ctx, bob, id, 0, 0); return err }},
		{"reply", func(id support.ID) error {
			_, err := f.desk.Reply(ctx, bob, id, support.ReplyRequest{Body: "hi"})
			return err
		}},
		{"solve", func(id support.ID) error { _, err := f.desk.Solve(ctx, bob, id); return err }},
		{"reopen", func(id support.ID) error { _, err := f.desk.Reopen(ctx, bob, id); return err }},
		{"close", func(id support.ID) error { _, err := f.desk.Close(ctx, bob, id); return err }},
		{"note", func(id support.ID) error { _, err := f.desk.AddNote(ctx, bob, id, "x"); return err }},
		{"feedback", func(id support.ID) error {
			_, err := f.desk.AddFeedback(ctx, bob, id, support.Feedback{Rating: 1})
			return err
		}},
		{"merge", func(id support.ID) error { _, err := f.desk.Merge(ctx, bob, id, "T405"); return err }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			errTheirs, errMissing := op.run(tk.ID), op.run(missing)
			wantErr(t, errTheirs, support.ErrNotFound)
			wantErr(t, errMissing, support.ErrNotFound)
			// Same type and the same message but for the ID.
			eq(t, (&support.NotFoundError{ID: tk.ID}).Error(), errTheirs.Error(), "message for someone else's ticket")
			eq(t, (&support.NotFoundError{ID: missing}).Error(), errMissing.Error(), "message for a missing ticket")
		})
	}
	eq(t, int64(1), f.stored(t, tk.ID).Version, "nothing written")
	p, err := f.desk.ListCustomer(ctx, bob, "alice", support.ListOptions{})
	noErr(t, err)
	eq(t, 0, len(p.Tickets), "bob lists alice's tickets")
}

func TestCustomersMayNot(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	tk2 := f.open(t, alice, support.OpenRequest{})
	ops := []struct {
		name string
		run  func() error
	}{
		{"note", func() error { _, err := f.desk.AddNote(ctx, alice, tk.ID, "x"); return err }},
		{"assign", func() error { _, err := f.desk.Assign(ctx, alice, tk.ID, "me", ""); return err }},
		{"priority", func() error { _, err := f.desk.SetPriority(ctx, alice, tk.ID, support.PriorityUrgent); return err }},
		{"fields", func() error {
			_, err := f.desk.UpdateFields(ctx, alice, tk.ID, support.FieldUpdate{AddTags: []string{"vip"}})
			return err
		}},
		{"close", func() error { _, err := f.desk.Close(ctx, alice, tk.ID); return err }},
		{"pending", func() error {
			_, err := f.desk.SetStatus(ctx, alice, tk.ID, support.StatusChange{To: support.StatusPending})
			return err
		}},
		{"reply with status", func() error {
			_, err := f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "x", Status: support.StatusSolved})
			return err
		}},
		{"queue", func() error { _, err := f.desk.SearchQueue(ctx, alice, support.Query{}); return err }},
		{"merge", func() error { _, err := f.desk.Merge(ctx, alice, tk.ID, tk2.ID); return err }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			wantErr(t, op.run(), support.ErrForbidden)
		})
	}
	eq(t, int64(1), f.stored(t, tk.ID).Version, "nothing written")
	// Staff may not rate for the customer.
	_, err := f.desk.AddFeedback(ctx, agent, tk.ID, support.Feedback{Rating: 5})
	wantErr(t, err, support.ErrForbidden)
}

func TestAccessHook(t *testing.T) {
	f := newFixture(t, func(o *support.Options) {
		o.Access = func(a support.Actor, t *support.Ticket) bool {
			if a.Role == support.RoleSystem {
				panic("the hook is not asked about the system actor")
			}
			return a.Role != support.RoleAgent || t.Group == "" || t.Group == "cards"
		}
	})
	ctx := context.Background()
	cards := f.open(t, admin, support.OpenRequest{Customer: "alice", Group: "cards"})
	risk := f.open(t, admin, support.OpenRequest{Customer: "alice", Group: "risk"})
	_, err := f.desk.Get(ctx, agent, cards.ID)
	noErr(t, err)
	_, err = f.desk.Get(ctx, agent, risk.ID)
	wantErr(t, err, support.ErrNotFound)
	_, err = f.desk.Get(ctx, admin, risk.ID)
	noErr(t, err)
	_, err = f.desk.Get(ctx, support.System("sla"), risk.ID)
	noErr(t, err)
	p, err := f.desk.SearchQueue(ctx, agent, support.Query{Order: support.OrderOldest})
	noErr(t, err)
	eq(t, 1, len(p.Tickets), "queue filtered by the hook")
	eq(t, cards.ID, p.Tickets[0].ID, "visible ticket")
}

func TestListCustomer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var ids []support.ID
	for i := range 7 {
		cat := support.CategoryPaymentFailed
		if i%2 == 1 {
			cat = support.CategoryRefund
		}
		ids = append(ids, f.open(t, alice, support.OpenRequest{Category: cat}).ID)
	}
	f.open(t, bob, support.OpenRequest{})
	_, err := f.desk.Reply(ctx, agent, ids[2], support.ReplyRequest{Body: "news"}) // now the most recent activity
	noErr(t, err)
	var got []support.ID
	opts := support.ListOptions{Limit: 3}
	for {
		p, err := f.desk.ListCustomer(ctx, alice, "alice", opts)
		noErr(t, err)
		for _, tk := range p.Tickets {
			if tk.Customer != "alice" || tk.Priority != 0 {
				t.Fatalf("listed %+v", tk)
			}
			got = append(got, tk.ID)
		}
		if p.Next == "" {
			break
		}
		opts.Cursor = p.Next
	}
	want := []support.ID{ids[2], ids[6], ids[5], ids[4], ids[3], ids[1], ids[0]}
	eq(t, len(want), len(got), "count")
	for i := range want {
		eq(t, want[i], got[i], "order")
	}
	p, err := f.desk.ListCustomer(ctx, alice, "alice", support.ListOptions{Categories: []support.Category{support.CategoryRefund}, Statuses: []support.Status{support.StatusNew}})
	noErr(t, err)
	eq(t, 3, len(p.Tickets), "new refund tickets")
	_, err = f.desk.ListCustomer(ctx, alice, "alice", support.ListOptions{Cursor: "garbage"})
	wantErr(t, err, support.ErrInvalidCursor)
	_, err = f.desk.ListCustomer(ctx, agent, "", support.ListOptions{})
	wantErr(t, err, support.ErrMissingCustomer)
}

// TestSearchQueueBoundsText is a regression test: the search text was
// lower-cased and searched for in every candidate's subject whatever its
// size, so one 10 MB query cost 10 MB of work per ticket in the store.
func TestSearchQueueBoundsText(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.open(t, alice, support.OpenRequest{Subject: "Card declined"})
	tests := []struct {
		name string
		text string
		want error
	}{
		{"10 MB", strings.Repeat("a", 10<<20), support.ErrTooLong},
		{"invalid UTF-8", "card\xff", support.ErrInvalidUTF8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.desk.SearchQueue(ctx, agent, support.Query{Text: tc.text})
			wantErr(t, err, tc.want)
		})
	}
	p, err := f.desk.SearchQueue(ctx, agent, support.Query{Text: "DECLINED"})
	noErr(t, err)
	eq(t, 1, len(p.Tickets), "matches")
}

// TestInternalChangesDoNotShowAsActivity is a regression test: every change
// moved UpdatedAt, so an internal note (or an SLA event, an assignment)
// moved the ticket to the top of the customer's list and showed them when
// something happened behind the scenes.
func TestInternalChangesDoNotShowAsActivity(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	older := f.open(t, alice, support.OpenRequest{Subject: "Older"})
	newer := f.open(t, alice, support.OpenRequest{Subject: "Newer"})
	internal := []func() error{
		func() error { _, err := f.desk.AddNote(ctx, agent, older.ID, "fraud check pending"); return err },
		func() error { _, err := f.desk.Assign(ctx, agent, older.ID, "risk-1", "risk"); return err },
		func() error { _, err := f.desk.SetPriority(ctx, agent, older.ID, support.PriorityUrgent); return err },
		func() error {
			_, err := f.desk.UpdateFields(ctx, agent, older.ID, support.FieldUpdate{AddTags: []string{"fraud"}})
			return err
		},
	}
	for _, change := range internal {
		noErr(t, change())
	}
	got, err := f.desk.Get(ctx, alice, older.ID)
	noErr(t, err)
	if !got.UpdatedAt.Equal(older.UpdatedAt) {
		t.Fatalf("internal changes moved UpdatedAt from %v to %v", older.UpdatedAt, got.UpdatedAt)
	}
	p, err := f.desk.ListCustomer(ctx, alice, "alice", support.ListOptions{})
	noErr(t, err)
	eq(t, newer.ID, p.Tickets[0].ID, "first in the customer's list")
	// A public reply is activity.
	_, err = f.desk.Reply(ctx, agent, older.ID, support.ReplyRequest{Body: "We are on it"})
	noErr(t, err)
	p, err = f.desk.ListCustomer(ctx, alice, "alice", support.ListOptions{})
	noErr(t, err)
	eq(t, older.ID, p.Tickets[0].ID, "first in the customer's list after a reply")
	f.checkReplay(t, older.ID)
}
