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
// Every result keeps its exactness: Split and Allocate divide an amount into
// parts that always sum to it, handing the leftover minor units one by one to
// the parts with the largest remainders (ties to the earlier part):
//
//	refund, _ := currency.NewAmount("100.00", "USD")
//	parts, err := refund.Split(3) // 33.34 USD, 33.33 USD, 33.33 USD
//	shares, err := fee.Allocate(decimal.NewFromInt(70), decimal.NewFromInt(30))
//
// MinorUnits converts back to an int64 count of minor units, with an error
// matching ErrOverflow when it does not fit.
//
// # Parsing and encoding
//
// Parser reads "12.34", "USD 12.34" and "12.34 USD": plain decimals only (no
// exponents, NaN, grouping or non-ASCII digits), with an optional default
// currency and a Strict mode that refuses more decimals than the currency
// has. ParseAmount reads back what Amount.String writes ("12.34 USD").
//
// In JSON an Amount is {"amount":"2.50","currency":"USD"}: the number is a
// string at the currency's scale, so that no reader turns it into a float.
// Decoding (Amount.UnmarshalJSON, or a JSONDecoder with options) refuses
// unknown currencies, unknown or repeated members, trailing data and JSON
// numbers unless AllowNumbers is set. For database/sql an Amount is stored as
// its String and scanned back exactly. Bad input never panics: every error
// matches one of the package's sentinels (ErrInvalidAmount,
// ErrUnknownCurrency, ...).
//
// # Currency facts
//
// Lookup returns the facts of an ISO 4217 currency: minor units (Digits),
// cash increment, numeric code. Retired codes that historical rates need
// (HRK, LTL, ...; RetiredCodes) are known as rate codes (LookupAny,
// ParseECB, RateTable) but refused for new amounts with a
// *RetiredCurrencyError unless a Registry allows them (AllowRetired). The table is generated from a dated copy of the
// ISO 4217 list (see iso4217_data.go). Minor units are what amounts, APIs and
// storage use; DisplayDigits is only for display. Codes that ISO 4217 lists
// without minor units (XAU, XAG, XPT, XPD, XDR, XTS, XXX and the bond-market
// units) are not in the default table; a host that needs them defines them,
// with the scale its books use, in its own Registry — never globally.
//
// # Localized display
//
// A Formatter shows amounts the way CLDR says a locale writes money: symbol
// placement and spacing, separators, Indian grouping, minimum grouping digits,
// negative and accounting forms, and the currency's display digits. The
// tables are generated from Unicode CLDR (CLDRVersion) for every CLDR locale
// with currency formats, each in its default numbering system, and
// NewFormatter finds a tag's locale along CLDR's parent chain (de-CH keeps
// its own data, zh-TW → zh-Hant, pt-PT its own, a language without data →
// en); Formatter.Locale says which:
//
//	euros, _ := currency.NewAmount("1234.50", "EUR")
//	currency.NewFormatter(language.German).Format(euros) // "1.234,50 €"
//	currency.NewFormatter(language.French).Format(euros) // "1 234,50 €" (narrow no-break space)
//	chargeback, _ := currency.NewAmount("-42.50", "USD")
//	currency.NewFormatter(language.English, currency.WithAccounting()).Format(chargeback) // "($42.50)"
//
// Display rounds half-even unless WithRoundingMode names another mode; it never
// changes the Amount. AppendFormat writes into a reused buffer without allocating.
//
// # Exchange rates
//
// A Rate says that one unit of From is worth Value units of To, as of Time,
// according to Source. RateSource is the interface a host implements for its
// provider; RateTable is the in-memory one, safe for concurrent use, that
// answers quoted rates, their inverses and cross rates through pivot
// currencies (EUR by default). Derived rates are exact quotients rounded to
// RateDigits (18) significant digits; they list the quoted rates they come
// from in Chain and carry the oldest leg's Time. ParseECB reads the European
// Central Bank's daily reference rates (eurofxref-daily.xml):
//
//	rates, err := currency.ParseECB(resp.Body) // EUR→X, timed 16:00 CET
//	table, err := currency.NewRateTable()
//	err = table.Set(rates...)                  // keeps the newest rate per pair
//
// A Converter turns an Amount into another currency. It refuses a rate older
// than its MaxAge with a *StaleRateError (matching ErrStaleRate), rounds the
// result once to the target's minor units with its Mode, and returns a
// Conversion that records the source, the result, the rate with its chain and
// times, the mode and the moment: what a receipt or a dispute needs.
//
//	conv := currency.Converter{Rates: table, MaxAge: 72 * time.Hour, Mode: currency.HalfEven}
//	dollars, _ := currency.NewAmount("100.00", "USD")
//	c, err := conv.Convert(ctx, dollars, "JPY")
//	// with EUR/USD 1.1572 and EUR/JPY 181.34: c.Result is 15671 JPY,
//	// c.Rate is USD/JPY 156.70584168683028, c.Rate.Chain is EUR/USD, EUR/JPY
//
// A pair no rate connects gives a *NoRateError (matching ErrNoRate); rates
// that Set or ParseECB refuse give errors matching ErrInvalidRate.
package currency
