package support

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"
)

// Defaults of DispatcherOptions.
const (
	DefaultOutboxBatch       = 32
	DefaultOutboxLease       = time.Minute
	DefaultOutboxMaxAttempts = 10
	DefaultOutboxMinBackoff  = 5 * time.Second
	DefaultOutboxMaxBackoff  = time.Hour
	DefaultOutboxInterval    = time.Second
)

// DispatcherOptions configure a Dispatcher. The zero value is usable: every
// field has a default. It is plain data, read once by NewDispatcher; the
// functions given must be safe for concurrent use.
type DispatcherOptions struct {
	// Notifier delivers the messages; default the Desk's
	// Options.Notifier. It gets each message's Notification with its ID,
	// which stays the same when a message is delivered again.
	Notifier Notifier
	// Batch is how many messages one claim takes; default
	// DefaultOutboxBatch.
	Batch int
	// Lease is how long a claimed message is the dispatcher's alone; each
	// Notify call gets a context that ends with it. Default
	// DefaultOutboxLease.
	Lease time.Duration
	// MaxAttempts is how many deliveries a message gets before it is
	// marked dead and an internal EventNotifyFailed is recorded on its
	// ticket; default DefaultOutboxMaxAttempts.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the pause before a retry: after the
	// n-th failed attempt it is MinBackoff·2^(n-1), at most MaxBackoff,
	// of which a random half is taken off (jitter), so that failures do
	// not retry in step. Defaults DefaultOutboxMinBackoff and
	// DefaultOutboxMaxBackoff.
	MinBackoff, MaxBackoff time.Duration
	// Interval is how long Run waits when the outbox has nothing due;
	// default DefaultOutboxInterval.
	Interval time.Duration
	// Now returns the current time; default the Desk's Options.Now.
	// Dispatchers of one store must share a clock (see OutboxStore).
	Now func() time.Time
	// Jitter returns a number in [0, 1); default math/rand/v2.Float64.
	Jitter func() float64
	// Logger receives delivery failures; default the Desk's.
	Logger *slog.Logger
}

// Dispatcher delivers the notifications a Desk with Options.Outbox put in
// its store's outbox: it claims due messages (OutboxStore.ClaimOutbox),
// sends each through the Notifier, and marks it sent, or failed with a
// retry time after an exponential, jittered backoff; after MaxAttempts
// failures it marks the message dead and records an internal
// EventNotifyFailed on the ticket, as the Desk does for a failed
// notification without an outbox.
//
// Delivery is at least once: a dispatcher that dies after Notify and
// before MarkSent leaves the message to be sent again when its lease ends.
// Notification.ID lets the Notifier drop such duplicates.
//
// A Dispatcher starts no goroutines: the host runs Run (or calls
// DispatchOnce from its own scheduler). Any number of dispatchers, in one
// process or many, may share a store. A Dispatcher is safe for concurrent
// use.
type Dispatcher struct {
	desk     *Desk
	store    OutboxStore
	notifier Notifier
	batch    int
	lease    time.Duration
	attempts int
	minB     time.Duration
	maxB     time.Duration
	interval time.Duration
	now      func() time.Time
	jitter   func() float64
	log      *slog.Logger
}

// NewDispatcher returns a Dispatcher of desk's outbox. The Desk must have
// been made with Options.Outbox (otherwise an error matching ErrNoOutbox),
// and a Notifier must be given here or in the Desk's Options (otherwise an
// error matching ErrInvalidInput).
func NewDispatcher(desk *Desk, o DispatcherOptions) (*Dispatcher, error) {
	if desk == nil {
		return nil, fmt.Errorf("support: NewDispatcher: nil Desk: %w", ErrInvalidInput)
	}
	store, ok := desk.store.(OutboxStore)
	if !ok || !desk.outbox {
		return nil, fmt.Errorf("support: NewDispatcher: the Desk was made without Options.Outbox: %w", ErrNoOutbox)
	}
	d := &Dispatcher{
		desk: desk, store: store, notifier: o.Notifier, batch: o.Batch, lease: o.Lease,
		attempts: o.MaxAttempts, minB: o.MinBackoff, maxB: o.MaxBackoff, interval: o.Interval,
		now: o.Now, jitter: o.Jitter, log: o.Logger,
	}
	if d.notifier == nil {
		d.notifier = desk.notifier
	}
	if d.notifier == nil {
		return nil, fmt.Errorf("support: NewDispatcher: no Notifier: %w", ErrInvalidInput)
	}
	if d.batch <= 0 {
		d.batch = DefaultOutboxBatch
	}
	if d.lease <= 0 {
		d.lease = DefaultOutboxLease
	}
	if d.attempts <= 0 {
		d.attempts = DefaultOutboxMaxAttempts
	}
	if d.minB <= 0 {
		d.minB = DefaultOutboxMinBackoff
	}
	if d.maxB <= 0 {
		d.maxB = DefaultOutboxMaxBackoff
	}
	d.maxB = max(d.maxB, d.minB)
	if d.interval <= 0 {
		d.interval = DefaultOutboxInterval
	}
	if d.now == nil {
		d.now = desk.now
	}
	if d.jitter == nil {
		d.jitter = rand.Float64
	}
	if d.log == nil {
		d.log = desk.log
	}
	return d, nil
}

// Run dispatches until ctx is done, then returns ctx.Err(). It claims a
// batch at a time, right away again while batches come full, and waits
// Interval when the outbox has nothing due. Store errors are logged and
// retried after Interval.
func (d *Dispatcher) Run(ctx context.Context) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		claimed, _, err := d.dispatch(ctx)
		if err != nil && ctx.Err() == nil {
			d.log.ErrorContext(ctx, "support: outbox dispatch failed", "err", err)
		}
		wait := d.interval
		if err == nil && claimed == d.batch {
			wait = 0
		}
		t.Reset(wait)
	}
}

// DispatchOnce claims one batch of due messages and delivers them. It
// returns how many were sent, and the first error of the store or ctx's (a
// failed delivery is not an error: it is retried later). When ctx ends
// during a delivery, the claimed messages that were not marked stay leased
// and are delivered again when the lease ends.
func (d *Dispatcher) DispatchOnce(ctx context.Context) (int, error) {
	_, sent, err := d.dispatch(ctx)
	return sent, err
}

// dispatch is DispatchOnce, also returning how many messages it claimed.
func (d *Dispatcher) dispatch(ctx context.Context) (claimed, sent int, err error) {
	// The lease ends at now+Lease on the dispatchers' clock (Now); the
	// deliveries are bounded on the real one.
	end := time.Now().Add(d.lease)
	msgs, err := d.store.ClaimOutbox(ctx, d.now(), d.batch, d.lease)
	if err != nil {
		return 0, 0, fmt.Errorf("support: claim outbox messages: %w", err)
	}
	var first error
	for i := range msgs {
		if err := ctx.Err(); err != nil {
			return len(msgs), sent, err
		}
		ok, err := d.deliver(ctx, &msgs[i], end)
		if ok {
			sent++
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return len(msgs), sent, first
}

// deliver sends one claimed message and marks it. It reports whether the
// message was sent, and an error of the store.
func (d *Dispatcher) deliver(ctx context.Context, m *OutboxMessage, leaseEnd time.Time) (bool, error) {
	sctx, cancel := context.WithDeadline(ctx, leaseEnd)
	nerr := d.notifier.Notify(sctx, m.Notification)
	cancel()
	if nerr == nil {
		if err := d.store.MarkSent(ctx, m.ID, m.Attempts); err != nil {
			if errors.Is(err, ErrLeaseLost) {
				// Sent, but another dispatcher has it now: it will be
				// sent again, with the same ID.
				d.log.WarnContext(ctx, "support: outbox lease lost before marking a message sent", "message", m.ID)
				return true, nil
			}
			return true, fmt.Errorf("support: mark outbox message %q sent: %w", m.ID, err)
		}
		return true, nil
	}
	if err := ctx.Err(); err != nil {
		return false, err // shutting down: the lease runs out and another try comes
	}
	n := &m.Notification
	if m.Attempts >= d.attempts {
		d.log.ErrorContext(ctx, "support: notification failed for good; the change is kept",
			"message", m.ID, "customer", n.Customer, "attempts", m.Attempts, "err", nerr)
		err := d.store.MarkFailed(ctx, m.ID, m.Attempts, time.Time{}, reason(nerr))
		if err != nil {
			if errors.Is(err, ErrLeaseLost) {
				return false, nil // another dispatcher has it
			}
			return false, fmt.Errorf("support: mark outbox message %q dead: %w", m.ID, err)
		}
		if id, kind, ok := n.subject(); ok {
			d.desk.recordNotifyFailure(ctx, id, kind, nerr)
		}
		return false, nil
	}
	retry := d.now().Add(d.backoff(m.Attempts))
	d.log.WarnContext(ctx, "support: notification failed; it will be retried",
		"message", m.ID, "customer", n.Customer, "attempts", m.Attempts, "retry_at", retry, "err", nerr)
	if err := d.store.MarkFailed(ctx, m.ID, m.Attempts, retry, reason(nerr)); err != nil && !errors.Is(err, ErrLeaseLost) {
		return false, fmt.Errorf("support: mark outbox message %q failed: %w", m.ID, err)
	}
	return false, nil
}

// backoff returns the pause after the n-th failed attempt: MinBackoff·2^(n-1)
// up to MaxBackoff, less a random part of up to half.
func (d *Dispatcher) backoff(n int) time.Duration {
	b := d.maxB
	if n >= 1 && n < 40 && d.minB<<(n-1) > 0 {
		b = min(d.minB<<(n-1), d.maxB)
	}
	j := d.jitter()
	if j < 0 || j >= 1 {
		j = 0
	}
	return b - time.Duration(float64(b/2)*j)
}

// reason returns err's message for LastError: valid UTF-8, at most about
// 1 KiB.
func reason(err error) string {
	msg := strings.ToValidUTF8(err.Error(), "\uFFFD")
	if len(msg) > 1024 {
		msg = excerpt(msg, 256)
	}
	return msg
}

// subject returns the ticket and the first event kind of n.
func (n *Notification) subject() (ID, EventKind, bool) {
	var id ID
	if n.Ticket != nil {
		id = n.Ticket.ID
	}
	var kind EventKind
	if len(n.Events) > 0 {
		kind = n.Events[0].Kind
		if id == "" {
			id = n.Events[0].Ticket
		}
	}
	return id, kind, id != ""
}
