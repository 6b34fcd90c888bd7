package diagnose_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
)

// FuzzNormalizeCode checks that normalization never panics, yields only
// well-formed codes, is idempotent, and that Lookup agrees with it.
func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"insufficient_funds", " Do-Not-Honor ", "card_declined: stolen_card", "a:b:c",
		"", "9x", "x y  z", "ÄÖ", strings.Repeat("a", 70), "card_declined :  INCORRECT CVC"} {
		f.Add(s)
	}
	table := diagnose.DefaultDeclines()
	f.Fuzz(func(t *testing.T, s string) {
		n, err := diagnose.NormalizeCode(s)
		d, lerr := table.Lookup(s)
		if err != nil {
			if !errors.Is(err, support.ErrInvalidInput) {
				t.Fatalf("%q: error %v does not match ErrInvalidInput", s, err)
			}
			if lerr == nil || d.Code() != "" || d.ForCustomer().Cause != diagnose.CauseDeclined {
				t.Fatalf("%q: Lookup disagrees with NormalizeCode", s)
			}
			return
		}
		if lerr != nil || d.Code() != n {
			t.Fatalf("%q: Lookup %q %v, NormalizeCode %q", s, d.Code(), lerr, n)
		}
		if len(n) == 0 || len(n) > diagnose.MaxCodeBytes || n[0] < 'a' || n[0] > 'z' {
			t.Fatalf("%q → %q", s, n)
		}
		for i := 0; i < len(n); i++ {
			if c := n[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				t.Fatalf("%q → %q", s, n)
			}
		}
		if again, err := diagnose.NormalizeCode(n); err != nil || again != n {
			t.Fatalf("not idempotent: %q → %q → %q %v", s, n, again, err)
		}
		if c := d.ForCustomer(); d.Rule().Sensitive && (c.Code != "" || c.Cause != diagnose.CauseDeclined) {
			t.Fatalf("%q: sensitive cause shown to the customer", s)
		}
	})
}

// FuzzDecodeDeclines checks that the JSON decoder never panics and that
// every table it accepts builds and round-trips.
func FuzzDecodeDeclines(f *testing.F) {
	f.Add(`[{"code": "a", "cause": "x", "retry": "later", "wait": "1h"}]`)
	f.Add(`[{"code": "Acme-Risk", "cause": "suspected_fraud", "retry": "never", "sensitive": true, "article": "unrecognized-transaction"}]`)
	f.Add(`[{"code": "a", "cause": "x", "retry": "now", "wait": "1h"}]`)
	f.Add(`[]`)
	f.Add(`[{"code": 1}]`)
	f.Fuzz(func(t *testing.T, s string) {
		rules, err := diagnose.DecodeDeclines(strings.NewReader(s))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range rules {
			b, err := r.MarshalJSON()
			if err != nil {
				t.Fatalf("%+v: %v", r, err)
			}
			var back diagnose.DeclineRule
			if err := back.UnmarshalJSON(b); err != nil || back != r {
				t.Fatalf("round trip %+v → %s → %+v %v", r, b, back, err)
			}
			if seen[r.Code] {
				return // NewDeclines refuses duplicates
			}
			seen[r.Code] = true
		}
		if _, err := diagnose.NewDeclines(rules...); err != nil {
			t.Fatalf("decoded rules refused: %v", err)
		}
	})
}
