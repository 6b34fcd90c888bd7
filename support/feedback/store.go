package feedback

import (
	"context"
	"time"
)

// Store keeps surveys and their answers. memstore.NewFeedback is the
// in-memory implementation; storetest.RunFeedback is the conformance suite
// every implementation passes.
//
// The contract:
//
//   - Create stores a new survey, after s.Validate. It is unique per
//     s.OnceKey(): when the store holds a survey with that key, Create
//     returns an *OfferedError holding the stored survey and changes
//     nothing. Two concurrent Creates of one key: exactly one succeeds. An
//     ID already held is refused with an error matching
//     support.ErrInvalidInput.
//   - Get returns the survey with ID id, or a *NotFoundError.
//   - Answer stores a as the answer of survey id, given at time at,
//     atomically and exactly once: if the survey is answered already it
//     returns an *AnsweredError holding the stored survey; if at is not
//     before its ExpiresAt, an *ExpiredError; a missing survey is a
//     *NotFoundError; a score off the survey's scale (see Kind.Valid) or
//     malformed text an error matching support.ErrInvalidInput. A refused
//     answer changes nothing. Of any number of concurrent answers to one
//     survey exactly one succeeds. It returns the answered survey.
//   - List returns the surveys offered in [q.From, q.To) (a zero To: no
//     end), answered or not, in (OfferedAt, ID) order, at most q.Limit of
//     them (a store may cap it; Limit <= 0 means the store's default), and
//     a cursor for the next page ("" after the last). q.Cursor continues
//     from a page's cursor; a cursor the store did not issue is an error
//     matching ErrInvalidCursor. Pages see the surveys as they are when
//     read: a survey answered between two pages is listed once, as read.
//
// Surveys go in and out as copies: changing one changes nothing stored. A
// Store must be safe for concurrent use.
type Store interface {
	Create(ctx context.Context, s Survey) error
	Get(ctx context.Context, id string) (Survey, error)
	Answer(ctx context.Context, id string, a Answer, at time.Time) (Survey, error)
	List(ctx context.Context, q ListQuery) (Page, error)
}

// ListQuery selects a page of surveys by offer time. It is a plain value.
type ListQuery struct {
	From, To time.Time // offered in [From, To); a zero To has no end
	Cursor   string    // from the previous Page; "" for the first
	Limit    int       // at most this many; <= 0: the store's default
}

// Page is one page of surveys in (OfferedAt, ID) order. It is a plain
// value.
type Page struct {
	Surveys []Survey
	Next    string // the cursor of the next page; "" after the last
}
