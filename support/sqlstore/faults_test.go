package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/sqlstore"
)

func supportQuery() support.Query { return support.Query{Order: support.OrderOldest} }

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newTicket returns a create write of a version-1 ticket.
func newTicket(id, customer string, at time.Time, events int) support.Write {
	tk := &support.Ticket{
		ID: support.ID(id), Customer: customer, Subject: "Card payment failed", Category: support.CategoryPaymentFailed,
		Priority: support.PriorityNormal, Status: support.StatusNew, Channel: support.ChannelApp,
		CreatedAt: at, UpdatedAt: at, Version: 1,
	}
	w := support.Write{Ticket: tk, Events: []support.Event{{
		Ticket: tk.ID, Version: 1, Kind: support.EventCreated, At: at, Actor: support.Customer(customer),
		Opening: &support.Opening{Customer: customer, Subject: tk.Subject, Category: tk.Category, Priority: tk.Priority, Channel: tk.Channel},
	}}}
	for i := 1; i < events; i++ {
		w.Events = append(w.Events, support.Event{Ticket: tk.ID, Version: 1, Kind: support.EventNote, Internal: true, At: at, Actor: support.Agent("a1"), Body: "note"})
	}
	return w
}

// TestKilledConnection terminates the store's PostgreSQL backend in the
// middle of a commit (its ticket, events and key written, its outbox
// message blocked on a lock): nothing of the commit is stored, the error says the database went
// away, and the store works again on the next call.
func TestKilledConnection(t *testing.T) {
	dsn, _ := pgSchema(t)
	ctx := context.Background()
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1) // one backend: the one killed
	db := migrated(t, sdb, sqlstore.Postgres)
	store := db.Tickets()
	var pid int
	if err := sdb.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}

	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	lock, err := admin.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(ctx, `LOCK TABLE paydesk_outbox IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- store.Commit(ctx, support.Commit{
			Writes: []support.Write{newTicket("killed", "c1", t0, 3)},
			Keys:   []support.KeyRecord{{Scope: "open:c1", Key: "k1", Ticket: "killed", At: t0}},
			Outbox: []support.OutboxMessage{{ID: "killed/v1", Notification: support.Notification{ID: "killed/v1", Customer: "c1"}, CreatedAt: t0}},
		})
	}()
	// Wait until the commit waits for the lock, mid-transaction.
	for i := 0; ; i++ {
		var waiting bool
		err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock')`, pid).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
		if i > 500 {
			t.Fatal("the commit never waited for the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	var killed bool
	if err := admin.QueryRowContext(ctx, `SELECT pg_terminate_backend($1)`, pid).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend: %v, %v", killed, err)
	}
	err = <-done
	if err == nil {
		t.Fatal("a commit whose connection was killed succeeded")
	}
	if !errors.Is(err, sqlstore.ErrUnavailable) || !strings.HasPrefix(err.Error(), "sqlstore: ") {
		t.Errorf("error %q: want the package prefix and ErrUnavailable", err)
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	// Nothing of it was stored: no ticket, no event, no key, no message.
	var n int
	if err := admin.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM paydesk_tickets) + (SELECT COUNT(*) FROM paydesk_events) + (SELECT COUNT(*) FROM paydesk_keys) + (SELECT COUNT(*) FROM paydesk_outbox)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d rows of the killed commit are stored", n)
	}
	// The store recovers: database/sql opens a new connection.
	if err := store.Commit(ctx, support.Commit{Writes: []support.Write{newTicket("after", "c1", t0, 1)}}); err != nil {
		t.Fatalf("commit after the kill: %v", err)
	}
	if _, err := store.Get(ctx, "after"); err != nil {
		t.Fatal(err)
	}
}

// proxy forwards TCP connections to target until stopped: a database that
// can go down and come back on the same address.
type proxy struct {
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
	addr   string
}

func (p *proxy) start(t *testing.T) {
	t.Helper()
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// stop closes the listener and every connection: the database is down.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseDown stops the database under a working store (through a
// proxy): calls fail with errors that say the database is unavailable, and
// work again once it is back, with no restart of the store.
func TestDatabaseDown(t *testing.T) {
	dsn, _ := pgSchema(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{target: u.Host}
	p.start(t)
	defer p.stop()
	u.Host = p.addr
	sdb, err := sql.Open("pgx", u.String()+"&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	db := migrated(t, sdb, sqlstore.Postgres)
	store := db.Tickets()
	ctx := context.Background()
	if err := store.Commit(ctx, support.Commit{Writes: []support.Write{newTicket("t1", "c1", t0, 1)}}); err != nil {
		t.Fatal(err)
	}

	p.stop()
	_, err = store.Get(ctx, "t1")
	if !errors.Is(err, sqlstore.ErrUnavailable) || !strings.Contains(err.Error(), "sqlstore: get ticket: ") {
		t.Fatalf("Get with the database down: %v; want a sqlstore error matching ErrUnavailable", err)
	}
	err = store.Commit(ctx, support.Commit{Writes: []support.Write{newTicket("t2", "c1", t0, 1)}})
	if !errors.Is(err, sqlstore.ErrUnavailable) {
		t.Fatalf("Commit with the database down: %v; want ErrUnavailable", err)
	}
	if err := db.Check(ctx); !errors.Is(err, sqlstore.ErrUnavailable) {
		t.Fatalf("Check with the database down: %v; want ErrUnavailable", err)
	}

	p.start(t) // back, on the same address
	if _, err := store.Get(ctx, "t1"); err != nil {
		t.Fatalf("Get once the database is back: %v", err)
	}
	if err := store.Commit(ctx, support.Commit{Writes: []support.Write{newTicket("t2", "c1", t0, 1)}}); err != nil {
		t.Fatalf("Commit once the database is back: %v", err)
	}
}

// TestSweepKeys deletes the keys recorded before the retention limit, and
// only those.
func TestSweepKeys(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		ctx := context.Background()
		s := open(t).Tickets()
		for i, id := range []string{"t1", "t2", "t3"} {
			err := s.Commit(ctx, support.Commit{Writes: []support.Write{newTicket(id, "c1", t0, 1)},
				Keys: []support.KeyRecord{{Scope: "open", Key: id, Ticket: support.ID(id), At: t0.Add(time.Duration(i) * time.Hour)}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.SweepKeys(ctx, t0.Add(90*time.Minute))
		if err != nil || n != 2 {
			t.Fatalf("SweepKeys: %d, %v; want 2", n, err)
		}
		if _, err := s.Key(ctx, "open", "t2"); !errors.Is(err, support.ErrNotFound) {
			t.Fatalf("swept key: %v", err)
		}
		if rec, err := s.Key(ctx, "open", "t3"); err != nil || rec.Ticket != "t3" {
			t.Fatalf("kept key: %+v, %v", rec, err)
		}
	})
}
