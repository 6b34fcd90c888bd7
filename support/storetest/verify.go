package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support/verify"
)

// RunVerify runs the conformance suite of verify.Store against the stores
// newStore returns. Each subtest gets a new, empty store.
//
// The suite checks the contract written on verify.Store: challenges copied
// in and out with every field (an account change included), ErrNotFound and
// ErrExists, Update's optimistic version check (a stale write is
// ErrConflict and changes nothing), per-account quotas on Create and Resend
// that count only sends in their window and refuse without changing
// anything, Sends and Purge, and under concurrency: no lost attempt, one
// winner among writers of the same version, and a quota that concurrent
// creators cannot overrun. Errors are matched with errors.Is.
func RunVerify(t *testing.T, newStore func(t *testing.T) verify.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s verify.Store)
	}{
		{"CreateGet", testVerifyCreateGet},
		{"Copies", testVerifyCopies},
		{"Missing", testVerifyMissing},
		{"Exists", testVerifyExists},
		{"Update", testVerifyUpdate},
		{"StaleUpdate", testVerifyStaleUpdate},
		{"CreateQuota", testVerifyCreateQuota},
		{"ResendQuota", testVerifyResendQuota},
		{"Sends", testVerifySends},
		{"Purge", testVerifyPurge},
		{"ConcurrentAttempts", testVerifyConcurrentAttempts},
		{"OneWinner", testVerifyOneWinner},
		{"ConcurrentQuota", testVerifyConcurrentQuota},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// challenge returns a pending challenge of account sent at base+sent.
func challenge(id, account string, sent time.Duration) verify.Challenge {
	at := base.Add(sent)
	return verify.Challenge{
		ID: id, Account: account, Ticket: "t1", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail,
		To: "old@example.com", Language: language.SimplifiedChinese, KeyID: "k1",
		Hash: bytes.Repeat([]byte{7}, 32), Digits: 6, Status: verify.StatusPending, MaxAttempts: 5, Sends: 1,
		CreatedAt: at, SentAt: at, ExpiresAt: at.Add(10 * time.Minute), Version: 1,
		Change: &verify.Change{Kind: verify.ChangeEmail, Old: "old@example.com", New: "new@example.com", Status: verify.ChangePending},
	}
}

// sameChallenge fails unless got equals want, times compared with Equal.
func sameChallenge(t *testing.T, want, got verify.Challenge) {
	t.Helper()
	times := func(c *verify.Challenge) []*time.Time {
		ts := []*time.Time{&c.CreatedAt, &c.SentAt, &c.ExpiresAt, &c.VerifiedAt, &c.UsedAt}
		if c.Change != nil {
			ts = append(ts, &c.Change.AppliedAt)
		}
		return ts
	}
	want, got = want.Clone(), got.Clone()
	wt, gt := times(&want), times(&got)
	if len(wt) != len(gt) {
		t.Fatalf("change: want %+v, got %+v", want.Change, got.Change)
	}
	for i := range wt {
		truth(t, wt[i].Equal(*gt[i]), fmt.Sprintf("time %d: want %v, got %v", i, *wt[i], *gt[i]))
		*wt[i], *gt[i] = time.Time{}, time.Time{}
	}
	eq(t, want, got, "challenge")
}

func quota(max int, since time.Duration) verify.Quota {
	return verify.Quota{Max: max, Since: base.Add(since)}
}

func testVerifyCreateGet(t *testing.T, s verify.Store) {
	ctx := context.Background()
	c := challenge("c1", "acct", 0)
	noErr(t, s.Create(ctx, c, verify.Quota{}))
	got, err := s.Get(ctx, "c1")
	noErr(t, err)
	sameChallenge(t, c, got)
	plain := challenge("c2", "acct", 0)
	plain.Change, plain.Ticket = nil, ""
	noErr(t, s.Create(ctx, plain, verify.Quota{}))
	got, err = s.Get(ctx, "c2")
	noErr(t, err)
	sameChallenge(t, plain, got)
}

func testVerifyCopies(t *testing.T, s verify.Store) {
	ctx := context.Background()
	c := challenge("c1", "acct", 0)
	noErr(t, s.Create(ctx, c, verify.Quota{}))
	c.Hash[0] = 0
	c.Change.New = "x@example.com"
	got, err := s.Get(ctx, "c1")
	noErr(t, err)
	truth(t, got.Hash[0] == 7 && got.Change.New == "new@example.com", "Create kept the caller's slices or pointers")
	got.Hash[1] = 0
	got.Change.Status = verify.ChangeApplied
	again, err := s.Get(ctx, "c1")
	noErr(t, err)
	truth(t, again.Hash[1] == 7 && again.Change.Status == verify.ChangePending, "Get returned the store's slices or pointers")
	upd := again.Clone()
	upd.Attempts = 1
	out, err := s.Update(ctx, upd)
	noErr(t, err)
	upd.Hash[2], out.Hash[3] = 0, 0
	out.Change.New = "y@example.com"
	again, err = s.Get(ctx, "c1")
	noErr(t, err)
	truth(t, again.Hash[2] == 7 && again.Hash[3] == 7 && again.Change.New == "new@example.com", "Update shares memory with its caller")
}

func testVerifyMissing(t *testing.T, s verify.Store) {
	ctx := context.Background()
	_, err := s.Get(ctx, "nope")
	isErr(t, err, verify.ErrNotFound)
	_, err = s.Update(ctx, challenge("nope", "acct", 0))
	isErr(t, err, verify.ErrNotFound)
	_, err = s.Resend(ctx, challenge("nope", "acct", 0), verify.Quota{})
	isErr(t, err, verify.ErrNotFound)
}

func testVerifyExists(t *testing.T, s verify.Store) {
	ctx := context.Background()
	noErr(t, s.Create(ctx, challenge("c1", "acct", 0), verify.Quota{}))
	other := challenge("c1", "other", time.Minute)
	isErr(t, s.Create(ctx, other, verify.Quota{}), verify.ErrExists)
	got, err := s.Get(ctx, "c1")
	noErr(t, err)
	eq(t, "acct", got.Account, "a refused Create changed the challenge")
	sends, err := s.Sends(ctx, "other", base)
	noErr(t, err)
	eq(t, 0, len(sends), "a refused Create recorded a send")
}

func testVerifyUpdate(t *testing.T, s verify.Store) {
	ctx := context.Background()
	c := challenge("c1", "acct", 0)
	noErr(t, s.Create(ctx, c, verify.Quota{}))
	c.Attempts, c.Status, c.VerifiedAt = 1, verify.StatusVerified, base.Add(time.Minute)
	got, err := s.Update(ctx, c)
	noErr(t, err)
	eq(t, int64(2), got.Version, "Update's version")
	stored, err := s.Get(ctx, "c1")
	noErr(t, err)
	want := c.Clone()
	want.Version = 2
	sameChallenge(t, want, stored)
	sameChallenge(t, want, got)
	c = stored
	c.Status, c.UsedAt = verify.StatusUsed, base.Add(2*time.Minute)
	c.Change.Status, c.Change.AppliedAt = verify.ChangeApplied, base.Add(2*time.Minute)
	got, err = s.Update(ctx, c)
	noErr(t, err)
	eq(t, int64(3), got.Version)
	eq(t, verify.ChangeApplied, got.Change.Status)
	sends, err := s.Sends(ctx, "acct", base)
	noErr(t, err)
	eq(t, 1, len(sends), "Update recorded a send")
}

func testVerifyStaleUpdate(t *testing.T, s verify.Store) {
	ctx := context.Background()
	c := challenge("c1", "acct", 0)
	noErr(t, s.Create(ctx, c, verify.Quota{}))
	first := c
	first.Attempts = 1
	_, err := s.Update(ctx, first)
	noErr(t, err)
	second := c
	second.Status = verify.StatusVerified
	_, err = s.Update(ctx, second)
	isErr(t, err, verify.ErrConflict, "an Update from version 1 after another")
	_, err = s.Resend(ctx, second, verify.Quota{})
	isErr(t, err, verify.ErrConflict, "a Resend from version 1 after another")
	got, err := s.Get(ctx, "c1")
	noErr(t, err)
	eq(t, int64(2), got.Version)
	eq(t, verify.StatusPending, got.Status, "a stale Update changed the challenge")
	eq(t, 1, got.Attempts)
	sends, err := s.Sends(ctx, "acct", base)
	noErr(t, err)
	eq(t, 1, len(sends), "a stale Resend recorded a send")
}

func testVerifyCreateQuota(t *testing.T, s verify.Store) {
	ctx := context.Background()
	// Two sends before the window do not count.
	for i := range 2 {
		noErr(t, s.Create(ctx, challenge(fmt.Sprintf("old%d", i), "acct", time.Duration(i)*time.Minute), verify.Quota{}))
	}
	window := quota(3, time.Hour)
	for i := range 3 {
		noErr(t, s.Create(ctx, challenge(fmt.Sprintf("c%d", i), "acct", time.Hour+time.Duration(i)*time.Minute), window), "send ", i)
	}
	err := s.Create(ctx, challenge("c3", "acct", time.Hour+5*time.Minute), window)
	isErr(t, err, verify.ErrRateLimited, "the fourth send in the window")
	_, err = s.Get(ctx, "c3")
	isErr(t, err, verify.ErrNotFound, "a refused Create stored the challenge")
	sends, err := s.Sends(ctx, "acct", base.Add(time.Hour))
	noErr(t, err)
	eq(t, 3, len(sends), "a refused Create recorded a send")
	// Other accounts have their own quota; the zero Quota limits nothing.
	noErr(t, s.Create(ctx, challenge("o1", "other", time.Hour), window))
	noErr(t, s.Create(ctx, challenge("c4", "acct", time.Hour+6*time.Minute), verify.Quota{}))
	// The window moves on.
	noErr(t, s.Create(ctx, challenge("c5", "acct", 2*time.Hour+30*time.Second), quota(3, time.Hour+2*time.Minute)))
}

func testVerifyResendQuota(t *testing.T, s verify.Store) {
	ctx := context.Background()
	c := challenge("c1", "acct", 0)
	noErr(t, s.Create(ctx, c, verify.Quota{}))
	window := quota(3, 0)
	for i := 1; i < 3; i++ {
		c.SentAt, c.Sends = base.Add(time.Duration(i)*time.Minute), c.Sends+1
		c.Hash = bytes.Repeat([]byte{byte(i)}, 32)
		got, err := s.Resend(ctx, c, window)
		noErr(t, err, "resend ", i)
		eq(t, c.Version+1, got.Version)
		c = got
	}
	refused := c.Clone()
	refused.SentAt, refused.Sends = base.Add(5*time.Minute), c.Sends+1
	refused.Hash = bytes.Repeat([]byte{9}, 32)
	_, err := s.Resend(ctx, refused, window)
	isErr(t, err, verify.ErrRateLimited, "the fourth send")
	got, err := s.Get(ctx, "c1")
	noErr(t, err)
	sameChallenge(t, c, got)
	sends, err := s.Sends(ctx, "acct", base)
	noErr(t, err)
	eq(t, 3, len(sends))
}

func testVerifySends(t *testing.T, s verify.Store) {
	ctx := context.Background()
	for i, d := range []time.Duration{0, 3 * time.Minute, time.Minute, 10 * time.Minute} {
		noErr(t, s.Create(ctx, challenge(fmt.Sprintf("c%d", i), "acct", d), verify.Quota{}))
	}
	noErr(t, s.Create(ctx, challenge("o", "other", 2*time.Minute), verify.Quota{}))
	sends, err := s.Sends(ctx, "acct", base.Add(time.Minute))
	noErr(t, err)
	eq(t, 3, len(sends))
	for i, want := range []time.Duration{time.Minute, 3 * time.Minute, 10 * time.Minute} {
		truth(t, sends[i].Equal(base.Add(want)), "send ", i, ": ", sends[i])
	}
	sends, err = s.Sends(ctx, "nobody", base)
	noErr(t, err)
	eq(t, 0, len(sends))
}

func testVerifyPurge(t *testing.T, s verify.Store) {
	ctx := context.Background()
	noErr(t, s.Create(ctx, challenge("old", "acct", 0), verify.Quota{}))
	noErr(t, s.Create(ctx, challenge("new", "acct", time.Hour), verify.Quota{}))
	n, err := s.Purge(ctx, base.Add(30*time.Minute))
	noErr(t, err)
	eq(t, 1, n, "purged")
	_, err = s.Get(ctx, "old")
	isErr(t, err, verify.ErrNotFound)
	_, err = s.Get(ctx, "new")
	noErr(t, err)
	sends, err := s.Sends(ctx, "acct", base.Add(-time.Hour))
	noErr(t, err)
	eq(t, 1, len(sends), "sends left after Purge")
}

// testVerifyConcurrentAttempts has many goroutines count attempts on one
// challenge, each retrying from a fresh read on ErrConflict: no attempt is
// lost.
func testVerifyConcurrentAttempts(t *testing.T, s verify.Store) {
	ctx := context.Background()
	noErr(t, s.Create(ctx, challenge("c1", "acct", 0), verify.Quota{}))
	const workers, each = 16, 10
	var wg sync.WaitGroup
	var conflicts atomic.Int64
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range each {
				for {
					c, err := s.Get(ctx, "c1")
					if err != nil {
						errs <- err
						return
					}
					c.Attempts++
					if _, err := s.Update(ctx, c); err == nil {
						break
					} else if !isConflict(err) {
						errs <- err
						return
					}
					conflicts.Add(1)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		noErr(t, err)
	}
	c, err := s.Get(ctx, "c1")
	noErr(t, err)
	eq(t, workers*each, c.Attempts, "attempts counted")
	eq(t, int64(1+workers*each), c.Version, "version")
	t.Logf("%d conflicts retried", conflicts.Load())
}

func isConflict(err error) bool { return errors.Is(err, verify.ErrConflict) }

// testVerifyOneWinner has many goroutines write the same version: exactly
// one wins.
func testVerifyOneWinner(t *testing.T, s verify.Store) {
	ctx := context.Background()
	c := challenge("c1", "acct", 0)
	noErr(t, s.Create(ctx, c, verify.Quota{}))
	const workers = 32
	var wg sync.WaitGroup
	var wins, conflicts atomic.Int64
	start := make(chan struct{})
	for i := range workers {
		wg.Go(func() {
			mine := c.Clone()
			mine.Status, mine.Attempts = verify.StatusUsed, i+1
			<-start
			_, err := s.Update(ctx, mine)
			switch {
			case err == nil:
				wins.Add(1)
			case isConflict(err):
				conflicts.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	eq(t, int64(1), wins.Load(), "writers of one version that won")
	eq(t, int64(workers-1), conflicts.Load(), "writers that got ErrConflict")
}

// testVerifyConcurrentQuota has many goroutines create challenges of one
// account under one quota: exactly Max succeed.
func testVerifyConcurrentQuota(t *testing.T, s verify.Store) {
	ctx := context.Background()
	const workers, limit = 40, 5
	var wg sync.WaitGroup
	var ok, limited atomic.Int64
	start := make(chan struct{})
	for i := range workers {
		wg.Go(func() {
			<-start
			err := s.Create(ctx, challenge(fmt.Sprintf("c%02d", i), "acct", time.Minute), quota(limit, 0))
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, verify.ErrRateLimited):
				limited.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	eq(t, int64(limit), ok.Load(), "creates within the quota")
	eq(t, int64(workers-limit), limited.Load(), "creates refused")
	sends, err := s.Sends(ctx, "acct", base)
	noErr(t, err)
	eq(t, limit, len(sends), "sends recorded")
}
