package main

import (
	"testing"
	"time"
)

// TestDisputeFlow: a customer disputes a payment, saves evidence and
// submits it once every required item is there; staff refund part of it;
// another customer cannot see or touch the case, and a customer cannot
// refund.
func TestDisputeFlow(t *testing.T) {
	e := newEnv(t)
	date := time.Now().AddDate(0, 0, -5).Format(time.DateOnly)
	open := map[string]any{
		"transaction": map[string]any{"id": "txn_1", "merchant": "Shop", "date": date, "method": "card",
			"amount": map[string]string{"amount": "129.00", "currency": "EUR"}, "card": map[string]string{"brand": "visa", "last4": "4242"}, "country": "DE"},
		"reason": "product_not_received", "description": "It never came.", "lang": "en",
	}
	c := e.must(t, 201, mei, "POST", "/api/disputes", open)
	id, ticket := c["id"].(string), c["ticket"].(string)
	if c["status"] != "needs_response" || len(c["checklist"].([]any)) == 0 || len(c["missing"].([]any)) == 0 {
		t.Fatalf("dispute: %v", c)
	}
	if d := c["display"].(map[string]any); d["amount"] != "€129.00" {
		t.Errorf("display amount %v, want €129.00 (CLDR, en)", d["amount"])
	}

	// Bad input and other people.
	for _, bad := range []struct {
		user string
		body any
		want int
		code string
	}{
		{mei, map[string]any{"reason": "nope", "transaction": open["transaction"]}, 400, "invalid_field"},
		{mei, map[string]any{"reason": "duplicate", "transaction": map[string]any{"id": "x", "date": "yesterday"}}, 400, "invalid_input"},
		{li, open, 403, "customers_only"},
	} {
		r := e.call(t, bad.user, "POST", "/api/disputes", bad.body)
		if r.status != bad.want || r.code(t) != bad.code {
			t.Errorf("open %v as %s: %d %s, want %d %s", bad.body, bad.user, r.status, r.code(t), bad.want, bad.code)
		}
	}
	if r := e.call(t, ann, "POST", "/api/cases/"+id+"/evidence", map[string]any{"fields": map[string]string{"shipping_carrier": "DHL"}}); r.status != 404 {
		t.Errorf("ann saving mei's evidence: %d %s", r.status, r.body)
	}
	if r := e.call(t, ann, "GET", "/api/tickets/"+ticket, nil); r.status != 404 {
		t.Errorf("ann reading mei's dispute ticket: %d", r.status)
	}
	if r := e.call(t, mei, "POST", "/api/cases/"+id+"/refunds", map[string]any{"amount": map[string]string{"amount": "1.00", "currency": "EUR"}}); r.status != 403 {
		t.Errorf("a customer refunding: %d %s", r.status, r.body)
	}

	// Submitting with items missing is refused; with them, accepted once.
	e.must(t, 200, mei, "POST", "/api/cases/"+id+"/evidence", map[string]any{"fields": map[string]string{"shipping_carrier": "DHL"}})
	if r := e.call(t, mei, "POST", "/api/cases/"+id+"/evidence/submit", nil); r.status != 422 || r.code(t) != "evidence_missing" {
		t.Errorf("submit with items missing: %d %s", r.status, r.body)
	}
	if r := e.call(t, mei, "POST", "/api/cases/"+id+"/evidence", map[string]any{"fields": map[string]string{"shipped_on": "not a date"}}); r.status != 400 {
		t.Errorf("a bad date: %d %s", r.status, r.body)
	}
	e.must(t, 200, mei, "POST", "/api/cases/"+id+"/evidence", map[string]any{"fields": map[string]string{
		"shipping_carrier": "DHL", "tracking_number": "JD0146000", "shipped_on": date}})
	c = e.must(t, 200, mei, "POST", "/api/cases/"+id+"/evidence/submit", nil)
	if c["status"] != "under_review" || c["submitted_at"] == nil {
		t.Errorf("after submit: %v", c)
	}
	if r := e.call(t, mei, "POST", "/api/cases/"+id+"/evidence/submit", nil); r.status != 409 || r.code(t) != "evidence_submitted" {
		t.Errorf("second submit: %d %s", r.status, r.body)
	}

	// Staff refund part, then too much.
	res := e.must(t, 200, li, "POST", "/api/cases/"+id+"/refunds", map[string]any{"amount": map[string]string{"amount": "29.00", "currency": "EUR"}, "idempotency_key": "r1"})
	if cs := res["case"].(map[string]any); cs["status"] != "partially_refunded" || cs["display"].(map[string]any)["remaining"] != "€100.00" {
		t.Errorf("after a partial refund: %v", cs)
	}
	if r := e.call(t, li, "POST", "/api/cases/"+id+"/refunds", map[string]any{"amount": map[string]string{"amount": "100.01", "currency": "EUR"}}); r.status != 422 || r.code(t) != "refund_exceeds_remaining" {
		t.Errorf("refund beyond what remains: %d %s", r.status, r.body)
	}
	// The customer sees the case on the ticket, in Chinese if asked.
	v := e.must(t, 200, mei, "GET", "/api/tickets/"+ticket+"?lang=zh-Hans", nil)
	if cs := v["case"].(map[string]any); cs["refunded"].(map[string]any)["amount"] != "29.00" || cs["display"].(map[string]any)["status"] == "" {
		t.Errorf("customer's case view: %v", cs)
	}
}
