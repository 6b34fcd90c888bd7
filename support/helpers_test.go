package support_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// clock is a settable clock for tests, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// recorder is a Notifier that keeps what it is told and fails on demand.
type recorder struct {
	mu   sync.Mutex
	got  []support.Notification
	fail error
}

func (r *recorder) Notify(_ context.Context, n support.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.got = append(r.got, n)
	return nil
}

func (r *recorder) all() []support.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]support.Notification(nil), r.got...)
}

type fixture struct {
	desk  *support.Desk
	store *memstore.Store
	clock *clock
	notes *recorder
}

// newFixture returns a Desk on a fresh memstore with a test clock, sequential
// IDs and a recording notifier; opts may adjust the options.
func newFixture(t testing.TB, opts ...func(*support.Options)) *fixture {
	t.Helper()
	f := &fixture{store: memstore.New(), clock: newClock(), notes: &recorder{}}
	var mu sync.Mutex
	n := 0
	o := support.Options{
		Now: f.clock.Now,
		NewID: func() support.ID {
			mu.Lock()
			defer mu.Unlock()
			n++
			return support.ID(fmt.Sprintf("T%d", n))
		},
		Notifier: f.notes,
	}
	for _, fn := range opts {
		fn(&o)
	}
	d, err := support.NewDesk(f.store, o)
	if err != nil {
		t.Fatal(err)
	}
	f.desk = d
	return f
}

var (
	alice = support.Customer("alice")
	bob   = support.Customer("bob")
	agent = support.Agent("agent-1")
	admin = support.Admin("root")
)

func (f *fixture) open(t testing.TB, who support.Actor, r support.OpenRequest) *support.Ticket {
	t.Helper()
	if r.Subject == "" {
		r.Subject = "My card payment failed"
	}
	if r.Category == "" {
		r.Category = support.CategoryPaymentFailed
	}
	tk, err := f.desk.Open(context.Background(), who, r)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return tk
}

// history returns the full stored history of id.
func (f *fixture) history(t testing.TB, id support.ID) []support.Event {
	t.Helper()
	h, err := f.store.History(context.Background(), id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (f *fixture) stored(t testing.TB, id support.ID) *support.Ticket {
	t.Helper()
	tk, err := f.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// checkReplay asserts that the history of id replays to the stored ticket.
func (f *fixture) checkReplay(t testing.TB, id support.ID) {
	t.Helper()
	stored := f.stored(t, id)
	got, err := support.Replay(f.history(t, id))
	if err != nil {
		t.Fatalf("replay %s: %v", id, err)
	}
	stored.SLA, stored.SLANext = nil, time.Time{}
	if !reflect.DeepEqual(stored, got) {
		t.Fatalf("replay of %s differs:\nstored   %+v\nreplayed %+v", id, stored, got)
	}
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want one matching %v", err, target)
	}
}

func eq[T comparable](t testing.TB, want, got T, what string) {
	t.Helper()
	if want != got {
		t.Fatalf("%s: want %v, got %v", what, want, got)
	}
}

// published is a Publisher that keeps every call it gets, safe for
// concurrent use.
type published struct {
	mu    sync.Mutex
	calls [][]support.Event
}

func (p *published) Publish(_ context.Context, evs []support.Event) {
	c := make([]support.Event, len(evs))
	for i, e := range evs {
		c[i] = e.Clone()
	}
	p.mu.Lock()
	p.calls = append(p.calls, c)
	p.mu.Unlock()
}

// take returns the calls so far, and forgets them.
func (p *published) take() [][]support.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.calls
	p.calls = nil
	return c
}
