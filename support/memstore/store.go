package memstore

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paydesk/paydesk/support"
)

// Page sizes.
const (
	DefaultLimit = 50  // the page size when a Query has no Limit
	MaxLimit     = 500 // the largest page size; larger Limits are capped
)

// Store is an in-memory support.Store. The zero Store is not usable; call
// New. A Store is safe for concurrent use.
//
// A Store holds up to 2^31-1 tickets; a commit that would create more is
// refused with an error matching support.ErrInvalidInput.
type Store struct {
	mu      sync.RWMutex
	tickets table
	byCust  map[string]*[]slot           // per customer, newest activity first (see activityLess)
	created []slot                       // all tickets, oldest first (see createdLess)
	byAgent map[string]*[]slot           // per assignee, every ticket, oldest first (see createdLess)
	working map[string]*[]slot           // per assignee, active tickets only, oldest first: the work queues
	status  map[support.Status]*slotList // per status, oldest first: the auto-close sweep
	sla     slotList                     // tickets with an SLA clock running (SLANext set), oldest first: the SLA sweep
	keys    map[keyID]support.KeyRecord
	outbox  map[string]*outboxEntry // pending messages by ID (outbox.go)
}

var _ support.Store = (*Store)(nil)

type keyID struct{ scope, key string }

// New returns an empty Store.
func New() *Store {
	return &Store{
		tickets: newTable(),
		byCust:  make(map[string]*[]slot),
		byAgent: make(map[string]*[]slot),
		working: make(map[string]*[]slot),
		status:  make(map[support.Status]*slotList),
		keys:    make(map[keyID]support.KeyRecord),
		outbox:  make(map[string]*outboxEntry),
	}
}

// Len returns the number of tickets stored.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tickets.n
}

// Get implements support.Store.
func (s *Store) Get(ctx context.Context, id support.ID) (*support.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var t *support.Ticket
	if sl, ok := s.tickets.lookup(id); ok {
		t = s.tickets.ticket(sl)
	}
	s.mu.RUnlock()
	if t == nil {
		return nil, &support.NotFoundError{ID: id}
	}
	return t.Clone(), nil // snapshots are immutable: clone outside the lock
}

// History implements support.Store.
func (s *Store) History(ctx context.Context, id support.ID, after int64, limit int) ([]support.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	sl, ok := s.tickets.lookup(id)
	var v logView
	if ok {
		v = s.tickets.at(sl).log.view() // appends never touch this prefix
	}
	s.mu.RUnlock()
	if !ok {
		return nil, &support.NotFoundError{ID: id}
	}
	return v.events(id, after, limit), nil
}

// Key implements support.Store.
func (s *Store) Key(ctx context.Context, scope, key string) (support.KeyRecord, error) {
	if err := ctx.Err(); err != nil {
		return support.KeyRecord{}, err
	}
	s.mu.RLock()
	rec, ok := s.keys[keyID{scope, key}]
	s.mu.RUnlock()
	if !ok {
		return support.KeyRecord{}, fmt.Errorf("memstore: key %q in %q: %w", key, scope, support.ErrNotFound)
	}
	return rec, nil
}

// SweepKeys deletes the idempotency keys recorded (KeyRecord.At) before
// before, and returns how many it deleted: a host runs it now and then with
// its retention period, as with sqlstore's. It walks the keys once.
func (s *Store) SweepKeys(ctx context.Context, before time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, rec := range s.keys {
		if rec.At.Before(before) {
			delete(s.keys, id)
			n++
		}
	}
	return n, nil
}

// Commit implements support.Store.
func (s *Store) Commit(ctx context.Context, c support.Commit) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := c.Check(); err != nil {
		return err
	}
	// Copy everything before taking the lock. A commit of one
	// write, the usual kind, keeps its bookkeeping on the stack.
	var snapsBuf [1]*support.Ticket
	var slotsBuf [1]slot // -1: a new ticket
	snaps, slots := snapsBuf[:], slotsBuf[:]
	if len(c.Writes) > 1 {
		snaps, slots = make([]*support.Ticket, len(c.Writes)), make([]slot, len(c.Writes))
	}
	for i, w := range c.Writes {
		snaps[i] = w.Ticket.Clone()
	}

	var msgs []*outboxEntry
	if len(c.Outbox) > 0 {
		var err error
		if msgs, err = newOutboxEntries(c.Outbox); err != nil {
			return err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	created := 0
	for i, w := range c.Writes {
		var have int64
		slots[i] = -1
		if sl, ok := s.tickets.lookup(w.Ticket.ID); ok {
			have = s.tickets.ticket(sl).Version
			slots[i] = sl
		} else {
			created++
		}
		if have != w.Prev {
			return &support.VersionError{Ticket: w.Ticket.ID, Expected: w.Prev, Actual: have}
		}
	}
	if created > maxTickets-s.tickets.n {
		return fmt.Errorf("memstore: the store holds its limit of %d tickets: %w", maxTickets, support.ErrInvalidInput)
	}
	for _, k := range c.Keys {
		if rec, ok := s.keys[keyID{k.Scope, k.Key}]; ok {
			return &support.KeyError{Record: rec}
		}
	}
	for _, m := range msgs {
		if _, ok := s.outbox[m.msg.ID]; ok {
			return fmt.Errorf("memstore: outbox message %q is stored already: %w", m.msg.ID, support.ErrInvalidInput)
		}
	}
	// Nothing can fail from here on.
	for i, w := range c.Writes {
		s.apply(slots[i], snaps[i], w)
	}
	resolveSeqs(msgs, c.Writes)
	for _, m := range msgs {
		s.outbox[m.msg.ID] = m
	}
	for _, k := range c.Keys {
		s.keys[keyID{k.Scope, k.Key}] = k
	}
	return nil
}

// apply stores one checked write in slot sl (-1 for a new ticket); s.mu
// is held.
func (s *Store) apply(sl slot, snap *support.Ticket, w support.Write) {
	var e *entry
	if sl < 0 {
		sl = s.tickets.add(snap)
		e = s.tickets.at(sl)
		s.insertCreated(sl, snap)
		s.insertAgent(s.byAgent, sl, snap)
		if snap.Status.IsActive() {
			s.insertAgent(s.working, sl, snap)
		}
		s.statusList(snap.Status).insert(s, sl, snap)
		if !snap.SLANext.IsZero() {
			s.sla.insert(s, sl, snap)
		}
		s.insertCustomer(sl, snap)
	} else {
		e = s.tickets.at(sl)
		old := e.t
		lp := s.removeCustomer(sl, old)
		moved := old.Assignee != snap.Assignee || !old.CreatedAt.Equal(snap.CreatedAt) || old.ID != snap.ID
		if moved {
			s.removeAgent(s.byAgent, sl, old)
			s.insertAgent(s.byAgent, sl, snap)
		}
		if moved || old.Status.IsActive() != snap.Status.IsActive() {
			if old.Status.IsActive() {
				s.removeAgent(s.working, sl, old)
			}
			if snap.Status.IsActive() {
				s.insertAgent(s.working, sl, snap)
			}
		}
		reordered := !old.CreatedAt.Equal(snap.CreatedAt) || old.ID != snap.ID
		if reordered || old.Status != snap.Status {
			s.statusList(old.Status).remove(s, sl, old)
			s.statusList(snap.Status).insert(s, sl, snap)
		}
		if reordered || old.SLANext.IsZero() != snap.SLANext.IsZero() {
			if !old.SLANext.IsZero() {
				s.sla.remove(s, sl, old)
			}
			if !snap.SLANext.IsZero() {
				s.sla.insert(s, sl, snap)
			}
		}
		if !old.CreatedAt.Equal(snap.CreatedAt) {
			s.removeCreated(sl, old)
			s.insertCreated(sl, snap)
		}
		e.t = snap
		if lp != nil && old.Customer == snap.Customer {
			s.insertCustomerList(lp, sl, snap) // the list found above: no second lookup
		} else {
			s.insertCustomer(sl, snap)
		}
	}
	for i := range w.Events {
		e.log.append(&w.Events[i])
		w.Events[i].Seq = e.log.n
	}
}

// activityLess orders a customer's tickets: newest UpdatedAt first, then ID.
func activityLess(a, b *support.Ticket) int {
	if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
		return c
	}
	return strings.Compare(string(a.ID), string(b.ID))
}

// createdLess orders tickets oldest CreatedAt first, then by ID.
func createdLess(a, b *support.Ticket) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return strings.Compare(string(a.ID), string(b.ID))
}

// search finds t's place in list, sorted by less.
func (s *Store) search(list []slot, t *support.Ticket, less func(a, b *support.Ticket) int) (int, bool) {
	return slices.BinarySearchFunc(list, t, func(x slot, t *support.Ticket) int { return less(s.tickets.ticket(x), t) })
}

// insertCustomer puts sl, holding t, into its customer's list.
func (s *Store) insertCustomer(sl slot, t *support.Ticket) {
	lp := s.byCust[t.Customer]
	if lp == nil {
		lp = new([]slot)
		s.byCust[t.Customer] = lp
	}
	s.insertCustomerList(lp, sl, t)
}

// insertCustomerList puts sl, holding t, into *lp, its customer's list.
func (s *Store) insertCustomerList(lp *[]slot, sl slot, t *support.Ticket) {
	list := *lp
	// New activity is usually the customer's newest: check the front first.
	i := 0
	if len(list) > 0 && activityLess(s.tickets.ticket(list[0]), t) < 0 {
		i, _ = s.search(list, t, activityLess)
	}
	*lp = slices.Insert(list, i, sl)
}

// removeCustomer takes sl, holding t, out of its customer's list, and
// returns the list.
func (s *Store) removeCustomer(sl slot, t *support.Ticket) *[]slot {
	lp := s.byCust[t.Customer]
	if lp == nil {
		return nil
	}
	list := *lp
	i := -1
	if len(list) <= 64 {
		i = slices.Index(list, sl) // compares slots: no ticket is read
	} else if j, ok := s.search(list, t, activityLess); ok && list[j] == sl {
		i = j
	}
	if i >= 0 {
		*lp = slices.Delete(list, i, i+1)
	}
	return lp
}

func (s *Store) insertCreated(sl slot, t *support.Ticket) {
	n := len(s.created)
	if n == 0 || createdLess(s.tickets.ticket(s.created[n-1]), t) < 0 {
		s.created = append(s.created, sl) // the usual case: the newest ticket
		return
	}
	i, _ := s.search(s.created, t, createdLess)
	s.created = slices.Insert(s.created, i, sl)
}

func (s *Store) removeCreated(sl slot, t *support.Ticket) {
	if i, ok := s.search(s.created, t, createdLess); ok && s.created[i] == sl {
		s.created = slices.Delete(s.created, i, i+1)
	}
}

// customer returns the list of customer's tickets; s.mu is held.
func (s *Store) customer(c string) []slot {
	if lp := s.byCust[c]; lp != nil {
		return *lp
	}
	return nil
}

// insertAgent puts sl, about to hold t, into its assignee's list in lists
// (byAgent or working).
func (s *Store) insertAgent(lists map[string]*[]slot, sl slot, t *support.Ticket) {
	if t.Assignee == "" {
		return
	}
	lp := lists[t.Assignee]
	if lp == nil {
		lp = new([]slot)
		lists[t.Assignee] = lp
	}
	s.insertSorted(lp, sl, t)
}

// statusList returns the list of tickets in status st, made on first use.
func (s *Store) statusList(st support.Status) *slotList {
	l := s.status[st]
	if l == nil {
		l = new(slotList)
		s.status[st] = l
	}
	return l
}

// insertSorted puts sl, about to hold t, into *lp, a list in creation
// order (createdLess).
func (s *Store) insertSorted(lp *[]slot, sl slot, t *support.Ticket) {
	list := *lp
	if n := len(list); n == 0 || createdLess(s.tickets.ticket(list[n-1]), t) < 0 {
		*lp = append(list, sl)
		return
	}
	i, _ := s.search(list, t, createdLess)
	*lp = slices.Insert(list, i, sl)
}

// removeSorted takes sl, which holds t, out of *lp, a list in creation
// order.
func (s *Store) removeSorted(lp *[]slot, sl slot, t *support.Ticket) {
	list := *lp
	if i, ok := s.search(list, t, createdLess); ok && list[i] == sl {
		*lp = slices.Delete(list, i, i+1)
	}
}

// removeAgent takes sl, which holds t, out of its assignee's list in lists.
func (s *Store) removeAgent(lists map[string]*[]slot, sl slot, t *support.Ticket) {
	if lp := lists[t.Assignee]; lp != nil {
		s.removeSorted(lp, sl, t)
	}
}

// Find implements support.Store.
func (s *Store) Find(ctx context.Context, q support.Query) (support.Page, error) {
	if err := ctx.Err(); err != nil {
		return support.Page{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	var cur *cursor
	if q.Cursor != "" {
		c, err := parseCursor(q.Cursor)
		if err != nil {
			return support.Page{}, err
		}
		if c.order != q.Order {
			return support.Page{}, fmt.Errorf("memstore: cursor of another order: %w", support.ErrInvalidCursor)
		}
		cur = &c
	}
	var cmp func(a, b *support.Ticket) int
	switch q.Order {
	case support.OrderActivity:
		cmp = activityLess
	case support.OrderOldest:
		cmp = createdLess
	case support.OrderNewest:
		cmp = func(a, b *support.Ticket) int { return createdLess(b, a) }
	default:
		return support.Page{}, fmt.Errorf("memstore: unknown order %d: %w", q.Order, support.ErrInvalidInput)
	}

	s.mu.RLock()
	var found []*support.Ticket
	var more bool
	switch {
	case q.Customer != "" && q.Order == support.OrderActivity:
		found, more = scan(s, flat(s.customer(q.Customer)), false, &q, cur, q.Order, limit)
	case q.Customer != "":
		list := slices.Clone(s.customer(q.Customer))
		slices.SortFunc(list, func(a, b slot) int { return cmp(s.tickets.ticket(a), s.tickets.ticket(b)) })
		found, more = scan(s, flat(list), false, &q, cur, q.Order, limit)
	case q.Order == support.OrderActivity:
		// No index: match everything, then sort. Slow on big stores.
		var all []slot
		for _, sl := range s.created {
			if q.Matches(s.tickets.ticket(sl)) {
				all = append(all, sl)
			}
		}
		slices.SortFunc(all, func(a, b slot) int { return cmp(s.tickets.ticket(a), s.tickets.ticket(b)) })
		found, more = scan(s, flat(all), false, &q, cur, q.Order, limit)
	case q.Assignee != "":
		lists := s.byAgent
		if activeOnly(q.Statuses) {
			lists = s.working // a work queue: closed tickets are not even looked at
		}
		var list []slot
		if lp := lists[q.Assignee]; lp != nil {
			list = *lp
		}
		found, more = scan(s, flat(list), q.Order == support.OrderNewest, &q, cur, q.Order, limit)
	case !q.SLADue.IsZero():
		// The SLA sweep looks only at tickets whose clock runs.
		found, more = scan(s, &s.sla, q.Order == support.OrderNewest, &q, cur, q.Order, limit)
	case len(q.Statuses) == 1:
		// Such as the auto-close sweep: the tickets of one status.
		l := s.status[q.Statuses[0]]
		if l == nil {
			l = new(slotList)
		}
		found, more = scan(s, l, q.Order == support.OrderNewest, &q, cur, q.Order, limit)
	default:
		found, more = scan(s, flat(s.created), q.Order == support.OrderNewest, &q, cur, q.Order, limit)
	}
	s.mu.RUnlock()

	p := support.Page{Tickets: cloneAll(found)}
	if more && len(found) > 0 {
		p.Next = makeCursor(found[len(found)-1], q.Order)
	}
	return p, nil
}

// activeOnly reports whether statuses selects active tickets only.
func activeOnly(statuses []support.Status) bool {
	if len(statuses) == 0 {
		return false
	}
	for _, st := range statuses {
		if !st.IsActive() {
			return false
		}
	}
	return true
}

// cloneAll deep-copies snapshots for a page, with the tickets in one array
// and their SLA clocks in another: three allocations for a page instead of
// two per ticket. Each ticket's slices are capped, so appending to one never
// writes into the next.
func cloneAll(ts []*support.Ticket) []*support.Ticket {
	if len(ts) == 0 {
		return nil
	}
	arr := make([]support.Ticket, len(ts))
	n := 0
	for _, t := range ts {
		n += len(t.SLA)
	}
	clocks := make([]support.SLAClock, 0, n)
	out := make([]*support.Ticket, len(ts))
	for i, t := range ts {
		c := &arr[i]
		*c = *t
		if t.SLA != nil {
			start := len(clocks)
			clocks = append(clocks, t.SLA...)
			c.SLA = clocks[start:len(clocks):len(clocks)]
		}
		c.Transactions = slices.Clone(t.Transactions)
		c.Tags = slices.Clone(t.Tags)
		c.Fields = slices.Clone(t.Fields)
		if t.Amount != nil {
			a := *t.Amount
			c.Amount = &a
		}
		out[i] = c
	}
	return out
}

// scan walks list (sorted in the query's order, or in reverse when reverse
// is set) from just after cur, and returns up to limit matching snapshots and
// whether more may follow; s.mu is held.
func scan[L slotSeq](s *Store, list L, reverse bool, q *support.Query, cur *cursor, order support.Order, limit int) ([]*support.Ticket, bool) {
	n := list.size()
	at := func(i int) *support.Ticket {
		if reverse {
			return s.tickets.ticket(list.get(n - 1 - i))
		}
		return s.tickets.ticket(list.get(i))
	}
	start := 0
	if cur != nil {
		// The first position after the cursor, by binary search.
		lo, hi := 0, n
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if cur.before(at(mid), order) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		start = lo
	}
	var out []*support.Ticket
	for i := start; i < n; i++ {
		t := at(i)
		if !q.Matches(t) {
			continue
		}
		if len(out) == limit {
			return out, true
		}
		out = append(out, t)
	}
	return out, false
}

// cursor is the sort key of the last ticket of a page.
type cursor struct {
	order support.Order
	at    time.Time
	id    support.ID
}

// before reports whether the cursor position comes before t in order.
func (c cursor) before(t *support.Ticket, order support.Order) bool {
	key := cursorTicket(c, order)
	switch order {
	case support.OrderActivity:
		return activityLess(key, t) < 0
	case support.OrderOldest:
		return createdLess(key, t) < 0
	default:
		return createdLess(t, key) < 0
	}
}

func cursorTicket(c cursor, order support.Order) *support.Ticket {
	if order == support.OrderActivity {
		return &support.Ticket{ID: c.id, UpdatedAt: c.at}
	}
	return &support.Ticket{ID: c.id, CreatedAt: c.at}
}

// cursorHeader is the size of a cursor before the ID: the order byte, Unix
// seconds and nanoseconds. Seconds, not Unix nanoseconds, which cover only
// the years 1678 to 2262 and would send a page of other times back to
// the wrong place.
const cursorHeader = 1 + 8 + 4

// makeCursor encodes the sort key of t: an order byte, the time in Unix
// seconds and nanoseconds, and the ID, in unpadded base64url.
func makeCursor(t *support.Ticket, order support.Order) string {
	at := t.CreatedAt
	if order == support.OrderActivity {
		at = t.UpdatedAt
	}
	b := make([]byte, 0, cursorHeader+len(t.ID))
	b = append(b, byte(order))
	b = binary.BigEndian.AppendUint64(b, uint64(at.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(at.Nanosecond()))
	b = append(b, t.ID...)
	return base64.RawURLEncoding.EncodeToString(b)
}

var errCursor = errors.New("memstore: malformed cursor")

func parseCursor(s string) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) <= cursorHeader {
		return cursor{}, fmt.Errorf("%w: %w", errCursor, support.ErrInvalidCursor)
	}
	sec := int64(binary.BigEndian.Uint64(b[1:9]))
	nsec := binary.BigEndian.Uint32(b[9:13])
	if nsec >= 1e9 {
		return cursor{}, fmt.Errorf("%w: %w", errCursor, support.ErrInvalidCursor)
	}
	at := time.Unix(sec, int64(nsec)).UTC()
	return cursor{order: support.Order(b[0]), at: at, id: support.ID(b[cursorHeader:])}, nil
}

// LatestSeq returns the sequence number of the newest event of each ticket
// of ids that exists; tickets that do not exist are left out. It is what a
// polling hub (sqlstore.PollHub) asks a store.
func (s *Store) LatestSeq(ctx context.Context, ids []support.ID) (map[support.ID]int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[support.ID]int64, len(ids))
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range ids {
		if sl, ok := s.tickets.lookup(id); ok {
			out[id] = s.tickets.at(sl).log.n
		}
	}
	return out, nil
}
