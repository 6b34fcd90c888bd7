package support_test

import (
	"context"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

func TestCheckSLA(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	urgent := f.open(t, agent, support.OpenRequest{Customer: "alice", Priority: support.PriorityUrgent})
	calm := f.open(t, agent, support.OpenRequest{Customer: "bob", Priority: support.PriorityLow})
	stored := f.stored(t, urgent.ID)
	if len(stored.SLA) == 0 || stored.SLANext.IsZero() {
		t.Fatalf("no SLA clocks on a new ticket: %+v", stored)
	}
	first, ok := support.FindSLAClock(stored.SLA, support.SLAFirstReply)
	if !ok || first.Status != support.SLAActive {
		t.Fatalf("first-reply clock %+v", first)
	}

	// 25 minutes in: 80% of the 30-minute first-reply budget is used.
	rep, err := f.desk.CheckSLA(ctx, stored.CreatedAt.Add(25*time.Minute))
	noErr(t, err)
	eq(t, 1, rep.Warnings, "warnings")
	eq(t, 0, rep.Breaches, "breaches")
	// Checking again finds nothing new.
	rep, err = f.desk.CheckSLA(ctx, stored.CreatedAt.Add(26*time.Minute))
	noErr(t, err)
	eq(t, 0, rep.Warnings+rep.Breaches, "changes on a second check")
	// 31 minutes in: breached.
	rep, err = f.desk.CheckSLA(ctx, stored.CreatedAt.Add(31*time.Minute))
	noErr(t, err)
	eq(t, 1, rep.Breaches, "breaches")
	eq(t, 1, len(rep.Events), "events reported")
	eq(t, urgent.ID, rep.Events[0].Ticket, "breached ticket")

	var sla []string
	for _, e := range f.history(t, urgent.ID) {
		if e.Kind == support.EventSLA {
			if !e.Internal || e.Actor != support.System("sla") {
				t.Fatalf("SLA event %+v", e)
			}
			sla = append(sla, e.Field+":"+e.To)
		}
	}
	eq(t, "first_reply:warning first_reply:breach", joinStrings(sla), "SLA events")
	got, _ := support.FindSLAClock(f.stored(t, urgent.ID).SLA, support.SLAFirstReply)
	eq(t, support.SLABreached, got.Status, "first-reply status")
	eq(t, int64(1), f.stored(t, calm.ID).Version, "the calm ticket is untouched")

	// Replying stops the clock; waiting on the customer pauses resolution.
	_, err = f.desk.Reply(ctx, agent, urgent.ID, support.ReplyRequest{Body: "Sorry for the wait", Status: support.StatusPending})
	noErr(t, err)
	res, _ := support.FindSLAClock(f.stored(t, urgent.ID).SLA, support.SLAResolution)
	eq(t, support.SLAPaused, res.Status, "resolution while pending")
	f.checkReplay(t, urgent.ID)

	// Customers never see SLA events.
	h, err := f.desk.History(ctx, alice, urgent.ID, 0, 0)
	noErr(t, err)
	for _, e := range h {
		if e.Kind == support.EventSLA {
			t.Fatal("customer sees an SLA event")
		}
	}
}

func TestNoSLA(t *testing.T) {
	f := newFixture(t, func(o *support.Options) { o.NoSLA = true })
	tk := f.open(t, alice, support.OpenRequest{})
	if s := f.stored(t, tk.ID); s.SLA != nil || !s.SLANext.IsZero() {
		t.Fatalf("SLA clocks without a policy: %+v", s.SLA)
	}
	rep, err := f.desk.CheckSLA(context.Background(), time.Now().Add(1000*time.Hour))
	noErr(t, err)
	eq(t, 0, rep.Checked, "checked")
}

func joinStrings(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestCloseSolved(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var ids []support.ID
	for range 3 {
		tk := f.open(t, alice, support.OpenRequest{})
		_, err := f.desk.Solve(ctx, agent, tk.ID)
		noErr(t, err)
		ids = append(ids, tk.ID)
	}
	cutoff := f.clock.Now()
	late := f.open(t, alice, support.OpenRequest{})
	_, err := f.desk.Solve(ctx, agent, late.ID) // solved after the cutoff
	noErr(t, err)
	_, err = f.desk.Reopen(ctx, alice, ids[1]) // reopened: not solved any more
	noErr(t, err)
	n, err := f.desk.CloseSolved(ctx, cutoff)
	noErr(t, err)
	eq(t, 2, n, "closed")
	eq(t, support.StatusClosed, f.stored(t, ids[0]).Status, "old solved ticket")
	eq(t, support.StatusOpen, f.stored(t, ids[1]).Status, "reopened ticket")
	eq(t, support.StatusClosed, f.stored(t, ids[2]).Status, "old solved ticket")
	eq(t, support.StatusSolved, f.stored(t, late.ID).Status, "recently solved ticket")
	for _, id := range ids {
		f.checkReplay(t, id)
	}
	n, err = f.desk.CloseSolved(ctx, cutoff)
	noErr(t, err)
	eq(t, 0, n, "closed on a second run")
}

// TestClosedTicketsOwnNoSLAWork is a regression test: a clock stopped late
// (breached, but before any CheckSLA ran) left SLANext set on the ticket, so
// after the ticket was closed, or merged away, the next CheckSLA appended an
// SLA event to a closed ticket, whose history then no longer replayed.
// Closing now records the owed breach itself and leaves CheckSLA nothing.
func TestClosedTicketsOwnNoSLAWork(t *testing.T) {
	tests := []struct {
		name  string
		close func(f *fixture, id support.ID) error
	}{
		{"close", func(f *fixture, id support.ID) error {
			ctx := context.Background()
			if _, err := f.desk.Reply(ctx, agent, id, support.ReplyRequest{Body: "Sorry, we are late", Status: support.StatusSolved}); err != nil {
				return err
			}
			_, err := f.desk.Close(ctx, agent, id)
			return err
		}},
		{"close solved", func(f *fixture, id support.ID) error {
			ctx := context.Background()
			if _, err := f.desk.Solve(ctx, agent, id); err != nil {
				return err
			}
			f.clock.Advance(time.Hour)
			_, err := f.desk.CloseSolved(ctx, f.clock.Now())
			return err
		}},
		{"merge", func(f *fixture, id support.ID) error {
			ctx := context.Background()
			keep := f.open(t, alice, support.OpenRequest{Subject: "The same problem"})
			_, err := f.desk.Merge(ctx, agent, id, keep.ID)
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			tk := f.open(t, agent, support.OpenRequest{Customer: "alice", Priority: support.PriorityUrgent})
			f.clock.Advance(5 * time.Hour) // every clock of an urgent ticket is overdue; no sweep ran
			noErr(t, tc.close(f, tk.ID))
			closed := f.stored(t, tk.ID)
			eq(t, support.StatusClosed, closed.Status, "status")
			if !closed.SLANext.IsZero() {
				t.Fatalf("a closed ticket still due for an SLA check at %v", closed.SLANext)
			}
			rep, err := f.desk.CheckSLA(ctx, f.clock.Now().Add(24*time.Hour))
			noErr(t, err)
			for _, e := range rep.Events {
				if e.Ticket == tk.ID {
					t.Fatalf("CheckSLA wrote %+v on a closed ticket", e)
				}
			}
			eq(t, closed.Version, f.stored(t, tk.ID).Version, "version after CheckSLA")
			f.checkReplay(t, tk.ID)
			breaches := 0
			for _, e := range f.history(t, tk.ID) {
				if e.Kind == support.EventSLA && e.To == "breach" {
					breaches++
				}
			}
			eq(t, 2, breaches, "breaches recorded (first reply and resolution)")
		})
	}
}
