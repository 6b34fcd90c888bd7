package memstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// TestSweepIndexes changes tickets' statuses and SLA clocks at random and
// checks that the queries of the SLA and auto-close sweeps, which memstore
// answers from indexes, find exactly the tickets a scan of every ticket
// finds, in order, across pages.
func TestSweepIndexes(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	statuses := []support.Status{support.StatusNew, support.StatusOpen, support.StatusPending, support.StatusSolved, support.StatusClosed}
	var ids []support.ID
	for i := range 300 {
		if i < 120 || rng.IntN(3) == 0 {
			id := support.ID(fmt.Sprintf("t%03d", i))
			at := base.Add(time.Duration(rng.IntN(500)) * time.Minute) // not in ID order
			tk := &support.Ticket{ID: id, Customer: "c", Subject: "s", Status: support.StatusNew, Channel: support.ChannelWeb,
				CreatedAt: at, UpdatedAt: at, Version: 1}
			if rng.IntN(2) == 0 {
				tk.SLANext = at.Add(time.Duration(rng.IntN(600)) * time.Minute)
			}
			commit(t, s, tk, 0)
			ids = append(ids, id)
			continue
		}
		tk, err := s.Get(ctx, ids[rng.IntN(len(ids))])
		if err != nil {
			t.Fatal(err)
		}
		prev := tk.Version
		tk.Version++
		tk.Status = statuses[rng.IntN(len(statuses))]
		switch rng.IntN(3) {
		case 0:
			tk.SLANext = time.Time{}
		case 1:
			tk.SLANext = base.Add(time.Duration(rng.IntN(900)) * time.Minute)
		}
		commit(t, s, tk, prev)
	}
	all := func(q support.Query) []support.ID {
		var out []*support.Ticket
		for _, id := range ids {
			tk, err := s.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if q.Matches(tk) {
				out = append(out, tk)
			}
		}
		slices.SortFunc(out, func(a, b *support.Ticket) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return cmpID(a.ID, b.ID)
		})
		if q.Order == support.OrderNewest {
			slices.Reverse(out)
		}
		got := make([]support.ID, len(out))
		for i, tk := range out {
			got[i] = tk.ID
		}
		return got
	}
	var queries []support.Query
	for _, order := range []support.Order{support.OrderOldest, support.OrderNewest} {
		for _, due := range []int{0, 200, 500, 1000} {
			queries = append(queries, support.Query{SLADue: base.Add(time.Duration(due) * time.Minute), Order: order, Limit: 7})
		}
		for _, st := range statuses {
			queries = append(queries, support.Query{Statuses: []support.Status{st}, Order: order, Limit: 7})
		}
	}
	for _, q := range queries {
		want := all(q)
		var got []support.ID
		for {
			p, err := s.Find(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range p.Tickets {
				got = append(got, tk.ID)
			}
			if p.Next == "" {
				break
			}
			q.Cursor = p.Next
		}
		if !slices.Equal(got, want) {
			t.Errorf("query %+v:\n got %v\nwant %v", q, got, want)
		}
	}
}

func cmpID(a, b support.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func commit(t *testing.T, s *memstore.Store, tk *support.Ticket, prev int64) {
	t.Helper()
	kind := support.EventStatus
	if prev == 0 {
		kind = support.EventCreated
	}
	err := s.Commit(context.Background(), support.Commit{Writes: []support.Write{{Ticket: tk, Prev: prev,
		Events: []support.Event{{Ticket: tk.ID, Version: tk.Version, Kind: kind, At: tk.UpdatedAt, Actor: support.Customer("c")}}}}})
	if err != nil {
		t.Fatal(err)
	}
}
