package support

import (
	"context"
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
type Notification struct {
	Customer string
	Ticket   *Ticket      // the customer's view of the ticket after the change
	Events   []Event      // the customer-visible events of the change
	Language language.Tag // the language Title and Text are in
	Title    string       // a short line, such as an e-mail subject
	Text     string       // the message
}

// notify sends the notification for one committed change, if the customer
// should hear of it. It never fails the operation.
func (d *Desk) notify(ctx context.Context, t *Ticket, evs []Event) {
	if d.notifier == nil {
		return
	}
	var visible []Event
	for _, e := range evs {
		if e.Kind != EventCreated && e.Actor.Role == RoleCustomer && e.Actor.ID == t.Customer {
			continue // the customer knows what they did themselves
		}
		if v, ok := e.CustomerView(); ok {
			visible = append(visible, v)
		}
	}
	if len(visible) == 0 {
		return
	}
	cv := t.CustomerView()
	title, text, lang, ok := d.msgs.Render(cv, visible)
	if !ok {
		return
	}
	n := Notification{Customer: t.Customer, Ticket: cv, Events: visible, Language: lang, Title: title, Text: text}
	err := d.notifier.Notify(ctx, n)
	if err == nil {
		return
	}
	d.log.ErrorContext(ctx, "support: notification failed; the change is kept",
		"ticket", string(t.ID), "customer", t.Customer, "version", t.Version, "err", err)
	msg := strings.ToValidUTF8(err.Error(), "\uFFFD")
	if len(msg) > 1024 {
		msg = excerpt(msg, 256)
	}
	kind := visible[0].Kind.String()
	// Record the failure even if the caller's context is done: the failure
	// may well be that.
	rctx := context.WithoutCancel(ctx)
	_, _, rerr := d.update(rctx, System("notifier"), "record notification failure", t.ID, 0, nil, func(t *Ticket, _ time.Time) ([]Event, error) {
		if t.Status == StatusClosed {
			return nil, nil // closed tickets never change; the log has it
		}
		return []Event{{Kind: EventNotifyFailed, Internal: true, Field: kind, Body: msg}}, nil
	})
	if rerr != nil {
		d.log.ErrorContext(ctx, "support: could not record a failed notification",
			"ticket", string(t.ID), "err", rerr)
	}
}
