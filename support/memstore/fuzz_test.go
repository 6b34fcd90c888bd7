package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// FuzzCursor feeds arbitrary cursors to Find: each is refused with
// ErrInvalidCursor or gives a page of tickets that come after it, never a
// panic.
func FuzzCursor(f *testing.F) {
	s := memstore.New()
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range 5 {
		id := support.ID(fmt.Sprintf("t%d", i))
		at := base.Add(time.Duration(i) * time.Minute)
		t := &support.Ticket{ID: id, Customer: "c1", Subject: "s", Category: support.CategoryFees, Status: support.StatusNew,
			Channel: support.ChannelWeb, CreatedAt: at, UpdatedAt: at, Version: 1}
		ev := support.Event{Ticket: id, Version: 1, Kind: support.EventCreated, At: at, Actor: support.Customer("c1"),
			Opening: &support.Opening{Customer: "c1", Subject: "s", Category: support.CategoryFees, Channel: support.ChannelWeb}}
		if err := s.Commit(ctx, support.Commit{Writes: []support.Write{{Ticket: t, Events: []support.Event{ev}}}}); err != nil {
			f.Fatal(err)
		}
	}
	for _, order := range []support.Order{support.OrderActivity, support.OrderOldest, support.OrderNewest} {
		p, err := s.Find(ctx, support.Query{Customer: "c1", Order: order, Limit: 2})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p.Next, uint8(order), true)
		f.Add(p.Next, uint8(order), false)
	}
	f.Add("", uint8(0), true)
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAA", uint8(1), false)
	f.Fuzz(func(t *testing.T, cursor string, order uint8, byCustomer bool) {
		q := support.Query{Order: support.Order(order % 3), Cursor: cursor, Limit: 3}
		if byCustomer {
			q.Customer = "c1"
		}
		p, err := s.Find(ctx, q)
		if err != nil {
			if cursor == "" || !errors.Is(err, support.ErrInvalidCursor) {
				t.Fatalf("Find(%q): %v", cursor, err)
			}
			return
		}
		if len(p.Tickets) > 3 {
			t.Fatalf("page of %d tickets", len(p.Tickets))
		}
		if p.Next != "" && len(p.Tickets) == 0 {
			t.Fatal("an empty page with a next cursor")
		}
	})
}
