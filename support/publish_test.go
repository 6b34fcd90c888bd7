package support_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/paydesk/paydesk/support"
)

// pubCheck follows what a Publisher was given against the store: every
// call must be the next change of one ticket, whole (every event of it,
// internal ones too, in sequence order) and nothing else.
type pubCheck struct {
	f    *fixture
	pub  *published
	seen map[support.ID]int64 // the last sequence number published per ticket
}

// want checks that the calls since the last check are, in order, the next
// change of each ticket of changes, with the given kinds of events, and that
// every stored change has been published.
func (c *pubCheck) want(t *testing.T, what string, changes ...pubChange) {
	t.Helper()
	calls := c.pub.take()
	if len(calls) != len(changes) {
		t.Fatalf("%s: %d Publish calls, want %d: %v", what, len(calls), len(changes), calls)
	}
	for i, evs := range calls {
		ch := changes[i]
		stored := c.f.history(t, ch.id)
		from := c.seen[ch.id]
		if len(evs) == 0 || int(from)+len(evs) > len(stored) {
			t.Fatalf("%s: call %d: %d events after seq %d of a history of %d", what, i, len(evs), from, len(stored))
		}
		var kinds []support.EventKind
		for j, e := range evs {
			s := stored[int(from)+j]
			if !reflect.DeepEqual(s, e) {
				t.Fatalf("%s: call %d, event %d:\npublished %+v\nstored    %+v", what, i, j, e, s)
			}
			if e.Version != evs[0].Version {
				t.Fatalf("%s: call %d mixes versions %d and %d: two changes in one call", what, i, evs[0].Version, e.Version)
			}
			kinds = append(kinds, e.Kind)
		}
		c.seen[ch.id] = from + int64(len(evs))
		if !reflect.DeepEqual(ch.kinds, kinds) {
			t.Fatalf("%s: call %d: kinds %v, want %v", what, i, kinds, ch.kinds)
		}
		if ch.internal != evs[0].Internal {
			t.Fatalf("%s: call %d: first event internal %v, want %v", what, i, evs[0].Internal, ch.internal)
		}
	}
	for id, n := range c.seen {
		eq(t, n, int64(len(c.f.history(t, id))), what+": every change of "+string(id)+" published")
	}
}

type pubChange struct {
	id       support.ID
	kinds    []support.EventKind
	internal bool
}

// TestPublisherGetsEveryCommitOnce: the Publisher gets each committed change
// exactly once, whole and in commit order, from every kind of write (Open,
// Reply, Note, both writes of Merge, the record of a failed notification,
// and the other operations), and nothing for changes that change nothing or
// operations that fail.
func TestPublisherGetsEveryCommitOnce(t *testing.T) {
	pub := &published{}
	f := newFixture(t, func(o *support.Options) { o.Publisher = pub })
	c := &pubCheck{f: f, pub: pub, seen: map[support.ID]int64{}}
	ctx := context.Background()
	const (
		created = support.EventCreated
		reply   = support.EventReply
		note    = support.EventNote
		status  = support.EventStatus
		assign  = support.EventAssignment
		merge   = support.EventMerge
		failed  = support.EventNotifyFailed
		custom  = support.EventCustom
		field   = support.EventFieldChange
		prio    = support.EventPriority
	)

	// Open, and a retry with its key: one change.
	r := support.OpenRequest{Subject: "Card declined", Category: support.CategoryPaymentFailed, IdempotencyKey: "o-1"}
	tk, err := f.desk.Open(ctx, alice, r)
	noErr(t, err)
	_, err = f.desk.Open(ctx, alice, r)
	noErr(t, err)
	c.want(t, "open", pubChange{tk.ID, []support.EventKind{created}, false})
	r.Subject = "Other"
	_, err = f.desk.Open(ctx, alice, r)
	wantErr(t, err, support.ErrKeyReused)
	_, err = f.desk.Open(ctx, alice, support.OpenRequest{Category: support.CategoryPaymentFailed})
	wantErr(t, err, support.ErrInvalidInput)
	c.want(t, "failed opens")

	// Reply: the agent's opens the ticket (two events, one change).
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Which shop?", IdempotencyKey: "r-1"})
	noErr(t, err)
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Which shop?", IdempotencyKey: "r-1"})
	noErr(t, err)
	c.want(t, "reply and its retry", pubChange{tk.ID, []support.EventKind{reply, status}, false})
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "changed", IdempotencyKey: "r-1"})
	wantErr(t, err, support.ErrKeyReused)
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "late", IfVersion: 1})
	wantErr(t, err, support.ErrStaleVersion)
	_, err = f.desk.Reply(ctx, bob, tk.ID, support.ReplyRequest{Body: "not mine"})
	wantErr(t, err, support.ErrNotFound)
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: " "})
	wantErr(t, err, support.ErrEmptyBody)
	c.want(t, "failed replies")

	// Notes are internal and published all the same.
	_, err = f.desk.AddNote(ctx, agent, tk.ID, "card network says OK")
	noErr(t, err)
	c.want(t, "note", pubChange{tk.ID, []support.EventKind{note}, true})
	_, err = f.desk.AddNote(ctx, alice, tk.ID, "customers cannot")
	wantErr(t, err, support.ErrForbidden)
	c.want(t, "failed note")

	// Other operations, and the same operations changing nothing.
	_, err = f.desk.Assign(ctx, agent, tk.ID, "agent-1", "")
	noErr(t, err)
	_, err = f.desk.Assign(ctx, agent, tk.ID, "agent-1", "")
	noErr(t, err)
	_, err = f.desk.SetPriority(ctx, agent, tk.ID, support.PriorityUrgent)
	noErr(t, err)
	_, err = f.desk.SetPriority(ctx, agent, tk.ID, support.PriorityUrgent)
	noErr(t, err)
	_, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{Set: []support.Field{{Name: "order", Value: "A-1"}}})
	noErr(t, err)
	_, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{Set: []support.Field{{Name: "order", Value: "A-1"}}})
	noErr(t, err)
	_, err = f.desk.Record(ctx, agent, tk.ID, support.Event{Kind: custom, Field: "chat.typing", Internal: true})
	noErr(t, err)
	_, err = f.desk.SetStatus(ctx, alice, tk.ID, support.StatusChange{To: support.StatusOpen})
	noErr(t, err)
	c.want(t, "other operations",
		pubChange{tk.ID, []support.EventKind{assign}, true},
		pubChange{tk.ID, []support.EventKind{prio}, true},
		pubChange{tk.ID, []support.EventKind{field}, false},
		pubChange{tk.ID, []support.EventKind{custom}, true},
	)

	// Merge: two writes in one commit, published as two changes, the
	// duplicate's first.
	dup := f.open(t, alice, support.OpenRequest{Subject: "Card declined again"})
	other := f.open(t, bob, support.OpenRequest{})
	c.want(t, "opens", pubChange{dup.ID, []support.EventKind{created}, false}, pubChange{other.ID, []support.EventKind{created}, false})
	_, err = f.desk.Merge(ctx, agent, other.ID, tk.ID)
	wantErr(t, err, support.ErrInvalidInput)
	_, err = f.desk.Merge(ctx, alice, dup.ID, tk.ID)
	wantErr(t, err, support.ErrForbidden)
	c.want(t, "failed merges")
	_, err = f.desk.Merge(ctx, agent, dup.ID, tk.ID)
	noErr(t, err)
	c.want(t, "merge",
		pubChange{dup.ID, []support.EventKind{merge, status}, false},
		pubChange{tk.ID, []support.EventKind{merge}, false},
	)
	_, err = f.desk.Merge(ctx, agent, dup.ID, tk.ID)
	wantErr(t, err, support.ErrClosed)
	c.want(t, "merge of a closed ticket")

	// A notification that fails: the change, then the record of the
	// failure, each once.
	f.notes.mu.Lock()
	f.notes.fail = errors.New("smtp: connection refused")
	f.notes.mu.Unlock()
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Try again now"})
	noErr(t, err)
	c.want(t, "reply with a failed notification",
		pubChange{tk.ID, []support.EventKind{reply}, false},
		pubChange{tk.ID, []support.EventKind{failed}, true},
	)
	_, err = f.desk.Solve(ctx, agent, tk.ID)
	noErr(t, err)
	c.want(t, "solve", pubChange{tk.ID, []support.EventKind{status}, false}, pubChange{tk.ID, []support.EventKind{failed}, true})
	// Closing: the failed notification of a closed ticket is not recorded
	// (closed tickets never change), so nothing follows the change.
	_, err = f.desk.Close(ctx, agent, tk.ID)
	noErr(t, err)
	c.want(t, "close", pubChange{tk.ID, []support.EventKind{status}, false})
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "one more thing"})
	wantErr(t, err, support.ErrClosed)
	c.want(t, "reply on a closed ticket")
}
