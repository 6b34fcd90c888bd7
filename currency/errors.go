package currency

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Sentinel errors reported by the currency package. Match them with errors.Is;
// the typed errors below carry the details and match the sentinels too. The
// package never modifies an error after returning it, so errors are safe to
// read from any goroutine.
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
	// ErrInvalidRatio means an allocation ratio is negative.
	ErrInvalidRatio = errors.New("currency: invalid allocation ratio")
	// ErrInvalidDefinition means a currency Definition given to NewRegistry
	// is not acceptable.
	ErrInvalidDefinition = errors.New("currency: invalid currency definition")
	// ErrUnknownRoundingMode means a rounding mode's name or value is not one
	// of the package's modes.
	ErrUnknownRoundingMode = errors.New("currency: unknown rounding mode")
	// ErrNoRate means no exchange rate is known for a currency pair.
	ErrNoRate = errors.New("currency: no exchange rate")
	// ErrStaleRate means the only exchange rate known is older than allowed.
	ErrStaleRate = errors.New("currency: stale exchange rate")
	// ErrRetiredCurrency means a currency code is one ISO 4217 has withdrawn
	// and the registry in use does not allow amounts in it.
	ErrRetiredCurrency = errors.New("currency: retired currency")
)

// RetiredCurrencyError reports an amount requested in a retired ISO 4217
// code (see RetiredCodes) that the registry in use does not allow. It matches
// ErrRetiredCurrency and also ErrUnknownCurrency, so that code refusing
// unknown currencies keeps refusing it. Nothing modifies it once returned, so
// it is safe for concurrent use.
type RetiredCurrencyError struct {
	Code  string // the retired code, such as "HRK"
	Until string // the last day it was legal tender, such as "2023-01-14"
}

func (e *RetiredCurrencyError) Error() string {
	return "currency: " + e.Code + " is a retired ISO 4217 currency (legal tender until " + e.Until +
		"): known for exchange rates, but amounts in it need a Registry that allows it (Registry.AllowRetired)"
}

// Is reports whether target is ErrRetiredCurrency or ErrUnknownCurrency.
func (e *RetiredCurrencyError) Is(target error) bool {
	return target == ErrRetiredCurrency || target == ErrUnknownCurrency
}

// UnknownCurrencyError reports a currency code that the registry does not know.
// It matches ErrUnknownCurrency.
// Nothing modifies it once returned, so it is safe for concurrent use.
type UnknownCurrencyError struct {
	Code string
}

// Error returns the message, such as `currency: unknown currency "ABC"`.
func (e *UnknownCurrencyError) Error() string {
	return fmt.Sprintf("currency: unknown currency %q", e.Code)
}

// Is reports whether target is ErrUnknownCurrency.
func (e *UnknownCurrencyError) Is(target error) bool { return target == ErrUnknownCurrency }

// MismatchError reports an operation on two amounts of different currencies.
// It matches ErrCurrencyMismatch.
// Nothing modifies it once returned, so it is safe for concurrent use.
type MismatchError struct {
	A, B string // the two currency codes
}

// Error returns the message, such as "currency: currency mismatch: USD and EUR".
func (e *MismatchError) Error() string {
	return fmt.Sprintf("currency: currency mismatch: %s and %s", e.A, e.B)
}

// Is reports whether target is ErrCurrencyMismatch.
func (e *MismatchError) Is(target error) bool { return target == ErrCurrencyMismatch }

// InvalidAmountError reports input that is not an acceptable amount, with the reason.
// It matches ErrInvalidAmount.
// Nothing modifies it once returned, so it is safe for concurrent use.
type InvalidAmountError struct {
	Input  string // the offending input, truncated to 64 bytes
	Reason string
	// Err is the underlying error, such as a *json.SyntaxError, or nil.
	Err error
}

// Error returns the message, such as `currency: invalid amount "1e3": not a
// plain decimal number`.
func (e *InvalidAmountError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("currency: invalid amount %q: %s: %v", e.Input, e.Reason, e.Err)
	}
	return fmt.Sprintf("currency: invalid amount %q: %s", e.Input, e.Reason)
}

// Is reports whether target is ErrInvalidAmount.
func (e *InvalidAmountError) Is(target error) bool { return target == ErrInvalidAmount }

// Unwrap returns the underlying error, if any.
func (e *InvalidAmountError) Unwrap() error { return e.Err }

func invalidAmount(input, reason string) error {
	return &InvalidAmountError{Input: truncate(input), Reason: reason}
}

// truncate shortens input to 64 bytes for an error message, cutting at a
// UTF-8 boundary.
func truncate(input string) string {
	if len(input) <= 64 {
		return input
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(input[cut]) {
		cut--
	}
	return input[:cut] + "..."
}
