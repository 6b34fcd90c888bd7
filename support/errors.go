package support

import (
	"errors"
	"fmt"
)

// Sentinel errors. Match them with errors.Is; the typed errors below carry the
// details and match the sentinels.
var (
	// ErrNotFound reports a ticket that does not exist or that the actor may
	// not see: the two are indistinguishable by design.
	ErrNotFound = errors.New("support: ticket not found")
	// ErrForbidden reports an operation the actor's role may not perform on a
	// ticket it can see (a customer adding an internal note, for example).
	ErrForbidden = errors.New("support: operation not allowed for this actor")
	// ErrInvalidInput is matched by every *InputError.
	ErrInvalidInput = errors.New("support: invalid input")
	// ErrMissingCustomer reports a ticket without a customer.
	ErrMissingCustomer = errors.New("support: customer is required")
	// ErrEmptySubject reports a ticket whose subject is empty or only spaces.
	ErrEmptySubject = errors.New("support: subject is empty")
	// ErrEmptyBody reports a reply or note without text.
	ErrEmptyBody = errors.New("support: message is empty")
	// ErrUnknownStatus reports a status or host status that is not defined.
	ErrUnknownStatus = errors.New("support: unknown status")
	// ErrUnknownCategory reports a category code that is malformed or not in
	// the Desk's CategorySet; it is matched by *UnknownCategoryError.
	ErrUnknownCategory = errors.New("support: unknown category")
	// ErrUnknownPriority reports a priority that is not one of the four; it
	// is matched by *UnknownPriorityError.
	ErrUnknownPriority = errors.New("support: unknown priority")
	// ErrTooLong reports text over its size limit.
	ErrTooLong = errors.New("support: text too long")
	// ErrInvalidUTF8 reports text that is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("support: text is not valid UTF-8")
	// ErrInvalidActor reports an actor without a role or an ID.
	ErrInvalidActor = errors.New("support: invalid actor")
	// ErrTransition reports a status change the lifecycle forbids.
	ErrTransition = errors.New("support: status transition not allowed")
	// ErrClosed reports a change to a closed ticket; closed tickets never
	// change again (open a follow-up ticket instead). It is matched by the
	// *TransitionError returned in that case.
	ErrClosed = errors.New("support: ticket is closed")
	// ErrStaleVersion reports a write based on an outdated ticket version.
	ErrStaleVersion = errors.New("support: stale ticket version")
	// ErrDuplicateKey reports an idempotency key that a store already holds.
	ErrDuplicateKey = errors.New("support: idempotency key already used")
	// ErrKeyReused reports an idempotency key sent again with a different
	// request: the first request's result stands and the second is refused.
	ErrKeyReused = errors.New("support: idempotency key reused with a different request")
	// ErrInvalidCursor reports a pagination cursor a store did not issue.
	ErrInvalidCursor = errors.New("support: invalid cursor")
	// ErrCorruptHistory reports a history that cannot be replayed.
	ErrCorruptHistory = errors.New("support: history cannot be replayed")
	// ErrNotSolved reports an operation that needs a solved ticket, such as
	// rating it, on a ticket in another status. It is matched by the
	// *StatusError returned in that case.
	ErrNotSolved = errors.New("support: ticket is not solved")
)

// StatusError reports an operation refused because of the ticket's current
// status (not a status change, which is a *TransitionError). It matches the
// sentinel in Err, such as ErrNotSolved.
type StatusError struct {
	Ticket ID
	Op     string // the Desk operation, such as "rate a ticket"
	Status Status // the ticket's status
	Need   Status // the status the operation needs
	Err    error  // the sentinel: ErrNotSolved
}

// Error names the operation, the status it needs and the one the ticket has.
func (e *StatusError) Error() string {
	return fmt.Sprintf("support: cannot %s %q: it is %s, and only a %s ticket can be", e.Op, string(e.Ticket), e.Status, e.Need)
}

// Unwrap returns the sentinel.
func (e *StatusError) Unwrap() error { return e.Err }

// Is reports whether target is ErrClosed for a closed ticket, so that every
// refusal of a closed ticket matches ErrClosed.
func (e *StatusError) Is(target error) bool { return target == ErrClosed && e.Status == StatusClosed }

// InputError reports bad input: which field and why. It matches
// ErrInvalidInput and its Reason (ErrEmptySubject, ErrTooLong, ...). Like
// every error type here, it is not modified after it is returned and is safe
// for concurrent use.
type InputError struct {
	Field  string // the request field, such as "subject" or "fields.order_id"
	Reason error  // a sentinel such as ErrEmptySubject, or a typed error such as *UnknownCategoryError
	Detail string // optional human detail, such as the limit
}

// Error describes the reason, the field and any detail.
func (e *InputError) Error() string {
	msg := e.Reason.Error()
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns ErrInvalidInput and the reason, for errors.Is.
func (e *InputError) Unwrap() []error { return []error{ErrInvalidInput, e.Reason} }

func inputErr(field string, reason error, detail string) *InputError {
	return &InputError{Field: field, Reason: reason, Detail: detail}
}

// NotFoundError reports a ticket the actor cannot reach. It is the same for a
// ticket that does not exist and for one that belongs to someone else.
type NotFoundError struct {
	ID ID
}

// Error describes the same message for a missing ticket and for someone else's.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("support: ticket %q not found", string(e.ID))
}

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// AccessError reports an operation that the actor's role may not perform.
type AccessError struct {
	Op   string // the Desk operation, such as "note"
	Role Role
}

// Error describes the role and the operation it may not perform.
func (e *AccessError) Error() string {
	return fmt.Sprintf("support: %s may not %s", e.Role, e.Op)
}

// Is reports whether target is ErrForbidden.
func (e *AccessError) Is(target error) bool { return target == ErrForbidden }

// TransitionError reports a status change that the lifecycle forbids. It
// matches ErrTransition, and ErrClosed when the ticket is closed.
type TransitionError struct {
	Ticket   ID
	From, To Status
}

// Error describes the refused move, or that the ticket is closed.
func (e *TransitionError) Error() string {
	if e.From == StatusClosed {
		return fmt.Sprintf("support: ticket %q is closed and cannot change (open a follow-up ticket)", string(e.Ticket))
	}
	return fmt.Sprintf("support: ticket %q cannot go from %s to %s", string(e.Ticket), e.From, e.To)
}

// Is reports whether target is ErrTransition, or ErrClosed for a closed ticket.
func (e *TransitionError) Is(target error) bool {
	return target == ErrTransition || (target == ErrClosed && e.From == StatusClosed)
}

// VersionError reports an optimistic-concurrency conflict: the write expected
// version Expected but the stored ticket is at Actual.
type VersionError struct {
	Ticket           ID
	Expected, Actual int64
}

// Error describes the expected and the stored version.
func (e *VersionError) Error() string {
	return fmt.Sprintf("support: ticket %q is at version %d, not %d", string(e.Ticket), e.Actual, e.Expected)
}

// Is reports whether target is ErrStaleVersion.
func (e *VersionError) Is(target error) bool { return target == ErrStaleVersion }

// KeyError reports an idempotency key that is already held. Record is the
// stored record, so the caller can return the first request's result.
type KeyError struct {
	Record KeyRecord
}

// Error describes the key and the ticket it was first used for.
func (e *KeyError) Error() string {
	return fmt.Sprintf("support: idempotency key %q already used for ticket %q", e.Record.Key, string(e.Record.Ticket))
}

// Is reports whether target is ErrDuplicateKey.
func (e *KeyError) Is(target error) bool { return target == ErrDuplicateKey }

// ErrSeqAhead reports a sequence number beyond the end of a ticket's
// history, such as a resume point a client made up; it is matched by
// *SeqError.
var ErrSeqAhead = errors.New("support: sequence number beyond the end of the history")

// SeqError reports a sequence number beyond the end of ticket Ticket's
// history. It matches ErrSeqAhead.
type SeqError struct {
	Ticket ID
	Seq    int64
}

// Error describes the ticket and the sequence number.
func (e *SeqError) Error() string {
	return fmt.Sprintf("support: ticket %q has no event %d yet", string(e.Ticket), e.Seq)
}

// Is reports whether target is ErrSeqAhead.
func (e *SeqError) Is(target error) bool { return target == ErrSeqAhead }
