package chat_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// benchSource is a Source with an empty history: the benchmarks measure
// the hub, not the store.
type benchSource struct{}

func (benchSource) HistoryPage(_ context.Context, _ support.Actor, _ support.ID, after int64, _ int) (support.HistoryPage, error) {
	return support.HistoryPage{Last: after, End: true}, nil
}

// benchEvent is a typical chat message.
func benchEvent(id support.ID) support.Event {
	return support.Event{Ticket: id, Version: 1, Kind: support.EventReply, At: time.Now(),
		Actor: support.Agent("li"), Body: "Your refund was sent on Monday; it takes 3-5 business days."}
}

func benchSubscribe(b *testing.B, h *chat.MemHub, id support.ID, n int) []chat.Subscription {
	b.Helper()
	subs := make([]chat.Subscription, n)
	for i := range subs {
		s, err := h.Subscribe(context.Background(), chat.SubscribeRequest{Source: benchSource{}, Viewer: support.Agent("sup"), Ticket: id})
		if err != nil {
			b.Fatal(err)
		}
		subs[i] = s
	}
	return subs
}

var fanoutSizes = []int{1, 100, 10000}

// BenchmarkHubFanout measures delivered events per second (b.N events, each
// to every subscriber, until all have received all) for a bare fan-out over
// buffered channels, the in-process limit, and for the MemHub with its
// ordering, bounded buffers and cut-off. The hub's publisher keeps within
// the subscribers' buffers (it waits for the slowest every Buffer/4
// events), as the bare fan-out's blocking sends do.
func BenchmarkHubFanout(b *testing.B) {
	for _, n := range fanoutSizes {
		b.Run(fmt.Sprintf("bare/subs=%d", n), func(b *testing.B) { benchBare(b, n) })
	}
	for _, n := range fanoutSizes {
		b.Run(fmt.Sprintf("hub/subs=%d", n), func(b *testing.B) { benchHub(b, n) })
	}
}

func benchBare(b *testing.B, n int) {
	b.ReportAllocs()
	chans := make([]chan support.Event, n)
	var wg sync.WaitGroup
	for i := range chans {
		ch := make(chan support.Event, chat.DefaultBuffer)
		chans[i] = ch
		wg.Go(func() {
			for range b.N {
				<-ch
			}
		})
	}
	ev := benchEvent("tkt_bench")
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		ev.Seq = int64(i + 1)
		for _, ch := range chans {
			ch <- ev
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)*float64(n)/elapsed.Seconds(), "events/s")
}

func benchHub(b *testing.B, n int) {
	b.ReportAllocs()
	ctx := context.Background()
	h := chat.NewMemHub(chat.MemHubOptions{})
	defer h.Close()
	const id = support.ID("tkt_bench")
	subs := benchSubscribe(b, h, id, n)
	// Windows of w events; the publisher waits for window k-2 before it
	// publishes window k, so no subscriber is ever 2w behind.
	const w = chat.DefaultBuffer / 4
	var counts [4]atomic.Int64
	var windows [4]chan struct{}
	for i := range windows {
		windows[i] = make(chan struct{}, 1)
	}
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Go(func() {
			defer s.Close()
			for i := 1; i <= b.N; i++ {
				d, err := s.Next(ctx)
				if err != nil || d.Event.Seq != int64(i) {
					b.Errorf("delivery %d: %v, seq %d", i, err, d.Event.Seq)
					return
				}
				if i%w == 0 || i == b.N {
					k := (i - 1) / w % 4
					if counts[k].Add(1) == int64(n) {
						windows[k] <- struct{}{}
					}
				}
			}
		})
	}
	ev := []support.Event{benchEvent(id)}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if k := i / w; i%w == 0 && k >= 2 {
			<-windows[(k-2)%4]
			counts[(k-2)%4].Store(0)
		}
		ev[0].Seq = int64(i + 1)
		h.Publish(ctx, ev)
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)*float64(n)/elapsed.Seconds(), "events/s")
}

// BenchmarkHubLatency measures the time from Publish to the return of Next
// in every one of 10,000 waiting subscribers, one event at a time (each
// iteration publishes one event and waits until all have it), for the hub
// and, beside it, for the bare fan-out over channels. It reports the
// median and the 99th percentile over all deliveries, and the 99th
// percentile of the publishing call itself (publish-µs: until every
// subscriber can read the event and every waiting one has been woken;
// the rest is the scheduler running 10,000 goroutines on the machine's
// cores).
func BenchmarkHubLatency(b *testing.B) {
	const n = 10000
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		lat := make([][]time.Duration, n)
		chans := make([]chan time.Time, n)
		var got sync.WaitGroup
		var wg sync.WaitGroup
		for i := range chans {
			ch := make(chan time.Time, chat.DefaultBuffer)
			chans[i] = ch
			lat[i] = make([]time.Duration, 0, b.N)
			wg.Go(func() {
				for range b.N {
					at := <-ch
					lat[i] = append(lat[i], time.Since(at))
					got.Done()
				}
			})
		}
		pub := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for range b.N {
			got.Add(n)
			at := time.Now()
			for _, ch := range chans {
				ch <- at
			}
			pub = append(pub, time.Since(at))
			got.Wait()
		}
		b.StopTimer()
		wg.Wait()
		reportLatency(b, lat, pub)
	})
	b.Run("hub", func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		h := chat.NewMemHub(chat.MemHubOptions{})
		defer h.Close()
		const id = support.ID("tkt_bench")
		subs := benchSubscribe(b, h, id, n)
		lat := make([][]time.Duration, n)
		var got sync.WaitGroup
		var wg sync.WaitGroup
		for i, s := range subs {
			lat[i] = make([]time.Duration, 0, b.N)
			wg.Go(func() {
				defer s.Close()
				for range b.N {
					d, err := s.Next(ctx)
					if err != nil {
						b.Error(err)
						return
					}
					lat[i] = append(lat[i], time.Since(d.Event.At))
					got.Done()
				}
			})
		}
		ev := []support.Event{benchEvent(id)}
		pub := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := range b.N {
			got.Add(n)
			ev[0].Seq, ev[0].At = int64(i+1), time.Now()
			h.Publish(ctx, ev)
			pub = append(pub, time.Since(ev[0].At))
			got.Wait()
		}
		b.StopTimer()
		wg.Wait()
		reportLatency(b, lat, pub)
	})
}

func reportLatency(b *testing.B, lat [][]time.Duration, pub []time.Duration) {
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(quantile(all, 0.50), "p50-µs")
	b.ReportMetric(quantile(all, 0.99), "p99-µs")
	b.ReportMetric(quantile(pub, 0.99), "publish-µs")
}

// quantile returns the q quantile of ds in microseconds; it sorts ds.
func quantile(ds []time.Duration, q float64) float64 {
	slices.Sort(ds)
	return float64(ds[int(q*float64(len(ds)-1))]) / float64(time.Microsecond)
}

// BenchmarkHubIdleSubscriber measures the heap a subscription holds while
// it waits: 10,000 subscriptions, each on its own ticket (the worst case:
// every one pays for its ticket's state) or all on one ticket.
func BenchmarkHubIdleSubscriber(b *testing.B) {
	const n = 10000
	for _, tickets := range []int{n, 1} {
		b.Run(fmt.Sprintf("tickets=%d", tickets), func(b *testing.B) {
			b.ReportAllocs()
			ids := make([]support.ID, tickets)
			for i := range ids {
				ids[i] = support.ID(fmt.Sprintf("tkt_%020d", i))
			}
			var per float64
			for range b.N {
				h := chat.NewMemHub(chat.MemHubOptions{})
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				subs := make([]chat.Subscription, n)
				for i := range subs {
					s, err := h.Subscribe(context.Background(), chat.SubscribeRequest{Source: benchSource{}, Viewer: support.Customer("c"), Ticket: ids[i%tickets]})
					if err != nil {
						b.Fatal(err)
					}
					subs[i] = s
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				per = float64(after.HeapAlloc-before.HeapAlloc) / n
				runtime.KeepAlive(subs)
				h.Close()
			}
			b.ReportMetric(per, "B/sub")
		})
	}
}

// BenchmarkHubPublishNoSubscribers measures what the Desk pays to publish a
// change of a ticket nobody watches, on a hub where 1,000 other tickets
// have a subscriber.
func BenchmarkHubPublishNoSubscribers(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	h := chat.NewMemHub(chat.MemHubOptions{})
	defer h.Close()
	for i := range 1000 {
		benchSubscribe(b, h, support.ID(fmt.Sprintf("tkt_other_%d", i)), 1)
	}
	ev := []support.Event{benchEvent("tkt_quiet")}
	b.ResetTimer()
	for i := range b.N {
		ev[0].Seq = int64(i + 1)
		h.Publish(ctx, ev)
	}
}
