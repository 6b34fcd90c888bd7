package currency

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidRate means an exchange rate, or a document of rates, is not
// acceptable: unknown or equal currencies, a value that is not positive, a
// missing time, or malformed rate data. *InvalidRateError and *ECBError match it.
var ErrInvalidRate = errors.New("currency: invalid exchange rate")

// NoRateError reports that a RateSource knows no rate for a currency pair,
// neither quoted nor derivable. It matches ErrNoRate.
// Nothing modifies it once returned, so it is safe for concurrent use.
type NoRateError struct {
	From, To string // the pair asked for
}

// Error returns the message, which names the package and the problem.
func (e *NoRateError) Error() string {
	return fmt.Sprintf("currency: no exchange rate from %s to %s", rateShort(e.From), rateShort(e.To))
}

// Is reports whether target is ErrNoRate.
func (e *NoRateError) Is(target error) bool { return target == ErrNoRate }

// StaleRateError reports that the rate for a pair is older than a
// Converter's MaxAge. It matches ErrStaleRate.
// Nothing modifies it once returned, so it is safe for concurrent use.
type StaleRateError struct {
	From, To string        // the pair converted
	Time     time.Time     // the rate's time (the oldest leg's, for a derived rate)
	Age      time.Duration // how old the rate was at the conversion time
	MaxAge   time.Duration // the limit it exceeded
}

// Error returns the message, which names the package and the problem.
func (e *StaleRateError) Error() string {
	return fmt.Sprintf("currency: stale exchange rate from %s to %s: quoted %s, %s old, more than the %s allowed",
		e.From, e.To, e.Time.UTC().Format(time.RFC3339), e.Age, e.MaxAge)
}

// Is reports whether target is ErrStaleRate.
func (e *StaleRateError) Is(target error) bool { return target == ErrStaleRate }

// InvalidRateError reports a rate that RateTable.Set or a Converter refused,
// with the reason. Index is the rate's position in the Set call (0 elsewhere).
// Err, when not nil, is the underlying cause, such as an *UnknownCurrencyError.
// It matches ErrInvalidRate and, through Unwrap, its cause.
// Nothing modifies it once returned, so it is safe for concurrent use.
type InvalidRateError struct {
	Index    int
	From, To string
	Reason   string
	Err      error
}

// Error returns the message, which names the package and the problem.
func (e *InvalidRateError) Error() string {
	return fmt.Sprintf("currency: invalid exchange rate %d (%q to %q): %s", e.Index, rateShort(e.From), rateShort(e.To), e.Reason)
}

// Is reports whether target is ErrInvalidRate.
func (e *InvalidRateError) Is(target error) bool { return target == ErrInvalidRate }

// Unwrap returns the underlying cause, or nil.
func (e *InvalidRateError) Unwrap() error { return e.Err }

// rateShort truncates a currency code taken from input for an error message.
func rateShort(code string) string {
	if len(code) > 16 {
		return code[:16] + "..."
	}
	return code
}
