package fees

import (
	_ "embed"
	"strings"
)

// builtinJSON is a string, not a []byte, so that no code can change it.
//
//go:embed builtin.json
var builtinJSON string

// Builtin returns a new copy of the built-in schedule, "paydesk-illustrative-2026".
//
// The schedule is ILLUSTRATIVE: its prices are invented for demos, tests and
// documentation and are not any real provider's prices. It rounds fees half-up
// per line and received amounts down, and covers:
//
//   - card payments: 2.9% (plus 0.30 USD in USD), 1.4% + 0.25 EUR within
//     the EEA in EUR, a 1.5% international card fee when cross-border, and
//     a 2% conversion markup;
//   - transfers by bank transfer or balance: free domestically; cross-border
//     in USD, EUR or GBP graduated 0.6% / 0.4% / 0.25% (bands at 1,000 and
//     10,000) plus a fixed fee, up to 50,000 USD / 45,000 EUR / 40,000 GBP;
//     0.50 EUR within the EEA in EUR; 0.5% markup;
//   - transfers funded by card: volume tiers 2.5% up to 500, 1.9% above,
//     1% more cross-border, 1.5% markup;
//   - payouts and withdrawals to a bank: 1% borne by the recipient, minimum
//     1.00, maximum 25.00 USD/EUR or 20.00 GBP, 1% markup;
//   - exchanges between balances: no fee, 0.35% markup;
//   - card top-ups: 1.5%, 1% more cross-border.
//
// The document is builtin.json in this package's source. Builtin decodes and
// validates it on every call (about a millisecond); keep the result.
func Builtin() (*Schedule, error) {
	return Decode(strings.NewReader(builtinJSON))
}
