// Package fees prices payments, transfers and conversions from declarative
// fee schedules, in both directions, and explains the price to customers
// line by line in their language.
//
// It answers the questions customers ask support most about money: "why was
// I charged this?" (an itemized Quote and its Explanation), "how much will my
// friend receive?" (Quoter.Forward and Quoter.Inverse) and "which way is
// cheapest?" (Quoter.Compare).
//
// # Schedules
//
// A Schedule is data: a Definition written in JSON (Decode) or built in Go
// (New), validated and compiled once, then shared. Each Rule matches requests
// on operation (payment, transfer, withdrawal, top-up, exchange, refund,
// payout), payment method, corridor (domestic when the sender's and the
// recipient's ISO 3166-1 countries are the same, cross-border otherwise),
// sender and recipient countries or region groups ("EEA", "EU" or the
// schedule's own), send and receive currencies, and a band of send amounts.
//
// Rules may nest: a narrower rule (an exception, such as EUR card payments
// within the EEA) wins over a wider one (all card payments). Two rules that
// some request matches while neither is strictly narrower are refused, as
// are rules that can never match, so the rule of every request is
// unambiguous. Matching uses an index on operation, method, send currency
// and sender country (a rule that names many countries or currencies is
// filed under "any"): the cost of a quote does not grow with the number of
// rules. A schedule has at most MaxRules rules, and numbers with at most 30
// decimals and 100 digits before the point, which bounds the work an
// untrusted schedule document can cause.
//
// A rule's Components are its fees, one quote line each: Percentage, Fixed
// (an amount per currency), Graduated tiers (each band of the amount at its
// own rate), Volume tiers (the whole amount at the rate of its band) and
// CrossBorderSurcharge (a percentage on cross-border requests only), with
// optional minimum and maximum caps. Markup is the conversion markup over the
// mid-market rate. Payer says who bears the fees: Sender (charged on top) or
// Recipient (deducted from the amount sent).
//
// # Rounding
//
// Rounding is explicit per schedule (see Rounding): fee lines are computed
// exactly and rounded to the send currency's minor units with Rounding.Mode,
// either each line (PerLine) or only the total (OnTotal). The applied rate is
// never rounded: it is mid × (1 − markup) exactly, and the received amount is
// converted × applied rounded with Rounding.Received. So every quote
// reconciles exactly:
//
//	Charged − Fee == Converted
//	Received == Converted                         (no conversion)
//	Received == round(Converted × Applied)        (conversion; Applied from Quote.Conversion)
//
// # Quotes
//
// A Quoter holds a Schedule, a currency.RateSource for mid-market rates, the
// oldest rate it accepts (MaxRateAge, by default currency.DefaultMaxRateAge,
// 96 hours, the same as currency.Converter's, fit for daily ECB rates over a
// weekend; older rates give a *currency.StaleRateError) and how long quotes
// stay valid, with an injectable clock and quote-ID generator (every quote
// has an ID). Forward quotes "you send X"; Inverse quotes "the recipient gets
// exactly Y" by finding the smallest send amount that delivers Y, across
// bands, caps, tiers and conversion rounding. When conversion rounding makes
// Y impossible (one unit of the send currency buys several units of the
// receive currency), Inverse returns an *InexactError that names the
// cheapest send amount delivering at least Y. Compare ranks payment options
// by total cost: fees plus the conversion markup.
//
//	schedule, err := fees.Builtin()
//	q := &fees.Quoter{Schedule: schedule, Rates: table} // table: a *currency.RateTable
//	req := fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer,
//		FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
//	quote, err := q.Forward(ctx, req, send)       // "I send 1234.56 USD": quote.Fee(), quote.Received()
//	quote, err = q.Inverse(ctx, req, receive)     // "they get exactly 1000.00 EUR": quote.Sent()
//	ranked, err := q.Compare(ctx, fees.SendSide, send, options) // cheapest first; unquotable last, with Err
//
// The package's Examples run these three with invented rates.
//
// A Quote is immutable and encodes to JSON with its ID, every figure and
// each line's basis ("1.5% of 100.00 USD"); UnmarshalJSON reads it back. An
// Explainer turns it into sentences in English, Simplified or Traditional
// Chinese from an l10n catalog (DefaultCatalog), with amounts in the
// currency package's localized display, each line's basis in the customer's
// language and the expiry in the customer's time zone (ExplainIn).
//
// # Errors
//
// Bad input never panics and never prices silently at zero: a malformed
// request is a *RequestError (ErrInvalidRequest), an unknown country a
// *CountryError (ErrUnknownCountry), no matching rule a *NoRuleError
// (ErrNoRule), an amount outside the bands a *RangeError
// (ErrAmountOutOfRange); a schedule problem is a *RuleError or
// *ScheduleError (ErrInvalidSchedule). Errors of the currency package
// (unknown currency, missing or stale rate) are wrapped, so errors.Is finds
// them.
//
// Builtin returns an illustrative schedule (invented prices, not any real
// provider's) used by the examples; examples/feequote prints quotes from the
// command line.
package fees
