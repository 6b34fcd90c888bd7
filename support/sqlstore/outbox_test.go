package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// TestOutboxLen counts the pending messages as they are committed, sent
// and given up (a dead message stays in the table but is not pending).
func TestOutboxLen(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		ctx := context.Background()
		s := open(t).Tickets()
		want := func(n int) {
			t.Helper()
			if got, err := s.OutboxLen(ctx); err != nil || got != n {
				t.Fatalf("OutboxLen = %d, %v; want %d", got, err, n)
			}
		}
		want(0)
		msg := func(id string) support.OutboxMessage {
			return support.OutboxMessage{ID: id, Notification: support.Notification{ID: id, Customer: "c1"}, CreatedAt: t0}
		}
		err := s.Commit(ctx, support.Commit{Writes: []support.Write{newTicket("o1", "c1", t0, 1)},
			Outbox: []support.OutboxMessage{msg("o1/v1"), msg("o1/v1b")}})
		if err != nil {
			t.Fatal(err)
		}
		want(2)
		ms, err := s.ClaimOutbox(ctx, t0, 10, time.Minute)
		if err != nil || len(ms) != 2 {
			t.Fatalf("claim: %d, %v", len(ms), err)
		}
		if err := s.MarkSent(ctx, ms[0].ID, ms[0].Attempts); err != nil {
			t.Fatal(err)
		}
		want(1)
		if err := s.MarkFailed(ctx, ms[1].ID, ms[1].Attempts, time.Time{}, "bounced"); err != nil {
			t.Fatal(err)
		}
		want(0)
	})
}
