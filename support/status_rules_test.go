package support_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/support"
)

// Regression (issue 14): rating a ticket that is not solved said "cannot go
// from new to new"; it is now a *StatusError matching ErrNotSolved.
func TestAddFeedbackNeedsSolvedTicket(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	before := len(f.history(t, tk.ID))
	_, err := f.desk.AddFeedback(ctx, alice, tk.ID, support.Feedback{Rating: 4})
	var se *support.StatusError
	if !errors.As(err, &se) || !errors.Is(err, support.ErrNotSolved) {
		t.Fatalf("AddFeedback on a new ticket = %v, want *StatusError matching ErrNotSolved", err)
	}
	if errors.Is(err, support.ErrTransition) || errors.Is(err, support.ErrClosed) {
		t.Fatalf("%v must not read as a status transition or a closed ticket", err)
	}
	if se.Status != support.StatusNew || se.Need != support.StatusSolved || se.Ticket != tk.ID {
		t.Fatalf("StatusError = %+v", se)
	}
	if msg := err.Error(); !strings.Contains(msg, "solved") || strings.Contains(msg, "new to new") {
		t.Fatalf("message %q does not say a solved ticket is needed", msg)
	}
	if got := len(f.history(t, tk.ID)); got != before {
		t.Fatalf("history grew from %d to %d events on a refused rating", before, got)
	}

	// A closed ticket is refused the same way and also matches ErrClosed.
	_, err = f.desk.Solve(ctx, agent, tk.ID)
	noErr(t, err)
	_, err = f.desk.Close(ctx, agent, tk.ID)
	noErr(t, err)
	_, err = f.desk.AddFeedback(ctx, alice, tk.ID, support.Feedback{Rating: 4})
	if !errors.Is(err, support.ErrNotSolved) || !errors.Is(err, support.ErrClosed) {
		t.Fatalf("AddFeedback on a closed ticket = %v, want ErrNotSolved and ErrClosed", err)
	}
}

// Regression (issue 14): Query said "zero fields do not filter" while
// SearchQueue skipped solved and closed tickets for an empty Statuses. The
// documented rule now is: Store.Find does not filter on empty Statuses,
// SearchQueue shows the active statuses, and AllStatuses includes the rest.
func TestSearchQueueStatusesDefault(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	active := f.open(t, alice, support.OpenRequest{Subject: "active one"})
	solved := f.open(t, alice, support.OpenRequest{Subject: "solved one"})
	closed := f.open(t, bob, support.OpenRequest{Subject: "closed one"})
	_, err := f.desk.Solve(ctx, agent, solved.ID)
	noErr(t, err)
	_, err = f.desk.Solve(ctx, agent, closed.ID)
	noErr(t, err)
	_, err = f.desk.Close(ctx, agent, closed.ID)
	noErr(t, err)

	ids := func(p support.Page) map[support.ID]bool {
		m := map[support.ID]bool{}
		for _, tk := range p.Tickets {
			m[tk.ID] = true
		}
		return m
	}
	p, err := f.desk.SearchQueue(ctx, agent, support.Query{})
	noErr(t, err)
	if got := ids(p); len(got) != 1 || !got[active.ID] {
		t.Fatalf("SearchQueue with empty Statuses = %v, want only the active ticket %s", got, active.ID)
	}
	p, err = f.desk.SearchQueue(ctx, agent, support.Query{Statuses: support.AllStatuses()})
	noErr(t, err)
	if got := ids(p); len(got) != 3 {
		t.Fatalf("SearchQueue with AllStatuses = %v, want all three tickets", got)
	}
	p, err = f.desk.SearchQueue(ctx, agent, support.Query{Statuses: []support.Status{support.StatusClosed}})
	noErr(t, err)
	if got := ids(p); len(got) != 1 || !got[closed.ID] {
		t.Fatalf("SearchQueue closed = %v, want %s", got, closed.ID)
	}
	// Store.Find follows "zero fields do not filter".
	sp, err := f.store.Find(ctx, support.Query{})
	noErr(t, err)
	if got := ids(sp); len(got) != 3 {
		t.Fatalf("Store.Find with a zero Query = %v, want all three tickets", got)
	}
	if n := len(support.AllStatuses()); n != 6 {
		t.Fatalf("AllStatuses has %d statuses", n)
	}
	for _, s := range support.AllStatuses() {
		if !s.IsValid() {
			t.Fatalf("AllStatuses holds invalid %v", s)
		}
	}
}
