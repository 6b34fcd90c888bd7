package diagnose

import (
	"errors"
	"fmt"
)

// Sentinel errors. Match them with errors.Is. Bad input to a diagnosis is a
// *support.InputError whose Reason is one of these (or support.ErrTooLong),
// so it also matches support.ErrInvalidInput; a bad table entry is a
// *RuleError.
var (
	// ErrInvalidCode reports a decline code or lock reason that is not a
	// lower_snake identifier after normalization (see NormalizeCode).
	ErrInvalidCode = errors.New("diagnose: malformed code")
	// ErrInvalidPayment reports a delayed-payment question that cannot be
	// answered: no method, a country that is not two letters, no time sent.
	ErrInvalidPayment = errors.New("diagnose: invalid payment")
	// ErrInvalidReport reports an unrecognized-payment report without a
	// customer or a transaction reference.
	ErrInvalidReport = errors.New("diagnose: invalid report")
	// ErrInvalidRule reports a decline rule, lock rule or delay window that
	// a table refuses; it is matched by *RuleError.
	ErrInvalidRule = errors.New("diagnose: invalid rule")
)

// RuleError reports why a table refused one of its entries: which table
// ("declines", "locks" or "windows"), the entry's position among the
// host's entries and its code, and the reason. It matches ErrInvalidRule.
// It is not modified once returned and is safe for concurrent use.
type RuleError struct {
	Table  string
	Index  int
	Code   string
	Reason string
}

// Error describes the table, the entry and the reason.
func (e *RuleError) Error() string {
	return fmt.Sprintf("diagnose: %s entry %d (%q): %s", e.Table, e.Index, e.Code, e.Reason)
}

// Is reports whether target is ErrInvalidRule.
func (e *RuleError) Is(target error) bool { return target == ErrInvalidRule }
