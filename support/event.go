package support

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
)

// EventKind says what an Event records. It is a plain value, safe for
// concurrent use.
type EventKind uint8

// The event kinds. The zero EventKind is invalid. Comments say which Event
// fields each kind uses; Internal events are hidden from the customer.
const (
	EventCreated      EventKind = iota + 1 // Opening: the ticket as opened
	EventReply                             // Body: a public message by the customer or the business
	EventNote                              // Body: an internal note (always Internal)
	EventStatus                            // From, To: lifecycle status names
	EventPriority                          // From, To: priority names (Internal)
	EventAssignment                        // Field "assignee" or "group"; From, To (Internal)
	EventFieldChange                       // Field: "category", "language", "tags", "transactions", "host_status", "fields.NAME" or "internal.NAME" (a custom field, public or internal after the change); From, To
	EventSLA                               // Field: SLA target; To: "warning" or "breach" (Internal)
	EventFeedback                          // To: rating "1" to "5"; Body: comment
	EventMerge                             // Field "into" (on the duplicate) or "from" (on the kept ticket); Related: the other ticket
	EventNotifyFailed                      // Field: the kind notified; Body: the error (Internal)
	EventCustom                            // Field: a namespaced name such as "cases.progress"; the rest as its namespace defines (see Desk.Record)
)

var eventKindNames = [...]string{"", "created", "reply", "note", "status", "priority", "assignment", "field", "sla", "feedback", "merge", "notify_failed", "custom"}

// String returns the kind's name as used in JSON, such as "reply".
func (k EventKind) String() string {
	if k.IsValid() {
		return eventKindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// IsValid reports whether k is a defined kind.
func (k EventKind) IsValid() bool { return k >= EventCreated && k <= EventCustom }

// ParseEventKind parses a kind name as written by String.
func ParseEventKind(s string) (EventKind, error) {
	for i := 1; i < len(eventKindNames); i++ {
		if eventKindNames[i] == s {
			return EventKind(i), nil
		}
	}
	return 0, inputErr("kind", ErrInvalidInput, fmt.Sprintf("unknown event kind %q", s))
}

// MarshalText encodes k as its name.
func (k EventKind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, fmt.Errorf("support: cannot encode %v: %w", k, ErrInvalidInput)
	}
	return []byte(eventKindNames[k]), nil
}

// UnmarshalText decodes a kind name.
func (k *EventKind) UnmarshalText(b []byte) error {
	v, err := ParseEventKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Event is one entry in a ticket's append-only history. Events are numbered
// 1, 2, 3... per ticket (Seq) in the order they happened; all events written
// by one change carry the ticket version that change produced. Which of the
// payload fields are set depends on Kind (see the EventKind constants).
//
// An Event is a plain value; it is not safe for concurrent modification.
type Event struct {
	Ticket   ID        `json:"ticket"`
	Seq      int64     `json:"seq"`     // position in the ticket's history, from 1; assigned by the store
	Version  int64     `json:"version"` // the ticket version this event produced
	Kind     EventKind `json:"kind"`
	Internal bool      `json:"internal,omitempty"` // hidden from the customer
	At       time.Time `json:"at"`
	Actor    Actor     `json:"actor"`
	Body     string    `json:"body,omitempty"`
	Field    string    `json:"field,omitempty"`
	From     string    `json:"from,omitempty"`
	To       string    `json:"to,omitempty"`
	Related  ID        `json:"related,omitempty"`
	Key      string    `json:"key,omitempty"`     // the idempotency key of the request that wrote it
	Opening  *Opening  `json:"opening,omitempty"` // EventCreated only
}

// Opening is the state a ticket was opened with, recorded in its
// EventCreated event so that the history alone can rebuild the ticket. Like
// Event, it is not safe for concurrent modification.
type Opening struct {
	Customer     string           `json:"customer"`
	Subject      string           `json:"subject"`
	Description  string           `json:"description,omitempty"`
	Category     Category         `json:"category"`
	Priority     Priority         `json:"priority,omitzero"` // zero in the customer's view
	Language     language.Tag     `json:"language"`
	Channel      Channel          `json:"channel"`
	Transactions []string         `json:"transactions,omitempty"`
	Amount       *currency.Amount `json:"amount,omitempty"`
	Tags         []string         `json:"tags,omitempty"`
	Assignee     string           `json:"assignee,omitempty"`
	Group        string           `json:"group,omitempty"`
	Fields       []Field          `json:"fields,omitempty"`
	FollowUpOf   ID               `json:"follow_up_of,omitempty"`
}

func (o *Opening) clone() *Opening {
	if o == nil {
		return nil
	}
	c := *o
	c.Transactions = slices.Clone(o.Transactions)
	c.Tags = slices.Clone(o.Tags)
	c.Fields = slices.Clone(o.Fields)
	c.Amount = cloneAmount(o.Amount)
	return &c
}

// Clone returns a deep copy of e.
func (e Event) Clone() Event {
	e.Opening = e.Opening.clone()
	return e
}

// CustomerView returns the event as its customer may see it and true, or
// false when the event is internal. The opening of a created event loses its
// priority, tags, assignee, group and internal fields. The idempotency key
// is kept only on the customer's own events (Actor.Role RoleCustomer: a
// customer acts only on their own tickets, so a customer's event on a
// ticket is its customer's); an agent's, admin's or the system's key is the
// business's request ID, not the customer's to see or replay.
func (e Event) CustomerView() (Event, bool) {
	if e.hidden() {
		return Event{}, false
	}
	if e.Actor.Role != RoleCustomer {
		e.Key = ""
	}
	if e.Opening != nil {
		o := *e.Opening
		o.Priority = 0
		o.Tags = nil
		o.Assignee = ""
		o.Group = ""
		o.Transactions = slices.Clone(o.Transactions)
		o.Amount = cloneAmount(o.Amount)
		o.Fields = nil
		for _, f := range e.Opening.Fields {
			if !f.Internal {
				o.Fields = append(o.Fields, f)
			}
		}
		e.Opening = &o
	}
	if e.Actor.Role.IsStaff() && e.Kind != EventReply {
		// The customer learns that the business acted, not which agent.
		e.Actor = Actor{Role: e.Actor.Role, ID: ""}
	}
	return e, true
}

// hidden reports whether the customer may not see e.
func (e *Event) hidden() bool { return e.Internal || e.internalByKind() }

// internalByKind reports whether e is internal whatever its Internal flag
// says: notes, priority, assignment, SLA and notification-failure events,
// and changes of tags and internal fields (see the EventKind constants).
// CustomerView hides these even from a store that lost the flag.
func (e *Event) internalByKind() bool {
	switch e.Kind {
	case EventNote, EventPriority, EventAssignment, EventSLA, EventNotifyFailed:
		return true
	case EventFieldChange:
		return e.Field == "tags" || strings.HasPrefix(e.Field, "internal.")
	}
	return false
}

// Validate reports whether e is a well-formed stored event: a ticket ID, a
// sequence number and version of at least 1, a defined kind, a valid actor
// (or a staff role without ID, as in a customer's view), valid UTF-8 text,
// an Opening exactly on created events, and the Internal flag on the kinds
// that are always internal.
func (e *Event) Validate() error {
	if err := checkName("ticket", string(e.Ticket), ErrInvalidInput); err != nil {
		return err
	}
	if e.Seq < 1 || e.Version < 1 {
		return inputErr("seq", ErrInvalidInput, "sequence number and version start at 1")
	}
	if !e.Kind.IsValid() {
		return inputErr("kind", ErrInvalidInput, e.Kind.String())
	}
	if !e.Actor.Role.IsValid() {
		return inputErr("actor.role", ErrInvalidActor, "")
	}
	if e.Actor.ID == "" && !e.Actor.Role.IsStaff() {
		return inputErr("actor.id", ErrInvalidActor, "empty ID")
	}
	if e.Actor.ID != "" {
		if err := checkLine("actor.id", e.Actor.ID, maxNameBytes); err != nil {
			return err
		}
	}
	for _, f := range []struct{ name, v string }{{"body", e.Body}, {"field", e.Field}, {"from", e.From}, {"to", e.To}, {"related", string(e.Related)}, {"key", e.Key}} {
		if !utf8.ValidString(f.v) {
			return inputErr(f.name, ErrInvalidUTF8, "")
		}
	}
	if (e.Kind == EventCreated) != (e.Opening != nil) {
		return inputErr("opening", ErrInvalidInput, "required on created events only")
	}
	if e.internalByKind() && !e.Internal {
		return inputErr("internal", ErrInvalidInput, e.Kind.String()+" events are internal")
	}
	if o := e.Opening; o != nil {
		t := Ticket{ID: e.Ticket, Customer: o.Customer, Subject: o.Subject, Description: o.Description,
			Category: o.Category, Priority: o.Priority, Status: StatusNew, Language: o.Language,
			Channel: o.Channel, Transactions: o.Transactions, Amount: o.Amount, Tags: o.Tags, Assignee: o.Assignee,
			Group: o.Group, Fields: o.Fields, FollowUpOf: o.FollowUpOf, Version: 1}
		if err := t.Validate(); err != nil {
			return fmt.Errorf("support: opening: %w", err)
		}
	}
	return nil
}
