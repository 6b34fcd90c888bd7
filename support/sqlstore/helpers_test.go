package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/paydesk/paydesk/support/sqlstore"
)

// sqliteDSN is how tests (and the Example) open SQLite: WAL, a busy timeout,
// foreign keys, and immediate transactions.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// openSQLite returns a migrated store in a new SQLite file.
func openSQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	sdb, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "paydesk.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close() })
	return migrated(t, sdb, sqlstore.SQLite)
}

func migrated(t testing.TB, sdb *sql.DB, d sqlstore.Dialect) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.New(sdb, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// postgresDSN returns the DSN of the test server, skipping the test when
// there is none (failing it in CI).
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("PAYDESK_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("sqlstore: PAYDESK_POSTGRES_DSN not set in CI; .ci/run starts PostgreSQL with scripts/pgtest.sh")
		}
		t.Skip(`sqlstore: PAYDESK_POSTGRES_DSN not set; run eval "$(scripts/pgtest.sh start)" to test on PostgreSQL`)
	}
	return dsn
}

// pgSchema creates a schema of its own for one test, dropped when it ends,
// and returns a DSN whose search_path is that schema.
func pgSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	base := postgresDSN(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema = "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil { // a name made above, not input
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	return withSearchPath(base, schema), schema
}

func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		v := u.Query()
		v.Set("search_path", schema)
		u.RawQuery = v.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}

// openPostgres returns a migrated store in a schema of its own.
func openPostgres(t testing.TB) *sqlstore.DB {
	t.Helper()
	dsn, _ := pgSchema(t)
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	// Keep as many idle connections as open ones: database/sql keeps 2 by
	// default, and closes the others after each burst of concurrent calls.
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(8)
	t.Cleanup(func() { sdb.Close() })
	return migrated(t, sdb, sqlstore.Postgres)
}

// dialects are the databases every test runs on.
var dialects = []struct {
	name string
	open func(testing.TB) *sqlstore.DB
}{
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
}

// forEach runs f on a fresh store of every dialect, as parallel subtests.
func forEach(t *testing.T, f func(t *testing.T, open func(testing.TB) *sqlstore.DB)) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			if d.name == "postgres" {
				postgresDSN(t)
			}
			f(t, d.open)
		})
	}
}
