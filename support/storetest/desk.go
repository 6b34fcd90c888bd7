package storetest

import (
	"context"
	"fmt"
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
