package support

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Notifier tells customers about progress on their tickets: a host
// implements it over e-mail, push or SMS. The Desk calls Notify once per
// change that the customer can see (the confirmation of a new ticket, a
// staff reply, a status change, a merge, a change of a public field), after
// the change is committed, with the text already localized. Changes the
// customer made themselves and custom events written with Desk.Record (their
// package tells the customer itself) are not notified.
//
// Notify should return promptly; a host that delivers slowly queues the
// notification and returns. An error does not undo the change: the Desk
// logs it and records an internal EventNotifyFailed in the ticket's
// history, so an agent can follow up. Implementations must be safe for
// concurrent use.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc adapts a function to the Notifier interface; it is as safe
// for concurrent use as the function.
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f(ctx, n).
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }

// Notification is one message for a customer about a change on their
// ticket. Each call to Notify gets its own; a Notifier may keep it.
//
// A Notification is plain data and encodes to JSON, so that an outbox (see
// OutboxStore) can store it as it is.
type Notification struct {
	// ID identifies the change notified, as "TICKET/vVERSION" (see
	// NotificationID); it is the same on every delivery of one
	// notification, so a Notifier fed by a Dispatcher, which delivers at
	// least once, can drop the duplicates with it. Notifications sent by
	// other packages may leave it empty.
	ID       string       `json:"id,omitempty"`
	Customer string       `json:"customer"`
	Ticket   *Ticket      `json:"ticket"`   // the customer's view of the ticket after the change
	Events   []Event      `json:"events"`   // the customer-visible events of the change
	Language language.Tag `json:"language"` // the language Title and Text are in
	Title    string       `json:"title"`    // a short line, such as an e-mail subject
	Text     string       `json:"text"`     // the message
}

// NotificationID returns the ID of the notification of the change that
// brought ticket id to version: "tkt_.../v3". A ticket reaches each version
// once, so the ID is unique.
func NotificationID(id ID, version int64) string {
	return string(id) + "/v" + strconv.FormatInt(version, 10)
}

// notify sends the notification for one committed change, if the customer
// should hear of it. It never fails the operation.
func (d *Desk) notify(ctx context.Context, t *Ticket, evs []Event) {
	if d.notifier == nil {
		return
	}
	n, ok := d.notification(t, evs)
	if !ok {
		return
	}
	err := d.notifier.Notify(ctx, n)
	if err == nil {
		return
	}
	d.log.ErrorContext(ctx, "support: notification failed; the change is kept",
		"ticket", string(t.ID), "customer", t.Customer, "version", t.Version, "err", err)
	d.recordNotifyFailure(ctx, t.ID, n.Events[0].Kind, err)
}

// notification returns the notification of a change to t with events evs,
// localized, and false when the customer should not hear of the change.
func (d *Desk) notification(t *Ticket, evs []Event) (Notification, bool) {
	var visible []Event
	for i, e := range evs {
		if e.Kind != EventCreated && e.Actor.Role == RoleCustomer && e.Actor.ID == t.Customer {
			continue // the customer knows what they did themselves
		}
		if v, ok := e.CustomerView(); ok {
			if v.Seq == 0 {
				// Not committed yet (an outbox message): the store
				// resolves this to the Seq it gives evs[i].
				v.Seq = -int64(i + 1)
			}
			visible = append(visible, v)
		}
	}
	if len(visible) == 0 {
		return Notification{}, false
	}
	cv := t.CustomerView()
	title, text, lang, ok := d.msgs.Render(cv, visible)
	if !ok {
		return Notification{}, false
	}
	return Notification{
		ID: NotificationID(t.ID, t.Version), Customer: t.Customer, Ticket: cv, Events: visible,
		Language: lang, Title: title, Text: text,
	}, true
}

// recordNotifyFailure records an internal EventNotifyFailed on ticket id
// for a notification of kind that could not be delivered. It never fails:
// what it cannot record, it logs.
func (d *Desk) recordNotifyFailure(ctx context.Context, id ID, kind EventKind, err error) {
	msg := strings.ToValidUTF8(err.Error(), "\uFFFD")
	if len(msg) > 1024 {
		msg = excerpt(msg, 256)
	}
	field := kind.String()
	// Record the failure even if the caller's context is done: the failure
	// may well be that.
	rctx := context.WithoutCancel(ctx)
	_, _, rerr := d.update(rctx, System("notifier"), "record notification failure", id, 0, nil, func(t *Ticket, _ time.Time) ([]Event, error) {
		if t.Status == StatusClosed {
			return nil, nil // closed tickets never change; the log has it
		}
		return []Event{{Kind: EventNotifyFailed, Internal: true, Field: field, Body: msg}}, nil
	})
	if rerr != nil {
		d.log.ErrorContext(ctx, "support: could not record a failed notification",
			"ticket", string(id), "err", rerr)
	}
}
