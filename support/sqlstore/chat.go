package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// statSamples is how many recent handling times Chat averages.
const statSamples = 50

// Chat is the chat.Store of a DB: agents in paydesk_chat_agents, the queue
// in paydesk_chat_waiting (ordered and split into lines by indexed
// columns), holders, receipts and handling times in tables of their own.
// Get it from DB.Chat. It is safe for concurrent use, across processes too:
// every change to the routing state runs in a transaction that first locks
// the one row of paydesk_chat_state (PostgreSQL) or takes the write lock
// (SQLite), so routing decisions are made one at a time, on the state as
// the previous one left it: no chat goes to two agents, no agent over
// capacity. Routing reads the online agents (AssignBest, Capacity) or walks
// the queue in order until the agent takes a chat (TakeNext): fine for
// hundreds of agents and waiting chats; memstore keeps per-skill indexes.
type Chat struct{ db *DB }

var _ chat.Store = (*Chat)(nil)

// Chat returns the chat.Store on db.
func (db *DB) Chat() *Chat { return &Chat{db: db} }

func unknownAgent(id string) error {
	return &chat.AgentError{Agent: id, Reason: chat.ErrUnknownAgent}
}

func notWaiting(ticket support.ID) error {
	return fmt.Errorf("sqlstore: chat %q: %w", string(ticket), chat.ErrNotWaiting)
}

// lock runs fn in a transaction holding the routing lock.
func (s *Chat) lock(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return s.db.tx(ctx, "chat: "+op, func(tx *sql.Tx) error {
		if s.db.dialect == Postgres {
			var one int
			if err := tx.QueryRowContext(ctx, `SELECT id FROM paydesk_chat_state WHERE id = 1 FOR UPDATE`).Scan(&one); err != nil {
				return s.db.wrap("chat: "+op+": lock", err)
			}
		}
		return fn(tx)
	})
}

func (s *Chat) agent(ctx context.Context, q querier, id string) (chat.Agent, error) {
	var data []byte
	err := q.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_chat_agents WHERE id = ?`), id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return chat.Agent{}, unknownAgent(id)
	}
	if err != nil {
		return chat.Agent{}, s.db.wrap("chat: agent", err)
	}
	var a chat.Agent
	if err := json.Unmarshal(data, &a); err != nil {
		return chat.Agent{}, fmt.Errorf("sqlstore: stored agent %q: %w", id, err)
	}
	return a, nil
}

func (s *Chat) putAgent(ctx context.Context, tx *sql.Tx, a *chat.Agent) error {
	data, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("sqlstore: encode agent %q: %w", a.ID, err)
	}
	_, err = tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_chat_agents (id, presence, data) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET presence = excluded.presence, data = excluded.data`), a.ID, a.Presence.String(), data)
	return s.db.wrap("chat: put agent", err)
}

// PutAgent implements chat.Store, as memstore does: an existing agent keeps
// its chats and, unless it comes online, its LastAssigned; coming online,
// its LastAssigned is the later of the stored one and a.LastAssigned. The
// Chats of a are ignored.
func (s *Chat) PutAgent(ctx context.Context, a chat.Agent) error {
	if err := a.Validate(); err != nil {
		return err
	}
	a.Skills.Languages = slices.Clone(a.Skills.Languages)
	a.Skills.Categories = slices.Clone(a.Skills.Categories)
	a.Skills.Groups = slices.Clone(a.Skills.Groups)
	return s.lock(ctx, "put agent", func(tx *sql.Tx) error {
		old, err := s.agent(ctx, tx, a.ID)
		if errors.Is(err, chat.ErrUnknownAgent) {
			a.Chats = nil
			return s.putAgent(ctx, tx, &a)
		}
		if err != nil {
			return err
		}
		last := old.LastAssigned
		if old.Presence != chat.Online && a.Presence == chat.Online && a.LastAssigned.After(last) {
			last = a.LastAssigned
		}
		a.Chats, a.LastAssigned = old.Chats, last
		return s.putAgent(ctx, tx, &a)
	})
}

// Agent implements chat.Store.
func (s *Chat) Agent(ctx context.Context, id string) (chat.Agent, error) {
	return s.agent(ctx, s.db.db, id)
}

// Agents implements chat.Store.
func (s *Chat) Agents(ctx context.Context) ([]chat.Agent, error) {
	return s.agents(ctx, s.db.db, false)
}

// agents returns the agents (online only, when online is set), by ID.
func (s *Chat) agents(ctx context.Context, q execer, online bool) ([]chat.Agent, error) {
	query := `SELECT data FROM paydesk_chat_agents`
	var args []any
	if online {
		query += ` WHERE presence = ?`
		args = append(args, chat.Online.String())
	}
	rows, err := q.QueryContext(ctx, s.db.q(query+` ORDER BY id`), args...)
	if err != nil {
		return nil, s.db.wrap("chat: agents", err)
	}
	defer rows.Close()
	out := []chat.Agent{}
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, s.db.wrap("chat: agents", err)
		}
		var a chat.Agent
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("sqlstore: stored agent: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.wrap("chat: agents", err)
	}
	return out, nil
}

// lineOf returns the columns of need's line (chat.SameLine): base language
// and group.
func lineOf(n chat.Need) (base, group string) {
	b, _ := n.Language.Base()
	return b.String(), n.Group
}

// Enqueue implements chat.Store.
func (s *Chat) Enqueue(ctx context.Context, w chat.Waiting) error {
	if w.Ticket == "" {
		return &support.InputError{Field: "waiting.ticket", Reason: support.ErrInvalidInput, Detail: "empty ticket ID"}
	}
	if !storable(w.Since) {
		return &support.InputError{Field: "waiting.since", Reason: support.ErrInvalidInput, Detail: "a time outside the years 0 to 9999"}
	}
	w.Declined = slices.Clone(w.Declined)
	if len(w.Declined) == 0 {
		w.Declined = nil
	}
	return s.lock(ctx, "enqueue", func(tx *sql.Tx) error {
		var agent string
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT agent FROM paydesk_chat_held WHERE ticket = ?`), string(w.Ticket)).Scan(&agent)
		if err == nil {
			return fmt.Errorf("sqlstore: chat %q is held by %q: %w", string(w.Ticket), agent, chat.ErrQueued)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s.db.wrap("chat: enqueue", err)
		}
		data, err := json.Marshal(w)
		if err != nil {
			return fmt.Errorf("sqlstore: encode waiting chat %q: %w", string(w.Ticket), err)
		}
		base, group := lineOf(w.Need)
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_chat_waiting (ticket, line_base, line_group, priority, since, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
			string(w.Ticket), base, group, int(w.Priority), ts(w.Since), data)
		if err != nil {
			return s.db.wrap("chat: enqueue", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("chat: enqueue", err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: chat %q waits: %w", string(w.Ticket), chat.ErrQueued)
		}
		return nil
	})
}

func decodeWaiting(data []byte) (chat.Waiting, error) {
	var w chat.Waiting
	if err := json.Unmarshal(data, &w); err != nil {
		return chat.Waiting{}, fmt.Errorf("sqlstore: stored waiting chat: %w", err)
	}
	return w, nil
}

func (s *Chat) waiting(ctx context.Context, q querier, ticket support.ID) (chat.Waiting, error) {
	var data []byte
	err := q.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_chat_waiting WHERE ticket = ?`), string(ticket)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return chat.Waiting{}, notWaiting(ticket)
	}
	if err != nil {
		return chat.Waiting{}, s.db.wrap("chat: waiting", err)
	}
	return decodeWaiting(data)
}

// Waiting implements chat.Store.
func (s *Chat) Waiting(ctx context.Context, ticket support.ID) (chat.Waiting, error) {
	return s.waiting(ctx, s.db.db, ticket)
}

// Position implements chat.Store: two counts on the line's index.
func (s *Chat) Position(ctx context.Context, ticket support.ID) (pos, line int, err error) {
	var base, group, since string
	var pri int
	err = s.db.db.QueryRowContext(ctx, s.db.q(`SELECT line_base, line_group, priority, since FROM paydesk_chat_waiting WHERE ticket = ?`), string(ticket)).
		Scan(&base, &group, &pri, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, notWaiting(ticket)
	}
	if err != nil {
		return 0, 0, s.db.wrap("chat: position", err)
	}
	err = s.db.db.QueryRowContext(ctx, s.db.q(`SELECT
		COUNT(CASE WHEN priority > ? OR (priority = ? AND (since < ? OR (since = ? AND ticket < ?))) THEN 1 END),
		COUNT(*)
		FROM paydesk_chat_waiting WHERE line_base = ? AND line_group = ?`),
		pri, pri, since, since, string(ticket), base, group).Scan(&pos, &line)
	if err != nil {
		return 0, 0, s.db.wrap("chat: position", err)
	}
	return pos + 1, line, nil
}

// Line implements chat.Store.
func (s *Chat) Line(ctx context.Context, need chat.Need, limit int) ([]chat.Waiting, error) {
	if limit <= 0 {
		return nil, nil
	}
	base, group := lineOf(need)
	rows, err := s.db.db.QueryContext(ctx, s.db.q(`SELECT data FROM paydesk_chat_waiting WHERE line_base = ? AND line_group = ?
		ORDER BY priority DESC, since, ticket LIMIT ?`), base, group, limit)
	if err != nil {
		return nil, s.db.wrap("chat: line", err)
	}
	defer rows.Close()
	var out []chat.Waiting
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, s.db.wrap("chat: line", err)
		}
		w, err := decodeWaiting(data)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.wrap("chat: line", err)
	}
	return out, nil
}

// Dequeue implements chat.Store.
func (s *Chat) Dequeue(ctx context.Context, ticket support.ID) (chat.Waiting, error) {
	var w chat.Waiting
	err := s.lock(ctx, "dequeue", func(tx *sql.Tx) error {
		var err error
		if w, err = s.waiting(ctx, tx, ticket); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_chat_waiting WHERE ticket = ?`), string(ticket))
		return s.db.wrap("chat: dequeue", err)
	})
	if err != nil {
		return chat.Waiting{}, err
	}
	return w, nil
}

// Decline implements chat.Store.
func (s *Chat) Decline(ctx context.Context, ticket support.ID, agent string) error {
	if agent == "" {
		return &support.InputError{Field: "agent", Reason: support.ErrInvalidInput, Detail: "empty agent ID"}
	}
	return s.lock(ctx, "decline", func(tx *sql.Tx) error {
		w, err := s.waiting(ctx, tx, ticket)
		if err != nil {
			return err
		}
		if slices.Contains(w.Declined, agent) {
			return nil
		}
		w.Declined = append(w.Declined, agent)
		data, err := json.Marshal(w)
		if err != nil {
			return fmt.Errorf("sqlstore: encode waiting chat %q: %w", string(w.Ticket), err)
		}
		_, err = tx.ExecContext(ctx, s.db.q(`UPDATE paydesk_chat_waiting SET data = ? WHERE ticket = ?`), data, string(ticket))
		return s.db.wrap("chat: decline", err)
	})
}

// assign gives the waiting chat w to agent a in tx.
func (s *Chat) assign(ctx context.Context, tx *sql.Tx, w *chat.Waiting, a *chat.Agent, at time.Time) error {
	if !storable(at) {
		return &support.InputError{Field: "at", Reason: support.ErrInvalidInput, Detail: "a time outside the years 0 to 9999"}
	}
	if _, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_chat_waiting WHERE ticket = ?`), string(w.Ticket)); err != nil {
		return s.db.wrap("chat: assign", err)
	}
	if _, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_chat_held (ticket, agent, at) VALUES (?, ?, ?)`), string(w.Ticket), a.ID, ts(at)); err != nil {
		return s.db.wrap("chat: assign", err)
	}
	a.Chats = append(a.Chats, w.Ticket)
	a.LastAssigned = at
	return s.putAgent(ctx, tx, a)
}

// AssignBest implements chat.Store.
func (s *Chat) AssignBest(ctx context.Context, ticket support.ID, at time.Time) (chat.Agent, error) {
	var best *chat.Agent
	err := s.lock(ctx, "assign best", func(tx *sql.Tx) error {
		w, err := s.waiting(ctx, tx, ticket)
		if err != nil {
			return err
		}
		if w.Agent != "" {
			a, err := s.agent(ctx, tx, w.Agent)
			if err != nil && !errors.Is(err, chat.ErrUnknownAgent) {
				return err
			}
			if err == nil && a.Takes(&w) {
				best = &a
			}
		} else {
			online, err := s.agents(ctx, tx, true)
			if err != nil {
				return err
			}
			for i := range online {
				if a := &online[i]; a.Takes(&w) && (best == nil || chat.CompareAgents(a, best) < 0) {
					best = a
				}
			}
		}
		if best == nil {
			return fmt.Errorf("sqlstore: chat %q: %w", string(ticket), chat.ErrNoAgent)
		}
		return s.assign(ctx, tx, &w, best, at)
	})
	if err != nil {
		return chat.Agent{}, err
	}
	return *best, nil
}

// TakeNext implements chat.Store: it walks the queue in order until the
// agent takes a chat.
func (s *Chat) TakeNext(ctx context.Context, agent string, at time.Time) (chat.Waiting, error) {
	var got chat.Waiting
	err := s.lock(ctx, "take next", func(tx *sql.Tx) error {
		a, err := s.agent(ctx, tx, agent)
		if err != nil {
			return err
		}
		if !a.HasRoom() {
			return &chat.AgentError{Agent: agent, Reason: chat.ErrAgentFull}
		}
		rows, err := tx.QueryContext(ctx, `SELECT data FROM paydesk_chat_waiting ORDER BY priority DESC, since, ticket`)
		if err != nil {
			return s.db.wrap("chat: take next", err)
		}
		found := false
		for rows.Next() {
			var data []byte
			if err := rows.Scan(&data); err != nil {
				rows.Close()
				return s.db.wrap("chat: take next", err)
			}
			w, err := decodeWaiting(data)
			if err != nil {
				rows.Close()
				return err
			}
			if a.Takes(&w) {
				got, found = w, true
				break
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return s.db.wrap("chat: take next", err)
		}
		if !found {
			return &chat.AgentError{Agent: agent, Reason: chat.ErrQueueEmpty}
		}
		return s.assign(ctx, tx, &got, &a, at)
	})
	if err != nil {
		return chat.Waiting{}, err
	}
	return got, nil
}

// Assign implements chat.Store.
func (s *Chat) Assign(ctx context.Context, ticket support.ID, agent string, at time.Time) (chat.Waiting, error) {
	var w chat.Waiting
	err := s.lock(ctx, "assign", func(tx *sql.Tx) error {
		a, err := s.agent(ctx, tx, agent)
		if err != nil {
			return err
		}
		if w, err = s.waiting(ctx, tx, ticket); err != nil {
			return err
		}
		if w.Agent != "" && w.Agent != agent {
			return fmt.Errorf("sqlstore: chat %q is reserved for agent %q: %w", string(ticket), w.Agent, chat.ErrNotWaiting)
		}
		if !a.HasRoom() {
			return &chat.AgentError{Agent: agent, Ticket: ticket, Reason: chat.ErrAgentFull}
		}
		return s.assign(ctx, tx, &w, &a, at)
	})
	if err != nil {
		return chat.Waiting{}, err
	}
	return w, nil
}

// Holder implements chat.Store.
func (s *Chat) Holder(ctx context.Context, ticket support.ID) (string, error) {
	var agent string
	err := s.db.db.QueryRowContext(ctx, s.db.q(`SELECT agent FROM paydesk_chat_held WHERE ticket = ?`), string(ticket)).Scan(&agent)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sqlstore: chat %q: %w", string(ticket), chat.ErrNotAssigned)
	}
	if err != nil {
		return "", s.db.wrap("chat: holder", err)
	}
	return agent, nil
}

// Release implements chat.Store. A handling time below zero (at before the
// assignment) counts as zero.
func (s *Chat) Release(ctx context.Context, ticket support.ID, agent string, at time.Time) error {
	return s.lock(ctx, "release", func(tx *sql.Tx) error {
		var since string
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT at FROM paydesk_chat_held WHERE ticket = ? AND agent = ?`), string(ticket), agent).Scan(&since)
		if errors.Is(err, sql.ErrNoRows) {
			return &chat.AgentError{Agent: agent, Ticket: ticket, Reason: chat.ErrNotAssigned}
		}
		if err != nil {
			return s.db.wrap("chat: release", err)
		}
		from, err := parseTS(since)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_chat_held WHERE ticket = ?`), string(ticket)); err != nil {
			return s.db.wrap("chat: release", err)
		}
		a, err := s.agent(ctx, tx, agent)
		if err != nil {
			return err
		}
		if i := slices.Index(a.Chats, ticket); i >= 0 {
			a.Chats = slices.Delete(a.Chats, i, i+1)
		}
		if err := s.putAgent(ctx, tx, &a); err != nil {
			return err
		}
		var next, samples int
		if err := tx.QueryRowContext(ctx, `SELECT next, samples FROM paydesk_chat_state WHERE id = 1`).Scan(&next, &samples); err != nil {
			return s.db.wrap("chat: release", err)
		}
		d := max(at.Sub(from), 0)
		if _, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_chat_handles (pos, handle_ns) VALUES (?, ?)
			ON CONFLICT (pos) DO UPDATE SET handle_ns = excluded.handle_ns`), next, int64(d)); err != nil {
			return s.db.wrap("chat: release", err)
		}
		_, err = tx.ExecContext(ctx, s.db.q(`UPDATE paydesk_chat_state SET next = ?, samples = ? WHERE id = 1`),
			(next+1)%statSamples, min(samples+1, statSamples))
		return s.db.wrap("chat: release", err)
	})
}

// MarkRead implements chat.Store: an upsert that never moves a receipt
// back. The reader must be a valid actor (support.Actor.Validate).
func (s *Chat) MarkRead(ctx context.Context, ticket support.ID, reader support.Actor, seq int64, at time.Time) (chat.Receipt, error) {
	if err := reader.Validate(); err != nil {
		return chat.Receipt{}, err
	}
	if !storable(at) {
		return chat.Receipt{}, &support.InputError{Field: "at", Reason: support.ErrInvalidInput, Detail: "a time outside the years 0 to 9999"}
	}
	r := chat.Receipt{Reader: reader}
	err := s.db.tx(ctx, "chat: mark read", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_chat_receipts (ticket, role, reader, seq, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (ticket, role, reader) DO UPDATE SET seq = excluded.seq, at = excluded.at WHERE excluded.seq > paydesk_chat_receipts.seq`),
			string(ticket), int(reader.Role), reader.ID, seq, ts(at))
		if err != nil {
			return s.db.wrap("chat: mark read", err)
		}
		var stored string
		err = tx.QueryRowContext(ctx, s.db.q(`SELECT seq, at FROM paydesk_chat_receipts WHERE ticket = ? AND role = ? AND reader = ?`),
			string(ticket), int(reader.Role), reader.ID).Scan(&r.Seq, &stored)
		if err != nil {
			return s.db.wrap("chat: mark read", err)
		}
		r.At, err = parseTS(stored)
		return err
	})
	if err != nil {
		return chat.Receipt{}, err
	}
	return r, nil
}

// Receipts implements chat.Store.
func (s *Chat) Receipts(ctx context.Context, ticket support.ID) ([]chat.Receipt, error) {
	rows, err := s.db.db.QueryContext(ctx, s.db.q(`SELECT role, reader, seq, at FROM paydesk_chat_receipts WHERE ticket = ? ORDER BY role, reader`), string(ticket))
	if err != nil {
		return nil, s.db.wrap("chat: receipts", err)
	}
	defer rows.Close()
	var out []chat.Receipt
	for rows.Next() {
		var r chat.Receipt
		var role int
		var at string
		if err := rows.Scan(&role, &r.Reader.ID, &r.Seq, &at); err != nil {
			return nil, s.db.wrap("chat: receipts", err)
		}
		r.Reader.Role = support.Role(role)
		if r.At, err = parseTS(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.wrap("chat: receipts", err)
	}
	return out, nil
}

// Stats implements chat.Store: the mean of the last 50 handling times.
func (s *Chat) Stats(ctx context.Context) (chat.Stats, error) {
	var samples int
	var sum sql.NullInt64
	err := s.db.db.QueryRowContext(ctx, `SELECT s.samples, (SELECT SUM(h.handle_ns) FROM paydesk_chat_handles h WHERE h.pos < s.samples)
		FROM paydesk_chat_state s WHERE s.id = 1`).Scan(&samples, &sum)
	if err != nil {
		return chat.Stats{}, s.db.wrap("chat: stats", err)
	}
	if samples == 0 {
		return chat.Stats{}, nil
	}
	return chat.Stats{Handle: time.Duration(sum.Int64) / time.Duration(samples), Samples: samples}, nil
}

// Capacity implements chat.Store.
func (s *Chat) Capacity(ctx context.Context, need chat.Need, agent string) (chat.Capacity, error) {
	var c chat.Capacity
	if agent != "" {
		a, err := s.agent(ctx, s.db.db, agent)
		if errors.Is(err, chat.ErrUnknownAgent) {
			return c, nil
		}
		if err != nil {
			return c, err
		}
		if a.Presence == chat.Online {
			c = chat.Capacity{Agents: 1, Slots: a.Capacity, Free: max(0, a.Capacity-len(a.Chats))}
		}
		return c, nil
	}
	online, err := s.agents(ctx, s.db.db, true)
	if err != nil {
		return c, err
	}
	for i := range online {
		a := &online[i]
		if a.Skills.Serves(need) {
			c.Agents++
			c.Slots += a.Capacity
			c.Free += max(0, a.Capacity-len(a.Chats))
		}
	}
	return c, nil
}
