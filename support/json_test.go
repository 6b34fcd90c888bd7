package support_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
)

func TestJSONRoundTrip(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	amount, err := currency.NewAmount("1999.99", "JPY")
	if err != nil {
		amount, err = currency.NewAmount("19.99", "USD")
	}
	noErr(t, err)
	tk := f.open(t, agent, support.OpenRequest{
		Customer: "alice", Subject: "Wrong exchange rate", Category: support.CategoryCurrencyExchange,
		Language: language.SimplifiedChinese, Transactions: []string{"fx_1"}, Amount: &amount,
		Tags: []string{"fx"}, Fields: []support.Field{{Name: "rate", Value: "7.1", Internal: true}},
	})
	_, err = f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Checking the rate.", Status: support.StatusPending})
	noErr(t, err)
	stored := f.stored(t, tk.ID)
	b, err := json.Marshal(stored)
	noErr(t, err)
	for _, want := range []string{`"status":"pending"`, `"category":"currency_exchange"`, `"language":"zh-Hans"`, `"channel":"web"`, `"priority":"normal"`, `"currency":"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("ticket JSON lacks %s: %s", want, b)
		}
	}
	var back support.Ticket
	noErr(t, json.Unmarshal(b, &back))
	if !reflect.DeepEqual(stored, &back) {
		t.Fatalf("ticket round trip:\n%+v\n%+v", stored, &back)
	}
	for _, e := range f.history(t, tk.ID) {
		b, err := json.Marshal(e)
		noErr(t, err)
		var got support.Event
		noErr(t, json.Unmarshal(b, &got))
		if !reflect.DeepEqual(e, got) {
			t.Fatalf("event round trip:\n%+v\n%+v", e, got)
		}
	}
}

func TestJSONRejects(t *testing.T) {
	valid := `{"id":"T1","customer":"c","subject":"s","category":"fees","status":"new","language":"en","channel":"web","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","version":1}`
	var ok support.Ticket
	noErr(t, json.Unmarshal([]byte(valid), &ok))
	tests := []struct{ name, in string }{
		{"unknown field", strings.Replace(valid, `"version":1`, `"version":1,"hacked":true`, 1)},
		{"unknown status", strings.Replace(valid, `"new"`, `"reopened"`, 1)},
		{"malformed category", strings.Replace(valid, `"fees"`, `"Fees!"`, 1)},
		{"no customer", strings.Replace(valid, `"customer":"c",`, ``, 1)},
		{"empty subject", strings.Replace(valid, `"subject":"s"`, `"subject":" "`, 1)},
		{"version 0", strings.Replace(valid, `"version":1`, `"version":0`, 1)},
		{"float amount", strings.Replace(valid, `"version":1`, `"version":1,"amount":{"amount":1.5,"currency":"USD"}`, 1)},
		{"negative amount", strings.Replace(valid, `"version":1`, `"version":1,"amount":{"amount":"-1.50","currency":"USD"}`, 1)},
		{"merged but open", strings.Replace(valid, `"version":1`, `"version":1,"merged_into":"T2"`, 1)},
		{"unsorted tags", strings.Replace(valid, `"version":1`, `"version":1,"tags":["b","a"]`, 1)},
		{"trailing data", valid + `{}`},
		{"null", `null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ok
			if err := json.Unmarshal([]byte(tc.in), &got); err == nil {
				t.Fatalf("accepted %s", tc.in)
			}
			if !reflect.DeepEqual(got, ok) {
				t.Fatal("a failed decode changed the ticket")
			}
		})
	}
	var e support.Event
	for _, in := range []string{
		`{"ticket":"T1","seq":1,"version":1,"kind":"created","at":"2026-01-01T00:00:00Z","actor":{"role":"customer","id":"c"}}`,
		`{"ticket":"T1","seq":2,"version":1,"kind":"note","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"},"body":"x"}`,
		`{"ticket":"T1","seq":2,"version":2,"kind":"priority","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"},"from":"low","to":"high"}`,
		`{"ticket":"T1","seq":2,"version":2,"kind":"field","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"},"field":"internal.risk","to":"high"}`,
		`{"ticket":"T1","seq":2,"version":2,"kind":"field","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"},"field":"tags","to":"fraud"}`,
		`{"ticket":"T1","seq":0,"version":1,"kind":"reply","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"}}`,
		`{"ticket":"T1","seq":2,"version":1,"kind":"gossip","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"}}`,
		`{"ticket":"T1","seq":2,"version":1,"kind":"reply","at":"2026-01-01T00:00:00Z","actor":{"role":"customer","id":""}}`,
		`{"ticket":"T1","seq":1,"version":1,"kind":"created","at":"2026-01-01T00:00:00Z","actor":{"role":"customer","id":"c"},"opening":{"customer":"c","subject":"s","category":"fees","language":"en","channel":"web","amount":{"amount":"-3.00","currency":"EUR"}}}`,
	} {
		if err := json.Unmarshal([]byte(in), &e); err == nil {
			t.Errorf("accepted event %s", in)
		}
	}
}

// TestCustomerViewHidesInternalKinds: an event of a kind that is always
// internal stays hidden from the customer even when a store hands it back
// without its Internal flag.
func TestCustomerViewHidesInternalKinds(t *testing.T) {
	tests := []struct {
		e      support.Event
		hidden bool
	}{
		{support.Event{Kind: support.EventNote, Body: "suspected fraud"}, true},
		{support.Event{Kind: support.EventPriority, From: "low", To: "urgent"}, true},
		{support.Event{Kind: support.EventAssignment, Field: "assignee", To: "risk-team"}, true},
		{support.Event{Kind: support.EventSLA, Field: "first_reply", To: "breach"}, true},
		{support.Event{Kind: support.EventNotifyFailed, Body: "smtp down"}, true},
		{support.Event{Kind: support.EventFieldChange, Field: "tags", To: "fraud"}, true},
		{support.Event{Kind: support.EventFieldChange, Field: "internal.risk", To: "high"}, true},
		{support.Event{Kind: support.EventFieldChange, Field: "fields.order", To: "A-1"}, false},
		{support.Event{Kind: support.EventReply, Body: "hello", Actor: support.Agent("a")}, false},
	}
	for _, tc := range tests {
		_, visible := tc.e.CustomerView()
		if visible == tc.hidden {
			t.Errorf("%v %q: visible %v", tc.e.Kind, tc.e.Field, visible)
		}
	}
}

// TestCustomerViewKeepsOnlyOwnKeys: the customer's view of an event keeps
// its idempotency key only when the customer wrote it; the business's keys
// are not the customer's to see.
func TestCustomerViewKeepsOnlyOwnKeys(t *testing.T) {
	tests := []struct {
		actor support.Actor
		kind  support.EventKind
		want  string
	}{
		{support.Customer("alice"), support.EventReply, "k-1"},
		{support.Customer("alice"), support.EventCreated, "k-1"},
		{support.Agent("a"), support.EventReply, ""},
		{support.Agent("a"), support.EventCreated, ""},
		{support.Admin("root"), support.EventStatus, ""},
		{support.System("chat"), support.EventCustom, ""},
	}
	for _, tc := range tests {
		e := support.Event{Ticket: "T1", Seq: 1, Version: 1, Kind: tc.kind, Actor: tc.actor, Key: "k-1", Field: "chat.message"}
		if tc.kind == support.EventCreated {
			e.Opening = &support.Opening{Customer: "alice", Subject: "s"}
		}
		v, ok := e.CustomerView()
		if !ok {
			t.Fatalf("%v by %v hidden", tc.kind, tc.actor)
		}
		if v.Key != tc.want {
			t.Errorf("%v by %v: key %q, want %q", tc.kind, tc.actor, v.Key, tc.want)
		}
		if e.Key != "k-1" {
			t.Errorf("%v by %v: CustomerView changed the event", tc.kind, tc.actor)
		}
	}
}

// TestCustomerNeverSeesStaffKeys follows keys through the Desk: an agent's
// key is in the staff's history and the agent's own result, and in no
// customer's view (history, history page, reply result, notification); the
// customer's own key stays in theirs.
func TestCustomerNeverSeesStaffKeys(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk, err := f.desk.Open(ctx, agent, support.OpenRequest{Customer: "alice", Subject: "Chargeback", Category: support.CategoryPaymentFailed, IdempotencyKey: "crm-open-7"})
	noErr(t, err)
	ae, err := f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "We are on it", IdempotencyKey: "crm-req-9"})
	noErr(t, err)
	eq(t, "crm-req-9", ae.Key, "the agent's own reply")
	ce, err := f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "Thanks", IdempotencyKey: "app-req-1"})
	noErr(t, err)
	eq(t, "app-req-1", ce.Key, "the customer's own reply")

	staff, err := f.desk.History(ctx, agent, tk.ID, 0, 0)
	noErr(t, err)
	cust, err := f.desk.History(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	page, err := f.desk.HistoryPage(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	want := map[support.Actor]string{alice: "app-req-1"}
	for _, h := range [][]support.Event{cust, page.Events} {
		for _, e := range h {
			eq(t, want[e.Actor], e.Key, "key of "+e.Kind.String()+" in the customer's view")
		}
	}
	keys := 0
	for _, e := range staff {
		if e.Key != "" {
			keys++
		}
	}
	eq(t, 3, keys, "keys in the staff's history")
	notes := f.notes.all()
	if len(notes) == 0 {
		t.Fatal("no notifications")
	}
	for _, n := range notes {
		for _, e := range n.Events {
			eq(t, "", e.Key, "key in a notification")
		}
	}
}
