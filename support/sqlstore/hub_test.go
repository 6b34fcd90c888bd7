package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/sqlstore"
)

var quiet = slog.New(slog.DiscardHandler)

// hub is what the tests need of both hubs.
type hub interface {
	chat.Hub
	Close() error
}

func newDesk(t *testing.T, s support.Store, h hub) *support.Desk {
	t.Helper()
	d, err := support.NewDesk(s, support.Options{Publisher: h, NoSLA: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func open(t *testing.T, d *support.Desk, customer string) support.ID {
	t.Helper()
	tk, err := d.Open(context.Background(), support.Customer(customer), support.OpenRequest{
		Subject: "Transfer not received", Description: "My transfer to my sister has not arrived.",
		Category: support.CategoryPaymentFailed,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID
}

func reply(t *testing.T, d *support.Desk, id support.ID, body string) int64 {
	t.Helper()
	e, err := d.Reply(context.Background(), support.Agent("a1"), id, support.ReplyRequest{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return e.Seq
}

func subscribe(t *testing.T, h hub, src chat.Source, viewer support.Actor, id support.ID, after int64) chat.Subscription {
	t.Helper()
	s, err := h.Subscribe(context.Background(), chat.SubscribeRequest{Source: src, Viewer: viewer, Ticket: id, After: after})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// through reads deliveries until s has passed last, and fails on a gap, a
// duplicate, an event out of order, or a timeout: every Seq after s.Last()
// comes once, in order, except the ones in hidden (internal events, which a
// customer does not see). tick, if not nil, runs while it waits (a poll).
func through(t *testing.T, s chat.Subscription, tick func(), last int64, hidden ...int64) []support.Event {
	t.Helper()
	var got []support.Event
	next := s.Last() + 1
	deadline := time.Now().Add(10 * time.Second)
	for s.Last() < last {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		d, err := s.Next(ctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out: got %v, want up to %d", seqOf(got), last)
			}
			if tick != nil {
				tick()
			}
			continue
		}
		if err != nil {
			t.Fatalf("Next: %v (got %v)", err, seqOf(got))
		}
		if d.IsSignal {
			continue
		}
		for slices.Contains(hidden, next) {
			next++
		}
		if d.Event.Seq != next {
			t.Fatalf("got event %d (%v), want %d; so far %v", d.Event.Seq, d.Event.Kind, next, seqOf(got))
		}
		got = append(got, d.Event)
		next++
	}
	if s.Last() != last {
		t.Fatalf("Last %d, want %d (got %v)", s.Last(), last, seqOf(got))
	}
	return got
}

// quietFor checks that s delivers no event for a while.
func quietFor(t *testing.T, s chat.Subscription, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		got, err := s.Next(ctx)
		if err != nil {
			return
		}
		if !got.IsSignal {
			t.Fatalf("unexpected event %d (%v)", got.Event.Seq, got.Event.Kind)
		}
	}
}

func seqOf(evs []support.Event) []int64 {
	out := make([]int64, len(evs))
	for i, e := range evs {
		out[i] = e.Seq
	}
	return out
}

// checkGoroutines fails when more goroutines run at the end of the test
// than at the start, once they had time to end.
func checkGoroutines(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Errorf("goroutines: %d before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// crossInstance runs the scenario both hubs must pass: two app instances,
// each with its store (storeA and storeB share one database) and its hub;
// sync (nil for a hub that pushes) makes hub b, or a, take in what the
// other committed.
func crossInstance(t *testing.T, storeA, storeB support.Store, a, b hub, syncA, syncB func()) {
	ctx := context.Background()
	store := storeA
	da, db := newDesk(t, storeA, a), newDesk(t, storeB, b)
	id := open(t, da, "c1")
	agentB := subscribe(t, b, db, support.Agent("a2"), id, 0)
	custB := subscribe(t, b, db, support.Customer("c1"), id, 0)
	through(t, agentB, syncB, 1)
	through(t, custB, syncB, 1)

	// A message published through a reaches b's subscribers (with the
	// status change it brings).
	reply(t, da, id, "We are looking at it.")
	last := latest(t, store, id)
	through(t, agentB, syncB, last)
	through(t, custB, syncB, last)

	// A burst, an internal note among it: the customer skips the note.
	reply(t, da, id, "Which bank?")
	note, err := da.AddNote(ctx, support.Agent("a1"), id, "internal: check the SWIFT trace")
	if err != nil {
		t.Fatal(err)
	}
	last = reply(t, da, id, "Thanks.")
	through(t, agentB, syncB, last)
	through(t, custB, syncB, last, note.Seq)

	// Both instances write: b's subscribers see both, in order.
	reply(t, db, id, "From b.")
	last = reply(t, da, id, "From a.")
	through(t, agentB, syncB, last)

	// The customer reconnects to the other instance and resumes without
	// loss: what was committed while away comes first, then live events.
	resume := custB.Last()
	custB.Close()
	reply(t, db, id, "While you were away.")
	custA := subscribe(t, a, da, support.Customer("c1"), id, resume)
	through(t, custA, syncA, latest(t, store, id))
	last = reply(t, db, id, "Live, through b.")
	through(t, custA, syncA, last)
	quietFor(t, custA, 100*time.Millisecond)
	through(t, agentB, syncB, last)
}

// latest returns the Seq of the newest event of ticket id.
func latest(t *testing.T, s support.Store, id support.ID) int64 {
	t.Helper()
	h, err := s.History(context.Background(), id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h[len(h)-1].Seq
}

// sqliteInstances returns the ticket stores of two app instances on one
// SQLite file, each with its own *sql.DB.
func sqliteInstances(t *testing.T) (a, b *sqlstore.Tickets) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	open := func() *sqlstore.Tickets {
		sdb, err := sql.Open("sqlite", sqliteDSN(path))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sdb.Close() })
		return migrated(t, sdb, sqlstore.SQLite).Tickets()
	}
	return open(), open()
}

// pollCrossInstance runs the cross-instance scenario with a PollHub on
// each instance, polled while the test waits.
func pollCrossInstance(t *testing.T, storeA, storeB interface {
	support.Store
	sqlstore.SeqReader
}) {
	checkGoroutines(t)
	newHub := func(seqs sqlstore.SeqReader) *sqlstore.PollHub {
		h, err := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: seqs, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		return h
	}
	a, b := newHub(storeA), newHub(storeB)
	poll := func(h *sqlstore.PollHub) func() {
		return func() {
			if err := h.PollOnce(context.Background()); err != nil {
				t.Error(err)
			}
		}
	}
	crossInstance(t, storeA, storeB, a, b, poll(a), poll(b))
}

func TestPollHubCrossInstance(t *testing.T) {
	storeA, storeB := sqliteInstances(t)
	pollCrossInstance(t, storeA, storeB)
}

// TestPollHubMemstore runs the scenario over memstore, whose LatestSeq
// makes it a SeqReader too (two Desks in one process).
func TestPollHubMemstore(t *testing.T) {
	store := memstore.New()
	pollCrossInstance(t, store, store)
}

func TestPollHubRun(t *testing.T) {
	checkGoroutines(t)
	store := memstore.New()
	a, _ := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: store, Logger: quiet})
	b, _ := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: store, Logger: quiet})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Poll(ctx, 10*time.Millisecond) }()
	defer func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Poll returned %v", err)
		}
	}()
	defer a.Close()
	defer b.Close()
	da, db := newDesk(t, store, a), newDesk(t, store, b)
	id := open(t, da, "c1")
	sub := subscribe(t, b, db, support.Agent("a2"), id, 0)
	for i := range 20 {
		reply(t, da, id, fmt.Sprint("message ", i))
	}
	through(t, sub, nil, latest(t, store, id))
	sub.Close()
	b.Close()
	if _, err := b.Subscribe(context.Background(), chat.SubscribeRequest{Source: db, Viewer: support.Agent("a2"), Ticket: id}); !errors.Is(err, chat.ErrHubClosed) {
		t.Fatalf("Subscribe on a closed hub: %v", err)
	}
}

func TestPollHubLongAbsence(t *testing.T) {
	// Far more events than the hub reads per notice and than the
	// subscriber's buffer: the subscriber reads them from the Source
	// without being cut off.
	store := memstore.New()
	a, _ := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: store, Logger: quiet})
	b, _ := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: store, Logger: quiet, Hub: chat.MemHubOptions{Buffer: 16, PageSize: 8}})
	defer a.Close()
	defer b.Close()
	da, db := newDesk(t, store, a), newDesk(t, store, b)
	id := open(t, da, "c1")
	sub := subscribe(t, b, db, support.Agent("a2"), id, 0)
	through(t, sub, nil, 1)
	for i := range 300 {
		reply(t, da, id, fmt.Sprint("message ", i))
	}
	if err := b.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	through(t, sub, func() { b.PollOnce(context.Background()) }, latest(t, store, id))
}

func TestPollHubOptions(t *testing.T) {
	if _, err := sqlstore.NewPollHub(sqlstore.PollHubOptions{}); !errors.Is(err, support.ErrInvalidInput) {
		t.Fatalf("no Seqs: %v", err)
	}
	if _, err := sqlstore.NewPGHub(sqlstore.PGHubOptions{}); !errors.Is(err, support.ErrInvalidInput) {
		t.Fatalf("no DB: %v", err)
	}
}
