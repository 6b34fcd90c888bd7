package support

import (
	"context"
	"errors"
	"time"
)

// The transactional outbox.
//
// Without it, the Desk calls the Notifier right after a change commits: a
// process that dies between the two loses the notification. With
// Options.Outbox set, the Desk instead puts the notification, already
// localized, into the change's own Commit (Commit.Outbox), so that the
// change and its notification are stored together or not at all, and a
// Dispatcher that the host runs delivers it through the Notifier later,
// retrying with backoff, at least once.

// OutboxMessage is one pending notification in a store's outbox. It is
// plain data (it encodes to JSON, which is how stores may keep it), not
// safe for concurrent modification.
type OutboxMessage struct {
	// ID is unique in the outbox; the Desk uses the notification's ID,
	// NotificationID(ticket, version).
	ID string `json:"id"`
	// Notification is what to deliver, localized when it was enqueued.
	Notification Notification `json:"notification"`
	// CreatedAt is when the change was committed.
	CreatedAt time.Time `json:"created_at"`
	// The fields below are the store's: a commit gives Attempts 0 and
	// NextAt CreatedAt, and ClaimOutbox returns them as it set them.

	// Attempts counts the claims of the message, the one that returned
	// it included: 1 on the first delivery. It identifies the claim in
	// MarkSent and MarkFailed.
	Attempts int `json:"attempts"`
	// NextAt is when the message may be claimed (again): its creation,
	// the end of its lease, or the retry time of a failed delivery.
	NextAt time.Time `json:"next_at"`
	// LastError is the reason given by the last MarkFailed, if any.
	LastError string `json:"last_error,omitempty"`
}

// OutboxStore is a Store with a transactional outbox: Commit stores the
// messages of Commit.Outbox atomically with the commit's writes and keys (a
// commit that fails, such as with a *VersionError, stores none of them),
// and dispatchers take them out with the methods below. memstore.Store and
// sqlstore.Tickets implement it; the Desk requires it for Options.Outbox.
//
// The contract, which storetest.RunOutbox checks:
//
//   - A message is pending from its commit until it is marked sent or
//     dead. Message IDs are unique: a commit repeating a stored ID is
//     refused with an error matching ErrInvalidInput and stores nothing.
//   - The events of a notification are enqueued before the store numbers
//     them: an event of Notification.Events with a negative Seq, -k,
//     stands for the k-th event of the commit's write of its ticket
//     (Event.Ticket), and the store stores it with the Seq it gives that
//     event. Other Seqs are kept as they are.
//   - ClaimOutbox returns up to limit pending messages with NextAt not
//     after now, oldest NextAt first (ties by ID), and leases each until
//     now+lease: it adds one to Attempts, sets NextAt to now+lease and
//     returns the messages as they now are. Concurrent claims (from any
//     number of processes) never return the same message twice while its
//     lease holds; when the lease ends without a mark, the message is due
//     again, so a dispatcher that dies mid-send leaves it to the next
//     one. Dispatchers must therefore share a clock, and deliveries are at
//     least once: a Notifier drops duplicates by Notification.ID. limit
//     and lease must be positive (otherwise ErrInvalidInput).
//   - MarkSent and MarkFailed apply to the claim whose Attempts they name,
//     even after its lease ended, as long as nobody claimed the message
//     since. Otherwise, or when the message is not pending (marked
//     already, or unknown), they change nothing and return an error
//     matching ErrLeaseLost.
//   - MarkSent ends the message: it is never claimed again, and the store
//     may delete it. MarkFailed records reason (LastError) and makes the
//     message due again at retryAt; a zero retryAt marks it dead: never
//     claimed again (the store may keep it for inspection, or delete it).
//
// Implementations must be safe for concurrent use.
type OutboxStore interface {
	Store
	ClaimOutbox(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]OutboxMessage, error)
	MarkSent(ctx context.Context, id string, attempt int) error
	MarkFailed(ctx context.Context, id string, attempt int, retryAt time.Time, reason string) error
}

// ErrLeaseLost reports a MarkSent or MarkFailed whose claim no longer holds
// the message: another dispatcher claimed it after the lease ended, or it
// was marked already.
var ErrLeaseLost = errors.New("support: outbox lease lost")

// ErrNoOutbox reports a Desk asked to use an outbox over a store that is
// not an OutboxStore.
var ErrNoOutbox = errors.New("support: the store has no outbox")

// enqueue returns the outbox messages of a commit's writes: the
// notification of each that the customer should hear of.
func (d *Desk) enqueue(ws []Write, now time.Time) []OutboxMessage {
	var out []OutboxMessage
	for _, w := range ws {
		if n, ok := d.notification(w.Ticket, w.Events); ok {
			out = append(out, OutboxMessage{ID: n.ID, Notification: n, CreatedAt: now, NextAt: now})
		}
	}
	return out
}
