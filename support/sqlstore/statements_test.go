package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// counter counts the statements a store sends to its database: every
// query and exec, and every BEGIN, COMMIT and ROLLBACK, each a round trip.
// It is safe for concurrent use.
type counter struct {
	mu  sync.Mutex
	log []string
}

func (c *counter) add(s string) {
	c.mu.Lock()
	c.log = append(c.log, strings.Join(strings.Fields(s), " "))
	c.mu.Unlock()
}

// take returns the statements counted since the last take, and forgets them.
func (c *counter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.log
	c.log = nil
	return out
}

// countingConnector opens the connections of a driver and wraps them so
// that c counts what goes through them.
type countingConnector struct {
	base driver.Connector
	c    *counter
}

func (k countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := k.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, c: k.c}, nil
}

func (k countingConnector) Driver() driver.Driver { return k.base.Driver() }

// dsnConnector is the connector of a driver without driver.DriverContext.
type dsnConnector struct {
	d   driver.Driver
	dsn string
}

func (k dsnConnector) Connect(context.Context) (driver.Conn, error) { return k.d.Open(k.dsn) }
func (k dsnConnector) Driver() driver.Driver                        { return k.d }

// openCounting opens dsn with the registered driver name, through a
// counter.
func openCounting(t testing.TB, name, dsn string) (*sql.DB, *counter) {
	t.Helper()
	probe, err := sql.Open(name, dsn)
	if err != nil {
		t.Fatal(err)
	}
	d := probe.Driver()
	probe.Close()
	var base driver.Connector = dsnConnector{d, dsn}
	if dc, ok := d.(driver.DriverContext); ok {
		if base, err = dc.OpenConnector(dsn); err != nil {
			t.Fatal(err)
		}
	}
	c := new(counter)
	sdb := sql.OpenDB(countingConnector{base: base, c: c})
	t.Cleanup(func() { sdb.Close() })
	return sdb, c
}

// countingConn passes everything to the driver's connection, counting
// statements; what the driver does not implement it reports as
// driver.ErrSkip, so that database/sql takes its usual fallback.
type countingConn struct {
	driver.Conn
	c *counter
}

func (k *countingConn) Prepare(query string) (driver.Stmt, error) {
	return k.PrepareContext(context.Background(), query)
}

func (k *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := k.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = k.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, query: query, c: k.c}, nil
}

func (k *countingConn) Begin() (driver.Tx, error) { //nolint:staticcheck // the driver.Conn contract
	return k.BeginTx(context.Background(), driver.TxOptions{})
}

func (k *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	k.c.add("BEGIN")
	var tx driver.Tx
	var err error
	if b, ok := k.Conn.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = k.Conn.Begin() //nolint:staticcheck // drivers without BeginTx
	}
	if err != nil {
		return nil, err
	}
	return countingTx{tx, k.c}, nil
}

func (k *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := k.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := e.ExecContext(ctx, query, args)
	if err != driver.ErrSkip {
		k.c.add(query)
	}
	return r, err
}

func (k *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := k.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := q.QueryContext(ctx, query, args)
	if err != driver.ErrSkip {
		k.c.add(query)
	}
	return r, err
}

func (k *countingConn) Ping(ctx context.Context) error {
	if p, ok := k.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (k *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := k.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (k *countingConn) IsValid() bool {
	if v, ok := k.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (k *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if c, ok := k.Conn.(driver.NamedValueChecker); ok {
		return c.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type countingTx struct {
	driver.Tx
	c *counter
}

func (t countingTx) Commit() error   { t.c.add("COMMIT"); return t.Tx.Commit() }
func (t countingTx) Rollback() error { t.c.add("ROLLBACK"); return t.Tx.Rollback() }

type countingStmt struct {
	driver.Stmt
	query string
	c     *counter
}

func (s *countingStmt) Exec(args []driver.Value) (driver.Result, error) { //nolint:staticcheck // the driver.Stmt contract
	s.c.add(s.query)
	return s.Stmt.Exec(args) //nolint:staticcheck
}

func (s *countingStmt) Query(args []driver.Value) (driver.Rows, error) { //nolint:staticcheck // the driver.Stmt contract
	s.c.add(s.query)
	return s.Stmt.Query(args) //nolint:staticcheck
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.add(s.query)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	return s.Stmt.Exec(vals) //nolint:staticcheck
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.add(s.query)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	vals := make([]driver.Value, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	return s.Stmt.Query(vals) //nolint:staticcheck
}

func (s *countingStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if c, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return c.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// countingStores are the migrated stores of every dialect, opened through
// a counter.
var countingStores = []struct {
	name string
	open func(testing.TB) (*sqlstore.DB, *counter)
}{
	{"sqlite", func(t testing.TB) (*sqlstore.DB, *counter) {
		sdb, c := openCounting(t, "sqlite", sqliteDSN(filepath.Join(t.TempDir(), "paydesk.db")))
		return migrated(t, sdb, sqlstore.SQLite), c
	}},
	{"postgres", func(t testing.TB) (*sqlstore.DB, *counter) {
		dsn, _ := pgSchema(t)
		sdb, c := openCounting(t, "pgx", dsn)
		return migrated(t, sdb, sqlstore.Postgres), c
	}},
}

// TestStatementsPerOperation counts the statements (BEGIN and COMMIT
// included) of the Desk's and the chat store's main operations, and fails
// on any N+1: an operation on a bigger ticket, page or history must send
// exactly as many statements as on a small one, and never more than its
// budget.
func TestStatementsPerOperation(t *testing.T) {
	for _, st := range countingStores {
		t.Run(st.name, func(t *testing.T) {
			if st.name == "postgres" {
				postgresDSN(t)
			}
			db, c := st.open(t)
			ctx := context.Background()
			var clock sync.Mutex
			now := t0
			desk, err := support.NewDesk(db.Tickets(), support.Options{Now: func() time.Time {
				clock.Lock()
				defer clock.Unlock()
				now = now.Add(time.Millisecond)
				return now
			}})
			if err != nil {
				t.Fatal(err)
			}
			agent := support.Agent("a1")
			// count runs op and returns its statements; it fails the test
			// when op fails or sends more than budget.
			count := func(name string, budget int, op func() error) []string {
				t.Helper()
				c.take()
				if err := op(); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got := c.take()
				t.Logf("%s: %d statements", name, len(got))
				if len(got) > budget {
					t.Errorf("%s: %d statements, budget %d:\n%s", name, len(got), budget, strings.Join(got, "\n"))
				}
				return got
			}
			same := func(name string, small, big []string) {
				t.Helper()
				if len(small) != len(big) {
					t.Errorf("%s: %d statements when small, %d when big (N+1):\nsmall:\n%s\nbig:\n%s",
						name, len(small), len(big), strings.Join(small, "\n"), strings.Join(big, "\n"))
				}
			}
			open := func(customer, key string) (*support.Ticket, error) {
				return desk.Open(ctx, support.Customer(customer), support.OpenRequest{
					Subject: "Card payment failed", Description: "My card was declined twice.",
					Category: support.CategoryPaymentFailed, IdempotencyKey: key,
				})
			}

			// Open: BEGIN, ticket, events, COMMIT; a key adds its look-up
			// and its insert.
			var one *support.Ticket
			count("open", 4, func() (err error) { one, err = open("solo", ""); return err })
			count("open with key", 6, func() error { _, err := open("solo", "k1"); return err })

			// Reply: read the ticket, BEGIN, update, events, COMMIT, on a
			// ticket of 1 event and on one of 50.
			var big *support.Ticket
			for i := range 50 {
				tk, err := open("many", "")
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					big = tk
				}
			}
			for i := range 48 {
				if _, err := desk.Reply(ctx, support.Customer("many"), big.ID, support.ReplyRequest{Body: fmt.Sprintf("more %d", i)}); err != nil {
					t.Fatal(err)
				}
			}
			small := count("reply (1 event)", 5, func() error {
				_, err := desk.Reply(ctx, support.Customer("solo"), one.ID, support.ReplyRequest{Body: "hello"})
				return err
			})
			large := count("reply (49 events)", 5, func() error {
				_, err := desk.Reply(ctx, support.Customer("many"), big.ID, support.ReplyRequest{Body: "hello"})
				return err
			})
			same("reply", small, large)
			// With a key, the Desk reads the ticket before the key (an actor
			// who cannot reach it learns nothing of its keys), and again
			// under its write lock.
			count("agent reply with key", 8, func() error {
				_, err := desk.Reply(ctx, agent, one.ID, support.ReplyRequest{Body: "we are on it", IdempotencyKey: "r1"})
				return err
			})

			// A customer's page: one query for 2 tickets (the keyed open
			// made one more) or 50.
			var p1, p50 support.Page
			small = count("page of 2", 1, func() (err error) {
				p1, err = desk.ListCustomer(ctx, support.Customer("solo"), "solo", support.ListOptions{})
				return err
			})
			large = count("page of 50", 1, func() (err error) {
				p50, err = desk.ListCustomer(ctx, support.Customer("many"), "many", support.ListOptions{})
				return err
			})
			if len(p1.Tickets) != 2 || len(p50.Tickets) != 50 {
				t.Fatalf("pages of %d and %d tickets, want 2 and 50", len(p1.Tickets), len(p50.Tickets))
			}
			same("page", small, large)
			small = count("queue of 1", 1, func() (err error) {
				_, err = desk.SearchQueue(ctx, agent, support.Query{Customer: "solo", Limit: 1})
				return err
			})
			large = count("queue of 50", 1, func() (err error) {
				_, err = desk.SearchQueue(ctx, agent, support.Query{Customer: "many", Limit: 50})
				return err
			})
			same("queue", small, large)

			// History: the access check and one query, for 3 events or 51.
			var h1, h50 []support.Event
			small = count("history of few", 2, func() (err error) {
				h1, err = desk.History(ctx, support.Customer("solo"), one.ID, 0, 0)
				return err
			})
			large = count("history of 50", 2, func() (err error) {
				h50, err = desk.History(ctx, support.Customer("many"), big.ID, 0, 0)
				return err
			})
			if len(h1) >= len(h50) || len(h50) < 50 {
				t.Fatalf("histories of %d and %d events", len(h1), len(h50))
			}
			same("history", small, large)
			small = count("history page of few", 2, func() error {
				_, err := desk.HistoryPage(ctx, agent, one.ID, 1, 100)
				return err
			})
			large = count("history page of 50", 2, func() error {
				_, err := desk.HistoryPage(ctx, agent, big.ID, 1, 100)
				return err
			})
			same("history page", small, large)

			// Chat: agents, the line and read receipts are one query each,
			// whatever their number.
			cs := db.Chat()
			agents := func(n int) []string {
				for i := range n {
					a := chat.Agent{ID: fmt.Sprintf("agent%02d", i), Presence: chat.Online, Capacity: 2}
					if err := cs.PutAgent(ctx, a); err != nil {
						t.Fatal(err)
					}
				}
				return count(fmt.Sprintf("%d agents", n), 1, func() error {
					as, err := cs.Agents(ctx)
					if err == nil && len(as) != n {
						err = fmt.Errorf("%d agents, want %d", len(as), n)
					}
					return err
				})
			}
			same("agents", agents(1), agents(30))
			receipts := func(id support.ID, n int) []string {
				for i := range n {
					if _, err := cs.MarkRead(ctx, id, support.Agent(fmt.Sprintf("agent%02d", i)), 1, t0); err != nil {
						t.Fatal(err)
					}
				}
				return count(fmt.Sprintf("%d receipts", n), 1, func() error {
					rs, err := cs.Receipts(ctx, id)
					if err == nil && len(rs) != n {
						err = fmt.Errorf("%d receipts, want %d", len(rs), n)
					}
					return err
				})
			}
			same("receipts", receipts(one.ID, 1), receipts(big.ID, 30))
			count("mark read", 4, func() error {
				_, err := cs.MarkRead(ctx, one.ID, support.Customer("solo"), 2, t0)
				return err
			})
		})
	}
}
