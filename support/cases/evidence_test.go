package cases_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// complete returns evidence with a valid value for every item of r's checklist.
func complete(r cases.Reason) cases.Evidence {
	e := cases.Evidence{Fields: map[string]string{}}
	for _, it := range r.Checklist() {
		switch it.Kind {
		case cases.ItemText:
			e.Fields[it.Name] = "some words"
		case cases.ItemDate:
			e.Fields[it.Name] = "2026-02-20"
		case cases.ItemID:
			e.Fields[it.Name] = "REF-123"
		case cases.ItemAmount:
			e.Fields[it.Name] = "12.34 USD"
		case cases.ItemAttachment:
			e.Attachments = append(e.Attachments, cases.Attachment{Item: it.Name, Name: "doc.pdf", Type: "application/pdf", Size: 1000, Ref: "f_" + it.Name})
		}
	}
	return e
}

func TestChecklists(t *testing.T) {
	for _, r := range cases.Reasons() {
		t.Run(r.String(), func(t *testing.T) {
			list := r.Checklist()
			required := 0
			for _, it := range list {
				if it.Required {
					required++
				}
			}
			if required == 0 {
				t.Fatal("no required item")
			}
			full := complete(r)
			if err := full.Check(r, cases.Limits{}); err != nil {
				t.Fatalf("complete evidence refused: %v", err)
			}
			if m := full.Missing(r); len(m) != 0 {
				t.Fatalf("complete evidence misses %v", m)
			}
			if m := (cases.Evidence{}).Missing(r); len(m) != required {
				t.Fatalf("empty evidence misses %v, want %d items", m, required)
			}
			// Every item with a value of the wrong shape is refused.
			for _, it := range list {
				bad := complete(r)
				switch it.Kind {
				case cases.ItemDate:
					bad.Fields[it.Name] = "20 Feb 2026"
				case cases.ItemID:
					bad.Fields[it.Name] = "has spaces"
				case cases.ItemAmount:
					bad.Fields[it.Name] = "12,34"
				case cases.ItemText:
					bad.Fields[it.Name] = "  "
				case cases.ItemAttachment:
					bad.Fields[it.Name] = "text for a file"
				}
				if err := bad.Check(r, cases.Limits{}); !errors.Is(err, support.ErrInvalidInput) {
					t.Errorf("%s (%s) with a bad value: %v", it.Name, it.Kind, err)
				}
			}
		})
	}
	// The examples of the issue.
	names := func(r cases.Reason, required bool) string {
		var out []string
		for _, it := range r.Checklist() {
			if it.Required == required {
				out = append(out, it.Name)
			}
		}
		return strings.Join(out, ",")
	}
	if got := names(cases.ReasonProductNotReceived, true); got != "shipping_carrier,tracking_number,shipped_on" {
		t.Errorf("not received requires %s", got)
	}
	if got := names(cases.ReasonDuplicate, true); got != "other_charge_id" {
		t.Errorf("duplicate requires %s", got)
	}
}

func TestEvidenceLimits(t *testing.T) {
	r := cases.ReasonProductUnacceptable
	photo := func(size int64, typ string) cases.Attachment {
		return cases.Attachment{Item: "photos", Name: "photo.jpg", Type: typ, Size: size, Ref: "f1"}
	}
	l := cases.Limits{MaxTextBytes: 100, MaxTotalTextBytes: 150, MaxAttachments: 2, MaxAttachmentBytes: 1000, MaxTotalBytes: 1500}
	tests := []struct {
		name string
		e    cases.Evidence
		want error
	}{
		{"text at its limit", cases.Evidence{Fields: map[string]string{"problem_description": strings.Repeat("a", 100)}}, nil},
		{"text over its limit", cases.Evidence{Fields: map[string]string{"problem_description": strings.Repeat("a", 101)}}, cases.ErrTooLarge},
		{"texts over the total", cases.Evidence{Fields: map[string]string{"problem_description": strings.Repeat("a", 100), "returned_on": "2026-02-01",
			"return_tracking_number": strings.Repeat("b", 60)}}, cases.ErrTooLarge},
		{"unknown item", cases.Evidence{Fields: map[string]string{"mood": "cross"}}, cases.ErrUnknownItem},
		{"not UTF-8", cases.Evidence{Fields: map[string]string{"problem_description": "\xff"}}, support.ErrInvalidInput},
		{"attachment at its limit", cases.Evidence{Attachments: []cases.Attachment{photo(1000, "image/jpeg")}}, nil},
		{"attachment over its limit", cases.Evidence{Attachments: []cases.Attachment{photo(1001, "image/jpeg")}}, cases.ErrTooLarge},
		{"attachments over the total", cases.Evidence{Attachments: []cases.Attachment{photo(1000, "image/png"), photo(501, "image/png")}}, cases.ErrTooLarge},
		{"too many attachments", cases.Evidence{Attachments: []cases.Attachment{photo(1, "image/png"), photo(1, "image/png"), photo(1, "image/png")}}, cases.ErrTooLarge},
		{"type not allowed", cases.Evidence{Attachments: []cases.Attachment{photo(10, "application/x-msdownload")}}, cases.ErrAttachmentType},
		{"empty file", cases.Evidence{Attachments: []cases.Attachment{photo(0, "image/png")}}, support.ErrInvalidInput},
		{"path in name", cases.Evidence{Attachments: []cases.Attachment{{Item: "photos", Name: "../etc/passwd", Type: "image/png", Size: 1, Ref: "f"}}}, support.ErrInvalidInput},
		{"attachment for a text item", cases.Evidence{Attachments: []cases.Attachment{{Item: "problem_description", Name: "a.png", Type: "image/png", Size: 1, Ref: "f"}}}, support.ErrInvalidInput},
	}
	for _, tc := range tests {
		err := tc.e.Check(r, l)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if err != nil && !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("%s: %v does not match support.ErrInvalidInput", tc.name, err)
		}
	}
}

func TestSaveEvidenceOverLimitChangesNothing(t *testing.T) {
	e := newEnv(t, false)
	c := e.openDispute(t, "20.00 USD", notReceived())
	ev := notReceived()
	ev.Fields["explanation"] = strings.Repeat("x", cases.DefaultMaxTextBytes+1)
	if _, err := e.svc.SaveEvidence(ctx, ana, c.ID, ev); !errors.Is(err, cases.ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	if got, _ := e.svc.Get(ctx, ana, c.ID); got.Version != 1 || len(got.Evidence.Fields) != 3 {
		t.Fatalf("a refused draft changed the case: %+v", got)
	}
	if evs := e.events(t, c.Ticket, cases.EventEvidence); len(evs) != 0 {
		t.Fatalf("a refused draft was recorded: %+v", evs)
	}
}

func TestDecodeEvidence(t *testing.T) {
	good := `{"fields":{"other_charge_id":"ch_2"},"attachments":[{"item":"other_charge_receipt","name":"r.pdf","type":"application/pdf","size":10,"ref":"f1"}]}`
	e, err := cases.DecodeEvidence(strings.NewReader(good))
	if err != nil || e.Fields["other_charge_id"] != "ch_2" || len(e.Attachments) != 1 || e.Attachments[0].Size != 10 {
		t.Fatalf("DecodeEvidence = %+v, %v", e, err)
	}
	if err := e.Check(cases.ReasonDuplicate, cases.Limits{}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{"fields":{"a":"1"},"extra":true}`,
		`{"fields":{"a":"1","a":"2"}}`,
		`{"fields":{"a":"1"}} {}`,
		`{"attachments":[{"item":"x","size":"10"}]}`,
		`{"attachments":[{"item":"x","size":1e400}]}`,
		`[]`,
		`{"fields":{"a":1}}`,
		`{`,
		``,
	} {
		if _, err := cases.DecodeEvidence(strings.NewReader(bad)); !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("DecodeEvidence(%s) = %v, want ErrInvalidInput", bad, err)
		}
	}
	huge := `{"fields":{"explanation":"` + strings.Repeat("a", cases.MaxEvidenceJSONBytes) + `"}}`
	if _, err := cases.DecodeEvidence(strings.NewReader(huge)); !errors.Is(err, cases.ErrTooLarge) {
		t.Errorf("huge document: %v", err)
	}
}

func TestCardLast4(t *testing.T) {
	for last4, want := range map[string]error{
		"4242": nil, "": nil, "424": support.ErrInvalidInput, "42a2": support.ErrInvalidInput,
		"42424": cases.ErrFullCardNumber, "4242 4242 4242 4242": cases.ErrFullCardNumber, "４２４２４２４２４２４２４２４２": cases.ErrFullCardNumber,
	} {
		err := cases.Card{Brand: "visa", Last4: last4}.Validate()
		if want == nil && err != nil || want != nil && !errors.Is(err, want) {
			t.Errorf("Last4 %q: %v, want %v", last4, err, want)
		}
	}
}

func TestParseReason(t *testing.T) {
	for _, r := range cases.Reasons() {
		got, err := cases.ParseReason(r.String())
		if err != nil || got != r {
			t.Errorf("ParseReason(%q) = %v, %v", r, got, err)
		}
		b, err := r.MarshalText()
		if err != nil || string(b) != r.String() {
			t.Errorf("MarshalText(%v) = %s, %v", r, b, err)
		}
	}
	for _, bad := range []string{"", "Fraudulent", "fraud", "product not received", "general "} {
		if _, err := cases.ParseReason(bad); !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("ParseReason(%q) = %v", bad, err)
		}
	}
	if _, err := cases.Reason(0).MarshalText(); err == nil {
		t.Error("the zero Reason encodes")
	}
}

func TestEvidenceEqual(t *testing.T) {
	a := cases.Evidence{Fields: map[string]string{"a": "1", "b": "2"}, Attachments: []cases.Attachment{{Item: "x", Name: "r.pdf", Type: "application/pdf", Size: 9, Ref: "f1"}}}
	if !a.Equal(a.Clone()) || !(cases.Evidence{}).Equal(cases.Evidence{Fields: map[string]string{}}) {
		t.Fatal("equal evidence compared unequal")
	}
	for name, spoil := range map[string]func(e *cases.Evidence){
		"value":          func(e *cases.Evidence) { e.Fields["a"] = "9" },
		"key":            func(e *cases.Evidence) { delete(e.Fields, "a"); e.Fields["c"] = "1" },
		"extra field":    func(e *cases.Evidence) { e.Fields["c"] = "3" },
		"attachment":     func(e *cases.Evidence) { e.Attachments[0].Ref = "f2" },
		"no attachments": func(e *cases.Evidence) { e.Attachments = nil },
	} {
		b := a.Clone()
		spoil(&b)
		if a.Equal(b) || b.Equal(a) {
			t.Errorf("%s: different evidence compared equal", name)
		}
	}
}
