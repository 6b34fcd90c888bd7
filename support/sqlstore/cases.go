package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// Cases is the cases.Store of a DB: cases in paydesk_cases (as JSON beside
// their ticket, under a unique index: one case per ticket, their version and
// refunded amount) and refund ledgers in paydesk_refunds. Get it from
// DB.Cases. It is safe for concurrent use, across processes too: updates
// and refunds run in transactions that hold the case's row, so concurrent
// refunds are checked one after the other and never overdraw.
type Cases struct{ db *DB }

var _ cases.Store = (*Cases)(nil)

// Cases returns the cases.Store on db.
func (db *DB) Cases() *Cases { return &Cases{db: db} }

// caseJSON is a Case without its strict UnmarshalJSON: what the store wrote
// it reads back as it was.
type caseJSON cases.Case

func encodeCase(c *cases.Case) ([]byte, error) {
	b, err := json.Marshal((*caseJSON)(c))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: encode case %q: %w", string(c.ID), err)
	}
	return b, nil
}

func decodeCase(data []byte) (cases.Case, error) {
	var c cases.Case
	if err := json.Unmarshal(data, (*caseJSON)(&c)); err != nil {
		return cases.Case{}, fmt.Errorf("sqlstore: stored case: %w", err)
	}
	return c, nil
}

// CreateCase implements cases.Store.
func (s *Cases) CreateCase(ctx context.Context, c cases.Case) error {
	if c.Version != 1 {
		return &support.InputError{Field: "version", Reason: support.ErrInvalidInput, Detail: "a new case is at version 1"}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	data, err := encodeCase(&c)
	if err != nil {
		return err
	}
	return s.db.tx(ctx, "cases: create", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_cases (id, ticket, customer, version, refunded, refunded_currency, data) VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING`),
			string(c.ID), string(c.Ticket), c.Customer, c.Refunded.Number().String(), c.Refunded.CurrencyCode(), data)
		if err != nil {
			return s.db.wrap("cases: create", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("cases: create", err)
		} else if n == 1 {
			return nil
		}
		var one int
		err = tx.QueryRowContext(ctx, s.db.q(`SELECT 1 FROM paydesk_cases WHERE id = ?`), string(c.ID)).Scan(&one)
		if err == nil {
			return &cases.ExistsError{ID: c.ID, Ticket: c.Ticket, Existing: c.ID}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s.db.wrap("cases: create", err)
		}
		var existing string
		if err := tx.QueryRowContext(ctx, s.db.q(`SELECT id FROM paydesk_cases WHERE ticket = ?`), string(c.Ticket)).Scan(&existing); err != nil {
			return s.db.wrap("cases: create", err)
		}
		return &cases.ExistsError{ID: c.ID, Ticket: c.Ticket, Existing: support.ID(existing)}
	})
}

// Case implements cases.Store.
func (s *Cases) Case(ctx context.Context, id support.ID) (cases.Case, error) {
	return s.get(ctx, s.db.db, `id`, id, false)
}

// CaseByTicket implements cases.Store.
func (s *Cases) CaseByTicket(ctx context.Context, ticket support.ID) (cases.Case, error) {
	return s.get(ctx, s.db.db, `ticket`, ticket, false)
}

// get reads the case whose column col (id or ticket) is v, locking its row
// when lock is set.
func (s *Cases) get(ctx context.Context, q querier, col string, v support.ID, lock bool) (cases.Case, error) {
	query := `SELECT data FROM paydesk_cases WHERE ` + col + ` = ?` // col is one of two constants
	if lock {
		query += s.db.forUpdate()
	}
	var data []byte
	err := q.QueryRowContext(ctx, s.db.q(query), string(v)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return cases.Case{}, &cases.NotFoundError{ID: v}
	}
	if err != nil {
		return cases.Case{}, s.db.wrap("cases: get", err)
	}
	return decodeCase(data)
}

// UpdateCase implements cases.Store.
func (s *Cases) UpdateCase(ctx context.Context, c cases.Case) (cases.Case, error) {
	var next cases.Case
	err := s.db.tx(ctx, "cases: update", func(tx *sql.Tx) error {
		old, err := s.get(ctx, tx, `id`, c.ID, true)
		if err != nil {
			return err
		}
		if old.Version != c.Version {
			return &cases.VersionError{Case: c.ID, Expected: c.Version, Actual: old.Version}
		}
		if old.Submitted() && (!c.SubmittedAt.Equal(old.SubmittedAt) || !c.Evidence.Equal(old.Evidence)) {
			return &cases.SubmittedError{Case: c.ID, At: old.SubmittedAt}
		}
		next = *c.Clone()
		next.Ticket, next.Customer, next.Kind = old.Ticket, old.Customer, old.Kind
		next.Transaction, next.Refunded, next.CreatedAt = old.Transaction, old.Refunded, old.CreatedAt
		next.Version = old.Version + 1
		if err := next.Validate(); err != nil {
			return err
		}
		return s.put(ctx, tx, &next, old.Version)
	})
	if err != nil {
		return cases.Case{}, err
	}
	return next, nil
}

// put writes c, read at version prev, in tx.
func (s *Cases) put(ctx context.Context, tx *sql.Tx, c *cases.Case, prev int64) error {
	data, err := encodeCase(c)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.db.q(`UPDATE paydesk_cases SET version = ?, refunded = ?, refunded_currency = ?, data = ? WHERE id = ? AND version = ?`),
		c.Version, c.Refunded.Number().String(), c.Refunded.CurrencyCode(), data, string(c.ID), prev)
	if err != nil {
		return s.db.wrap("cases: update", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.db.wrap("cases: update", err)
	} else if n == 0 {
		return &cases.VersionError{Case: c.ID, Expected: prev, Actual: -1}
	}
	return nil
}

// AddRefund implements cases.Store: the case's row is held from the check
// of the remaining amount to the append to the ledger.
func (s *Cases) AddRefund(ctx context.Context, r cases.Refund) (cases.Case, error) {
	if !storable(r.At) {
		return cases.Case{}, &support.InputError{Field: "refund.at", Reason: support.ErrInvalidInput, Detail: "a time outside the years 0 to 9999"}
	}
	var next cases.Case
	err := s.db.tx(ctx, "cases: refund", func(tx *sql.Tx) error {
		old, err := s.get(ctx, tx, `id`, r.Case, true)
		if err != nil {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, s.db.q(`SELECT 1 FROM paydesk_refunds WHERE id = ?`), string(r.ID)).Scan(&one)
		if err == nil {
			return &cases.ExistsError{ID: r.ID, Ticket: old.Ticket, Existing: r.ID}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s.db.wrap("cases: refund", err)
		}
		if next, err = cases.ApplyRefund(old, r); err != nil {
			return err
		}
		if err := s.put(ctx, tx, &next, old.Version); err != nil {
			return err
		}
		data, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("sqlstore: encode refund %q: %w", string(r.ID), err)
		}
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_refunds (id, case_id, pos, amount, currency, at, data)
			SELECT ?, ?, COALESCE(MAX(pos), 0) + 1, ?, ?, ?, ? FROM paydesk_refunds WHERE case_id = ? ON CONFLICT DO NOTHING`),
			string(r.ID), string(r.Case), r.Amount.Number().String(), r.Amount.CurrencyCode(), ts(r.At), data, string(r.Case))
		if err != nil {
			return s.db.wrap("cases: refund", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("cases: refund", err)
		} else if n == 0 {
			return &cases.ExistsError{ID: r.ID, Ticket: old.Ticket, Existing: r.ID}
		}
		return nil
	})
	if err != nil {
		return cases.Case{}, err
	}
	return next, nil
}

// Refunds implements cases.Store.
func (s *Cases) Refunds(ctx context.Context, id support.ID) ([]cases.Refund, error) {
	rows, err := s.db.db.QueryContext(ctx, s.db.q(`SELECT data FROM paydesk_refunds WHERE case_id = ? ORDER BY pos`), string(id))
	if err != nil {
		return nil, s.db.wrap("cases: refunds", err)
	}
	defer rows.Close()
	var out []cases.Refund
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, s.db.wrap("cases: refunds", err)
		}
		var r cases.Refund
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("sqlstore: stored refund: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.wrap("cases: refunds", err)
	}
	return out, nil
}
