// Package sqlbench compares paydesk's support/sqlstore on PostgreSQL with a
// baseline that sends the same statements directly through pgx: the
// throughput of opening a ticket and answering it, with 8 concurrent
// clients, measured side by side in one run on one loaded database.
//
//   - "sqlstore" is a support.Desk over sqlstore on database/sql with
//     github.com/jackc/pgx/v5/stdlib (8 connections): Desk.Open by the
//     customer, then Desk.Reply by an agent.
//   - "pgx" is what a hand-written store would send for the same two
//     operations, through a pgxpool.Pool of 8 connections: for the open,
//     one statement (the ticket's INSERT and the created event's INSERT
//     chained by a WITH clause); for the reply, the ticket's SELECT, then
//     one statement (its UPDATE conditional on the version and the INSERT
//     of the reply and status events). The statements are sqlstore's own
//     for a commit of one write, with the same columns and the ticket
//     and events encoded and decoded as JSON the same way; what it leaves out
//     is the Desk (validation, access rules, SLA bookkeeping, redaction) and
//     database/sql.
//
// TestBaselineWritesWhatSqlstoreReads checks that the baseline's rows are
// ones sqlstore reads back as the ticket and history it would have written,
// so that the comparison is between equal work.
//
// The schema is sqlstore's (Migrate), in a schema of its own per run that is
// dropped at the end; the tickets loaded first (-sqlbench.tickets, 2,000 by
// default) are opened through a Desk and committed through sqlstore. Both
// need PAYDESK_POSTGRES_DSN (scripts/pgtest.sh starts a throwaway server)
// and skip without it:
//
//	cd benchmarks && go test -run '^$' -bench OpenReply -benchtime 3s ./sqlbench -sqlbench.tickets=100000
package sqlbench
