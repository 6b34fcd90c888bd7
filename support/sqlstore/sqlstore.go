package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Dialect is the SQL dialect of a database: Postgres or SQLite. It is a
// plain value, safe for concurrent use.
type Dialect uint8

// The dialects.
const (
	// Postgres is PostgreSQL 15 or later, through any database/sql driver
	// that accepts $1 placeholders (github.com/jackc/pgx/v5/stdlib,
	// github.com/lib/pq).
	Postgres Dialect = iota + 1
	// SQLite is SQLite 3.35 or later (RETURNING, partial indexes), through
	// any database/sql driver (modernc.org/sqlite, github.com/mattn/go-sqlite3).
	SQLite
)

// String returns "postgres" or "sqlite".
func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case SQLite:
		return "sqlite"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

// ErrUnavailable is matched by the errors of operations that failed because
// the database could not be reached (connection refused, reset or closed).
// Such an operation changed nothing; retry it once the database is back —
// the store needs no restart, as database/sql opens new connections.
var ErrUnavailable = errors.New("sqlstore: database unavailable")

// ErrSchema is matched by the errors of a store whose schema is older than
// the package (Migrate was not run) or newer (a later paydesk migrated it).
var ErrSchema = errors.New("sqlstore: schema version mismatch")

// DB is paydesk's storage on one *sql.DB: it migrates the schema and hands
// out the stores of support and its subpackages, which share the database
// and its connection pool. Create it with New. A DB is safe for concurrent
// use; it starts no goroutine, and closing the *sql.DB is the host's
// business.
type DB struct {
	db      *sql.DB
	dialect Dialect
	// wmu serializes the writing transactions of this process on SQLite,
	// which allows one writer at a time: waiting here instead of in the
	// driver's busy loop avoids SQLITE_BUSY between transactions that read
	// before they write. Other processes are held off by busy_timeout.
	wmu sync.Mutex
}

// New returns the storage on db in dialect d. It does not touch the
// database: call Migrate before first use. db's driver must match d.
func New(db *sql.DB, d Dialect) (*DB, error) {
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	if d != Postgres && d != SQLite {
		return nil, fmt.Errorf("sqlstore: unknown dialect %v", d)
	}
	return &DB{db: db, dialect: d}, nil
}

// Dialect returns the dialect the DB was created with.
func (db *DB) Dialect() Dialect { return db.dialect }

// q rewrites a query written with ? placeholders for the dialect: $1, $2...
// on PostgreSQL. Queries never hold a literal '?': every value is a
// parameter.
func (db *DB) q(s string) string {
	if db.dialect != Postgres || !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// forUpdate is the row-locking clause of a SELECT inside a writing
// transaction: FOR UPDATE on PostgreSQL; nothing on SQLite, whose writers
// are serialized.
func (db *DB) forUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// tx runs fn in a writing transaction and commits it when fn returns nil.
// Any error rolls everything back, so nothing is half-written; op names the
// operation in errors.
func (db *DB) tx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.dialect == SQLite {
		db.wmu.Lock()
		defer db.wmu.Unlock()
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(op, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.wrap(op+": commit", err)
	}
	return nil
}

// wrap gives a database error the package's prefix and the operation, and
// marks the errors of an unreachable database with ErrUnavailable. Errors of
// the library's own types pass unchanged.
func (db *DB) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("sqlstore: %s: %w", op, err)
	}
	if unavailable(err) {
		return fmt.Errorf("sqlstore: %s: %w: %w", op, ErrUnavailable, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// unavailable reports whether err says the database cannot be reached.
func unavailable(err error) bool {
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.As(err, &oe), errors.As(err, &ne):
		return true
	}
	msg := err.Error()
	for _, s := range []string{
		"connection refused", "broken pipe", "connection reset", "unexpected EOF",
		"conn closed", "terminating connection", "the database system is",
		"failed to connect", "server closed the connection", "SQLSTATE 57P",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// timeLayout is how times are stored: UTC, fixed width, nanoseconds, so
// that text order is time order on every database (and no precision is
// lost, as PostgreSQL's timestamps keep microseconds only).
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// storable reports whether t fits a time column: years 0 to 9999 in UTC.
func storable(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 0 && y <= 9999
}

// ts encodes t for a time column; t must be storable.
func ts(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTS encodes t, or NULL when t is zero.
func nullTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

// parseTS decodes a time column.
func parseTS(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlstore: stored time %q: %w", s, err)
	}
	return t, nil
}

// placeholders returns "?, ?, ?" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
