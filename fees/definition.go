package fees

import (
	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// Definition is a fee schedule as data: what a host writes in JSON (see
// Decode) or builds in Go, before New validates and compiles it into a
// Schedule. The JSON field names are the snake_case names in the struct tags.
// A Definition and the types it holds are plain data: safe for concurrent
// reads, not for concurrent writes. New keeps nothing of them.
type Definition struct {
	// Name identifies the schedule in quotes, such as "retail-2026-01".
	Name string `json:"name"`
	// Description is free text for people reading the schedule.
	Description string `json:"description,omitempty"`
	// Rounding says how fees and converted amounts are rounded.
	Rounding Rounding `json:"rounding"`
	// Regions defines region groups usable in From and To, in addition to
	// the built-in "EU" and "EEA". A name is two or more upper-case letters,
	// digits, '-' or '_' and must not be a country code or a built-in group.
	Regions map[string][]string `json:"regions,omitempty"`
	// Rules are the pricing rules. A request is priced by the one rule that
	// matches it; when several match, one must be strictly narrower than the
	// others (an exception carved out of a general rule), and the narrowest
	// wins. Rules that overlap otherwise, or that can never match, are refused.
	Rules []Rule `json:"rules"`
}

// Rounding says where and how a schedule rounds. Every rounding is explicit:
//
//   - Fee lines are computed exactly. With Scope PerLine each line is rounded
//     to the send currency's minor units with Mode and the total fee is their
//     sum; with OnTotal the lines stay exact and only the total is rounded.
//   - The conversion markup is never rounded into the rate: the applied rate is
//     mid × (1 − markup) exactly, and the received amount is converted × applied
//     rate rounded to the receive currency's minor units with Received.
//   - The markup cost shown in a quote is converted × markup, rounded with Mode.
//
// The zero Rounding is HalfUp per line and HalfUp for received amounts. In
// JSON the three fields are required: {"mode":"half-up","scope":"line","received":"down"}.
// Like Definition, it is plain data: safe for concurrent reads, not for concurrent writes.
type Rounding struct {
	Mode     currency.RoundingMode `json:"mode"`
	Scope    Scope                 `json:"scope"`
	Received currency.RoundingMode `json:"received"`
}

// Money is a set of amounts, one per currency code: {"USD":"0.30","EUR":"0.25"}.
// A rule that uses Money (fixed fees, caps, tier limits, amount bands) must
// list its Currencies, and every Money of the rule must give exactly one
// amount for each of them, with no more decimals than the currency's minor
// units.
// Like Definition, it is plain data: safe for concurrent reads, not for concurrent writes.
type Money map[string]decimal.Decimal

// Rule is one pricing rule: what it matches and what it charges. Empty match
// fields match anything, except Operations, which is required.
// Like Definition, it is plain data: safe for concurrent reads, not for concurrent writes.
type Rule struct {
	// ID names the rule in quotes and errors; unique within the schedule.
	ID string `json:"id"`
	// Operations the rule matches; at least one.
	Operations []Operation `json:"operations"`
	// Methods the rule matches; empty matches every method.
	Methods []Method `json:"methods,omitempty"`
	// Corridor restricts the rule to domestic or cross-border requests.
	Corridor Corridor `json:"corridor,omitempty"`
	// From and To restrict the sender's and the recipient's countries: ISO
	// 3166-1 alpha-2 codes or region groups. Empty matches every country.
	From []string `json:"from,omitempty"`
	To   []string `json:"to,omitempty"`
	// Currencies restricts the send currency; empty matches every currency.
	Currencies []string `json:"currencies,omitempty"`
	// ReceiveCurrencies restricts the currency the recipient gets; empty
	// matches every currency. A request converts when it differs from the
	// send currency.
	ReceiveCurrencies []string `json:"receive_currencies,omitempty"`
	// MinAmount and MaxAmount bound the send amounts the rule matches, both
	// inclusive, per currency. Either may be omitted.
	MinAmount Money `json:"min_amount,omitempty"`
	MaxAmount Money `json:"max_amount,omitempty"`
	// Payer says who bears the fees; empty means Sender.
	Payer Payer `json:"payer,omitempty"`
	// Markup is the currency-conversion markup in percent over the
	// mid-market rate, 0 <= Markup < 100. It applies only to requests that
	// convert: the applied rate is mid × (1 − Markup/100).
	Markup decimal.Decimal `json:"markup,omitempty"`
	// Components are the fees, one quote line each. None means no fee.
	Components []Component `json:"components,omitempty"`
}

// Component is one fee of a rule, shown as one line of a quote.
// Like Definition, it is plain data: safe for concurrent reads, not for concurrent writes.
type Component struct {
	// Code names the line in quotes, such as "processing"; unique in the rule.
	Code string `json:"code"`
	// Kind says how the fee is computed.
	Kind Kind `json:"kind"`
	// Percent is the rate of Percentage and CrossBorderSurcharge, in
	// percent: "1.5" means 1.5%. 0 <= Percent < 100.
	Percent decimal.Decimal `json:"percent,omitempty"`
	// Amounts is the fee of a Fixed component, per currency.
	Amounts Money `json:"amounts,omitempty"`
	// Tiers are the bands of Graduated and Volume components, in increasing
	// order; every tier but the last has UpTo, the last has none.
	Tiers []Tier `json:"tiers,omitempty"`
	// Min and Max cap the line of a percentage-based component: a smaller
	// fee is raised to Min, a larger one lowered to Max. Either may be omitted.
	Min Money `json:"min,omitempty"`
	Max Money `json:"max,omitempty"`
	// Labels are the line's name for customers by BCP 47 language tag, such
	// as {"en":"Card fee","zh-Hans":"刷卡手续费"}. Explainer uses them; without
	// a label for the language it names the line by its kind.
	Labels map[string]string `json:"labels,omitempty"`
}

// Tier is one band of a graduated or volume component: send amounts up to and
// including UpTo (per currency; nil for the last, open-ended tier) are charged
// Percent percent.
// Like Definition, it is plain data: safe for concurrent reads, not for concurrent writes.
type Tier struct {
	UpTo    Money           `json:"up_to,omitempty"`
	Percent decimal.Decimal `json:"percent"`
}
