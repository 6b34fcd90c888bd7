package support

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Get returns ticket id as a may see it: customers get their own tickets in
// the customer's view; a ticket a may not reach is a *NotFoundError, the same
// as a ticket that does not exist.
func (d *Desk) Get(ctx context.Context, a Actor, id ID) (*Ticket, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	t, err := d.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return view(a, t), nil
}

// History returns the events of ticket id after sequence number after, in
// order, at most limit of them (all when limit <= 0). Customers get the
// customer's view: internal events are left out, so a customer's page may
// hold fewer than limit events; continue after the Seq of the last event
// returned, or after the range asked for when a page comes back empty.
func (d *Desk) History(ctx context.Context, a Actor, id ID, after int64, limit int) ([]Event, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if _, err := d.load(ctx, a, id); err != nil {
		return nil, err
	}
	evs, err := d.store.History(ctx, id, after, limit)
	if errors.Is(err, ErrNotFound) {
		return nil, &NotFoundError{ID: id}
	}
	if err != nil {
		return nil, fmt.Errorf("support: history of %q: %w", string(id), err)
	}
	if a.Role != RoleCustomer {
		return evs, nil
	}
	out := evs[:0]
	for _, e := range evs {
		if v, ok := e.CustomerView(); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// ListOptions filter and page a customer's ticket list.
type ListOptions struct {
	Statuses   []Status
	Categories []Category
	Cursor     string // Page.Next of the previous page
	Limit      int    // page size; the store's default when <= 0
}

// ListCustomer returns one page of customer's tickets, newest activity
// first. A customer may list only their own tickets (another customer's list
// is empty, as if they had none); staff may list any customer's.
func (d *Desk) ListCustomer(ctx context.Context, a Actor, customer string, o ListOptions) (Page, error) {
	if err := a.Validate(); err != nil {
		return Page{}, err
	}
	if err := checkName("customer", customer, ErrMissingCustomer); err != nil {
		return Page{}, err
	}
	if a.Role == RoleCustomer && customer != a.ID {
		return Page{}, nil
	}
	q := Query{Customer: customer, Statuses: o.Statuses, Categories: o.Categories, Order: OrderActivity, Cursor: o.Cursor, Limit: o.Limit}
	return d.find(ctx, a, q)
}

// SearchQueue returns one page of the tickets matching q: an agent's work
// queue (q.Assignee, q.Group or q.Unassigned with active statuses, oldest
// first) or any other search. Unlike Store.Find, an empty q.Statuses here
// means the active statuses (new, open, pending, on hold): a queue shows the
// work still to do. Pass AllStatuses() (or the statuses wanted) to include
// solved and closed tickets. Tickets that Options.Access
// keeps from a are left out of the page, which may then hold fewer than
// q.Limit; continue with Page.Next. q.Text is at most MaxSubjectBytes of
// valid UTF-8 (it is matched against every candidate's subject). Staff only.
func (d *Desk) SearchQueue(ctx context.Context, a Actor, q Query) (Page, error) {
	if err := a.Validate(); err != nil {
		return Page{}, err
	}
	if err := staffOnly(a, "search the ticket queue"); err != nil {
		return Page{}, err
	}
	if err := checkText("text", q.Text, MaxSubjectBytes); err != nil {
		return Page{}, err
	}
	if len(q.Statuses) == 0 {
		q.Statuses = []Status{StatusNew, StatusOpen, StatusPending, StatusOnHold}
	}
	return d.find(ctx, a, q)
}

func (d *Desk) find(ctx context.Context, a Actor, q Query) (Page, error) {
	p, err := d.store.Find(ctx, q)
	if err != nil {
		if errors.Is(err, ErrInvalidCursor) {
			return Page{}, err
		}
		return Page{}, fmt.Errorf("support: find tickets: %w", err)
	}
	out := p.Tickets[:0]
	for _, t := range p.Tickets {
		if d.canSee(a, t) {
			out = append(out, view(a, t))
		}
	}
	p.Tickets = out
	return p, nil
}

// HistoryPage is one page of a ticket's history as an actor may see it.
type HistoryPage struct {
	// Events are the events the actor may see, in Seq order.
	Events []Event
	// Last is the sequence number the page reached, including events left
	// out of the actor's view: the next page starts after it. It is the
	// after the page was asked for when nothing was read.
	Last int64
	// End reports that the history held nothing after Last when it was
	// read. A customer's page may be empty (all internal events) and not
	// at the end, or full and at the end. Events written later continue
	// after Last: a client that reached the end asks again after Last.
	End bool
}

// HistoryPage returns the events of ticket id after sequence number after,
// reading at most limit stored events (all when limit <= 0), as a may see
// them, with where the page ended and whether the history did. Unlike
// History, it tells a page emptied by internal events from the end of the
// history: End is exact, also when the history ends right at the limit. An
// after beyond the last event of the history is a *SeqError matching
// ErrSeqAhead; a negative one is an *InputError. A ticket a may not reach is
// a *NotFoundError, whatever after is.
//
// It reads the history once, from event after itself (which proves that
// after is in the history) to one event past the page (which tells whether
// the history goes on).
func (d *Desk) HistoryPage(ctx context.Context, a Actor, id ID, after int64, limit int) (HistoryPage, error) {
	if err := a.Validate(); err != nil {
		return HistoryPage{}, err
	}
	if after < 0 {
		return HistoryPage{}, inputErr("after", ErrInvalidInput, "negative sequence number")
	}
	if _, err := d.load(ctx, a, id); err != nil {
		return HistoryPage{}, err
	}
	from, n := after, 0
	if limit > 0 && limit < math.MaxInt-2 {
		n = limit + 1 // one more, to see whether the history goes on
	}
	if after > 0 {
		from-- // event after itself too, to see that it exists
		if n > 0 {
			n++
		}
	}
	evs, err := d.store.History(ctx, id, from, n)
	if errors.Is(err, ErrNotFound) {
		return HistoryPage{}, &NotFoundError{ID: id}
	}
	if err != nil {
		return HistoryPage{}, fmt.Errorf("support: history of %q: %w", string(id), err)
	}
	if after > 0 {
		if len(evs) == 0 {
			return HistoryPage{}, &SeqError{Ticket: id, Seq: after}
		}
		if evs[0].Seq != after {
			return HistoryPage{}, fmt.Errorf("support: history of %q: event %d read as %d: %w", string(id), after, evs[0].Seq, ErrCorruptHistory)
		}
		evs = evs[1:]
	}
	p := HistoryPage{Last: after, End: true}
	if limit > 0 && len(evs) > limit {
		evs, p.End = evs[:limit], false
	}
	if len(evs) > 0 {
		p.Last = evs[len(evs)-1].Seq
	}
	if a.Role != RoleCustomer {
		p.Events = evs
		return p, nil
	}
	out := evs[:0]
	for _, e := range evs {
		if v, ok := e.CustomerView(); ok {
			out = append(out, v)
		}
	}
	p.Events = out
	return p, nil
}
