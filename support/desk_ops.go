package support

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// ReplyRequest is a public message on a ticket.
type ReplyRequest struct {
	Body string // required, at most Options.MaxBodyBytes
	// Status, staff only, moves the ticket with the reply (such as
	// StatusPending: "we need your answer"). Zero applies the automatic
	// rules: a staff reply opens a new ticket; a customer reply reopens a
	// pending or solved ticket.
	Status Status
	// IdempotencyKey, when set, makes retries safe: the same actor replying
	// on the same ticket with the same key gets the first reply back.
	IdempotencyKey string
	// IfVersion, when not zero, makes the reply fail with a *VersionError
	// unless the ticket is at that version.
	IfVersion int64
}

// Reply adds a public message to a ticket and returns its event. The
// customer of the ticket and staff may reply; closed tickets refuse replies
// with a *TransitionError matching ErrClosed.
func (d *Desk) Reply(ctx context.Context, a Actor, id ID, r ReplyRequest) (Event, error) {
	// The actor is checked first, as every operation does; update, below,
	// does not check it again.
	if err := a.Validate(); err != nil {
		return Event{}, err
	}
	r.Body = d.mask(r.Body)
	if err := checkBody("body", r.Body, d.maxBody); err != nil {
		return Event{}, err
	}
	if r.Status != 0 {
		if err := staffOnly(a, "set the status with a reply"); err != nil {
			return Event{}, err
		}
		if !r.Status.IsValid() {
			return Event{}, inputErr("status", ErrUnknownStatus, r.Status.String())
		}
	}
	var keys []KeyRecord
	if r.IdempotencyKey != "" {
		if err := checkName("idempotency_key", r.IdempotencyKey, ErrInvalidInput); err != nil {
			return Event{}, err
		}
		// Access first: an actor who cannot reach the ticket learns nothing
		// of the keys used on it, not even whether one exists.
		if _, err := d.load(ctx, a, id); err != nil {
			return Event{}, err
		}
		rec := KeyRecord{
			Scope: replyScope(id, a), Key: r.IdempotencyKey, Ticket: id,
			Fingerprint: fingerprint(r.Body, r.Status.String()),
			At:          d.clock(),
		}
		if prev, err := d.store.Key(ctx, rec.Scope, rec.Key); err == nil {
			return d.replayReply(ctx, a, prev, rec.Fingerprint)
		} else if !errors.Is(err, ErrNotFound) {
			return Event{}, fmt.Errorf("support: reply: %w", err)
		}
		keys = []KeyRecord{rec}
	}
	_, evs, err := d.updateValid(ctx, a, "reply", id, r.IfVersion, keys, func(t *Ticket, now time.Time) ([]Event, error) {
		if t.Status == StatusClosed {
			return nil, &TransitionError{Ticket: t.ID, From: StatusClosed, To: StatusOpen}
		}
		// Room for the reply and the status move it brings, if any.
		n := 1
		if a.Role == RoleCustomer && (t.Status == StatusPending || t.Status == StatusSolved) ||
			a.Role != RoleCustomer && (r.Status != 0 && r.Status != t.Status || t.Status == StatusNew) {
			n = 2
		}
		evs := make([]Event, 1, n)
		evs[0] = Event{Kind: EventReply, Body: r.Body, Key: r.IdempotencyKey}
		if a.Role == RoleCustomer {
			if t.Status == StatusPending || t.Status == StatusSolved {
				var err error
				if evs, err = d.appendTransition(evs, t, StatusOpen, "", now); err != nil {
					return nil, err
				}
			}
			d.applySLA(t, SLAEventCustomerReplied, now)
			return evs, nil
		}
		if t.FirstReplyAt.IsZero() {
			t.FirstReplyAt = now
		}
		d.applySLA(t, SLAEventAgentReplied, now)
		to := r.Status
		if to == 0 && t.Status == StatusNew {
			to = StatusOpen
		}
		if to != 0 {
			var err error
			if evs, err = d.appendTransition(evs, t, to, "", now); err != nil {
				return nil, err
			}
		}
		return evs, nil
	})
	var ke *KeyError
	if errors.As(err, &ke) {
		return d.replayReply(ctx, a, ke.Record, keys[0].Fingerprint)
	}
	if err != nil {
		return Event{}, err
	}
	e, _ := viewEvent(a, evs[0])
	return e, nil
}

// replayReply answers a retried Reply with the reply the first one wrote.
func (d *Desk) replayReply(ctx context.Context, a Actor, rec KeyRecord, fp string) (Event, error) {
	if rec.Fingerprint != fp {
		return Event{}, fmt.Errorf("support: reply with key %q: %w", rec.Key, ErrKeyReused)
	}
	if _, err := d.load(ctx, a, rec.Ticket); err != nil {
		return Event{}, err
	}
	h, err := d.store.History(ctx, rec.Ticket, 0, 0)
	if err != nil {
		return Event{}, fmt.Errorf("support: reply: %w", err)
	}
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Kind == EventReply && h[i].Key == rec.Key && h[i].Actor == a {
			e, _ := viewEvent(a, h[i])
			return e, nil
		}
	}
	return Event{}, fmt.Errorf("support: reply with key %q: the stored reply is missing: %w", rec.Key, ErrCorruptHistory)
}

// AddNote adds an internal note, which customers never see. Staff only.
func (d *Desk) AddNote(ctx context.Context, a Actor, id ID, body string) (Event, error) {
	body = d.mask(body)
	if err := checkBody("body", body, d.maxBody); err != nil {
		return Event{}, err
	}
	_, evs, err := d.update(ctx, a, "note", id, 0, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if err := staffOnly(a, "add internal notes"); err != nil {
			return nil, err
		}
		if t.Status == StatusClosed {
			return nil, &TransitionError{Ticket: t.ID, From: StatusClosed, To: StatusClosed}
		}
		return []Event{{Kind: EventNote, Internal: true, Body: body}}, nil
	})
	if err != nil {
		return Event{}, err
	}
	return evs[0], nil
}

// Assign sets a ticket's assignee (an agent ID) and group; empty strings
// unassign. Staff only; nothing is written when nothing changes.
func (d *Desk) Assign(ctx context.Context, a Actor, id ID, assignee, group string) (*Ticket, error) {
	for _, f := range []struct{ name, v string }{{"assignee", assignee}, {"group", group}} {
		if f.v != "" {
			if err := checkLine(f.name, f.v, maxNameBytes); err != nil {
				return nil, err
			}
		}
	}
	t, _, err := d.update(ctx, a, "assign", id, 0, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if err := staffOnly(a, "assign tickets"); err != nil {
			return nil, err
		}
		if err := notClosed(t); err != nil {
			return nil, err
		}
		var evs []Event
		if assignee != t.Assignee {
			evs = append(evs, Event{Kind: EventAssignment, Internal: true, Field: "assignee", From: t.Assignee, To: assignee})
			t.Assignee = assignee
		}
		if group != t.Group {
			evs = append(evs, Event{Kind: EventAssignment, Internal: true, Field: "group", From: t.Group, To: group})
			t.Group = group
		}
		return evs, nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// StatusChange moves a ticket in its lifecycle.
type StatusChange struct {
	// To is the lifecycle status; it may be zero when HostStatus is set.
	To Status
	// HostStatus, when set, is a status from Options.HostStatuses; To is
	// then the status it maps onto (or must equal it).
	HostStatus string
	// IfVersion, when not zero, makes the change fail with a *VersionError
	// unless the ticket is at that version.
	IfVersion int64
}

// SetStatus moves a ticket to another status as the lifecycle allows (see
// CanTransition); a forbidden move is a *TransitionError. Customers may only
// mark their ticket solved or reopen a solved one. Nothing is written when
// nothing changes.
func (d *Desk) SetStatus(ctx context.Context, a Actor, id ID, c StatusChange) (*Ticket, error) {
	to := c.To
	if c.HostStatus != "" {
		s, ok := d.hosts.Lookup(c.HostStatus)
		if !ok || (to != 0 && to != s) {
			return nil, inputErr("host_status", ErrUnknownStatus, fmt.Sprintf("%q", c.HostStatus))
		}
		to = s
	}
	if !to.IsValid() {
		return nil, inputErr("status", ErrUnknownStatus, to.String())
	}
	t, _, err := d.update(ctx, a, "set status", id, c.IfVersion, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if a.Role == RoleCustomer && to != t.Status && to != StatusSolved && !(to == StatusOpen && t.Status == StatusSolved) {
			return nil, &AccessError{Op: "move a ticket to " + to.String(), Role: a.Role}
		}
		if a.Role == RoleCustomer && c.HostStatus != "" {
			return nil, &AccessError{Op: "set a host status", Role: a.Role}
		}
		if a.Role == RoleCustomer && to == t.Status {
			// Nothing to do, and in particular not clearing the host
			// status, which is the business's to set.
			return nil, nil
		}
		return d.transition(t, to, c.HostStatus, now)
	})
	if err != nil {
		return nil, err
	}
	return view(a, t), nil
}

// Solve marks a ticket solved. The customer of the ticket and staff may.
func (d *Desk) Solve(ctx context.Context, a Actor, id ID) (*Ticket, error) {
	return d.SetStatus(ctx, a, id, StatusChange{To: StatusSolved})
}

// Reopen moves a solved ticket back to open; any other status is a
// *TransitionError. The customer of the ticket and staff may.
func (d *Desk) Reopen(ctx context.Context, a Actor, id ID) (*Ticket, error) {
	t, _, err := d.update(ctx, a, "reopen", id, 0, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if t.Status != StatusSolved {
			return nil, &TransitionError{Ticket: t.ID, From: t.Status, To: StatusOpen}
		}
		return d.transition(t, StatusOpen, "", now)
	})
	if err != nil {
		return nil, err
	}
	return view(a, t), nil
}

// Close closes a solved ticket for good. Staff only.
func (d *Desk) Close(ctx context.Context, a Actor, id ID) (*Ticket, error) {
	if err := staffOnly(a, "close tickets"); err != nil {
		// Still look the ticket up so that someone else's ticket is not found.
		if _, lerr := d.load(ctx, a, id); lerr != nil {
			return nil, lerr
		}
		return nil, err
	}
	return d.SetStatus(ctx, a, id, StatusChange{To: StatusClosed})
}

// SetPriority changes a ticket's priority; SLA targets follow it. Staff only.
func (d *Desk) SetPriority(ctx context.Context, a Actor, id ID, p Priority) (*Ticket, error) {
	if !p.IsValid() {
		return nil, inputErr("priority", &UnknownPriorityError{Input: p.String()}, "")
	}
	t, _, err := d.update(ctx, a, "set priority", id, 0, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if err := staffOnly(a, "change priorities"); err != nil {
			return nil, err
		}
		if err := notClosed(t); err != nil {
			return nil, err
		}
		if t.Priority == p {
			return nil, nil
		}
		ev := Event{Kind: EventPriority, Internal: true, From: t.Priority.String(), To: p.String()}
		t.Priority = p
		d.applySLA(t, SLAEventPriorityChanged, now)
		return []Event{ev}, nil
	})
	return t, err
}

// FieldUpdate changes a ticket's classification and custom fields. Zero
// fields change nothing.
type FieldUpdate struct {
	Category        Category
	Language        language.Tag // language.Und changes nothing
	AddTags         []string
	RemoveTags      []string
	AddTransactions []string
	Set             []Field // set (add or replace) custom fields; an empty Value removes one
	IfVersion       int64   // when not zero, the ticket must be at this version
}

// UpdateFields applies u, recording one EventFieldChange per changed field.
// Changes to tags and internal fields are internal events. Staff only.
func (d *Desk) UpdateFields(ctx context.Context, a Actor, id ID, u FieldUpdate) (*Ticket, error) {
	var cat Category
	if u.Category != "" {
		c, err := d.category(u.Category)
		if err != nil {
			return nil, err
		}
		cat = c
	}
	add, err := normalizeTags(u.AddTags)
	if err != nil {
		return nil, err
	}
	remove, err := normalizeTags(u.RemoveTags)
	if err != nil {
		return nil, err
	}
	txs, err := normalizeTransactions(u.AddTransactions)
	if err != nil {
		return nil, err
	}
	d.maskEach(txs)
	set, err := normalizeFields(u.Set)
	if err != nil {
		return nil, err
	}
	d.maskFields(set)
	t, _, err := d.update(ctx, a, "update fields", id, u.IfVersion, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if err := staffOnly(a, "change ticket fields"); err != nil {
			return nil, err
		}
		if err := notClosed(t); err != nil {
			return nil, err
		}
		var evs []Event
		if cat != "" && cat != t.Category {
			evs = append(evs, Event{Kind: EventFieldChange, Field: "category", From: string(t.Category), To: string(cat)})
			t.Category = cat
			d.applySLA(t, SLAEventPriorityChanged, now)
		}
		if u.Language != language.Und && u.Language != t.Language {
			evs = append(evs, Event{Kind: EventFieldChange, Field: "language", From: t.Language.String(), To: u.Language.String()})
			t.Language = u.Language
		}
		if len(add) > 0 || len(remove) > 0 {
			tags := slices.Clone(t.Tags)
			tags = slices.DeleteFunc(tags, func(s string) bool { _, ok := slices.BinarySearch(remove, s); return ok })
			for _, s := range add {
				if i, ok := slices.BinarySearch(tags, s); !ok {
					tags = slices.Insert(tags, i, s)
				}
			}
			if len(tags) > MaxTags {
				return nil, inputErr("tags", ErrTooLong, fmt.Sprintf("%d tags, limit %d", len(tags), MaxTags))
			}
			if !slices.Equal(tags, t.Tags) {
				if len(tags) == 0 {
					tags = nil
				}
				evs = append(evs, Event{Kind: EventFieldChange, Internal: true, Field: "tags", From: strings.Join(t.Tags, "\n"), To: strings.Join(tags, "\n")})
				t.Tags = tags
			}
		}
		if len(txs) > 0 {
			all := slices.Clone(t.Transactions)
			for _, r := range txs {
				if !slices.Contains(all, r) {
					all = append(all, r)
				}
			}
			if len(all) > MaxTransactions {
				return nil, inputErr("transactions", ErrTooLong, fmt.Sprintf("%d references, limit %d", len(all), MaxTransactions))
			}
			if len(all) != len(t.Transactions) {
				evs = append(evs, Event{Kind: EventFieldChange, Field: "transactions", From: strings.Join(t.Transactions, "\n"), To: strings.Join(all, "\n")})
				t.Transactions = all
			}
		}
		for _, f := range set {
			old, had := t.Field(f.Name)
			if had && old == f {
				continue
			}
			if !had && f.Value == "" {
				continue
			}
			evs = append(evs, Event{Kind: EventFieldChange, Internal: f.Internal || old.Internal, Field: fieldEventName(f), From: old.Value, To: f.Value})
			t.setField(f)
		}
		if len(t.Fields) > MaxFields {
			return nil, inputErr("fields", ErrTooLong, fmt.Sprintf("%d fields, limit %d", len(t.Fields), MaxFields))
		}
		return evs, nil
	})
	return t, err
}

// fieldEventName is the Field of the event that sets f: "fields.NAME" for a
// public field, "internal.NAME" for an internal one.
func fieldEventName(f Field) string {
	if f.Internal {
		return "internal." + f.Name
	}
	return "fields." + f.Name
}

// setField sets (or, with an empty value, removes) a custom field, keeping
// t.Fields sorted. t.Fields must be a slice t owns.
func (t *Ticket) setField(f Field) {
	i, ok := slices.BinarySearchFunc(t.Fields, f.Name, func(x Field, n string) int { return strings.Compare(x.Name, n) })
	switch {
	case ok && f.Value == "":
		t.Fields = slices.Delete(t.Fields, i, i+1)
	case ok:
		t.Fields[i] = f
	case f.Value != "":
		t.Fields = slices.Insert(t.Fields, i, f)
	}
	if len(t.Fields) == 0 {
		t.Fields = nil
	}
}

// Feedback is a customer's rating of how a ticket was handled.
//
// Deprecated: see Desk.AddFeedback.
type Feedback struct {
	Rating  int    // 1 (very dissatisfied) to 5 (very satisfied)
	Comment string // optional
}

// AddFeedback records the customer's rating of a solved ticket as a public
// EventFeedback. Only the ticket's customer may rate it; a ticket in another
// status gets a *StatusError matching ErrNotSolved.
//
// Deprecated: use package support/feedback, whose surveys (CSAT, NPS) are
// offered once, answered once, expire, are recorded in the history too and
// feed its reports; a rating given here reaches none of them.
func (d *Desk) AddFeedback(ctx context.Context, a Actor, id ID, f Feedback) (Event, error) {
	if f.Rating < 1 || f.Rating > 5 {
		return Event{}, inputErr("rating", ErrInvalidInput, "must be 1 to 5")
	}
	f.Comment = d.mask(f.Comment)
	if err := checkText("comment", f.Comment, d.maxBody); err != nil {
		return Event{}, err
	}
	_, evs, err := d.update(ctx, a, "feedback", id, 0, nil, func(t *Ticket, now time.Time) ([]Event, error) {
		if a.Role != RoleCustomer {
			return nil, &AccessError{Op: "rate a ticket for its customer", Role: a.Role}
		}
		if t.Status != StatusSolved {
			return nil, &StatusError{Ticket: t.ID, Op: "rate ticket", Status: t.Status, Need: StatusSolved, Err: ErrNotSolved}
		}
		return []Event{{Kind: EventFeedback, To: strconv.Itoa(f.Rating), Body: f.Comment}}, nil
	})
	if err != nil {
		return Event{}, err
	}
	e, _ := viewEvent(a, evs[0])
	return e, nil
}

// transition moves t to status to (with host status host) and returns the
// events; it updates timestamps and SLA clocks.
func (d *Desk) transition(t *Ticket, to Status, host string, now time.Time) ([]Event, error) {
	return d.appendTransition(nil, t, to, host, now)
}

// appendTransition is transition appending the events to evs, so that an
// operation that writes more events than the move grows one slice.
func (d *Desk) appendTransition(evs []Event, t *Ticket, to Status, host string, now time.Time) ([]Event, error) {
	if err := checkTransition(t.ID, t.Status, to); err != nil {
		return nil, err
	}
	from := t.Status
	if to != from {
		if to == StatusClosed {
			// Only solved tickets close here; their clocks are stopped, but
			// a late stop may still owe its breach event, which comes first.
			evs = append(evs, d.closeSLA(t, now)...)
		}
		evs = append(evs, Event{Kind: EventStatus, From: from.String(), To: to.String()})
		t.Status = to
		switch to {
		case StatusSolved:
			t.SolvedAt = now
		case StatusClosed:
			t.ClosedAt = now
		}
		switch {
		case to == StatusClosed:
			// Settled above.
		case to == StatusSolved:
			d.applySLA(t, SLAEventSolved, now)
		case from == StatusSolved:
			d.applySLA(t, SLAEventReopened, now)
		case to == StatusPending:
			d.applySLA(t, SLAEventWaiting, now)
		case from == StatusPending:
			d.applySLA(t, SLAEventResumed, now)
		}
	}
	if host != t.HostStatus {
		evs = append(evs, Event{Kind: EventFieldChange, Field: "host_status", From: t.HostStatus, To: host})
		t.HostStatus = host
	}
	return evs, nil
}

func notClosed(t *Ticket) error {
	if t.Status == StatusClosed {
		return &TransitionError{Ticket: t.ID, From: StatusClosed, To: StatusClosed}
	}
	return nil
}

// checkBody validates the text of a reply, note or description.
func checkBody(field, s string, max int) error {
	if strings.TrimSpace(s) == "" {
		return inputErr(field, ErrEmptyBody, "")
	}
	return checkText(field, s, max)
}
