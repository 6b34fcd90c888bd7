package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support/sqlstore"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// A backend is a kind of storage the help desk runs on: place returns the
// -db value of a new, empty database of that kind ("" for memory).
type backend struct {
	name  string
	place func(t *testing.T) string
}

var (
	memoryBackend   = backend{"memory", func(*testing.T) string { return "" }}
	sqliteBackend   = backend{"sqlite", sqlitePlace}
	postgresBackend = backend{"postgres", postgresPlace}
	// backends are every storage the API tests run on.
	backends = []backend{memoryBackend, sqliteBackend, postgresBackend}
	// dbBackends are the databases, on which several instances meet.
	dbBackends = []backend{sqliteBackend, postgresBackend}
)

// sqlitePlace returns a new SQLite file, as "sqlite:path".
func sqlitePlace(t *testing.T) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "paydesk.db")
}

// postgresDSN returns the DSN of the test server, skipping the test when
// there is none (failing it in CI), as support/sqlstore's tests do.
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("PAYDESK_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("helpdesk: PAYDESK_POSTGRES_DSN not set in CI; .ci/run starts PostgreSQL with scripts/pgtest.sh")
		}
		t.Skip(`helpdesk: PAYDESK_POSTGRES_DSN not set; run eval "$(scripts/pgtest.sh start)" to test on PostgreSQL`)
	}
	return dsn
}

// postgresPlace creates a schema of its own for the test, dropped when it
// ends, and returns a postgres:// URL whose search_path is that schema.
func postgresPlace(t *testing.T) string {
	t.Helper()
	base := postgresDSN(t)
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("PAYDESK_POSTGRES_DSN: want a postgres:// URL, got %q", base)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "helpdesk_" + hex.EncodeToString(b)
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
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTestDB opens and migrates the database of a -db value the way run
// does, closing it at the end of the test. Instances of one database share
// its hub channel (one per test schema) and poll often.
func openTestDB(t *testing.T, v string) *Database {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, closeDB, err := openDatabase(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	d.PollInterval = 20 * time.Millisecond
	if d.DB.Dialect() == sqlstore.Postgres {
		u, _ := url.Parse(v)
		d.Channel = u.Query().Get("search_path")
	}
	return d
}

// TestAPIFlows runs the API's main flows on every backend.
func TestAPIFlows(t *testing.T) {
	flows := []struct {
		name string
		run  func(*testing.T, *testEnv)
	}{
		{"TicketsAccess", testTicketsAccess},
		{"SurveysAndFeedbackReport", testSurveysAndFeedbackReport},
		{"EmailChange", testEmailChange},
		{"ChatEndToEnd", testChatEndToEnd},
		{"ResolveByBot", testResolveByBot},
		{"DisputeFlow", testDisputeFlow},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			for _, f := range flows {
				t.Run(f.name, func(t *testing.T) { f.run(t, newEnvOn(t, b.place(t))) })
			}
		})
	}
}

func TestParseDB(t *testing.T) {
	for _, c := range []struct {
		in      string
		dialect sqlstore.Dialect
		source  string // a prefix of the data source
	}{
		{"paydesk.db", sqlstore.SQLite, "file:paydesk.db?"},
		{"/var/lib/paydesk/paydesk.db", sqlstore.SQLite, "file:/var/lib/paydesk/paydesk.db?"},
		{"sqlite:paydesk.db", sqlstore.SQLite, "file:paydesk.db?"},
		{"sqlite:///tmp/x.db", sqlstore.SQLite, "file:/tmp/x.db?"},
		{"postgres://u:secret@127.0.0.1:5432/paydesk?sslmode=disable", sqlstore.Postgres, "postgres://u:secret@127.0.0.1:5432/paydesk?sslmode=disable"},
		{"postgresql://127.0.0.1/paydesk", sqlstore.Postgres, "postgresql://127.0.0.1/paydesk"},
		{"ftp://x", 0, ""},
		{"mysql://u@h/db", 0, ""},
		{"sqlite:", 0, ""},
		{"file.db?mode=ro", 0, ""},
		{"postgres://u@h:notaport/db", 0, ""},
		{"  ", 0, ""},
	} {
		tg, err := parseDB(c.in)
		if c.dialect == 0 {
			if err == nil {
				t.Errorf("parseDB(%q) = %+v, want an error", c.in, tg)
			}
			continue
		}
		if err != nil || tg.dialect != c.dialect || !strings.HasPrefix(tg.source, c.source) {
			t.Errorf("parseDB(%q) = %+v, %v; want %v on %q...", c.in, tg, err, c.dialect, c.source)
		}
	}
	// The error of a bad URL does not show its password.
	if _, err := parseDB("mysql://u:hunter2@h/db"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error shows the password: %v", err)
	}
}

// seedShape describes mei's tickets: the demo data, after a fresh start.
func seedShape(t *testing.T, e *testEnv) string {
	t.Helper()
	list := e.must(t, 200, mei, "GET", "/api/tickets", nil)["tickets"].([]any)
	shape := fmt.Sprintf("%d tickets", len(list))
	subjects := map[string]string{}
	for _, x := range list {
		tk := x.(map[string]any)
		id := tk["id"].(string)
		m := e.must(t, 200, mei, "GET", "/api/tickets/"+id, nil)
		_, hasCase := m["case"]
		stage := ""
		if c, ok := m["complaint"].(map[string]any); ok {
			stage = fmt.Sprint(c["stage"], " after ", len(c["changes"].([]any)), " changes")
		}
		subjects[tk["subject"].(string)] = fmt.Sprintf("%d events, case %v, complaint %q", len(m["history"].([]any)), hasCase, stage)
	}
	return fmt.Sprintf("%s %v", shape, subjects)
}

// TestSeedOnce: the demo data is seeded once per database, whether two
// instances start on it at the same moment or an instance restarts.
func TestSeedOnce(t *testing.T) {
	want := seedShape(t, newEnv(t))
	for _, b := range dbBackends {
		t.Run(b.name, func(t *testing.T) {
			db := b.place(t)
			// Two instances start at once on a new database.
			errs := make(chan error, 2)
			for range 2 {
				d := openTestDB(t, db)
				go func() {
					srv, err := NewServer(Config{Logger: quietLogger(), KB: sharedKB(t), Database: d})
					if err == nil {
						srv.Close()
					}
					errs <- err
				}()
			}
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			// And a third one starts later, on the seeded database.
			if got := seedShape(t, newEnvOn(t, db)); got != want {
				t.Errorf("demo data after two instances and a restart:\n got %s\nwant %s (in memory)", got, want)
			}
		})
	}
}
