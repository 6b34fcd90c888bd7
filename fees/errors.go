package fees

import (
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/currency"
)

// Sentinel errors reported by the fees package. Match them with errors.Is; the
// typed errors below carry the details and match the sentinels too. Errors of
// the currency package (currency.ErrUnknownCurrency, currency.ErrNoRate,
// currency.ErrStaleRate, currency.ErrCurrencyMismatch) are passed through
// wrapped, so errors.Is finds them as well.
var (
	// ErrInvalidSchedule means a schedule definition was refused. *RuleError
	// and *ScheduleError match it.
	ErrInvalidSchedule = errors.New("fees: invalid schedule")
	// ErrInvalidRequest means a quote request is malformed: an unknown
	// operation or payment method, an amount that is not positive or has more
	// decimals than its currency's minor units. *RequestError matches it.
	ErrInvalidRequest = errors.New("fees: invalid request")
	// ErrUnknownCountry means a country code is not an assigned ISO 3166-1
	// alpha-2 code, or a region name is not known. *CountryError matches it.
	ErrUnknownCountry = errors.New("fees: unknown country")
	// ErrNoRule means no rule of the schedule matches the request.
	// *NoRuleError matches it.
	ErrNoRule = errors.New("fees: no matching rule")
	// ErrAmountOutOfRange means rules match the request but none accepts the
	// amount: it lies outside every amount band. *RangeError matches it.
	ErrAmountOutOfRange = errors.New("fees: amount out of range")
	// ErrAmountTooSmall means the fees deducted from an amount leave nothing
	// to deliver, or the delivered amount rounds to zero.
	ErrAmountTooSmall = errors.New("fees: amount too small")
	// ErrInexact means no send amount makes the recipient get exactly the
	// amount asked for: conversion rounding or the fees skip it. *InexactError
	// matches it.
	ErrInexact = errors.New("fees: amount not reachable exactly")
)

// RuleError reports a rule of a schedule definition that was refused: Index is
// its position in Definition.Rules and ID its id (possibly empty when the id
// itself is the problem). Err is the cause. It matches ErrInvalidSchedule and,
// through Unwrap, its cause (for example currency.ErrUnknownCurrency).
// Nothing modifies it once returned, so it is safe for concurrent use.
type RuleError struct {
	Index int
	ID    string
	Err   error
}

// Error returns the message, which names the package and the problem.
func (e *RuleError) Error() string {
	return fmt.Sprintf("fees: invalid schedule: rule %d (%q): %v", e.Index, e.ID, e.Err)
}

// Is reports whether target is ErrInvalidSchedule.
func (e *RuleError) Is(target error) bool { return target == ErrInvalidSchedule }

// Unwrap returns the cause.
func (e *RuleError) Unwrap() error { return e.Err }

// OverlapError reports two rules that both match some request while neither
// is strictly narrower than the other, so the schedule could not tell which
// applies; or two rules that match exactly the same requests (the second one
// is unreachable). It is returned as the Err of a *RuleError naming the later
// rule.
// Nothing modifies it once returned, so it is safe for concurrent use.
type OverlapError struct {
	Other string // the id of the earlier rule
	Same  bool   // the two rules match exactly the same requests
}

// Error describes the overlap; the *RuleError that carries it adds the
// package name and the rule.
func (e *OverlapError) Error() string {
	if e.Same {
		return fmt.Sprintf("matches exactly the same requests as rule %q, so one of them is unreachable", e.Other)
	}
	return fmt.Sprintf("overlaps rule %q: some requests match both and neither rule is narrower than the other", e.Other)
}

// ScheduleError reports a problem with a schedule definition as a whole, or a
// part of it that is not a rule (its rounding or region groups). It matches
// ErrInvalidSchedule and, through Unwrap, its cause.
// Nothing modifies it once returned, so it is safe for concurrent use.
type ScheduleError struct {
	Field string // such as "rounding" or "regions.NORDICS"
	Err   error
}

// Error returns the message, which names the package and the problem.
func (e *ScheduleError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("fees: invalid schedule: %v", e.Err)
	}
	return fmt.Sprintf("fees: invalid schedule: %s: %v", e.Field, e.Err)
}

// Is reports whether target is ErrInvalidSchedule.
func (e *ScheduleError) Is(target error) bool { return target == ErrInvalidSchedule }

// Unwrap returns the cause.
func (e *ScheduleError) Unwrap() error { return e.Err }

// RequestError reports a malformed quote request: Field names the offending
// field and Reason says what is wrong. It matches ErrInvalidRequest and,
// through Unwrap, Err when set (such as a *currency.UnknownCurrencyError).
// Nothing modifies it once returned, so it is safe for concurrent use.
type RequestError struct {
	Field  string
	Reason string
	Err    error
}

// Error returns the message, which names the package and the problem.
func (e *RequestError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("fees: invalid request: %s: %s: %v", e.Field, e.Reason, e.Err)
	}
	return fmt.Sprintf("fees: invalid request: %s: %s", e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidRequest.
func (e *RequestError) Is(target error) bool { return target == ErrInvalidRequest }

// Unwrap returns the underlying error, or nil.
func (e *RequestError) Unwrap() error { return e.Err }

// CountryError reports a code that is neither an assigned ISO 3166-1 alpha-2
// country code nor a known region group. It matches ErrUnknownCountry.
// Nothing modifies it once returned, so it is safe for concurrent use.
type CountryError struct {
	Code string
}

// Error returns the message, which names the package and the problem.
func (e *CountryError) Error() string {
	return fmt.Sprintf("fees: unknown country or region %q", truncate(e.Code))
}

// Is reports whether target is ErrUnknownCountry.
func (e *CountryError) Is(target error) bool { return target == ErrUnknownCountry }

// NoRuleError reports a request that no rule of the schedule matches. It
// matches ErrNoRule.
// Nothing modifies it once returned, so it is safe for concurrent use.
type NoRuleError struct {
	Operation       Operation
	Method          Method
	FromCountry     string
	ToCountry       string
	SendCurrency    string
	ReceiveCurrency string
}

// Error returns the message, which names the package and the problem.
func (e *NoRuleError) Error() string {
	return fmt.Sprintf("fees: no matching rule for %s by %s from %s to %s, %s to %s",
		e.Operation, e.Method, e.FromCountry, e.ToCountry, e.SendCurrency, e.ReceiveCurrency)
}

// Is reports whether target is ErrNoRule.
func (e *NoRuleError) Is(target error) bool { return target == ErrNoRule }

// RangeError reports an amount outside the amount bands of every rule that
// otherwise matches the request. Amount is the request's amount: the send
// amount for Forward, the receive amount for Inverse. Min and Max are the
// smallest and largest send amounts those rules accept; Max is the zero
// Amount when there is no upper limit. It matches ErrAmountOutOfRange.
// Nothing modifies it once returned, so it is safe for concurrent use.
type RangeError struct {
	Amount currency.Amount
	Min    currency.Amount
	Max    currency.Amount
}

// Error returns the message, which names the package and the problem.
func (e *RangeError) Error() string {
	if e.Max.Currency().IsZero() {
		return fmt.Sprintf("fees: amount out of range: %s (the rules accept send amounts from %s)", e.Amount, e.Min)
	}
	return fmt.Sprintf("fees: amount out of range: %s (the rules accept send amounts from %s to %s)", e.Amount, e.Min, e.Max)
}

// Is reports whether target is ErrAmountOutOfRange.
func (e *RangeError) Is(target error) bool { return target == ErrAmountOutOfRange }

// InexactError reports that no send amount delivers exactly Want: with the
// applied exchange rate and the schedule's rounding, the received amounts
// jump over it, or the fees do (a minimum fee that swallows small amounts, a
// change of rule at a band edge). Asking for a neighbouring amount usually
// succeeds. It matches ErrInexact.
//
// Next and NextSend describe the cheapest way to deliver at least Want: the
// smallest send amount that delivers Want or more, and what it delivers. They
// are zero Amounts when no send amount delivers that much.
// Nothing modifies it once returned, so it is safe for concurrent use.
type InexactError struct {
	Want     currency.Amount
	Next     currency.Amount
	NextSend currency.Amount
}

// Error returns the message, which names the package and the problem.
func (e *InexactError) Error() string {
	if e.Next.Currency().IsZero() {
		return fmt.Sprintf("fees: no send amount delivers exactly %s", e.Want)
	}
	return fmt.Sprintf("fees: no send amount delivers exactly %s; sending %s delivers %s", e.Want, e.NextSend, e.Next)
}

// Is reports whether target is ErrInexact.
func (e *InexactError) Is(target error) bool { return target == ErrInexact }

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
