package support

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/paydesk/paydesk/support/redact"
)

// Options configure a Desk. The zero Options are usable: every field has a
// default. NewDesk copies what it needs; the functions and values given must
// be safe for concurrent use.
type Options struct {
	// Now returns the current time; default time.Now. Times are stored in
	// UTC without a monotonic reading.
	Now func() time.Time
	// NewID returns a new, unique ticket ID; default NewRandomID.
	NewID func() ID
	// Logger receives failures that do not fail the operation, such as a
	// notifier error; default slog.Default().
	Logger *slog.Logger
	// Notifier is told of every customer-visible change; default none.
	Notifier Notifier
	// Outbox, when set, makes notifications survive a crash: instead of
	// calling the Notifier after a change commits, the Desk puts the
	// change's notification into the same Commit (Commit.Outbox), and a
	// Dispatcher, which the host runs, delivers it through the Notifier.
	// The store must be an OutboxStore (NewDesk fails with ErrNoOutbox
	// otherwise).
	Outbox bool
	// Publisher receives every committed change, for real-time delivery
	// (a support/chat hub); default none.
	Publisher Publisher
	// Messages localize notifications; default DefaultMessages().
	Messages *Messages
	// Categories are the categories tickets may have; nil means the
	// built-in ones.
	Categories *CategorySet
	// PriorityRules give a new ticket its priority when the request sets
	// none; nil means DefaultPriorityRules().
	PriorityRules *PriorityRules
	// SLA is the SLA policy; nil means DefaultSLAPolicy(). Set NoSLA to
	// run without SLA clocks.
	SLA   *SLAPolicy
	NoSLA bool
	// HostStatuses are the host's own statuses; nil means none.
	HostStatuses *HostStatuses
	// Access decides which tickets an agent or admin can reach, such as
	// only their team's; a ticket it refuses looks like a ticket that does
	// not exist. Nil lets them reach every ticket. Customers always reach
	// exactly their own tickets, and the system actor every ticket. It must
	// be safe for concurrent use and must not modify t, which is the copy
	// the operation goes on to change and commit. A write calls it while
	// holding the ticket's write lock (see Desk), so it must not write to
	// tickets through the Desk.
	Access func(a Actor, t *Ticket) bool
	// MaxBodyBytes limits a description, reply or note; default
	// DefaultMaxBodyBytes (1 MiB).
	MaxBodyBytes int
	// Redactor masks card numbers, security codes, one-time codes and
	// passwords in every text before it is stored (see Desk.Redact); nil
	// means the zero redact.Redactor, which keeps the first six and last
	// four digits of a card number (PCI DSS 3.4.1). Masking cannot be
	// turned off.
	Redactor *redact.Redactor
}

// Desk is the ticket service: every operation on tickets goes through it,
// and it enforces validation, access rules, the lifecycle, idempotency, SLA
// bookkeeping and notifications. An operation reads the ticket, computes the
// new state and its events, and commits both atomically if nobody changed
// the ticket in between. The Desk holds a per-ticket lock around that
// read-modify-commit, so its own writers of one ticket take turns instead of
// racing; a commit that loses to another Desk on the same store (another
// process) is retried after a jittered pause. An operation without a version
// precondition (IfVersion) therefore never fails because others wrote the
// ticket at the same time, however many they are: it waits its turn, until
// its context ends. See desk_lock.go for the design.
//
// A Desk is safe for concurrent use. It starts no goroutines: SLA warnings
// and breaches are found when the host calls CheckSLA, and notifications are
// sent synchronously, after the change is committed (or, with
// Options.Outbox, committed with the change and sent by a Dispatcher).
type Desk struct {
	store     Store
	now       func() time.Time
	newID     func() ID
	log       *slog.Logger
	notifier  Notifier
	outbox    bool // notifications go through the store's outbox
	publisher Publisher
	msgs      *Messages
	cats      *CategorySet
	rules     PriorityRules
	sla       *SLAPolicy
	hosts     *HostStatuses
	access    func(Actor, *Ticket) bool
	maxBody   int
	redactor  redact.Redactor
	locks     *ticketLocks // per-ticket write locks, by stripe
}

// NewDesk returns a Desk over store (memstore.New() for an in-memory desk).
func NewDesk(store Store, o Options) (*Desk, error) {
	if store == nil {
		return nil, errors.New("support: NewDesk: nil store")
	}
	d := &Desk{
		store: store, now: o.Now, newID: o.NewID, log: o.Logger, notifier: o.Notifier, publisher: o.Publisher,
		msgs: o.Messages, cats: o.Categories, sla: o.SLA, hosts: o.HostStatuses,
		access: o.Access, maxBody: o.MaxBodyBytes, locks: newTicketLocks(), outbox: o.Outbox,
	}
	if o.Outbox {
		if _, ok := store.(OutboxStore); !ok {
			return nil, fmt.Errorf("support: NewDesk: Options.Outbox over a %T: %w", store, ErrNoOutbox)
		}
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.newID == nil {
		d.newID = NewRandomID
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	if d.msgs == nil {
		d.msgs = DefaultMessages()
	}
	if o.PriorityRules != nil {
		d.rules = *o.PriorityRules
	} else {
		d.rules = DefaultPriorityRules()
	}
	if o.NoSLA {
		d.sla = nil
	} else if d.sla == nil {
		d.sla = DefaultSLAPolicy()
	}
	if o.Redactor != nil {
		d.redactor = *o.Redactor
	}
	if d.maxBody <= 0 {
		d.maxBody = DefaultMaxBodyBytes
	}
	return d, nil
}

// NewRandomID returns a ticket ID of 20 random base-32 characters after
// "tkt_", from crypto/rand: about 100 bits, unguessable.
func NewRandomID() ID {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz" // Crockford base 32, lower case
	var out [24]byte
	copy(out[:], "tkt_")
	rand.Read(out[4:]) // never returns an error (crypto/rand, Go 1.24+)
	for i, c := range out[4:] {
		out[4+i] = alphabet[c&31]
	}
	return ID(out[:]) // the only allocation
}

// clock returns the current time in UTC without a monotonic reading, so
// that stored times compare and encode the same everywhere.
func (d *Desk) clock() time.Time { return d.now().UTC().Round(0) }

// canSee reports whether a can reach t at all.
func (d *Desk) canSee(a Actor, t *Ticket) bool {
	switch a.Role {
	case RoleCustomer:
		return t.Customer == a.ID
	case RoleSystem:
		return true
	}
	return d.access == nil || d.access(a, t)
}

// view returns t as a may see it. t must be a copy the Desk owns: for a
// customer it is changed in place into the customer's view.
func view(a Actor, t *Ticket) *Ticket {
	if a.Role == RoleCustomer {
		t.stripInternal()
	}
	return t
}

// viewEvent returns e as a may see it, and false when a may not see it.
func viewEvent(a Actor, e Event) (Event, bool) {
	if a.Role == RoleCustomer {
		return e.CustomerView()
	}
	return e, true
}

// staffOnly returns an *AccessError for customers.
func staffOnly(a Actor, op string) error {
	if a.Role == RoleCustomer {
		return &AccessError{Op: op, Role: a.Role}
	}
	return nil
}

// load returns the ticket id if a can reach it, or a *NotFoundError that
// does not tell a missing ticket from someone else's.
func (d *Desk) load(ctx context.Context, a Actor, id ID) (*Ticket, error) {
	if id == "" || len(id) > maxNameBytes {
		return nil, &NotFoundError{ID: id}
	}
	t, err := d.store.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, &NotFoundError{ID: id}
	}
	if err != nil {
		return nil, fmt.Errorf("support: load ticket %q: %w", string(id), err)
	}
	if !d.canSee(a, t) {
		return nil, &NotFoundError{ID: id}
	}
	return t, nil
}

// change computes the events of one operation on a ticket. It receives a
// private copy of the current ticket to modify, and returns the events that
// explain the modification (with Kind and payload; the Desk stamps ticket,
// version, time and actor). No events means nothing to do.
type change func(t *Ticket, now time.Time) ([]Event, error)

// update is the read-modify-commit loop shared by the single-ticket
// operations. It returns the new ticket (or the current one when fn had
// nothing to do) and the committed events.
func (d *Desk) update(ctx context.Context, a Actor, op string, id ID, ifVersion int64, keys []KeyRecord, fn change) (*Ticket, []Event, error) {
	if err := a.Validate(); err != nil {
		return nil, nil, err
	}
	return d.updateValid(ctx, a, op, id, ifVersion, keys, fn)
}

// updateValid is update for an actor the caller has already validated. It
// holds the ticket's lock around each read-modify-commit and retries, without
// bound and after a jittered pause, a commit without ifVersion that lost to
// another Desk; it returns early only for ctx, ifVersion, errors of fn and
// the store's other errors. The change is published and notified after the
// lock is released, so that a Publisher or Notifier may write to the ticket
// (the record of a failed notification does).
func (d *Desk) updateValid(ctx context.Context, a Actor, op string, id ID, ifVersion int64, keys []KeyRecord, fn change) (*Ticket, []Event, error) {
	stripe := d.locks.stripe(id)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return nil, nil, err
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		t, evs, err := d.updateLocked(ctx, stripe, a, op, id, ifVersion, keys, fn)
		if err == errLostRace {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if len(evs) > 0 {
			d.committed(ctx, t, evs)
		}
		return t, evs, nil
	}
}

// errLostRace tells updateValid that a commit without a version
// precondition lost to another Desk and is to be retried.
var errLostRace = errors.New("support: lost a commit race")

// updateLocked runs updateOnce under the lock of stripe, which it releases
// even if a callback (fn, Options.Access, the store) panics.
func (d *Desk) updateLocked(ctx context.Context, stripe int, a Actor, op string, id ID, ifVersion int64, keys []KeyRecord, fn change) (*Ticket, []Event, error) {
	if err := d.locks.lock(ctx, stripe); err != nil {
		return nil, nil, err
	}
	defer d.locks.unlock(stripe)
	return d.updateOnce(ctx, a, op, id, ifVersion, keys, fn)
}

// updateOnce is one read-modify-commit of updateValid, under the ticket's
// lock.
func (d *Desk) updateOnce(ctx context.Context, a Actor, op string, id ID, ifVersion int64, keys []KeyRecord, fn change) (*Ticket, []Event, error) {
	cur, err := d.load(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if ifVersion != 0 && cur.Version != ifVersion {
		return nil, nil, &VersionError{Ticket: id, Expected: ifVersion, Actual: cur.Version}
	}
	// cur is the Desk's own copy: fn changes it into the next state.
	next, prev := cur, cur.Version
	now := d.clock()
	evs, err := fn(next, now)
	if err != nil {
		return nil, nil, err
	}
	if len(evs) == 0 {
		// Nothing to do; fn may have touched its copy, so read again.
		t, err := d.load(ctx, a, id)
		return t, nil, err
	}
	d.finish(next, prev, now, a, evs)
	c := Commit{Writes: []Write{{Ticket: next, Prev: prev, Events: evs}}, Keys: keys}
	if d.outbox {
		c.Outbox = d.enqueue(c.Writes, now)
	}
	err = d.store.Commit(ctx, c)
	if err != nil {
		var ke *KeyError
		switch {
		case errors.Is(err, ErrStaleVersion) && ifVersion == 0:
			return nil, nil, errLostRace
		case errors.As(err, &ke), errors.Is(err, ErrStaleVersion):
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("support: %s: %w", op, err)
	}
	return next, evs, nil
}

// finish stamps a change's ticket and events: version, times, actor. Only a
// change the customer can see moves UpdatedAt: an internal note, an SLA
// event or an assignment must not move the ticket up the customer's list
// or tell them, by its time, that something happened behind the scenes.
func (d *Desk) finish(t *Ticket, prev int64, now time.Time, a Actor, evs []Event) {
	t.Version = prev + 1
	for i := range evs {
		evs[i].Ticket = t.ID
		evs[i].Version = t.Version
		evs[i].At = now
		if evs[i].Actor.Role == 0 {
			evs[i].Actor = Actor{Role: a.Role, ID: a.ID}
		}
		if !evs[i].hidden() {
			t.UpdatedAt = now
		}
	}
}
