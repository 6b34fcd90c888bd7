package support

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Store persists tickets, their histories and idempotency keys. The Desk is
// its only intended caller; it is defined here, by its user, and implemented
// in subpackages (memstore; a database/sql store later). Every
// implementation must pass the conformance suite in support/storetest.
//
// Implementations must be safe for concurrent use. Tickets and events passed
// in and handed out are copies: a caller may modify what it gets, and a store
// must not keep references to what it is given. Methods honor ctx
// cancellation where they may block.
type Store interface {
	// Get returns the ticket with id, or an error matching ErrNotFound.
	Get(ctx context.Context, id ID) (*Ticket, error)

	// History returns the events of ticket id with Seq greater than after,
	// in Seq order, at most limit of them (all when limit <= 0). A ticket
	// that does not exist gives an error matching ErrNotFound.
	History(ctx context.Context, id ID, after int64, limit int) ([]Event, error)

	// Find returns one page of the tickets matching q, in q.Order. An
	// unparsable q.Cursor gives an error matching ErrInvalidCursor.
	Find(ctx context.Context, q Query) (Page, error)

	// Key returns the idempotency record for (scope, key), or an error
	// matching ErrNotFound.
	Key(ctx context.Context, scope, key string) (KeyRecord, error)

	// Commit applies c atomically: either every write and key is stored or
	// nothing is. For each write, the stored version of the ticket must be
	// Prev (0: the ticket must not exist), otherwise Commit returns a
	// *VersionError; Ticket.Version must be Prev+1. The store assigns the
	// events of each write the next sequence numbers of that ticket's history,
	// writing them into w.Events[i].Seq. A key that is already stored gives a
	// *KeyError holding the stored record. A commit with Outbox messages is
	// for an OutboxStore, which stores them in the same atomic commit; other
	// stores refuse it with an error matching ErrInvalidInput.
	Commit(ctx context.Context, c Commit) error
}

// Commit is one atomic change: new ticket states with the events that
// explain them, and the idempotency keys the change claims. Commit, Write,
// KeyRecord, Query and Page are plain data, not safe for concurrent
// modification.
type Commit struct {
	Writes []Write
	Keys   []KeyRecord
	// Outbox holds the notifications of the change when the Desk has an
	// outbox (Options.Outbox; see OutboxStore); empty otherwise.
	Outbox []OutboxMessage
}

// Write is the new state of one ticket and the events appended to its
// history.
type Write struct {
	Ticket *Ticket // the new state, Version == Prev+1
	Prev   int64   // the version the change was based on; 0 creates the ticket
	Events []Event // at least one; Seq is filled in by the store
}

// KeyRecord remembers the result of a request made with an idempotency key,
// so that a retry returns the same result instead of doing the work again.
type KeyRecord struct {
	// Scope says who may reuse the key, for what: the operation, then its
	// parts, each quoted with strconv.Quote and after a colon, so that no
	// crafted ID can make two scopes equal: open:"CUSTOMER":"ROLE":"ACTOR"
	// or reply:"TICKET":"ROLE":"ACTOR". Stores treat it as an opaque string.
	Scope       string    `json:"scope"`
	Key         string    `json:"key"`         // the client's key
	Ticket      ID        `json:"ticket"`      // the ticket created or replied to
	Fingerprint string    `json:"fingerprint"` // a hash of the request, to refuse a reused key
	At          time.Time `json:"at"`
}

// Order is the order of tickets in a Page. It is a plain value, safe for
// concurrent use.
type Order uint8

// The orders. Ties are broken by ticket ID so that pages are stable.
const (
	OrderActivity Order = iota // newest UpdatedAt (customer-visible activity) first: a customer's list
	OrderOldest                // oldest CreatedAt first (a work queue)
	OrderNewest                // newest CreatedAt first
)

// Query selects tickets for Store.Find. For Store.Find zero fields do not
// filter. Desk.SearchQueue is the exception agents expect of a work queue:
// there an empty Statuses means the active statuses (new, open, pending, on
// hold), so solved and closed tickets appear only when Statuses names them
// (AllStatuses lists every built-in one). Filters combine with AND; values
// within one slice combine with OR.
type Query struct {
	Customer   string
	Statuses   []Status
	Categories []Category
	Priorities []Priority
	Assignee   string // an agent ID
	Unassigned bool   // only tickets without an assignee
	Group      string
	Tag        string
	Text       string    // case-insensitive substring of the subject
	SLADue     time.Time // only tickets whose SLANext is set and not after this
	Order      Order
	Cursor     string // from a previous Page.Next of the same query
	Limit      int    // page size; the store caps it (stores use 50 when <= 0)
}

// Page is one page of a Find result.
type Page struct {
	Tickets []*Ticket
	Next    string // the cursor of the next page; empty on the last page
}

// Matches reports whether t passes every filter of q (not the cursor). Stores
// may use it to filter, so that all stores agree on what matches.
func (q *Query) Matches(t *Ticket) bool {
	if q.Customer != "" && t.Customer != q.Customer {
		return false
	}
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, t.Status) {
		return false
	}
	if len(q.Categories) > 0 && !slices.Contains(q.Categories, t.Category) {
		return false
	}
	if len(q.Priorities) > 0 && !slices.Contains(q.Priorities, t.Priority) {
		return false
	}
	if q.Assignee != "" && t.Assignee != q.Assignee {
		return false
	}
	if q.Unassigned && t.Assignee != "" {
		return false
	}
	if q.Group != "" && t.Group != q.Group {
		return false
	}
	if q.Tag != "" && !t.HasTag(q.Tag) {
		return false
	}
	if !q.SLADue.IsZero() && (t.SLANext.IsZero() || t.SLANext.After(q.SLADue)) {
		return false
	}
	if q.Text != "" && !containsFold(t.Subject, q.Text) {
		return false
	}
	return true
}

// containsFold reports whether sub occurs in s, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
