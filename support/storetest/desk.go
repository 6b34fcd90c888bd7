package storetest

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

// testDesk runs a Desk on the store through a ticket's life and checks that
// every history replays to the stored ticket.
func testDesk(t *testing.T, s support.Store) {
	ctx := context.Background()
	now := base
	n := 0
	desk, err := support.NewDesk(s, support.Options{
		Now:   func() time.Time { now = now.Add(time.Minute); return now },
		NewID: func() support.ID { n++; return support.ID(fmt.Sprintf("tkt-%d", n)) },
	})
	noErr(t, err)
	alice, agent := support.Customer("alice"), support.Agent("agent-7")

	tk, err := desk.Open(ctx, alice, support.OpenRequest{Subject: "Transfer to my bank is late", Category: support.CategoryPaymentDelayed, IdempotencyKey: "open-1"})
	noErr(t, err)
	again, err := desk.Open(ctx, alice, support.OpenRequest{Subject: "Transfer to my bank is late", Category: support.CategoryPaymentDelayed, IdempotencyKey: "open-1"})
	noErr(t, err)
	eq(t, tk.ID, again.ID, "a retried open returns the first ticket")

	_, err = desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "We asked your bank.", Status: support.StatusOnHold})
	noErr(t, err)
	_, err = desk.AddNote(ctx, agent, tk.ID, "bank case 8841")
	noErr(t, err)
	_, err = desk.Solve(ctx, agent, tk.ID)
	noErr(t, err)
	_, err = desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "Still not there!", IdempotencyKey: "r1"})
	noErr(t, err)
	_, err = desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "Still not there!", IdempotencyKey: "r1"})
	noErr(t, err)

	other, err := desk.Open(ctx, alice, support.OpenRequest{Subject: "Where is my transfer", Category: support.CategoryPaymentDelayed})
	noErr(t, err)
	_, err = desk.Merge(ctx, agent, other.ID, tk.ID)
	noErr(t, err)

	for _, id := range []support.ID{tk.ID, other.ID} {
		stored, err := s.Get(ctx, id)
		noErr(t, err)
		h, err := s.History(ctx, id, 0, 0)
		noErr(t, err)
		replayed, err := support.Replay(h)
		noErr(t, err)
		stored.SLA, stored.SLANext = nil, time.Time{}
		equal(t, stored, replayed)
	}
	h, err := desk.History(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	replies := 0
	for _, e := range h {
		truth(t, !(e.Internal), "customers see no internal events")
		if e.Kind == support.EventReply && e.Actor.Role == support.RoleCustomer {
			replies++
		}
	}
	eq(t, 1, replies, "a retried reply is written once")
	p, err := desk.ListCustomer(ctx, alice, "alice", support.ListOptions{})
	noErr(t, err)
	eq(t, 2, len(p.Tickets))
	eq(t, tk.ID, p.Tickets[0].ID, "newest activity first")
}

// testDeskHotTicket has two Desks on the store, as two processes of a host
// would, each with writers sending plain replies (without IfVersion) to one
// ticket: every reply succeeds and is in the history once. The Desks' own
// writers take turns, and the writes that race between the Desks must lose
// at the store with an error matching support.ErrStaleVersion, which the
// Desk retries; a store that reported the conflict otherwise would fail
// replies here.
func testDeskHotTicket(t *testing.T, s support.Store) {
	ctx := context.Background()
	var mu sync.Mutex
	now, n := base, 0
	opts := support.Options{
		Now: func() time.Time {
			runtime.Gosched() // let writers overlap between read and commit
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(time.Millisecond)
			return now
		},
		NewID: func() support.ID {
			mu.Lock()
			defer mu.Unlock()
			n++
			return support.ID(fmt.Sprintf("tkt-%d", n))
		},
	}
	alice := support.Customer("alice")
	var desks [2]*support.Desk
	for i := range desks {
		d, err := support.NewDesk(s, opts)
		noErr(t, err)
		desks[i] = d
	}
	tk, err := desks[0].Open(ctx, alice, support.OpenRequest{Subject: "Chat", Category: support.CategoryOther})
	noErr(t, err)
	const writers, each = 4, 10
	var wg sync.WaitGroup
	for d, desk := range desks {
		for w := range writers {
			who := alice
			if w%2 == 1 {
				who = support.Agent(fmt.Sprintf("agent-%d", w))
			}
			wg.Go(func() {
				for i := range each {
					if _, err := desk.Reply(ctx, who, tk.ID, support.ReplyRequest{Body: fmt.Sprintf("%d/%d/%d", d, w, i)}); err != nil {
						t.Errorf("reply %d/%d/%d: %v", d, w, i, err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	h, err := s.History(ctx, tk.ID, 0, 0)
	noErr(t, err)
	seen := map[string]bool{}
	for i, e := range h {
		eq(t, int64(i+1), e.Seq, "sequence numbers without gaps")
		if e.Kind == support.EventReply {
			truth(t, !seen[e.Body], "reply written twice: ", e.Body)
			seen[e.Body] = true
		}
	}
	eq(t, len(desks)*writers*each, len(seen), "replies in the history")
}
