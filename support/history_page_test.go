package support_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/paydesk/paydesk/support"
)

// historyPageFixture opens a ticket of alice's whose history is, by
// sequence number: 1 created, 2 note, 3-4 assignment (assignee, group), 5
// reply and 6 status (the agent's reply opens it), 7 note, 8 note. Alice
// sees 1, 5 and 6.
func historyPageFixture(t *testing.T) (*fixture, support.ID) {
	t.Helper()
	f := newFixture(t, func(o *support.Options) {
		o.Access = func(a support.Actor, _ *support.Ticket) bool { return a.ID != "outsider" }
	})
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	_, err := f.desk.AddNote(ctx, agent, tk.ID, "checked the card network")
	noErr(t, err)
	_, err = f.desk.Assign(ctx, agent, tk.ID, "agent-1", "cards")
	noErr(t, err)
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Your bank declined it"})
	noErr(t, err)
	_, err = f.desk.AddNote(ctx, agent, tk.ID, "bank says fraud rule")
	noErr(t, err)
	_, err = f.desk.AddNote(ctx, agent, tk.ID, "waiting")
	noErr(t, err)
	eq(t, 8, len(f.history(t, tk.ID)), "events in the fixture")
	return f, tk.ID
}

func seqs(evs []support.Event) []int64 {
	out := []int64{}
	for _, e := range evs {
		out = append(out, e.Seq)
	}
	return out
}

func TestHistoryPage(t *testing.T) {
	f, id := historyPageFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		who   support.Actor
		after int64
		limit int
		want  []int64
		last  int64
		end   bool
	}{
		{"customer first page", alice, 0, 2, []int64{1}, 2, false},
		{"customer page of internal events only", alice, 2, 2, []int64{}, 4, false},
		{"customer page after internal ones", alice, 4, 2, []int64{5, 6}, 6, false},
		{"customer last page, internal only, ends at the limit", alice, 6, 2, []int64{}, 8, true},
		{"customer at the end", alice, 8, 2, []int64{}, 8, true},
		{"customer all", alice, 0, 0, []int64{1, 5, 6}, 8, true},
		{"customer negative limit is all", alice, 3, -1, []int64{5, 6}, 8, true},
		{"customer huge limit", alice, 0, math.MaxInt, []int64{1, 5, 6}, 8, true},
		{"customer full page at the end", alice, 4, 4, []int64{5, 6}, 8, true},
		{"agent whole history at the limit", agent, 0, 8, []int64{1, 2, 3, 4, 5, 6, 7, 8}, 8, true},
		{"agent one short of the end", agent, 0, 7, []int64{1, 2, 3, 4, 5, 6, 7}, 7, false},
		{"agent last event", agent, 7, 100, []int64{8}, 8, true},
		{"agent at the end", agent, 8, 1, []int64{}, 8, true},
		{"agent huge limit after", agent, 5, math.MaxInt, []int64{6, 7, 8}, 8, true},
		{"admin middle", admin, 2, 3, []int64{3, 4, 5}, 5, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := f.desk.HistoryPage(ctx, tc.who, id, tc.after, tc.limit)
			noErr(t, err)
			if !slices.Equal(tc.want, seqs(p.Events)) {
				t.Fatalf("events %v, want %v", seqs(p.Events), tc.want)
			}
			eq(t, tc.last, p.Last, "Last")
			eq(t, tc.end, p.End, "End")
			for _, e := range p.Events {
				eq(t, id, e.Ticket, "ticket")
				if tc.who.Role == support.RoleCustomer {
					eq(t, false, e.Internal, "internal event in a customer's page")
					if e.Actor.Role.IsStaff() && e.Kind != support.EventReply {
						eq(t, "", e.Actor.ID, "agent named to the customer")
					}
				}
			}
		})
	}
}

// TestHistoryPageErrors: a sequence number ahead of the history, a negative
// one, and tickets the actor cannot reach (whatever the sequence number, so
// that the error tells nothing of someone else's history).
func TestHistoryPageErrors(t *testing.T) {
	f, id := historyPageFixture(t)
	ctx := context.Background()
	for _, after := range []int64{9, 10, math.MaxInt64} {
		for _, who := range []support.Actor{alice, agent} {
			_, err := f.desk.HistoryPage(ctx, who, id, after, 5)
			wantErr(t, err, support.ErrSeqAhead)
			var se *support.SeqError
			if !errors.As(err, &se) {
				t.Fatalf("after %d: %T, want *SeqError", after, err)
			}
			eq(t, support.SeqError{Ticket: id, Seq: after}, *se, "the SeqError")
			if errors.Is(err, support.ErrNotFound) {
				t.Fatal("ErrSeqAhead matches ErrNotFound")
			}
		}
	}
	_, err := f.desk.HistoryPage(ctx, alice, id, 9, 0)
	wantErr(t, err, support.ErrSeqAhead)

	_, err = f.desk.HistoryPage(ctx, alice, id, -1, 5)
	wantErr(t, err, support.ErrInvalidInput)
	var ie *support.InputError
	if !errors.As(err, &ie) || ie.Field != "after" {
		t.Fatalf("negative after: %v, want an *InputError on after", err)
	}

	for _, tc := range []struct {
		name string
		who  support.Actor
		id   support.ID
	}{
		{"someone else's ticket", bob, id},
		{"a ticket Access refuses", support.Agent("outsider"), id},
		{"a missing ticket", alice, "T404"},
		{"a missing ticket for staff", agent, "T404"},
		{"an empty ID", agent, ""},
	} {
		for _, after := range []int64{0, 1, 8, 9, 100} {
			_, err := f.desk.HistoryPage(ctx, tc.who, tc.id, after, 5)
			wantErr(t, err, support.ErrNotFound)
			var nf *support.NotFoundError
			if !errors.As(err, &nf) || nf.ID != tc.id {
				t.Fatalf("%s after %d: %v, want a *NotFoundError", tc.name, after, err)
			}
		}
	}
	_, err = f.desk.HistoryPage(ctx, support.Actor{}, id, 0, 5)
	wantErr(t, err, support.ErrInvalidActor)
}

// TestHistoryPageWalk: a customer paging with any page size reaches the end
// in a bounded number of pages, sees exactly their view of the history in
// order, and picks up what is written later by asking after Last.
func TestHistoryPageWalk(t *testing.T) {
	f, id := historyPageFixture(t)
	ctx := context.Background()
	all, err := f.desk.History(ctx, alice, id, 0, 0)
	noErr(t, err)
	for limit := 1; limit <= 9; limit++ {
		var got []support.Event
		var after int64
		pages := 0
		for {
			p, err := f.desk.HistoryPage(ctx, alice, id, after, limit)
			noErr(t, err)
			pages++
			if pages > 8 {
				t.Fatalf("limit %d: no end after %d pages", limit, pages)
			}
			got = append(got, p.Events...)
			if p.Last < after || (!p.End && p.Last == after) {
				t.Fatalf("limit %d: page after %d did not move on (Last %d, End %v)", limit, after, p.Last, p.End)
			}
			after = p.Last
			if p.End {
				break
			}
		}
		eq(t, int64(8), after, "where the walk ended")
		if !slices.Equal(seqs(all), seqs(got)) {
			t.Fatalf("limit %d: walked %v, want %v", limit, seqs(got), seqs(all))
		}
		eq(t, (8+limit-1)/limit, pages, "pages") // exactly enough, not one more
	}

	_, err = f.desk.Reply(ctx, alice, id, support.ReplyRequest{Body: "Thanks, I will call them"})
	noErr(t, err)
	p, err := f.desk.HistoryPage(ctx, alice, id, 8, 10)
	noErr(t, err)
	if !slices.Equal([]int64{9}, seqs(p.Events)) || p.Last != 9 || !p.End {
		t.Fatalf("after the new reply: %v, Last %d, End %v", seqs(p.Events), p.Last, p.End)
	}
}

func TestRecordIfVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	e := support.Event{Kind: support.EventCustom, Field: "cases.step", To: "one"}
	ev, err := f.desk.RecordIfVersion(ctx, support.System("cases"), tk.ID, tk.Version, e)
	noErr(t, err)
	if ev.Version != tk.Version+1 {
		t.Fatalf("version %d, want %d", ev.Version, tk.Version+1)
	}
	before := len(f.history(t, tk.ID))
	_, err = f.desk.RecordIfVersion(ctx, support.System("cases"), tk.ID, tk.Version, e)
	var ve *support.VersionError
	if !errors.As(err, &ve) || !errors.Is(err, support.ErrStaleVersion) {
		t.Fatalf("stale version: %v", err)
	}
	if got := len(f.history(t, tk.ID)); got != before {
		t.Errorf("a refused record wrote %d events", got-before)
	}
	_, err = f.desk.RecordIfVersion(ctx, support.System("cases"), tk.ID, -1, e)
	if !errors.Is(err, support.ErrInvalidInput) {
		t.Errorf("negative version: %v", err)
	}
}
