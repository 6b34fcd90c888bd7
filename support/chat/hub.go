package chat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
)

// Source is where a hub reads the history it did not see live, with the
// access rules of the Desk: *support.Desk implements it. A hub calls it to
// check a subscriber's access, to catch a (re)connecting subscriber up from
// its resume point, and to fill a gap left by a publish that came late or
// never came. It must be safe for concurrent use.
type Source interface {
	HistoryPage(ctx context.Context, a support.Actor, id support.ID, after int64, limit int) (support.HistoryPage, error)
}

// SignalKind says what a Signal tells. It is a plain value, safe for
// concurrent use.
type SignalKind uint8

// The signal kinds. The zero SignalKind is invalid.
const (
	SignalTyping  SignalKind = iota + 1 // Actor started (Typing) or stopped typing
	SignalReceipt                       // Actor has read up to Seq
	SignalQueue                         // the chat's Position in the queue and the estimated Wait; Position 0: no longer waiting
)

var signalNames = [...]string{"", "typing", "receipt", "queue"}

// String returns "typing", "receipt" or "queue".
func (k SignalKind) String() string {
	if k.IsValid() {
		return signalNames[k]
	}
	return fmt.Sprintf("SignalKind(%d)", uint8(k))
}

// IsValid reports whether k is one of the defined kinds.
func (k SignalKind) IsValid() bool { return k >= SignalTyping && k <= SignalQueue }

// MarshalText encodes k as its name.
func (k SignalKind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, fmt.Errorf("chat: cannot encode %v: %w", k, support.ErrInvalidInput)
	}
	return []byte(signalNames[k]), nil
}

// UnmarshalText decodes a kind name as written by String; an unknown name
// is a *support.InputError.
func (k *SignalKind) UnmarshalText(b []byte) error {
	for i := 1; i < len(signalNames); i++ {
		if signalNames[i] == string(b) {
			*k = SignalKind(i)
			return nil
		}
	}
	return &support.InputError{Field: "signal.kind", Reason: support.ErrInvalidInput, Detail: fmt.Sprintf("chat: unknown signal kind %q", b)}
}

// Signal is ephemeral: delivered live through the hub only, never stored,
// and not replayed to a subscriber that resumes. Which fields are set
// depends on Kind. It is a plain value, safe for concurrent use.
type Signal struct {
	Kind     SignalKind    `json:"kind"`
	Actor    support.Actor `json:"actor,omitzero"`     // who is typing, or who read
	Typing   bool          `json:"typing,omitempty"`   // SignalTyping: started (true) or stopped
	Seq      int64         `json:"seq,omitempty"`      // SignalReceipt: Actor has read up to Seq
	Position int           `json:"position,omitempty"` // SignalQueue: place in the queue, 1 = next; 0 = no longer waiting
	Wait     time.Duration `json:"wait,omitempty"`     // SignalQueue: estimated wait
}

// Delivery is one thing a subscription yields: a stored event of the
// ticket, in the viewer's view (Event.Seq > 0), or a signal when IsSignal
// is set. A Delivery is the receiver's own copy, safe to keep and modify.
type Delivery struct {
	Ticket   support.ID    `json:"ticket"`
	IsSignal bool          `json:"is_signal,omitempty"`
	Event    support.Event `json:"event,omitzero"`
	Signal   Signal        `json:"signal,omitzero"`
}

// SubscribeRequest says who subscribes to which chat, and from where. It is
// plain data that Subscribe only reads.
type SubscribeRequest struct {
	// Source checks the viewer's access and serves the history the hub
	// did not see live; required (Service.Subscribe passes its Desk).
	Source Source
	// Viewer is who subscribes. Customers get the customer's view:
	// internal events are left out (Event.CustomerView) and the IDs of
	// staff in signals are blanked, as the Desk blanks them in events.
	Viewer support.Actor
	// Ticket is the chat's ticket.
	Ticket support.ID
	// After is the sequence number to resume after: the Last of the
	// previous subscription, or 0 for the whole history.
	After int64
}

// Hub delivers a ticket's events and signals to its subscribers, in order.
// It is the Desk's Publisher: give the same hub to support.Options.Publisher
// (every committed change is published) and to the chat Service. MemHub is
// the hub for one process; a host running several instances puts one on a
// broker (the SQL store's hub on PostgreSQL LISTEN/NOTIFY).
//
// The contract every implementation keeps: a subscription yields each
// event of the ticket after its resume point exactly once and in sequence
// order, from the Source first and then live, with no gap and no
// duplicate, also when events are committed while it catches up, when
// publishes arrive out of order, and when a publish never comes (the
// missing events are read from the Source as soon as a later one arrives).
// Signals are delivered live, in the order they were published relative to
// other live deliveries, and are never replayed. Publish and Signal never
// block on a subscriber: one that falls too far behind is cut off with a
// *CutOffError and resumes from its Last. Implementations must be safe for
// concurrent use.
type Hub interface {
	// Publish takes committed events (support.Publisher); the Desk calls
	// it after every change. Events with a sequence number the hub has
	// already passed for the ticket are dropped: subscribers read them
	// from the Source.
	support.Publisher
	// Signal delivers s to the live subscribers of ticket. A signal of an
	// invalid kind, or for a ticket without subscribers, is dropped.
	Signal(ctx context.Context, ticket support.ID, s Signal)
	// Subscribe checks r (a *support.InputError for a missing Source, an
	// invalid viewer or a negative After) and the viewer's access through
	// r.Source (an error matching support.ErrNotFound for a chat they may
	// not see, support.ErrSeqAhead for a resume point beyond the
	// history), and returns a subscription that yields every event after
	// r.After, then live events and signals. ctx bounds Subscribe only,
	// not the subscription. On a closed hub it returns ErrHubClosed.
	Subscribe(ctx context.Context, r SubscribeRequest) (Subscription, error)
}

// Subscription is one subscriber's view of a chat. Next is for one
// goroutine at a time; Last and Close are safe to call from any goroutine,
// Close more than once.
type Subscription interface {
	// Next returns the next delivery, blocking until there is one, ctx is
	// done (ctx.Err()), or the subscription ends. A delivery that is ready
	// is returned even when ctx is done; the Source is read with ctx. The
	// subscription ends with a *CutOffError (matching ErrCutOff) when the
	// subscriber fell too far behind, ErrSubscriptionClosed after Close,
	// ErrHubClosed (which matches ErrSubscriptionClosed) after the hub's
	// Close, or an error from the Source other than ctx's (wrapped). Once
	// it has ended, Next returns the same error again.
	Next(ctx context.Context) (Delivery, error)
	// Last returns the sequence number of the last event delivered or
	// passed over (internal events in a customer's view): the resume
	// point, SubscribeRequest.After of the next subscription.
	Last() int64
	// Close ends the subscription and releases what it holds; a Next
	// blocked in another goroutine returns ErrSubscriptionClosed. It
	// always returns nil.
	Close() error
}

// ErrSubscriptionClosed reports a subscription that was closed, by its
// Close or by the hub's.
var ErrSubscriptionClosed = errors.New("chat: subscription closed")

// ErrHubClosed reports a hub that was closed: Subscribe refuses to start,
// and subscriptions end with it. It matches ErrSubscriptionClosed.
var ErrHubClosed error = hubClosedError{}

type hubClosedError struct{}

func (hubClosedError) Error() string        { return "chat: hub closed" }
func (hubClosedError) Is(target error) bool { return target == ErrSubscriptionClosed }

// ErrCutOff is matched by *CutOffError.
var ErrCutOff = errors.New("chat: subscriber cut off")

// CutOffError ends the subscription of a subscriber that fell too far
// behind the live deliveries (more than its bounded buffer). Nothing is
// lost: subscribe again with After set to Last. Like every error here, it
// is not modified after it is returned and is safe for concurrent use.
type CutOffError struct {
	Ticket support.ID
	Last   int64  // resume after this sequence number
	Reason string // why, such as "256 deliveries behind (buffer 256)"
}

// Error describes the ticket, the reason and the resume point.
func (e *CutOffError) Error() string {
	return fmt.Sprintf("chat: subscriber of %q cut off (%s); resume after %d", string(e.Ticket), e.Reason, e.Last)
}

// Is reports whether target is ErrCutOff.
func (e *CutOffError) Is(target error) bool { return target == ErrCutOff }
