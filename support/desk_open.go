package support

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
)

// OpenRequest is what Desk.Open needs to open a ticket. Requests (OpenRequest,
// ReplyRequest, StatusChange, FieldUpdate, Feedback, ListOptions) are plain
// data that the Desk only reads; do not modify one during a call.
type OpenRequest struct {
	// Customer owns the ticket. Staff must set it; a customer opens tickets
	// for themselves and may leave it empty.
	Customer     string
	Subject      string // required, one line, at most MaxSubjectBytes
	Description  string // at most Options.MaxBodyBytes
	Category     Category
	Priority     Priority         // staff only; zero: the Desk's PriorityRules decide
	Language     language.Tag     // the customer's language for notifications
	Channel      Channel          // zero: ChannelWeb
	Transactions []string         // related payment references
	Amount       *currency.Amount // the amount at stake; not negative
	Tags         []string         // staff only
	Fields       []Field          // customers may set only public fields
	Assignee     string           // staff only
	Group        string           // staff only
	FollowUpOf   ID               // an earlier ticket of the same customer this one follows up
	// IdempotencyKey, when set, makes retries safe: a second Open with the
	// same key by the same actor for the same customer returns the first
	// ticket instead of opening another; the same key with a different
	// request is an error matching ErrKeyReused. Keys of different actors
	// never meet: an agent's key is not the customer's.
	IdempotencyKey string
}

// Open opens a ticket in StatusNew with its SLA clocks started, records the
// EventCreated event, and notifies the customer. Customers and staff may
// open tickets.
func (d *Desk) Open(ctx context.Context, a Actor, r OpenRequest) (*Ticket, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	now := d.clock()
	t, err := d.newTicket(a, &r, now)
	if err != nil {
		return nil, err
	}
	if r.FollowUpOf != "" {
		orig, err := d.load(ctx, a, r.FollowUpOf)
		if err == nil && orig.Customer != t.Customer {
			err = &NotFoundError{ID: r.FollowUpOf}
		}
		if err != nil {
			return nil, &InputError{Field: "follow_up_of", Reason: err}
		}
	}
	var keys []KeyRecord
	if r.IdempotencyKey != "" {
		if err := checkName("idempotency_key", r.IdempotencyKey, ErrInvalidInput); err != nil {
			return nil, err
		}
		rec := KeyRecord{Scope: openScope(t.Customer, a), Key: r.IdempotencyKey, Fingerprint: openFingerprint(t), At: now}
		if prev, err := d.store.Key(ctx, rec.Scope, rec.Key); err == nil {
			return d.replayOpen(ctx, a, prev, rec.Fingerprint)
		} else if !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("support: open: %w", err)
		}
		keys = []KeyRecord{rec}
	}
	for attempt := 0; ; attempt++ {
		t.ID = d.newID()
		for i := range keys {
			keys[i].Ticket = t.ID
		}
		// The event and its opening in one allocation.
		c := &struct {
			evs [1]Event
			o   Opening
		}{}
		c.o = Opening{
			Customer: t.Customer, Subject: t.Subject, Description: t.Description, Category: t.Category,
			Priority: t.Priority, Language: t.Language, Channel: t.Channel, Transactions: t.Transactions,
			Amount: t.Amount, Tags: t.Tags, Assignee: t.Assignee, Group: t.Group, Fields: t.Fields,
			FollowUpOf: t.FollowUpOf,
		}
		c.evs[0] = Event{Kind: EventCreated, Opening: &c.o, Key: r.IdempotencyKey}
		evs := c.evs[:]
		d.finish(t, 0, now, a, evs)
		cm := Commit{Writes: []Write{{Ticket: t, Prev: 0, Events: evs}}, Keys: keys}
		if d.outbox {
			cm.Outbox = d.enqueue(cm.Writes, now)
		}
		err = d.store.Commit(ctx, cm)
		var ke *KeyError
		switch {
		case err == nil:
			d.committed(ctx, t, evs)
			return view(a, t), nil
		case errors.As(err, &ke):
			return d.replayOpen(ctx, a, ke.Record, keys[0].Fingerprint)
		case errors.Is(err, ErrStaleVersion) && attempt < 3:
			continue // the ID generator collided; draw another
		default:
			return nil, fmt.Errorf("support: open: %w", err)
		}
	}
}

// replayOpen answers a retried Open with the ticket the first one opened.
func (d *Desk) replayOpen(ctx context.Context, a Actor, rec KeyRecord, fp string) (*Ticket, error) {
	if rec.Fingerprint != fp {
		return nil, fmt.Errorf("support: open with key %q: %w", rec.Key, ErrKeyReused)
	}
	t, err := d.load(ctx, a, rec.Ticket)
	if err != nil {
		return nil, err
	}
	return view(a, t), nil
}

// newTicket validates r and returns the ticket it describes, in StatusNew at
// version 0 without an ID.
func (d *Desk) newTicket(a Actor, r *OpenRequest, now time.Time) (*Ticket, error) {
	subject, description := d.mask(r.Subject), d.mask(r.Description)
	customer := r.Customer
	if a.Role == RoleCustomer {
		if customer != "" && customer != a.ID {
			return nil, &AccessError{Op: "open a ticket for another customer", Role: a.Role}
		}
		customer = a.ID
		if r.Priority != 0 || len(r.Tags) > 0 || r.Assignee != "" || r.Group != "" {
			return nil, &AccessError{Op: "set priority, tags, assignee or group", Role: a.Role}
		}
		for _, f := range r.Fields {
			if f.Internal {
				return nil, &AccessError{Op: "set internal fields", Role: a.Role}
			}
		}
	}
	if err := checkName("customer", customer, ErrMissingCustomer); err != nil {
		return nil, err
	}
	if strings.TrimSpace(subject) == "" {
		return nil, inputErr("subject", ErrEmptySubject, "")
	}
	if err := checkLine("subject", subject, MaxSubjectBytes); err != nil {
		return nil, err
	}
	if err := checkText("description", description, d.maxBody); err != nil {
		return nil, err
	}
	cat, err := d.category(r.Category)
	if err != nil {
		return nil, err
	}
	pr := r.Priority
	if pr == 0 {
		pr = d.rules.For(cat)
	} else if !pr.IsValid() {
		return nil, inputErr("priority", &UnknownPriorityError{Input: pr.String()}, "")
	}
	ch := r.Channel
	if ch == 0 {
		ch = ChannelWeb
	} else if !ch.IsValid() {
		return nil, inputErr("channel", ErrInvalidInput, "unknown channel")
	}
	txs, err := normalizeTransactions(r.Transactions)
	if err != nil {
		return nil, err
	}
	d.maskEach(txs)
	amount, err := checkAmount(r.Amount)
	if err != nil {
		return nil, err
	}
	tags, err := normalizeTags(r.Tags)
	if err != nil {
		return nil, err
	}
	fields, err := normalizeFields(r.Fields)
	if err != nil {
		return nil, err
	}
	d.maskFields(fields)
	for _, f := range []struct{ name, v string }{{"assignee", r.Assignee}, {"group", r.Group}, {"follow_up_of", string(r.FollowUpOf)}} {
		if f.v != "" {
			if err := checkLine(f.name, f.v, maxNameBytes); err != nil {
				return nil, err
			}
		}
	}
	t := &Ticket{
		Customer: customer, Subject: subject, Description: description, Category: cat,
		Priority: pr, Status: StatusNew, Language: r.Language, Channel: ch, Transactions: txs,
		Amount: amount, Tags: tags, Assignee: r.Assignee, Group: r.Group, Fields: fields,
		FollowUpOf: r.FollowUpOf, CreatedAt: now,
	}
	if d.sla != nil {
		t.SLA = d.sla.Start(now, pr, cat)
		t.SLANext = NextSLACheck(t.SLA)
	}
	return t, nil
}

// category checks that c is one of the Desk's categories.
func (d *Desk) category(c Category) (Category, error) {
	if c == "" {
		return "", inputErr("category", &UnknownCategoryError{Reason: "required"}, "")
	}
	if _, err := d.cats.Parse(string(c)); err != nil {
		return "", inputErr("category", err, "")
	}
	return c, nil
}

// checkAmount returns a copy of an amount at stake, refusing one without a
// currency, below zero, or too long to encode (more than the 100 digits
// before or after the point that currency's encodings carry: a ticket that
// could be stored but never written as JSON or SQL again).
func checkAmount(a *currency.Amount) (*currency.Amount, error) {
	if a == nil {
		return nil, nil
	}
	if a.Currency().IsZero() {
		return nil, inputErr("amount", ErrInvalidInput, "no currency")
	}
	if a.IsNegative() {
		return nil, inputErr("amount", ErrInvalidInput, "negative")
	}
	if _, err := a.MarshalJSON(); err != nil {
		return nil, &InputError{Field: "amount", Reason: fmt.Errorf("support: amount cannot be encoded: %w", err)}
	}
	return cloneAmount(a), nil
}
