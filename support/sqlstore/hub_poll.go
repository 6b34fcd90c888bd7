package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// SeqReader reports how far the histories of tickets go: the store
// implements it with one indexed query (the SQL store's Store does, and
// memstore.Store for tests and single-process hosts).
type SeqReader interface {
	// LatestSeq returns the sequence number of the newest event of each
	// ticket of ids that exists; tickets that do not exist are left out
	// of the map. It must be safe for concurrent use.
	LatestSeq(ctx context.Context, ids []support.ID) (map[support.ID]int64, error)
}

// PollHubOptions configure a PollHub. Seqs is required. It is plain data,
// read once by NewPollHub.
type PollHubOptions struct {
	// Seqs tells how far the tickets' histories go; usually the store.
	Seqs SeqReader
	// Hub configures the local MemHub.
	Hub chat.MemHubOptions
	// Logger receives failures of Poll; default slog.Default().
	Logger *slog.Logger
}

// PollHub is a chat.Hub for several instances over any shared database,
// such as SQLite, without a notification channel: each instance keeps its
// subscribers on a local chat.MemHub, and Poll, which the host runs, asks
// the store for the newest sequence number of every ticket with local
// subscribers (one query per poll, SeqReader) and publishes what other
// instances committed, read through the subscriptions' Source as HubActor.
// Events published through this instance reach its subscribers at once;
// those of others within a poll interval. Signals, being ephemeral, reach
// the local subscribers only.
//
// A PollHub starts no goroutines: the host runs Poll or calls PollOnce. It
// is safe for concurrent use.
type PollHub struct {
	*relay
	seqs SeqReader
}

var _ chat.Hub = (*PollHub)(nil)

// NewPollHub returns a PollHub.
func NewPollHub(o PollHubOptions) (*PollHub, error) {
	if o.Seqs == nil {
		return nil, fmt.Errorf("sqlstore: NewPollHub: Seqs is required: %w", support.ErrInvalidInput)
	}
	return &PollHub{relay: newRelay(o.Hub, o.Logger), seqs: o.Seqs}, nil
}

// Publish implements support.Publisher: it delivers evs to the local
// subscribers; other instances find them when they poll.
func (h *PollHub) Publish(ctx context.Context, evs []support.Event) { h.publish(ctx, evs) }

// Signal implements chat.Hub for the local subscribers.
func (h *PollHub) Signal(ctx context.Context, ticket support.ID, s chat.Signal) {
	h.mem.Signal(ctx, ticket, s)
}

// Subscribe implements chat.Hub.
func (h *PollHub) Subscribe(ctx context.Context, r chat.SubscribeRequest) (chat.Subscription, error) {
	return h.subscribe(ctx, r)
}

// PollOnce reads the newest sequence number of every ticket with local
// subscribers and publishes the events this instance has not seen. It
// returns the first error of the store or the Source.
func (h *PollHub) PollOnce(ctx context.Context) error {
	ids := h.watched()
	if len(ids) == 0 {
		return nil
	}
	latest, err := h.seqs.LatestSeq(ctx, ids)
	if err != nil {
		return fmt.Errorf("sqlstore: poll: %w", err)
	}
	var errs []error
	for _, id := range ids {
		if seq := latest[id]; seq > 0 {
			if err := h.catchUp(ctx, id, seq); err != nil {
				errs = append(errs, fmt.Errorf("sqlstore: poll %q: %w", string(id), err))
			}
		}
	}
	return errors.Join(errs...)
}

// Poll calls PollOnce every interval (at least 10ms) until ctx is done,
// then returns ctx.Err(); errors are logged. The host runs it in a
// goroutine of its own.
func (h *PollHub) Poll(ctx context.Context, interval time.Duration) error {
	interval = max(interval, 10*time.Millisecond)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := h.PollOnce(ctx); err != nil && ctx.Err() == nil {
			h.log.WarnContext(ctx, "sqlstore: hub poll failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Close closes the hub: its subscriptions end with chat.ErrHubClosed and
// Subscribe refuses new ones. It always returns nil. Poll goes on until
// its context ends, with nothing to do.
func (h *PollHub) Close() error { return h.mem.Close() }
