// Package sqlstore implements every store interface of paydesk on
// database/sql, for PostgreSQL (15 and later) and SQLite: support.Store
// (tickets, histories, idempotency keys), verify.Store, feedback.Store,
// cases.Store and chat.Store, and the transactional outbox of
// support.OutboxStore. Each passes its conformance suite in
// support/storetest on both databases. PGHub and PollHub carry chat events
// between app instances that share a database.
//
// # Wiring
//
// The package imports no driver: the host opens its *sql.DB with the driver
// it likes, names the dialect, and runs Migrate once at start-up (every
// instance may; see below):
//
//	sdb, err := sql.Open("pgx", os.Getenv("DATABASE_URL")) // github.com/jackc/pgx/v5/stdlib
//	db, err := sqlstore.New(sdb, sqlstore.Postgres)
//	_, err = db.Migrate(ctx)
//	desk, err := support.NewDesk(db.Tickets(), support.Options{})
//	svc, err := chat.New(chat.Options{Desk: desk, Store: db.Chat(), ...})
//
// DB.Tickets, DB.Verify, DB.Feedback, DB.Cases and DB.Chat return the
// stores; they share the *sql.DB and its pool. Any driver that speaks the
// dialect works: for PostgreSQL github.com/jackc/pgx/v5/stdlib (the tests'
// choice) or github.com/lib/pq; for SQLite modernc.org/sqlite (pure Go, the
// tests' choice) or github.com/mattn/go-sqlite3. Open SQLite with WAL, a
// busy timeout, foreign keys and immediate transactions; with
// modernc.org/sqlite:
//
//	file:paydesk.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate
//
// # Tables
//
// Every table is named paydesk_*, so the schema can live beside the host's.
// Each record is kept whole as JSON in a data column (exactly as the Go
// value encodes, money as decimal strings with their currency) beside the
// columns that queries filter, sort and lock on:
//
//   - paydesk_tickets: customer, status, category, priority, assignee,
//     group, subject, the amount at stake (decimal text and ISO 4217 code),
//     SLA due time, creation and activity times, version and the last event
//     sequence number; paydesk_events: the history, (ticket, seq);
//     paydesk_keys: idempotency keys, (scope, key).
//   - paydesk_verify_challenges, paydesk_verify_sends,
//     paydesk_verify_accounts (one row per account, locked by quota checks).
//   - paydesk_surveys: one per offer key under a unique index.
//   - paydesk_cases (one per ticket under a unique index; the refunded
//     amount as decimal text and currency) and paydesk_refunds.
//   - paydesk_chat_agents, paydesk_chat_waiting, paydesk_chat_held,
//     paydesk_chat_receipts, paydesk_chat_handles and paydesk_chat_state.
//   - paydesk_outbox: pending notifications (support.Options.Outbox), with
//     the lease columns next_at and attempts; a sent message is deleted, a
//     dead one kept with its last error.
//   - paydesk_schema_migrations: the migrations applied.
//
// Times are stored in UTC as fixed-width text with nanoseconds
// ("2026-03-02T09:00:00.000000000Z"), so that text order is time order on
// both databases and no precision is lost (PostgreSQL's timestamps keep
// microseconds); IDs and times compare byte-wise (COLLATE "C" on
// PostgreSQL), as Go compares strings, so every store pages in the same
// order. Times must fall in the years 0 to 9999.
//
// # Migrations
//
// The schema is a numbered series of SQL files embedded in the package
// (migrations/postgres, migrations/sqlite). DB.Migrate applies those not
// yet recorded in paydesk_schema_migrations, each in a transaction with its
// record; it is idempotent. Instances that start at once are safe: on
// PostgreSQL they queue on an advisory lock (per schema), on SQLite on the
// write lock of an immediate transaction, and each finds the work of the
// one before done. DB.Check is a readiness probe: ErrSchema before
// Migrate, ErrUnavailable when the database cannot be reached.
//
// # Concurrency and errors
//
// A DB and its stores are safe for concurrent use, by many processes on one
// database too; they start no goroutine. Each write is one transaction:
// either all of it is stored or nothing (a connection killed in the middle
// leaves no ticket, event or key). Optimistic concurrency is a conditional
// update on the version column: of two writers of one version one wins, the
// other gets the store's typed error (*support.VersionError,
// verify.ErrConflict, *cases.VersionError). Uniqueness lives in primary
// keys and unique indexes, claimed with INSERT ... ON CONFLICT DO NOTHING,
// and a lost claim is reported with the stored record
// (*support.KeyError, *feedback.OfferedError, *cases.ExistsError). Quotas,
// refunds, answers and chat routing lock the rows they check (SELECT ... FOR
// UPDATE on PostgreSQL); on SQLite, which has one writer at a time, a DB
// also serializes its own writing transactions, so they never meet
// SQLITE_BUSY inside one process. Every value is a query parameter: no SQL
// is built from input.
//
// Errors start with "sqlstore: " and name the operation. Those of a
// database that cannot be reached (refused, reset, terminated connections)
// match ErrUnavailable; nothing was changed, and a retry succeeds once the
// database is back — database/sql opens new connections, the store needs
// no restart.
//
// # Outbox
//
// Tickets is a support.OutboxStore: a Commit stores the change's
// notifications in the same transaction, with the event sequence numbers
// it gives the change. ClaimOutbox selects due messages in (next_at, id)
// order from a partial index and leases them; on PostgreSQL the rows are
// locked with FOR UPDATE SKIP LOCKED, so dispatchers in several instances
// claim different messages without waiting for one another. MarkSent and
// MarkFailed are conditional on the claim's attempt number: a dispatcher
// whose lease ended and was taken over changes nothing and gets
// support.ErrLeaseLost.
//
// # Real time across instances
//
// A chat subscriber connected to one instance must see what another
// instance commits. PGHub does it with PostgreSQL's LISTEN/NOTIFY: each
// instance notifies a channel after it publishes, and listens on a
// dedicated connection (database/sql cannot listen: the host gives the hub
// a Listener over its driver, such as a *pgx.Conn) that it reopens with
// backoff, catching its subscribers up from the store when it returns.
// PollHub works on any database, SQLite included: it asks the store for
// the newest sequence number of each watched ticket (Tickets.LatestSeq,
// one indexed query per poll) and publishes what it has not seen. The
// host runs PGHub.Listen or PollHub.Poll; neither starts a goroutine of
// its own. Subscribers resume by sequence number with no gap and no
// duplicate.
//
// # Queries and retention
//
// Tickets.Find pages with the sort key of the last ticket (never OFFSET) on
// indexes made for each order: a customer's list, the work queues, the SLA
// sweep (Desk.CheckSLA, on a partial index of due times) and the
// auto-close sweep (Desk.CloseSolved, on status) are index searches, as a
// test checks with EXPLAIN. The tag and subject-text filters are applied to
// the indexed rows with support.Query.Matches, so that every store agrees
// on what matches.
//
// Idempotency keys are kept until Tickets.SweepKeys deletes those recorded
// before the host's retention period (a day or three is usual); a retry
// after that is a new request.
//
// # Testing on PostgreSQL
//
// The SQLite tests always run. The PostgreSQL tests read
// PAYDESK_POSTGRES_DSN, skip without it, and fail without it when CI=true;
// scripts/pgtest.sh starts a throwaway cluster and prints the variable:
//
//	eval "$(scripts/pgtest.sh start)"
//	go test ./support/sqlstore/
//	scripts/pgtest.sh stop
//
// Each test works in a schema of its own, dropped at its end.
package sqlstore
