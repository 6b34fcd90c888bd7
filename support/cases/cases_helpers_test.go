package cases_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/memstore"
)

// refundSchedule is an invented schedule with one refund rule: 0.50 USD
// (0.40 EUR) per card refund, borne by the customer.
const refundSchedule = `{
  "name": "refunds-example",
  "rounding": {"mode": "half-up", "scope": "line", "received": "down"},
  "rules": [{
    "id": "card-refund", "operations": ["refund"], "methods": ["card"],
    "currencies": ["USD", "EUR"], "payer": "recipient",
    "components": [{"code": "refund-fee", "kind": "fixed", "amounts": {"USD": "0.50", "EUR": "0.40"},
      "labels": {"en": "Refund fee", "zh-Hans": "退款手续费"}}]
  }]
}`

type env struct {
	desk  *support.Desk
	store *memstore.CasesStore
	svc   *cases.Service
	now   time.Time
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newEnv(tb testing.TB, quote bool) *env {
	tb.Helper()
	e := &env{now: t0, store: memstore.NewCases()}
	clock := func() time.Time { return e.now }
	var n, m atomic.Int64 // the ID functions must be safe for concurrent use
	desk, err := support.NewDesk(memstore.New(), support.Options{Now: clock, NoSLA: true,
		NewID: func() support.ID { return support.ID(fmt.Sprintf("T-%d", n.Add(1))) }})
	if err != nil {
		tb.Fatal(err)
	}
	o := cases.Options{Desk: desk, Store: e.store, Now: clock,
		NewID: func() support.ID { return support.ID(fmt.Sprintf("C-%d", m.Add(1))) }}
	if quote {
		sched, err := fees.Decode(strings.NewReader(refundSchedule))
		if err != nil {
			tb.Fatal(err)
		}
		o.Quoter = &fees.Quoter{Schedule: sched, Now: clock}
	}
	svc, err := cases.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	e.desk, e.svc = desk, svc
	return e
}

func amount(tb testing.TB, s string) currency.Amount {
	tb.Helper()
	a, err := currency.ParseAmount(s)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func tx(tb testing.TB, amt string) cases.Transaction {
	return cases.Transaction{ID: "ch_3Pq", Amount: amount(tb, amt), Date: t0.Add(-72 * time.Hour),
		Merchant: "Acme Books", Method: fees.Card, Card: cases.Card{Brand: "visa", Last4: "4242"},
		Country: "US", CustomerCountry: "US"}
}

var (
	ana   = support.Customer("ana")
	bob   = support.Customer("bob")
	agent = support.Agent("li")
	ctx   = context.Background()
)

func notReceived() cases.Evidence {
	return cases.Evidence{Fields: map[string]string{"shipping_carrier": "UPS", "tracking_number": "1Z999AA10123456784",
		"shipped_on": "2026-02-20"}}
}

// openDispute opens a not-received dispute for ana over amt.
func (e *env) openDispute(tb testing.TB, amt string, ev cases.Evidence) *cases.Case {
	tb.Helper()
	c, err := e.svc.OpenDispute(ctx, ana, cases.OpenRequest{Transaction: tx(tb, amt), Reason: cases.ReasonProductNotReceived,
		Evidence: ev, Language: language.English})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// events returns the custom events of ticket id with field prefix, as staff see them.
func (e *env) events(tb testing.TB, id support.ID, field string) []support.Event {
	tb.Helper()
	return e.eventsAs(tb, agent, id, field)
}

// eventsAs returns the custom events of ticket id with field prefix, as a sees them.
func (e *env) eventsAs(tb testing.TB, a support.Actor, id support.ID, field string) []support.Event {
	tb.Helper()
	evs, err := e.desk.History(ctx, a, id, 0, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []support.Event
	for _, ev := range evs {
		if ev.Kind == support.EventCustom && strings.HasPrefix(ev.Field, field) {
			out = append(out, ev)
		}
	}
	return out
}
