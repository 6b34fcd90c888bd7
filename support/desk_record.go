package support

import (
	"context"
	"strings"
	"time"
)

// Record appends an event of kind EventCustom to a ticket's history, for the
// packages and hosts that build on the Desk (chat transcripts, the progress
// of a dispute case, a verification step): e.Field names it within a
// namespace, such as "cases.progress", and Body, From, To and Related carry
// what that namespace defines. e.Internal hides it from the customer. The
// ticket's state does not change (Replay skips custom events), but its
// version does, like every change. Staff only; closed tickets refuse it.
// The Desk fills in the ticket, time, version, actor and sequence number and
// returns the stored event; customers are not notified.
func (d *Desk) Record(ctx context.Context, a Actor, id ID, e Event) (Event, error) {
	return d.RecordIfVersion(ctx, a, id, 0, e)
}

// RecordIfVersion is Record with a precondition: when ifVersion is not
// zero, the event is appended only while the ticket is at that version, and
// otherwise nothing is written and the error is a *VersionError. A package
// that keeps a state machine in custom events (a complaint's stages) reads
// the history, checks the move against the state it derived, and records
// the move on the version it read: a concurrent move makes one of them fail
// instead of both applying.
func (d *Desk) RecordIfVersion(ctx context.Context, a Actor, id ID, ifVersion int64, e Event) (Event, error) {
	if ifVersion < 0 {
		return Event{}, inputErr("if_version", ErrInvalidInput, "negative version")
	}
	if e.Kind != EventCustom {
		return Event{}, inputErr("kind", ErrInvalidInput, "Record writes custom events only")
	}
	if err := checkIdent("field", e.Field); err != nil {
		return Event{}, err
	}
	if !strings.Contains(e.Field, ".") {
		return Event{}, inputErr("field", ErrInvalidInput, `a custom event's name has a namespace, such as "cases.progress"`)
	}
	if e.Opening != nil || e.Key != "" {
		return Event{}, inputErr("opening", ErrInvalidInput, "custom events carry no opening or key")
	}
	e.Body, e.From, e.To = d.mask(e.Body), d.mask(e.From), d.mask(e.To)
	if err := checkText("body", e.Body, d.maxBody); err != nil {
		return Event{}, err
	}
	for _, f := range []struct{ name, v string }{{"from", e.From}, {"to", e.To}, {"related", string(e.Related)}} {
		if err := checkText(f.name, f.v, MaxFieldValueBytes); err != nil {
			return Event{}, err
		}
	}
	_, evs, err := d.update(ctx, a, "record", id, ifVersion, nil, func(t *Ticket, _ time.Time) ([]Event, error) {
		if err := staffOnly(a, "record custom events"); err != nil {
			return nil, err
		}
		if err := notClosed(t); err != nil {
			return nil, err
		}
		ev := Event{Kind: EventCustom, Internal: e.Internal, Field: e.Field, Body: e.Body, From: e.From, To: e.To, Related: e.Related}
		return []Event{ev}, nil
	})
	if err != nil {
		return Event{}, err
	}
	return evs[0], nil
}
