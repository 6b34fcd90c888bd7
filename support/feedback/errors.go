package feedback

import (
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
)

// Sentinel errors, matched with errors.Is; the typed errors below carry the
// details and match them. Bad input is a *support.InputError, so that it
// matches support.ErrInvalidInput like the Desk's, with one of the reasons
// below (ErrScoreRange, ErrUnknownReason) or a support sentinel. Ticket
// errors from the Desk (support.ErrNotFound, ...) pass through unchanged.
var (
	// ErrNotFound reports a survey that does not exist or that the actor
	// may not see: the two are indistinguishable by design.
	ErrNotFound = errors.New("feedback: survey not found")
	// ErrAlreadyOffered reports a second offer of a survey that was
	// offered before (see Survey.OnceKey); it is matched by *OfferedError.
	ErrAlreadyOffered = errors.New("feedback: survey already offered")
	// ErrAnswered reports a second answer to a survey; the first stands. It
	// is matched by *AnsweredError.
	ErrAnswered = errors.New("feedback: survey already answered")
	// ErrExpired reports an answer after the survey expired; it is matched
	// by *ExpiredError.
	ErrExpired = errors.New("feedback: survey expired")
	// ErrNotEligible reports a survey that may not be offered; it is
	// matched by *EligibilityError, which also matches the reason
	// (ErrMerged, ErrAutoClosed, ErrOptedOut, ErrNotSolved).
	ErrNotEligible = errors.New("feedback: survey may not be offered")
	// ErrMerged: the ticket was closed as a duplicate of another.
	ErrMerged = errors.New("feedback: ticket was merged into another")
	// ErrAutoClosed: the ticket was closed by the auto-close sweep, after
	// the survey for its solution was due.
	ErrAutoClosed = errors.New("feedback: ticket was closed automatically")
	// ErrOptedOut: the host opted the ticket out of surveys.
	ErrOptedOut = errors.New("feedback: ticket is opted out of surveys")
	// ErrNotSolved: a solved-ticket survey for a ticket that is not solved.
	ErrNotSolved = errors.New("feedback: ticket is not solved")
	// ErrScoreRange is the reason of an *support.InputError for a score
	// outside its kind's scale.
	ErrScoreRange = errors.New("feedback: score out of range")
	// ErrUnknownReason is the reason of an *support.InputError for a
	// low-score reason that is not in the host's list.
	ErrUnknownReason = errors.New("feedback: unknown reason")
	// ErrInvalidCursor reports a List cursor the store did not issue.
	ErrInvalidCursor = errors.New("feedback: invalid cursor")
	// ErrMismatch reports reports of different groupings that cannot be
	// merged; it is matched by *MismatchError.
	ErrMismatch = errors.New("feedback: reports of different groupings")
)

// inputErr returns a *support.InputError, so that bad input here matches
// support.ErrInvalidInput like the Desk's.
func inputErr(field string, reason error, detail string) error {
	return &support.InputError{Field: field, Reason: reason, Detail: detail}
}

// NotFoundError reports a survey the actor cannot reach. It is the same for
// a survey that does not exist and for someone else's. It matches
// ErrNotFound. Like every error type here it is not modified after it is
// returned and is safe for concurrent use.
type NotFoundError struct {
	ID string
}

// Error describes the survey.
func (e *NotFoundError) Error() string { return fmt.Sprintf("feedback: survey %q not found", e.ID) }

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// OfferedError reports a survey that was offered before. Survey is the
// stored one, so that a host can send its link again. It matches
// ErrAlreadyOffered.
type OfferedError struct {
	Survey Survey
}

// Error describes the key the survey is unique for.
func (e *OfferedError) Error() string {
	return fmt.Sprintf("feedback: survey for %s already offered (%q)", e.Survey.OnceKey(), e.Survey.ID)
}

// Is reports whether target is ErrAlreadyOffered.
func (e *OfferedError) Is(target error) bool { return target == ErrAlreadyOffered }

// AnsweredError reports a second answer. Survey is the stored survey with
// the first answer, which stands. It matches ErrAnswered.
type AnsweredError struct {
	Survey Survey
}

// Error describes the survey and when it was answered.
func (e *AnsweredError) Error() string {
	return fmt.Sprintf("feedback: survey %q was answered at %s", e.Survey.ID, e.Survey.AnsweredAt.Format(time.RFC3339))
}

// Is reports whether target is ErrAnswered.
func (e *AnsweredError) Is(target error) bool { return target == ErrAnswered }

// ExpiredError reports an answer at or after a survey's expiry. It matches
// ErrExpired.
type ExpiredError struct {
	ID        string
	ExpiresAt time.Time
}

// Error describes the survey and its expiry.
func (e *ExpiredError) Error() string {
	return fmt.Sprintf("feedback: survey %q expired at %s", e.ID, e.ExpiresAt.Format(time.RFC3339))
}

// Is reports whether target is ErrExpired.
func (e *ExpiredError) Is(target error) bool { return target == ErrExpired }

// EligibilityError reports a survey that may not be offered for a ticket.
// It matches ErrNotEligible and its Reason (ErrMerged, ErrAutoClosed,
// ErrOptedOut or ErrNotSolved).
type EligibilityError struct {
	Ticket  support.ID
	Trigger Trigger
	Reason  error
}

// Error describes the ticket, the trigger and the reason.
func (e *EligibilityError) Error() string {
	return fmt.Sprintf("%v: no %s survey for ticket %q", e.Reason, e.Trigger, string(e.Ticket))
}

// Unwrap returns ErrNotEligible and the reason, for errors.Is.
func (e *EligibilityError) Unwrap() []error { return []error{ErrNotEligible, e.Reason} }

// MismatchError reports two reports that cannot be merged because they
// group differently. It matches ErrMismatch.
type MismatchError struct {
	A, B Grouping
}

// Error describes both groupings.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("feedback: cannot merge a report grouped %q with one grouped %q", e.A.String(), e.B.String())
}

// Is reports whether target is ErrMismatch.
func (e *MismatchError) Is(target error) bool { return target == ErrMismatch }
