package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// benchDialects are the databases benchmarks run on: SQLite always,
// PostgreSQL when PAYDESK_POSTGRES_DSN is set.
func benchDialects(b *testing.B, f func(b *testing.B, db *sqlstore.DB)) {
	b.Run("sqlite", func(b *testing.B) { f(b, openSQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		if os.Getenv("PAYDESK_POSTGRES_DSN") == "" {
			b.Skip("PAYDESK_POSTGRES_DSN not set")
		}
		f(b, openPostgres(b))
	})
}

// BenchmarkCommit creates one ticket with its created event and an
// idempotency key per operation: the commit of Desk.Open.
func BenchmarkCommit(b *testing.B) {
	benchDialects(b, func(b *testing.B, db *sqlstore.DB) {
		ctx := context.Background()
		s := db.Tickets()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			id := fmt.Sprintf("t%08d", i)
			w := newTicket(id, fmt.Sprintf("c%d", i%100), t0, 1)
			if err := s.Commit(ctx, support.Commit{Writes: []support.Write{w}, Keys: []support.KeyRecord{{Scope: "open", Key: id, Ticket: w.Ticket.ID, At: t0}}}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkFind reads a customer's first page of 20 (newest activity
// first) among 2,000 tickets of 100 customers.
func BenchmarkFind(b *testing.B) {
	benchDialects(b, func(b *testing.B, db *sqlstore.DB) {
		ctx := context.Background()
		s := db.Tickets()
		for i := range 2000 {
			w := newTicket(fmt.Sprintf("t%05d", i), fmt.Sprintf("c%d", i%100), t0.Add(time.Duration(i)*time.Second), 1)
			if err := s.Commit(ctx, support.Commit{Writes: []support.Write{w}}); err != nil {
				b.Fatal(err)
			}
		}
		q := support.Query{Customer: "c7", Order: support.OrderActivity, Limit: 20}
		b.ReportAllocs()
		for b.Loop() {
			p, err := s.Find(ctx, q)
			if err != nil || len(p.Tickets) != 20 {
				b.Fatal(len(p.Tickets), err)
			}
		}
	})
}
