package currency

import (
	"errors"
	"fmt"
)

// Sentinel errors reported by the currency package. Match them with errors.Is;
// the typed errors below carry the details and match the sentinels too.
var (
	// ErrUnknownCurrency means a currency code is not in the registry in use.
	ErrUnknownCurrency = errors.New("currency: unknown currency")
	// ErrCurrencyMismatch means an operation combined amounts in different currencies.
	ErrCurrencyMismatch = errors.New("currency: currency mismatch")
	// ErrInvalidAmount means a number could not be parsed or is not acceptable.
	ErrInvalidAmount = errors.New("currency: invalid amount")
	// ErrOverflow means a value does not fit the requested representation.
	ErrOverflow = errors.New("currency: overflow")
	// ErrDivisionByZero means a division or allocation by zero was requested.
	ErrDivisionByZero = errors.New("currency: division by zero")
	// ErrNoRate means no exchange rate is known for a currency pair.
	ErrNoRate = errors.New("currency: no exchange rate")
	// ErrStaleRate means the only exchange rate known is older than allowed.
	ErrStaleRate = errors.New("currency: stale exchange rate")
)

// UnknownCurrencyError reports a currency code that the registry does not know.
// It matches ErrUnknownCurrency.
type UnknownCurrencyError struct {
	Code string
}

func (e *UnknownCurrencyError) Error() string {
	return fmt.Sprintf("currency: unknown currency %q", e.Code)
}

// Is reports whether target is ErrUnknownCurrency.
func (e *UnknownCurrencyError) Is(target error) bool { return target == ErrUnknownCurrency }

// MismatchError reports an operation on two amounts of different currencies.
// It matches ErrCurrencyMismatch.
type MismatchError struct {
	A, B string // the two currency codes
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("currency: currency mismatch: %s and %s", e.A, e.B)
}

// Is reports whether target is ErrCurrencyMismatch.
func (e *MismatchError) Is(target error) bool { return target == ErrCurrencyMismatch }

// InvalidAmountError reports input that is not an acceptable amount, with the reason.
// It matches ErrInvalidAmount.
type InvalidAmountError struct {
	Input  string // the offending input, truncated to 64 bytes
	Reason string
}

func (e *InvalidAmountError) Error() string {
	return fmt.Sprintf("currency: invalid amount %q: %s", e.Input, e.Reason)
}

// Is reports whether target is ErrInvalidAmount.
func (e *InvalidAmountError) Is(target error) bool { return target == ErrInvalidAmount }

func invalidAmount(input, reason string) error {
	if len(input) > 64 {
		input = input[:64] + "..."
	}
	return &InvalidAmountError{Input: input, Reason: reason}
}
