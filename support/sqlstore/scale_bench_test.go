package sqlstore_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// benchTickets is how many tickets BenchmarkOpenReply and
// BenchmarkCustomerPage load first. The default keeps CI's -benchtime=1x
// pass quick; the figures are taken at 100,000:
//
//	go test -run '^$' -bench 'OpenReply|CustomerPage' -benchtime 3s ./support/sqlstore/ -sqlstore.tickets=100000
var benchTickets = flag.Int("sqlstore.tickets", 2000, "tickets loaded before the OpenReply and CustomerPage benchmarks (at least 50)")

// Shape of the loaded desk, and of the benchmarks' load.
const (
	perCustomer = 50   // tickets of each loaded customer: one full first page
	loadBatch   = 1000 // tickets per Commit while loading
	benchConns  = 8    // concurrent clients of BenchmarkOpenReply, and the pool size
)

// loaded is a Desk over a store holding *benchTickets tickets, opened by
// their customers through the Desk: ticket i belongs to customer
// i%customers, so that a customer's tickets are spread over the whole
// history.
type loaded struct {
	desk      *support.Desk
	customers int
}

// customer returns the ID of loaded customer i.
func customer(i int) string { return fmt.Sprintf("c%06d", i) }

// batcher is the store the Desk writes to while loading: it collects the
// writes of the Desk's commits, exactly as the Desk hands them over, and
// commits them to the real store loadBatch at a time, in one Commit (one
// transaction) each. The rows are those the store writes for one Open at a
// time; only the transactions are bigger.
type batcher struct {
	support.Store // the real store
	writes        []support.Write
}

func (bt *batcher) Commit(ctx context.Context, c support.Commit) error {
	if len(c.Keys) > 0 || len(c.Outbox) > 0 {
		return fmt.Errorf("batcher: commit with keys or outbox: not loaded")
	}
	for _, w := range c.Writes {
		// The Desk turns the ticket it committed into the customer's view
		// after Commit returns: keep what it committed.
		w.Ticket = w.Ticket.Clone()
		bt.writes = append(bt.writes, w)
	}
	if len(bt.writes) >= loadBatch {
		return bt.flush(ctx)
	}
	return nil
}

func (bt *batcher) flush(ctx context.Context) error {
	if len(bt.writes) == 0 {
		return nil
	}
	err := bt.Store.Commit(ctx, support.Commit{Writes: bt.writes})
	bt.writes = bt.writes[:0]
	return err
}

// benchClock is a Desk's clock for benchmarks: a millisecond later at every
// reading, safe for concurrent use.
func benchClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return t0.Add(time.Duration(n.Add(1)) * time.Millisecond) }
}

// load opens *benchTickets tickets on store through a Desk, and returns a
// Desk over store that goes on with the same clock.
func load(b testing.TB, store support.Store) *loaded {
	b.Helper()
	n := *benchTickets
	if n < perCustomer {
		b.Fatalf("-sqlstore.tickets=%d: at least %d", n, perCustomer)
	}
	ctx := context.Background()
	clock := benchClock()
	bt := &batcher{Store: store}
	loader, err := support.NewDesk(bt, support.Options{Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	l := &loaded{customers: n / perCustomer}
	start := time.Now()
	for i := range n {
		c := customer(i % l.customers)
		if _, err := loader.Open(ctx, support.Customer(c), openRequest(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := bt.flush(ctx); err != nil {
		b.Fatal(err)
	}
	if l.desk, err = support.NewDesk(store, support.Options{Now: clock}); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d tickets of %d customers in %v", n, l.customers, time.Since(start).Round(time.Millisecond))
	return l
}

var benchCategories = support.Categories()

func openRequest(i int) support.OpenRequest {
	return support.OpenRequest{
		Subject:      "Card payment failed at checkout",
		Description:  "My card was declined twice although my balance is enough. Order " + fmt.Sprint(i),
		Category:     benchCategories[i%len(benchCategories)],
		Transactions: []string{fmt.Sprintf("pay_%08d", i)},
	}
}

// ownerTB is a sub-benchmark's testing.TB whose cleanups and temporary
// directories belong to the parent benchmark: a sub-benchmark's function
// runs once per b.N tried, and its cleanups run after each, but the loaded
// store is loaded once and kept for all of them.
type ownerTB struct {
	testing.TB
	owner testing.TB
}

func (o ownerTB) Cleanup(f func()) { o.owner.Cleanup(f) }
func (o ownerTB) TempDir() string  { return o.owner.TempDir() }

// loadedStores runs f on a loaded Desk over each store: memstore, SQLite,
// and PostgreSQL when PAYDESK_POSTGRES_DSN is set. Each is loaded once, the
// first time its sub-benchmark runs.
func loadedStores(b *testing.B, f func(b *testing.B, l *loaded)) {
	stores := []struct {
		name string
		open func(testing.TB) support.Store
	}{
		{"memstore", func(testing.TB) support.Store { return memstore.New() }},
		{"sqlite", func(t testing.TB) support.Store { return openSQLite(t).Tickets() }},
		{"postgres", func(t testing.TB) support.Store { return openPostgres(t).Tickets() }},
	}
	for _, s := range stores {
		var l *loaded
		b.Run(s.name, func(sb *testing.B) {
			if s.name == "postgres" && os.Getenv("PAYDESK_POSTGRES_DSN") == "" {
				sb.Skip("PAYDESK_POSTGRES_DSN not set")
			}
			if l == nil {
				l = load(ownerTB{sb, b}, s.open(ownerTB{sb, b}))
				sb.ResetTimer()
			}
			f(sb, l)
		})
	}
}

// BenchmarkOpenReply measures the throughput of benchConns concurrent
// clients, each opening a ticket for a customer and answering it as an
// agent (the reply opens the ticket): two Desk operations, three
// transactions' worth of statements (see TestStatementsPerOperation) per
// iteration. ops/s counts Desk operations (opens and replies), pairs/s
// iterations.
func BenchmarkOpenReply(b *testing.B) {
	loadedStores(b, func(b *testing.B, l *loaded) {
		ctx := context.Background()
		procs := runtime.GOMAXPROCS(0)
		b.SetParallelism((benchConns + procs - 1) / procs)
		var seed atomic.Uint64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			n := seed.Add(1)
			r := rand.New(rand.NewPCG(n, 0))
			agent := support.Agent(fmt.Sprintf("agent%d", n))
			for pb.Next() {
				i := r.IntN(l.customers)
				t, err := l.desk.Open(ctx, support.Customer(customer(i)), openRequest(i))
				if err != nil {
					b.Error(err)
					return
				}
				if _, err := l.desk.Reply(ctx, agent, t.ID, support.ReplyRequest{Body: "We are looking into it."}); err != nil {
					b.Error(err)
					return
				}
			}
		})
		s := b.Elapsed().Seconds()
		b.ReportMetric(float64(2*b.N)/s, "ops/s")
		b.ReportMetric(float64(b.N)/s, "pairs/s")
	})
}

// BenchmarkCustomerPage measures a customer's first page of tickets,
// newest activity first (Desk.ListCustomer, the store's Find by customer),
// of a customer picked at random: a full page of 50 tickets.
func BenchmarkCustomerPage(b *testing.B) {
	loadedStores(b, func(b *testing.B, l *loaded) {
		ctx := context.Background()
		r := rand.New(rand.NewPCG(1, 2))
		b.ReportAllocs()
		for b.Loop() {
			c := customer(r.IntN(l.customers))
			p, err := l.desk.ListCustomer(ctx, support.Customer(c), c, support.ListOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if len(p.Tickets) != sqlstore.DefaultLimit {
				b.Fatalf("page of %d tickets, want %d", len(p.Tickets), sqlstore.DefaultLimit)
			}
		}
	})
}
