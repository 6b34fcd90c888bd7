package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
	_ "modernc.org/sqlite"             // the database/sql driver "sqlite" (pure Go)

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/sqlstore"
	"github.com/paydesk/paydesk/support/verify"
)

// storage is where the help center keeps its state: the library's
// in-memory stores, or support/sqlstore on SQLite or PostgreSQL, with the
// real-time hub that goes with them.
type storage struct {
	kind     string // "memory", "sqlite" or "postgres"
	tickets  support.Store
	chat     chat.Store
	verify   verify.Store
	feedback feedback.Store
	cases    cases.Store
	hub      interface {
		chat.Hub
		Close() error
	}
	// run is the hub's loop, which carries other instances' events to
	// this one's subscribers (PGHub.Listen, PollHub.Poll); nil in memory.
	run   func(ctx context.Context) error
	close func() error // closes the database; nil in memory
}

// pollInterval is how often a helpdesk on SQLite looks for what other
// instances committed.
const pollInterval = 500 * time.Millisecond

// memoryStorage returns the embedded default: everything in memory, lost
// on restart, for one instance.
func memoryStorage() *storage {
	return &storage{
		kind: "memory", tickets: memstore.New(), chat: memstore.NewChat(), verify: memstore.NewVerify(),
		feedback: memstore.NewFeedback(), cases: memstore.NewCases(), hub: chat.NewMemHub(chat.MemHubOptions{}),
	}
}

// openStorage opens the database db names and brings its schema up to
// date (sqlstore.Migrate, safe when instances start at once):
//
//	postgres://user@host/db?sslmode=disable   PostgreSQL (also postgresql://, or key=value DSNs with host=)
//	sqlite:paydesk.db                         SQLite (also file:..., or a plain path)
//
// "" is memory.
func openStorage(ctx context.Context, db string, log *slog.Logger) (*storage, error) {
	switch {
	case db == "":
		return memoryStorage(), nil
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"), strings.Contains(db, "host="):
		return openPostgres(ctx, db, log)
	case strings.Contains(db, "://") && !strings.HasPrefix(db, "sqlite:") && !strings.HasPrefix(db, "file:"):
		// Not a file name: a database this example does not speak.
		shown := db
		if u, err := url.Parse(db); err == nil {
			shown = u.Redacted()
		}
		return nil, fmt.Errorf("helpdesk: -db %q: want postgres://..., postgresql://..., sqlite:PATH or a file path", shown)
	default:
		return openSQLite(ctx, db, log)
	}
}

func openPostgres(ctx context.Context, dsn string, log *slog.Logger) (*storage, error) {
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: -db: %w", err)
	}
	st, err := sqlStorage(ctx, sdb, sqlstore.Postgres)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	hub, err := sqlstore.NewPGHub(sqlstore.PGHubOptions{
		DB:     sdb,
		Dial:   func(ctx context.Context) (sqlstore.Listener, error) { return dialListener(ctx, dsn) },
		Logger: log,
	})
	if err != nil {
		sdb.Close()
		return nil, err
	}
	st.kind, st.hub, st.run = "postgres", hub, hub.Listen
	return st, nil
}

func openSQLite(ctx context.Context, spec string, log *slog.Logger) (*storage, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(spec, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i] // our own pragmas below
	}
	if path == "" {
		return nil, errors.New("helpdesk: -db sqlite: a file path is required")
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	sdb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("helpdesk: -db: %w", err)
	}
	st, err := sqlStorage(ctx, sdb, sqlstore.SQLite)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	hub, err := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: st.tickets.(*sqlstore.Tickets), Logger: log})
	if err != nil {
		sdb.Close()
		return nil, err
	}
	st.kind, st.hub = "sqlite", hub
	st.run = func(ctx context.Context) error { return hub.Poll(ctx, pollInterval) }
	return st, nil
}

// sqlStorage migrates sdb and returns its stores.
func sqlStorage(ctx context.Context, sdb *sql.DB, d sqlstore.Dialect) (*storage, error) {
	db, err := sqlstore.New(sdb, d)
	if err != nil {
		return nil, err
	}
	mctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := db.Migrate(mctx); err != nil {
		return nil, fmt.Errorf("helpdesk: migrate the %v database: %w", d, err)
	}
	return &storage{
		tickets: db.Tickets(), chat: db.Chat(), verify: db.Verify(), feedback: db.Feedback(), cases: db.Cases(),
		close: sdb.Close,
	}, nil
}

// pgxListener is the PGHub's dedicated listening connection, over pgx:
// database/sql cannot LISTEN.
type pgxListener struct{ c *pgx.Conn }

func dialListener(ctx context.Context, dsn string) (sqlstore.Listener, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = "paydesk-helpdesk-hub"
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return pgxListener{c}, nil
}

func (l pgxListener) Listen(ctx context.Context, channel string) error {
	_, err := l.c.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize())
	return err
}

func (l pgxListener) WaitForNotification(ctx context.Context) (channel, payload string, err error) {
	n, err := l.c.WaitForNotification(ctx)
	if err != nil {
		return "", "", err
	}
	return n.Channel, n.Payload, nil
}

func (l pgxListener) Close(ctx context.Context) error { return l.c.Close(ctx) }
