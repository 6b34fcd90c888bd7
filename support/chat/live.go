package chat

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/paydesk/paydesk/support"
)

// ErrNoHub reports a real-time operation on a Service without a Hub.
var ErrNoHub = errors.New("chat: no hub configured")

// Subscribe returns a subscription to ticket id's chat for a: every event
// after sequence number after (from the store, then live), typing, receipt
// and queue signals, in order. A customer subscribes only to their own
// chats and gets the customer's view; a resume point beyond the end of the
// history matches support.ErrSeqAhead.
func (s *Service) Subscribe(ctx context.Context, a support.Actor, id support.ID, after int64) (Subscription, error) {
	if s.hub == nil {
		return nil, ErrNoHub
	}
	return s.hub.Subscribe(ctx, SubscribeRequest{Source: s.desk, Viewer: a, Ticket: id, After: after})
}

// Typing tells the other side that a is typing (on) or stopped. It is
// delivered live through the hub and never stored. An agent must hold the
// chat.
func (s *Service) Typing(ctx context.Context, a support.Actor, id support.ID, on bool) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if _, err := s.desk.Get(ctx, a, id); err != nil {
		return err
	}
	if err := s.mustHold(ctx, a, id); err != nil {
		return err
	}
	s.signal(ctx, id, Signal{Kind: SignalTyping, Actor: a, Typing: on})
	return nil
}

// MarkRead records that a has read ticket id's chat up to sequence number
// seq and tells the other side. Receipts never move back. A seq beyond the
// history matches support.ErrSeqAhead; nothing is stored then.
func (s *Service) MarkRead(ctx context.Context, a support.Actor, id support.ID, seq int64) (Receipt, error) {
	if err := a.Validate(); err != nil {
		return Receipt{}, err
	}
	if seq < 1 {
		return Receipt{}, inputErr("seq", "sequence numbers start at 1")
	}
	// Checks access and that seq exists.
	if _, err := s.desk.HistoryPage(ctx, a, id, seq-1, 1); err != nil {
		return Receipt{}, err
	}
	r, err := s.store.MarkRead(ctx, id, support.Actor{Role: a.Role, ID: a.ID}, seq, s.clock())
	if err != nil {
		return Receipt{}, err
	}
	s.signal(ctx, id, Signal{Kind: SignalReceipt, Actor: a, Seq: r.Seq})
	return r, nil
}

// Author is who wrote a transcript line.
type Author uint8

// The authors of a transcript.
const (
	AuthorCustomer Author = iota + 1
	AuthorAgent
	AuthorBot
	AuthorSystem
)

var authorNames = [...]string{"", "customer", "agent", "bot", "system"}

// String returns "customer", "agent", "bot" or "system".
func (a Author) String() string {
	if a >= AuthorCustomer && a <= AuthorSystem {
		return authorNames[a]
	}
	return "Author(?)"
}

// MarshalText encodes a as its name.
func (a Author) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// Line is one line of a chat transcript.
type Line struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Author Author    `json:"author"`
	// AuthorID is the customer's or the agent's ID; empty for the bot and
	// the system, and for staff in a customer's view except on replies.
	AuthorID string `json:"author_id,omitempty"`
	// Kind is "message" for what people wrote, "note" for an internal
	// note (staff views), the chat event name (FieldBot, FieldJoined, ...)
	// or the support event kind ("status", "created", ...). Text is what
	// was written; for "created" the ticket's subject, for "status" the
	// change ("new → open").
	Kind     string   `json:"kind"`
	Text     string   `json:"text,omitempty"`
	Articles []string `json:"articles,omitempty"` // the bot's articles
	Internal bool     `json:"internal,omitempty"`
	// Delivered: the other side has been in the chat since the line was
	// written (a receipt stamped at or after it). Read: the other side
	// has read it (a receipt at or past its sequence number). For lines
	// by the bot or the system the other side is the customer.
	Delivered bool `json:"delivered"`
	Read      bool `json:"read"`
}

// Transcript returns ticket id's conversation as a may see it — the
// ticket's history as lines, with delivered and read marks from the
// receipts.
func (s *Service) Transcript(ctx context.Context, a support.Actor, id support.ID) ([]Line, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	evs, err := s.desk.History(ctx, a, id, 0, 0)
	if err != nil {
		return nil, err
	}
	rs, err := s.store.Receipts(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Line, 0, len(evs))
	for _, e := range evs {
		l := Line{Seq: e.Seq, At: e.At, AuthorID: e.Actor.ID, Text: e.Body, Internal: e.Internal, Kind: e.Kind.String()}
		switch {
		case e.Kind == support.EventReply || e.Kind == support.EventNote:
			l.Kind = "message"
			if e.Kind == support.EventNote {
				l.Kind = "note"
			}
			l.Author = AuthorAgent
			if e.Actor.Role == support.RoleCustomer {
				l.Author = AuthorCustomer
			}
		case e.Kind == support.EventCustom && e.Field == FieldBot:
			l.Kind, l.Author, l.AuthorID = FieldBot, AuthorBot, ""
			if e.To != "" {
				l.Articles = strings.Split(e.To, "\n")
			}
		case e.Kind == support.EventCustom:
			l.Kind, l.Author, l.AuthorID = e.Field, AuthorSystem, ""
		default:
			l.Author = AuthorSystem
			if e.Actor.Role == support.RoleCustomer {
				l.Author = AuthorCustomer
			}
			switch {
			case e.Kind == support.EventStatus:
				l.Text = e.From + " → " + e.To
			case e.Kind == support.EventCreated && e.Opening != nil:
				l.Text = e.Opening.Subject
			}
		}
		l.Delivered, l.Read = marks(t.Customer, l.Author, e, rs)
		out = append(out, l)
	}
	return out, nil
}

// marks derives the delivered and read marks of one event from the
// receipts of the other side.
func marks(customer string, author Author, e support.Event, rs []Receipt) (delivered, read bool) {
	for _, r := range rs {
		other := r.Reader.Role != support.RoleCustomer
		if author != AuthorCustomer {
			other = r.Reader.Role == support.RoleCustomer && r.Reader.ID == customer
		}
		if !other {
			continue
		}
		if r.Seq >= e.Seq {
			return true, true
		}
		if !r.At.Before(e.At) {
			delivered = true
		}
	}
	return delivered, false
}
