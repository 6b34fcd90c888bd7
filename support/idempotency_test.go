package support_test

import (
	"context"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/support"
)

func TestIdempotentOpen(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	req := support.OpenRequest{Subject: "Refund missing", Category: support.CategoryRefund, IdempotencyKey: "retry-1"}
	first, err := f.desk.Open(ctx, alice, req)
	noErr(t, err)
	again, err := f.desk.Open(ctx, alice, req)
	noErr(t, err)
	eq(t, first.ID, again.ID, "retry returns the first ticket")
	eq(t, 1, f.store.Len(), "tickets")
	eq(t, 1, len(f.notes.all()), "notifications")

	changed := req
	changed.Subject = "Something else"
	_, err = f.desk.Open(ctx, alice, changed)
	wantErr(t, err, support.ErrKeyReused)

	// Keys are per customer.
	other, err := f.desk.Open(ctx, bob, req)
	noErr(t, err)
	if other.ID == first.ID {
		t.Fatal("bob got alice's ticket")
	}

	// Concurrent retries: one ticket.
	req.IdempotencyKey = "burst"
	var wg sync.WaitGroup
	ids := make([]support.ID, 16)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := f.desk.Open(ctx, alice, req)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = tk.ID
		}()
	}
	wg.Wait()
	for _, id := range ids {
		eq(t, ids[0], id, "concurrent retries")
	}
	eq(t, 3, f.store.Len(), "tickets")
}

func TestIdempotentReply(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	r := support.ReplyRequest{Body: "Here is the receipt", IdempotencyKey: "m-1"}
	e1, err := f.desk.Reply(ctx, alice, tk.ID, r)
	noErr(t, err)
	e2, err := f.desk.Reply(ctx, alice, tk.ID, r)
	noErr(t, err)
	eq(t, e1.Seq, e2.Seq, "retry returns the first reply")
	eq(t, 2, len(f.history(t, tk.ID)), "history length")
	r.Body = "different"
	_, err = f.desk.Reply(ctx, alice, tk.ID, r)
	wantErr(t, err, support.ErrKeyReused)
	// Another actor's key is another key.
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Thanks", IdempotencyKey: "m-1"})
	noErr(t, err)
}
