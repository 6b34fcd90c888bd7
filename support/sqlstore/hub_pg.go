package sqlstore

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// Defaults and limits of PGHubOptions.
const (
	// DefaultHubChannel is the PostgreSQL channel of a PGHub by default.
	DefaultHubChannel = "paydesk_chat"
	// MaxNotifyPayload is the largest NOTIFY payload a PGHub sends; the
	// server's limit is 8000 bytes.
	MaxNotifyPayload = 7999
)

// Listener is a dedicated PostgreSQL connection that receives
// notifications: database/sql cannot, so the host supplies one from its
// driver. With pgx, a *pgx.Conn does it in a few lines:
//
//	type pgxListener struct{ c *pgx.Conn }
//
//	func (l pgxListener) Listen(ctx context.Context, channel string) error {
//		_, err := l.c.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
//		return err
//	}
//	func (l pgxListener) WaitForNotification(ctx context.Context) (string, string, error) {
//		n, err := l.c.WaitForNotification(ctx)
//		if err != nil {
//			return "", "", err
//		}
//		return n.Channel, n.Payload, nil
//	}
//	func (l pgxListener) Close(ctx context.Context) error { return l.c.Close(ctx) }
//
// A PGHub uses one Listener from one goroutine (the one running
// PGHub.Listen) and closes it when it is done with it.
type Listener interface {
	// Listen subscribes the connection to channel (LISTEN).
	Listen(ctx context.Context, channel string) error
	// WaitForNotification blocks until a notification arrives on a
	// channel the connection listens to, ctx is done, or the connection
	// fails.
	WaitForNotification(ctx context.Context) (channel, payload string, err error)
	// Close closes the connection.
	Close(ctx context.Context) error
}

// Execer runs a statement: *sql.DB, *sql.Conn and *sql.Tx implement it.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// PGHubOptions configure a PGHub. DB and Dial are required. It is plain
// data, read once by NewPGHub.
type PGHubOptions struct {
	// DB sends the notifications (SELECT pg_notify), usually the host's
	// *sql.DB.
	DB Execer
	// Dial opens a new dedicated connection for listening; PGHub.Listen
	// calls it at the start and after every failure.
	Dial func(ctx context.Context) (Listener, error)
	// Channel is the PostgreSQL channel; default DefaultHubChannel. Every
	// instance of one help desk uses the same.
	Channel string
	// Instance identifies this instance in its notifications, which it
	// ignores when they come back; default a random one.
	Instance string
	// Hub configures the local MemHub.
	Hub chat.MemHubOptions
	// MinBackoff and MaxBackoff bound the pause between reconnection
	// attempts, which doubles from MinBackoff up to MaxBackoff, with
	// jitter; defaults 100ms and 10s.
	MinBackoff, MaxBackoff time.Duration
	// NotifyTimeout bounds each NOTIFY; default 5s. It runs even when
	// the publisher's context is done, since the change is committed.
	NotifyTimeout time.Duration
	// Logger receives failures; default slog.Default().
	Logger *slog.Logger
}

// PGHub is a chat.Hub for hosts that run several instances on one
// PostgreSQL database: a message committed through one instance reaches
// the subscribers connected to any other. Give it to
// support.Options.Publisher and to the chat Service, as a MemHub.
//
// Each instance keeps its subscribers on a local chat.MemHub. Publish
// delivers to them at once and sends a small NOTIFY (the ticket and the
// range of sequence numbers; signals in full) on the channel; Listen, which
// the host runs, receives the other instances' notices on a dedicated
// connection and, for the tickets this instance has subscribers for, reads
// the new events through the subscriptions' Source (as HubActor) and
// publishes them locally. When the connection drops, Listen reconnects
// with backoff and then catches every subscribed ticket up to its newest
// event, so that nothing committed meanwhile is lost; a notice that never
// comes is made up by the next one, since the MemHub reads any gap from
// the Source. Every chat.Hub guarantee holds across instances, except that
// signals (ephemeral by contract) sent while the connection is down are
// lost.
//
// A PGHub starts no goroutines: the host runs Listen and stops it with its
// context or Close. It is safe for concurrent use.
type PGHub struct {
	*relay
	db       Execer
	dial     func(context.Context) (Listener, error)
	channel  string
	instance string
	minB     time.Duration
	maxB     time.Duration
	timeout  time.Duration

	mu      sync.Mutex
	closed  bool
	cancels map[*int]context.CancelFunc // of running Listen calls
}

var _ chat.Hub = (*PGHub)(nil)

// NewPGHub returns a PGHub; it does not connect until Listen.
func NewPGHub(o PGHubOptions) (*PGHub, error) {
	if o.DB == nil || o.Dial == nil {
		return nil, fmt.Errorf("sqlstore: NewPGHub: DB and Dial are required: %w", support.ErrInvalidInput)
	}
	if o.Channel == "" {
		o.Channel = DefaultHubChannel
	}
	if !validChannel(o.Channel) {
		return nil, fmt.Errorf("sqlstore: NewPGHub: channel %q: lower-case letters, digits and '_', at most 63: %w", o.Channel, support.ErrInvalidInput)
	}
	if o.Instance == "" {
		var b [8]byte
		crand.Read(b[:])
		o.Instance = hex.EncodeToString(b[:])
	}
	if len(o.Instance) > 200 {
		return nil, fmt.Errorf("sqlstore: NewPGHub: instance ID over 200 bytes: %w", support.ErrInvalidInput)
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 10 * time.Second
	}
	o.MaxBackoff = max(o.MaxBackoff, o.MinBackoff)
	if o.NotifyTimeout <= 0 {
		o.NotifyTimeout = 5 * time.Second
	}
	return &PGHub{
		relay: newRelay(o.Hub, o.Logger), db: o.DB, dial: o.Dial, channel: o.Channel, instance: o.Instance,
		minB: o.MinBackoff, maxB: o.MaxBackoff, timeout: o.NotifyTimeout,
		cancels: make(map[*int]context.CancelFunc),
	}, nil
}

func validChannel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// notice is the payload of a PGHub notification: either the sequence
// numbers First..Last of Ticket were committed, or Signal was sent on it.
type notice struct {
	Instance string       `json:"i"`
	Ticket   support.ID   `json:"t"`
	First    int64        `json:"f,omitempty"`
	Last     int64        `json:"l,omitempty"`
	Signal   *chat.Signal `json:"s,omitempty"`
}

// Publish implements support.Publisher: it delivers evs to the local
// subscribers and tells the other instances. A NOTIFY that fails is
// logged; the other instances' subscribers then get the events with the
// next notice of the ticket or the next reconnection.
func (h *PGHub) Publish(ctx context.Context, evs []support.Event) {
	h.publish(ctx, evs)
	for len(evs) > 0 {
		n := 1
		lo, hi := evs[0].Seq, evs[0].Seq
		for n < len(evs) && evs[n].Ticket == evs[0].Ticket {
			lo, hi = min(lo, evs[n].Seq), max(hi, evs[n].Seq)
			n++
		}
		h.notify(ctx, notice{Instance: h.instance, Ticket: evs[0].Ticket, First: lo, Last: hi})
		evs = evs[n:]
	}
}

// Signal implements chat.Hub: it delivers s to the local subscribers of
// ticket and sends it to the other instances.
func (h *PGHub) Signal(ctx context.Context, ticket support.ID, s chat.Signal) {
	if !s.Kind.IsValid() {
		return
	}
	h.mem.Signal(ctx, ticket, s)
	h.notify(ctx, notice{Instance: h.instance, Ticket: ticket, Signal: &s})
}

// Subscribe implements chat.Hub.
func (h *PGHub) Subscribe(ctx context.Context, r chat.SubscribeRequest) (chat.Subscription, error) {
	return h.subscribe(ctx, r)
}

func (h *PGHub) notify(ctx context.Context, n notice) {
	b, err := json.Marshal(n)
	if err != nil || len(b) > MaxNotifyPayload {
		h.log.ErrorContext(ctx, "sqlstore: hub notice not sent: too large or not encodable",
			"ticket", string(n.Ticket), "bytes", len(b), "err", err)
		return
	}
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), h.timeout)
	defer cancel()
	if _, err := h.db.ExecContext(nctx, "SELECT pg_notify($1, $2)", h.channel, string(b)); err != nil {
		h.log.ErrorContext(ctx, "sqlstore: hub notice not sent; other instances catch up later",
			"ticket", string(n.Ticket), "err", err)
	}
}

// Listen receives the other instances' notices until ctx is done (it
// returns ctx.Err()) or the hub is closed (chat.ErrHubClosed). The host
// runs it in a goroutine of its own, once per hub. It dials a dedicated
// connection with Dial and LISTENs; after each (re)connection it catches
// the local subscribers up from their Source, and when the connection
// fails it closes it, waits (doubling from MinBackoff up to MaxBackoff,
// with jitter) and dials again.
func (h *PGHub) Listen(ctx context.Context) error {
	ctx, stop, err := h.listening(ctx)
	if err != nil {
		return err
	}
	defer stop()
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := h.pause(ctx, attempt); err != nil {
				return h.ended(ctx)
			}
		}
		if ctx.Err() != nil {
			return h.ended(ctx)
		}
		l, err := h.dial(ctx)
		if err == nil {
			if err = l.Listen(ctx, h.channel); err != nil {
				h.closeListener(l)
			}
		}
		if err != nil {
			if ctx.Err() == nil {
				h.log.WarnContext(ctx, "sqlstore: hub cannot listen; retrying", "attempt", attempt+1, "err", err)
			}
			continue
		}
		attempt = 0
		if err := h.catchUpAll(ctx); err != nil && ctx.Err() == nil {
			h.log.WarnContext(ctx, "sqlstore: hub catch-up failed", "err", err)
		}
		err = h.receive(ctx, l)
		h.closeListener(l)
		if ctx.Err() != nil {
			return h.ended(ctx)
		}
		h.log.WarnContext(ctx, "sqlstore: hub connection lost; reconnecting", "err", err)
	}
}

// listening registers a Listen call, so that Close can end it.
func (h *PGHub) listening(ctx context.Context) (context.Context, func(), error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil, chat.ErrHubClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	key := new(int)
	h.cancels[key] = cancel
	return ctx, func() {
		h.mu.Lock()
		delete(h.cancels, key)
		h.mu.Unlock()
		cancel()
	}, nil
}

// ended returns why Listen ends: the hub's Close or ctx.
func (h *PGHub) ended(ctx context.Context) error {
	h.mu.Lock()
	closed := h.closed
	h.mu.Unlock()
	if closed {
		return chat.ErrHubClosed
	}
	return context.Cause(ctx)
}

func (h *PGHub) pause(ctx context.Context, attempt int) error {
	d := h.maxB
	if attempt < 30 {
		d = min(h.minB<<(attempt-1), h.maxB)
	}
	d = d/2 + rand.N(d/2+1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *PGHub) closeListener(l Listener) {
	ctx, cancel := context.WithTimeout(context.Background(), h.timeout)
	defer cancel()
	if err := l.Close(ctx); err != nil {
		h.log.Debug("sqlstore: closing the hub's connection", "err", err)
	}
}

// receive handles notifications until the connection fails or ctx ends.
func (h *PGHub) receive(ctx context.Context, l Listener) error {
	for {
		channel, payload, err := l.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if channel != h.channel {
			continue
		}
		h.handle(ctx, payload)
	}
}

// handle acts on one notification's payload.
func (h *PGHub) handle(ctx context.Context, payload string) {
	var n notice
	if err := json.Unmarshal([]byte(payload), &n); err != nil || n.Ticket == "" {
		h.log.WarnContext(ctx, "sqlstore: hub ignores a malformed notice", "payload", excerpt(payload), "err", err)
		return
	}
	if n.Instance == h.instance {
		return // ours: delivered locally already
	}
	if n.Signal != nil {
		h.mem.Signal(ctx, n.Ticket, *n.Signal)
		return
	}
	if n.First < 1 || n.Last < n.First {
		return
	}
	if err := h.announce(ctx, n.Ticket, n.First, n.Last); err != nil && ctx.Err() == nil {
		h.log.WarnContext(ctx, "sqlstore: hub cannot read new events", "ticket", string(n.Ticket), "err", err)
	}
}

// catchUpAll publishes the newest event of every ticket with local
// subscribers that the MemHub does not have.
func (h *PGHub) catchUpAll(ctx context.Context) error {
	var errs []error
	for _, id := range h.watched() {
		if err := h.catchUp(ctx, id, 0); err != nil {
			errs = append(errs, fmt.Errorf("sqlstore: catch %q up: %w", string(id), err))
		}
	}
	return errors.Join(errs...)
}

// Close closes the hub: its subscriptions end with chat.ErrHubClosed,
// Subscribe refuses new ones, and running Listen calls return
// chat.ErrHubClosed after closing their connection. It always returns
// nil.
func (h *PGHub) Close() error {
	h.mu.Lock()
	h.closed = true
	for _, cancel := range h.cancels {
		cancel()
	}
	h.mu.Unlock()
	return h.mem.Close()
}

func excerpt(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
