package chat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
)

var (
	hubCustomer = support.Customer("ada")
	hubAgent    = support.Agent("li")
)

// hubFixture is a Desk publishing to a MemHub, and a second Desk on the same
// store that publishes nowhere (its changes reach the hub only as gaps).
type hubFixture struct {
	hub   *chat.MemHub
	desk  *support.Desk // publishes to hub
	quiet *support.Desk // publishes nowhere
	id    support.ID
}

func newHubFixture(t testing.TB, o chat.MemHubOptions) *hubFixture {
	t.Helper()
	f := &hubFixture{hub: chat.NewMemHub(o)}
	t.Cleanup(func() { f.hub.Close() })
	st := memstore.New()
	var err error
	f.desk, err = support.NewDesk(st, support.Options{Publisher: f.hub, NoSLA: true})
	require.NoError(t, err)
	f.quiet, err = support.NewDesk(st, support.Options{NoSLA: true})
	require.NoError(t, err)
	tk, err := f.desk.Open(context.Background(), hubCustomer, support.OpenRequest{Subject: "Card declined", Description: "at the grocery store", Category: support.CategoryPaymentFailed})
	require.NoError(t, err)
	f.id = tk.ID
	// The agent's first reply opens the ticket (a reply and a status
	// event: 2 and 3); every later reply is one event.
	_, err = f.desk.Reply(context.Background(), hubAgent, f.id, support.ReplyRequest{Body: "Hello, this is Li."})
	require.NoError(t, err)
	return f
}

func (f *hubFixture) subscribe(t testing.TB, viewer support.Actor, after int64) chat.Subscription {
	t.Helper()
	sub, err := f.hub.Subscribe(context.Background(), chat.SubscribeRequest{Source: f.desk, Viewer: viewer, Ticket: f.id, After: after})
	require.NoError(t, err)
	t.Cleanup(func() { sub.Close() })
	return sub
}

// reply writes a public reply through d and returns its sequence number.
func (f *hubFixture) reply(t testing.TB, d *support.Desk, a support.Actor, body string) int64 {
	t.Helper()
	ev, err := d.Reply(context.Background(), a, f.id, support.ReplyRequest{Body: body})
	require.NoError(t, err)
	return ev.Seq
}

// history returns the sequence numbers a may see.
func (f *hubFixture) history(t testing.TB, a support.Actor) []int64 {
	t.Helper()
	evs, err := f.desk.History(context.Background(), a, f.id, 0, 0)
	require.NoError(t, err)
	return hubSeqs(evs)
}

func hubSeqs(evs []support.Event) []int64 {
	out := make([]int64, 0, len(evs))
	for _, e := range evs {
		out = append(out, e.Seq)
	}
	return out
}

// hubNext reads n deliveries, failing after a few seconds.
func hubNext(t testing.TB, sub chat.Subscription, n int) []chat.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out := make([]chat.Delivery, 0, n)
	for range n {
		d, err := sub.Next(ctx)
		require.NoError(t, err, "after %d deliveries", len(out))
		out = append(out, d)
	}
	return out
}

// hubEvents reads until the event with Seq until, returning the events.
func hubEvents(t testing.TB, sub chat.Subscription, until int64) []support.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out []support.Event
	for sub.Last() < until {
		d, err := sub.Next(ctx)
		require.NoError(t, err, "last %d, waiting for %d", sub.Last(), until)
		if !d.IsSignal {
			out = append(out, d.Event)
		}
	}
	return out
}

// hubIdle reports that nothing is ready on sub without waiting.
func hubIdle(t testing.TB, sub chat.Subscription) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d, err := sub.Next(ctx)
	require.ErrorIs(t, err, context.Canceled, "unexpected delivery %+v", d)
}

func TestHubDeliversLiveAndResumes(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{})
	staff := f.subscribe(t, hubAgent, 0)
	cust := f.subscribe(t, hubCustomer, 0)

	// The history so far (the opening) comes from the store.
	first := hubNext(t, cust, 1)[0]
	assert.Equal(t, support.EventCreated, first.Event.Kind)
	assert.Equal(t, f.id, first.Ticket)
	assert.Zero(t, first.Event.Opening.Priority, "the customer's view")

	f.reply(t, f.desk, hubAgent, "Which card?")
	_, err := f.desk.AddNote(ctx, hubAgent, f.id, "customer sounds upset")
	require.NoError(t, err)
	_, err = f.desk.Record(ctx, support.System("bot"), f.id, support.Event{Kind: support.EventCustom, Field: "chat.internal", Internal: true, Body: "score 0.2"})
	require.NoError(t, err)
	_, err = f.desk.Record(ctx, support.System("bot"), f.id, support.Event{Kind: support.EventCustom, Field: "chat.bot", Body: "Try article 12"})
	require.NoError(t, err)
	last := f.reply(t, f.desk, hubCustomer, "The Visa one")

	all := f.history(t, hubAgent)
	require.Len(t, all, 8)
	assert.Equal(t, all, hubSeqs(hubEvents(t, staff, last)))
	cevs := hubEvents(t, cust, last)
	assert.Equal(t, f.history(t, hubCustomer)[1:], hubSeqs(cevs))
	for _, e := range cevs {
		assert.False(t, e.Internal)
		assert.NotEqual(t, support.EventNote, e.Kind)
	}
	assert.Equal(t, []int64{2, 3, 4, 7, 8}, hubSeqs(cevs))
	assert.Equal(t, "li", cevs[2].Actor.ID, "a reply keeps its author")
	assert.Equal(t, "chat.bot", cevs[3].Field)
	assert.Equal(t, support.Actor{Role: support.RoleSystem}, cevs[3].Actor, "the customer learns that the business acted, not who")
	hubIdle(t, staff)
	hubIdle(t, cust)

	// Resume mid-stream: everything after the resume point, once.
	require.NoError(t, staff.Close())
	again := f.subscribe(t, hubAgent, 5)
	more := f.reply(t, f.desk, hubAgent, "Thanks")
	assert.Equal(t, []int64{6, 7, 8, more}, hubSeqs(hubEvents(t, again, more)))
	hubIdle(t, again)

	// A customer resuming past internal events gets only what they see.
	cust2 := f.subscribe(t, hubCustomer, 4)
	assert.Equal(t, []int64{7, 8, more}, hubSeqs(hubEvents(t, cust2, more)))
	assert.Equal(t, more, cust2.Last())
}

func TestHubDeliveriesAreCopies(t *testing.T) {
	f := newHubFixture(t, chat.MemHubOptions{})
	a := f.subscribe(t, hubAgent, 0)
	b := f.subscribe(t, hubAgent, 0)
	// Read from the store: each its own.
	da := hubEvents(t, a, 3)[0]
	db := hubEvents(t, b, 3)[0]
	require.NotNil(t, da.Opening)
	da.Opening.Subject = "changed"
	assert.Equal(t, "Card declined", db.Opening.Subject)

	// Live: publish a created event by hand (the hub does not check that
	// it is the first).
	ev := da
	ev.Seq, ev.Opening = 100, &support.Opening{Subject: "live"}
	f.hub.Publish(context.Background(), []support.Event{ev})
	ev.Opening.Subject = "publisher changed it"
	la, lb := hubNext(t, a, 1)[0], hubNext(t, b, 1)[0]
	la.Event.Opening.Subject = "subscriber changed it"
	assert.Equal(t, "live", lb.Event.Opening.Subject)
}

func TestHubResumesDuringConcurrentCommits(t *testing.T) {
	f := newHubFixture(t, chat.MemHubOptions{PageSize: 3})
	for i := range 20 {
		f.reply(t, f.desk, hubCustomer, fmt.Sprint("before ", i))
	}
	const writers, each = 4, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				d := f.desk
				if i%3 == 0 {
					d = f.quiet // some changes are never published
				}
				_, err := d.Reply(context.Background(), hubAgent, f.id, support.ReplyRequest{Body: fmt.Sprint(w, "/", i)})
				assert.NoError(t, err)
			}
		})
	}
	sub := f.subscribe(t, hubAgent, 5) // catches up while the writers commit
	wg.Wait()
	last := f.reply(t, f.desk, hubAgent, "done")
	assert.Equal(t, f.history(t, hubAgent)[5:], hubSeqs(hubEvents(t, sub, last)))
	hubIdle(t, sub)
}

func TestHubOrdersOutOfOrderPublishes(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{})
	sub := f.subscribe(t, hubAgent, 3)
	var evs []support.Event
	for i := range 10 {
		ev, err := f.quiet.Reply(ctx, hubAgent, f.id, support.ReplyRequest{Body: fmt.Sprint("m", i)})
		require.NoError(t, err)
		evs = append(evs, ev)
	}
	hubIdle(t, sub)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	for _, e := range evs {
		f.hub.Publish(ctx, []support.Event{e})
	}
	// Within one call too.
	more := make([]support.Event, 0, 3)
	for i := range 3 {
		ev, err := f.quiet.Reply(ctx, hubAgent, f.id, support.ReplyRequest{Body: fmt.Sprint("n", i)})
		require.NoError(t, err)
		more = append(more, ev)
	}
	slices.Reverse(more)
	f.hub.Publish(ctx, more)
	got := hubEvents(t, sub, 16)
	assert.Equal(t, []int64{4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, hubSeqs(got))
	assert.Equal(t, "m0", got[0].Body)
	hubIdle(t, sub)
}

func TestHubFillsMissingPublishes(t *testing.T) {
	f := newHubFixture(t, chat.MemHubOptions{})
	sub := f.subscribe(t, hubCustomer, 3)
	f.reply(t, f.quiet, hubAgent, "unpublished 1")
	f.reply(t, f.quiet, hubAgent, "unpublished 2")
	hubIdle(t, sub) // nothing is known yet
	last := f.reply(t, f.desk, hubAgent, "published")
	got := hubEvents(t, sub, last)
	assert.Equal(t, []int64{4, 5, 6}, hubSeqs(got))
	assert.Equal(t, []string{"unpublished 1", "unpublished 2", "published"}, []string{got[0].Body, got[1].Body, got[2].Body})
}

// lagSource is a Source that has not seen the newest events yet, as a
// replica may lag the primary.
type lagSource struct {
	chat.Source
	max int64
}

func (s lagSource) HistoryPage(ctx context.Context, a support.Actor, id support.ID, after int64, limit int) (support.HistoryPage, error) {
	p, err := s.Source.HistoryPage(ctx, a, id, after, limit)
	for i, e := range p.Events {
		if e.Seq > s.max {
			p.Events, p.End = p.Events[:i], true
			p.Last = max(after, s.max)
			break
		}
	}
	return p, err
}

func TestHubGoesOnWhenTheSourceCannotFillAGap(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{})
	sub, err := f.hub.Subscribe(ctx, chat.SubscribeRequest{Source: lagSource{f.desk, 3}, Viewer: hubAgent, Ticket: f.id, After: 3})
	require.NoError(t, err)
	defer sub.Close()
	f.reply(t, f.quiet, hubAgent, "lost")
	last := f.reply(t, f.desk, hubAgent, "seen")
	assert.Equal(t, []int64{last}, hubSeqs(hubEvents(t, sub, last)))
}

func TestHubCutsOffSlowSubscribers(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{Buffer: 8})
	slow := f.subscribe(t, hubAgent, 0)
	fast := f.subscribe(t, hubAgent, 0)
	hubEvents(t, fast, 3)
	hubEvents(t, slow, 3)
	var last int64
	for i := range 20 {
		last = f.reply(t, f.desk, hubCustomer, fmt.Sprint("m", i))
		hubEvents(t, fast, last) // the fast one keeps up
	}
	f.hub.Signal(ctx, f.id, chat.Signal{Kind: chat.SignalTyping, Actor: hubAgent, Typing: true})
	assert.True(t, hubNext(t, fast, 1)[0].IsSignal)

	_, err := slow.Next(ctx)
	var co *chat.CutOffError
	require.ErrorAs(t, err, &co)
	assert.ErrorIs(t, err, chat.ErrCutOff)
	assert.Equal(t, f.id, co.Ticket)
	assert.Equal(t, int64(3), co.Last)
	assert.Equal(t, int64(3), slow.Last())
	assert.Contains(t, err.Error(), "chat: ")
	_, again := slow.Next(ctx)
	assert.Equal(t, err, again, "the end is final")
	require.NoError(t, slow.Close())

	// Resuming gets everything, once.
	resumed := f.subscribe(t, hubAgent, co.Last)
	assert.Equal(t, f.history(t, hubAgent)[3:], hubSeqs(hubEvents(t, resumed, last)))
	hubIdle(t, resumed)
}

func TestHubSignals(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{})
	staff := f.subscribe(t, hubAgent, 3)
	cust := f.subscribe(t, hubCustomer, 3)
	sigs := []chat.Signal{
		{Kind: chat.SignalTyping, Actor: hubAgent, Typing: true},
		{Kind: chat.SignalReceipt, Actor: hubCustomer, Seq: 1},
		{Kind: 0, Actor: hubAgent},  // invalid: dropped
		{Kind: 99, Actor: hubAgent}, // invalid: dropped
		{Kind: chat.SignalQueue, Position: 2, Wait: 3 * time.Minute},
	}
	for _, s := range sigs {
		f.hub.Signal(ctx, f.id, s)
	}
	f.hub.Signal(ctx, "no-such-ticket", sigs[0])
	last := f.reply(t, f.desk, hubAgent, "hello")

	want := []chat.Signal{sigs[0], sigs[1], sigs[4]}
	got := hubNext(t, staff, 4)
	for i, s := range want {
		assert.True(t, got[i].IsSignal)
		assert.Equal(t, s, got[i].Signal)
	}
	assert.Equal(t, last, got[3].Event.Seq)

	got = hubNext(t, cust, 4)
	assert.Equal(t, support.Actor{Role: support.RoleAgent}, got[0].Signal.Actor, "staff IDs are hidden from customers")
	assert.Equal(t, hubCustomer, got[1].Signal.Actor)
	assert.Equal(t, sigs[4], got[2].Signal)
	assert.Equal(t, last, got[3].Event.Seq)

	// Signals are live only: a resume does not replay them.
	again := f.subscribe(t, hubAgent, 3)
	assert.Equal(t, []int64{last}, hubSeqs(hubEvents(t, again, last)))
	hubIdle(t, again)

	b, err := json.Marshal(got[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"ticket":"`+string(f.id)+`","is_signal":true,"signal":{"kind":"typing","actor":{"role":"agent","id":""},"typing":true}}`, string(b))
}

func TestSignalKindText(t *testing.T) {
	for _, k := range []chat.SignalKind{chat.SignalTyping, chat.SignalReceipt, chat.SignalQueue} {
		b, err := k.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, k.String(), string(b))
		var back chat.SignalKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	_, err := chat.SignalKind(0).MarshalText()
	assert.ErrorIs(t, err, support.ErrInvalidInput)
	assert.Equal(t, "SignalKind(7)", chat.SignalKind(7).String())
	var k chat.SignalKind
	err = k.UnmarshalText([]byte("shouting"))
	assert.ErrorIs(t, err, support.ErrInvalidInput)
	assert.Zero(t, k)
}

func TestHubRefusesBadSubscriptions(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{})
	req := func(mod func(*chat.SubscribeRequest)) chat.SubscribeRequest {
		r := chat.SubscribeRequest{Source: f.desk, Viewer: hubCustomer, Ticket: f.id}
		mod(&r)
		return r
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		r    chat.SubscribeRequest
		want error
	}{
		{"someone else's chat", ctx, req(func(r *chat.SubscribeRequest) { r.Viewer = support.Customer("eve") }), support.ErrNotFound},
		{"no such ticket", ctx, req(func(r *chat.SubscribeRequest) { r.Ticket = "tkt_nope" }), support.ErrNotFound},
		{"empty ticket", ctx, req(func(r *chat.SubscribeRequest) { r.Ticket = "" }), support.ErrNotFound},
		{"future sequence number", ctx, req(func(r *chat.SubscribeRequest) { r.After = 4 }), support.ErrSeqAhead},
		{"negative after", ctx, req(func(r *chat.SubscribeRequest) { r.After = -1 }), support.ErrInvalidInput},
		{"invalid viewer", ctx, req(func(r *chat.SubscribeRequest) { r.Viewer = support.Actor{Role: support.RoleAgent} }), support.ErrInvalidActor},
		{"no source", ctx, req(func(r *chat.SubscribeRequest) { r.Source = nil }), support.ErrInvalidInput},
		{"cancelled", cancelled, req(func(*chat.SubscribeRequest) {}), context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub, err := f.hub.Subscribe(tc.ctx, tc.r)
			assert.ErrorIs(t, err, tc.want)
			assert.Nil(t, sub)
			var se *support.SeqError
			if errors.As(err, &se) {
				assert.Equal(t, int64(4), se.Seq)
			}
		})
	}
	// The refused subscriptions receive nothing and hold nothing: a
	// valid one still works, and the ticket's events reach it alone.
	sub := f.subscribe(t, hubCustomer, 3)
	last := f.reply(t, f.desk, hubAgent, "hi")
	assert.Equal(t, []int64{last}, hubSeqs(hubEvents(t, sub, last)))
	// The end of the history is a valid resume point.
	at := f.subscribe(t, hubCustomer, last)
	hubIdle(t, at)
}

func TestHubNextHonoursContext(t *testing.T) {
	f := newHubFixture(t, chat.MemHubOptions{})
	sub := f.subscribe(t, hubAgent, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := sub.Next(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// A ready delivery comes even with a done context; the subscription
	// goes on after a cancelled Next.
	last := f.reply(t, f.desk, hubAgent, "after the timeout")
	d, err := sub.Next(ctx)
	require.NoError(t, err)
	assert.Equal(t, last, d.Event.Seq)

	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := sub.Next(ctx2)
		done <- err
	}()
	time.Sleep(5 * time.Millisecond)
	cancel2()
	assert.ErrorIs(t, <-done, context.Canceled)
}

func TestHubClose(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{})

	// Closing a subscription ends a Next blocked in another goroutine.
	sub := f.subscribe(t, hubAgent, 3)
	done := make(chan error)
	go func() {
		_, err := sub.Next(ctx)
		done <- err
	}()
	time.Sleep(5 * time.Millisecond)
	require.NoError(t, sub.Close())
	assert.ErrorIs(t, <-done, chat.ErrSubscriptionClosed)
	require.NoError(t, sub.Close(), "twice is fine")
	f.reply(t, f.desk, hubAgent, "nobody listens")
	_, err := sub.Next(ctx)
	assert.ErrorIs(t, err, chat.ErrSubscriptionClosed)

	// Closing the hub ends every subscription, blocked or not, even with
	// deliveries pending.
	blocked := f.subscribe(t, hubAgent, 4)
	pending := f.subscribe(t, hubAgent, 0)
	go func() {
		_, err := blocked.Next(ctx)
		done <- err
	}()
	time.Sleep(5 * time.Millisecond)
	require.NoError(t, f.hub.Close())
	err = <-done
	assert.ErrorIs(t, err, chat.ErrHubClosed)
	assert.ErrorIs(t, err, chat.ErrSubscriptionClosed)
	_, err = pending.Next(ctx)
	assert.ErrorIs(t, err, chat.ErrHubClosed)
	assert.Equal(t, "chat: hub closed", err.Error())
	require.NoError(t, f.hub.Close(), "twice is fine")

	// A closed hub refuses subscriptions and drops what it is given.
	_, err = f.hub.Subscribe(ctx, chat.SubscribeRequest{Source: f.desk, Viewer: hubAgent, Ticket: f.id})
	assert.ErrorIs(t, err, chat.ErrHubClosed)
	f.reply(t, f.desk, hubAgent, "the desk goes on")
	f.hub.Signal(ctx, f.id, chat.Signal{Kind: chat.SignalTyping, Actor: hubAgent})
	require.NoError(t, pending.Close())
}

// settle waits until the goroutine count drops to want, or a second passes.
func settle(want int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > want; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

func TestHubStartsNoGoroutines(t *testing.T) {
	ctx := context.Background()
	before := runtime.NumGoroutine()
	f := newHubFixture(t, chat.MemHubOptions{Buffer: 16})
	var subs []chat.Subscription
	for i := range 50 {
		subs = append(subs, f.subscribe(t, []support.Actor{hubAgent, hubCustomer}[i%2], 0))
	}
	for i := range 40 {
		f.reply(t, f.desk, hubAgent, fmt.Sprint("m", i))
		f.hub.Signal(ctx, f.id, chat.Signal{Kind: chat.SignalTyping, Actor: hubAgent})
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "Subscribe, Publish and Signal start no goroutines")

	// Readers in goroutines of our own, some cut off, some closing,
	// the rest ended by the hub's Close.
	var wg sync.WaitGroup
	for i, s := range subs {
		wg.Go(func() {
			for {
				if _, err := s.Next(ctx); err != nil {
					return
				}
				if i%7 == 0 {
					s.Close()
				}
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	require.NoError(t, f.hub.Close())
	wg.Wait()
	assert.LessOrEqual(t, settle(before), before, "everything released")
}

// ctxFreeSource reads the store whatever the state of the caller's
// context, so that a test can poll with a done context.
type ctxFreeSource struct{ d *support.Desk }

func (s ctxFreeSource) HistoryPage(_ context.Context, a support.Actor, id support.ID, after int64, limit int) (support.HistoryPage, error) {
	return s.d.HistoryPage(context.Background(), a, id, after, limit)
}

// TestHubPropertyExactlyOnce checks, over random interleavings of commits,
// publishes (late, shuffled, missing), signals, reads, disconnects, resumes
// and cut-offs, that a subscriber that always resumes from Last sees every
// sequence number of its view exactly once, in order.
func TestHubPropertyExactlyOnce(t *testing.T) {
	iterations := 300
	if testing.Short() {
		iterations = 50
	}
	for it := range iterations {
		rng := rand.New(rand.NewPCG(uint64(it), 42))
		hubProperty(t, it, rng)
		if t.Failed() {
			return
		}
	}
}

func hubProperty(t *testing.T, it int, rng *rand.Rand) {
	ctx := context.Background()
	done, cancel := context.WithCancel(ctx)
	cancel()
	f := newHubFixture(t, chat.MemHubOptions{Buffer: 1 + rng.IntN(12), PageSize: 1 + rng.IntN(5)})
	src := ctxFreeSource{f.quiet}
	viewer := []support.Actor{hubAgent, hubCustomer}[rng.IntN(2)]
	after := int64(rng.IntN(2)) // from the start, or after the opening
	start := after
	var (
		unpublished [][]support.Event
		seen        []int64
		sub         chat.Subscription
	)
	resume := func() {
		if sub != nil {
			sub.Close()
		}
		var err error
		sub, err = f.hub.Subscribe(ctx, chat.SubscribeRequest{Source: src, Viewer: viewer, Ticket: f.id, After: after})
		require.NoError(t, err, "iteration %d", it)
	}
	resume()
	read := func(d chat.Delivery) {
		if !d.IsSignal {
			seen = append(seen, d.Event.Seq)
			require.Equal(t, d.Event.Seq, sub.Last())
		}
	}
	steps := 20 + rng.IntN(60)
	for range steps {
		switch r := rng.IntN(10); {
		case r < 3: // commit, unpublished yet
			var ev support.Event
			var err error
			switch rng.IntN(3) {
			case 0:
				ev, err = f.quiet.Reply(ctx, hubAgent, f.id, support.ReplyRequest{Body: "agent"})
			case 1:
				ev, err = f.quiet.AddNote(ctx, hubAgent, f.id, "note")
			default:
				ev, err = f.quiet.Record(ctx, support.System("bot"), f.id, support.Event{Kind: support.EventCustom, Field: "chat.bot", Internal: rng.IntN(2) == 0, Body: "bot"})
			}
			require.NoError(t, err)
			unpublished = append(unpublished, []support.Event{ev})
		case r < 5 && len(unpublished) > 0: // publish one, in any order
			i := rng.IntN(len(unpublished))
			f.hub.Publish(ctx, unpublished[i])
			unpublished = slices.Delete(unpublished, i, i+1)
		case r < 6 && len(unpublished) > 0: // lose one
			i := rng.IntN(len(unpublished))
			unpublished = slices.Delete(unpublished, i, i+1)
		case r < 7:
			f.hub.Signal(ctx, f.id, chat.Signal{Kind: chat.SignalTyping, Actor: hubAgent})
		case r < 9: // read what is ready
			for n := rng.IntN(8); n > 0; n-- {
				d, err := sub.Next(done)
				if errors.Is(err, context.Canceled) {
					break
				}
				if errors.Is(err, chat.ErrCutOff) {
					var co *chat.CutOffError
					require.ErrorAs(t, err, &co)
					require.Equal(t, sub.Last(), co.Last)
					after = co.Last
					resume()
					continue
				}
				require.NoError(t, err, "iteration %d", it)
				read(d)
			}
		default: // disconnect and resume
			after = sub.Last()
			resume()
		}
	}
	// A last, published event: everything before it must arrive.
	final, err := f.quiet.Reply(ctx, hubAgent, f.id, support.ReplyRequest{Body: "final"})
	require.NoError(t, err)
	f.hub.Publish(ctx, []support.Event{final})
	for sub.Last() < final.Seq {
		d, err := sub.Next(done)
		if errors.Is(err, chat.ErrCutOff) {
			after = sub.Last()
			resume()
			continue
		}
		require.NoError(t, err, "iteration %d: the final event must be ready", it)
		read(d)
	}
	sub.Close()
	var want []int64
	for _, s := range f.history(t, viewer) {
		if s > start {
			want = append(want, s)
		}
	}
	require.Equal(t, want, seen, "iteration %d: viewer %v", it, viewer)
}

// TestHubRaceManyPublishersAndSubscribers runs publishers (some of whose
// changes are never published), signals, and subscribers that disconnect,
// resume and get cut off, all at once; run it with -race. Every subscriber
// must see its view of the history exactly once, in order.
func TestHubRaceManyPublishersAndSubscribers(t *testing.T) {
	ctx := context.Background()
	f := newHubFixture(t, chat.MemHubOptions{Buffer: 16, PageSize: 4})
	const publishers, each, subscribers = 4, 40, 8
	var final sync.WaitGroup
	final.Add(1)
	var finalSeq int64
	var wg sync.WaitGroup
	seen := make([][]int64, subscribers)
	viewers := make([]support.Actor, subscribers)
	for i := range subscribers {
		viewers[i] = []support.Actor{hubAgent, hubCustomer}[i%2]
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			var after int64
			sub, err := f.hub.Subscribe(ctx, chat.SubscribeRequest{Source: f.desk, Viewer: viewers[i], Ticket: f.id})
			if !assert.NoError(t, err) {
				return
			}
			stop := make(chan struct{})
			go func() { final.Wait(); close(stop) }()
			for {
				select {
				case <-stop:
					if sub.Last() >= finalSeq {
						sub.Close()
						return
					}
				default:
				}
				nctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				d, err := sub.Next(nctx)
				cancel()
				switch {
				case errors.Is(err, context.DeadlineExceeded):
					continue
				case errors.Is(err, chat.ErrCutOff) || (err == nil && rng.IntN(20) == 0):
					if err == nil && !d.IsSignal {
						seen[i] = append(seen[i], d.Event.Seq)
					}
					after = sub.Last()
					sub.Close()
					sub, err = f.hub.Subscribe(ctx, chat.SubscribeRequest{Source: f.desk, Viewer: viewers[i], Ticket: f.id, After: after})
					if !assert.NoError(t, err) {
						return
					}
				case err != nil:
					assert.NoError(t, err)
					return
				case !d.IsSignal:
					seen[i] = append(seen[i], d.Event.Seq)
				}
			}
		})
	}
	var pub sync.WaitGroup
	for p := range publishers {
		pub.Go(func() {
			for i := range each {
				d, a := f.desk, hubAgent
				if i%5 == 4 {
					d = f.quiet
				}
				if i%2 == 0 {
					a = hubCustomer
				}
				var err error
				if i%7 == 3 {
					_, err = d.AddNote(ctx, hubAgent, f.id, "note")
				} else {
					_, err = d.Reply(ctx, a, f.id, support.ReplyRequest{Body: fmt.Sprint(p, "/", i)})
				}
				assert.NoError(t, err)
				f.hub.Signal(ctx, f.id, chat.Signal{Kind: chat.SignalTyping, Actor: a, Typing: i%2 == 0})
			}
		})
	}
	pub.Wait()
	finalSeq = f.reply(t, f.desk, hubAgent, "final")
	final.Done()
	wg.Wait()
	for i := range subscribers {
		assert.Equal(t, f.history(t, viewers[i]), seen[i], "subscriber %d (%v)", i, viewers[i])
	}
}
