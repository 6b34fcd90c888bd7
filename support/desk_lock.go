package support

import (
	"context"
	"math/rand/v2"
	"time"
)

// Writes to one ticket, and why they never fail for being concurrent.
//
// The Store offers optimistic concurrency only: Commit refuses a write whose
// base version is no longer the stored one. Retrying a bounded number of
// times is not enough for a hot ticket (a chat with many writers), where a
// writer can lose every race until its retries run out; retrying without
// bound on a store shared by busy writers in the same process spins and can
// starve a writer just the same.
//
// So a Desk serializes its own writes per ticket: every read-modify-commit
// of a ticket holds that ticket's lock, one of lockStripes locks chosen by a
// hash of the ticket ID (tickets that share a stripe wait for each other
// only for the length of one write). Within one Desk, writers of a ticket
// therefore never race: a write without a version precondition commits at
// its first attempt, and a write with one (IfVersion) fails only when the
// ticket really is at another version. The locks are fair: waiters are
// served in arrival order, so no writer starves, and a waiter gives up when
// its context ends.
//
// What the locks cannot see is a writer in another Desk on the same store
// (another process of a multi-instance host, or a second Desk in this one).
// A commit that loses to one of those is retried without bound, after a
// jittered, exponentially growing pause (backoffBase to backoffMax) that
// releases the lock and honors ctx; only IfVersion and the caller's context
// end the retries. As each Desk lets at most one of its writers of a ticket
// race the others, the race is between a few processes, not a few hundred
// goroutines, and random pauses settle it in a few rounds.
//
// This works for any Store and leaves the Store interface alone; a store
// that can serialize writers itself (a SQL store with SELECT ... FOR UPDATE)
// only makes the cross-process retries rarer. The Desk still starts no
// goroutines: the locks are channels, and waiting happens in the caller's
// goroutine.

const (
	lockStripes = 256 // a power of two
	backoffBase = 500 * time.Microsecond
	backoffMax  = 50 * time.Millisecond
)

// ticketLocks is a striped table of fair, context-aware locks: a channel of
// capacity one per stripe, full while the stripe is locked. A blocked send
// queues its goroutine, and an unlock hands the slot to the longest waiter,
// so a newcomer cannot overtake it. It is safe for concurrent use.
type ticketLocks [lockStripes]chan struct{}

func newTicketLocks() *ticketLocks {
	var l ticketLocks
	for i := range l {
		l[i] = make(chan struct{}, 1)
	}
	return &l
}

// stripe returns the stripe of ticket id: FNV-1a of its bytes.
func (l *ticketLocks) stripe(id ID) int {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h ^= uint32(id[i])
		h *= 16777619
	}
	return int(h & (lockStripes - 1))
}

// lock locks stripe i, or returns ctx's error if ctx ends first.
func (l *ticketLocks) lock(ctx context.Context, i int) error {
	select {
	case l[i] <- struct{}{}:
		return nil
	default:
	}
	select {
	case l[i] <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// unlock unlocks stripe i, which the caller locked.
func (l *ticketLocks) unlock(i int) { <-l[i] }

// lock2 locks the stripes of two tickets, in stripe order so that two
// callers cannot deadlock; it returns the stripes to pass to unlock2.
func (l *ticketLocks) lock2(ctx context.Context, a, b ID) (int, int, error) {
	i, j := l.stripe(a), l.stripe(b)
	if i > j {
		i, j = j, i
	}
	if err := l.lock(ctx, i); err != nil {
		return 0, 0, err
	}
	if j != i {
		if err := l.lock(ctx, j); err != nil {
			l.unlock(i)
			return 0, 0, err
		}
	}
	return i, j, nil
}

// unlock2 unlocks what lock2 locked.
func (l *ticketLocks) unlock2(i, j int) {
	if j != i {
		l.unlock(j)
	}
	l.unlock(i)
}

// backoff waits before retry number attempt (from 1) of a commit that lost
// to another Desk: a random time up to backoffBase·2^(attempt-1), capped at
// backoffMax ("full jitter"). It returns ctx's error if ctx ends first.
func backoff(ctx context.Context, attempt int) error {
	limit := backoffMax
	if attempt < 16 {
		limit = min(backoffBase<<(attempt-1), backoffMax)
	}
	t := time.NewTimer(rand.N(limit) + 1)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
