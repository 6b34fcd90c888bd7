package memstore

import (
	"cmp"
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
)

// FeedbackStore is an in-memory feedback.Store: the surveys of one
// process. The zero FeedbackStore is not usable; call NewFeedback. A
// FeedbackStore is safe for concurrent use: every method runs under one
// lock, so each is atomic.
//
// Surveys are kept in a map by ID, a map by feedback.Survey.OnceKey and a
// slice in (OfferedAt, ID) order, so Get, Create's uniqueness check and
// Answer are map lookups and a List page is a binary search and a copy of
// the page. Surveys are offered in time order, so Create appends; one
// offered out of order moves the later ones by one slot.
type FeedbackStore struct {
	mu     sync.RWMutex
	byID   map[string]*feedback.Survey
	byOnce map[string]*feedback.Survey
	order  []*feedback.Survey // by (OfferedAt, ID)
}

var _ feedback.Store = (*FeedbackStore)(nil)

// NewFeedback returns an empty FeedbackStore.
func NewFeedback() *FeedbackStore {
	return &FeedbackStore{byID: make(map[string]*feedback.Survey), byOnce: make(map[string]*feedback.Survey)}
}

// The page sizes of List.
const (
	feedbackPage    = 100
	feedbackMaxPage = 1000
)

func cmpSurvey(a *feedback.Survey, at time.Time, id string) int {
	return cmp.Or(a.OfferedAt.Compare(at), strings.Compare(a.ID, id))
}

// Create stores a new survey, unique per OnceKey (see feedback.Store).
func (s *FeedbackStore) Create(ctx context.Context, sv feedback.Survey) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := sv.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := sv.OnceKey()
	if old := s.byOnce[key]; old != nil {
		return &feedback.OfferedError{Survey: *old}
	}
	if s.byID[sv.ID] != nil {
		return &support.InputError{Field: "id", Reason: support.ErrInvalidInput, Detail: "survey ID " + strconv.Quote(sv.ID) + " is taken"}
	}
	rec := new(feedback.Survey)
	*rec = sv
	s.byID[sv.ID], s.byOnce[key] = rec, rec
	i, _ := slices.BinarySearchFunc(s.order, rec, func(a, b *feedback.Survey) int { return cmpSurvey(a, b.OfferedAt, b.ID) })
	s.order = slices.Insert(s.order, i, rec)
	return nil
}

// Get returns survey id or a *feedback.NotFoundError.
func (s *FeedbackStore) Get(ctx context.Context, id string) (feedback.Survey, error) {
	if err := ctx.Err(); err != nil {
		return feedback.Survey{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec := s.byID[id]
	if rec == nil {
		return feedback.Survey{}, &feedback.NotFoundError{ID: id}
	}
	return *rec, nil
}

// Answer stores the answer of survey id exactly once (see feedback.Store).
func (s *FeedbackStore) Answer(ctx context.Context, id string, a feedback.Answer, at time.Time) (feedback.Survey, error) {
	if err := ctx.Err(); err != nil {
		return feedback.Survey{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.byID[id]
	if rec == nil {
		return feedback.Survey{}, &feedback.NotFoundError{ID: id}
	}
	if rec.Answered() {
		return feedback.Survey{}, &feedback.AnsweredError{Survey: *rec}
	}
	if !at.Before(rec.ExpiresAt) {
		return feedback.Survey{}, &feedback.ExpiredError{ID: id, ExpiresAt: rec.ExpiresAt}
	}
	next := *rec
	next.AnsweredAt, next.Score, next.Reason, next.Comment = at, a.Score, a.Reason, a.Comment
	if at.IsZero() {
		return feedback.Survey{}, &support.InputError{Field: "answered_at", Reason: support.ErrInvalidInput, Detail: "zero time"}
	}
	if err := next.Validate(); err != nil {
		return feedback.Survey{}, err
	}
	*rec = next
	return next, nil
}

// List returns a page of surveys by offer time (see feedback.Store).
func (s *FeedbackStore) List(ctx context.Context, q feedback.ListQuery) (feedback.Page, error) {
	if err := ctx.Err(); err != nil {
		return feedback.Page{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = feedbackPage
	}
	limit = min(limit, feedbackMaxPage)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var i int
	if q.Cursor != "" {
		at, id, err := decodeFeedbackCursor(q.Cursor)
		if err != nil {
			return feedback.Page{}, err
		}
		i, _ = slices.BinarySearchFunc(s.order, 0, func(a *feedback.Survey, _ int) int {
			if cmpSurvey(a, at, id) <= 0 {
				return -1
			}
			return 1
		})
	}
	j, _ := slices.BinarySearchFunc(s.order, q.From, func(a *feedback.Survey, t time.Time) int {
		if a.OfferedAt.Before(t) {
			return -1
		}
		return 1
	})
	i = max(i, j)
	p := feedback.Page{Surveys: make([]feedback.Survey, 0, min(limit, len(s.order)-i))}
	for ; i < len(s.order) && len(p.Surveys) < limit; i++ {
		rec := s.order[i]
		if !q.To.IsZero() && !rec.OfferedAt.Before(q.To) {
			return p, nil
		}
		p.Surveys = append(p.Surveys, *rec)
	}
	if i < len(s.order) && (q.To.IsZero() || s.order[i].OfferedAt.Before(q.To)) {
		last := p.Surveys[len(p.Surveys)-1]
		p.Next = encodeFeedbackCursor(last.OfferedAt, last.ID)
	}
	return p, nil
}

// A cursor is "f1.", the last survey's offer time (RFC 3339 with
// nanoseconds), "." and its ID, both in unpadded base64url.
func encodeFeedbackCursor(at time.Time, id string) string {
	enc := base64.RawURLEncoding
	return "f1." + enc.EncodeToString([]byte(at.UTC().Format(time.RFC3339Nano))) + "." + enc.EncodeToString([]byte(id))
}

func decodeFeedbackCursor(c string) (time.Time, string, error) {
	bad := func() (time.Time, string, error) {
		return time.Time{}, "", feedback.ErrInvalidCursor
	}
	rest, ok := strings.CutPrefix(c, "f1.")
	if !ok || len(c) > 512 {
		return bad()
	}
	ns, id, ok := strings.Cut(rest, ".")
	if !ok {
		return bad()
	}
	tb, err := base64.RawURLEncoding.DecodeString(ns)
	if err != nil {
		return bad()
	}
	at, err := time.Parse(time.RFC3339Nano, string(tb))
	if err != nil {
		return bad()
	}
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(b) == 0 {
		return bad()
	}
	return at, string(b), nil
}
