package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
)

// The page sizes of Feedback.List, as in memstore.
const (
	feedbackPage    = 100
	feedbackMaxPage = 1000
)

// Feedback is the feedback.Store of a DB: surveys in paydesk_surveys, as
// JSON beside their offer key (under a unique index: one survey per key),
// offer time and answer time. Get it from DB.Feedback. It is safe for
// concurrent use, across processes too: an answer is taken in a transaction
// that holds the survey's row.
type Feedback struct{ db *DB }

var _ feedback.Store = (*Feedback)(nil)

// Feedback returns the feedback.Store on db.
func (db *DB) Feedback() *Feedback { return &Feedback{db: db} }

// Create implements feedback.Store.
func (s *Feedback) Create(ctx context.Context, sv feedback.Survey) error {
	if err := sv.Validate(); err != nil {
		return err
	}
	if !storable(sv.OfferedAt) || !storable(sv.AnsweredAt) {
		return &support.InputError{Field: "offered_at", Reason: support.ErrInvalidInput, Detail: "a time outside the years 0 to 9999"}
	}
	data, err := json.Marshal(sv)
	if err != nil {
		return fmt.Errorf("sqlstore: encode survey %q: %w", sv.ID, err)
	}
	key := sv.OnceKey()
	return s.db.tx(ctx, "feedback: create", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO paydesk_surveys (id, once_key, offered_at, answered_at, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
			sv.ID, key, ts(sv.OfferedAt), nullTS(sv.AnsweredAt), data)
		if err != nil {
			return s.db.wrap("feedback: create", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("feedback: create", err)
		} else if n == 1 {
			return nil
		}
		var stored []byte
		err = tx.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_surveys WHERE once_key = ?`), key).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return &support.InputError{Field: "id", Reason: support.ErrInvalidInput, Detail: "survey ID " + strconv.Quote(sv.ID) + " is taken"}
		}
		if err != nil {
			return s.db.wrap("feedback: create", err)
		}
		old, err := decodeSurvey(stored)
		if err != nil {
			return err
		}
		return &feedback.OfferedError{Survey: old}
	})
}

func decodeSurvey(data []byte) (feedback.Survey, error) {
	var sv feedback.Survey
	if err := json.Unmarshal(data, &sv); err != nil {
		return feedback.Survey{}, fmt.Errorf("sqlstore: stored survey: %w", err)
	}
	return sv, nil
}

// Get implements feedback.Store.
func (s *Feedback) Get(ctx context.Context, id string) (feedback.Survey, error) {
	var data []byte
	err := s.db.db.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_surveys WHERE id = ?`), id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return feedback.Survey{}, &feedback.NotFoundError{ID: id}
	}
	if err != nil {
		return feedback.Survey{}, s.db.wrap("feedback: get", err)
	}
	return decodeSurvey(data)
}

// Answer implements feedback.Store.
func (s *Feedback) Answer(ctx context.Context, id string, a feedback.Answer, at time.Time) (feedback.Survey, error) {
	var next feedback.Survey
	err := s.db.tx(ctx, "feedback: answer", func(tx *sql.Tx) error {
		var data []byte
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT data FROM paydesk_surveys WHERE id = ?`+s.db.forUpdate()), id).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return &feedback.NotFoundError{ID: id}
		}
		if err != nil {
			return s.db.wrap("feedback: answer", err)
		}
		rec, err := decodeSurvey(data)
		if err != nil {
			return err
		}
		if rec.Answered() {
			return &feedback.AnsweredError{Survey: rec}
		}
		if !at.Before(rec.ExpiresAt) {
			return &feedback.ExpiredError{ID: id, ExpiresAt: rec.ExpiresAt}
		}
		next = rec
		next.AnsweredAt, next.Score, next.Reason, next.Comment = at, a.Score, a.Reason, a.Comment
		if at.IsZero() || !storable(at) {
			return &support.InputError{Field: "answered_at", Reason: support.ErrInvalidInput, Detail: "zero or out-of-range time"}
		}
		if err := next.Validate(); err != nil {
			return err
		}
		if data, err = json.Marshal(next); err != nil {
			return fmt.Errorf("sqlstore: encode survey %q: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, s.db.q(`UPDATE paydesk_surveys SET answered_at = ?, data = ? WHERE id = ? AND answered_at IS NULL`), ts(at), data, id)
		if err != nil {
			return s.db.wrap("feedback: answer", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.db.wrap("feedback: answer", err)
		} else if n == 0 {
			return &feedback.AnsweredError{Survey: rec} // answered meanwhile (cannot happen under the row lock)
		}
		return nil
	})
	if err != nil {
		return feedback.Survey{}, err
	}
	return next, nil
}

// List implements feedback.Store: one indexed range query per page.
func (s *Feedback) List(ctx context.Context, q feedback.ListQuery) (feedback.Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = feedbackPage
	}
	limit = min(limit, feedbackMaxPage)
	query := `SELECT data FROM paydesk_surveys WHERE offered_at >= ?`
	args := []any{bound(q.From)}
	if !q.To.IsZero() {
		query += ` AND offered_at < ?`
		args = append(args, bound(q.To))
	}
	if q.Cursor != "" {
		at, id, err := decodeSurveyCursor(q.Cursor)
		if err != nil {
			return feedback.Page{}, err
		}
		query += ` AND (offered_at > ? OR (offered_at = ? AND id > ?))`
		args = append(args, ts(at), ts(at), id)
	}
	query += ` ORDER BY offered_at, id LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.db.QueryContext(ctx, s.db.q(query), args...)
	if err != nil {
		return feedback.Page{}, s.db.wrap("feedback: list", err)
	}
	defer rows.Close()
	p := feedback.Page{Surveys: []feedback.Survey{}}
	more := false
	for rows.Next() {
		if len(p.Surveys) == limit {
			more = true
			break
		}
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return feedback.Page{}, s.db.wrap("feedback: list", err)
		}
		sv, err := decodeSurvey(data)
		if err != nil {
			return feedback.Page{}, err
		}
		p.Surveys = append(p.Surveys, sv)
	}
	if err := rows.Err(); err != nil {
		return feedback.Page{}, s.db.wrap("feedback: list", err)
	}
	if more {
		last := p.Surveys[len(p.Surveys)-1]
		p.Next = encodeSurveyCursor(last.OfferedAt, last.ID)
	}
	return p, nil
}

// A survey cursor is "s1.", the last survey's offer time and ID, each in
// unpadded base64url.
func encodeSurveyCursor(at time.Time, id string) string {
	enc := base64.RawURLEncoding
	return "s1." + enc.EncodeToString([]byte(ts(at))) + "." + enc.EncodeToString([]byte(id))
}

func decodeSurveyCursor(c string) (time.Time, string, error) {
	bad := fmt.Errorf("sqlstore: malformed survey cursor: %w", feedback.ErrInvalidCursor)
	rest, ok := strings.CutPrefix(c, "s1.")
	if !ok || len(c) > 512 {
		return time.Time{}, "", bad
	}
	tb, ib, ok := strings.Cut(rest, ".")
	if !ok {
		return time.Time{}, "", bad
	}
	t, err := base64.RawURLEncoding.DecodeString(tb)
	if err != nil {
		return time.Time{}, "", bad
	}
	at, err := time.Parse(timeLayout, string(t))
	if err != nil {
		return time.Time{}, "", bad
	}
	id, err := base64.RawURLEncoding.DecodeString(ib)
	if err != nil || len(id) == 0 {
		return time.Time{}, "", bad
	}
	return at, string(id), nil
}
