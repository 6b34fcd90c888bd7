package sqlbench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/sqlstore"
)

var benchTickets = flag.Int("sqlbench.tickets", 2000, "tickets loaded before BenchmarkOpenReply")

const (
	clients     = 8 // concurrent clients, and the size of both pools
	perCustomer = 50
	loadBatch   = 1000
)

// dsn returns PAYDESK_POSTGRES_DSN, skipping without it.
func dsn(t testing.TB) string {
	t.Helper()
	d := os.Getenv("PAYDESK_POSTGRES_DSN")
	if d == "" {
		t.Skip(`sqlbench: PAYDESK_POSTGRES_DSN not set; run eval "$(scripts/pgtest.sh start)" from the repository root to compare with pgx`)
	}
	return d
}

// schema creates a schema of its own for t, migrated by sqlstore and
// dropped when t ends, and returns a DSN whose search_path is that schema.
func schema(t testing.TB) string {
	t.Helper()
	base := dsn(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "sqlbench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil { // a name made above
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	var out string
	if err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		v := u.Query()
		v.Set("search_path", name)
		u.RawQuery = v.Encode()
		out = u.String()
	} else {
		out = strings.TrimSpace(base) + " search_path=" + name
	}
	return out
}

// env is one loaded database and the two ways to reach it.
type env struct {
	desk      *support.Desk // over sqlstore on pgx/stdlib
	pool      *pgxpool.Pool // the baseline's
	customers int
}

func newEnv(t testing.TB, tickets int) *env {
	t.Helper()
	ctx := context.Background()
	d := schema(t)
	sdb, err := sql.Open("pgx", d)
	if err != nil {
		t.Fatal(err)
	}
	sdb.SetMaxOpenConns(clients)
	sdb.SetMaxIdleConns(clients)
	t.Cleanup(func() { sdb.Close() })
	db, err := sqlstore.New(sdb, sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(d)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = clients
	cfg.MinConns = clients
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)

	store := db.Tickets()
	e := &env{pool: pool, customers: max(1, tickets/perCustomer)}
	bt := &batcher{Store: store}
	loader, err := support.NewDesk(bt, support.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i := range tickets {
		c := customer(i % e.customers)
		if _, err := loader.Open(ctx, support.Customer(c), openRequest(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := bt.flush(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d tickets in %v", tickets, time.Since(start).Round(time.Millisecond))
	if e.desk, err = support.NewDesk(store, support.Options{}); err != nil {
		t.Fatal(err)
	}
	return e
}

// batcher collects the writes of the Desk's commits and commits them
// through sqlstore loadBatch at a time, one transaction each.
type batcher struct {
	support.Store
	writes []support.Write
}

func (bt *batcher) Commit(ctx context.Context, c support.Commit) error {
	if len(c.Keys) > 0 || len(c.Outbox) > 0 {
		return errors.New("batcher: commit with keys or outbox")
	}
	for _, w := range c.Writes {
		w.Ticket = w.Ticket.Clone() // the Desk changes it into the customer's view afterwards
		bt.writes = append(bt.writes, w)
	}
	if len(bt.writes) >= loadBatch {
		return bt.flush(ctx)
	}
	return nil
}

func (bt *batcher) flush(ctx context.Context) error {
	if len(bt.writes) == 0 {
		return nil
	}
	err := bt.Store.Commit(ctx, support.Commit{Writes: bt.writes})
	bt.writes = bt.writes[:0]
	return err
}

func customer(i int) string { return fmt.Sprintf("c%06d", i) }

func openRequest(i int) support.OpenRequest {
	return support.OpenRequest{
		Subject:      "Card payment failed at checkout",
		Description:  "My card was declined twice although my balance is enough. Order " + fmt.Sprint(i),
		Category:     support.CategoryPaymentFailed,
		Transactions: []string{fmt.Sprintf("pay_%08d", i)},
	}
}

const replyBody = "We are looking into it."

// sqlstoreOpenReply is one iteration of the sqlstore side.
func (e *env) sqlstoreOpenReply(ctx context.Context, c string, i int, agent support.Actor) (support.ID, error) {
	t, err := e.desk.Open(ctx, support.Customer(c), openRequest(i))
	if err != nil {
		return "", err
	}
	_, err = e.desk.Reply(ctx, agent, t.ID, support.ReplyRequest{Body: replyBody})
	return t.ID, err
}

// The baseline's statements: sqlstore's (support/sqlstore/commit_one.go),
// for a commit of one write: the ticket's insert, or its update conditional
// on the version, and the insert of its events, chained by a WITH clause in
// one statement.
const (
	eventsFromT = ` INSERT INTO paydesk_events (ticket, seq, version, kind, internal, at, actor_role, actor_id, data)
		SELECT t.id, t.last_seq - %d + v.ord, v.version, v.kind, v.internal, v.at, v.role, v.actor, v.data
		FROM t CROSS JOIN (VALUES %s) AS v (version, kind, internal, at, role, actor, data, ord) RETURNING seq`
	eventRow     = `($%d::bigint, $%d::text, $%d::boolean, $%d::text, $%d::text, $%d::text, $%d::text, %d)`
	openTicket   = `WITH t AS (INSERT INTO paydesk_tickets (id, customer, status, category, priority, assignee, grp, subject, amount, amount_currency, sla_next, created_at, updated_at, version, data, last_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING RETURNING id, last_seq)`
	selectTicket = `SELECT data FROM paydesk_tickets WHERE id = $1`
	updateTicket = `WITH t AS (UPDATE paydesk_tickets SET customer = $1, status = $2, category = $3, priority = $4, assignee = $5, grp = $6,
			subject = $7, amount = $8, amount_currency = $9, sla_next = $10, created_at = $11, updated_at = $12, version = $13, data = $14, last_seq = last_seq + $15
			WHERE id = $16 AND version = $17 RETURNING id, last_seq)`
)

// withEvents completes a WITH t statement with the insert of n events
// whose parameters start at $first.
func withEvents(head string, first, n int) string {
	rows := make([]string, n)
	for k := range n {
		p := first + 7*k
		rows[k] = fmt.Sprintf(eventRow, p, p+1, p+2, p+3, p+4, p+5, p+6, k+1)
	}
	return head + fmt.Sprintf(eventsFromT, n, strings.Join(rows, ", "))
}

var (
	openStatement  = withEvents(openTicket, 17, 1)
	replyStatement = withEvents(updateTicket, 18, 2)
)

// timeLayout is sqlstore's: UTC text of fixed width with nanoseconds.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func ts(t time.Time) string { return t.UTC().Format(timeLayout) }

// ticketJSON and eventJSON encode and decode as sqlstore does, without
// Ticket's strict UnmarshalJSON.
type (
	ticketJSON support.Ticket
	eventJSON  support.Event
)

func ticketArgs(t *support.Ticket, data []byte) []any {
	return []any{string(t.ID), t.Customer, t.Status.String(), string(t.Category), int(t.Priority), t.Assignee, t.Group,
		t.Subject, nil, nil, ts(t.SLANext), ts(t.CreatedAt), ts(t.UpdatedAt), t.Version, data}
}

func eventArgs(e *support.Event) ([]any, error) {
	data, err := json.Marshal((*eventJSON)(e))
	if err != nil {
		return nil, err
	}
	return []any{e.Version, e.Kind.String(), e.Internal, ts(e.At), e.Actor.Role.String(), e.Actor.ID, data}, nil
}

// pgxOpenReply is one iteration of the baseline: the open and the reply's
// statements, with the ticket and events the Desk would make for them.
func (e *env) pgxOpenReply(ctx context.Context, c string, i int, agent support.Actor) (support.ID, error) {
	now := time.Now().UTC().Round(0)
	r := openRequest(i)
	id := support.NewRandomID()
	t := &support.Ticket{
		ID: id, Customer: c, Subject: r.Subject, Description: r.Description, Category: r.Category,
		Priority: support.PriorityNormal, Status: support.StatusNew, Channel: support.ChannelWeb, Transactions: r.Transactions,
		CreatedAt: now, UpdatedAt: now, SLANext: now.Add(time.Hour), Version: 1,
	}
	data, err := json.Marshal((*ticketJSON)(t))
	if err != nil {
		return "", err
	}
	created := support.Event{Ticket: id, Version: 1, Kind: support.EventCreated, At: now, Actor: support.Customer(c),
		Opening: &support.Opening{Customer: c, Subject: t.Subject, Description: t.Description, Category: t.Category,
			Priority: t.Priority, Channel: t.Channel, Transactions: t.Transactions}}
	ev, err := eventArgs(&created)
	if err != nil {
		return "", err
	}
	if tag, err := e.pool.Exec(ctx, openStatement, append(append(ticketArgs(t, data), int64(1)), ev...)...); err != nil {
		return "", fmt.Errorf("open: %w", err)
	} else if tag.RowsAffected() != 1 {
		return "", fmt.Errorf("open: %d events stored, want 1", tag.RowsAffected())
	}

	// The reply: read the ticket, change it, write it and two events.
	var stored []byte
	if err := e.pool.QueryRow(ctx, selectTicket, string(id)).Scan(&stored); err != nil {
		return "", fmt.Errorf("reply: read: %w", err)
	}
	t = new(support.Ticket)
	if err := json.Unmarshal(stored, (*ticketJSON)(t)); err != nil {
		return "", err
	}
	now = time.Now().UTC().Round(0)
	prev := t.Version
	t.Version, t.UpdatedAt, t.FirstReplyAt, t.Status = prev+1, now, now, support.StatusOpen
	if data, err = json.Marshal((*ticketJSON)(t)); err != nil {
		return "", err
	}
	reply := support.Event{Ticket: id, Version: t.Version, Kind: support.EventReply, At: now, Actor: agent, Body: replyBody}
	status := support.Event{Ticket: id, Version: t.Version, Kind: support.EventStatus, At: now, Actor: agent,
		From: support.StatusNew.String(), To: support.StatusOpen.String()}
	a1, err := eventArgs(&reply)
	if err != nil {
		return "", err
	}
	a2, err := eventArgs(&status)
	if err != nil {
		return "", err
	}
	args := append(append(append(ticketArgs(t, data)[1:], int64(2), string(id), prev), a1...), a2...)
	if tag, err := e.pool.Exec(ctx, replyStatement, args...); err != nil {
		return "", fmt.Errorf("reply: %w", err)
	} else if tag.RowsAffected() != 2 {
		return "", fmt.Errorf("reply: %d events stored, want 2 (a version conflict?)", tag.RowsAffected())
	}
	return id, nil
}

// TestBaselineWritesWhatSqlstoreReads runs one iteration of each side and
// reads both tickets back through the Desk: the same state and the same
// kinds of events, so that the benchmark compares equal work.
func TestBaselineWritesWhatSqlstoreReads(t *testing.T) {
	e := newEnv(t, perCustomer)
	ctx := context.Background()
	agent := support.Agent("a1")
	viaStore, err := e.sqlstoreOpenReply(ctx, customer(0), 1, agent)
	if err != nil {
		t.Fatal(err)
	}
	viaPgx, err := e.pgxOpenReply(ctx, customer(0), 1, agent)
	if err != nil {
		t.Fatal(err)
	}
	var kinds [2][]support.EventKind
	for i, id := range []support.ID{viaStore, viaPgx} {
		tk, err := e.desk.Get(ctx, agent, id)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Status != support.StatusOpen || tk.Version != 2 || tk.FirstReplyAt.IsZero() || tk.Customer != customer(0) {
			t.Errorf("ticket %d: status %v version %d first reply %v customer %q", i, tk.Status, tk.Version, tk.FirstReplyAt, tk.Customer)
		}
		h, err := e.desk.History(ctx, agent, id, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for j, ev := range h {
			if ev.Seq != int64(j+1) {
				t.Errorf("ticket %d: event %d has seq %d", i, j, ev.Seq)
			}
			kinds[i] = append(kinds[i], ev.Kind)
		}
	}
	if fmt.Sprint(kinds[0]) != fmt.Sprint(kinds[1]) {
		t.Errorf("histories differ: sqlstore %v, pgx %v", kinds[0], kinds[1])
	}
	if len(kinds[0]) != 3 {
		t.Errorf("sqlstore history %v, want created, reply, status", kinds[0])
	}
}

// BenchmarkOpenReply runs both sides, one after the other, on one loaded
// database, with clients concurrent clients each. ops/s counts operations
// (opens and replies), pairs/s iterations.
func BenchmarkOpenReply(b *testing.B) {
	dsn(b)
	e := newEnv(b, *benchTickets)
	sides := []struct {
		name string
		run  func(context.Context, string, int, support.Actor) (support.ID, error)
	}{
		{"sqlstore", e.sqlstoreOpenReply},
		{"pgx", e.pgxOpenReply},
	}
	for _, s := range sides {
		b.Run(s.name, func(b *testing.B) {
			ctx := context.Background()
			procs := runtime.GOMAXPROCS(0)
			b.SetParallelism((clients + procs - 1) / procs)
			var seed atomic.Uint64
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				n := seed.Add(1)
				r := mrand.New(mrand.NewPCG(n, 0))
				agent := support.Agent(fmt.Sprintf("agent%d", n))
				for pb.Next() {
					i := r.IntN(e.customers)
					if _, err := s.run(ctx, customer(i), i, agent); err != nil {
						b.Error(err)
						return
					}
				}
			})
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(2*b.N)/sec, "ops/s")
			b.ReportMetric(float64(b.N)/sec, "pairs/s")
		})
	}
}
