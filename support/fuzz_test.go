package support_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/paydesk/paydesk/support"
)

// FuzzTicketJSON checks that decoding never panics, and that whatever
// decodes is valid and survives a round trip unchanged.
func FuzzTicketJSON(f *testing.F) {
	f.Add([]byte(`{"id":"T1","customer":"c","subject":"s","category":"fees","status":"new","language":"en","channel":"web","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","version":1}`))
	f.Add([]byte(`{"id":"T1","customer":"c","subject":"s","category":"refund","priority":"high","status":"closed","language":"zh-Hans","channel":"app","amount":{"amount":"12.50","currency":"EUR"},"tags":["a","b"],"fields":[{"name":"x","value":"1","internal":true}],"merged_into":"T2","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","version":3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var tk support.Ticket
		if err := json.Unmarshal(data, &tk); err != nil {
			return
		}
		if err := tk.Validate(); err != nil {
			t.Fatalf("decoded an invalid ticket: %v", err)
		}
		b, err := json.Marshal(&tk)
		if err != nil {
			t.Fatalf("cannot encode a decoded ticket: %v", err)
		}
		var back support.Ticket
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot decode %s: %v", b, err)
		}
		b2, err := json.Marshal(&back)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the ticket:\n%s\n%s", b, b2)
		}
	})
}

// FuzzEventJSON is FuzzTicketJSON for history events.
func FuzzEventJSON(f *testing.F) {
	f.Add([]byte(`{"ticket":"T1","seq":2,"version":2,"kind":"reply","at":"2026-01-01T00:00:00Z","actor":{"role":"agent","id":"a"},"body":"hello"}`))
	f.Add([]byte(`{"ticket":"T1","seq":1,"version":1,"kind":"created","at":"2026-01-01T00:00:00Z","actor":{"role":"customer","id":"c"},"opening":{"customer":"c","subject":"s","category":"fees","language":"en","channel":"web"}}`))
	f.Add([]byte(`{"ticket":"T1","seq":5,"version":4,"kind":"status","at":"2026-01-01T00:00:00Z","actor":{"role":"system","id":"sla"},"from":"open","to":"solved"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var e support.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("decoded an invalid event: %v", err)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("cannot encode a decoded event: %v", err)
		}
		var back support.Event
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot decode %s: %v", b, err)
		}
		if !reflect.DeepEqual(e.Kind, back.Kind) || e.Seq != back.Seq || e.Body != back.Body {
			t.Fatalf("round trip changed the event:\n%+v\n%+v", e, back)
		}
		if cv, ok := e.CustomerView(); ok && cv.Internal {
			t.Fatal("customer view of an internal event")
		}
	})
}

// FuzzReplay checks that Replay never panics on a decodable history, and
// that what it rebuilds is consistent with the history.
func FuzzReplay(f *testing.F) {
	f.Add([]byte(`[{"ticket":"T1","seq":1,"version":1,"kind":"created","at":"2026-01-01T00:00:00Z","actor":{"role":"customer","id":"c"},"opening":{"customer":"c","subject":"s","category":"fees","language":"en","channel":"web"}},` +
		`{"ticket":"T1","seq":2,"version":2,"kind":"reply","at":"2026-01-01T00:01:00Z","actor":{"role":"agent","id":"a"},"body":"hi"},` +
		`{"ticket":"T1","seq":3,"version":2,"kind":"status","at":"2026-01-01T00:01:00Z","actor":{"role":"agent","id":"a"},"from":"new","to":"open"},` +
		`{"ticket":"T1","seq":4,"version":3,"kind":"status","at":"2026-01-01T00:02:00Z","actor":{"role":"agent","id":"a"},"from":"open","to":"solved"},` +
		`{"ticket":"T1","seq":5,"version":4,"kind":"status","at":"2026-01-01T00:03:00Z","actor":{"role":"agent","id":"a"},"from":"solved","to":"closed"}]`))
	f.Add([]byte(`[{"ticket":"T1","seq":1,"version":1,"kind":"created","at":"2026-01-01T00:00:00Z","actor":{"role":"customer","id":"c"},"opening":{"customer":"c","subject":"s","category":"fees","language":"en","channel":"web"}},` +
		`{"ticket":"T1","seq":2,"version":2,"kind":"merge","at":"2026-01-01T00:01:00Z","actor":{"role":"agent","id":"a"},"field":"into","related":"T0"},` +
		`{"ticket":"T1","seq":3,"version":2,"kind":"status","at":"2026-01-01T00:01:00Z","actor":{"role":"agent","id":"a"},"from":"new","to":"closed"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var h []support.Event
		if err := json.Unmarshal(data, &h); err != nil {
			return
		}
		tk, err := support.Replay(h)
		if err != nil {
			if tk != nil {
				t.Fatal("a ticket with the error")
			}
			return
		}
		last, visible := h[len(h)-1], h[0]
		for _, e := range h {
			if _, ok := e.CustomerView(); ok {
				visible = e
			}
		}
		if tk.ID != h[0].Ticket || tk.Version != last.Version || !tk.UpdatedAt.Equal(visible.At) {
			t.Fatalf("replayed %+v from a history ending %+v", tk, last)
		}
		if tk.Status == support.StatusClosed && tk.ClosedAt.IsZero() {
			t.Fatal("closed without ClosedAt")
		}
	})
}
