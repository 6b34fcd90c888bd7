package sqlstore

import (
	"context"
	"strconv"
	"strings"
)

// writeOne stores a prepared write that is a whole commit (no other write,
// no key, no outbox message) on PostgreSQL in one statement: the ticket's
// insert, or its update conditional on the version, and the insert of its
// events, chained by a WITH clause. One statement is atomic by itself, so
// the usual commit of the Desk (an open, a reply, a status change) takes
// one round trip instead of four (BEGIN, ticket, events, COMMIT). It
// returns the sequence number of the first event, or the commit's error:
// when the ticket was not at w.Prev (or, for a new ticket, exists), no
// row is written and it is a *support.VersionError.
func (s *Tickets) writeOne(ctx context.Context, p *prepared) (int64, error) {
	w := p.w
	n := int64(len(w.Events))
	var b strings.Builder
	args := make([]any, 0, len(p.ticket)+3+8*len(w.Events))
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	b.Grow(512 + 96*len(w.Events))
	if w.Prev == 0 {
		b.WriteString(`WITH t AS (INSERT INTO paydesk_tickets (` + ticketCols + `, last_seq) VALUES (`)
		for _, v := range p.ticket {
			b.WriteString(arg(v))
			b.WriteString(", ")
		}
		b.WriteString(arg(n))
		b.WriteString(`) ON CONFLICT (id) DO NOTHING RETURNING id, last_seq)`)
	} else {
		b.WriteString(`WITH t AS (UPDATE paydesk_tickets SET `)
		for i, col := range updateCols {
			b.WriteString(col + " = " + arg(p.ticket[i+1]) + ", ")
		}
		b.WriteString(`last_seq = last_seq + ` + arg(n) + ` WHERE id = ` + arg(string(w.Ticket.ID)) + ` AND version = ` + arg(w.Prev) + ` RETURNING id, last_seq)`)
	}
	b.WriteString(` INSERT INTO paydesk_events (ticket, seq, version, kind, internal, at, actor_role, actor_id, data)
		SELECT t.id, t.last_seq - ` + strconv.FormatInt(n, 10) + ` + v.ord, v.version, v.kind, v.internal, v.at, v.role, v.actor, v.data
		FROM t CROSS JOIN (VALUES `)
	for j := range w.Events {
		e := &w.Events[j]
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + arg(e.Version) + "::bigint, " + arg(e.Kind.String()) + "::text, " + arg(e.Internal) + "::boolean, " +
			arg(ts(e.At)) + "::text, " + arg(e.Actor.Role.String()) + "::text, " + arg(e.Actor.ID) + "::text, " +
			arg(p.events[j]) + "::text, " + strconv.Itoa(j+1) + ")")
	}
	b.WriteString(`) AS v (version, kind, internal, at, role, actor, data, ord) RETURNING seq`)

	rows, err := s.db.db.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return 0, s.db.wrap("commit", err)
	}
	defer rows.Close()
	// The statement inserts every event or none: no row, no write.
	first, got := int64(0), false
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return 0, s.db.wrap("commit", err)
		}
		if !got || seq < first {
			first, got = seq, true
		}
	}
	if err := rows.Err(); err != nil {
		return 0, s.db.wrap("commit", err)
	}
	if !got {
		return 0, s.versionError(ctx, s.db.db, w)
	}
	return first, nil
}
