// Package currency handles money exactly: amounts as decimal numbers with an
// ISO 4217 currency, rounding with named modes, allocation that never loses a
// cent, strict parsing, JSON and SQL encoding, localized display and exchange
// rates with conversions that record the rates they used.
//
// # Amounts
//
// An Amount is a decimal.Decimal and a Currency. Build one from a string or
// from integer minor units, never from a float:
//
//	price, err := currency.NewAmount("12.34", "USD")
//	fee, err := currency.NewAmountFromMinor(150, "USD") // 1.50 USD
//	total, err := price.Add(fee)                        // 13.84 USD
//
// Add, Sub and Cmp return a *MismatchError (matching ErrCurrencyMismatch) when
// the currencies differ. Mul is exact; Div, Round and RoundCash round with a
// named RoundingMode: HalfUp (ties away from zero, shopspring's Round),
// HalfEven (banker's), Up, Down (truncate), Ceiling and Floor.
//
// # Currency facts
//
// Lookup returns the facts of an ISO 4217 currency: minor units (Digits),
// cash increment, numeric code. The table is generated from a dated copy of the
// ISO 4217 list (see iso4217_data.go). Minor units are what amounts, APIs and
// storage use; DisplayDigits is only for display. Codes that ISO 4217 lists
// without minor units (XAU, XAG, XPT, XPD, XDR, XTS, XXX and the bond-market
// units) are not in the default table; a host that needs them defines them,
// with the scale its books use, in its own Registry — never globally.
//
// # Exchange rates
//
// A Rate says that one unit of From is worth Value units of To. RateSource is
// the interface a host implements for its provider.
package currency
