package memstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paydesk/paydesk/support"
)

var _ support.OutboxStore = (*Store)(nil)

// outboxEntry is a pending outbox message. Its notification is a deep
// copy, owned by the store: a claim hands out copies of it.
type outboxEntry struct {
	msg support.OutboxMessage
}

// newOutboxEntries checks and copies the messages of a checked commit
// (support.Commit.Check). The notifications must encode to JSON, as a
// database would store them.
func newOutboxEntries(ms []support.OutboxMessage) ([]*outboxEntry, error) {
	out := make([]*outboxEntry, len(ms))
	for i, m := range ms {
		if _, err := json.Marshal(&m.Notification); err != nil {
			return nil, fmt.Errorf("memstore: outbox message %q: %w: %w", m.ID, support.ErrInvalidInput, err)
		}
		m.Notification = cloneNotification(m.Notification)
		m.Attempts, m.LastError = 0, ""
		m.CreatedAt = m.CreatedAt.UTC().Round(0)
		m.NextAt = m.CreatedAt
		out[i] = &outboxEntry{msg: m}
	}
	return out, nil
}

// cloneNotification returns a deep copy of n.
func cloneNotification(n support.Notification) support.Notification {
	if n.Ticket != nil {
		n.Ticket = n.Ticket.Clone()
	}
	evs := make([]support.Event, len(n.Events))
	for i := range n.Events {
		evs[i] = n.Events[i].Clone()
	}
	n.Events = evs
	return n
}

// resolveSeqs gives the events of the messages, enqueued before the commit
// numbered them, their sequence numbers (see support.OutboxStore): -k is
// the k-th event of the write of the event's ticket. ws are the commit's
// writes, numbered.
func resolveSeqs(msgs []*outboxEntry, ws []support.Write) {
	for _, m := range msgs {
		evs := m.msg.Notification.Events
		for i := range evs {
			k := evs[i].Seq
			if k >= 0 {
				continue
			}
			for _, w := range ws {
				if w.Ticket.ID == evs[i].Ticket && -k <= int64(len(w.Events)) {
					evs[i].Seq = w.Events[-k-1].Seq
					break
				}
			}
		}
	}
}

// OutboxLen returns the number of pending outbox messages: committed and
// neither sent nor dead.
func (s *Store) OutboxLen() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.outbox)
}

// ClaimOutbox implements support.OutboxStore. It scans the pending
// messages: an in-memory outbox is expected to stay short.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]support.OutboxMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 || lease <= 0 {
		return nil, fmt.Errorf("memstore: claim %d outbox messages for %v: %w", limit, lease, support.ErrInvalidInput)
	}
	now = now.UTC().Round(0)
	s.mu.Lock()
	var due []*outboxEntry
	for _, e := range s.outbox {
		if !e.msg.NextAt.After(now) {
			due = append(due, e)
		}
	}
	slices.SortFunc(due, func(a, b *outboxEntry) int {
		if c := a.msg.NextAt.Compare(b.msg.NextAt); c != 0 {
			return c
		}
		return strings.Compare(a.msg.ID, b.msg.ID)
	})
	due = due[:min(len(due), limit)]
	out := make([]support.OutboxMessage, len(due))
	for i, e := range due {
		e.msg.Attempts++
		e.msg.NextAt = now.Add(lease)
		out[i] = e.msg // the notification is never modified: copy it outside the lock
	}
	s.mu.Unlock()
	for i := range out {
		out[i].Notification = cloneNotification(out[i].Notification)
	}
	return out, nil
}

// MarkSent implements support.OutboxStore; the message is deleted.
func (s *Store) MarkSent(ctx context.Context, id string, attempt int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.claimed(id, attempt); err != nil {
		return err
	}
	delete(s.outbox, id)
	return nil
}

// MarkFailed implements support.OutboxStore; a dead message is deleted.
func (s *Store) MarkFailed(ctx context.Context, id string, attempt int, retryAt time.Time, reason string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.claimed(id, attempt)
	if err != nil {
		return err
	}
	if retryAt.IsZero() {
		delete(s.outbox, id)
		return nil
	}
	e.msg.NextAt = retryAt.UTC().Round(0)
	e.msg.LastError = reason
	return nil
}

// claimed returns the pending message id if its claim is attempt; s.mu is
// held.
func (s *Store) claimed(id string, attempt int) (*outboxEntry, error) {
	e, ok := s.outbox[id]
	if !ok || e.msg.Attempts != attempt || attempt == 0 {
		return nil, fmt.Errorf("memstore: outbox message %q, attempt %d: %w", id, attempt, support.ErrLeaseLost)
	}
	return e, nil
}
