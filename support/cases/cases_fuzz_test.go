package cases_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// FuzzDecodeEvidence checks that decoding never panics, refuses with an
// *support.InputError, and that what decodes survives a round trip and
// checks without panicking against every reason.
func FuzzDecodeEvidence(f *testing.F) {
	f.Add([]byte(`{"fields":{"shipping_carrier":"UPS","tracking_number":"1Z999","shipped_on":"2026-02-20"}}`))
	f.Add([]byte(`{"attachments":[{"item":"photos","name":"a.jpg","type":"image/jpeg","size":1200,"ref":"f_1"}]}`))
	f.Add([]byte(`{"fields":{"agreed_amount":"12.34 USD"},"attachments":[]}`))
	f.Add([]byte(`{"fields":{"a":"1","a":"2"}}`))
	f.Add([]byte(`{"fields":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := cases.DecodeEvidence(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, support.ErrInvalidInput) {
				t.Fatalf("error %v does not match ErrInvalidInput", err)
			}
			return
		}
		for _, r := range cases.Reasons() {
			_ = e.Check(r, cases.Limits{})
			_ = e.Missing(r)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("cannot encode decoded evidence: %v", err)
		}
		back, err := cases.DecodeEvidence(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("cannot decode %s: %v", b, err)
		}
		if !reflect.DeepEqual(e, back) {
			t.Fatalf("round trip changed the evidence:\n%+v\n%+v", e, back)
		}
	})
}

// FuzzCaseJSON checks that decoding a case never panics, that whatever
// decodes is valid, and that it survives a round trip unchanged.
func FuzzCaseJSON(f *testing.F) {
	f.Add([]byte(`{"id":"C-1","ticket":"T-1","customer":"ana","kind":"dispute","transaction":{"id":"ch_1","amount":{"amount":"42.50","currency":"USD"},"date":"2026-02-27T09:00:00Z","merchant":"Acme","method":"card","card":{"brand":"visa","last4":"4242"}},"reason":"product_not_received","status":"needs_response","respond_by":"2026-03-09T09:00:00Z","evidence":{"fields":{"shipping_carrier":"UPS"}},"refunded":{"amount":"0.00","currency":"USD"},"created_at":"2026-03-02T09:00:00Z","updated_at":"2026-03-02T09:00:00Z","version":1}`))
	f.Add([]byte(`{"id":"C-2","ticket":"T-2","customer":"bob","kind":"refund","transaction":{"id":"ch_2","amount":{"amount":"1000","currency":"JPY"},"date":"2026-02-27T09:00:00Z","merchant":"Shop","method":"balance"},"status":"partially_refunded","refunded":{"amount":"300","currency":"JPY"},"note":"x","created_at":"2026-03-02T09:00:00Z","updated_at":"2026-03-02T09:00:00Z","version":4}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c cases.Case
		if err := json.Unmarshal(data, &c); err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("decoded an invalid case: %v", err)
		}
		b, err := json.Marshal(&c)
		if err != nil {
			t.Fatalf("cannot encode a decoded case: %v", err)
		}
		var back cases.Case
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot decode %s: %v", b, err)
		}
		b2, _ := json.Marshal(&back)
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip changed the case:\n%s\n%s", b, b2)
		}
	})
}

// FuzzParseReason checks that the reason, status and kind parsers accept
// exactly the names their String methods write.
func FuzzParseReason(f *testing.F) {
	for _, s := range []string{"fraudulent", "product_not_received", "general", "needs_response", "refund", "", "Duplicate", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := cases.ParseReason(s); err == nil {
			if r.String() != s || !r.IsValid() {
				t.Fatalf("ParseReason(%q) = %v", s, r)
			}
		} else if !errors.Is(err, support.ErrInvalidInput) {
			t.Fatalf("ParseReason(%q): %v", s, err)
		}
		if st, err := cases.ParseStatus(s); err == nil && (st.String() != s || !st.IsValid()) {
			t.Fatalf("ParseStatus(%q) = %v", s, st)
		}
		if k, err := cases.ParseKind(s); err == nil && (k.String() != s || !k.IsValid()) {
			t.Fatalf("ParseKind(%q) = %v", s, k)
		}
	})
}
