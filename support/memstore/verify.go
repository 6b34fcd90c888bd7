package memstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/paydesk/paydesk/support/verify"
)

// VerifyStore is an in-memory verify.Store: the challenges of one process
// and the log of codes sent per account. The zero VerifyStore is not
// usable; call NewVerify. A VerifyStore is safe for concurrent use: every
// method runs under one lock, so each is atomic — an Update's version check
// and write, and a quota's count and the send it counts, happen as one
// step. Challenges and sends are kept until Purge deletes them.
type VerifyStore struct {
	mu         sync.RWMutex
	challenges map[string]verify.Challenge
	sends      map[string][]time.Time // by account, in the order recorded
}

var _ verify.Store = (*VerifyStore)(nil)

// NewVerify returns an empty VerifyStore.
func NewVerify() *VerifyStore {
	return &VerifyStore{challenges: make(map[string]verify.Challenge), sends: make(map[string][]time.Time)}
}

// Create stores c and records a send, or refuses it when the account's
// quota is used up.
func (s *VerifyStore) Create(ctx context.Context, c verify.Challenge, q verify.Quota) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.ID == "" {
		return errors.New("memstore: challenge without ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.challenges[c.ID]; ok {
		return fmt.Errorf("memstore: challenge %q: %w", c.ID, verify.ErrExists)
	}
	if err := s.spend(c.Account, c.SentAt, q); err != nil {
		return err
	}
	c = c.Clone()
	c.Version = 1
	s.challenges[c.ID] = c
	return nil
}

// spend records a send for account at at, unless q is used up. The caller
// holds the write lock.
func (s *VerifyStore) spend(account string, at time.Time, q verify.Quota) error {
	log := s.sends[account]
	if q.Max > 0 && s.countSince(log, q.Since) >= q.Max {
		return fmt.Errorf("memstore: account quota used: %w", verify.ErrRateLimited)
	}
	s.sends[account] = append(log, at)
	return nil
}

// countSince counts the sends in log at or after since.
func (s *VerifyStore) countSince(log []time.Time, since time.Time) int {
	n := 0
	for _, t := range log {
		if !t.Before(since) {
			n++
		}
	}
	return n
}

// Get returns a copy of the challenge with id.
func (s *VerifyStore) Get(ctx context.Context, id string) (verify.Challenge, error) {
	if err := ctx.Err(); err != nil {
		return verify.Challenge{}, err
	}
	s.mu.RLock()
	c, ok := s.challenges[id]
	s.mu.RUnlock()
	if !ok {
		return verify.Challenge{}, fmt.Errorf("memstore: challenge %q: %w", id, verify.ErrNotFound)
	}
	return c.Clone(), nil
}

// Update replaces the challenge if its stored version is c.Version.
func (s *VerifyStore) Update(ctx context.Context, c verify.Challenge) (verify.Challenge, error) {
	return s.update(ctx, c, nil)
}

// Resend replaces the challenge like Update and records a send, unless the
// account's quota is used up.
func (s *VerifyStore) Resend(ctx context.Context, c verify.Challenge, q verify.Quota) (verify.Challenge, error) {
	return s.update(ctx, c, &q)
}

func (s *VerifyStore) update(ctx context.Context, c verify.Challenge, q *verify.Quota) (verify.Challenge, error) {
	if err := ctx.Err(); err != nil {
		return verify.Challenge{}, err
	}
	c = c.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.challenges[c.ID]
	if !ok {
		return verify.Challenge{}, fmt.Errorf("memstore: challenge %q: %w", c.ID, verify.ErrNotFound)
	}
	if cur.Version != c.Version {
		return verify.Challenge{}, fmt.Errorf("memstore: challenge %q is at version %d, not %d: %w", c.ID, cur.Version, c.Version, verify.ErrConflict)
	}
	if cur.Account != c.Account {
		return verify.Challenge{}, fmt.Errorf("memstore: challenge %q: the account cannot change: %w", c.ID, verify.ErrConflict)
	}
	if q != nil {
		if err := s.spend(c.Account, c.SentAt, *q); err != nil {
			return verify.Challenge{}, err
		}
	}
	c.Version++
	s.challenges[c.ID] = c
	return c.Clone(), nil
}

// Sends returns the account's sends at or after since, oldest first.
func (s *VerifyStore) Sends(ctx context.Context, account string, since time.Time) ([]time.Time, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []time.Time
	for _, t := range s.sends[account] {
		if !t.Before(since) {
			out = append(out, t)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, time.Time.Compare)
	return out, nil
}

// Purge deletes the challenges that expired before before and the sends
// before before.
func (s *VerifyStore) Purge(ctx context.Context, before time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, c := range s.challenges {
		if c.ExpiresAt.Before(before) {
			delete(s.challenges, id)
			n++
		}
	}
	for account, log := range s.sends {
		log = slices.DeleteFunc(log, func(t time.Time) bool { return t.Before(before) })
		if len(log) == 0 {
			delete(s.sends, account)
		} else {
			s.sends[account] = log
		}
	}
	return n, nil
}
