package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// pgxListener is the Listener a host writes over pgx: a dedicated
// *pgx.Conn.
type pgxListener struct{ c *pgx.Conn }

func (l pgxListener) Listen(ctx context.Context, channel string) error {
	_, err := l.c.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
	return err
}

func (l pgxListener) WaitForNotification(ctx context.Context) (string, string, error) {
	n, err := l.c.WaitForNotification(ctx)
	if err != nil {
		return "", "", err
	}
	return n.Channel, n.Payload, nil
}

func (l pgxListener) Close(ctx context.Context) error { return l.c.Close(ctx) }

// dialer returns a Dial function that names its connections app, so a
// test can find and terminate them.
func dialer(dsn, app string) func(ctx context.Context) (sqlstore.Listener, error) {
	return func(ctx context.Context) (sqlstore.Listener, error) {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, err
		}
		cfg.RuntimeParams["application_name"] = app
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return nil, err
		}
		return pgxListener{c}, nil
	}
}

// pgHubs starts n PGHubs on one database and one channel, each with its
// Listen running, and stops them at the end of the test.
type pgEnv struct {
	db      *sql.DB
	hubs    []*sqlstore.PGHub
	apps    []string
	channel string
}

func newPGEnv(t *testing.T, n int) *pgEnv {
	t.Helper()
	dsn := postgresDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &pgEnv{db: db, channel: fmt.Sprintf("paydesk_test_%d", time.Now().UnixNano())}
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	for i := range n {
		app := fmt.Sprintf("%s_%d", e.channel, i)
		h, err := sqlstore.NewPGHub(sqlstore.PGHubOptions{
			DB: db, Dial: dialer(dsn, app), Channel: e.channel, Instance: fmt.Sprint("instance-", i),
			Logger: quiet, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		e.hubs = append(e.hubs, h)
		e.apps = append(e.apps, app)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.Listen(ctx); !errors.Is(err, context.Canceled) && !errors.Is(err, chat.ErrHubClosed) {
				t.Errorf("Listen returned %v", err)
			}
		}()
	}
	t.Cleanup(func() {
		cancel()
		for _, h := range e.hubs {
			h.Close()
		}
		wg.Wait()
	})
	for i := range n {
		e.waitListening(t, i)
	}
	return e
}

// listeners returns the backend PIDs of hub i's listening connections.
func (e *pgEnv) listeners(t *testing.T, i int) []int {
	t.Helper()
	rows, err := e.db.Query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`, e.apps[i])
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var pids []int
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	return pids
}

func (e *pgEnv) waitListening(t *testing.T, i int) []int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if pids := e.listeners(t, i); len(pids) > 0 {
			return pids
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub %d does not listen", i)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPGHubCrossInstance(t *testing.T) {
	checkGoroutines(t)
	e := newPGEnv(t, 2)
	dsn, _ := pgSchema(t)
	open := func() *sqlstore.Tickets {
		sdb, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sdb.Close() })
		return migrated(t, sdb, sqlstore.Postgres).Tickets()
	}
	crossInstance(t, open(), open(), e.hubs[0], e.hubs[1], nil, nil)
}

func TestPGHubSignals(t *testing.T) {
	checkGoroutines(t)
	e := newPGEnv(t, 2)
	store := memstore.New()
	a, b := e.hubs[0], e.hubs[1]
	da, db := newDesk(t, store, a), newDesk(t, store, b)
	id := open(t, da, "c1")
	cust := subscribe(t, b, db, support.Customer("c1"), id, 0)
	through(t, cust, nil, 1)
	// Strangers on the channel are ignored.
	for _, payload := range []string{"garbage", `{"t":""}`, `{"i":"x","t":"` + string(id) + `","f":5,"l":2}`, `{"i":"x","t":"nope","f":1,"l":1}`} {
		if _, err := e.db.Exec(`SELECT pg_notify($1, $2)`, e.channel, payload); err != nil {
			t.Fatal(err)
		}
	}
	a.Signal(context.Background(), id, chat.Signal{Kind: chat.SignalTyping, Actor: support.Agent("a1"), Typing: true})
	a.Signal(context.Background(), id, chat.Signal{Kind: chat.SignalQueue, Position: 2, Wait: 3 * time.Minute})
	want := []chat.Signal{
		{Kind: chat.SignalTyping, Actor: support.Actor{Role: support.RoleAgent}, Typing: true}, // the customer does not see the agent's ID
		{Kind: chat.SignalQueue, Position: 2, Wait: 3 * time.Minute},
	}
	for _, w := range want {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		d, err := cust.Next(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsSignal || d.Signal != w {
			t.Fatalf("got %+v, want signal %+v", d, w)
		}
	}
}

func TestPGHubReconnects(t *testing.T) {
	checkGoroutines(t)
	e := newPGEnv(t, 2)
	store := memstore.New()
	a, b := e.hubs[0], e.hubs[1]
	da, db := newDesk(t, store, a), newDesk(t, store, b)
	id := open(t, da, "c1")
	other := open(t, da, "c2")
	sub := subscribe(t, b, db, support.Agent("a2"), id, 0)
	sub2 := subscribe(t, b, db, support.Customer("c2"), other, 0)
	reply(t, da, id, "before")
	through(t, sub, nil, latest(t, store, id))
	through(t, sub2, nil, 1)

	for round := range 3 {
		// Kill b's listening connection, and commit through a while b
		// is away: b reconnects and catches its subscribers up.
		pids := e.waitListening(t, 1)
		for _, pid := range pids {
			if _, err := e.db.Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 5 {
			reply(t, da, id, fmt.Sprintf("round %d, message %d", round, i))
		}
		reply(t, da, other, fmt.Sprintf("round %d", round))
		through(t, sub, nil, latest(t, store, id))
		through(t, sub2, nil, latest(t, store, other))
		// And live again after the reconnection, on a new connection.
		deadline := time.Now().Add(10 * time.Second)
		for now := e.waitListening(t, 1); slices.Equal(now, pids); now = e.waitListening(t, 1) {
			if time.Now().After(deadline) {
				t.Fatalf("hub b did not reconnect: still on %v", now)
			}
			time.Sleep(10 * time.Millisecond)
		}
		through(t, sub, nil, reply(t, da, id, fmt.Sprintf("round %d, live", round)))
	}
	quietFor(t, sub, 100*time.Millisecond)
}

func TestPGHubConcurrentWriters(t *testing.T) {
	// Both instances write one ticket at once; subscribers on both get
	// every event once, in order.
	checkGoroutines(t)
	e := newPGEnv(t, 2)
	store := memstore.New()
	a, b := e.hubs[0], e.hubs[1]
	da, db := newDesk(t, store, a), newDesk(t, store, b)
	id := open(t, da, "c1")
	subA := subscribe(t, a, da, support.Agent("a1"), id, 0)
	subB := subscribe(t, b, db, support.Agent("a2"), id, 0)
	var wg sync.WaitGroup
	for _, d := range []*support.Desk{da, db} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				if _, err := d.Reply(context.Background(), support.Agent("a1"), id, support.ReplyRequest{Body: fmt.Sprint("m", i)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	last := latest(t, store, id)
	through(t, subA, nil, last)
	through(t, subB, nil, last)
}

func TestPGHubClose(t *testing.T) {
	checkGoroutines(t)
	dsn := postgresDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := sqlstore.NewPGHub(sqlstore.PGHubOptions{DB: db, Dial: dialer(dsn, "paydesk_close"), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- h.Listen(context.Background()) }()
	time.Sleep(50 * time.Millisecond)
	h.Close()
	select {
	case err := <-done:
		if !errors.Is(err, chat.ErrHubClosed) {
			t.Fatalf("Listen after Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Listen does not return after Close")
	}
	if err := h.Listen(context.Background()); !errors.Is(err, chat.ErrHubClosed) {
		t.Fatalf("Listen on a closed hub: %v", err)
	}
	// A database that is unreachable: Listen keeps retrying until its
	// context ends.
	bad, _ := sqlstore.NewPGHub(sqlstore.PGHubOptions{DB: db, Logger: quiet, MinBackoff: time.Millisecond,
		Dial: func(ctx context.Context) (sqlstore.Listener, error) { return nil, errors.New("connection refused") }})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := bad.Listen(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Listen without a database: %v", err)
	}
	bad.Close()
}
