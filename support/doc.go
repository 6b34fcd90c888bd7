// Package support is the core of paydesk's customer service: tickets with a
// lifecycle, an append-only history, SLA targets, access rules by actor, and
// notifications that tell customers of progress. Everything goes through a
// Desk, which enforces the rules over a Store.
//
// # Tickets
//
// Every problem a customer brings becomes a Ticket: who (Customer), what
// (Subject, Description, Category, the related Transactions and the Amount
// at stake as a currency.Amount), how urgent (Priority, from PriorityRules
// unless an agent sets it), where it came from (Channel), the customer's
// Language, and the business's bookkeeping (Assignee, Group, Tags, custom
// Fields, SLA clocks). Version grows by one on every change and gives
// optimistic concurrency: a write based on an old version is a
// *VersionError.
//
// # Lifecycle
//
//	┌─────────────────────── active ───────────────────────┐
//	│                                                      │
//	│  new ───► open ◄───► pending ◄───► on_hold           │
//	│            ▲  ◄──────────────────────►               │
//	└────────────┼─────────────────────────┬───────────────┘
//	             │ Reopen, or a            │ Solve (from any
//	             │ customer's reply        ▼ active status)
//	             └──────────────────── solved ───► closed (final)
//
// A ticket starts new; the first staff reply opens it (new may also go
// straight to pending, on hold or solved). Open, pending and on hold move
// freely among themselves and to solved (CanTransition has the table). A
// customer's reply moves a pending or solved ticket back to open; the
// business waits on the customer in pending (the resolution SLA pauses) and
// on a bank or other third party in on hold. Only a solved ticket closes,
// and a closed
// ticket never changes again: the customer opens a follow-up ticket
// (OpenRequest.FollowUpOf) instead. The one other way to close is Merge,
// which closes a duplicate from any active status. A forbidden move is a
// *TransitionError (matching ErrTransition, and ErrClosed for a closed
// ticket). Hosts add their own statuses, such as "awaiting_bank", as
// HostStatuses mapped onto these six.
//
// # History
//
// Every change appends Events to the ticket's history, in one atomic commit
// with the new ticket state: created (with the Opening state), public reply,
// internal note, status, priority, assignment, field change, SLA warning or
// breach, feedback, merge, a failed notification, and custom events that
// packages built on the Desk record with Desk.Record (such as the progress
// of a dispute case). Each event records
// its Actor and time; Replay rebuilds the ticket from its history, which is
// how tests and auditors check that the history explains the ticket.
//
// # Actors and access
//
// Every Desk call takes an Actor: Customer(id), Agent(id), Admin(id) or
// System(name). A customer reaches only their own tickets, sees them through
// Ticket.CustomerView and Event.CustomerView (no internal notes, internal
// fields, tags, assignee, priority or SLA clocks), and may open, reply,
// solve, reopen and rate. A ticket that is not theirs gives the very same
// *NotFoundError as one that does not exist. Staff may do everything the
// lifecycle allows, on the tickets Options.Access lets them reach.
//
// # Retries and idempotency
//
// Open and Reply take an idempotency key: a mobile client that retries after
// a timeout gets the first result back instead of a duplicate, and the same
// key with a different request is refused (ErrKeyReused). Keys are claimed in
// the same atomic commit as the change, so two concurrent retries cannot both
// win. A key belongs to the actor who sent it (and to the customer, for
// Open; to the ticket, for Reply): its scope quotes each of these parts, so
// no crafted ID can reach another's key, and Reply checks that the actor can
// reach the ticket before it looks a key up. Only the customer's own keys
// appear in the customer's view of events.
//
// # SLAs
//
// The Desk starts SLA clocks (first reply, next reply, resolution) from its
// SLAPolicy when a ticket opens, moves them on replies and status changes
// (paused while waiting on the customer), and stores them on the ticket with
// the time they next need checking (Ticket.SLANext). The host calls
// Desk.CheckSLA from its scheduler; it records warnings and breaches as
// internal events. Desk.CloseSolved, for the same scheduler, closes tickets
// that stayed solved for a grace period. The Desk starts no goroutines.
//
// # Notifications
//
// A Notifier, implemented by the host over e-mail, push or SMS, is told of
// every change the customer can see, with a title and text localized from a
// golang.org/x/text message catalog (English, Simplified and Traditional
// Chinese built in;
// DefaultCatalog returns a builder a host extends). The change is committed
// first: a failing notifier is logged and recorded as an internal event, and
// never loses the change. A process that dies between the commit and the
// send would lose the notification, though: with Options.Outbox the Desk
// instead commits the notification with the change, in the store's outbox
// (an OutboxStore), and a Dispatcher that the host runs delivers it at
// least once, retrying with exponential backoff and jitter; several
// dispatchers, in any number of processes, share one outbox without sending
// a message twice while its lease holds, and Notification.ID lets the
// Notifier drop the duplicates a crash may bring.
//
// A Publisher (the chat package's hub) receives every committed change,
// internal ones too, for real-time delivery;
// HistoryPage lets a subscriber that reconnects read what it missed.
//
// # Secrets
//
// Card numbers, security codes, one-time codes and passwords never reach
// the store: the Desk masks every text it is given — subject, description,
// reply, note, feedback comment, custom field values, transaction
// references and the texts of custom events — with support/redact before it
// validates, fingerprints or stores it. A card number keeps at most its
// first six and last four digits (PCI DSS 3.4.1; Options.Redactor keeps
// fewer). Desk.Redact reports what would be masked, so a host can tell the
// author why.
//
// # Storage
//
// Store is the small interface a storage backend implements; memstore is the
// in-memory one (the default for development and tests) and storetest is the
// conformance suite every implementation runs:
//
//	desk, err := support.NewDesk(memstore.New(), support.Options{Notifier: mailer})
//	t, err := desk.Open(ctx, support.Customer("cus_42"), support.OpenRequest{
//		Subject:  "My transfer has not arrived",
//		Category: support.CategoryPaymentDelayed,
//	})
//
// # Concurrency
//
// A Desk is safe for concurrent use; so are Calendar, SLAPolicy, CategorySet
// and PriorityRules once built, and every Store and Notifier must be. Two
// changes to one ticket never lose each other, and a change without
// IfVersion never fails because others wrote the ticket at the same time,
// however many they are (a busy chat): the Desk's writers of a ticket take
// turns under a per-ticket lock, and a commit lost to another Desk on the
// same store (another process) is retried after a jittered pause until it
// succeeds or its context ends. A caller that passes IfVersion gets a
// *VersionError when the ticket has moved on since it read it. Tickets,
// Events, Pages and the request and result types
// (OpenRequest, ReplyRequest, StatusChange, FieldUpdate, Feedback,
// ListOptions, Query, Write, KeyRecord, Notification, SLAReport) are plain
// values: safe to read from many goroutines, not to modify while others read
// them. The Desk and the stores hand out copies, so a caller may change what
// it receives. The error types (*InputError, *NotFoundError, *AccessError,
// *TransitionError, *VersionError, *KeyError, ...) are not modified once
// returned, so they are safe for concurrent use.
//
// # Bad input
//
// Bad input is an *InputError naming the field and the reason (matching
// ErrInvalidInput and a reason such as ErrMissingCustomer, ErrEmptySubject,
// ErrUnknownCategory, ErrTooLong, ErrInvalidUTF8); nothing is written.
package support
