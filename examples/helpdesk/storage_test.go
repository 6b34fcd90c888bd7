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
	"strconv"
	"strings"
	"testing"
	"time"
)

// testDB is the Config.DB of the servers that newEnv and browserServer
// make: "" (memory), except while TestOnDatabases runs the API tests on a
// database. The tests of this package do not run in parallel.
var testDB string

// sqliteDB returns the -db of a new SQLite file.
func sqliteDB(t *testing.T) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "helpdesk.db")
}

// postgresDB returns the -db of a schema of its own on the test server
// (PAYDESK_POSTGRES_DSN; scripts/pgtest.sh starts one), dropped when the
// test ends. Without the variable the test is skipped, and fails in CI.
func postgresDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv("PAYDESK_POSTGRES_DSN")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("helpdesk: PAYDESK_POSTGRES_DSN not set in CI; .ci/run starts PostgreSQL with scripts/pgtest.sh")
		}
		t.Skip(`helpdesk: PostgreSQL tests skipped: PAYDESK_POSTGRES_DSN not set (eval "$(scripts/pgtest.sh start)")`)
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
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("PAYDESK_POSTGRES_DSN must be a postgres:// URL here: %q", base)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var databases = []struct {
	name string
	db   func(t *testing.T) string
}{
	{"sqlite", sqliteDB},
	{"postgres", postgresDB},
}

// TestOnDatabases runs the API tests again with the state in SQLite and
// in PostgreSQL (support/sqlstore), the browser test on PostgreSQL.
func TestOnDatabases(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*testing.T)
	}{
		{"TicketsAccess", TestTicketsAccess},
		{"SurveysAndFeedbackReport", TestSurveysAndFeedbackReport},
		{"EmailChange", TestEmailChange},
		{"ChatEndToEnd", TestChatEndToEnd},
		{"ResolveByBot", TestResolveByBot},
		{"DisputeFlow", TestDisputeFlow},
		{"Maintain", TestMaintain},
	}
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			run := tests
			if d.name == "postgres" {
				run = append(run, struct {
					name string
					fn   func(*testing.T)
				}{"Browser", TestBrowser})
			}
			for _, tc := range run {
				t.Run(tc.name, func(t *testing.T) {
					testDB = d.db(t)
					t.Cleanup(func() { testDB = "" })
					tc.fn(t)
				})
			}
		})
	}
}

// TestTwoInstances serves one help center from two instances on one
// database: a customer chatting through instance A reaches an agent
// connected to instance B live and back; the demo data is not seeded
// twice; a restarted instance finds every ticket.
func TestTwoInstances(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			db := d.db(t)
			a, b := newEnvOn(t, db), newEnvOn(t, db)
			if a.srv.Storage() != d.name {
				t.Fatalf("storage %q, want %q", a.srv.Storage(), d.name)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()

			// Seeded once: mei has the refund and the complaint, once each.
			tickets := func(e *testEnv, user string) []any {
				return e.must(t, 200, user, "GET", "/api/tickets", nil)["tickets"].([]any)
			}
			if n := len(tickets(b, mei)); n != 2 {
				t.Fatalf("mei has %d tickets after two instances started, want the 2 seeded", n)
			}

			turn := a.must(t, 201, mei, "POST", "/api/chats", map[string]any{"message": "My card payment failed twice", "lang": "en"})
			id := turn["ticket"].(string)
			a.must(t, 200, mei, "POST", "/api/chats/"+id+"/handoff", nil)
			custA := a.stream(t, ctx, mei, id, "")

			b.must(t, 200, li, "POST", "/api/agent/presence", map[string]any{"presence": "online", "capacity": 2})
			if r := b.call(t, li, "POST", "/api/agent/chats/"+id+"/take", nil); r.status != 200 && r.code(t) != "not_waiting" {
				t.Fatalf("take through B: %d %s", r.status, r.body)
			}
			agentB := b.stream(t, ctx, li, id, "")

			// The customer writes through A: the agent on B gets it live.
			a.must(t, 201, mei, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "It says do not honour"})
			agentB.until(t, "do not honour")
			// The agent answers through B: the customer on A gets it live.
			b.must(t, 201, li, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "Your bank declined it; call the number on your card."})
			seen := custA.until(t, "call the number on your card")
			if d.name == "postgres" {
				// Signals cross instances on PostgreSQL too (a PollHub
				// keeps them on their instance: they are ephemeral).
				b.must(t, 204, li, "POST", "/api/chats/"+id+"/typing", map[string]any{"typing": true})
				for {
					m := custA.next(t)
					if m.id != "" {
						seen = append(seen, m.id)
					}
					if m.event == "signal" && strings.Contains(m.data, `"typing"`) {
						break
					}
				}
			}

			// A one-time code sent through A checks on B: one CodeKey.
			ch := a.must(t, 201, ann, "POST", "/api/account/email-change", map[string]any{"new_email": "ann@example.org"})
			a.mu.Lock()
			code := a.codes["ann@example.com"]
			a.mu.Unlock()
			b.must(t, 200, ann, "POST", "/api/account/email-change/"+ch["id"].(string)+"/confirm", map[string]any{"code": code})

			// A restarts: the new instance on the same database finds the
			// chat with its whole transcript, and seeds nothing new.
			custA.res.Body.Close()
			a.stop()
			c := newEnvOn(t, db)
			lines := c.must(t, 200, mei, "GET", "/api/chats/"+id+"/transcript", nil)["lines"].([]any)
			var text strings.Builder
			for _, l := range lines {
				text.WriteString(strings.ToLower(l.(map[string]any)["text"].(string)))
			}
			for _, want := range []string{"do not honour", "call the number on your card"} {
				if !strings.Contains(text.String(), want) {
					t.Errorf("transcript after restart lacks %q: %v", want, lines)
				}
			}
			if n := len(tickets(c, mei)); n != 3 {
				t.Errorf("mei has %d tickets after a restart, want 3 (2 seeded, 1 chat)", n)
			}
			// The customer's page reconnects to the new instance after the
			// last event it saw; the agent, still on B, answers; the
			// customer gets that live, and nothing twice.
			last := seen[len(seen)-1]
			custC := c.stream(t, ctx, mei, id, last)
			b.must(t, 201, li, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "Try the payment again now."})
			lastN, _ := strconv.ParseInt(last, 10, 64)
			for _, x := range custC.until(t, "Try the payment again now.") {
				if n, _ := strconv.ParseInt(x, 10, 64); n <= lastN {
					t.Errorf("resumed stream repeats event %s (last seen %s)", x, last)
				}
			}
		})
	}
}

// seedShape describes mei's tickets: the demo data, after a fresh start.
func seedShape(t *testing.T, e *testEnv) string {
	t.Helper()
	list := e.must(t, 200, mei, "GET", "/api/tickets", nil)["tickets"].([]any)
	subjects := map[string]string{}
	for _, x := range list {
		tk := x.(map[string]any)
		m := e.must(t, 200, mei, "GET", "/api/tickets/"+tk["id"].(string), nil)
		_, hasCase := m["case"]
		stage := ""
		if c, ok := m["complaint"].(map[string]any); ok {
			stage = fmt.Sprint(c["stage"], " after ", len(c["changes"].([]any)), " changes")
		}
		subjects[tk["subject"].(string)] = fmt.Sprintf("%d events, case %v, complaint %q", len(m["history"].([]any)), hasCase, stage)
	}
	return fmt.Sprintf("%d tickets %v", len(list), subjects)
}

// TestSeedOnce: two instances that start at the same moment on a new
// database, and a third that starts later, leave the demo data exactly as
// one instance does in memory.
func TestSeedOnce(t *testing.T) {
	want := seedShape(t, newEnvOn(t, ""))
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			db := d.db(t)
			errs := make(chan error, 2)
			for range 2 {
				go func() {
					srv, err := NewServer(Config{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), KB: sharedKB(t)})
					if err == nil {
						err = srv.Close()
					}
					errs <- err
				}()
			}
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			if got := seedShape(t, newEnvOn(t, db)); got != want {
				t.Errorf("demo data after two instances started at once and a third later:\n got %s\nwant %s (in memory)", got, want)
			}
		})
	}
}
