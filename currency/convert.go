package currency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Converter converts amounts between currencies with the rates of a
// RateSource, refuses rates older than MaxAge, and rounds results to the
// target currency's minor units with Mode. It records what it did in a
// Conversion. A Converter is a plain value, safe for concurrent use when its
// RateSource and Now are; it does not modify its fields.
//
//	conv := currency.Converter{Rates: table, MaxAge: 48 * time.Hour, Mode: currency.HalfEven}
//	c, err := conv.Convert(ctx, price, "JPY")
type Converter struct {
	// Rates provides the exchange rates. Required.
	Rates RateSource
	// MaxAge is the oldest a rate may be, measured from its Time (for a
	// derived rate, its oldest leg's) to Now. Zero means DefaultMaxRateAge
	// (96 hours, the same default as fees.Quoter); a negative value accepts
	// rates of any age. A rate dated after Now counts as fresh.
	MaxAge time.Duration
	// Mode rounds the converted amount to the target currency's minor units.
	// The zero value is HalfUp; payment systems often choose HalfEven.
	Mode RoundingMode
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Registry resolves target currency codes; nil means the ISO 4217 list.
	Registry *Registry
}

// Conversion records one conversion: what a receipt or a dispute needs to
// show and to recompute it. It encodes to JSON with amounts as strings at
// their currency's scale and the mode by name, for example:
//
//	{"source":{"amount":"100.00","currency":"USD"},"result":{"amount":"15671","currency":"JPY"},
//	 "rate":{"from":"USD","to":"JPY","value":"156.70584168683028","time":"2026-11-24T15:00:00Z","source":"ECB",
//	  "chain":[{"from":"EUR","to":"USD","value":"1.1572",...},{"from":"EUR","to":"JPY","value":"181.34",...}]},
//	 "rounding":"half-even","at":"2026-11-25T09:30:00Z"}
//
// A Conversion is a plain value, safe for concurrent reads.
type Conversion struct {
	// Source is the amount converted, as given.
	Source Amount `json:"source"`
	// Result is Source × Rate.Value rounded to the target currency's minor
	// units with Mode.
	Result Amount `json:"result"`
	// Rate is the rate applied, with the quoted rates it was derived from in
	// its Chain and its (oldest) Time.
	Rate Rate `json:"rate"`
	// Mode is the rounding mode applied to the result.
	Mode RoundingMode `json:"rounding"`
	// At is the time of the conversion, from the Converter's Now.
	At time.Time `json:"at"`
}

// Unrounded returns the exact product Source × Rate.Value, before rounding:
// Result differs from it by less than one minor unit of the target currency.
func (c Conversion) Unrounded() decimal.Decimal {
	return c.Source.Number().Mul(c.Rate.Value)
}

// Convert converts a into the currency with code to. It asks Rates for the
// rate from a's currency to to, refuses it with a *StaleRateError (matching
// ErrStaleRate) when it is older than MaxAge, and rounds a × rate to the
// target's minor units with Mode. Converting into a's own currency applies the
// identity rate 1 (timed Now, never stale) and only rounds.
//
// Errors: an unknown target gives an *UnknownCurrencyError; a pair the source
// cannot answer, its error (matching ErrNoRate); any other failure of the
// source, that error wrapped; a rate for the wrong pair or with a value out of
// range, an *InvalidRateError; a done ctx, ctx.Err().
func (c Converter) Convert(ctx context.Context, a Amount, to string) (Conversion, error) {
	if err := ctx.Err(); err != nil {
		return Conversion{}, err
	}
	if err := c.check(a); err != nil {
		return Conversion{}, err
	}
	target, err := c.Registry.Lookup(to)
	if err != nil {
		return Conversion{}, err
	}
	now := c.now()
	if target.Code() == a.c.Code() {
		r := Rate{From: target.Code(), To: target.Code(), Value: rateOne, Time: now}
		return c.apply(a, target, r, now)
	}
	if c.Rates == nil {
		return Conversion{}, fmt.Errorf("currency: converter has no rate source: %w", ErrNoRate)
	}
	r, err := c.Rates.Rate(ctx, a.c.Code(), target.Code())
	if err != nil {
		if errors.Is(err, ErrNoRate) || errors.Is(err, ErrStaleRate) || ctx.Err() != nil {
			return Conversion{}, err
		}
		return Conversion{}, fmt.Errorf("currency: rate source: %s to %s: %w", a.c.Code(), target.Code(), err)
	}
	return c.apply(a, target, r, now)
}

// ConvertWith converts a with a rate the caller already holds, such as one
// recorded in an earlier Conversion: r must convert from a's currency, and is
// checked and applied as Convert does, MaxAge included (use a Converter with
// MaxAge zero to recompute an old conversion). Its codes are
// case-insensitive; the Conversion records r with upper-case codes (and
// shares r's Chain: see Rate).
func (c Converter) ConvertWith(a Amount, r Rate) (Conversion, error) {
	if err := c.check(a); err != nil {
		return Conversion{}, err
	}
	target, err := c.Registry.Lookup(r.To)
	if err != nil {
		return Conversion{}, &InvalidRateError{From: r.From, To: r.To, Reason: "unknown currency " + rateQuoteCode(r.To), Err: err}
	}
	conv, err := c.apply(a, target, r, c.now())
	if err != nil {
		return Conversion{}, err
	}
	// apply checked that r converts a's currency into target.
	conv.Rate.From, conv.Rate.To = a.c.Code(), target.Code()
	return conv, nil
}

// check validates the converter's settings and the amount to convert.
func (c Converter) check(a Amount) error {
	if a.c.d == nil {
		return &UnknownCurrencyError{}
	}
	if c.Mode > Floor {
		return fmt.Errorf("currency: converter: invalid rounding mode %d", uint8(c.Mode))
	}
	return nil
}

// maxAge returns the effective MaxAge: DefaultMaxRateAge for zero, and a
// negative value for no limit.
func (c Converter) maxAge() time.Duration {
	if c.MaxAge == 0 {
		return DefaultMaxRateAge
	}
	return c.MaxAge
}

func (c Converter) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// apply checks r against the pair and MaxAge, then converts.
func (c Converter) apply(a Amount, target Currency, r Rate, now time.Time) (Conversion, error) {
	from, to := a.c.Code(), target.Code()
	if normalizeCode(r.From) != from || normalizeCode(r.To) != to {
		return Conversion{}, &InvalidRateError{From: r.From, To: r.To,
			Reason: fmt.Sprintf("rate does not convert %s to %s", from, to)}
	}
	if reason := checkRateValue(r.Value); reason != "" {
		return Conversion{}, &InvalidRateError{From: r.From, To: r.To, Reason: reason}
	}
	if max := c.maxAge(); max > 0 {
		if age := now.Sub(r.Time); age > max {
			return Conversion{}, &StaleRateError{From: from, To: to, Time: r.Time, Age: age, MaxAge: max}
		}
	}
	return Conversion{
		Source: a,
		Result: Amount{n: rateMulRound(a.n, r.Value, target.digits(), c.Mode), c: target},
		Rate:   r,
		Mode:   c.Mode,
		At:     now,
	}, nil
}
