package support_test

import (
	"context"
	"errors"
	"fmt"
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

// TestReplyKeyScopeCannotBeCrafted reproduces the crafted-ID attack on
// reply keys. Keys were scoped "reply:" + ticket + ":" + actor, unescaped,
// and looked up before the ticket was, so customer B could send a reply on a
// made-up ticket ID whose scope spelled customer A's, and learn from
// ErrKeyReused (instead of not-found) that A used the key, and from the
// answer to each guess of A's message whether it was right. Now the ticket is
// checked first, and scopes quote their parts.
func TestReplyKeyScopeCannotBeCrafted(t *testing.T) {
	// A's ID ends in ":customer:" and B's ID, so that the old scope of A's
	// key on T equals the old scope of B's key on "T:customer:victim".
	victim, attacker := support.Customer("victim:customer:mallory"), support.Customer("mallory")
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, victim, support.OpenRequest{})
	_, err := f.desk.Reply(ctx, victim, tk.ID, support.ReplyRequest{Body: "my PIN hint is blue", IdempotencyKey: "K"})
	noErr(t, err)
	crafted := tk.ID + ":customer:victim"
	eq(t, "reply:"+string(tk.ID)+":"+victim.String(), "reply:"+string(crafted)+":"+attacker.String(), "the old scopes collide")
	for _, guess := range []string{"my PIN hint is blue", "my PIN hint is red"} {
		_, err = f.desk.Reply(ctx, attacker, crafted, support.ReplyRequest{Body: guess, IdempotencyKey: "K"})
		wantErr(t, err, support.ErrNotFound)
		if errors.Is(err, support.ErrKeyReused) {
			t.Fatalf("guess %q: %v", guess, err)
		}
	}
	// The same with someone else's real ticket: not found, never the key.
	_, err = f.desk.Reply(ctx, attacker, tk.ID, support.ReplyRequest{Body: "my PIN hint is red", IdempotencyKey: "K"})
	wantErr(t, err, support.ErrNotFound)
}

// TestKeyScopesDoNotCollide: even on a ticket the attacker owns, whose ID is
// the crafted one, the attacker's key is their own: the reply is written,
// not answered with the victim's record.
func TestKeyScopesDoNotCollide(t *testing.T) {
	victim, attacker := support.Customer("victim:customer:mallory"), support.Customer("mallory")
	n := 0
	f := newFixture(t, func(o *support.Options) {
		o.NewID = func() support.ID {
			n++
			if n == 2 {
				return "T1:customer:victim"
			}
			return support.ID(fmt.Sprintf("T%d", n))
		}
	})
	ctx := context.Background()
	tk := f.open(t, victim, support.OpenRequest{})
	mine := f.open(t, attacker, support.OpenRequest{})
	eq(t, "T1:customer:victim", string(mine.ID), "the attacker's ticket")
	_, err := f.desk.Reply(ctx, victim, tk.ID, support.ReplyRequest{Body: "secret", IdempotencyKey: "K"})
	noErr(t, err)
	for _, body := range []string{"secret", "guess"} {
		e, err := f.desk.Reply(ctx, attacker, mine.ID, support.ReplyRequest{Body: body, IdempotencyKey: "K"})
		if body == "secret" {
			noErr(t, err)
			eq(t, mine.ID, e.Ticket, "a reply of its own")
		} else {
			wantErr(t, err, support.ErrKeyReused) // the attacker's own first reply with K
		}
	}
	eq(t, 2, len(f.history(t, mine.ID)), "the attacker's ticket: created and one reply")
	eq(t, 2, len(f.history(t, tk.ID)), "the victim's ticket: created and one reply")

	// Open keys: a customer's ID cannot spell another's scope either, and
	// an agent's key for a customer is not the customer's.
	r := support.OpenRequest{Subject: "Refund", Category: support.CategoryRefund, IdempotencyKey: "O"}
	a, err := f.desk.Open(ctx, support.Customer(`x":"customer":"y`), r)
	noErr(t, err)
	b, err := f.desk.Open(ctx, support.Customer("x"), r)
	noErr(t, err)
	if a.ID == b.ID {
		t.Fatal("two customers share an open key")
	}
	r.Customer = "x"
	c, err := f.desk.Open(ctx, agent, r)
	noErr(t, err)
	if c.ID == b.ID {
		t.Fatal("an agent's open key answered with the customer's ticket")
	}
	again, err := f.desk.Open(ctx, agent, r)
	noErr(t, err)
	eq(t, c.ID, again.ID, "the agent's retry")
}
