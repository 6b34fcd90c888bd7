package chat

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paydesk/paydesk/support"
)

// Limits and defaults of MemHubOptions.
const (
	// DefaultBuffer is MemHubOptions.Buffer when it is not set.
	DefaultBuffer = 256
	// MaxBuffer is the largest MemHubOptions.Buffer; larger values are
	// lowered to it.
	MaxBuffer = 1 << 16
	// DefaultPageSize is MemHubOptions.PageSize when it is not set.
	DefaultPageSize = 256
)

// hubBatch is how many ring entries a subscriber copies per read.
const hubBatch = 32

// wakeInline is the number of sleeping subscribers a publisher wakes while
// holding the topic's lock; more are woken after it is released, so that
// subscribers going back to sleep do not queue behind a long wake-up.
const wakeInline = 64

// MemHubOptions configure a MemHub. The zero value is usable.
type MemHubOptions struct {
	// Buffer bounds each subscriber: one that is Buffer or more live
	// deliveries (events and signals) behind the newest is cut off with a
	// *CutOffError, and may resume from its Last. Zero or less means
	// DefaultBuffer; more than MaxBuffer means MaxBuffer.
	Buffer int
	// PageSize is how many stored events a subscriber asks its Source for
	// per HistoryPage call while it catches up or fills a gap; zero or
	// less means DefaultPageSize.
	PageSize int
}

// MemHub is the in-memory Hub for one process: give it to
// support.Options.Publisher and to the chat Service. It starts no
// goroutines: publishers and subscribers do all the work in their own
// calls, so Close (or closing every subscription) releases everything.
//
// Per ticket with subscribers it keeps one bounded ring of the recent live
// deliveries, written by Publish and Signal and read without locks by the
// subscribers, each from its own position; publishing costs a few writes
// plus one non-blocking wake-up per subscriber that is waiting, and
// nothing for a ticket without subscribers. A subscriber the ring laps is
// cut off; it never slows the publisher or the others.
//
// A MemHub is safe for concurrent use.
type MemHub struct {
	buffer   uint64 // cut-off bound
	ringSize int    // power of two >= buffer
	pageSize int
	closed   atomic.Bool

	// mu serializes changes of topics, which is read without locks; it is
	// taken before any topic's mu.
	mu     sync.Mutex
	topics sync.Map // support.ID → *topic
}

var _ Hub = (*MemHub)(nil)

// NewMemHub returns an empty, open hub.
func NewMemHub(o MemHubOptions) *MemHub {
	b := o.Buffer
	if b <= 0 {
		b = DefaultBuffer
	}
	b = min(b, MaxBuffer)
	p := o.PageSize
	if p <= 0 {
		p = DefaultPageSize
	}
	return &MemHub{
		buffer:   uint64(b),
		ringSize: 1 << bits.Len(uint(b-1)),
		pageSize: p,
	}
}

// item is one live delivery in a topic's ring: an event (seq > 0) or a
// signal. It is immutable once published and shared by every subscriber;
// customers' views are made as they read (a copy, as cheap as sharing one).
type item struct {
	seq int64 // 0 for a signal
	ev  support.Event
	sig *Signal
}

// slabSize is how many items a topic allocates at once.
const slabSize = 32

type ring struct {
	mask  uint64
	slots []atomic.Pointer[item]
}

// topic is the live state of one ticket with subscribers.
type topic struct {
	id     support.ID
	head   atomic.Uint64        // positions written so far; the next goes to head
	ring   atomic.Pointer[ring] // nil until the first delivery
	closed atomic.Bool          // the hub was closed

	mu       sync.Mutex // serializes writers; guards the fields below
	maxSeq   int64      // the highest event Seq accepted
	subs     int        // registered subscriptions
	slab     []item     // the items allocated last, handed out up to used
	used     int
	sleepers []*memSub // subscriptions waiting at head
	clean    uint64    // ring slots before clean hold no item
	dead     bool      // removed from the hub
}

// Publish implements support.Publisher: it hands committed events to the
// subscribers of their tickets, in sequence order. Events of a ticket
// without subscribers cost a map lookup; events with a Seq not above the
// highest this hub has taken for the ticket are dropped (they are in the
// store, where subscribers read the gaps). It never blocks on a subscriber.
func (h *MemHub) Publish(_ context.Context, evs []support.Event) {
	for len(evs) > 0 {
		n := 1
		for n < len(evs) && evs[n].Ticket == evs[0].Ticket {
			n++
		}
		h.publish(evs[:n])
		evs = evs[n:]
	}
}

// publish publishes the events of one ticket.
func (h *MemHub) publish(evs []support.Event) {
	t := h.lookup(evs[0].Ticket)
	if t == nil {
		return
	}
	if !slices.IsSortedFunc(evs, func(a, b support.Event) int { return cmp.Compare(a.Seq, b.Seq) }) {
		evs = slices.Clone(evs)
		slices.SortFunc(evs, func(a, b support.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	}
	t.mu.Lock()
	if t.dead {
		t.mu.Unlock()
		return
	}
	n := 0
	for i := range evs {
		e := &evs[i]
		if e.Seq <= t.maxSeq {
			continue
		}
		t.maxSeq = e.Seq
		it := t.item()
		it.seq, it.ev = e.Seq, *e
		if e.Opening != nil {
			it.ev = e.Clone()
		}
		t.put(it, h.ringSize)
		n++
	}
	if n == 0 {
		t.mu.Unlock()
		return
	}
	t.wake() // unlocks
}

// Signal delivers s to the live subscribers of ticket; customers get it
// with a staff actor's ID blanked. A signal of an invalid kind, for a
// ticket without subscribers, or on a closed hub is dropped. It never
// blocks on a subscriber.
func (h *MemHub) Signal(_ context.Context, ticket support.ID, s Signal) {
	if !s.Kind.IsValid() {
		return
	}
	t := h.lookup(ticket)
	if t == nil {
		return
	}
	t.mu.Lock()
	if t.dead {
		t.mu.Unlock()
		return
	}
	it := t.item()
	it.sig = &s
	t.put(it, h.ringSize)
	t.wake() // unlocks
}

// lookup returns ticket's topic, or nil when it has no subscribers.
func (h *MemHub) lookup(id support.ID) *topic {
	if t, ok := h.topics.Load(id); ok {
		return t.(*topic)
	}
	return nil
}

// item returns a new item, from the topic's slab. t.mu is held.
func (t *topic) item() *item {
	if t.used == len(t.slab) {
		t.slab, t.used = make([]item, slabSize), 0
	}
	it := &t.slab[t.used]
	t.used++
	return it
}

// put appends it to the ring. t.mu is held.
func (t *topic) put(it *item, size int) {
	r := t.ring.Load()
	if r == nil {
		r = &ring{mask: uint64(size - 1), slots: make([]atomic.Pointer[item], size)}
		t.ring.Store(r)
	}
	p := t.head.Load()
	r.slots[p&r.mask].Store(it)
	t.head.Store(p + 1)
}

// wake wakes the sleeping subscribers and unlocks t.mu, which is held.
func (t *topic) wake() {
	sl := t.sleepers
	for _, s := range sl {
		s.sleeping = false
	}
	if len(sl) <= wakeInline {
		for _, s := range sl {
			s.signal()
		}
		clear(sl)
		t.sleepers = sl[:0]
		t.mu.Unlock()
		return
	}
	// Many: wake them after unlocking; the list is theirs alone now.
	t.sleepers = nil
	t.mu.Unlock()
	for _, s := range sl {
		s.signal()
	}
}

// Subscribe implements Hub. It registers the subscription on the ticket
// before it reads the first page of history, so that nothing committed
// meanwhile is missed; the rest of the catch-up happens in Next.
func (h *MemHub) Subscribe(ctx context.Context, r SubscribeRequest) (Subscription, error) {
	if h.closed.Load() {
		return nil, ErrHubClosed
	}
	if r.Source == nil {
		return nil, &support.InputError{Field: "source", Reason: support.ErrInvalidInput, Detail: "chat: a subscription needs a Source"}
	}
	if err := r.Viewer.Validate(); err != nil {
		return nil, err
	}
	if r.After < 0 {
		return nil, &support.InputError{Field: "after", Reason: support.ErrInvalidInput, Detail: "negative sequence number"}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &memSub{
		hub: h, src: r.Source, viewer: r.Viewer, ticket: r.Ticket,
		customer: r.Viewer.Role == support.RoleCustomer,
		wake:     make(chan struct{}, 1),
		l:        r.After,
	}
	s.last.Store(r.After)
	if !h.register(s) {
		return nil, ErrHubClosed
	}
	p, err := r.Source.HistoryPage(ctx, r.Viewer, r.Ticket, r.After, h.pageSize)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.setPage(p, 0)
	return s, nil
}

// register adds s to its ticket's topic, at the topic's head.
func (h *MemHub) register(s *memSub) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed.Load() {
		return false
	}
	t := h.lookup(s.ticket)
	if t == nil {
		t = &topic{id: s.ticket}
		h.topics.Store(s.ticket, t)
	}
	t.mu.Lock()
	t.subs++
	s.t = t
	s.pos = t.head.Load()
	s.registered = true
	t.mu.Unlock()
	return true
}

// unregister removes s from its topic, and the topic from the hub when s
// was the last.
func (h *MemHub) unregister(s *memSub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := s.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if !s.registered {
		return
	}
	s.registered = false
	t.subs--
	if s.sleeping {
		s.sleeping = false
		i := s.sleepIdx
		last := len(t.sleepers) - 1
		t.sleepers[i] = t.sleepers[last]
		t.sleepers[i].sleepIdx = i
		t.sleepers[last] = nil
		t.sleepers = t.sleepers[:last]
	}
	if t.subs == 0 && !t.dead {
		t.dead = true
		h.topics.CompareAndDelete(t.id, t)
	}
}

// Close closes the hub: every subscription ends with ErrHubClosed (a
// blocked Next returns at once), Subscribe returns ErrHubClosed, and
// Publish and Signal do nothing. It releases everything the hub holds and
// always returns nil; calling it again does nothing.
func (h *MemHub) Close() error {
	h.mu.Lock()
	if h.closed.Swap(true) {
		h.mu.Unlock()
		return nil
	}
	var topics []*topic
	h.topics.Range(func(_, t any) bool {
		topics = append(topics, t.(*topic))
		return true
	})
	h.topics.Clear()
	h.mu.Unlock()
	for _, t := range topics {
		t.mu.Lock()
		t.dead = true
		t.closed.Store(true)
		t.wake() // unlocks
	}
	return nil
}

// memSub is a MemHub subscription.
type memSub struct {
	hub      *MemHub
	t        *topic
	src      Source
	viewer   support.Actor
	ticket   support.ID
	customer bool
	wake     chan struct{} // a publish or a close happened; capacity 1
	closed   atomic.Bool
	last     atomic.Int64 // l, for Last

	// Guarded by t.mu.
	sleeping   bool // in t.sleepers, at sleepIdx
	sleepIdx   int
	registered bool

	// Owned by the goroutine in Next.
	pos      uint64          // the next ring position to read
	batch    []*item         // entries read from the ring, from bi on
	bi       int             //
	page     []support.Event // events read from the Source, from pi on
	pi       int             //
	pageLast int64           // the page's Last
	caught   bool            // the Source was read to its end once
	gap      int64           // read the Source until gap-1 (0: no gap)
	gapTried int64           // a gap the Source could not fill
	l        int64           // the last Seq delivered or passed over
	err      error           // why the subscription ended
}

func (s *memSub) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Last implements Subscription.
func (s *memSub) Last() int64 { return s.last.Load() }

// Close implements Subscription.
func (s *memSub) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.hub.unregister(s)
	s.signal()
	return nil
}

func (s *memSub) advance(seq int64) {
	s.l = seq
	s.last.Store(seq)
}

// end ends the subscription with err and leaves the topic.
func (s *memSub) end(err error) error {
	s.err = err
	s.hub.unregister(s)
	s.batch, s.page = nil, nil
	return err
}

func (s *memSub) setPage(p support.HistoryPage, gap int64) {
	s.page, s.pi, s.pageLast = p.Events, 0, p.Last
	if p.End || (gap > 0 && p.Last >= gap-1) {
		s.caught, s.gap = true, 0
		if p.End && gap > 0 && p.Last < gap-1 {
			s.gapTried = gap // the Source does not have it (yet): go on
		}
	}
}

// Next implements Subscription.
func (s *memSub) Next(ctx context.Context) (Delivery, error) {
	for {
		if s.closed.Load() {
			return Delivery{}, ErrSubscriptionClosed
		}
		if s.err != nil {
			return Delivery{}, s.err
		}
		if s.t.closed.Load() {
			return Delivery{}, s.end(ErrHubClosed)
		}
		// Events read from the Source.
		for s.pi < len(s.page) {
			e := s.page[s.pi]
			s.page[s.pi] = support.Event{}
			s.pi++
			if e.Seq <= s.l {
				continue
			}
			s.advance(e.Seq)
			return Delivery{Ticket: s.ticket, Event: e}, nil
		}
		s.page = nil
		if s.pageLast > s.l {
			s.advance(s.pageLast)
		}
		if !s.caught || s.gap > 0 {
			p, err := s.src.HistoryPage(ctx, s.viewer, s.ticket, s.l, s.hub.pageSize)
			if err != nil {
				if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
					return Delivery{}, err
				}
				return Delivery{}, s.end(fmt.Errorf("chat: read the history of %q after %d: %w", string(s.ticket), s.l, err))
			}
			s.setPage(p, s.gap)
			continue
		}
		// Live deliveries read from the ring.
		for s.bi < len(s.batch) {
			it := s.batch[s.bi]
			if it.seq == 0 {
				s.batch[s.bi] = nil
				s.bi++
				sig := *it.sig
				if s.customer && sig.Actor.Role.IsStaff() {
					sig.Actor.ID = ""
				}
				return Delivery{Ticket: s.ticket, IsSignal: true, Signal: sig}, nil
			}
			if it.seq <= s.l {
				s.batch[s.bi] = nil
				s.bi++
				continue
			}
			if it.seq > s.l+1 && it.seq != s.gapTried {
				// Events between were published late, or not at all:
				// read them from the Source, then come back to it.
				s.gap = it.seq
				break
			}
			s.batch[s.bi] = nil
			s.bi++
			s.advance(it.seq)
			e, ok := it.ev, true
			if s.customer {
				e, ok = e.CustomerView() // a fresh Opening, if any
			} else if e.Opening != nil {
				e = e.Clone()
			}
			if !ok {
				continue
			}
			return Delivery{Ticket: s.ticket, Event: e}, nil
		}
		if s.gap > 0 {
			continue
		}
		n, err := s.read()
		if err != nil {
			return Delivery{}, s.end(err)
		}
		if n > 0 {
			continue
		}
		if done := ctx.Done(); done == nil {
			<-s.wake
		} else {
			select {
			case <-s.wake:
			case <-done:
				return Delivery{}, ctx.Err()
			}
		}
	}
}

// read copies the next entries of the ring into s.batch, without locking
// unless it is at the head: then it registers as sleeping and returns 0.
func (s *memSub) read() (int, error) {
	t := s.t
	h := t.head.Load()
	if h == s.pos {
		t.mu.Lock()
		if h = t.head.Load(); h == s.pos {
			if !s.sleeping && s.registered {
				s.sleeping = true
				s.sleepIdx = len(t.sleepers)
				t.sleepers = append(t.sleepers, s)
				if len(t.sleepers) == t.subs {
					t.release()
				}
			}
			t.mu.Unlock()
			return 0, nil
		}
		t.mu.Unlock()
	}
	if lag := h - s.pos; lag >= s.hub.buffer {
		return 0, s.cutOff(fmt.Sprintf("%d deliveries behind (buffer %d)", lag, s.hub.buffer))
	}
	r := t.ring.Load()
	n := int(min(h-s.pos, hubBatch))
	if s.batch == nil {
		s.batch = make([]*item, 0, hubBatch)
	}
	b := s.batch[:n]
	for i := range b {
		b[i] = r.slots[(s.pos+uint64(i))&r.mask].Load()
	}
	// Any slot overwritten while it was read shows in head: a writer
	// stores position p+len(slots) only once head has reached it.
	if t.head.Load()-s.pos >= uint64(len(r.slots)) || slices.Contains(b, nil) {
		clear(b)
		return 0, s.cutOff(fmt.Sprintf("lapped by the ring of %d deliveries", len(r.slots)))
	}
	s.pos += uint64(n)
	s.batch, s.bi = b, 0
	return n, nil
}

func (s *memSub) cutOff(reason string) error {
	return &CutOffError{Ticket: s.ticket, Last: s.l, Reason: reason}
}

// release drops the ring's items once every subscriber has read them, so
// that a quiet chat holds no events. t.mu is held.
func (t *topic) release() {
	r := t.ring.Load()
	if r == nil {
		return
	}
	h := t.head.Load()
	from := t.clean
	if size := uint64(len(r.slots)); h-from > size {
		from = h - size
	}
	for p := from; p < h; p++ {
		r.slots[p&r.mask].Store(nil)
	}
	t.clean = h
	// Let go of the slab too, which holds the items' events: the next
	// item comes from a new one.
	t.slab, t.used = nil, 0
}
