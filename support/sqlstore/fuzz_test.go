package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// FuzzFind runs arbitrary queries against the same tickets in SQLite and in
// memstore: no query panics, none changes the database (every value is a
// parameter, so text such as "'; DROP TABLE paydesk_tickets; --" is only
// text), and both stores return the same tickets in the same order.
func FuzzFind(f *testing.F) {
	f.Add("c1", uint8(0), "", "", "", "", false, uint8(0), 2, int64(0), "")
	f.Add("c2", uint8(3), "refund", "vip", "ACCOUNT", "payments", false, uint8(1), 3, int64(90), "")
	f.Add("", uint8(1), "", "", "", "a1", true, uint8(2), 1, int64(-5), "")
	f.Add("' OR 1=1 --", uint8(255), "x'); DROP TABLE paydesk_tickets; --", "%", "_", "\x00", false, uint8(1), 0, int64(1<<40), "AAAA")
	f.Add("c3", uint8(2), "payment_failed", "", "é", "", false, uint8(9), 7, int64(30), "!!!")

	ctx := context.Background()
	db := openSQLite(f)
	sql, mem := db.Tickets(), memstore.New()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	statuses := []support.Status{support.StatusNew, support.StatusOpen, support.StatusPending, support.StatusSolved, support.StatusClosed}
	for i := range 60 {
		at := base.Add(time.Duration(i%17) * time.Minute) // equal times: ties broken by ID
		w := newTicket(fmt.Sprintf("t%02d", i), fmt.Sprintf("c%d", i%4), at, 1)
		tk := w.Ticket
		tk.UpdatedAt = at.Add(time.Duration(i%5) * time.Hour)
		tk.Status = statuses[i%len(statuses)]
		if i%3 == 0 {
			tk.Category = support.CategoryRefund
		}
		if i%4 == 1 {
			tk.Assignee = fmt.Sprintf("a%d", i%3)
		}
		if i%5 == 2 {
			tk.Group = "payments"
		}
		if i%6 == 0 {
			tk.Tags = []string{"vip"}
		}
		if i%7 == 0 {
			tk.Subject = "Locked out of my ACCOUNT"
		}
		if i%2 == 0 {
			tk.SLANext = base.Add(time.Duration(i) * time.Minute)
		}
		tk.Priority = support.Priority(1 + i%4)
		for _, s := range []support.Store{sql, mem} {
			c := support.Commit{Writes: []support.Write{w}}
			c.Writes[0].Events = slices.Clone(w.Events)
			if err := s.Commit(ctx, c); err != nil {
				f.Fatal(err)
			}
		}
	}

	f.Fuzz(func(t *testing.T, customer string, statusBits uint8, category, tag, text, who string, unassigned bool, order uint8, limit int, slaMinutes int64, cursor string) {
		q := support.Query{Customer: customer, Tag: tag, Text: text, Unassigned: unassigned, Order: support.Order(order % 4), Limit: limit % 8}
		for i, st := range statuses {
			if statusBits&(1<<i) != 0 {
				q.Statuses = append(q.Statuses, st)
			}
		}
		if category != "" {
			q.Categories = []support.Category{support.Category(category)}
		}
		if statusBits&0x20 != 0 {
			q.Group = who
		} else {
			q.Assignee = who
		}
		if statusBits&0x40 != 0 {
			q.Priorities = []support.Priority{support.Priority(1 + statusBits%4)}
		}
		if slaMinutes != 0 {
			q.SLADue = base.Add(time.Duration(slaMinutes%(1<<30)) * time.Minute)
		}
		if cursor != "" {
			// Cursors are each store's own: only check that a foreign one
			// is refused or read, never a panic or another error.
			q.Cursor = cursor
			if _, err := sql.Find(ctx, q); err != nil && !errors.Is(err, support.ErrInvalidCursor) && !errors.Is(err, support.ErrInvalidInput) {
				t.Fatalf("Find with cursor %q: %v", cursor, err)
			}
			return
		}
		got, gerr := collectAll(ctx, sql, q)
		want, werr := collectAll(ctx, mem, q)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("query %+v: sqlstore error %v, memstore error %v", q, gerr, werr)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("query %+v:\nsqlstore %v\nmemstore %v", q, got, want)
		}
		if p, err := sql.Find(ctx, support.Query{Order: support.OrderOldest, Limit: 100}); err != nil || len(p.Tickets) != 60 {
			t.Fatalf("the tickets changed: %d, %v", len(p.Tickets), err)
		}
	})
}

// collectAll pages through q and returns the IDs.
func collectAll(ctx context.Context, s support.Store, q support.Query) ([]support.ID, error) {
	var ids []support.ID
	for range 200 {
		p, err := s.Find(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, t := range p.Tickets {
			ids = append(ids, t.ID)
		}
		if p.Next == "" {
			return ids, nil
		}
		q.Cursor = p.Next
	}
	return nil, errors.New("pagination does not end")
}
