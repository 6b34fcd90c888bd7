package storetest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// RunOutbox runs the conformance suite of support.OutboxStore (the
// transactional outbox) against the stores newStore returns. Each subtest
// gets a new, empty store. It checks the contract written on
// support.OutboxStore: messages commit atomically with the change, claims
// lease them, concurrent claims never hand one out twice while the lease
// holds, an expired lease hands it out again, failures retry at the given
// time, and a support.Dispatcher over a Desk delivers every notification
// even when a dispatcher dies between the commit and the send.
func RunOutbox(t *testing.T, newStore func(t *testing.T) support.OutboxStore) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s support.OutboxStore)
	}{
		{"CommitStoresMessages", testOutboxCommit},
		{"FailedCommitStoresNothing", testOutboxFailedCommit},
		{"DuplicateID", testOutboxDuplicateID},
		{"EventSeqs", testOutboxSeqs},
		{"ClaimOrderAndLimit", testOutboxOrder},
		{"BadClaims", testOutboxBadClaims},
		{"Lease", testOutboxLease},
		{"MarkFailed", testOutboxMarkFailed},
		{"ConcurrentClaims", testOutboxConcurrentClaims},
		{"DeskDispatcher", testOutboxDesk},
		{"DispatcherDiesBeforeSend", testOutboxDispatcherDies},
		{"DispatcherBackoffAndDead", testOutboxBackoff},
		{"ConcurrentDispatchers", testOutboxConcurrentDispatchers},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// outboxMsg returns an outbox message for version v of ticket tk, created
// at at.
func outboxMsg(tk *support.Ticket, v int64, at time.Time) support.OutboxMessage {
	id := support.NotificationID(tk.ID, v)
	cv := tk.CustomerView()
	return support.OutboxMessage{ID: id, CreatedAt: at, NextAt: at, Notification: support.Notification{
		ID: id, Customer: tk.Customer, Ticket: cv, Language: language.SimplifiedChinese,
		Title: "工单已更新 " + id, Text: "We replied to your request.\nLine two.",
		Events: []support.Event{{Ticket: tk.ID, Version: v, Kind: support.EventReply, At: at, Actor: support.Agent("a1"), Body: "Hello"}},
	}}
}

// createWithOutbox creates ticket id with one outbox message and returns it.
func createWithOutbox(t *testing.T, s support.Store, id string, at time.Time) support.OutboxMessage {
	t.Helper()
	tk := ticket(id, "c1", at)
	m := outboxMsg(tk, 1, at)
	noErr(t, s.Commit(context.Background(), support.Commit{Writes: []support.Write{createWrite(tk)}, Outbox: []support.OutboxMessage{m}}))
	return m
}

func ids(ms []support.OutboxMessage) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func testOutboxCommit(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	want := createWithOutbox(t, s, "t1", base)
	got, err := s.ClaimOutbox(ctx, base, 10, time.Minute)
	noErr(t, err)
	eq(t, 1, len(got), "the committed message is claimable")
	m := got[0]
	eq(t, want.ID, m.ID)
	eq(t, 1, m.Attempts, "the first claim is attempt 1")
	truth(t, m.CreatedAt.Equal(base), "CreatedAt is kept: ", m.CreatedAt)
	truth(t, m.NextAt.Equal(base.Add(time.Minute)), "NextAt is the end of the lease: ", m.NextAt)
	n := m.Notification
	eq(t, want.Notification.ID, n.ID)
	eq(t, "c1", n.Customer)
	eq(t, want.Notification.Title, n.Title)
	eq(t, want.Notification.Text, n.Text)
	eq(t, language.SimplifiedChinese, n.Language)
	truth(t, n.Ticket != nil && n.Ticket.ID == "t1", "the ticket's view is kept")
	eq(t, 1, len(n.Events))
	eq(t, support.EventReply, n.Events[0].Kind)
	eq(t, "Hello", n.Events[0].Body)
}

func testOutboxFailedCommit(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	cur, err := s.Get(ctx, "t1")
	noErr(t, err)
	// A stale write: the ticket is at version 1, the write claims 2.
	stale := cur.Clone()
	stale.Version = 2
	w := updateWrite(stale, base.Add(time.Minute), "late")
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{w}, Outbox: []support.OutboxMessage{outboxMsg(w.Ticket, w.Ticket.Version, base)}})
	asErr[*support.VersionError](t, err)
	// A creation that loses to an existing ticket.
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket("t1", "c1", base))}, Outbox: []support.OutboxMessage{outboxMsg(cur, 1, base)}})
	isErr(t, err, support.ErrStaleVersion)
	// A key already used.
	rec := support.KeyRecord{Scope: "open:c1", Key: "k", Ticket: "t2", At: base}
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket("t2", "c1", base))}, Keys: []support.KeyRecord{rec}}))
	t3 := ticket("t3", "c1", base)
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(t3)}, Keys: []support.KeyRecord{rec}, Outbox: []support.OutboxMessage{outboxMsg(t3, 1, base)}})
	asErr[*support.KeyError](t, err)
	got, err := s.ClaimOutbox(ctx, base.Add(time.Hour), 10, time.Minute)
	noErr(t, err)
	eq(t, 0, len(got), "a failed commit stores no outbox message: ", ids(got))
}

func testOutboxDuplicateID(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	m := createWithOutbox(t, s, "t1", base)
	t2 := ticket("t2", "c1", base)
	err := s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(t2)}, Outbox: []support.OutboxMessage{m}})
	isErr(t, err, support.ErrInvalidInput)
	_, err = s.Get(ctx, "t2")
	isErr(t, err, support.ErrNotFound, "a refused commit writes nothing")
	t3 := ticket("t3", "c1", base)
	m3 := outboxMsg(t3, 1, base)
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(t3)}, Outbox: []support.OutboxMessage{m3, m3}})
	isErr(t, err, support.ErrInvalidInput, "one ID twice in a commit")
	got, err := s.ClaimOutbox(ctx, base, 10, time.Minute)
	noErr(t, err)
	eq(t, []string{m.ID}, ids(got))
}

func testOutboxOrder(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	c := createWithOutbox(t, s, "tc", base.Add(2*time.Second))
	a := createWithOutbox(t, s, "ta", base)
	b := createWithOutbox(t, s, "tb", base.Add(time.Second))
	future := createWithOutbox(t, s, "tf", base.Add(time.Hour))
	got, err := s.ClaimOutbox(ctx, base.Add(time.Minute), 2, time.Minute)
	noErr(t, err)
	eq(t, []string{a.ID, b.ID}, ids(got), "oldest first, at most limit")
	got, err = s.ClaimOutbox(ctx, base.Add(time.Minute), 10, time.Minute)
	noErr(t, err)
	eq(t, []string{c.ID}, ids(got), "leased ones and future ones are not due")
	got, err = s.ClaimOutbox(ctx, base.Add(time.Hour), 10, time.Minute)
	noErr(t, err)
	eq(t, []string{a.ID, b.ID, c.ID, future.ID}, ids(got), "expired leases are due again, by NextAt")
}

func testOutboxBadClaims(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	createWithOutbox(t, s, "t1", base)
	_, err := s.ClaimOutbox(ctx, base, 0, time.Minute)
	isErr(t, err, support.ErrInvalidInput, "limit 0")
	_, err = s.ClaimOutbox(ctx, base, 1, 0)
	isErr(t, err, support.ErrInvalidInput, "lease 0")
	isErr(t, s.MarkSent(ctx, "nope", 1), support.ErrLeaseLost, "unknown message")
	isErr(t, s.MarkFailed(ctx, "nope", 1, base, "x"), support.ErrLeaseLost, "unknown message")
	m := support.NotificationID("t1", 1)
	isErr(t, s.MarkSent(ctx, m, 1), support.ErrLeaseLost, "never claimed")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.ClaimOutbox(cctx, base, 1, time.Minute)
	isErr(t, err, context.Canceled)
	got, err := s.ClaimOutbox(ctx, base, 1, time.Minute)
	noErr(t, err)
	eq(t, 1, len(got), "bad claims claimed nothing")
}

func testOutboxLease(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	m := createWithOutbox(t, s, "t1", base)
	got, err := s.ClaimOutbox(ctx, base, 10, time.Minute)
	noErr(t, err)
	eq(t, 1, len(got))
	got, err = s.ClaimOutbox(ctx, base.Add(59*time.Second), 10, time.Minute)
	noErr(t, err)
	eq(t, 0, len(got), "leased")
	got, err = s.ClaimOutbox(ctx, base.Add(time.Minute), 10, time.Minute)
	noErr(t, err)
	eq(t, 1, len(got), "the lease ended: due again")
	eq(t, 2, got[0].Attempts)
	isErr(t, s.MarkSent(ctx, m.ID, 1), support.ErrLeaseLost, "the first claim lost the message")
	isErr(t, s.MarkFailed(ctx, m.ID, 1, base, "x"), support.ErrLeaseLost, "the first claim lost the message")
	// The second claim holds it even after its lease ended, while nobody
	// claimed it again.
	noErr(t, s.MarkSent(ctx, m.ID, 2))
	isErr(t, s.MarkSent(ctx, m.ID, 2), support.ErrLeaseLost, "marked already")
	got, err = s.ClaimOutbox(ctx, base.Add(24*time.Hour), 10, time.Minute)
	noErr(t, err)
	eq(t, 0, len(got), "a sent message is never claimed again")
}

func testOutboxMarkFailed(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	m := createWithOutbox(t, s, "t1", base)
	dead := createWithOutbox(t, s, "t2", base.Add(time.Second))
	got, err := s.ClaimOutbox(ctx, base.Add(time.Second), 10, time.Minute)
	noErr(t, err)
	eq(t, 2, len(got))
	noErr(t, s.MarkFailed(ctx, m.ID, 1, base.Add(10*time.Minute), "smtp: 451 try later"))
	noErr(t, s.MarkFailed(ctx, dead.ID, 1, time.Time{}, "smtp: 550 no such user"))
	isErr(t, s.MarkFailed(ctx, dead.ID, 1, base, "again"), support.ErrLeaseLost, "dead")
	got, err = s.ClaimOutbox(ctx, base.Add(9*time.Minute), 10, time.Minute)
	noErr(t, err)
	eq(t, 0, len(got), "not before retryAt, even though the lease ended")
	got, err = s.ClaimOutbox(ctx, base.Add(10*time.Minute), 10, time.Minute)
	noErr(t, err)
	eq(t, []string{m.ID}, ids(got), "due at retryAt; dead messages never")
	eq(t, 2, got[0].Attempts)
	eq(t, "smtp: 451 try later", got[0].LastError)
	got, err = s.ClaimOutbox(ctx, base.Add(1000*time.Hour), 10, time.Minute)
	noErr(t, err)
	eq(t, []string{m.ID}, ids(got))
}

func testOutboxConcurrentClaims(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	const n = 60
	for i := range n {
		createWithOutbox(t, s, fmt.Sprintf("t%02d", i), base.Add(time.Duration(i)*time.Millisecond))
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.ClaimOutbox(ctx, base.Add(time.Second), 3, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, m := range got {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		noErr(t, err)
	}
	eq(t, n, len(seen), "every message claimed")
	for id, c := range seen {
		eq(t, 1, c, "claims of ", id)
	}
}

// clock is a settable clock for Desks and Dispatchers.
type clock struct{ ns atomic.Int64 }

func newClock(t time.Time) *clock {
	c := &clock{}
	c.ns.Store(t.UnixNano())
	return c
}
func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }
func (c *clock) Set(t time.Time)         { c.ns.Store(t.UnixNano()) }

// recorder is a Notifier that records what it delivers, by ID.
type recorder struct {
	mu    sync.Mutex
	got   []support.Notification
	count map[string]int
	fail  func(n support.Notification) error // nil: succeed
}

func (r *recorder) Notify(ctx context.Context, n support.Notification) error {
	if r.fail != nil {
		if err := r.fail(n); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.count == nil {
		r.count = map[string]int{}
	}
	r.got = append(r.got, n)
	r.count[n.ID]++
	return nil
}

func (r *recorder) delivered() []support.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]support.Notification(nil), r.got...)
}

// outboxDesk returns a Desk with an outbox over s and its clock.
func outboxDesk(t *testing.T, s support.OutboxStore, n support.Notifier) (*support.Desk, *clock) {
	t.Helper()
	c := newClock(base)
	d, err := support.NewDesk(s, support.Options{Outbox: true, Notifier: n, Now: c.Now, NoSLA: true, Logger: slog.New(slog.DiscardHandler)})
	noErr(t, err)
	return d, c
}

func openTicket(t *testing.T, d *support.Desk, customer string) *support.Ticket {
	t.Helper()
	tk, err := d.Open(context.Background(), support.Customer(customer), support.OpenRequest{
		Subject: "Card payment failed", Description: "My card was declined at a shop.", Category: support.CategoryPaymentFailed,
	})
	noErr(t, err)
	return tk
}

func testOutboxDesk(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	rec := &recorder{}
	d, c := outboxDesk(t, s, rec)
	tk := openTicket(t, d, "c1")
	_, err := d.Reply(ctx, support.Agent("a1"), tk.ID, support.ReplyRequest{Body: "Which shop was it?"})
	noErr(t, err)
	_, err = d.AddNote(ctx, support.Agent("a1"), tk.ID, "internal: looks like a 3DS failure")
	noErr(t, err)
	eq(t, 0, len(rec.delivered()), "with an outbox, the Desk does not notify by itself")
	disp, err := support.NewDispatcher(d, support.DispatcherOptions{Now: c.Now})
	noErr(t, err)
	sent, err := disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 2, sent, "the confirmation and the reply; never the internal note")
	got := rec.delivered()
	eq(t, support.NotificationID(tk.ID, 1), got[0].ID)
	eq(t, support.NotificationID(tk.ID, 2), got[1].ID)
	eq(t, support.EventCreated, got[0].Events[0].Kind)
	eq(t, support.EventReply, got[1].Events[0].Kind)
	eq(t, int64(1), got[0].Events[0].Seq, "the store numbers the events of outbox notifications")
	eq(t, int64(2), got[1].Events[0].Seq, "the store numbers the events of outbox notifications")
	truth(t, got[1].Title != "" && got[1].Text != "", "localized when enqueued")
	sent, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 0, sent, "sent messages are not sent again")
	c.Advance(24 * time.Hour)
	sent, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 0, sent, "sent messages are not sent again")

	// A change that fails on its version precondition enqueues nothing.
	cur, err := s.Get(ctx, tk.ID)
	noErr(t, err)
	_, err = d.Reply(ctx, support.Agent("a1"), tk.ID, support.ReplyRequest{Body: "late", IfVersion: cur.Version - 1})
	asErr[*support.VersionError](t, err)
	// A merge commits the notifications of both tickets.
	dup := openTicket(t, d, "c1")
	_, err = d.Merge(ctx, support.Agent("a1"), dup.ID, tk.ID)
	noErr(t, err)
	// Run delivers them, until its context ends.
	rctx, stop := context.WithCancel(ctx)
	runner, err := support.NewDispatcher(d, support.DispatcherOptions{Now: c.Now, Interval: 5 * time.Millisecond})
	noErr(t, err)
	done := make(chan error, 1)
	go func() { done <- runner.Run(rctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(rec.delivered()) < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	isErr(t, <-done, context.Canceled)
	got = rec.delivered()
	eq(t, 4, len(got), "the opening of the duplicate, and its merge")
	eq(t, support.NotificationID(dup.ID, 1), got[2].ID)
	eq(t, support.NotificationID(dup.ID, 2), got[3].ID)
	eq(t, support.EventMerge, got[3].Events[0].Kind)

	// A Desk without an outbox store, and a Dispatcher without an outbox.
	plain, err := support.NewDesk(s, support.Options{})
	noErr(t, err)
	_, err = support.NewDispatcher(plain, support.DispatcherOptions{Notifier: rec})
	isErr(t, err, support.ErrNoOutbox)
	_, err = support.NewDispatcher(d, support.DispatcherOptions{})
	noErr(t, err)
	noNotifier, _ := outboxDesk(t, s, nil)
	_, err = support.NewDispatcher(noNotifier, support.DispatcherOptions{})
	isErr(t, err, support.ErrInvalidInput)
}

var errCrash = errors.New("storetest: the process died")

func testOutboxDispatcherDies(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	rec := &recorder{}
	d, c := outboxDesk(t, s, rec)
	tk := openTicket(t, d, "c1")

	// The first dispatcher claims the message and dies before it sends:
	// its Notify never returns to mark anything (its context ends).
	dctx, die := context.WithCancel(ctx)
	dying, err := support.NewDispatcher(d, support.DispatcherOptions{Now: c.Now, Lease: time.Minute, Notifier: support.NotifierFunc(func(context.Context, support.Notification) error {
		die()
		return errCrash
	})})
	noErr(t, err)
	sent, err := dying.DispatchOnce(dctx)
	eq(t, 0, sent)
	isErr(t, err, context.Canceled)

	later, err := support.NewDispatcher(d, support.DispatcherOptions{Now: c.Now, Lease: time.Minute})
	noErr(t, err)
	sent, err = later.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 0, sent, "the dead dispatcher's lease holds")
	c.Advance(time.Minute)
	sent, err = later.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 1, sent, "the lease ended: a later dispatcher delivers it")
	got := rec.delivered()
	eq(t, support.NotificationID(tk.ID, 1), got[0].ID)

	// A dispatcher that dies after the send, before marking it: the
	// message comes again, with the same ID (at least once).
	_, err = d.Reply(ctx, support.Agent("a1"), tk.ID, support.ReplyRequest{Body: "Hello"})
	noErr(t, err)
	claimed, err := s.ClaimOutbox(ctx, c.Now(), 10, time.Minute)
	noErr(t, err)
	eq(t, 1, len(claimed))
	noErr(t, rec.Notify(ctx, claimed[0].Notification)) // sent; then the process dies
	c.Advance(time.Minute)
	sent, err = later.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 1, sent)
	rec.mu.Lock()
	eq(t, 2, rec.count[support.NotificationID(tk.ID, 2)], "delivered again, with the same ID for the Notifier to drop")
	rec.mu.Unlock()
}

func testOutboxBackoff(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	var fails atomic.Int32
	rec := &recorder{fail: func(n support.Notification) error {
		fails.Add(1)
		return errors.New("smtp: 451 mailbox busy")
	}}
	d, c := outboxDesk(t, s, rec)
	tk := openTicket(t, d, "c1")
	disp, err := support.NewDispatcher(d, support.DispatcherOptions{
		Now: c.Now, MaxAttempts: 3, MinBackoff: time.Minute, MaxBackoff: 90 * time.Second,
		Jitter: func() float64 { return 0.5 }, Lease: 10 * time.Second,
	})
	noErr(t, err)
	start := c.Now()
	sent, err := disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, 0, sent)
	eq(t, int32(1), fails.Load())
	// First retry after Min·2^0 = 60s, less a quarter (jitter 0.5 of half): 45s.
	c.Set(start.Add(44 * time.Second))
	_, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, int32(1), fails.Load(), "not before the backoff")
	c.Set(start.Add(45 * time.Second))
	_, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, int32(2), fails.Load(), "retried after the backoff")
	// Second retry after min(120s, 90s) less a quarter: 67.5s.
	c.Advance(67 * time.Second)
	_, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, int32(2), fails.Load(), "the backoff grows, up to MaxBackoff")
	c.Advance(time.Second)
	_, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, int32(3), fails.Load(), "third attempt")
	// Three attempts: dead, and recorded on the ticket.
	c.Advance(1000 * time.Hour)
	_, err = disp.DispatchOnce(ctx)
	noErr(t, err)
	eq(t, int32(3), fails.Load(), "a dead message is not retried")
	h, err := s.History(ctx, tk.ID, 0, 0)
	noErr(t, err)
	last := h[len(h)-1]
	eq(t, support.EventNotifyFailed, last.Kind, "the failure is in the ticket's history")
	truth(t, last.Internal)
	eq(t, "smtp: 451 mailbox busy", last.Body)
	eq(t, support.EventCreated.String(), last.Field)
}

func testOutboxConcurrentDispatchers(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	rec := &recorder{}
	d, c := outboxDesk(t, s, rec)
	const n = 40
	for i := range n {
		openTicket(t, d, fmt.Sprintf("c%d", i))
	}
	var wg sync.WaitGroup
	var total atomic.Int64
	errs := make(chan error, 4)
	for range 4 {
		disp, err := support.NewDispatcher(d, support.DispatcherOptions{Now: c.Now, Batch: 3, Lease: time.Hour})
		noErr(t, err)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				sent, err := disp.DispatchOnce(ctx)
				if err != nil {
					errs <- err
					return
				}
				if sent == 0 {
					return
				}
				total.Add(int64(sent))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		noErr(t, err)
	}
	eq(t, int64(n), total.Load())
	rec.mu.Lock()
	defer rec.mu.Unlock()
	eq(t, n, len(rec.count))
	for id, k := range rec.count {
		eq(t, 1, k, "deliveries of ", id)
	}
}

func testOutboxSeqs(t *testing.T, s support.OutboxStore) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	create(t, s, ticket("t2", "c1", base))
	cur1, err := s.Get(ctx, "t1")
	noErr(t, err)
	cur2, err := s.Get(ctx, "t2")
	noErr(t, err)
	w1 := updateWrite(cur1, base.Add(time.Minute), "one")
	w1.Events = append(w1.Events, w1.Events[0])
	w1.Events[1].Kind, w1.Events[1].Internal, w1.Events[1].Body = support.EventReply, false, "two"
	w2 := updateWrite(cur2, base.Add(time.Minute), "three")
	m1 := outboxMsg(w1.Ticket, 2, base)
	m1.Notification.Events = []support.Event{w1.Events[1], w1.Events[1]}
	m1.Notification.Events[0].Seq = -2 // the second event of t1's write
	m1.Notification.Events[1].Seq = 7  // kept
	m2 := outboxMsg(w2.Ticket, 2, base)
	m2.Notification.Events = []support.Event{w2.Events[0]}
	m2.Notification.Events[0].Seq = -1
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w1, w2}, Outbox: []support.OutboxMessage{m1, m2}}))
	got, err := s.ClaimOutbox(ctx, base, 10, time.Minute)
	noErr(t, err)
	eq(t, 2, len(got))
	for _, m := range got {
		switch m.ID {
		case m1.ID:
			eq(t, int64(3), m.Notification.Events[0].Seq, "-2: the Seq of the write's second event")
			eq(t, int64(7), m.Notification.Events[1].Seq)
		case m2.ID:
			eq(t, int64(2), m.Notification.Events[0].Seq, "-1: the Seq of the write's first event")
		}
	}
}
