package support

import (
	"fmt"
	"slices"
)

// Status is where a ticket is in its lifecycle. The six statuses are fixed;
// hosts that want more (such as "awaiting bank") define a HostStatus mapped
// onto one of them. See the package documentation for the diagram. A Status
// is a plain value, safe for concurrent use.
type Status uint8

// The lifecycle statuses. The zero Status is invalid.
const (
	StatusNew     Status = iota + 1 // created, nobody on the business side has touched it
	StatusOpen                      // being worked on by the business
	StatusPending                   // waiting on the customer
	StatusOnHold                    // waiting on a third party, such as a bank
	StatusSolved                    // answered; a customer reply reopens it
	StatusClosed                    // final: never changes again
)

var statusNames = [...]string{"", "new", "open", "pending", "on_hold", "solved", "closed"}

// String returns the status name: "new", "open", "pending", "on_hold",
// "solved" or "closed".
func (s Status) String() string {
	if s.IsValid() {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// AllStatuses returns every lifecycle status in order, new to closed: the
// Statuses of a Desk.SearchQueue that should include solved and closed
// tickets.
func AllStatuses() []Status {
	return []Status{StatusNew, StatusOpen, StatusPending, StatusOnHold, StatusSolved, StatusClosed}
}

// IsValid reports whether s is one of the lifecycle statuses.
func (s Status) IsValid() bool { return s >= StatusNew && s <= StatusClosed }

// IsActive reports whether a ticket in s still needs work: new, open,
// pending or on hold.
func (s Status) IsActive() bool { return s >= StatusNew && s <= StatusOnHold }

// IsWaiting reports whether the business is waiting on someone else (pending
// or on hold); SLA clocks that measure the business pause while waiting on
// the customer.
func (s Status) IsWaiting() bool { return s == StatusPending || s == StatusOnHold }

// ParseStatus parses a status name as written by String.
func ParseStatus(s string) (Status, error) {
	for i := 1; i < len(statusNames); i++ {
		if statusNames[i] == s {
			return Status(i), nil
		}
	}
	return 0, inputErr("status", ErrUnknownStatus, fmt.Sprintf("%q", s))
}

// MarshalText encodes s as its name.
func (s Status) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, fmt.Errorf("support: cannot encode %v: %w", s, ErrUnknownStatus)
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a status name.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// transitions[from] lists the statuses a ticket in from may move to through
// a status change. Merging a duplicate closes it from any active status; that
// is the only other way into StatusClosed.
var transitions = [...][]Status{
	StatusNew:     {StatusOpen, StatusPending, StatusOnHold, StatusSolved},
	StatusOpen:    {StatusPending, StatusOnHold, StatusSolved},
	StatusPending: {StatusOpen, StatusOnHold, StatusSolved},
	StatusOnHold:  {StatusOpen, StatusPending, StatusSolved},
	StatusSolved:  {StatusOpen, StatusClosed},
	StatusClosed:  nil,
}

// CanTransition reports whether the lifecycle lets a ticket move from one
// status to another by a status change. Staying in the same active status is
// allowed (a host status may change within it).
func CanTransition(from, to Status) bool {
	if !from.IsValid() || !to.IsValid() {
		return false
	}
	if from == to {
		return from != StatusClosed
	}
	return slices.Contains(transitions[from], to)
}

// Transitions returns the statuses reachable from s in one status change, in
// lifecycle order. The result is a new slice.
func Transitions(s Status) []Status {
	if !s.IsValid() {
		return nil
	}
	return slices.Clone(transitions[s])
}

func checkTransition(id ID, from, to Status) error {
	if !to.IsValid() {
		return inputErr("status", ErrUnknownStatus, to.String())
	}
	if !CanTransition(from, to) {
		return &TransitionError{Ticket: id, From: from, To: to}
	}
	return nil
}
