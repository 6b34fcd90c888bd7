package sqlstore

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// The hubs of this package, PGHub and PollHub, are chat.Hubs for hosts that
// run several instances over one database. Each keeps its local subscribers
// on a chat.MemHub, which gives them the whole chat.Hub contract (order, no
// gap, no duplicate, resumption, bounded buffers); what the hubs add is how
// an instance learns of the events committed by the others. When it does,
// it reads the new events of the tickets it has local subscribers for,
// through the Source of those subscriptions (the Desk) as the system actor
// HubActor, and publishes them into its MemHub. A notice that is lost (a
// dropped connection, a missed poll) loses no event: the next notice, or
// the catch-up after a reconnection, publishes the newest event, and the
// MemHub's subscribers read whatever lies between from the Source.

// HubActor is the actor the hubs read new events as, through the Source of
// their subscriptions: the system actor, who may read every event (the
// MemHub gives each subscriber its own view).
var HubActor = support.System("chat-hub")

// hubFetchMax is the most events a hub reads and publishes for one notice;
// when a notice announces more, only the newest is published and the
// subscribers read the others from the Source, page by page, so that a
// burst never cuts them off.
const hubFetchMax = 64

// relay is the core of PGHub and PollHub: a MemHub and the tickets it has
// local subscribers for. It is safe for concurrent use.
type relay struct {
	mem *chat.MemHub
	log *slog.Logger

	mu     sync.Mutex
	topics map[support.ID]*relayTopic
}

// relayTopic is a ticket with local subscribers.
type relayTopic struct {
	subs      int         // open subscriptions
	src       chat.Source // the Source of the newest subscription
	published int64       // the highest Seq given to the MemHub; guarded by relay.mu
	reached   atomic.Int64
	// reached is the highest Last of its subscriptions: a Seq that
	// exists, where a search for the newest event may start.
}

func newRelay(o chat.MemHubOptions, log *slog.Logger) *relay {
	if log == nil {
		log = slog.Default()
	}
	return &relay{mem: chat.NewMemHub(o), log: log, topics: make(map[support.ID]*relayTopic)}
}

// publish hands locally committed events to the MemHub and remembers the
// highest Seq of each ticket with subscribers.
func (r *relay) publish(ctx context.Context, evs []support.Event) {
	r.mem.Publish(ctx, evs)
	r.mu.Lock()
	for i := range evs {
		if t := r.topics[evs[i].Ticket]; t != nil && evs[i].Seq > t.published {
			t.published = evs[i].Seq
		}
	}
	r.mu.Unlock()
}

// subscribe registers the ticket as having a local subscriber before the
// MemHub reads its history, so that no notice that comes meanwhile is
// ignored, and returns a subscription that unregisters it when it ends.
func (r *relay) subscribe(ctx context.Context, req chat.SubscribeRequest) (chat.Subscription, error) {
	if req.Source == nil {
		return r.mem.Subscribe(ctx, req) // the MemHub's error
	}
	r.mu.Lock()
	t := r.topics[req.Ticket]
	if t == nil {
		t = &relayTopic{}
		r.topics[req.Ticket] = t
	}
	t.subs++
	t.src = req.Source
	r.mu.Unlock()
	sub, err := r.mem.Subscribe(ctx, req)
	if err != nil {
		r.leave(req.Ticket, t)
		return nil, err
	}
	s := &relaySub{Subscription: sub, r: r, ticket: req.Ticket, t: t}
	s.reach(sub.Last())
	return s, nil
}

// leave unregisters one subscription of ticket.
func (r *relay) leave(ticket support.ID, t *relayTopic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t.subs--
	if t.subs == 0 && r.topics[ticket] == t {
		delete(r.topics, ticket)
	}
}

// watched returns the tickets with local subscribers.
func (r *relay) watched() []support.ID {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]support.ID, 0, len(r.topics))
	for id := range r.topics {
		ids = append(ids, id)
	}
	return ids
}

// target returns the Source to read ticket's events from and the highest
// Seq the MemHub has for it; ok is false when it has no local subscribers.
func (r *relay) target(ticket support.ID) (src chat.Source, published, reached int64, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.topics[ticket]
	if t == nil {
		return nil, 0, 0, false
	}
	return t.src, t.published, t.reached.Load(), true
}

// fetched publishes events read from the Source into the MemHub.
func (r *relay) fetched(ctx context.Context, ticket support.ID, evs []support.Event) {
	if len(evs) == 0 {
		return
	}
	r.publish(ctx, evs)
}

// announce handles a notice that the events first..last of ticket were
// committed elsewhere: if the ticket has local subscribers, it reads the
// events the MemHub does not have yet (at most hubFetchMax of them, the
// newest) and publishes them.
func (r *relay) announce(ctx context.Context, ticket support.ID, first, last int64) error {
	src, published, _, ok := r.target(ticket)
	if !ok || last <= published || last < 1 {
		return nil
	}
	after := max(first-1, published, 0)
	if last-after > hubFetchMax {
		after = last - 1 // the subscribers read the rest themselves
	}
	p, err := src.HistoryPage(ctx, HubActor, ticket, after, int(last-after))
	if err != nil {
		if errors.Is(err, support.ErrNotFound) {
			return nil // not a ticket the Source knows
		}
		return err
	}
	r.fetched(ctx, ticket, p.Events)
	return nil
}

// catchUp publishes the newest event of ticket if the MemHub does not have
// it: after a reconnection, or when a poll found that the ticket moved on
// without saying how far (latest 0). Subscribers read whatever lies between
// from the Source.
func (r *relay) catchUp(ctx context.Context, ticket support.ID, latest int64) error {
	src, published, reached, ok := r.target(ticket)
	if !ok {
		return nil
	}
	if latest > 0 {
		if latest <= published {
			return nil
		}
		return r.announce(ctx, ticket, latest, latest)
	}
	// Find the newest event, paging from the furthest point known to exist.
	from := max(published, reached)
	var newest *support.Event
	for {
		p, err := src.HistoryPage(ctx, HubActor, ticket, from, chat.DefaultPageSize)
		if err != nil {
			if errors.Is(err, support.ErrNotFound) || errors.Is(err, support.ErrSeqAhead) {
				return nil
			}
			return err
		}
		if n := len(p.Events); n > 0 {
			newest = &p.Events[n-1]
		}
		if p.Last <= from || p.End {
			from = max(from, p.Last)
			break
		}
		from = p.Last
	}
	if newest != nil {
		r.fetched(ctx, ticket, []support.Event{*newest})
		return nil
	}
	if from > published {
		return r.announce(ctx, ticket, from, from)
	}
	return nil
}

// relaySub is a MemHub subscription that tells the relay when it ends and
// how far it got.
type relaySub struct {
	chat.Subscription
	r      *relay
	ticket support.ID
	t      *relayTopic
	left   atomic.Bool
}

func (s *relaySub) reach(seq int64) {
	for {
		cur := s.t.reached.Load()
		if seq <= cur || s.t.reached.CompareAndSwap(cur, seq) {
			return
		}
	}
}

// Next implements chat.Subscription.
func (s *relaySub) Next(ctx context.Context) (chat.Delivery, error) {
	d, err := s.Subscription.Next(ctx)
	if err == nil {
		s.reach(s.Subscription.Last())
		return d, nil
	}
	if ctx.Err() == nil || !errors.Is(err, ctx.Err()) {
		s.leave() // the subscription ended
	}
	return d, err
}

// Close implements chat.Subscription.
func (s *relaySub) Close() error {
	s.leave()
	return s.Subscription.Close()
}

func (s *relaySub) leave() {
	if !s.left.Swap(true) {
		s.r.leave(s.ticket, s.t)
	}
}
