package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the host's choice of driver

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// A Desk on SQLite: open the database with the host's driver, migrate, and
// give the Desk the ticket store. PostgreSQL is the same with
// sql.Open("pgx", dsn) and sqlstore.Postgres.
func Example() {
	dir, _ := os.MkdirTemp("", "paydesk-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	sdb, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "paydesk.db")+
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		panic(err)
	}
	defer sdb.Close()
	db, err := sqlstore.New(sdb, sqlstore.SQLite)
	if err != nil {
		panic(err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println("migrations applied:", applied)

	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	desk, err := support.NewDesk(db.Tickets(), support.Options{
		Now:   func() time.Time { now = now.Add(time.Minute); return now },
		NewID: func() support.ID { return "tkt_1" },
	})
	if err != nil {
		panic(err)
	}
	alice := support.Customer("alice")
	tk, err := desk.Open(ctx, alice, support.OpenRequest{
		Subject: "My transfer has not arrived", Category: support.CategoryPaymentDelayed, IdempotencyKey: "open-1",
	})
	if err != nil {
		panic(err)
	}
	if _, err := desk.Reply(ctx, support.Agent("agent-7"), tk.ID, support.ReplyRequest{Body: "We asked your bank."}); err != nil {
		panic(err)
	}
	stored, _ := db.Tickets().Get(ctx, tk.ID)
	history, _ := db.Tickets().History(ctx, tk.ID, 0, 0)
	fmt.Println(stored.ID, stored.Status, "version", stored.Version, "events", len(history))

	// A retried request with the same idempotency key finds the first ticket.
	again, err := desk.Open(ctx, alice, support.OpenRequest{
		Subject: "My transfer has not arrived", Category: support.CategoryPaymentDelayed, IdempotencyKey: "open-1",
	})
	fmt.Println("retry:", again.ID, err)
	// Output:
	// migrations applied: 6
	// tkt_1 open version 2 events 3
	// retry: tkt_1 <nil>
}
