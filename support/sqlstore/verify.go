package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/verify"
)

// Verify is the verify.Store of a DB: challenges in
// paydesk_verify_challenges (as JSON beside their version and expiry) and
// the send log in paydesk_verify_sends. Get it from DB.Verify. It is safe
// for concurrent use, across processes too: updates are conditional on the
// version read, and a quota's count and the send it counts run in one
// transaction that holds the account's row in paydesk_verify_accounts
// locked (PostgreSQL) or the write lock (SQLite).
type Verify struct{ db *DB }

var _ verify.Store = (*Verify)(nil)

// Verify returns the verify.Store on db.
func (db *DB) Verify() *Verify { return &Verify{db: db} }

// bound encodes t for a comparison with a time column, also outside the
// years a column holds: "" is before every stored time, "~" after.
func bound(t time.Time) string {
	switch y := t.UTC().Year(); {
	case y < 0:
		return ""
	case y > 9999:
		return "~"
	}
	return ts(t)
}

func checkChallenge(c *verify.Challenge) error {
	switch {
	case c.ID == "":
		return fmt.Errorf("sqlstore: challenge without ID: %w", support.ErrInvalidInput)
	case !storable(c.ExpiresAt) || !storable(c.SentAt):
		return fmt.Errorf("sqlstore: challenge %q: a time outside the years 0 to 9999: %w", c.ID, support.ErrInvalidInput)
	}
	return nil
}

// Create implements verify.Store.
func (s *Verify) Create(ctx context.Context, c verify.Challenge, q verify.Quota) error {
	if err := checkChallenge(&c); err != nil {
		return err
	}
	c = c.Clone()
	c.Version = 1
	data, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("sqlstore: encode challenge %q: %w", c.ID, err)
	}
	return s.db.tx(ctx, "verify: create", func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT 1 FROM paydesk_verify_challenges WHERE id = ?`), c.ID).Scan(&one)
		if err == nil {
			return fmt.Errorf("sqlstore: challenge %q: %w", c.ID, verify.ErrExists)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return s.db.wrap("verify: create", err)
		}
		if err := s.spend(ctx, tx, c.Account, c.SentAt, q); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_verify_challenges (id, account, expires_at, version, data) VALUES (?, ?, ?, 1, ?) ON CONFLICT DO NOTHING`),
			c.ID, c.Account, ts(c.ExpiresAt), data)
		if err != nil {
			return s.db.wrap("verify: create", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("verify: create", err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: challenge %q: %w", c.ID, verify.ErrExists)
		}
		return nil
	})
}

// spend records a send for account at at in tx, unless q is used up.
func (s *Verify) spend(ctx context.Context, tx *sql.Tx, account string, at time.Time, q verify.Quota) error {
	if s.db.dialect == Postgres {
		// Lock the account's row, creating it if need be: concurrent
		// sends to one account queue here.
		if _, err := tx.ExecContext(ctx, `INSERT INTO paydesk_verify_accounts (account) VALUES ($1) ON CONFLICT DO NOTHING`, account); err != nil {
			return s.db.wrap("verify: quota", err)
		}
		var a string
		if err := tx.QueryRowContext(ctx, `SELECT account FROM paydesk_verify_accounts WHERE account = $1 FOR UPDATE`, account).Scan(&a); err != nil {
			return s.db.wrap("verify: quota", err)
		}
	}
	if q.Max > 0 {
		var n int
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT COUNT(*) FROM paydesk_verify_sends WHERE account = ? AND at >= ?`), account, bound(q.Since)).Scan(&n)
		if err != nil {
			return s.db.wrap("verify: quota", err)
		}
		if n >= q.Max {
			return fmt.Errorf("sqlstore: account quota used: %w", verify.ErrRateLimited)
		}
	}
	if _, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_verify_sends (account, at) VALUES (?, ?)`), account, ts(at)); err != nil {
		return s.db.wrap("verify: send", err)
	}
	return nil
}

// Get implements verify.Store.
func (s *Verify) Get(ctx context.Context, id string) (verify.Challenge, error) {
	var data []byte
	err := s.db.db.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_verify_challenges WHERE id = ?`), id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return verify.Challenge{}, fmt.Errorf("sqlstore: challenge %q: %w", id, verify.ErrNotFound)
	}
	if err != nil {
		return verify.Challenge{}, s.db.wrap("verify: get", err)
	}
	var c verify.Challenge
	if err := json.Unmarshal(data, &c); err != nil {
		return verify.Challenge{}, fmt.Errorf("sqlstore: stored challenge %q: %w", id, err)
	}
	return c, nil
}

// Update implements verify.Store.
func (s *Verify) Update(ctx context.Context, c verify.Challenge) (verify.Challenge, error) {
	return s.update(ctx, c, nil)
}

// Resend implements verify.Store.
func (s *Verify) Resend(ctx context.Context, c verify.Challenge, q verify.Quota) (verify.Challenge, error) {
	return s.update(ctx, c, &q)
}

func (s *Verify) update(ctx context.Context, c verify.Challenge, q *verify.Quota) (verify.Challenge, error) {
	if err := checkChallenge(&c); err != nil {
		return verify.Challenge{}, err
	}
	c = c.Clone()
	prev := c.Version
	c.Version++
	data, err := json.Marshal(c)
	if err != nil {
		return verify.Challenge{}, fmt.Errorf("sqlstore: encode challenge %q: %w", c.ID, err)
	}
	err = s.db.tx(ctx, "verify: update", func(tx *sql.Tx) error {
		var have int64
		var account string
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT version, account FROM paydesk_verify_challenges WHERE id = ?`+s.db.forUpdate()), c.ID).Scan(&have, &account)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlstore: challenge %q: %w", c.ID, verify.ErrNotFound)
		}
		if err != nil {
			return s.db.wrap("verify: update", err)
		}
		if have != prev {
			return fmt.Errorf("sqlstore: challenge %q is at version %d, not %d: %w", c.ID, have, prev, verify.ErrConflict)
		}
		if account != c.Account {
			return fmt.Errorf("sqlstore: challenge %q: the account cannot change: %w", c.ID, verify.ErrConflict)
		}
		if q != nil {
			if err := s.spend(ctx, tx, c.Account, c.SentAt, *q); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, s.db.q(`UPDATE paydesk_verify_challenges SET expires_at = ?, version = ?, data = ? WHERE id = ? AND version = ?`),
			ts(c.ExpiresAt), c.Version, data, c.ID, prev)
		if err != nil {
			return s.db.wrap("verify: update", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("verify: update", err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: challenge %q changed concurrently: %w", c.ID, verify.ErrConflict)
		}
		return nil
	})
	if err != nil {
		return verify.Challenge{}, err
	}
	return c, nil
}

// Sends implements verify.Store.
func (s *Verify) Sends(ctx context.Context, account string, since time.Time) ([]time.Time, error) {
	rows, err := s.db.db.QueryContext(ctx, s.db.q(`SELECT at FROM paydesk_verify_sends WHERE account = ? AND at >= ? ORDER BY at`), account, bound(since))
	if err != nil {
		return nil, s.db.wrap("verify: sends", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			return nil, s.db.wrap("verify: sends", err)
		}
		t, err := parseTS(at)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.wrap("verify: sends", err)
	}
	return out, nil
}

// Purge implements verify.Store.
func (s *Verify) Purge(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.db.tx(ctx, "verify: purge", func(tx *sql.Tx) error {
		b := bound(before)
		res, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_verify_challenges WHERE expires_at < ?`), b)
		if err != nil {
			return s.db.wrap("verify: purge", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return s.db.wrap("verify: purge", err)
		}
		if _, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM paydesk_verify_sends WHERE at < ?`), b); err != nil {
			return s.db.wrap("verify: purge", err)
		}
		return nil
	})
	return int(n), err
}
