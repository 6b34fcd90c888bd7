package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/paydesk/paydesk/support"
)

// sweeps are the searches that must be answered from an index, never a
// scan of every ticket: the SLA sweep (Desk.CheckSLA), the auto-close sweep
// (Desk.CloseSolved), a customer's list and an agent's work queue.
var sweeps = []struct {
	name  string
	q     support.Query
	index string // the index the plan must use
}{
	{"sla", support.Query{SLADue: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Order: support.OrderOldest, Limit: 200}, "paydesk_tickets_sla"},
	{"autoclose", support.Query{Statuses: []support.Status{support.StatusSolved}, Order: support.OrderOldest, Limit: 200}, "paydesk_tickets_status"},
	{"customer", support.Query{Customer: "c1", Order: support.OrderActivity, Limit: 20}, "paydesk_tickets_customer_activity"},
	{"queue", support.Query{Assignee: "a1", Statuses: []support.Status{support.StatusNew, support.StatusOpen}, Order: support.OrderOldest, Limit: 20}, "paydesk_tickets_assignee"},
}

// fill stores n tickets, a few of them due, solved or assigned, and lets
// the database gather statistics.
func fill(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := db.Tickets()
	for i := range n {
		id := support.ID(fmt.Sprintf("t%05d", i))
		tk := &support.Ticket{ID: id, Customer: fmt.Sprintf("c%d", i%500), Subject: "s", Category: support.CategoryRefund, Status: support.StatusClosed,
			Channel: support.ChannelWeb, CreatedAt: at.Add(time.Duration(i) * time.Minute), UpdatedAt: at.Add(time.Duration(i) * time.Minute), Version: 1}
		switch i % 100 {
		case 0:
			tk.SLANext, tk.Status = at.Add(time.Duration(i)*time.Minute), support.StatusOpen
		case 1:
			tk.Status = support.StatusSolved
		case 2:
			tk.Assignee, tk.Status = fmt.Sprintf("a%d", i%7), support.StatusOpen
		}
		w := support.Write{Ticket: tk, Events: []support.Event{{Ticket: id, Version: 1, Kind: support.EventCreated, At: tk.CreatedAt, Actor: support.Customer(tk.Customer)}}}
		if err := s.Commit(ctx, support.Commit{Writes: []support.Write{w}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
}

func TestSweepsUseIndexesSQLite(t *testing.T) {
	sdb, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "x.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	db, _ := New(sdb, SQLite)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	fill(t, db, 3000)
	s := db.Tickets()
	for _, sw := range sweeps {
		query, args := s.findSQL(&sw.q, nil, sw.q.Limit+1)
		rows, err := sdb.Query(`EXPLAIN QUERY PLAN `+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		t.Logf("%s: %s", sw.name, p)
		// SEARCH: an index range; SCAN would read every ticket (or every
		// entry of an index).
		if !strings.Contains(p, "SEARCH paydesk_tickets USING") || strings.Contains(p, "SCAN paydesk_tickets") {
			t.Errorf("%s: plan %q is not an index search (%s was made for it)", sw.name, p, sw.index)
		}
	}
}

func TestSweepsUseIndexesPostgres(t *testing.T) {
	dsn := os.Getenv("PAYDESK_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("sqlstore: PAYDESK_POSTGRES_DSN not set in CI")
		}
		t.Skip(`sqlstore: PAYDESK_POSTGRES_DSN not set; run eval "$(scripts/pgtest.sh start)" to test on PostgreSQL`)
	}
	ctx := context.Background()
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	schema := fmt.Sprintf("explain_%d", time.Now().UnixNano())
	if _, err := sdb.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	defer sdb.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	sdb.SetMaxOpenConns(1) // one session, so that search_path holds
	if _, err := sdb.Exec(`SET search_path TO ` + schema); err != nil {
		t.Fatal(err)
	}
	db, _ := New(sdb, Postgres)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fill(t, db, 3000)
	s := db.Tickets()
	for _, sw := range sweeps {
		query, args := s.findSQL(&sw.q, nil, sw.q.Limit+1)
		rows, err := sdb.QueryContext(ctx, `EXPLAIN `+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, strings.TrimSpace(line))
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		t.Logf("%s: %s", sw.name, p)
		if strings.Contains(p, "Seq Scan") || !strings.Contains(p, "Index Cond") {
			t.Errorf("%s: plan %q is not an index search (%s was made for it)", sw.name, p, sw.index)
		}
	}
}
