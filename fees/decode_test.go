package fees_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
)

const minimalJSON = `{
  "name": "mini",
  "rounding": {"mode": "half-even", "scope": "total", "received": "down"},
  "rules": [
    {"id": "cards", "operations": ["payment"], "methods": ["card"], "currencies": ["USD"],
     "components": [
       {"code": "processing", "kind": "percentage", "percent": 2.9},
       {"code": "fixed", "kind": "fixed", "amounts": {"USD": "0.30"}}
     ]}
  ]
}`

func TestDecode(t *testing.T) {
	s, err := fees.Decode(strings.NewReader(minimalJSON))
	noErr(t, err)
	eq(t, "mini", s.Name())
	eq(t, fees.Rounding{Mode: currency.HalfEven, Scope: fees.OnTotal, Received: currency.Down}, s.Rounding())
	q := &fees.Quoter{Schedule: s}
	got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, amount(t, "10.01 USD"))
	noErr(t, err)
	// On the total: 0.29029 + 0.30 = 0.59029 → 0.59; the lines stay exact.
	eq(t, "0.59 USD", got.Fee().String())
	eq(t, "0.29029 USD", got.Lines()[0].Amount.String())
}

func TestDecodeRefuses(t *testing.T) {
	rule := func(s string) string {
		return `{"name":"x","rounding":{"mode":"half-up","scope":"line","received":"down"},"rules":[` + s + `]}`
	}
	tests := []struct {
		name string
		doc  string
		rule int // -1: not a rule problem
		text string
	}{
		{"not JSON", `{`, -1, "unexpected EOF"},
		{"trailing data", minimalJSON + `{}`, -1, "trailing data"},
		{"unknown top-level field", `{"name":"x","colour":"red"}`, -1, `unknown field "colour"`},
		{"no rounding", `{"name":"x","rules":[]}`, -1, "rounding: missing"},
		{"partial rounding", `{"name":"x","rounding":{"mode":"up"},"rules":[]}`, -1, "all required"},
		{"unknown rounding mode", `{"name":"x","rounding":{"mode":"sideways","scope":"line","received":"down"}}`, -1, "sideways"},
		{"unknown scope", `{"name":"x","rounding":{"mode":"up","scope":"rule","received":"down"}}`, -1, "rule"},
		{"unknown rule field", rule(`{"id":"a","operations":["payment"],"fee":"1%"}`), 0, `unknown field "fee"`},
		{"wrong type", rule(`{"id":"a","operations":"payment"}`), 0, "cannot unmarshal"},
		{"bad decimal", rule(`{"id":"a","operations":["payment"],"markup":"1,5"}`), 0, "1,5"},
		{"second rule named", rule(`{"id":"a","operations":["payment"]},{"id":"b","operations":["payment"],"methods":["cheque"]}`), 1, `unknown method "cheque"`},
		{"duplicate field in a rule", rule(`{"id":"a","operations":["payment"],"markup":"1","markup":"2"}`), 0, `duplicate field "markup"`},
		{"duplicate field in a money map", rule(`{"id":"a","operations":["payment"],"currencies":["USD"],"components":[{"code":"f","kind":"fixed","amounts":{"USD":"1","USD":"0"}}]}`), 0, `duplicate field "USD"`},
		{"field repeated in another case", rule(`{"id":"a","operations":["payment"],"components":[{"code":"c","kind":"percentage","percent":"1.5","PERCENT":"15"}]}`), 0, `duplicate field "PERCENT"`},
		{"top-level field repeated in another case", `{"name":"x","Name":"y","rounding":{"mode":"up","scope":"line","received":"down"},"rules":[]}`, -1, `duplicate field "Name"`},
		{"field repeated with a Kelvin sign", rule(`{"id":"a","operations":["payment"],"markup":"1","mar\u212Aup":"2"}`), 0, `duplicate field`},
		{"duplicate top-level field", `{"name":"x","name":"y","rounding":{"mode":"up","scope":"line","received":"down"},"rules":[]}`, -1, `duplicate field "name"`},
		// JSON null is refused, never read as a zero value (issue 14).
		{"null percent", rule(`{"id":"a","operations":["payment"],"currencies":["USD"],"components":[{"code":"c","kind":"percentage","percent":null}]}`), 0, `field "percent" is null`},
		{"null fixed amount", rule(`{"id":"a","operations":["payment"],"currencies":["USD"],"components":[{"code":"f","kind":"fixed","amounts":{"USD":null}}]}`), 0, `field "USD" is null`},
		{"null markup", rule(`{"id":"a","operations":["payment"],"markup":null}`), 0, `field "markup" is null`},
		{"null in a list", rule(`{"id":"a","operations":["payment",null]}`), 0, `is null`},
		{"null rounding mode", `{"name":"x","rounding":{"mode":null,"scope":"line","received":"down"},"rules":[]}`, -1, `null`},
		{"null rules", `{"name":"x","rounding":{"mode":"up","scope":"line","received":"down"},"rules":null}`, -1, `field "rules" is null`},
		{"unknown field in a component", rule(`{"id":"a","operations":["payment"],"components":[{"code":"c","kind":"percentage","percent":"1","cap":"2"}]}`), 0, `unknown field "cap"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fees.Decode(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			errIs(t, err, fees.ErrInvalidSchedule)
			contains(t, err.Error(), tt.text)
			var re *fees.RuleError
			if tt.rule >= 0 {
				if !errors.As(err, &re) {
					t.Fatalf("want a *RuleError, got %v", err)
				}
				eq(t, tt.rule, re.Index)
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	_, err := fees.Decode(strings.NewReader(`{"name":"` + strings.Repeat("x", fees.MaxScheduleSize) + `"}`))
	errIs(t, err, fees.ErrInvalidSchedule)
	contains(t, err.Error(), "larger than")
}

// FuzzDecode feeds arbitrary documents to the schedule decoder: it must
// never panic, and a schedule it accepts must price requests without
// panicking and with non-negative fees.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(minimalJSON))
	f.Add([]byte(`{"name":"x","rounding":{"mode":"up","scope":"line","received":"down"},"rules":[{"id":"a","operations":["payment"]}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		s, err := fees.Decode(strings.NewReader(string(doc)))
		if err != nil {
			if !errors.Is(err, fees.ErrInvalidSchedule) {
				t.Fatalf("error does not match ErrInvalidSchedule: %v", err)
			}
			return
		}
		q := &fees.Quoter{Schedule: s, Rates: mapRates{}.set("USD", "EUR", "0.9")}
		for _, send := range []string{"0.01 USD", "10 USD", "123456.78 USD", "5 EUR", "1000 JPY"} {
			for _, op := range []fees.Operation{fees.Payment, fees.Transfer, fees.Payout} {
				req := fees.Request{Operation: op, Method: fees.Card, FromCountry: "US", ToCountry: "FR", ReceiveCurrency: "EUR"}
				got, err := q.Forward(context.Background(), req, amount(t, send))
				if err == nil && got.Fee().IsNegative() {
					t.Fatalf("negative fee %s", got.Fee())
				}
			}
		}
	})
}
