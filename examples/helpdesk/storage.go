package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
	_ "modernc.org/sqlite"             // the database/sql driver "sqlite"

	"github.com/paydesk/paydesk/support/sqlstore"
)

// Database is the SQL storage of a Server: a migrated sqlstore.DB and, on
// PostgreSQL, what the LISTEN/NOTIFY hub needs. It is plain data.
type Database struct {
	// DB holds every store; Migrate must have run.
	DB *sqlstore.DB
	// SQL is the *sql.DB under DB; on PostgreSQL the hub sends its
	// NOTIFYs through it.
	SQL *sql.DB
	// Dial opens a dedicated listening connection (PostgreSQL only;
	// required there). openDatabase sets it to a pgx connection.
	Dial func(ctx context.Context) (sqlstore.Listener, error)
	// Channel is the hub's LISTEN/NOTIFY channel; default
	// sqlstore.DefaultHubChannel. Every instance of one help desk uses
	// the same.
	Channel string
	// PollInterval is how often the SQLite hub looks for events that
	// other instances committed; default 250ms.
	PollInterval time.Duration
}

// dbTarget is what a -db value names: a driver, its data source and the
// dialect.
type dbTarget struct {
	driver  string
	source  string
	dialect sqlstore.Dialect
}

// parseDB reads a -db value: a PostgreSQL URL (postgres:// or
// postgresql://), or an SQLite file, as a path or "sqlite:path".
func parseDB(v string) (dbTarget, error) {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	switch {
	case v == "":
		return dbTarget{}, errors.New("helpdesk: -db is empty")
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		if _, err := pgx.ParseConfig(v); err != nil {
			return dbTarget{}, fmt.Errorf("helpdesk: -db: not a PostgreSQL URL: %w", err)
		}
		return dbTarget{driver: "pgx", source: v, dialect: sqlstore.Postgres}, nil
	}
	path := v
	if strings.HasPrefix(lower, "sqlite:") {
		path = strings.TrimPrefix(v[len("sqlite:"):], "//")
	} else if i := strings.Index(v, "://"); i > 0 {
		return dbTarget{}, fmt.Errorf("helpdesk: -db %q: want a postgres:// URL, sqlite:path or a file path", redactDSN(v))
	}
	if path == "" || strings.ContainsAny(path, "?#") {
		return dbTarget{}, fmt.Errorf("helpdesk: -db %q: want an SQLite file path without '?' or '#'", v)
	}
	// WAL, a busy timeout, foreign keys and immediate transactions, as
	// sqlstore's documentation asks; several processes may share the file.
	src := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	return dbTarget{driver: "sqlite", source: src, dialect: sqlstore.SQLite}, nil
}

// redactDSN hides the password of a URL, for logs and errors.
func redactDSN(v string) string {
	if u, err := url.Parse(v); err == nil && u.User != nil {
		return u.Redacted()
	}
	return v
}

// openDatabase opens the database a -db value names, migrates it and
// returns it with a close function for the *sql.DB.
func openDatabase(ctx context.Context, v string) (*Database, func() error, error) {
	tg, err := parseDB(v)
	if err != nil {
		return nil, nil, err
	}
	sdb, err := sql.Open(tg.driver, tg.source)
	if err != nil {
		return nil, nil, fmt.Errorf("helpdesk: open %s: %w", tg.dialect, err)
	}
	db, err := sqlstore.New(sdb, tg.dialect)
	if err == nil {
		_, err = db.Migrate(ctx)
	}
	if err != nil {
		sdb.Close()
		return nil, nil, fmt.Errorf("helpdesk: %s database: %w", tg.dialect, err)
	}
	d := &Database{DB: db, SQL: sdb}
	if tg.dialect == sqlstore.Postgres {
		d.Dial = pgxDialer(tg.source)
	}
	return d, sdb.Close, nil
}

// pgxDialer returns the PGHub's Dial: a dedicated pgx connection
// (database/sql cannot LISTEN).
func pgxDialer(dsn string) func(ctx context.Context) (sqlstore.Listener, error) {
	return func(ctx context.Context) (sqlstore.Listener, error) {
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
}

// pgxListener is sqlstore.Listener on a *pgx.Conn.
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
