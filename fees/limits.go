package fees

import "github.com/shopspring/decimal"

// The size limits of the numbers fees computes with. A decimal.Decimal
// carries an exponent of up to ±2³¹, so a number such as 1e-2000000000 is a
// few bytes of JSON, but comparing it with 100 or rounding it builds an
// integer of two billion digits. Schedules, request amounts and exchange
// rates outside these limits are refused before any arithmetic.
const (
	// maxDecimals is the most decimal places a number may be written with.
	maxDecimals = 30
	// maxIntDigits is the most digits a number may have before the point,
	// the limit of the currency package's parsers.
	maxIntDigits = 100
)

// inRange reports whether d is within the size limits: at most maxDecimals
// decimals as written and at most maxIntDigits digits before the point.
func inRange(d decimal.Decimal) bool {
	e := d.Exponent()
	if e < -maxDecimals || e > maxIntDigits {
		return false
	}
	return d.NumDigits()+int(e) <= maxIntDigits
}
