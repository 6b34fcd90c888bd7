package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

// migration is one schema change: a file migrations/DIALECT/NNNN_name.sql.
type migration struct {
	version int
	name    string
	stmts   []string
}

// migrations returns the dialect's migrations in version order.
func (db *DB) migrations() ([]migration, error) {
	dir := path.Join("migrations", db.dialect.String())
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("sqlstore: migration file %q is not NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: migrations: %w", err)
		}
		ms = append(ms, migration{version: v, name: name, stmts: splitSQL(string(b))})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlstore: migration %d is missing", i+1)
		}
	}
	return ms, nil
}

// splitSQL splits a migration into statements: the migrations end each
// statement with a semicolon at the end of a line, and hold no other.
func splitSQL(s string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.Lines(s) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		if strings.HasSuffix(trimmed, ";") {
			if st := strings.TrimSpace(cur.String()); st != ";" {
				out = append(out, strings.TrimSuffix(st, ";"))
			}
			cur.Reset()
		}
	}
	if st := strings.TrimSpace(cur.String()); st != "" {
		out = append(out, st)
	}
	return out
}

// SchemaVersion is the schema version this package's stores need: Migrate
// brings a database to it.
func (db *DB) SchemaVersion() int {
	ms, err := db.migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// advisoryClass is the first key of the PostgreSQL advisory lock that
// Migrate holds; the second is a hash of the current schema, so that
// migrations of different schemas do not wait for each other.
const advisoryClass = 0x70647331 // "pds1"

// Migrate brings the database schema to the version this package needs,
// applying in order the embedded migrations not yet recorded in the table
// paydesk_schema_migrations, each in its own transaction with its record.
// It is idempotent, and safe when several instances start at once: on
// PostgreSQL they queue on an advisory lock, on SQLite on the write lock of
// an immediate transaction, and each finds the work of the one before done.
// It returns the number of migrations it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := db.migrations()
	if err != nil {
		return 0, err
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return 0, db.wrap("migrate", err)
	}
	defer conn.Close()
	if db.dialect == SQLite {
		db.wmu.Lock()
		defer db.wmu.Unlock()
		return db.migrateSQLite(ctx, conn, ms)
	}
	return db.migratePostgres(ctx, conn, ms)
}

const createMigrations = `CREATE TABLE IF NOT EXISTS paydesk_schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

func (db *DB) migratePostgres(ctx context.Context, conn *sql.Conn, ms []migration) (n int, err error) {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, advisoryClass); err != nil {
		return 0, db.wrap("migrate: lock", err)
	}
	defer func() {
		// A fresh context: the lock must go even when ctx is done. Should
		// the unlock fail, closing the connection releases the lock.
		uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, uerr := conn.ExecContext(uctx, `SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, advisoryClass); uerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = db.wrap("migrate: unlock", uerr)
			}
		}
	}()
	if _, err := conn.ExecContext(ctx, createMigrations); err != nil {
		return 0, db.wrap("migrate", err)
	}
	have, err := appliedVersions(ctx, conn)
	if err != nil {
		return 0, db.wrap("migrate", err)
	}
	for _, m := range ms {
		if have[m.version] {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return n, db.wrap("migrate", err)
		}
		if err := applyMigration(ctx, tx, m, "$1, $2, $3"); err != nil {
			_ = tx.Rollback()
			return n, db.wrap(fmt.Sprintf("migrate %04d_%s", m.version, m.name), err)
		}
		if err := tx.Commit(); err != nil {
			return n, db.wrap(fmt.Sprintf("migrate %04d_%s", m.version, m.name), err)
		}
		n++
	}
	return n, nil
}

func (db *DB) migrateSQLite(ctx context.Context, conn *sql.Conn, ms []migration) (n int, err error) {
	// BEGIN IMMEDIATE takes the write lock first: another process running
	// Migrate waits (busy_timeout) and then finds the versions recorded.
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return 0, db.wrap("migrate: begin", err)
	}
	committed := false
	defer func() {
		if !committed {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, createMigrations); err != nil {
		return 0, db.wrap("migrate", err)
	}
	have, err := appliedVersions(ctx, conn)
	if err != nil {
		return 0, db.wrap("migrate", err)
	}
	for _, m := range ms {
		if have[m.version] {
			continue
		}
		if err := applyMigration(ctx, conn, m, "?, ?, ?"); err != nil {
			return 0, db.wrap(fmt.Sprintf("migrate %04d_%s", m.version, m.name), err)
		}
		n++
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return 0, db.wrap("migrate: commit", err)
	}
	committed = true
	return n, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func appliedVersions(ctx context.Context, c execer) (map[int]bool, error) {
	rows, err := c.QueryContext(ctx, `SELECT version FROM paydesk_schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		have[v] = true
	}
	return have, rows.Err()
}

func applyMigration(ctx context.Context, c execer, m migration, marks string) error {
	for _, st := range m.stmts {
		if _, err := c.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	_, err := c.ExecContext(ctx, `INSERT INTO paydesk_schema_migrations (version, name, applied_at) VALUES (`+marks+`)`,
		m.version, m.name, ts(time.Now()))
	return err
}

// Check reports an error matching ErrSchema unless the database is at
// the package's schema version (Migrate has run), and one matching
// ErrUnavailable when it cannot be reached: a readiness check for hosts.
func (db *DB) Check(ctx context.Context) error {
	var v sql.NullInt64
	err := db.db.QueryRowContext(ctx, `SELECT MAX(version) FROM paydesk_schema_migrations`).Scan(&v)
	if err != nil {
		if unavailable(err) {
			return db.wrap("schema", err)
		}
		return fmt.Errorf("sqlstore: schema: %w: run Migrate (%v)", ErrSchema, err)
	}
	if want := db.SchemaVersion(); int(v.Int64) != want {
		return fmt.Errorf("sqlstore: schema at version %d, this package needs %d: %w", v.Int64, want, ErrSchema)
	}
	return nil
}
