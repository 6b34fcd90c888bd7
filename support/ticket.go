package support

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
)

// ID identifies a ticket. IDs are opaque strings made by the Desk's NewID
// function; the default makes random, unguessable IDs such as
// "tkt_5ae3kq0r7nq2c1v9b4xw". An ID is a plain value, safe for concurrent use.
type ID string

// Channel is how a ticket reached the desk. It is a plain value, safe for
// concurrent use.
type Channel uint8

// The channels. The zero Channel is invalid; the Desk opens tickets on
// ChannelWeb when the request does not say.
const (
	ChannelWeb Channel = iota + 1
	ChannelApp
	ChannelEmail
	ChannelChat
	ChannelPhone
)

var channelNames = [...]string{"", "web", "app", "email", "chat", "phone"}

// String returns the channel name: "web", "app", "email", "chat" or "phone".
func (c Channel) String() string {
	if c.IsValid() {
		return channelNames[c]
	}
	return fmt.Sprintf("Channel(%d)", uint8(c))
}

// IsValid reports whether c is one of the defined channels.
func (c Channel) IsValid() bool { return c >= ChannelWeb && c <= ChannelPhone }

// ParseChannel parses a channel name as written by String.
func ParseChannel(s string) (Channel, error) {
	for i := 1; i < len(channelNames); i++ {
		if channelNames[i] == s {
			return Channel(i), nil
		}
	}
	return 0, inputErr("channel", ErrInvalidInput, fmt.Sprintf("unknown channel %q", s))
}

// MarshalText encodes c as its name.
func (c Channel) MarshalText() ([]byte, error) {
	if !c.IsValid() {
		return nil, fmt.Errorf("support: cannot encode %v: %w", c, ErrInvalidInput)
	}
	return []byte(channelNames[c]), nil
}

// UnmarshalText decodes a channel name.
func (c *Channel) UnmarshalText(b []byte) error {
	v, err := ParseChannel(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Field is a custom field on a ticket, such as an order ID or the bank's
// case number. Internal fields are for the business only: the customer's
// view omits them and their changes. A Field is a plain value, safe for
// concurrent use.
type Field struct {
	Name     string `json:"name"` // identifier: lower-case letters, digits, '_', '-', '.'
	Value    string `json:"value"`
	Internal bool   `json:"internal,omitempty"`
}

// Ticket is one problem a customer brought to the desk, as the store holds
// it. Its history is kept separately as a sequence of Events.
//
// A Ticket is a plain value: the Desk and stores hand out copies the caller
// owns, so it is not safe for concurrent use while being modified, and
// modifying a copy changes nothing stored. Slices are never shared between
// the copies the Desk returns.
type Ticket struct {
	ID           ID               `json:"id"`
	Customer     string           `json:"customer"`
	Subject      string           `json:"subject"`
	Description  string           `json:"description,omitempty"`
	Category     Category         `json:"category"`
	Priority     Priority         `json:"priority,omitzero"` // zero in the customer's view
	Status       Status           `json:"status"`
	Channel      Channel          `json:"channel"`
	HostStatus   string           `json:"host_status,omitempty"`  // a HostStatus mapped onto Status, if any
	Language     language.Tag     `json:"language"`               // the customer's language for messages
	Transactions []string         `json:"transactions,omitempty"` // related payment references
	Amount       *currency.Amount `json:"amount,omitempty"`       // the amount at stake, if any
	Tags         []string         `json:"tags,omitempty"`         // sorted, unique; internal
	Assignee     string           `json:"assignee,omitempty"`     // agent ID; internal
	Group        string           `json:"group,omitempty"`        // team; internal
	Fields       []Field          `json:"fields,omitempty"`       // sorted by name
	FollowUpOf   ID               `json:"follow_up_of,omitempty"` // the closed ticket this one follows up
	MergedInto   ID               `json:"merged_into,omitempty"`  // set when closed as a duplicate
	SLA          []SLAClock       `json:"sla,omitempty"`          // per-target SLA clocks; internal
	SLANext      time.Time        `json:"sla_next,omitzero"`      // when CheckSLA next has work on it; internal
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"` // last activity the customer can see (internal events leave it): the ordering of a customer's list
	FirstReplyAt time.Time        `json:"first_reply_at,omitzero"`
	SolvedAt     time.Time        `json:"solved_at,omitzero"` // last time it was solved
	ClosedAt     time.Time        `json:"closed_at,omitzero"`
	Version      int64            `json:"version"` // 1 when created; +1 on every change
}

// Clone returns a deep copy of t.
func (t *Ticket) Clone() *Ticket {
	if t == nil {
		return nil
	}
	c := *t
	c.Transactions = slices.Clone(t.Transactions)
	c.Tags = slices.Clone(t.Tags)
	c.Fields = slices.Clone(t.Fields)
	c.SLA = slices.Clone(t.SLA)
	c.Amount = cloneAmount(t.Amount)
	return &c
}

// cloneAmount returns a copy of *a that shares nothing with it, or nil. An
// Amount is a value, but a pointer to one shared between copies would let a
// caller's assignment through it change a stored ticket.
func cloneAmount(a *currency.Amount) *currency.Amount {
	if a == nil {
		return nil
	}
	c := *a
	return &c
}

// CustomerView returns the copy of t that its customer may see: without
// priority, tags, assignee, group, internal fields and SLA clocks.
// UpdatedAt moves only with changes the customer can see; Version counts
// every change, internal ones included, because it is the
// optimistic-concurrency token a customer sends back (ReplyRequest.IfVersion).
func (t *Ticket) CustomerView() *Ticket {
	c := *t
	c.Transactions = slices.Clone(t.Transactions)
	c.Fields = slices.Clone(t.Fields)
	c.Amount = cloneAmount(t.Amount)
	c.stripInternal()
	return &c
}

// stripInternal turns t, which must own its slices, into the customer's
// view in place.
func (t *Ticket) stripInternal() {
	t.Priority = 0
	t.Tags = nil
	t.Assignee = ""
	t.Group = ""
	t.SLA = nil
	t.SLANext = time.Time{}
	t.Fields = slices.DeleteFunc(t.Fields, func(f Field) bool { return f.Internal })
	if len(t.Fields) == 0 {
		t.Fields = nil
	}
}

// Field returns the custom field called name.
func (t *Ticket) Field(name string) (Field, bool) {
	i, ok := slices.BinarySearchFunc(t.Fields, name, func(f Field, n string) int { return strings.Compare(f.Name, n) })
	if !ok {
		return Field{}, false
	}
	return t.Fields[i], true
}

// HasTag reports whether t carries tag.
func (t *Ticket) HasTag(tag string) bool {
	_, ok := slices.BinarySearch(t.Tags, tag)
	return ok
}
