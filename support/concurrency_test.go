package support_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// TestConcurrentUpdatesLoseNothing has 32 goroutines update one ticket at
// once with notes, replies and field changes: every update succeeds, is in
// the history exactly once, and the versions count every change.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	const workers, each = 32, 8
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		succeeded = map[string]bool{}
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				body := fmt.Sprintf("update %d/%d", w, i)
				var err error
				switch i % 3 {
				case 0:
					_, err = f.desk.AddNote(ctx, agent, tk.ID, body)
				case 1:
					_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: body})
				default:
					_, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{Set: []support.Field{{Name: fmt.Sprintf("w%d", w), Value: body}}})
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				succeeded[body] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	h := f.history(t, tk.ID)
	for i, e := range h {
		eq(t, int64(i+1), e.Seq, "sequence")
		switch e.Kind {
		case support.EventNote, support.EventReply:
			seen[e.Body]++
		case support.EventFieldChange:
			seen[e.To]++
		}
	}
	eq(t, workers*each, len(succeeded), "updates that succeeded")
	for body := range succeeded {
		eq(t, 1, seen[body], "occurrences of "+body)
	}
	eq(t, len(succeeded), len(seen), "updates in the history")
	eq(t, int64(1+len(succeeded)), f.stored(t, tk.ID).Version, "version counts every change")
	f.checkReplay(t, tk.ID)
}

// TestHotTicketPlainReplies is the hot ticket of a busy chat: 32 goroutines
// each send 100 replies without a version precondition to one ticket. Every
// reply succeeds (none may fail for losing a race), the history holds
// exactly the 3200 replies with distinct sequence numbers, and the Publisher
// got each committed change exactly once.
func TestHotTicketPlainReplies(t *testing.T) {
	pub := &published{}
	var f *fixture
	f = newFixture(t, func(o *support.Options) {
		o.Publisher, o.Notifier = pub, nil
		// Widen the window between a write's read and its commit (the
		// clock is read in between), as a slower store or a busier
		// machine would: without the Desk's ticket locks, writers then
		// overlap on nearly every commit and some run out of retries.
		o.Now = func() time.Time { runtime.Gosched(); return f.clock.Now() }
	})
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	const workers, each = 32, 100
	var wg sync.WaitGroup
	for w := range workers {
		who := alice
		if w%2 == 1 {
			who = support.Agent(fmt.Sprintf("agent-%d", w))
		}
		wg.Go(func() {
			for i := range each {
				if _, err := f.desk.Reply(ctx, who, tk.ID, support.ReplyRequest{Body: fmt.Sprintf("reply %d/%d", w, i)}); err != nil {
					t.Errorf("reply %d/%d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	h := f.history(t, tk.ID)
	seqs := map[int64]bool{}
	bodies := map[string]bool{}
	for _, e := range h {
		if e.Kind != support.EventReply {
			continue
		}
		if seqs[e.Seq] || bodies[e.Body] {
			t.Fatalf("reply %q at seq %d twice", e.Body, e.Seq)
		}
		seqs[e.Seq], bodies[e.Body] = true, true
	}
	eq(t, workers*each, len(seqs), "replies in the history")
	var got []support.Event
	for _, c := range pub.take() {
		got = append(got, c...)
	}
	slices.SortFunc(got, func(a, b support.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	eq(t, len(h), len(got), "published events")
	for i := range h {
		eq(t, h[i].Seq, got[i].Seq, "published event")
		eq(t, h[i].Body, got[i].Body, "published event")
	}
	f.checkReplay(t, tk.ID)
}

// TestHotTicketAcrossDesks runs four Desks on one store, as four processes
// of a host would: their writers race at the store, lose commits to each
// other, and retry until all of them succeed.
func TestHotTicketAcrossDesks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	const desks, workers, each = 4, 4, 25
	var wg sync.WaitGroup
	s := &countingStore{Store: f.store}
	for d := range desks {
		// The yielding clock makes the Desks' writers overlap (see
		// TestHotTicketPlainReplies).
		desk, err := support.NewDesk(s, support.Options{Now: func() time.Time { runtime.Gosched(); return f.clock.Now() }})
		noErr(t, err)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					var err error
					if i%5 == 4 {
						var dup *support.Ticket
						dup, err = desk.Open(ctx, alice, support.OpenRequest{Subject: "Card declined again", Category: support.CategoryPaymentFailed})
						if err == nil {
							_, err = desk.Merge(ctx, agent, dup.ID, tk.ID)
						}
					} else {
						_, err = desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: fmt.Sprintf("reply %d/%d/%d", d, w, i)})
					}
					if err != nil {
						t.Errorf("desk %d, writer %d, %d: %v", d, w, i, err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	replies, merges := 0, 0
	for _, e := range f.history(t, tk.ID) {
		switch e.Kind {
		case support.EventReply:
			replies++
		case support.EventMerge:
			merges++
		}
	}
	t.Logf("%d commits lost and retried", s.lost.Load())
	eq(t, desks*workers*each*4/5, replies, "replies")
	eq(t, desks*workers*each/5, merges, "merges")
	f.checkReplay(t, tk.ID)
}

// countingStore counts the commits that lose a race.
type countingStore struct {
	*memstore.Store
	lost atomic.Int64
}

func (s *countingStore) Commit(ctx context.Context, c support.Commit) error {
	err := s.Store.Commit(ctx, c)
	if errors.Is(err, support.ErrStaleVersion) {
		s.lost.Add(1)
	}
	return err
}

// flakyStore loses the first fail commits, as if another process had
// written the ticket each time.
type flakyStore struct {
	*memstore.Store
	mu   sync.Mutex
	fail int
}

func (s *flakyStore) Commit(ctx context.Context, c support.Commit) error {
	s.mu.Lock()
	lose := s.fail > 0 && c.Writes[0].Prev > 0
	if lose {
		s.fail--
	}
	s.mu.Unlock()
	if lose {
		w := c.Writes[0]
		return &support.VersionError{Ticket: w.Ticket.ID, Expected: w.Prev, Actual: w.Prev + 1}
	}
	return s.Store.Commit(ctx, c)
}

// TestLostCommitsAreRetried: a write without a version precondition is
// retried for as long as it loses (more often than the 32 retries that once
// bounded it), a write with one fails at once, and a retrying write gives up
// when its context ends.
func TestLostCommitsAreRetried(t *testing.T) {
	t.Parallel()
	s := &flakyStore{Store: memstore.New()}
	desk, err := support.NewDesk(s, support.Options{})
	noErr(t, err)
	ctx := context.Background()
	tk, err := desk.Open(ctx, alice, support.OpenRequest{Subject: "Card declined", Category: support.CategoryPaymentFailed})
	noErr(t, err)

	s.mu.Lock()
	s.fail = 34
	s.mu.Unlock()
	e, err := desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "hello?"})
	noErr(t, err)
	eq(t, int64(2), e.Seq, "the reply's sequence number")

	s.mu.Lock()
	s.fail = 1
	s.mu.Unlock()
	_, err = desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "again", IfVersion: 2})
	wantErr(t, err, support.ErrStaleVersion)

	s.mu.Lock()
	s.fail = 1 << 30
	s.mu.Unlock()
	dup, err := desk.Open(ctx, alice, support.OpenRequest{Subject: "Card declined twice", Category: support.CategoryPaymentFailed})
	noErr(t, err)
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = desk.AddNote(cctx, agent, tk.ID, "lost forever")
	wantErr(t, err, context.DeadlineExceeded)
	_, err = desk.Merge(cctx, agent, dup.ID, tk.ID)
	wantErr(t, err, context.DeadlineExceeded)

	s.mu.Lock()
	s.fail = 3
	s.mu.Unlock()
	_, err = desk.Merge(ctx, agent, dup.ID, tk.ID)
	noErr(t, err)
	h, err := s.History(ctx, tk.ID, 0, 0)
	noErr(t, err)
	eq(t, 3, len(h), "created, reply, merge: nothing of the lost writes")
}

// TestTicketLockHonorsContext: a writer waiting for a ticket's lock gives
// up when its context ends, and the ticket is writable again once the
// holder is done.
func TestTicketLockHonorsContext(t *testing.T) {
	hold, release := make(chan struct{}), make(chan struct{})
	f := newFixture(t, func(o *support.Options) {
		o.Access = func(a support.Actor, _ *support.Ticket) bool {
			if a.ID == "slow" {
				close(hold) // holding the ticket's lock, inside its write
				<-release
			}
			return true
		}
	})
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	done := make(chan error)
	go func() {
		_, err := f.desk.AddNote(ctx, support.Agent("slow"), tk.ID, "slow note")
		done <- err
	}()
	<-hold
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err := f.desk.Reply(cctx, alice, tk.ID, support.ReplyRequest{Body: "anyone?"})
	wantErr(t, err, context.DeadlineExceeded)
	// Reads do not take the lock.
	_, err = f.desk.Get(ctx, alice, tk.ID)
	noErr(t, err)
	close(release)
	noErr(t, <-done)
	_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "anyone?"})
	noErr(t, err)
}

// TestTicketLockSurvivesPanic: a callback that panics while the Desk holds a
// ticket's lock (here Options.Access) does not leave the ticket locked.
func TestTicketLockSurvivesPanic(t *testing.T) {
	f := newFixture(t, func(o *support.Options) {
		o.Access = func(a support.Actor, _ *support.Ticket) bool {
			if a.ID == "panicky" {
				panic("access service down")
			}
			return true
		}
	})
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	dup := f.open(t, alice, support.OpenRequest{})
	for _, op := range []func(){
		func() { f.desk.AddNote(ctx, support.Agent("panicky"), tk.ID, "note") },
		func() { f.desk.Merge(ctx, support.Agent("panicky"), dup.ID, tk.ID) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			op()
		}()
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := f.desk.Reply(cctx, alice, tk.ID, support.ReplyRequest{Body: "still there?"})
	noErr(t, err)
	_, err = f.desk.Merge(cctx, agent, dup.ID, tk.ID)
	noErr(t, err)
}
