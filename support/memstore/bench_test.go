package memstore_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// benchDesk is a Desk on a memstore that grows to the sizes of the
// benchmarks: ticket i belongs to customer i/10 (ten tickets each, at every
// size), is opened by an agent with one of 100 assignees, and gets an agent
// reply that opens it: three events per ticket. As in a desk that has run
// for a while, the oldest nine tenths of each growth are closed, so that an
// agent's queue of active tickets sits behind many closed ones.
type benchDesk struct {
	desk  *support.Desk
	store *memstore.Store
	now   time.Time
	n     int          // tickets opened
	ids   []support.ID // the active ones, for the benchmarks that change tickets
	bytes float64      // heap bytes per ticket, measured while growing
	heap  uint64       // live heap after the last growth

	tmpl       *support.Ticket // the first ticket, opened through the Desk
	tmplEvents []support.Event // and its history
}

func newBenchDesk(b *testing.B) *benchDesk {
	bd := &benchDesk{store: memstore.New(), now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	d, err := support.NewDesk(bd.store, support.Options{
		Now: func() time.Time { bd.now = bd.now.Add(time.Millisecond); return bd.now },
	})
	if err != nil {
		b.Fatal(err)
	}
	bd.desk = d
	return bd
}

var categories = support.Categories()

// grow adds tickets until the store holds n, and measures the heap they
// take. The first ticket goes through the Desk (Open, then an agent reply
// that opens it: created, reply and status events); the others copy its
// shape with their own ID, customer, assignee, category and times, and are
// committed through the Store API in batches, as the Desk would commit them.
func (bd *benchDesk) grow(b *testing.B, n int) {
	ctx := context.Background()
	if bd.tmpl == nil {
		agent := support.Agent("agent-0")
		t, err := bd.desk.Open(ctx, agent, support.OpenRequest{
			Customer: "cus_000000", Subject: "Card payment declined at an online shop",
			Category: categories[0], Assignee: "agent-0", Channel: support.ChannelApp,
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bd.desk.Reply(ctx, agent, t.ID, support.ReplyRequest{Body: "We are checking with the card network."}); err != nil {
			b.Fatal(err)
		}
		if bd.tmpl, err = bd.store.Get(ctx, t.ID); err != nil {
			b.Fatal(err)
		}
		if bd.tmplEvents, err = bd.store.History(ctx, t.ID, 0, 0); err != nil {
			b.Fatal(err)
		}
		bd.ids = append(bd.ids, t.ID)
		bd.n = 1
	}
	defer debug.SetGCPercent(debug.SetGCPercent(300))
	before := bd.heap
	if before == 0 {
		before = heapAlloc()
	}
	added, active := n-bd.n, 0
	const batch = 1000
	for bd.n < n {
		k := min(batch, n-bd.n)
		writes := make([]support.Write, k)
		for j := range k {
			i := bd.n + j
			t := bd.tmpl.Clone()
			t.ID = support.ID(fmt.Sprintf("tkb_%08d", i))
			// Texts of their own, as real tickets have: sharing the
			// template's strings would hide their bytes from the
			// per-ticket memory figure.
			t.Subject = fmt.Sprintf("Card payment %d declined at an online shop", i)
			t.Customer = fmt.Sprintf("cus_%06d", i/10)
			t.Assignee = fmt.Sprintf("agent-%d", i%100)
			t.Category = categories[i%len(categories)]
			t.CreatedAt = bd.tmpl.CreatedAt.Add(time.Duration(i) * time.Millisecond)
			t.UpdatedAt = t.CreatedAt.Add(time.Second)
			t.Version = 1 // one commit here, where the Desk made two
			if i < n/10*9 {
				t.Status, t.SolvedAt, t.ClosedAt, t.SLANext = support.StatusClosed, t.UpdatedAt, t.UpdatedAt, time.Time{}
				for c := range t.SLA {
					t.SLA[c].Status, t.SLA[c].Stopped = support.SLAMet, t.UpdatedAt
				}
			}
			evs := make([]support.Event, len(bd.tmplEvents))
			for e := range evs {
				evs[e] = bd.tmplEvents[e]
				evs[e].Ticket, evs[e].At, evs[e].Version = t.ID, t.UpdatedAt, 1
				if evs[e].Kind == support.EventReply {
					evs[e].Body = fmt.Sprintf("We are checking payment %d with the card network.", i)
				}
			}
			o := *evs[0].Opening
			o.Customer, o.Assignee, o.Category, o.Subject = t.Customer, t.Assignee, t.Category, t.Subject
			evs[0].Opening, evs[0].At = &o, t.CreatedAt
			writes[j] = support.Write{Ticket: t, Events: evs}
			if t.Status.IsActive() {
				bd.ids = append(bd.ids, t.ID)
				active++
			}
		}
		if err := bd.store.Commit(ctx, support.Commit{Writes: writes}); err != nil {
			b.Fatal(err)
		}
		bd.n += k
	}
	// Keep the Desk's clock after the copies, as a real clock would be.
	bd.now = bd.tmpl.CreatedAt.Add(time.Duration(n) * time.Millisecond)
	bd.heap = heapAlloc()
	if added > 0 {
		// The benchmark's own slice of IDs is not the store's memory.
		bd.bytes = (float64(bd.heap) - float64(before) - float64(active)*16) / float64(added)
	}
}

// heapAlloc returns the bytes of live heap objects after a collection.
func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkDesk measures the Desk on a memstore of 10k, 100k and 1M
// tickets (over 1k, 10k and 100k customers of ten tickets each). The
// customer's page must not depend on the number of tickets. Inputs are
// prepared before the timer starts.
func BenchmarkDesk(b *testing.B) {
	ctx := context.Background()
	bd := newBenchDesk(b)
	agent := support.Agent("agent-1")
	for _, size := range []int{10_000, 100_000, 1_000_000} {
		bd.grow(b, size)
		customers := size / 10
		b.Run(fmt.Sprintf("tickets=%dk/customer_page", size/1000), func(b *testing.B) {
			names := inputs(b.N, func(i int) string { return fmt.Sprintf("cus_%06d", (i*7919)%customers) })
			b.ReportAllocs()
			b.ResetTimer()
			defer reportCPU(b)()
			for i := range b.N {
				c := names[i%len(names)]
				p, err := bd.desk.ListCustomer(ctx, support.Customer(c), c, support.ListOptions{Limit: 20})
				if err != nil || len(p.Tickets) != 10 {
					b.Fatalf("page of %s: %d tickets, %v", c, len(p.Tickets), err)
				}
			}
			b.ReportMetric(bd.bytes, "store-B/ticket")
		})
	}
	n := len(bd.ids)
	pick := func(i int) support.ID { return bd.ids[(i*104729)%n] }
	b.Run("tickets=1000k/open", func(b *testing.B) {
		names := inputs(b.N, func(i int) support.Actor { return support.Customer(fmt.Sprintf("cus_%06d", i%100_000)) })
		b.ReportAllocs()
		b.ResetTimer()
		defer reportCPU(b)()
		for i := range b.N {
			_, err := bd.desk.Open(ctx, names[i%len(names)], support.OpenRequest{Subject: "Transfer not received", Category: support.CategoryPaymentDelayed})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tickets=1000k/reply", func(b *testing.B) {
		ids := inputs(b.N, pick)
		b.ReportAllocs()
		b.ResetTimer()
		defer reportCPU(b)()
		for i := range b.N {
			if _, err := bd.desk.Reply(ctx, agent, ids[i%len(ids)], support.ReplyRequest{Body: "Any news from your bank?"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tickets=1000k/status_change", func(b *testing.B) {
		ids := inputs(b.N, pick)
		b.ReportAllocs()
		b.ResetTimer()
		defer reportCPU(b)()
		for i := range b.N {
			// Each ticket goes to pending and back to open on its next turn.
			to := support.StatusPending
			if (i/len(ids))%2 == 1 {
				to = support.StatusOpen
			}
			if _, err := bd.desk.SetStatus(ctx, agent, ids[i%len(ids)], support.StatusChange{To: to}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tickets=1000k/agent_queue_page", func(b *testing.B) {
		qs := inputs(b.N, func(i int) support.Query {
			return support.Query{Assignee: fmt.Sprintf("agent-%d", i%100), Order: support.OrderOldest, Limit: 25}
		})
		b.ReportAllocs()
		b.ResetTimer()
		defer reportCPU(b)()
		for i := range b.N {
			p, err := bd.desk.SearchQueue(ctx, agent, qs[i%len(qs)])
			if err != nil || len(p.Tickets) != 25 {
				b.Fatalf("queue page: %d tickets, %v", len(p.Tickets), err)
			}
		}
	})
	// The sweeps of Desk.CloseSolved and Desk.CheckSLA when few tickets are
	// due: they walk the status and SLA indexes, not the million tickets.
	b.Run("tickets=1000k/autoclose_sweep", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		defer reportCPU(b)()
		for range b.N {
			if _, err := bd.store.Find(ctx, support.Query{Statuses: []support.Status{support.StatusSolved}, Order: support.OrderOldest, Limit: 200}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU starts measuring CPU time; the function it returns reports it
// per operation as cpu-ns/op.
func reportCPU(b *testing.B) func() {
	start, ok := cpuTime()
	return func() {
		if end, ok2 := cpuTime(); ok && ok2 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// inputs returns the first min(n, 4096) values of f.
func inputs[T any](n int, f func(i int) T) []T {
	out := make([]T, min(n, 4096))
	for i := range out {
		out[i] = f(i)
	}
	return out
}
