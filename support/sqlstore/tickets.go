package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paydesk/paydesk/support"
)

// Page sizes of Tickets.Find, as in memstore.
const (
	DefaultLimit = 50  // the page size when a Query has no Limit
	MaxLimit     = 500 // the largest page size; larger Limits are capped
)

// Tickets is the support.Store of a DB: tickets in paydesk_tickets (the
// ticket as JSON beside the columns queries filter and sort on), events in
// paydesk_events and idempotency keys in paydesk_keys. Get it from
// DB.Tickets. It is safe for concurrent use, across processes too: a Commit
// is one transaction whose version checks are conditional updates, so of
// two writers of one version exactly one wins and the other gets a
// *support.VersionError.
type Tickets struct{ db *DB }

var _ support.Store = (*Tickets)(nil)

// Tickets returns the support.Store on db.
func (db *DB) Tickets() *Tickets { return &Tickets{db: db} }

// ticketJSON and eventJSON are Ticket and Event without their strict
// UnmarshalJSON: what the store wrote it reads back as it was.
type (
	ticketJSON support.Ticket
	eventJSON  support.Event
)

// Get implements support.Store.
func (s *Tickets) Get(ctx context.Context, id support.ID) (*support.Ticket, error) {
	var data []byte
	err := s.db.db.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_tickets WHERE id = ?`), string(id)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &support.NotFoundError{ID: id}
	}
	if err != nil {
		return nil, s.db.wrap("get ticket", err)
	}
	return decodeTicket(data)
}

func decodeTicket(data []byte) (*support.Ticket, error) {
	t := new(support.Ticket)
	if err := json.Unmarshal(data, (*ticketJSON)(t)); err != nil {
		return nil, fmt.Errorf("sqlstore: stored ticket: %w", err)
	}
	return t, nil
}

// History implements support.Store. It is one query, and a second only when
// it finds no events, to tell an empty page from a missing ticket.
func (s *Tickets) History(ctx context.Context, id support.ID, after int64, limit int) ([]support.Event, error) {
	query := `SELECT seq, data FROM paydesk_events WHERE ticket = ? AND seq > ? ORDER BY seq`
	args := []any{string(id), after}
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.db.QueryContext(ctx, s.db.q(query), args...)
	if err != nil {
		return nil, s.db.wrap("history", err)
	}
	defer rows.Close()
	var out []support.Event
	for rows.Next() {
		var seq int64
		var data []byte
		if err := rows.Scan(&seq, &data); err != nil {
			return nil, s.db.wrap("history", err)
		}
		var e support.Event
		if err := json.Unmarshal(data, (*eventJSON)(&e)); err != nil {
			return nil, fmt.Errorf("sqlstore: stored event %d of ticket %q: %w", seq, string(id), err)
		}
		e.Ticket, e.Seq = id, seq
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.wrap("history", err)
	}
	rows.Close()
	if len(out) == 0 {
		var one int
		err := s.db.db.QueryRowContext(ctx, s.db.q(`SELECT 1 FROM paydesk_tickets WHERE id = ?`), string(id)).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, &support.NotFoundError{ID: id}
		}
		if err != nil {
			return nil, s.db.wrap("history", err)
		}
	}
	return out, nil
}

// Key implements support.Store.
func (s *Tickets) Key(ctx context.Context, scope, key string) (support.KeyRecord, error) {
	return s.key(ctx, s.db.db, scope, key)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Tickets) key(ctx context.Context, q querier, scope, key string) (support.KeyRecord, error) {
	rec := support.KeyRecord{Scope: scope, Key: key}
	var ticket, at string
	err := q.QueryRowContext(ctx, s.db.q(`SELECT ticket, fingerprint, at FROM paydesk_keys WHERE scope = ? AND key = ?`), scope, key).
		Scan(&ticket, &rec.Fingerprint, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return support.KeyRecord{}, fmt.Errorf("sqlstore: key %q in %q: %w", key, scope, support.ErrNotFound)
	}
	if err != nil {
		return support.KeyRecord{}, s.db.wrap("key", err)
	}
	rec.Ticket = support.ID(ticket)
	if rec.At, err = parseTS(at); err != nil {
		return support.KeyRecord{}, err
	}
	return rec, nil
}

// SweepKeys deletes the idempotency keys recorded (KeyRecord.At) before
// before, and returns how many it deleted. Keys are kept until swept: a
// host runs it now and then with its retention period, such as
// SweepKeys(ctx, now.Add(-72*time.Hour)); a retry after that is a new
// request. The sweep uses the index on the key time.
func (s *Tickets) SweepKeys(ctx context.Context, before time.Time) (int, error) {
	if !storable(before) {
		return 0, fmt.Errorf("sqlstore: sweep keys before %v: %w", before, support.ErrInvalidInput)
	}
	var n int64
	err := s.db.tx(ctx, "sweep keys", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_keys WHERE at < ?`), ts(before))
		if err != nil {
			return s.db.wrap("sweep keys", err)
		}
		n, err = res.RowsAffected()
		return s.db.wrap("sweep keys", err)
	})
	return int(n), err
}

// prepared is a checked write, encoded for the database.
type prepared struct {
	w      *support.Write
	ticket []any    // the ticket's column values, in ticketCols order, without last_seq
	events [][]byte // the events as JSON
}

const ticketCols = `id, customer, status, category, priority, assignee, grp, subject, amount, amount_currency, sla_next, created_at, updated_at, version, data`

// updateCols are ticketCols without the id: the columns an update sets,
// in the order of prepared.ticket[1:].
var updateCols = strings.Split(ticketCols, ", ")[1:]

// updateSet is the SET list of a ticket's update with ? parameters.
var updateSet = strings.Join(updateCols, " = ?, ") + " = ?"

// Commit implements support.Store and support.OutboxStore: one
// transaction, whatever the number of writes, keys and outbox messages;
// on PostgreSQL a commit of one write alone, the Desk's usual, is one
// statement (writeOne).
func (s *Tickets) Commit(ctx context.Context, c support.Commit) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.Check(); err != nil {
		return err
	}
	ps := make([]prepared, len(c.Writes))
	for i := range c.Writes {
		w := &c.Writes[i]
		if err := checkTimes(w); err != nil {
			return err
		}
		p, err := prepare(w)
		if err != nil {
			return err
		}
		ps[i] = p
	}
	for _, k := range c.Keys {
		if !storable(k.At) {
			return fmt.Errorf("sqlstore: key %q at %v: time out of range: %w", k.Key, k.At, support.ErrInvalidInput)
		}
	}
	if err := checkOutbox(c.Outbox); err != nil {
		return err
	}
	if s.db.dialect == Postgres && len(ps) == 1 && len(c.Keys) == 0 && len(c.Outbox) == 0 {
		first, err := s.writeOne(ctx, &ps[0])
		if err != nil {
			return err
		}
		for j := range ps[0].w.Events {
			ps[0].w.Events[j].Seq = first + int64(j)
		}
		return nil
	}
	// Rows are locked in ID order, so that two multi-ticket commits cannot
	// deadlock.
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	if len(order) > 1 {
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(string(ps[a].w.Ticket.ID), string(ps[b].w.Ticket.ID)) })
	}
	firsts := make([]int64, len(ps)) // the first sequence number of each write's events
	err := s.db.tx(ctx, "commit", func(tx *sql.Tx) error {
		for _, i := range order {
			first, err := s.write(ctx, tx, &ps[i])
			if err != nil {
				return err
			}
			firsts[i] = first
		}
		for _, k := range c.Keys {
			res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_keys (scope, key, ticket, fingerprint, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
				k.Scope, k.Key, string(k.Ticket), k.Fingerprint, ts(k.At))
			if err != nil {
				return s.db.wrap("commit: key", err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return s.db.wrap("commit: key", err)
			} else if n == 0 {
				rec, err := s.key(ctx, tx, k.Scope, k.Key)
				if err != nil {
					return err
				}
				return &support.KeyError{Record: rec}
			}
		}
		return s.insertOutbox(ctx, tx, c.Outbox, c.Writes, firsts)
	})
	if err != nil {
		return err
	}
	for i, p := range ps {
		for j := range p.w.Events {
			p.w.Events[j].Seq = firsts[i] + int64(j)
		}
	}
	return nil
}

// write stores one prepared write in tx and returns the sequence number of
// its first event.
func (s *Tickets) write(ctx context.Context, tx *sql.Tx, p *prepared) (int64, error) {
	w := p.w
	n := int64(len(w.Events))
	var last int64
	if w.Prev == 0 {
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_tickets (`+ticketCols+`, last_seq) VALUES (`+placeholders(16)+`) ON CONFLICT (id) DO NOTHING`),
			append(p.ticket, n)...)
		if err != nil {
			return 0, s.db.wrap("commit: create ticket", err)
		}
		if k, err := res.RowsAffected(); err != nil {
			return 0, s.db.wrap("commit: create ticket", err)
		} else if k == 0 {
			return 0, s.versionError(ctx, tx, w)
		}
		last = n
	} else {
		args := append(p.ticket[1:], n, string(w.Ticket.ID), w.Prev)
		err := tx.QueryRowContext(ctx, s.db.q(`UPDATE paydesk_tickets SET `+updateSet+`, last_seq = last_seq + ?
			WHERE id = ? AND version = ? RETURNING last_seq`), args...).Scan(&last)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, s.versionError(ctx, tx, w)
		}
		if err != nil {
			return 0, s.db.wrap("commit: update ticket", err)
		}
	}
	first := last - n + 1
	var b strings.Builder
	b.WriteString(`INSERT INTO paydesk_events (ticket, seq, version, kind, internal, at, actor_role, actor_id, data) VALUES `)
	args := make([]any, 0, 9*len(w.Events))
	for j := range w.Events {
		e := &w.Events[j]
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + placeholders(9) + ")")
		args = append(args, string(w.Ticket.ID), first+int64(j), e.Version, e.Kind.String(), e.Internal, ts(e.At),
			e.Actor.Role.String(), e.Actor.ID, p.events[j])
	}
	if _, err := tx.ExecContext(ctx, s.db.q(b.String()), args...); err != nil {
		return 0, s.db.wrap("commit: events", err)
	}
	return first, nil
}

// versionError reads the stored version of w's ticket for the
// *support.VersionError of a write that found another.
func (s *Tickets) versionError(ctx context.Context, q querier, w *support.Write) error {
	var have int64
	err := q.QueryRowContext(ctx, s.db.q(`SELECT version FROM paydesk_tickets WHERE id = ?`), string(w.Ticket.ID)).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s.db.wrap("commit: version", err)
	}
	return &support.VersionError{Ticket: w.Ticket.ID, Expected: w.Prev, Actual: have}
}

// checkTimes checks that the times of a write (checked by
// support.Commit.Check) fit the columns.
func checkTimes(w *support.Write) error {
	t := w.Ticket
	switch {
	case !storable(t.CreatedAt) || !storable(t.UpdatedAt) || !storable(t.SLANext):
		return fmt.Errorf("sqlstore: ticket %q: a time outside the years 0 to 9999: %w", string(t.ID), support.ErrInvalidInput)
	}
	for _, e := range w.Events {
		if !storable(e.At) {
			return fmt.Errorf("sqlstore: event of ticket %q at %v: time out of range: %w", string(t.ID), e.At, support.ErrInvalidInput)
		}
	}
	return nil
}

// prepare encodes a checked write.
func prepare(w *support.Write) (prepared, error) {
	t := w.Ticket
	data, err := json.Marshal((*ticketJSON)(t))
	if err != nil {
		return prepared{}, fmt.Errorf("sqlstore: encode ticket %q: %w: %w", string(t.ID), support.ErrInvalidInput, err)
	}
	var amount, cur any
	if t.Amount != nil {
		amount, cur = t.Amount.Number().String(), t.Amount.CurrencyCode()
	}
	p := prepared{w: w, ticket: []any{
		string(t.ID), t.Customer, t.Status.String(), string(t.Category), int(t.Priority), t.Assignee, t.Group,
		t.Subject, amount, cur, nullTS(t.SLANext), ts(t.CreatedAt), ts(t.UpdatedAt), t.Version, data,
	}}
	p.events = make([][]byte, len(w.Events))
	for j := range w.Events {
		e := w.Events[j]
		e.Seq = 0 // the column holds it
		if p.events[j], err = json.Marshal((*eventJSON)(&e)); err != nil {
			return prepared{}, fmt.Errorf("sqlstore: encode event of ticket %q: %w: %w", string(t.ID), support.ErrInvalidInput, err)
		}
	}
	return p, nil
}

// Find implements support.Store. The database filters and orders on
// indexed columns and pages with the sort key of the last ticket (never
// OFFSET); the tag and subject-text filters, which no index serves, are
// applied to the rows it returns, with q.Matches, so that every store agrees
// on what matches.
func (s *Tickets) Find(ctx context.Context, q support.Query) (support.Page, error) {
	if err := ctx.Err(); err != nil {
		return support.Page{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if q.Order > support.OrderNewest {
		return support.Page{}, fmt.Errorf("sqlstore: unknown order %d: %w", q.Order, support.ErrInvalidInput)
	}
	var cur *cursor
	if q.Cursor != "" {
		c, err := parseCursor(q.Cursor)
		if err != nil {
			return support.Page{}, err
		}
		if c.order != q.Order {
			return support.Page{}, fmt.Errorf("sqlstore: cursor of another order: %w", support.ErrInvalidCursor)
		}
		cur = &c
	}
	if !q.SLADue.IsZero() && q.SLADue.UTC().Year() < 0 {
		return support.Page{}, nil // nothing is due before year 0
	}
	// Fetch one more than the page to know whether another follows; with
	// filters the database cannot apply, fetch more and go on until the page
	// is full or the rows run out.
	batch := limit + 1
	if q.Tag != "" || q.Text != "" {
		batch = max(batch, 100)
	}
	var found []*support.Ticket
	for {
		query, args := s.findSQL(&q, cur, batch)
		rows, err := s.db.db.QueryContext(ctx, query, args...)
		if err != nil {
			return support.Page{}, s.db.wrap("find", err)
		}
		n := 0
		var last *support.Ticket
		for rows.Next() {
			var data []byte
			if err := rows.Scan(&data); err != nil {
				rows.Close()
				return support.Page{}, s.db.wrap("find", err)
			}
			t, err := decodeTicket(data)
			if err != nil {
				rows.Close()
				return support.Page{}, err
			}
			n++
			last = t
			if q.Matches(t) && len(found) <= limit {
				found = append(found, t)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return support.Page{}, s.db.wrap("find", err)
		}
		if len(found) > limit || n < batch {
			break
		}
		c := cursorOf(last, q.Order)
		cur = &c
	}
	p := support.Page{}
	if len(found) > limit {
		found = found[:limit]
		p.Next = makeCursor(found[limit-1], q.Order)
	}
	if len(found) > 0 {
		p.Tickets = found
	}
	return p, nil
}

// findSQL builds the query of one batch of Find: every value a parameter.
func (s *Tickets) findSQL(q *support.Query, cur *cursor, batch int) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) {
		where = append(where, cond)
		args = append(args, vals...)
	}
	if q.Customer != "" {
		add(`customer = ?`, q.Customer)
	}
	if len(q.Statuses) > 0 {
		vals := make([]any, len(q.Statuses))
		for i, st := range q.Statuses {
			vals[i] = st.String()
		}
		add(`status IN (`+placeholders(len(vals))+`)`, vals...)
	}
	if len(q.Categories) > 0 {
		vals := make([]any, len(q.Categories))
		for i, c := range q.Categories {
			vals[i] = string(c)
		}
		add(`category IN (`+placeholders(len(vals))+`)`, vals...)
	}
	if len(q.Priorities) > 0 {
		vals := make([]any, len(q.Priorities))
		for i, p := range q.Priorities {
			vals[i] = int(p)
		}
		add(`priority IN (`+placeholders(len(vals))+`)`, vals...)
	}
	if q.Assignee != "" {
		add(`assignee = ?`, q.Assignee)
	}
	if q.Unassigned {
		add(`assignee = ''`)
	}
	if q.Group != "" {
		add(`grp = ?`, q.Group)
	}
	if !q.SLADue.IsZero() {
		due := q.SLADue
		if due.UTC().Year() > 9999 {
			add(`sla_next IS NOT NULL`)
		} else {
			add(`sla_next IS NOT NULL AND sla_next <= ?`, ts(due))
		}
	}
	var orderBy string
	switch q.Order {
	case support.OrderActivity:
		orderBy = `updated_at DESC, id`
		if cur != nil {
			add(`(updated_at < ? OR (updated_at = ? AND id > ?))`, ts(cur.at), ts(cur.at), string(cur.id))
		}
	case support.OrderOldest:
		orderBy = `created_at, id`
		if cur != nil {
			add(`(created_at > ? OR (created_at = ? AND id > ?))`, ts(cur.at), ts(cur.at), string(cur.id))
		}
	default:
		orderBy = `created_at DESC, id DESC`
		if cur != nil {
			add(`(created_at < ? OR (created_at = ? AND id < ?))`, ts(cur.at), ts(cur.at), string(cur.id))
		}
	}
	var b strings.Builder
	b.WriteString(`SELECT data FROM paydesk_tickets`)
	if len(where) > 0 {
		b.WriteString(` WHERE `)
		b.WriteString(strings.Join(where, ` AND `))
	}
	b.WriteString(` ORDER BY `)
	b.WriteString(orderBy)
	b.WriteString(` LIMIT ?`)
	args = append(args, batch)
	return s.db.q(b.String()), args
}

// cursor is the sort key of the last ticket of a page.
type cursor struct {
	order support.Order
	at    time.Time
	id    support.ID
}

func cursorOf(t *support.Ticket, order support.Order) cursor {
	at := t.CreatedAt
	if order == support.OrderActivity {
		at = t.UpdatedAt
	}
	return cursor{order: order, at: at, id: t.ID}
}

// cursorHeader is the size of a cursor before the ID: a version byte, the
// order, Unix seconds and nanoseconds.
const cursorHeader = 1 + 1 + 8 + 4

// cursorVersion tells this package's cursors from others.
const cursorVersion = 's'

// makeCursor encodes the sort key of t in unpadded base64url.
func makeCursor(t *support.Ticket, order support.Order) string {
	c := cursorOf(t, order)
	b := make([]byte, 0, cursorHeader+len(c.id))
	b = append(b, cursorVersion, byte(order))
	b = binary.BigEndian.AppendUint64(b, uint64(c.at.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(c.at.Nanosecond()))
	b = append(b, c.id...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseCursor(s string) (cursor, error) {
	bad := fmt.Errorf("sqlstore: malformed cursor: %w", support.ErrInvalidCursor)
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) <= cursorHeader || b[0] != cursorVersion {
		return cursor{}, bad
	}
	sec := int64(binary.BigEndian.Uint64(b[2:10]))
	nsec := binary.BigEndian.Uint32(b[10:14])
	if nsec >= 1e9 {
		return cursor{}, bad
	}
	at := time.Unix(sec, int64(nsec)).UTC()
	if !storable(at) {
		return cursor{}, bad
	}
	return cursor{order: support.Order(b[1]), at: at, id: support.ID(b[cursorHeader:])}, nil
}
