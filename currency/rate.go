package currency

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// DefaultMaxRateAge is the oldest an exchange rate may be, by default, for
// a conversion (Converter with a zero MaxAge) or a fee quote (fees.Quoter
// with a zero MaxRateAge): 96 hours, measured from the rate's Time.
//
// It is chosen for daily reference rates such as the ECB's, published on
// business days around 16:00 CET: Friday's rates stay usable through the
// weekend and Monday until Monday's publication (72 hours) with a day to
// spare for a late or missed publication, while a rate a week old, or a
// year old, is refused. Long closures (Easter, with Good Friday and Easter
// Monday both closed) exceed it: a host that must quote then sets the limit
// itself. A negative limit accepts rates of any age.
const DefaultMaxRateAge = 96 * time.Hour

// Rate is an exchange rate: one unit of From is worth Value units of To, as of
// Time, according to Source. A Rate derived from others (an inverse, or a
// cross rate through a pivot currency) lists the quoted rates it was computed
// from in Chain, in order, and carries the oldest of their times.
//
// A Rate is a plain value, safe for concurrent reads; its Chain is a slice, so
// copy it before changing a Rate that others may read. Every Rate a RateTable
// returns is the caller's own copy.
type Rate struct {
	From   string          `json:"from"`
	To     string          `json:"to"`
	Value  decimal.Decimal `json:"value"`
	Time   time.Time       `json:"time"`
	Source string          `json:"source,omitempty"`
	// Chain holds the quoted rates a derived rate was computed from; it is
	// empty for a rate quoted directly by its source.
	Chain []Rate `json:"chain,omitempty"`
}

// RateSource provides exchange rates. Hosts implement it to plug in their rate
// provider; RateTable is the in-memory implementation.
//
// Rate returns the rate that converts from into to, or an error matching
// ErrNoRate when it knows none. It must honour ctx's cancellation, must not
// modify the returned Rate afterwards, and must be safe for concurrent use.
type RateSource interface {
	Rate(ctx context.Context, from, to string) (Rate, error)
}

// String returns the rate in market notation, "EUR/USD 1.1572": one unit of
// From is worth Value units of To.
func (r Rate) String() string {
	return r.From + "/" + r.To + " " + r.Value.String()
}
