package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
)

// chatFixture is a ChatStore in the shape of a busy help desk: agents in a
// dozen teams (skill sets: languages, categories, groups), nine in ten
// online with one chat of three, and a queue of chats in seven languages,
// every category, one in ten for the vip group, a few reserved for an agent
// or declined by one.
type chatFixture struct {
	s      *memstore.ChatStore
	online []string       // the online agents
	queued []support.ID   // the waiting chats
	needs  []chat.Need    // needs for new chats
	now    time.Time      // advances by a millisecond per call of tick
	rng    *rand.Rand     // fixed seed: every run builds the same fixture
	byID   map[string]int // index in online
}

var (
	benchLangs      = []language.Tag{language.English, language.MustParse("en-GB"), language.MustParse("zh-Hans"), language.MustParse("zh-Hant"), language.Spanish, language.French, language.German}
	benchCategories = support.Categories()
	// benchTeams are the agents' skill sets.
	benchTeams = []chat.Skills{
		{},
		{Groups: []string{"vip"}},
		{Languages: []language.Tag{language.English}},
		{Languages: []language.Tag{language.English}, Groups: []string{"vip"}},
		{Languages: []language.Tag{language.English, language.Spanish}},
		{Languages: []language.Tag{language.Chinese}},
		{Languages: []language.Tag{language.Chinese, language.English}, Groups: []string{"vip"}},
		{Languages: []language.Tag{language.Spanish}},
		{Languages: []language.Tag{language.French, language.German}},
		{Languages: []language.Tag{language.English}, Categories: benchCategories[:3]},
		{Languages: []language.Tag{language.Chinese}, Categories: benchCategories[3:6]},
		{Categories: benchCategories[6:]},
	}
)

func (f *chatFixture) tick() time.Time {
	f.now = f.now.Add(time.Millisecond)
	return f.now
}

func (f *chatFixture) need() chat.Need {
	n := chat.Need{Language: benchLangs[f.rng.IntN(len(benchLangs))], Category: benchCategories[f.rng.IntN(len(benchCategories))]}
	if f.rng.IntN(10) == 0 {
		n.Group = "vip"
	}
	return n
}

func newChatFixture(b *testing.B, agents, waiting int) *chatFixture {
	b.Helper()
	if raceEnabled && waiting > 10_000 {
		b.Skip("the race detector makes a queue this long slow to build")
	}
	ctx := context.Background()
	f := &chatFixture{s: memstore.NewChat(), now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), rng: rand.New(rand.NewPCG(1, 2)), byID: map[string]int{}}
	for i := range agents {
		a := chat.Agent{ID: fmt.Sprintf("agent-%04d", i), Presence: chat.Online, Capacity: 3, Skills: benchTeams[i%len(benchTeams)], LastAssigned: f.tick()}
		if i%10 == 9 {
			a.Presence = chat.Away
		}
		if err := f.s.PutAgent(ctx, a); err != nil {
			b.Fatal(err)
		}
		if a.Presence == chat.Online {
			f.byID[a.ID] = len(f.online)
			f.online = append(f.online, a.ID)
			// One chat held already.
			id := support.ID(fmt.Sprintf("held-%04d", i))
			if err := f.s.Enqueue(ctx, chat.Waiting{Ticket: id, Customer: "c", Need: chat.Need{Language: language.English}, Priority: support.PriorityNormal, Since: f.tick()}); err != nil {
				b.Fatal(err)
			}
			if _, err := f.s.Assign(ctx, id, a.ID, f.tick()); err != nil {
				b.Fatal(err)
			}
		}
	}
	for i := range waiting {
		w := chat.Waiting{Ticket: support.ID(fmt.Sprintf("wait-%06d", i)), Customer: "c", Need: f.need(),
			Priority: support.Priority(1 + f.rng.IntN(4)), Since: f.tick()}
		switch f.rng.IntN(100) {
		case 0:
			w.Agent = f.online[f.rng.IntN(len(f.online))]
		case 1, 2:
			w.Declined = []string{f.online[f.rng.IntN(len(f.online))]}
		}
		if err := f.s.Enqueue(ctx, w); err != nil {
			b.Fatal(err)
		}
		f.queued = append(f.queued, w.Ticket)
	}
	f.needs = make([]chat.Need, 1024)
	for i := range f.needs {
		f.needs[i] = f.need()
	}
	return f
}

// chatSizes are the benchmarks' agents × waiting chats.
var chatSizes = []struct{ agents, waiting int }{
	{100, 1000}, {100, 10_000}, {100, 100_000},
	{1000, 1000}, {1000, 10_000}, {1000, 100_000},
}

// BenchmarkChatAssignBest routes a new chat: one op is Enqueue, AssignBest
// and the Release that keeps the agents' load steady.
func BenchmarkChatAssignBest(b *testing.B) {
	for _, sz := range chatSizes {
		b.Run(fmt.Sprintf("agents=%d/waiting=%d", sz.agents, sz.waiting), func(b *testing.B) {
			f := newChatFixture(b, sz.agents, sz.waiting)
			ctx := context.Background()
			ids := make([]support.ID, 4096)
			for i := range ids {
				ids[i] = support.ID(fmt.Sprintf("new-%04d", i))
			}
			none := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				w := chat.Waiting{Ticket: ids[i%len(ids)], Customer: "c", Need: f.needs[i%len(f.needs)], Priority: support.PriorityNormal, Since: f.tick()}
				if err := f.s.Enqueue(ctx, w); err != nil {
					b.Fatal(err)
				}
				a, err := f.s.AssignBest(ctx, w.Ticket, f.tick())
				if err != nil {
					if !errors.Is(err, chat.ErrNoAgent) {
						b.Fatal(err)
					}
					none++
					if _, err := f.s.Dequeue(ctx, w.Ticket); err != nil {
						b.Fatal(err)
					}
					continue
				}
				if err := f.s.Release(ctx, w.Ticket, a.ID, f.tick()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(none)/float64(b.N), "no-agent/op")
		})
	}
}

// BenchmarkChatTakeNext gives an agent the next chat it takes: one op is
// TakeNext, and the Release and Enqueue that put the chat back in its place.
func BenchmarkChatTakeNext(b *testing.B) {
	for _, sz := range chatSizes {
		b.Run(fmt.Sprintf("agents=%d/waiting=%d", sz.agents, sz.waiting), func(b *testing.B) {
			f := newChatFixture(b, sz.agents, sz.waiting)
			ctx := context.Background()
			empty := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				agent := f.online[(i*7919)%len(f.online)]
				w, err := f.s.TakeNext(ctx, agent, f.tick())
				if err != nil {
					if !errors.Is(err, chat.ErrQueueEmpty) {
						b.Fatal(err)
					}
					empty++
					continue
				}
				if err := f.s.Release(ctx, w.Ticket, agent, f.tick()); err != nil {
					b.Fatal(err)
				}
				if err := f.s.Enqueue(ctx, w); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(empty)/float64(b.N), "empty/op")
		})
	}
}

// BenchmarkChatPosition finds a waiting chat's place on its line.
func BenchmarkChatPosition(b *testing.B) {
	for _, sz := range chatSizes {
		b.Run(fmt.Sprintf("agents=%d/waiting=%d", sz.agents, sz.waiting), func(b *testing.B) {
			f := newChatFixture(b, sz.agents, sz.waiting)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, _, err := f.s.Position(ctx, f.queued[(i*7919)%len(f.queued)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChatCapacity answers the capacity of the agents serving a need,
// as every wait estimate asks it.
func BenchmarkChatCapacity(b *testing.B) {
	for _, sz := range chatSizes {
		b.Run(fmt.Sprintf("agents=%d/waiting=%d", sz.agents, sz.waiting), func(b *testing.B) {
			f := newChatFixture(b, sz.agents, sz.waiting)
			ctx := context.Background()
			needs := make([]chat.Need, 64)
			for i := range needs {
				needs[i] = f.need()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := f.s.Capacity(ctx, needs[i%len(needs)], ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
