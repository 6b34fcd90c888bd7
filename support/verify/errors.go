package verify

import (
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
)

// Sentinel errors, matched with errors.Is. The typed errors below carry
// details and match them. No error of this package ever holds a code.
// Bad input is a *support.InputError matching support.ErrInvalidInput (and
// ErrMalformedCode, ErrInvalidEmail or ErrInvalidPhone where they apply);
// ticket errors (not found, closed) are the support package's.
var (
	// ErrNotFound reports a challenge or change that does not exist or
	// that the actor may not reach: the two look the same by design.
	ErrNotFound = errors.New("verify: challenge not found")
	// ErrWrongCode reports a code that does not match; it is matched by
	// *WrongCodeError, which says how many attempts are left.
	ErrWrongCode = errors.New("verify: wrong code")
	// ErrExpired reports a challenge past its expiry: start a new one.
	ErrExpired = errors.New("verify: challenge expired")
	// ErrLocked reports a challenge that had too many wrong codes and is
	// dead: start a new one.
	ErrLocked = errors.New("verify: too many wrong codes")
	// ErrUsed reports a code or challenge that was already used: a code is
	// verified once, a verified challenge consumed once, a change applied
	// once.
	ErrUsed = errors.New("verify: challenge already used")
	// ErrNotVerified reports a challenge consumed, or a change applied,
	// before its code was verified.
	ErrNotVerified = errors.New("verify: challenge not verified")
	// ErrCanceled reports a challenge canceled (its code could not be
	// sent, or a newer change replaced it).
	ErrCanceled = errors.New("verify: challenge canceled")
	// ErrPurpose reports a challenge consumed for another purpose than the
	// one it was started for.
	ErrPurpose = errors.New("verify: challenge is for another purpose")
	// ErrRateLimited reports too many codes sent to an account, or a
	// resend too soon; it is matched by *RateLimitError, which says when
	// to retry.
	ErrRateLimited = errors.New("verify: too many codes requested")
	// ErrUnknownKey reports a challenge whose key is no longer in the
	// keyring (rotated out): start a new one.
	ErrUnknownKey = errors.New("verify: challenge key no longer held")
	// ErrConflict reports a store write based on an outdated challenge
	// version (see Store.Update). The Service retries it; callers of the
	// Service see it only when a challenge is under heavy contention.
	ErrConflict = errors.New("verify: challenge changed concurrently")
	// ErrExists reports a challenge ID a store already holds.
	ErrExists = errors.New("verify: challenge already exists")
	// ErrChangeFailed reports an account change whose apply function
	// failed after its challenge was consumed: the change is dead and a
	// new request is needed. It is matched by *ChangeError.
	ErrChangeFailed = errors.New("verify: account change failed")

	// ErrMalformedCode is the Reason of the *support.InputError for a
	// submitted code that is not digits or not of the challenge's length.
	ErrMalformedCode = errors.New("verify: malformed code")
	// ErrInvalidEmail is the Reason of the *support.InputError for an
	// e-mail address that net/mail does not accept as a bare address.
	ErrInvalidEmail = errors.New("verify: invalid e-mail address")
	// ErrInvalidPhone is the Reason of the *support.InputError for a phone
	// number that is not in international (E.164) form.
	ErrInvalidPhone = errors.New("verify: invalid phone number")
	// ErrUnchanged is the Reason of the *support.InputError for an
	// account change whose new value equals the old one.
	ErrUnchanged = errors.New("verify: new value equals the old one")
)

// WrongCodeError reports a wrong code for challenge Challenge with Left
// attempts left. It matches ErrWrongCode, and ErrLocked when Left is 0 (this
// attempt killed the challenge). It never holds the code.
type WrongCodeError struct {
	Challenge string
	Left      int
}

// Error describes the challenge and the attempts left.
func (e *WrongCodeError) Error() string {
	if e.Left == 0 {
		return fmt.Sprintf("verify: wrong code for challenge %q; no attempts left, start a new one", e.Challenge)
	}
	return fmt.Sprintf("verify: wrong code for challenge %q; %d attempts left", e.Challenge, e.Left)
}

// Is reports whether target is ErrWrongCode, or ErrLocked when no attempt
// is left.
func (e *WrongCodeError) Is(target error) bool {
	return target == ErrWrongCode || (target == ErrLocked && e.Left == 0)
}

// StateError reports an operation refused by a challenge's state: Reason is
// ErrExpired, ErrLocked, ErrUsed, ErrNotVerified, ErrCanceled, ErrPurpose
// or ErrUnknownKey, and matches.
type StateError struct {
	Challenge string
	Reason    error
}

// Error describes the reason and the challenge.
func (e *StateError) Error() string {
	return fmt.Sprintf("%v (challenge %q)", e.Reason, e.Challenge)
}

// Unwrap returns the reason.
func (e *StateError) Unwrap() error { return e.Reason }

// RateLimitError reports a code refused by a rate limit: too many codes sent
// to the account within the window, or a resend too soon. RetryAfter is how
// long until one more is allowed. It matches ErrRateLimited.
type RateLimitError struct {
	RetryAfter time.Duration
	Resend     bool // the minimum time between resends, rather than the per-account limit
}

// Error describes the limit and when to retry.
func (e *RateLimitError) Error() string {
	what := "too many codes for this account"
	if e.Resend {
		what = "a code was sent moments ago"
	}
	return fmt.Sprintf("verify: %s; retry in %s", what, e.RetryAfter.Round(time.Second))
}

// Is reports whether target is ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// NotFoundError reports a challenge or change the actor cannot reach. It is
// the same for one that does not exist and for someone else's.
type NotFoundError struct {
	ID string
}

// Error names the ID.
func (e *NotFoundError) Error() string { return fmt.Sprintf("verify: challenge %q not found", e.ID) }

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ChangeError reports an account change whose apply function failed. The
// change is marked failed and is never applied; Err is the function's error.
// It matches ErrChangeFailed and Err.
type ChangeError struct {
	Change string
	Err    error
}

// Error describes the change and the failure.
func (e *ChangeError) Error() string {
	return fmt.Sprintf("verify: account change %q failed: %v", e.Change, e.Err)
}

// Unwrap returns ErrChangeFailed and the apply function's error.
func (e *ChangeError) Unwrap() []error { return []error{ErrChangeFailed, e.Err} }

// inputErr returns a support.InputError for field, matching
// support.ErrInvalidInput and reason.
func inputErr(field string, reason error, detail string) error {
	if reason == nil {
		reason = support.ErrInvalidInput
	}
	return &support.InputError{Field: field, Reason: reason, Detail: detail}
}

// stateErr returns a *StateError.
func stateErr(id string, reason error) error { return &StateError{Challenge: id, Reason: reason} }
