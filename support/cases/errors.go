package cases

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
)

// Sentinel errors, matched with errors.Is; the typed errors below carry the
// details and match them. Bad input is a *support.InputError (matching
// support.ErrInvalidInput and one of the reasons below); errors of the Desk
// (support.ErrNotFound for a ticket, support.ErrClosed, ...) pass through
// wrapped.
var (
	// ErrNotFound reports a case that does not exist or that the actor may
	// not see: the two are indistinguishable by design. *NotFoundError
	// matches it, and support.ErrNotFound too.
	ErrNotFound = errors.New("cases: case not found")
	// ErrExists reports a second case on one ticket, or a case ID already
	// taken. *ExistsError matches it.
	ErrExists = errors.New("cases: case already exists")
	// ErrTransition reports a status change the process forbids, or an
	// operation the case's status does not allow (evidence on a decided
	// case, a refund on a won one). *TransitionError matches it.
	ErrTransition = errors.New("cases: status transition not allowed")
	// ErrSubmitted reports a change to evidence that was already submitted:
	// evidence is submitted once and then frozen. *SubmittedError matches it.
	ErrSubmitted = errors.New("cases: evidence already submitted")
	// ErrMissingEvidence reports a submission that lacks a required item of
	// the reason's checklist. *MissingError matches it.
	ErrMissingEvidence = errors.New("cases: required evidence missing")
	// ErrRefundExceeds reports a refund larger than what remains of the
	// transaction. *RefundError matches it.
	ErrRefundExceeds = errors.New("cases: refund exceeds the remaining amount")
	// ErrDeadlinePassed reports evidence submitted after the dispute's
	// respond-by deadline. *DeadlineError matches it.
	ErrDeadlinePassed = errors.New("cases: respond-by deadline passed")
	// ErrStaleVersion reports a case update based on an outdated version.
	// *VersionError matches it.
	ErrStaleVersion = errors.New("cases: stale case version")

	// ErrFullCardNumber is the reason of a *support.InputError for a card
	// given with more than its last four digits: a case never holds a card
	// number.
	ErrFullCardNumber = errors.New("cases: card number given; only the last four digits are accepted")
	// ErrTooLarge is the reason of a *support.InputError for evidence over
	// one of its Limits (text, attachment size or count).
	ErrTooLarge = errors.New("cases: evidence over its limit")
	// ErrUnknownItem is the reason of a *support.InputError for evidence
	// naming an item that the reason's checklist does not have.
	ErrUnknownItem = errors.New("cases: evidence item not on the checklist")
	// ErrAttachmentType is the reason of a *support.InputError for an
	// attachment whose media type is not allowed.
	ErrAttachmentType = errors.New("cases: attachment type not allowed")

	// ErrNotComplaint reports a ticket that is not a complaint (its history
	// has no stage), or one the actor may not see.
	ErrNotComplaint = errors.New("cases: ticket is not a complaint")
	// ErrComplaintExists reports a ticket that already is a complaint.
	ErrComplaintExists = errors.New("cases: ticket is already a complaint")
	// ErrForbiddenMove reports a stage move the complaint process forbids,
	// or one the actor may not make. *StageError matches it.
	ErrForbiddenMove = errors.New("cases: complaint stage move not allowed")
	// ErrUnknownStage is the reason of a *support.InputError for a name
	// that is not a Stage.
	ErrUnknownStage = errors.New("cases: unknown complaint stage")
)

// inputErr returns a *support.InputError, so that bad input matches
// support.ErrInvalidInput like the Desk's.
func inputErr(field string, reason error, detail string) error {
	if reason == nil {
		reason = support.ErrInvalidInput
	}
	return &support.InputError{Field: field, Reason: reason, Detail: detail}
}

// NotFoundError reports a case the actor cannot reach: the same for a case
// that does not exist and for someone else's. It matches ErrNotFound and
// support.ErrNotFound. Like every error type here it is not modified once
// returned, so it is safe for concurrent use.
type NotFoundError struct {
	ID support.ID // the case ID, or the ticket ID for a lookup by ticket
}

// Error describes the same message for a missing case and for someone else's.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("cases: case %q not found", string(e.ID))
}

// Is reports whether target is ErrNotFound or support.ErrNotFound.
func (e *NotFoundError) Is(target error) bool {
	return target == ErrNotFound || target == support.ErrNotFound
}

// ExistsError reports a case that cannot be created because its ID is taken
// or its ticket already has a case (Existing names that case). It matches
// ErrExists.
type ExistsError struct {
	ID       support.ID
	Ticket   support.ID
	Existing support.ID
}

// Error describes the clash.
func (e *ExistsError) Error() string {
	if e.Existing == e.ID {
		return fmt.Sprintf("cases: case %q already exists", string(e.ID))
	}
	return fmt.Sprintf("cases: ticket %q already has case %q", string(e.Ticket), string(e.Existing))
}

// Is reports whether target is ErrExists.
func (e *ExistsError) Is(target error) bool { return target == ErrExists }

// TransitionError reports a status change, or an operation, that the case's
// status forbids. Op is the operation ("status", "evidence", "submit",
// "refund"); To is the status asked for, when Op is "status". It matches
// ErrTransition.
type TransitionError struct {
	Case     support.ID
	Op       string
	From, To Status
}

// Error describes the refused move.
func (e *TransitionError) Error() string {
	if e.Op == "status" {
		return fmt.Sprintf("cases: case %q cannot go from %s to %s", string(e.Case), e.From, e.To)
	}
	return fmt.Sprintf("cases: case %q is %s: %s not allowed", string(e.Case), e.From, e.Op)
}

// Is reports whether target is ErrTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }

// SubmittedError reports a change to frozen evidence: At is when it was
// submitted. It matches ErrSubmitted.
type SubmittedError struct {
	Case support.ID
	At   time.Time
}

// Error names the case and the submission time.
func (e *SubmittedError) Error() string {
	return fmt.Sprintf("cases: evidence of case %q was submitted at %s and cannot change",
		string(e.Case), e.At.UTC().Format(time.RFC3339))
}

// Is reports whether target is ErrSubmitted.
func (e *SubmittedError) Is(target error) bool { return target == ErrSubmitted }

// MissingError lists the required checklist items a submission lacks. It
// matches ErrMissingEvidence and support.ErrInvalidInput.
type MissingError struct {
	Case  support.ID
	Items []string
}

// Error lists the missing items.
func (e *MissingError) Error() string {
	return fmt.Sprintf("cases: case %q lacks required evidence: %s", string(e.Case), strings.Join(e.Items, ", "))
}

// Is reports whether target is ErrMissingEvidence or support.ErrInvalidInput.
func (e *MissingError) Is(target error) bool {
	return target == ErrMissingEvidence || target == support.ErrInvalidInput
}

// RefundError reports a refund the case cannot take: more than Remaining
// (Reason ErrRefundExceeds), or in another currency than the transaction
// (Reason currency.ErrCurrencyMismatch). It matches its Reason.
type RefundError struct {
	Case      support.ID
	Amount    currency.Amount // the refund asked for
	Remaining currency.Amount // what remains refundable
	Reason    error
}

// Error describes the refund and what remains.
func (e *RefundError) Error() string {
	if errors.Is(e.Reason, currency.ErrCurrencyMismatch) {
		return fmt.Sprintf("cases: case %q refunds in %s only, not %s", string(e.Case), e.Remaining.Currency(), e.Amount.Currency())
	}
	return fmt.Sprintf("cases: refund of %s on case %q exceeds the remaining %s", e.Amount, string(e.Case), e.Remaining)
}

// Unwrap returns the reason.
func (e *RefundError) Unwrap() error { return e.Reason }

// VersionError reports an optimistic-concurrency conflict on a case. It
// matches ErrStaleVersion.
type VersionError struct {
	Case             support.ID
	Expected, Actual int64
}

// Error describes the expected and the stored version.
func (e *VersionError) Error() string {
	return fmt.Sprintf("cases: case %q is at version %d, not %d", string(e.Case), e.Actual, e.Expected)
}

// Is reports whether target is ErrStaleVersion.
func (e *VersionError) Is(target error) bool { return target == ErrStaleVersion }

// DeadlineError reports evidence submitted after the respond-by deadline.
// It matches ErrDeadlinePassed.
type DeadlineError struct {
	Case      support.ID
	RespondBy time.Time
}

// Error names the case and its deadline.
func (e *DeadlineError) Error() string {
	return fmt.Sprintf("cases: evidence of case %q was due by %s", string(e.Case), e.RespondBy.UTC().Format(time.RFC3339))
}

// Is reports whether target is ErrDeadlinePassed.
func (e *DeadlineError) Is(target error) bool { return target == ErrDeadlinePassed }

// StageError reports a complaint stage move the process forbids (From to
// To), or one that the actor's role may not make (ByCustomer: a customer
// may only accept or contest a proposed resolution). It matches
// ErrForbiddenMove.
type StageError struct {
	Ticket     support.ID
	From, To   Stage
	ByCustomer bool
}

// Error describes the refused move.
func (e *StageError) Error() string {
	if e.ByCustomer {
		return fmt.Sprintf("cases: complaint %q: a customer cannot move it from %s to %s", string(e.Ticket), e.From, e.To)
	}
	return fmt.Sprintf("cases: complaint %q cannot move from %s to %s", string(e.Ticket), e.From, e.To)
}

// Is reports whether target is ErrForbiddenMove.
func (e *StageError) Is(target error) bool { return target == ErrForbiddenMove }
