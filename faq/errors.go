package faq

import (
	"errors"
	"fmt"
)

// Sentinel errors reported by the faq package. Match them with errors.Is; the
// typed errors below carry the details and match the sentinels too.
var (
	// ErrEmptyQuery means a query was empty or only white space.
	ErrEmptyQuery = errors.New("faq: empty query")
	// ErrQueryTooLong means a query was longer than MaxQueryBytes.
	ErrQueryTooLong = errors.New("faq: query too long")
	// ErrInvalidQuery means a query was not valid UTF-8 or had other defects.
	ErrInvalidQuery = errors.New("faq: invalid query")
	// ErrInvalidArticle means an article failed validation.
	ErrInvalidArticle = errors.New("faq: invalid article")
	// ErrArticleNotFound means no article has the requested ID.
	ErrArticleNotFound = errors.New("faq: article not found")
	// ErrInvalidVote means a vote or a restored vote count was not acceptable.
	ErrInvalidVote = errors.New("faq: invalid vote")
)

// QueryError reports a query that cannot be searched, with the reason. It
// matches ErrEmptyQuery, ErrQueryTooLong or ErrInvalidQuery, as its Err says.
// Like the other error types it is an immutable value once returned.
type QueryError struct {
	Err    error // one of the query sentinels
	Len    int   // length of the query in bytes
	Reason string
}

// Error describes the query problem; the query text itself is not repeated.
func (e *QueryError) Error() string {
	return fmt.Sprintf("%v (%d bytes): %s", e.Err, e.Len, e.Reason)
}

// Unwrap returns the sentinel the error matches.
func (e *QueryError) Unwrap() error { return e.Err }

// ArticleError reports an article that failed validation. It matches
// ErrInvalidArticle.
type ArticleError struct {
	ID     string // the article ID, possibly empty or truncated
	Field  string // the offending field, e.g. "translations[zh-Hans].questions[2]"
	Reason string
}

// Error names the article and what is wrong with it.
func (e *ArticleError) Error() string {
	return fmt.Sprintf("faq: invalid article %q: %s: %s", e.ID, e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidArticle.
func (e *ArticleError) Is(target error) bool { return target == ErrInvalidArticle }

// NotFoundError reports an unknown article ID. It matches ErrArticleNotFound.
type NotFoundError struct {
	ID string
}

// Error names the article that was not found.
func (e *NotFoundError) Error() string { return fmt.Sprintf("faq: article %q not found", e.ID) }

// Is reports whether target is ErrArticleNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrArticleNotFound }

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return truncateUTF8(s, n) + "..."
}
