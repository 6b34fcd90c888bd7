package fees_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
)

// validDef returns a small valid definition the table below breaks.
func validDef() fees.Definition {
	return fees.Definition{
		Name:     "test",
		Rounding: fees.Rounding{Mode: currency.HalfEven},
		Regions:  map[string][]string{"NORDICS": {"DK", "FI", "IS", "NO", "SE"}},
		Rules: []fees.Rule{
			{
				ID: "cards", Operations: []fees.Operation{fees.Payment}, Methods: []fees.Method{fees.Card},
				Components: []fees.Component{{Code: "processing", Kind: fees.Percentage, Percent: dec("2.9")}},
			},
			{
				ID: "cards-usd", Operations: []fees.Operation{fees.Payment}, Methods: []fees.Method{fees.Card},
				Currencies: []string{"USD"}, MaxAmount: fees.Money{"USD": dec("10000")},
				Components: []fees.Component{
					{Code: "processing", Kind: fees.Percentage, Percent: dec("2.9"), Min: fees.Money{"USD": dec("0.50")}},
					{Code: "fixed", Kind: fees.Fixed, Amounts: fees.Money{"USD": dec("0.30")}},
				},
			},
		},
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *fees.Definition)
		rule   int // index of the rule named, -1 for a *ScheduleError
		text   string
		is     error
	}{
		{"no name", func(d *fees.Definition) { d.Name = "" }, -1, "name: missing", nil},
		{"no rules", func(d *fees.Definition) { d.Rules = nil }, -1, "no rules", nil},
		{"too many rules", func(d *fees.Definition) {
			d.Rules = make([]fees.Rule, fees.MaxRules+1) // refused before any rule is looked at
		}, -1, "more than the 5000", nil},
		{"bad rounding mode", func(d *fees.Definition) { d.Rounding.Mode = 42 }, -1, "rounding", nil},
		{"bad scope", func(d *fees.Definition) { d.Rounding.Scope = 7 }, -1, "scope", nil},
		{"region named like a country", func(d *fees.Definition) { d.Regions["FR"] = []string{"FR"} }, -1, "named like a country", nil},
		{"region redefining a built-in", func(d *fees.Definition) { d.Regions["EEA"] = []string{"FR"} }, -1, "built-in", nil},
		{"region with a bad country", func(d *fees.Definition) { d.Regions["X1"] = []string{"ZZ"} }, -1, `"ZZ"`, fees.ErrUnknownCountry},
		{"empty region", func(d *fees.Definition) { d.Regions["X1"] = nil }, -1, "no countries", nil},
		{"bad region name", func(d *fees.Definition) { d.Regions["nordics"] = []string{"SE"} }, -1, "region name", nil},
		{"missing id", func(d *fees.Definition) { d.Rules[0].ID = "" }, 0, "id:", nil},
		{"duplicate id", func(d *fees.Definition) { d.Rules[1].ID = "cards" }, 1, "already used", nil},
		{"no operation", func(d *fees.Definition) { d.Rules[0].Operations = nil }, 0, "operations", nil},
		{"unknown operation", func(d *fees.Definition) { d.Rules[0].Operations = []fees.Operation{"gift"} }, 0, `unknown operation "gift"`, nil},
		{"repeated operation", func(d *fees.Definition) { d.Rules[0].Operations = []fees.Operation{fees.Payment, fees.Payment} }, 0, "twice", nil},
		{"unknown method", func(d *fees.Definition) { d.Rules[0].Methods = []fees.Method{"cheque"} }, 0, `unknown method "cheque"`, nil},
		{"unknown corridor", func(d *fees.Definition) { d.Rules[0].Corridor = "local" }, 0, "unknown corridor", nil},
		{"unknown country", func(d *fees.Definition) { d.Rules[0].From = []string{"XX"} }, 0, `"XX"`, fees.ErrUnknownCountry},
		{"lower-case country", func(d *fees.Definition) { d.Rules[0].To = []string{"fr"} }, 0, `"fr"`, fees.ErrUnknownCountry},
		{"domestic rule that cannot match", func(d *fees.Definition) {
			d.Rules[0].Corridor, d.Rules[0].From, d.Rules[0].To = fees.Domestic, []string{"FR"}, []string{"DE"}
		}, 0, "can never match", nil},
		{"cross-border rule that cannot match", func(d *fees.Definition) {
			d.Rules[0].Corridor, d.Rules[0].From, d.Rules[0].To = fees.CrossBorder, []string{"FR"}, []string{"FR"}
		}, 0, "can never match", nil},
		{"unknown currency", func(d *fees.Definition) { d.Rules[1].Currencies = []string{"ABC"} }, 1, `"ABC"`, currency.ErrUnknownCurrency},
		{"lower-case currency", func(d *fees.Definition) { d.Rules[0].Currencies = []string{"usd"} }, 0, `write currency "usd" as "USD"`, nil},
		{"money without currencies", func(d *fees.Definition) {
			d.Rules[0].Components = []fees.Component{{Code: "fixed", Kind: fees.Fixed, Amounts: fees.Money{"USD": dec("1")}}}
		}, 0, "need the rule to list its currencies", nil},
		{"money missing a currency", func(d *fees.Definition) { d.Rules[1].Currencies = []string{"USD", "EUR"} }, 1, "no amount for EUR", nil},
		{"money with another currency", func(d *fees.Definition) { d.Rules[1].MaxAmount["EUR"] = dec("1") }, 1, `"EUR" is not one of the rule's currencies`, nil},
		{"negative fixed amount", func(d *fees.Definition) { d.Rules[1].Components[1].Amounts["USD"] = dec("-1") }, 1, "negative amount", nil},
		{"fixed amount below the minor unit", func(d *fees.Definition) { d.Rules[1].Components[1].Amounts["USD"] = dec("0.305") }, 1, "more decimals", nil},
		{"negative percent", func(d *fees.Definition) { d.Rules[0].Components[0].Percent = dec("-1") }, 0, "not in [0, 100)", nil},
		{"percent of 100", func(d *fees.Definition) { d.Rules[0].Components[0].Percent = dec("100") }, 0, "not in [0, 100)", nil},
		// Numbers a few bytes long whose exponent would make arithmetic build
		// huge integers are refused before any arithmetic.
		{"percent with too many decimals", func(d *fees.Definition) { d.Rules[0].Components[0].Percent = dec("1e-31") }, 0, "more than 30 decimals", nil},
		{"markup with a huge exponent", func(d *fees.Definition) { d.Rules[0].Markup = dec("1e-2000000000") }, 0, "markup: more than 30 decimals", nil},
		{"amount with too many digits", func(d *fees.Definition) { d.Rules[1].MaxAmount["USD"] = dec("1e101") }, 1, "max_amount: the amount in USD has more than", nil},
		{"cap with a huge exponent", func(d *fees.Definition) { d.Rules[1].Components[0].Min["USD"] = dec("1e2000000000") }, 1, "min: the amount in USD has more than", nil},
		{"negative markup", func(d *fees.Definition) { d.Rules[0].Markup = dec("-0.5") }, 0, "markup", nil},
		{"markup that never applies", func(d *fees.Definition) {
			d.Rules[1].Markup, d.Rules[1].ReceiveCurrencies = dec("1"), []string{"USD"}
		}, 1, "never converts", nil},
		{"band upside down", func(d *fees.Definition) { d.Rules[1].MinAmount = fees.Money{"USD": dec("20000")} }, 1, "above max_amount", nil},
		{"unknown payer", func(d *fees.Definition) { d.Rules[0].Payer = "bank" }, 0, "unknown payer", nil},
		{"unknown kind", func(d *fees.Definition) { d.Rules[0].Components[0].Kind = "flat" }, 0, `unknown kind "flat"`, nil},
		{"duplicate component code", func(d *fees.Definition) { d.Rules[1].Components[1].Code = "processing" }, 1, "used twice", nil},
		{"percent on a fixed component", func(d *fees.Definition) { d.Rules[1].Components[1].Percent = dec("1") }, 1, "not used by a fixed component", nil},
		{"caps on a fixed component", func(d *fees.Definition) { d.Rules[1].Components[1].Min = fees.Money{"USD": dec("1")} }, 1, "no min or max", nil},
		{"min above max", func(d *fees.Definition) { d.Rules[1].Components[0].Max = fees.Money{"USD": dec("0.10")} }, 1, "above max", nil},
		{"tiers out of order", func(d *fees.Definition) {
			d.Rules[1].Components[0] = fees.Component{Code: "tiers", Kind: fees.Graduated, Tiers: []fees.Tier{
				{UpTo: fees.Money{"USD": dec("100")}, Percent: dec("2")},
				{UpTo: fees.Money{"USD": dec("50")}, Percent: dec("1")},
				{Percent: dec("0.5")},
			}}
		}, 1, "does not exceed the previous tier", nil},
		{"last tier with a limit", func(d *fees.Definition) {
			d.Rules[1].Components[0] = fees.Component{Code: "tiers", Kind: fees.Volume, Tiers: []fees.Tier{
				{UpTo: fees.Money{"USD": dec("100")}, Percent: dec("2")},
			}}
		}, 1, "the last has none", nil},
		{"surcharge on a domestic rule", func(d *fees.Definition) {
			d.Rules[0].Corridor = fees.Domestic
			d.Rules[0].Components = append(d.Rules[0].Components, fees.Component{Code: "xb", Kind: fees.CrossBorderSurcharge, Percent: dec("1")})
		}, 0, "never applies", nil},
		{"recipient fees of 100%", func(d *fees.Definition) {
			d.Rules[0].Payer = fees.Recipient
			d.Rules[0].Components = append(d.Rules[0].Components, fees.Component{Code: "more", Kind: fees.Percentage, Percent: dec("97.1")})
		}, 0, "100% or more", nil},
		{"bad label tag", func(d *fees.Definition) { d.Rules[0].Components[0].Labels = map[string]string{"not a tag!": "x"} }, 0, "labels", nil},
		{"overlapping rules", func(d *fees.Definition) {
			// Cards from FR for every currency, and cards in USD: neither is narrower.
			d.Rules[0].From = []string{"FR"}
		}, 1, `overlaps rule "cards"`, nil},
		{"identical rules", func(d *fees.Definition) {
			r := d.Rules[0]
			r.ID = "again"
			d.Rules = append(d.Rules, r)
		}, 2, "exactly the same requests", nil},
		{"exception outside the band of its rule", func(d *fees.Definition) {
			d.Rules = append(d.Rules, fees.Rule{ID: "fr-usd", Operations: []fees.Operation{fees.Payment}, Methods: []fees.Method{fees.Card},
				From: []string{"FR"}, Currencies: []string{"USD"}, MinAmount: fees.Money{"USD": dec("5000")}, MaxAmount: fees.Money{"USD": dec("20000")}})
		}, 2, "overlaps", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDef()
			tt.change(&d)
			s, err := fees.New(d)
			if err == nil {
				t.Fatalf("New accepted it: %v", s)
			}
			errIs(t, err, fees.ErrInvalidSchedule)
			if tt.is != nil {
				errIs(t, err, tt.is)
			}
			contains(t, err.Error(), tt.text)
			truth(t, strings.HasPrefix(err.Error(), "fees: invalid schedule: "), err.Error())
			var re *fees.RuleError
			var se *fees.ScheduleError
			switch {
			case tt.rule < 0:
				truth(t, errors.As(err, &se), "want a *ScheduleError:", err)
			case errors.As(err, &re):
				eq(t, tt.rule, re.Index)
				eq(t, d.Rules[tt.rule].ID, re.ID)
			default:
				t.Fatalf("want a *RuleError, got %T %v", err, err)
			}
		})
	}
}

func TestNewAccepts(t *testing.T) {
	d := validDef()
	nordic := []string{"DKK", "EUR", "ISK", "NOK", "SEK"}
	d.Rules = append(d.Rules,
		// Narrower exceptions nest: Nordic cards, and domestic Swedish ones within them.
		fees.Rule{ID: "nordic", Operations: []fees.Operation{fees.Payment}, Methods: []fees.Method{fees.Card},
			From: []string{"NORDICS"}, To: []string{"NORDICS"}, Currencies: nordic},
		fees.Rule{ID: "sweden", Operations: []fees.Operation{fees.Payment}, Methods: []fees.Method{fees.Card},
			From: []string{"SE"}, To: []string{"SE"}, Corridor: fees.Domestic, Currencies: []string{"SEK"}},
		// Bands of one route side by side.
		fees.Rule{ID: "small", Operations: []fees.Operation{fees.Transfer}, Currencies: []string{"EUR"}, MaxAmount: fees.Money{"EUR": dec("100.00")}},
		fees.Rule{ID: "large", Operations: []fees.Operation{fees.Transfer}, Currencies: []string{"EUR"}, MinAmount: fees.Money{"EUR": dec("100.01")}},
	)
	s, err := fees.New(d)
	noErr(t, err)
	eq(t, "test", s.Name())
	eq(t, 6, s.Len())
	eq(t, currency.HalfEven, s.Rounding().Mode)
	q := builtinQuoter(t)
	q.Schedule = s
	for _, c := range []struct {
		op             fees.Operation
		from, to, send string
		rule           string
	}{
		{fees.Payment, "SE", "SE", "10 SEK", "sweden"},
		{fees.Payment, "SE", "NO", "10 SEK", "nordic"},
		{fees.Payment, "SE", "SE", "10 EUR", "nordic"},
		{fees.Payment, "SE", "FR", "10 SEK", "cards"},
		{fees.Payment, "SE", "SE", "10 USD", "cards-usd"},
		{fees.Payment, "US", "FR", "10000.01 USD", "cards"},
		{fees.Transfer, "FR", "DE", "100.00 EUR", "small"},
		{fees.Transfer, "FR", "DE", "100.01 EUR", "large"},
	} {
		req := fees.Request{Operation: c.op, Method: fees.Card, FromCountry: c.from, ToCountry: c.to}
		got, err := q.Forward(t.Context(), req, amount(t, c.send))
		noErr(t, err)
		eq(t, c.rule, got.Rule())
	}
}
