package support

import "context"

// Publisher receives every change the Desk commits, for real-time delivery:
// a chat hub (support/chat) implements it and fans the events out to the
// subscribers of the ticket. The Desk calls Publish synchronously, once per
// committed change, right after the commit and before notifying the
// customer, with the change's events (all of them, internal ones included,
// in sequence order; the ticket's ID is in each). Calls for one ticket may
// arrive out of order when changes commit concurrently: a Publisher orders
// them by Event.Seq and reads any gap from the store. The Desk calls Publish
// after it has released the ticket's write lock, so a Publisher may itself
// write to the ticket through the Desk (a bot answering in a chat).
//
// Publish must not block for long and cannot fail the change, which is
// already committed. It must not modify or keep evs; it may keep copies of
// the events. Implementations must be safe for concurrent use.
type Publisher interface {
	Publish(ctx context.Context, evs []Event)
}

// PublisherFunc adapts a function to the Publisher interface; it is as safe
// for concurrent use as the function.
type PublisherFunc func(ctx context.Context, evs []Event)

// Publish calls f(ctx, evs).
func (f PublisherFunc) Publish(ctx context.Context, evs []Event) { f(ctx, evs) }

// committed hands a committed change to the Publisher and the Notifier
// (unless the Desk has an outbox: the notification was committed with the
// change, for a Dispatcher to deliver).
func (d *Desk) committed(ctx context.Context, t *Ticket, evs []Event) {
	if d.publisher != nil {
		d.publisher.Publish(ctx, evs)
	}
	if !d.outbox {
		d.notify(ctx, t, evs)
	}
}
