package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
)

// Run runs the conformance suite against the stores newStore returns. Each
// subtest gets a new store.
func Run(t *testing.T, newStore func(t *testing.T) support.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s support.Store)
	}{
		{"GetMissing", testGetMissing},
		{"CreateAndGet", testCreateAndGet},
		{"Copies", testCopies},
		{"BadWrites", testBadWrites},
		{"StaleVersion", testStaleVersion},
		{"AtomicMultiWrite", testAtomicMultiWrite},
		{"Idempotency", testIdempotency},
		{"HistoryOrder", testHistoryOrder},
		{"CustomerPagination", testCustomerPagination},
		{"QueuePagination", testQueuePagination},
		{"Filters", testFilters},
		{"FiltersFollowUpdates", testFiltersFollowUpdates},
		{"InvalidCursor", testInvalidCursor},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Desk", testDesk},
		{"DeskHotTicket", testDeskHotTicket},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// ticket returns a valid version-1 ticket.
func ticket(id, customer string, created time.Time) *support.Ticket {
	return &support.Ticket{
		ID: support.ID(id), Customer: customer, Subject: "Card payment failed " + id,
		Description: "My payment to a shop failed.", Category: support.CategoryPaymentFailed,
		Priority: support.PriorityNormal, Status: support.StatusNew, Channel: support.ChannelApp,
		CreatedAt: created, UpdatedAt: created, Version: 1,
	}
}

// create commits t as a new ticket with its created event.
func create(t *testing.T, s support.Store, tk *support.Ticket) {
	t.Helper()
	noErr(t, s.Commit(context.Background(), support.Commit{Writes: []support.Write{createWrite(tk)}}))
}

func createWrite(tk *support.Ticket) support.Write {
	return support.Write{Ticket: tk, Prev: 0, Events: []support.Event{{
		Ticket: tk.ID, Version: 1, Kind: support.EventCreated, At: tk.CreatedAt,
		Actor:   support.Customer(tk.Customer),
		Opening: &support.Opening{Customer: tk.Customer, Subject: tk.Subject, Category: tk.Category, Priority: tk.Priority, Channel: tk.Channel},
	}}}
}

// updateWrite returns the write that moves the stored ticket cur one version
// on with a note, at time at.
func updateWrite(cur *support.Ticket, at time.Time, body string) support.Write {
	next := cur.Clone()
	next.Version = cur.Version + 1
	next.UpdatedAt = at
	return support.Write{Ticket: next, Prev: cur.Version, Events: []support.Event{{
		Ticket: next.ID, Version: next.Version, Kind: support.EventNote, Internal: true, At: at,
		Actor: support.Agent("a1"), Body: body,
	}}}
}

// equal compares tickets through their JSON form, so that stores may return
// equivalent times and empty slices as nil.
func equal(t *testing.T, want, got *support.Ticket) {
	t.Helper()
	w, err := json.Marshal(want)
	noErr(t, err)
	g, err := json.Marshal(got)
	noErr(t, err)
	if string(w) != string(g) {
		t.Fatalf("tickets differ:\nwant %s\n got %s", w, g)
	}
}

func testGetMissing(t *testing.T, s support.Store) {
	ctx := context.Background()
	_, err := s.Get(ctx, "nope")
	isErr(t, err, support.ErrNotFound)
	_, err = s.History(ctx, "nope", 0, 0)
	isErr(t, err, support.ErrNotFound)
	_, err = s.Key(ctx, "open:c1", "k1")
	isErr(t, err, support.ErrNotFound)
	p, err := s.Find(ctx, support.Query{Customer: "nobody"})
	noErr(t, err)
	eq(t, 0, len(p.Tickets))
	eq(t, 0, len(p.Next))
}

func testCreateAndGet(t *testing.T, s support.Store) {
	ctx := context.Background()
	tk := ticket("t1", "c1", base)
	tk.Tags = []string{"card", "vip"}
	tk.Fields = []support.Field{{Name: "order", Value: "A-1"}, {Name: "risk", Value: "low", Internal: true}}
	tk.Transactions = []string{"tx_1"}
	w := createWrite(tk)
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w}}))
	eq(t, int64(1), w.Events[0].Seq, "Commit writes the sequence number into the events")
	got, err := s.Get(ctx, "t1")
	noErr(t, err)
	equal(t, tk, got)
	h, err := s.History(ctx, "t1", 0, 0)
	noErr(t, err)
	eq(t, 1, len(h))
	eq(t, support.EventCreated, h[0].Kind)
	eq(t, int64(1), h[0].Seq)
	truth(t, h[0].Opening != nil)
	eq(t, "c1", h[0].Opening.Customer)
}

func testCopies(t *testing.T, s support.Store) {
	ctx := context.Background()
	tk := ticket("t1", "c1", base)
	tk.Tags = []string{"a"}
	amount, err := currency.NewAmount("120.50", "EUR")
	noErr(t, err)
	other, err := currency.NewAmount("999999.99", "USD")
	noErr(t, err)
	tk.Amount = &amount
	w := createWrite(tk)
	w.Events[0].Opening.Amount = &amount
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w}}))
	// Changing what was given changes nothing stored, even through the
	// pointer to the amount at stake.
	tk.Subject = "changed"
	tk.Tags[0] = "changed"
	*tk.Amount = other
	w.Events[0].Opening.Subject = "changed"
	got, err := s.Get(ctx, "t1")
	noErr(t, err)
	eq(t, "Card payment failed t1", got.Subject)
	eq(t, []string{"a"}, got.Tags)
	eq(t, "120.50 EUR", got.Amount.String())
	// Changing what was returned changes nothing stored.
	got.Subject = "changed"
	got.Tags[0] = "changed"
	*got.Amount = other
	h, err := s.History(ctx, "t1", 0, 0)
	noErr(t, err)
	eq(t, "Card payment failed t1", h[0].Opening.Subject)
	eq(t, "120.50 EUR", h[0].Opening.Amount.String())
	h[0].Opening.Subject = "changed"
	*h[0].Opening.Amount = other
	p, err := s.Find(ctx, support.Query{Customer: "c1"})
	noErr(t, err)
	eq(t, 1, len(p.Tickets))
	p.Tickets[0].Tags[0] = "changed"
	*p.Tickets[0].Amount = other
	again, err := s.Get(ctx, "t1")
	noErr(t, err)
	eq(t, "Card payment failed t1", again.Subject)
	eq(t, []string{"a"}, again.Tags)
	eq(t, "120.50 EUR", again.Amount.String())
	h, err = s.History(ctx, "t1", 0, 0)
	noErr(t, err)
	eq(t, "Card payment failed t1", h[0].Opening.Subject)
	eq(t, "120.50 EUR", h[0].Opening.Amount.String())
}

func testBadWrites(t *testing.T, s support.Store) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	cur, err := s.Get(ctx, "t1")
	noErr(t, err)
	skip := updateWrite(cur, base.Add(time.Minute), "x")
	skip.Ticket.Version = 3 // not Prev+1
	noEvents := updateWrite(cur, base.Add(time.Minute), "x")
	noEvents.Events = nil
	otherTicket := updateWrite(cur, base.Add(time.Minute), "x")
	otherTicket.Events[0].Ticket = "t2"
	tests := []struct {
		name string
		c    support.Commit
	}{
		{"no writes", support.Commit{}},
		{"nil ticket", support.Commit{Writes: []support.Write{{Prev: 1}}}},
		{"version not prev+1", support.Commit{Writes: []support.Write{skip}}},
		{"no events", support.Commit{Writes: []support.Write{noEvents}}},
		{"event of another ticket", support.Commit{Writes: []support.Write{otherTicket}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			anErr(t, s.Commit(ctx, tc.c))
			got, err := s.Get(ctx, "t1")
			noErr(t, err)
			equal(t, cur, got)
			h, err := s.History(ctx, "t1", 0, 0)
			noErr(t, err)
			eq(t, 1, len(h))
		})
	}
}

func testStaleVersion(t *testing.T, s support.Store) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	cur, err := s.Get(ctx, "t1")
	noErr(t, err)
	w1 := updateWrite(cur, base.Add(time.Minute), "first")
	w2 := updateWrite(cur, base.Add(2*time.Minute), "second") // based on the same version
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w1}}))
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{w2}})
	isErr(t, err, support.ErrStaleVersion)
	ve := asErr[*support.VersionError](t, err)
	eq(t, support.ID("t1"), ve.Ticket)
	eq(t, int64(1), ve.Expected)
	eq(t, int64(2), ve.Actual)
	h, err := s.History(ctx, "t1", 0, 0)
	noErr(t, err)
	eq(t, 2, len(h))
	eq(t, "first", h[1].Body)

	// Creating a ticket that exists is a version conflict too.
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket("t1", "c1", base))}})
	isErr(t, err, support.ErrStaleVersion)
	got, err := s.Get(ctx, "t1")
	noErr(t, err)
	eq(t, int64(2), got.Version)
}

func testAtomicMultiWrite(t *testing.T, s support.Store) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	create(t, s, ticket("t2", "c1", base.Add(time.Second)))
	t1, _ := s.Get(ctx, "t1")
	t2, _ := s.Get(ctx, "t2")
	stale := updateWrite(t2, base.Add(time.Minute), "x")
	stale.Prev, stale.Ticket.Version = 5, 6
	stale.Events[0].Version = 6
	err := s.Commit(ctx, support.Commit{
		Writes: []support.Write{updateWrite(t1, base.Add(time.Minute), "x"), stale, createWrite(ticket("t3", "c1", base))},
		Keys:   []support.KeyRecord{{Scope: "open:c1", Key: "k", Ticket: "t3"}},
	})
	isErr(t, err, support.ErrStaleVersion)
	got, _ := s.Get(ctx, "t1")
	eq(t, int64(1), got.Version, "the valid write of a failed commit is not applied")
	h, _ := s.History(ctx, "t1", 0, 0)
	eq(t, 1, len(h))
	_, err = s.Get(ctx, "t3")
	isErr(t, err, support.ErrNotFound)
	_, err = s.Key(ctx, "open:c1", "k")
	isErr(t, err, support.ErrNotFound)

	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{
		updateWrite(t1, base.Add(time.Minute), "a"), updateWrite(t2, base.Add(time.Minute), "b"),
	}}))
	for _, id := range []support.ID{"t1", "t2"} {
		got, _ := s.Get(ctx, id)
		eq(t, int64(2), got.Version)
	}
}

func testIdempotency(t *testing.T, s support.Store) {
	ctx := context.Background()
	rec := support.KeyRecord{Scope: "open:c1", Key: "key-1", Ticket: "t1", Fingerprint: "fp", At: base}
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket("t1", "c1", base))}, Keys: []support.KeyRecord{rec}}))
	got, err := s.Key(ctx, "open:c1", "key-1")
	noErr(t, err)
	eq(t, rec.Ticket, got.Ticket)
	eq(t, rec.Fingerprint, got.Fingerprint)
	truth(t, rec.At.Equal(got.At))

	// The same key in the same scope: refused with the first record, nothing written.
	err = s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket("t2", "c1", base))}, Keys: []support.KeyRecord{{Scope: "open:c1", Key: "key-1", Ticket: "t2"}}})
	isErr(t, err, support.ErrDuplicateKey)
	ke := asErr[*support.KeyError](t, err)
	eq(t, support.ID("t1"), ke.Record.Ticket)
	_, err = s.Get(ctx, "t2")
	isErr(t, err, support.ErrNotFound)

	// The same key in another scope is another key.
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket("t3", "c2", base))}, Keys: []support.KeyRecord{{Scope: "open:c2", Key: "key-1", Ticket: "t3"}}}))

	// Concurrent claims of one key: exactly one wins.
	const n = 16
	var wg sync.WaitGroup
	wins := make(chan support.ID, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("race-%d", i)
			err := s.Commit(ctx, support.Commit{Writes: []support.Write{createWrite(ticket(id, "c3", base))}, Keys: []support.KeyRecord{{Scope: "open:c3", Key: "same", Ticket: support.ID(id)}}})
			if err == nil {
				wins <- support.ID(id)
			} else if !errors.Is(err, support.ErrDuplicateKey) {
				t.Errorf("claim %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	close(wins)
	var won []support.ID
	for id := range wins {
		won = append(won, id)
	}
	eq(t, 1, len(won))
	p, err := s.Find(ctx, support.Query{Customer: "c3"})
	noErr(t, err)
	eq(t, 1, len(p.Tickets))
	eq(t, won[0], p.Tickets[0].ID)
}

func testHistoryOrder(t *testing.T, s support.Store) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	for i := range 9 {
		cur, err := s.Get(ctx, "t1")
		noErr(t, err)
		w := updateWrite(cur, base.Add(time.Duration(i+1)*time.Minute), fmt.Sprintf("note %d", i+1))
		w.Events = append(w.Events, support.Event{Ticket: "t1", Version: w.Ticket.Version, Kind: support.EventNote, Internal: true, At: w.Events[0].At, Actor: support.Agent("a1"), Body: fmt.Sprintf("note %d bis", i+1)})
		noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w}}))
		eq(t, []int64{int64(2*i + 2), int64(2*i + 3)}, []int64{w.Events[0].Seq, w.Events[1].Seq})
	}
	all, err := s.History(ctx, "t1", 0, 0)
	noErr(t, err)
	eq(t, 19, len(all))
	for i, e := range all {
		eq(t, int64(i+1), e.Seq)
		eq(t, support.ID("t1"), e.Ticket)
		if i > 0 {
			eq(t, int64((i+1)/2+1), e.Version, fmt.Sprintf("event %d", i))
		}
	}
	tests := []struct {
		after   int64
		limit   int
		wantSeq []int64
	}{
		{0, 3, []int64{1, 2, 3}},
		{3, 2, []int64{4, 5}},
		{17, 0, []int64{18, 19}},
		{17, 10, []int64{18, 19}},
		{19, 5, nil},
		{100, 0, nil},
	}
	for _, tc := range tests {
		h, err := s.History(ctx, "t1", tc.after, tc.limit)
		noErr(t, err)
		var seqs []int64
		for _, e := range h {
			seqs = append(seqs, e.Seq)
		}
		eq(t, tc.wantSeq, seqs, fmt.Sprintf("after %d limit %d", tc.after, tc.limit))
	}
}

// collect pages through q and returns the IDs in order.
func collect(t *testing.T, s support.Store, q support.Query) []support.ID {
	t.Helper()
	var ids []support.ID
	for pages := 0; ; pages++ {
		truth(t, pages < 1000, "pagination does not end")
		p, err := s.Find(context.Background(), q)
		noErr(t, err)
		truth(t, len(p.Tickets) <= max(q.Limit, 1))
		for _, tk := range p.Tickets {
			ids = append(ids, tk.ID)
		}
		if p.Next == "" {
			return ids
		}
		truth(t, len(p.Tickets) > 0, "a page with a next cursor holds tickets")
		q.Cursor = p.Next
	}
}

func testCustomerPagination(t *testing.T, s support.Store) {
	ctx := context.Background()
	const n = 23
	var want []support.ID
	for i := range n {
		id := fmt.Sprintf("t%02d", i)
		create(t, s, ticket(id, "c1", base.Add(time.Duration(i)*time.Minute)))
		want = append(want, support.ID(id))
	}
	create(t, s, ticket("other", "c2", base))
	// Ticket t03 and t10 get activity, t10 last: they move to the front.
	for i, id := range []support.ID{"t03", "t10"} {
		cur, err := s.Get(ctx, id)
		noErr(t, err)
		noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{updateWrite(cur, base.Add(time.Duration(i+1)*time.Hour), "x")}}))
	}
	slices.Reverse(want)
	want = slices.DeleteFunc(want, func(id support.ID) bool { return id == "t03" || id == "t10" })
	want = append([]support.ID{"t10", "t03"}, want...)
	for _, limit := range []int{1, 5, 7, 23, 50} {
		got := collect(t, s, support.Query{Customer: "c1", Order: support.OrderActivity, Limit: limit})
		eq(t, want, got, fmt.Sprintf("limit %d", limit))
	}
	// Same timestamps are ordered by ID, and still page exactly once.
	for i := range 6 {
		create(t, s, ticket(fmt.Sprintf("same-%d", i), "c4", base))
	}
	got := collect(t, s, support.Query{Customer: "c4", Limit: 4})
	eq(t, []support.ID{"same-0", "same-1", "same-2", "same-3", "same-4", "same-5"}, got)
	// Times far from now (a host's clock is injected) page like any other:
	// a cursor must not lose them to the range of Unix nanoseconds.
	for i, at := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1600, 5, 1, 0, 0, 0, 0, time.UTC),
		base, time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		create(t, s, ticket(fmt.Sprintf("far-%d", i), "c5", at))
	}
	far := []support.ID{"far-0", "far-1", "far-2", "far-3", "far-4"}
	eq(t, far, collect(t, s, support.Query{Customer: "c5", Order: support.OrderOldest, Limit: 1}), "oldest first, far times")
	slices.Reverse(far)
	eq(t, far, collect(t, s, support.Query{Customer: "c5", Limit: 1}), "newest activity first, far times")
}

func testQueuePagination(t *testing.T, s support.Store) {
	ctx := context.Background()
	var all, mine []support.ID
	for i := range 40 {
		id := fmt.Sprintf("q%02d", i)
		tk := ticket(id, fmt.Sprintf("c%d", i%7), base.Add(time.Duration(i)*time.Minute))
		if i%3 == 0 {
			tk.Assignee = "agent-1"
			mine = append(mine, tk.ID)
		}
		create(t, s, tk)
		all = append(all, tk.ID)
	}
	eq(t, all, collect(t, s, support.Query{Order: support.OrderOldest, Limit: 6}))
	rev := slices.Clone(all)
	slices.Reverse(rev)
	eq(t, rev, collect(t, s, support.Query{Order: support.OrderNewest, Limit: 9}))
	eq(t, mine, collect(t, s, support.Query{Assignee: "agent-1", Order: support.OrderOldest, Limit: 4}))
	eq(t, len(all)-len(mine), len(collect(t, s, support.Query{Unassigned: true, Order: support.OrderOldest, Limit: 5})))
	// A customer's tickets in creation order.
	var c0 []support.ID
	for i := 0; i < 40; i += 7 {
		c0 = append(c0, all[i])
	}
	eq(t, c0, collect(t, s, support.Query{Customer: "c0", Order: support.OrderOldest, Limit: 2}))
	// Activity order without a customer.
	eq(t, rev, collect(t, s, support.Query{Order: support.OrderActivity, Limit: 11}))
	_, err := s.Find(ctx, support.Query{Order: support.Order(99)})
	anErr(t, err)
}

func testFilters(t *testing.T, s support.Store) {
	mk := func(id string, f func(*support.Ticket)) {
		tk := ticket(id, "c1", base.Add(time.Duration(len(id))*time.Second))
		f(tk)
		create(t, s, tk)
	}
	mk("a", func(tk *support.Ticket) { tk.Status = support.StatusOpen; tk.Group = "payments" })
	mk("bb", func(tk *support.Ticket) { tk.Category = support.CategoryRefund; tk.Tags = []string{"vip"} })
	mk("ccc", func(tk *support.Ticket) {
		tk.Priority = support.PriorityUrgent
		tk.Subject = "Locked out of my ACCOUNT"
		tk.SLANext = base.Add(time.Hour)
	})
	mk("dddd", func(tk *support.Ticket) { tk.Status = support.StatusSolved; tk.SLANext = base.Add(3 * time.Hour) })
	tests := []struct {
		name string
		q    support.Query
		want []support.ID
	}{
		{"status", support.Query{Statuses: []support.Status{support.StatusOpen, support.StatusSolved}}, []support.ID{"a", "dddd"}},
		{"category", support.Query{Categories: []support.Category{support.CategoryRefund}}, []support.ID{"bb"}},
		{"priority", support.Query{Priorities: []support.Priority{support.PriorityUrgent}}, []support.ID{"ccc"}},
		{"group", support.Query{Group: "payments"}, []support.ID{"a"}},
		{"tag", support.Query{Tag: "vip"}, []support.ID{"bb"}},
		{"text", support.Query{Text: "account"}, []support.ID{"ccc"}},
		{"sla due", support.Query{SLADue: base.Add(2 * time.Hour)}, []support.ID{"ccc"}},
		{"customer and status", support.Query{Customer: "c1", Statuses: []support.Status{support.StatusNew}, Order: support.OrderOldest}, []support.ID{"bb", "ccc"}},
		{"nothing", support.Query{Customer: "c1", Group: "none"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			if q.Customer == "" {
				q.Order = support.OrderOldest
			}
			q.Limit = 2
			eq(t, tc.want, collect(t, s, q))
		})
	}
}

// testFiltersFollowUpdates checks that indexes a store keeps follow the
// ticket when its customer-visible activity, assignee or status changes.
func testFiltersFollowUpdates(t *testing.T, s support.Store) {
	ctx := context.Background()
	for i := range 5 {
		tk := ticket(fmt.Sprintf("t%d", i), "c1", base.Add(time.Duration(i)*time.Minute))
		tk.Assignee = "agent-1"
		create(t, s, tk)
	}
	cur, err := s.Get(ctx, "t2")
	noErr(t, err)
	w := updateWrite(cur, base.Add(time.Hour), "reassigned")
	w.Ticket.Assignee = "agent-2"
	w.Ticket.Status = support.StatusOpen
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w}}))
	eq(t, []support.ID{"t0", "t1", "t3", "t4"}, collect(t, s, support.Query{Assignee: "agent-1", Order: support.OrderOldest, Limit: 3}))
	eq(t, []support.ID{"t2"}, collect(t, s, support.Query{Assignee: "agent-2", Order: support.OrderNewest, Limit: 3}))
	eq(t, []support.ID{"t2"}, collect(t, s, support.Query{Statuses: []support.Status{support.StatusOpen}, Order: support.OrderOldest}))
	eq(t, []support.ID{"t2", "t4", "t3", "t1", "t0"}, collect(t, s, support.Query{Customer: "c1", Limit: 2}))
	// Unassigning takes it out of every agent's queue.
	cur, err = s.Get(ctx, "t2")
	noErr(t, err)
	w = updateWrite(cur, base.Add(2*time.Hour), "unassigned")
	w.Ticket.Assignee = ""
	noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w}}))
	eq(t, 0, len(collect(t, s, support.Query{Assignee: "agent-2", Order: support.OrderOldest})))
	eq(t, []support.ID{"t2"}, collect(t, s, support.Query{Unassigned: true, Order: support.OrderOldest}))

	// An agent's work queue (active statuses only) follows solving,
	// reopening and reassignment, in both creation orders.
	active := []support.Status{support.StatusNew, support.StatusOpen, support.StatusPending, support.StatusOnHold}
	queue := func(agent string, order support.Order) []support.ID {
		return collect(t, s, support.Query{Assignee: agent, Statuses: active, Order: order, Limit: 2})
	}
	change := func(id support.ID, at time.Duration, f func(*support.Ticket)) {
		cur, err := s.Get(ctx, id)
		noErr(t, err)
		w := updateWrite(cur, base.Add(at), "change")
		f(w.Ticket)
		noErr(t, s.Commit(ctx, support.Commit{Writes: []support.Write{w}}))
	}
	eq(t, []support.ID{"t0", "t1", "t3", "t4"}, queue("agent-1", support.OrderOldest), "queue")
	change("t1", 3*time.Hour, func(tk *support.Ticket) { tk.Status = support.StatusSolved })
	eq(t, []support.ID{"t0", "t3", "t4"}, queue("agent-1", support.OrderOldest), "queue without the solved ticket")
	eq(t, []support.ID{"t0", "t1", "t3", "t4"}, collect(t, s, support.Query{Assignee: "agent-1", Order: support.OrderOldest, Limit: 3}), "all of the agent's tickets")
	change("t1", 4*time.Hour, func(tk *support.Ticket) { tk.Status = support.StatusOpen })
	eq(t, []support.ID{"t4", "t3", "t1", "t0"}, queue("agent-1", support.OrderNewest), "queue after reopening, newest first")
	change("t3", 5*time.Hour, func(tk *support.Ticket) { tk.Assignee, tk.Status = "agent-2", support.StatusPending })
	eq(t, []support.ID{"t0", "t1", "t4"}, queue("agent-1", support.OrderOldest), "queue after handing one over")
	eq(t, []support.ID{"t3"}, queue("agent-2", support.OrderOldest), "the other agent's queue")
	change("t3", 6*time.Hour, func(tk *support.Ticket) { tk.Assignee, tk.Status = "agent-1", support.StatusClosed })
	eq(t, 0, len(queue("agent-2", support.OrderOldest)), "the other agent's queue after closing")
	eq(t, []support.ID{"t0", "t1", "t4"}, queue("agent-1", support.OrderOldest), "a closed ticket handed back")
}

func testInvalidCursor(t *testing.T, s support.Store) {
	ctx := context.Background()
	for i := range 3 {
		create(t, s, ticket(fmt.Sprintf("t%d", i), "c1", base.Add(time.Duration(i)*time.Second)))
	}
	for _, c := range []string{"!!!", "x", "AAAA", "bm90IGEgY3Vyc29y"} {
		_, err := s.Find(ctx, support.Query{Customer: "c1", Cursor: c, Limit: 1})
		isErr(t, err, support.ErrInvalidCursor, fmt.Sprintf("cursor %q", c))
	}
	p, err := s.Find(ctx, support.Query{Customer: "c1", Limit: 1})
	noErr(t, err)
	truth(t, len(p.Next) > 0)
	// A cursor of one order is refused by another.
	_, err = s.Find(ctx, support.Query{Customer: "c1", Order: support.OrderOldest, Cursor: p.Next, Limit: 1})
	isErr(t, err, support.ErrInvalidCursor)
}

func testConcurrentWriters(t *testing.T, s support.Store) {
	ctx := context.Background()
	create(t, s, ticket("t1", "c1", base))
	const workers, each = 32, 5
	var wg sync.WaitGroup
	var mu sync.Mutex
	var done []string
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				body := fmt.Sprintf("w%d-%d", w, i)
				for {
					cur, err := s.Get(ctx, "t1")
					if err != nil {
						t.Error(err)
						return
					}
					err = s.Commit(ctx, support.Commit{Writes: []support.Write{updateWrite(cur, base.Add(time.Minute), body)}})
					if errors.Is(err, support.ErrStaleVersion) {
						continue
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					done = append(done, body)
					mu.Unlock()
					break
				}
			}
		}()
	}
	wg.Wait()
	h, err := s.History(ctx, "t1", 0, 0)
	noErr(t, err)
	eq(t, 1+workers*each, len(h))
	seen := map[string]int{}
	for i, e := range h {
		eq(t, int64(i+1), e.Seq)
		eq(t, int64(i+1), e.Version)
		if i > 0 {
			seen[e.Body]++
		}
	}
	eq(t, workers*each, len(seen))
	for _, b := range done {
		eq(t, 1, seen[b], fmt.Sprintf("update %s", b))
	}
	cur, err := s.Get(ctx, "t1")
	noErr(t, err)
	eq(t, int64(1+workers*each), cur.Version)
}
