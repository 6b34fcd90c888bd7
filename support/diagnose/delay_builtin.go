package diagnose

import (
	"time"

	"github.com/paydesk/paydesk/fees"
)

// sepaCountries are the countries of the SEPA scheme used by the built-in
// window: the EEA with Switzerland, the United Kingdom, Monaco, San
// Marino, Andorra and Vatican City.
const sepaCountries = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK " +
	"IS LI NO CH GB MC SM AD VA"

// BuiltinWindows returns illustrative windows, a new slice on each call,
// for the methods the fees package's Builtin schedule uses (card,
// bank-transfer, balance): like that schedule's prices they are invented
// for demos and tests, not any real provider's promise, and a host passes
// its own to NewDelays.
//
//	method         route            expected            worry after
//	card           domestic         1 business day      3 business days
//	card           cross-border     2 business days     5 business days
//	bank-transfer  domestic         1 business day      2 business days
//	bank-transfer  SEPA region      1 business day      2 business days
//	bank-transfer  cross-border     3 business days     5 business days
//	balance        domestic         10 minutes          1 hour
//	balance        cross-border     1 business day      2 business days
func BuiltinWindows() []Window {
	bd := func(n int) Period { return Period{BusinessDays: n} }
	const transfers, cutOff = "bank-transfer-times", "transfer-cut-off-times"
	return []Window{
		{Method: fees.Card, Corridor: fees.Domestic, Expected: bd(1), Worry: bd(3), Article: "payment-pending"},
		{Method: fees.Card, Corridor: fees.CrossBorder, Expected: bd(2), Worry: bd(5), Article: "payment-pending"},
		{Method: fees.BankTransfer, Corridor: fees.Domestic, Expected: bd(1), Worry: bd(2), Article: transfers, SeeAlso: cutOff},
		{Method: fees.BankTransfer, Corridor: fees.CrossBorder, Region: "SEPA", Countries: splitCountries(sepaCountries),
			Expected: bd(1), Worry: bd(2), Article: transfers, SeeAlso: cutOff},
		{Method: fees.BankTransfer, Corridor: fees.CrossBorder, Expected: bd(3), Worry: bd(5), Article: transfers, SeeAlso: cutOff},
		{Method: fees.Balance, Corridor: fees.Domestic, Expected: Period{Elapsed: 10 * time.Minute}, Worry: Period{Elapsed: time.Hour}, Article: "payment-pending"},
		{Method: fees.Balance, Corridor: fees.CrossBorder, Expected: bd(1), Worry: bd(2), Article: transfers, SeeAlso: cutOff},
	}
}

func splitCountries(s string) []string {
	var out []string
	for i := 0; i+2 <= len(s); i += 3 {
		out = append(out, s[i:i+2])
	}
	return out
}
