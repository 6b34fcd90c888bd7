package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

var _ support.OutboxStore = (*Tickets)(nil)

// notificationJSON is support.Notification with the store's lenient
// ticket and event encodings (see ticketJSON).
type notificationJSON struct {
	ID       string       `json:"id,omitempty"`
	Customer string       `json:"customer"`
	Ticket   *ticketJSON  `json:"ticket"`
	Events   []eventJSON  `json:"events"`
	Language language.Tag `json:"language"`
	Title    string       `json:"title"`
	Text     string       `json:"text"`
}

func toNotificationJSON(n *support.Notification) notificationJSON {
	evs := make([]eventJSON, len(n.Events))
	for i := range n.Events {
		evs[i] = eventJSON(n.Events[i])
	}
	return notificationJSON{ID: n.ID, Customer: n.Customer, Ticket: (*ticketJSON)(n.Ticket), Events: evs,
		Language: n.Language, Title: n.Title, Text: n.Text}
}

func (j *notificationJSON) notification() support.Notification {
	evs := make([]support.Event, len(j.Events))
	for i := range j.Events {
		evs[i] = support.Event(j.Events[i])
	}
	return support.Notification{ID: j.ID, Customer: j.Customer, Ticket: (*support.Ticket)(j.Ticket), Events: evs,
		Language: j.Language, Title: j.Title, Text: j.Text}
}

// checkOutbox checks the messages of a checked commit
// (support.Commit.Check) before its transaction: times storable. A
// notification that does not encode is refused by insertOutbox, in the
// transaction, which it rolls back.
func checkOutbox(ms []support.OutboxMessage) error {
	for _, m := range ms {
		if !storable(m.CreatedAt) {
			return fmt.Errorf("sqlstore: outbox message %q created at %v: time out of range: %w", m.ID, m.CreatedAt, support.ErrInvalidInput)
		}
	}
	return nil
}

// insertOutbox stores the messages of a commit in its transaction, once
// the commit's writes are numbered: an event Seq of -k becomes the Seq of
// the k-th event of the write of the event's ticket (support.OutboxStore).
// A message ID already stored refuses the whole commit.
func (s *Tickets) insertOutbox(ctx context.Context, tx *sql.Tx, ms []support.OutboxMessage, ws []support.Write, firsts []int64) error {
	for _, m := range ms {
		n := toNotificationJSON(&m.Notification) // copies the events: the caller's stay as they are
		evs := n.Events
		for i := range evs {
			k := evs[i].Seq
			if k >= 0 {
				continue
			}
			for j, w := range ws {
				if w.Ticket.ID == evs[i].Ticket && -k <= int64(len(w.Events)) {
					evs[i].Seq = firsts[j] + (-k - 1)
					break
				}
			}
		}
		data, err := json.Marshal(&n)
		if err != nil {
			return fmt.Errorf("sqlstore: outbox message %q: %w: %w", m.ID, support.ErrInvalidInput, err)
		}
		at := ts(m.CreatedAt)
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_outbox (id, created_at, next_at, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
			m.ID, at, at, data)
		if err != nil {
			return s.db.wrap("commit: outbox", err)
		}
		if k, err := res.RowsAffected(); err != nil {
			return s.db.wrap("commit: outbox", err)
		} else if k == 0 {
			return fmt.Errorf("sqlstore: outbox message %q is stored already: %w", m.ID, support.ErrInvalidInput)
		}
	}
	return nil
}

// ClaimOutbox implements support.OutboxStore: one transaction that selects
// the due messages in (next_at, id) order from an index and leases them.
// On PostgreSQL the selected rows are locked with SKIP LOCKED, so that
// dispatchers claiming at once take different messages instead of waiting
// for each other; SQLite runs one writing transaction at a time.
func (s *Tickets) ClaimOutbox(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]support.OutboxMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 || lease <= 0 {
		return nil, fmt.Errorf("sqlstore: claim %d outbox messages for %v: %w", limit, lease, support.ErrInvalidInput)
	}
	if !storable(now) || !storable(now.Add(lease)) {
		return nil, fmt.Errorf("sqlstore: claim outbox messages at %v: time out of range: %w", now, support.ErrInvalidInput)
	}
	limit = min(limit, MaxLimit)
	until := now.Add(lease).UTC()
	lock := ""
	if s.db.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var out []support.OutboxMessage
	err := s.db.tx(ctx, "claim outbox", func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, s.db.q(`SELECT id, created_at, attempts, last_error, data FROM paydesk_outbox
			WHERE NOT dead AND next_at <= ? ORDER BY next_at, id LIMIT ?`+lock), ts(now), limit)
		if err != nil {
			return s.db.wrap("claim outbox", err)
		}
		defer rows.Close()
		ids := make([]any, 0, limit)
		for rows.Next() {
			var (
				m       support.OutboxMessage
				created string
				data    []byte
			)
			if err := rows.Scan(&m.ID, &created, &m.Attempts, &m.LastError, &data); err != nil {
				return s.db.wrap("claim outbox", err)
			}
			if m.CreatedAt, err = parseTS(created); err != nil {
				return fmt.Errorf("sqlstore: outbox message %q: %w", m.ID, err)
			}
			var n notificationJSON
			if err := json.Unmarshal(data, &n); err != nil {
				return fmt.Errorf("sqlstore: decode outbox message %q: %w", m.ID, err)
			}
			m.Notification = n.notification()
			m.Attempts++
			m.NextAt = until
			out = append(out, m)
			ids = append(ids, m.ID)
		}
		if err := rows.Err(); err != nil {
			return s.db.wrap("claim outbox", err)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		// One statement leases them all; the rows are this transaction's.
		q := `UPDATE paydesk_outbox SET attempts = attempts + 1, next_at = ? WHERE id IN (` + placeholders(len(ids)) + `)`
		if _, err := tx.ExecContext(ctx, s.db.q(q), append([]any{ts(until)}, ids...)...); err != nil {
			return s.db.wrap("claim outbox: lease", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkSent implements support.OutboxStore; the message is deleted.
func (s *Tickets) MarkSent(ctx context.Context, id string, attempt int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	res, err := s.db.db.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_outbox WHERE id = ? AND attempts = ? AND attempts > 0 AND NOT dead`), id, attempt)
	return s.marked(res, err, "mark sent", id, attempt)
}

// MarkFailed implements support.OutboxStore. A dead message (zero retryAt)
// stays in the table, with dead set and its last error, for inspection.
func (s *Tickets) MarkFailed(ctx context.Context, id string, attempt int, retryAt time.Time, reason string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var (
		res sql.Result
		err error
	)
	if retryAt.IsZero() {
		res, err = s.db.db.ExecContext(ctx, s.db.q(`UPDATE paydesk_outbox SET dead = TRUE, last_error = ?
			WHERE id = ? AND attempts = ? AND attempts > 0 AND NOT dead`), reason, id, attempt)
	} else {
		if !storable(retryAt) {
			return fmt.Errorf("sqlstore: retry outbox message %q at %v: time out of range: %w", id, retryAt, support.ErrInvalidInput)
		}
		res, err = s.db.db.ExecContext(ctx, s.db.q(`UPDATE paydesk_outbox SET next_at = ?, last_error = ?
			WHERE id = ? AND attempts = ? AND attempts > 0 AND NOT dead`), ts(retryAt), reason, id, attempt)
	}
	return s.marked(res, err, "mark failed", id, attempt)
}

// marked turns the result of a mark into its error: no row changed means
// the claim no longer holds the message.
func (s *Tickets) marked(res sql.Result, err error, op, id string, attempt int) error {
	if err != nil {
		return s.db.wrap("outbox: "+op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.db.wrap("outbox: "+op, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlstore: outbox message %q, attempt %d: %w", id, attempt, support.ErrLeaseLost)
	}
	return nil
}

// OutboxLen returns the number of pending outbox messages: committed and
// neither sent nor dead.
func (s *Tickets) OutboxLen(ctx context.Context) (int, error) {
	var n int
	if err := s.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM paydesk_outbox WHERE NOT dead`).Scan(&n); err != nil {
		return 0, s.db.wrap("outbox length", err)
	}
	return n, nil
}

// LatestSeq returns the sequence number of the newest event of each
// ticket of ids that exists (a ticket not stored is left out), in one
// query on the primary key; it is the SeqReader of a PollHub.
func (s *Tickets) LatestSeq(ctx context.Context, ids []support.ID) (map[support.ID]int64, error) {
	out := make(map[support.ID]int64, len(ids))
	for start := 0; start < len(ids); start += MaxLimit {
		batch := ids[start:min(len(ids), start+MaxLimit)]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = string(id)
		}
		rows, err := s.db.db.QueryContext(ctx, s.db.q(`SELECT id, last_seq FROM paydesk_tickets WHERE id IN (`+placeholders(len(batch))+`)`), args...)
		if err != nil {
			return nil, s.db.wrap("latest seq", err)
		}
		for rows.Next() {
			var (
				id  string
				seq int64
			)
			if err := rows.Scan(&id, &seq); err != nil {
				rows.Close()
				return nil, s.db.wrap("latest seq", err)
			}
			out[support.ID(id)] = seq
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, s.db.wrap("latest seq", err)
		}
	}
	return out, nil
}
