package verify

import (
	"context"
	"time"
)

// Store keeps challenges and the send log that rate limits are counted
// from. memstore.NewVerify is the in-memory implementation; every
// implementation passes storetest.RunVerify.
//
// The contract makes brute force impossible under concurrency: every change
// to a challenge is an Update that succeeds only on the version it was read
// at, so two callers who read the same attempt count cannot both write the
// next one (the loser gets ErrConflict, rereads and sees the new count), and
// a verified challenge moves to used exactly once. Quotas are checked in the
// same atomic step as the send they count, so concurrent requests cannot
// overrun them.
//
// Values are copied in and out: a caller may change what it passed or got
// without changing the store. Implementations must be safe for concurrent
// use. Errors other than those named here are the store's own (I/O); the
// Service passes them on wrapped.
type Store interface {
	// Create stores c, a new challenge with Version 1 whose code was just
	// generated, and records a send for c.Account at c.SentAt. When
	// q.Max > 0 and the account already has q.Max or more sends at or
	// after q.Since, nothing is stored and the error matches
	// ErrRateLimited. An ID already held gives ErrExists.
	Create(ctx context.Context, c Challenge, q Quota) error
	// Get returns the challenge with id, or an error matching
	// ErrNotFound.
	Get(ctx context.Context, id string) (Challenge, error)
	// Update replaces the stored challenge c.ID when its stored Version is
	// c.Version, and returns it with Version c.Version+1. A stored version
	// other than c.Version gives an error matching ErrConflict and changes
	// nothing; a missing challenge ErrNotFound. Update records no send.
	Update(ctx context.Context, c Challenge) (Challenge, error)
	// Resend is Update for a challenge whose new code was just generated:
	// it also records a send for c.Account at c.SentAt, and, like Create,
	// refuses with ErrRateLimited (changing nothing) when q.Max > 0 and
	// the account has q.Max or more sends at or after q.Since.
	Resend(ctx context.Context, c Challenge, q Quota) (Challenge, error)
	// Sends returns the times of account's sends at or after since,
	// oldest first.
	Sends(ctx context.Context, account string, since time.Time) ([]time.Time, error)
	// Purge deletes the challenges that expired before before, whatever
	// their status, and the sends before before; it returns how many
	// challenges it deleted.
	Purge(ctx context.Context, before time.Time) (int, error)
}

// Quota limits the sends of one account: at most Max at or after Since. The
// zero Quota limits nothing.
type Quota struct {
	Max   int
	Since time.Time
}
