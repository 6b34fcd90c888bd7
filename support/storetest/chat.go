package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// RunChat runs the conformance suite of chat.Store against the stores
// newStore returns. Each subtest gets a new, empty store.
//
// The suite checks the contract written on chat.Store and the routing model
// of package chat: agents (copies in and out, sorted, chats kept across
// PutAgent, invalid agents refused with an error matching
// support.ErrInvalidInput), the queue (ErrQueued, positions per line in
// chat.CompareWaiting order), declines and reservations, AssignBest in
// chat.CompareAgents order among agents that chat.Agent.Takes the chat,
// TakeNext in chat.CompareWaiting order, Assign, Release and the
// handling-time statistics, read receipts, and concurrent routing that
// never gives one chat to two agents nor an agent more chats than its
// capacity. Errors are matched with errors.Is.
func RunChat(t *testing.T, newStore func(t *testing.T) chat.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s chat.Store)
	}{
		{"Agents", testChatAgents},
		{"InvalidAgents", testChatInvalidAgents},
		{"AgentKeepsChats", testChatAgentKeepsChats},
		{"Enqueue", testChatEnqueue},
		{"Position", testChatPosition},
		{"Line", testChatLine},
		{"Dequeue", testChatDequeue},
		{"Decline", testChatDecline},
		{"AssignBestOrder", testChatAssignBestOrder},
		{"AssignBestSkills", testChatAssignBestSkills},
		{"Reserved", testChatReserved},
		{"TakeNext", testChatTakeNext},
		{"Assign", testChatAssign},
		{"Release", testChatRelease},
		{"StatsWindow", testChatStatsWindow},
		{"Capacity", testChatCapacity},
		{"Receipts", testChatReceipts},
		{"ConcurrentRouting", testChatConcurrentRouting},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

var (
	langEN   = language.English
	langES   = language.Spanish
	langZH   = language.Chinese
	langZHS  = language.MustParse("zh-Hans")
	langZHT  = language.MustParse("zh-Hant")
	langENGB = language.MustParse("en-GB")
	langENUS = language.MustParse("en-US")
)

// at is base plus d.
func at(d time.Duration) time.Time { return base.Add(d) }

// chatAgent returns an online agent.
func chatAgent(id string, capacity int, last time.Duration, sk chat.Skills) chat.Agent {
	return chat.Agent{ID: id, Presence: chat.Online, Capacity: capacity, Skills: sk, LastAssigned: at(last)}
}

// wait returns a waiting chat of ticket id for customer "c-"+id.
func wait(id string, lang language.Tag, prio support.Priority, since time.Duration) chat.Waiting {
	return chat.Waiting{Ticket: support.ID(id), Customer: "c-" + id, Need: chat.Need{Language: lang}, Priority: prio, Since: at(since)}
}

func putAgent(t *testing.T, s chat.Store, a chat.Agent) {
	t.Helper()
	noErr(t, s.PutAgent(context.Background(), a), "PutAgent ", a.ID)
}

func enqueue(t *testing.T, s chat.Store, ws ...chat.Waiting) {
	t.Helper()
	for _, w := range ws {
		noErr(t, s.Enqueue(context.Background(), w), "Enqueue ", w.Ticket)
	}
}

func getAgent(t *testing.T, s chat.Store, id string) chat.Agent {
	t.Helper()
	a, err := s.Agent(context.Background(), id)
	noErr(t, err, "Agent ", id)
	return a
}

func holderOf(t *testing.T, s chat.Store, ticket support.ID) string {
	t.Helper()
	h, err := s.Holder(context.Background(), ticket)
	noErr(t, err, "Holder ", ticket)
	return h
}

func assignBest(t *testing.T, s chat.Store, ticket support.ID, when time.Time) chat.Agent {
	t.Helper()
	a, err := s.AssignBest(context.Background(), ticket, when)
	noErr(t, err, "AssignBest ", ticket)
	return a
}

func release(t *testing.T, s chat.Store, ticket support.ID, agent string, when time.Time) {
	t.Helper()
	noErr(t, s.Release(context.Background(), ticket, agent, when), "Release ", ticket, " ", agent)
}

func position(t *testing.T, s chat.Store, ticket support.ID) [2]int {
	t.Helper()
	pos, line, err := s.Position(context.Background(), ticket)
	noErr(t, err, "Position ", ticket)
	return [2]int{pos, line}
}

// chats returns the agent's chats, nil when none.
func chats(t *testing.T, s chat.Store, id string) []support.ID {
	t.Helper()
	c := getAgent(t, s, id).Chats
	if len(c) == 0 {
		return nil
	}
	return c
}

// nilIfEmpty lets stores return empty slices as nil or not.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// sameTime fails unless want and got are the same instant.
func sameTime(t *testing.T, want, got time.Time, msg ...any) {
	t.Helper()
	if !want.Equal(got) {
		t.Fatalf("%s: want %v, got %v", fmt.Sprint(msg...), want, got)
	}
}

// sameWaiting fails unless got is want, as stores may return it.
func sameWaiting(t *testing.T, want, got chat.Waiting) {
	t.Helper()
	sameTime(t, want.Since, got.Since, "Since of ", want.Ticket)
	want.Since, got.Since = time.Time{}, time.Time{}
	want.Declined, got.Declined = nilIfEmpty(want.Declined), nilIfEmpty(got.Declined)
	eq(t, want, got, "waiting chat ", want.Ticket)
}

// sameAgent fails unless got is want, as stores may return it.
func sameAgent(t *testing.T, want, got chat.Agent) {
	t.Helper()
	sameTime(t, want.LastAssigned, got.LastAssigned, "LastAssigned of ", want.ID)
	want.LastAssigned, got.LastAssigned = time.Time{}, time.Time{}
	for _, a := range []*chat.Agent{&want, &got} {
		a.Chats = nilIfEmpty(a.Chats)
		a.Skills.Languages = nilIfEmpty(a.Skills.Languages)
		a.Skills.Categories = nilIfEmpty(a.Skills.Categories)
		a.Skills.Groups = nilIfEmpty(a.Skills.Groups)
	}
	eq(t, want, got, "agent ", want.ID)
}

func testChatAgents(t *testing.T, s chat.Store) {
	ctx := context.Background()
	_, err := s.Agent(ctx, "nobody")
	isErr(t, err, chat.ErrUnknownAgent)
	list, err := s.Agents(ctx)
	noErr(t, err)
	eq(t, 0, len(list), "no agents yet")

	in := chatAgent("b", 2, time.Minute, chat.Skills{
		Languages: []language.Tag{langEN}, Categories: []support.Category{support.CategoryFees}, Groups: []string{"vip"},
	})
	want := chatAgent("b", 2, time.Minute, chat.Skills{
		Languages: []language.Tag{langEN}, Categories: []support.Category{support.CategoryFees}, Groups: []string{"vip"},
	})
	putAgent(t, s, in)
	putAgent(t, s, chatAgent("c", 1, 0, chat.Skills{}))
	putAgent(t, s, chat.Agent{ID: "a", Presence: chat.Away, Capacity: 3})
	sameAgent(t, want, getAgent(t, s, "b"))

	// Changing what was given changes nothing stored.
	in.Skills.Languages[0] = langES
	in.Skills.Categories[0] = support.CategoryRefund
	in.Skills.Groups[0] = "changed"
	got := getAgent(t, s, "b")
	sameAgent(t, want, got)
	// Nor does changing what was returned.
	got.Skills.Languages[0] = langES
	got.Skills.Categories[0] = support.CategoryRefund
	got.Skills.Groups[0] = "changed"
	sameAgent(t, want, getAgent(t, s, "b"))

	list, err = s.Agents(ctx)
	noErr(t, err)
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	eq(t, []string{"a", "b", "c"}, ids, "Agents sorted by ID")
	sameAgent(t, want, list[1])
	eq(t, chat.Away, list[0].Presence)
	list[1].Skills.Groups[0] = "changed"
	sameAgent(t, want, getAgent(t, s, "b"))

	// An update replaces presence, capacity and skills.
	upd := chat.Agent{ID: "b", Presence: chat.Away, Capacity: 5, Skills: chat.Skills{Languages: []language.Tag{langZHS, langEN}}, LastAssigned: at(time.Minute)}
	putAgent(t, s, upd)
	sameAgent(t, upd, getAgent(t, s, "b"))
}

func testChatInvalidAgents(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("a", 2, 0, chat.Skills{}))
	tests := []struct {
		name string
		a    chat.Agent
	}{
		{"empty ID", chat.Agent{Presence: chat.Online, Capacity: 1}},
		{"zero presence", chat.Agent{ID: "x", Capacity: 1}},
		{"unknown presence", chat.Agent{ID: "x", Presence: chat.Presence(9), Capacity: 1}},
		{"zero capacity", chat.Agent{ID: "x", Presence: chat.Online}},
		{"negative capacity", chat.Agent{ID: "x", Presence: chat.Online, Capacity: -1}},
		{"update to zero capacity", chat.Agent{ID: "a", Presence: chat.Online}},
		{"update to no presence", chat.Agent{ID: "a", Capacity: 4}},
	}
	for _, tc := range tests {
		err := s.PutAgent(ctx, tc.a)
		isErr(t, err, support.ErrInvalidInput, tc.name)
	}
	_, err := s.Agent(ctx, "x")
	isErr(t, err, chat.ErrUnknownAgent, "a refused agent is not stored")
	sameAgent(t, chatAgent("a", 2, 0, chat.Skills{}), getAgent(t, s, "a"))
	list, err := s.Agents(ctx)
	noErr(t, err)
	eq(t, 1, len(list))
}

func testChatAgentKeepsChats(t *testing.T, s chat.Store) {
	putAgent(t, s, chatAgent("a", 3, 0, chat.Skills{}))
	enqueue(t, s, wait("t1", langEN, support.PriorityNormal, 0), wait("t2", langEN, support.PriorityNormal, time.Second))
	assignBest(t, s, "t1", at(time.Minute))
	assignBest(t, s, "t2", at(2*time.Minute))
	got := getAgent(t, s, "a")
	eq(t, []support.ID{"t1", "t2"}, got.Chats, "oldest assignment first")
	sameTime(t, at(2*time.Minute), got.LastAssigned, "LastAssigned after assignments")

	// Updates keep the chats, whatever Chats they carry.
	upd := chatAgent("a", 4, 0, chat.Skills{Languages: []language.Tag{langES}})
	upd.Chats = []support.ID{"x"}
	putAgent(t, s, upd)
	got = getAgent(t, s, "a")
	eq(t, []support.ID{"t1", "t2"}, got.Chats, "chats kept across PutAgent")
	eq(t, 4, got.Capacity)
	for _, p := range []chat.Presence{chat.Away, chat.Offline} {
		upd.Presence = p
		putAgent(t, s, upd)
		eq(t, []support.ID{"t1", "t2"}, chats(t, s, "a"), "chats kept when ", p)
		eq(t, "a", holderOf(t, s, "t1"))
	}

	// Coming online, LastAssigned is at least the last assignment...
	upd.Presence, upd.LastAssigned = chat.Online, at(30*time.Second)
	putAgent(t, s, upd)
	got = getAgent(t, s, "a")
	truth(t, !got.LastAssigned.Before(at(2*time.Minute)), "coming online moved LastAssigned before the last assignment: ", got.LastAssigned)
	// ... and the given time when that is later.
	upd.Presence = chat.Away
	putAgent(t, s, upd)
	upd.Presence, upd.LastAssigned = chat.Online, at(time.Hour)
	putAgent(t, s, upd)
	sameTime(t, at(time.Hour), getAgent(t, s, "a").LastAssigned, "coming online later than the last assignment")
}

func testChatEnqueue(t *testing.T, s chat.Store) {
	ctx := context.Background()
	w := wait("t1", langZHT, support.PriorityHigh, time.Minute)
	w.Need.Category, w.Need.Group = support.CategoryFees, "vip"
	w.Declined = []string{"x"}
	want := w
	want.Declined = []string{"x"}
	enqueue(t, s, w)
	w.Declined[0] = "changed" // changes nothing stored
	got, err := s.Waiting(ctx, "t1")
	noErr(t, err)
	sameWaiting(t, want, got)
	got.Declined[0] = "changed" // nor does this
	got, err = s.Waiting(ctx, "t1")
	noErr(t, err)
	sameWaiting(t, want, got)

	isErr(t, s.Enqueue(ctx, want), chat.ErrQueued, "a waiting chat")
	_, err = s.Waiting(ctx, "nope")
	isErr(t, err, chat.ErrNotWaiting)

	// A held chat is queued too; released, it may wait again.
	putAgent(t, s, chatAgent("a", 1, 0, chat.Skills{Groups: []string{"vip"}}))
	eq(t, "a", assignBest(t, s, "t1", at(2*time.Minute)).ID)
	_, err = s.Waiting(ctx, "t1")
	isErr(t, err, chat.ErrNotWaiting, "an assigned chat does not wait")
	isErr(t, s.Enqueue(ctx, want), chat.ErrQueued, "a held chat")
	release(t, s, "t1", "a", at(3*time.Minute))
	enqueue(t, s, want)
	got, err = s.Waiting(ctx, "t1")
	noErr(t, err)
	sameWaiting(t, want, got)

	// A reservation is kept.
	r := wait("t2", langEN, support.PriorityLow, 0)
	r.Agent = "b"
	enqueue(t, s, r)
	got, err = s.Waiting(ctx, "t2")
	noErr(t, err)
	sameWaiting(t, r, got)
}

// positionQueue enqueues, in scrambled order, chats on three lines and
// returns each line in CompareWaiting order.
func positionQueue(t *testing.T, s chat.Store) (en, vip, zh []support.ID) {
	fees := chat.Need{Language: langEN, Category: support.CategoryFees}
	ws := []chat.Waiting{
		wait("a4", langEN, support.PriorityNormal, time.Minute),
		{Ticket: "a5", Customer: "c", Need: fees, Priority: support.PriorityNormal, Since: at(time.Minute)}, // category is not a line
		wait("z1", langZHS, support.PriorityNormal, 3*time.Minute),
		wait("a1", langEN, support.PriorityNormal, 0),
		{Ticket: "a6", Customer: "c", Need: chat.Need{Language: langEN, Group: "vip"}, Priority: support.PriorityUrgent, Since: at(0)},
		wait("a3", langENUS, support.PriorityHigh, 2*time.Minute),
		{Ticket: "r1", Customer: "c", Need: chat.Need{Language: langEN}, Priority: support.PriorityLow, Since: at(-time.Hour), Agent: "x"},
		wait("z2", langZHT, support.PriorityUrgent, 4*time.Minute),
		wait("a2", langENGB, support.PriorityNormal, time.Minute),
	}
	enqueue(t, s, ws...)
	// Priority first, then Since, then ticket ID; a reserved chat counts
	// on its line.
	return []support.ID{"a3", "a1", "a2", "a4", "a5", "r1"}, []support.ID{"a6"}, []support.ID{"z2", "z1"}
}

func testChatPosition(t *testing.T, s chat.Store) {
	ctx := context.Background()
	en, vip, zh := positionQueue(t, s)
	check := func(line []support.ID, msg string) {
		t.Helper()
		for i, id := range line {
			eq(t, [2]int{i + 1, len(line)}, position(t, s, id), msg, ": position of ", id)
		}
	}
	check(en, "en line")
	check(vip, "vip line")
	check(zh, "zh line")

	_, _, err := s.Position(ctx, "nope")
	isErr(t, err, chat.ErrNotWaiting)

	_, err = s.Dequeue(ctx, "a1")
	noErr(t, err)
	en = slices.DeleteFunc(en, func(id support.ID) bool { return id == "a1" })
	check(en, "en line without a1")
	_, _, err = s.Position(ctx, "a1")
	isErr(t, err, chat.ErrNotWaiting, "a dequeued chat")

	putAgent(t, s, chatAgent("ag", 5, 0, chat.Skills{}))
	_, err = s.Assign(ctx, "a3", "ag", at(time.Hour))
	noErr(t, err)
	en = en[1:]
	check(en, "en line without a3")
	_, _, err = s.Position(ctx, "a3")
	isErr(t, err, chat.ErrNotWaiting, "an assigned chat")

	// A later chat joins at its place by priority.
	enqueue(t, s, wait("a0", langEN, support.PriorityUrgent, 10*time.Hour))
	check(append([]support.ID{"a0"}, en...), "en line with an urgent chat")
}

// liner is the Line method a store may have (see chat.Store).
type liner interface {
	Line(ctx context.Context, need chat.Need, limit int) ([]chat.Waiting, error)
}

func testChatLine(t *testing.T, s chat.Store) {
	l, ok := s.(liner)
	if !ok {
		t.Skip("the store has no Line method")
	}
	ctx := context.Background()
	en, _, zh := positionQueue(t, s)
	ids := func(ws []chat.Waiting) []support.ID {
		var out []support.ID
		for _, w := range ws {
			out = append(out, w.Ticket)
		}
		return out
	}
	got, err := l.Line(ctx, chat.Need{Language: langENGB, Category: support.CategoryRefund}, 100)
	noErr(t, err)
	eq(t, en, ids(got), "the en line")
	got, err = l.Line(ctx, chat.Need{Language: langZH}, 1)
	noErr(t, err)
	eq(t, zh[:1], ids(got), "the head of the zh line")
	got, err = l.Line(ctx, chat.Need{Language: langES}, 10)
	noErr(t, err)
	eq(t, 0, len(got), "an empty line")
}

func testChatDequeue(t *testing.T, s chat.Store) {
	ctx := context.Background()
	w := wait("t1", langEN, support.PriorityNormal, 0)
	w.Agent, w.Declined = "a", []string{"b"}
	enqueue(t, s, w)
	got, err := s.Dequeue(ctx, "t1")
	noErr(t, err)
	sameWaiting(t, w, got)
	_, err = s.Dequeue(ctx, "t1")
	isErr(t, err, chat.ErrNotWaiting, "dequeued twice")
	_, err = s.Waiting(ctx, "t1")
	isErr(t, err, chat.ErrNotWaiting)
	_, err = s.Holder(ctx, "t1")
	isErr(t, err, chat.ErrNotAssigned, "a dequeued chat is not held")
	enqueue(t, s, w) // may wait again

	// A held chat does not wait, and stays held.
	putAgent(t, s, chatAgent("a", 1, 0, chat.Skills{}))
	eq(t, "a", assignBest(t, s, "t1", at(time.Minute)).ID)
	_, err = s.Dequeue(ctx, "t1")
	isErr(t, err, chat.ErrNotWaiting, "a held chat")
	eq(t, "a", holderOf(t, s, "t1"))
	_, err = s.Dequeue(ctx, "nope")
	isErr(t, err, chat.ErrNotWaiting)
}

func testChatDecline(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("a", 2, 0, chat.Skills{}))           // preferred: idle longest
	putAgent(t, s, chatAgent("b", 2, time.Minute, chat.Skills{})) // next
	enqueue(t, s, wait("t1", langEN, support.PriorityNormal, 0))
	noErr(t, s.Decline(ctx, "t1", "a"))
	noErr(t, s.Decline(ctx, "t1", "a"), "declining twice")
	w, err := s.Waiting(ctx, "t1")
	noErr(t, err)
	truth(t, slices.Contains(w.Declined, "a"), "Declined holds a: ", w.Declined)
	eq(t, "b", assignBest(t, s, "t1", at(time.Hour)).ID, "a declined t1")

	enqueue(t, s, wait("t2", langEN, support.PriorityUrgent, 0))
	noErr(t, s.Decline(ctx, "t2", "a"))
	noErr(t, s.Decline(ctx, "t2", "b"))
	_, err = s.AssignBest(ctx, "t2", at(time.Hour))
	isErr(t, err, chat.ErrNoAgent, "everyone declined t2")
	_, err = s.Waiting(ctx, "t2")
	noErr(t, err, "t2 keeps waiting")
	_, err = s.TakeNext(ctx, "a", at(time.Hour))
	isErr(t, err, chat.ErrQueueEmpty, "the only chat was declined")

	// TakeNext passes over the declined chat, first as it is.
	enqueue(t, s, wait("t3", langEN, support.PriorityLow, time.Hour))
	got, err := s.TakeNext(ctx, "a", at(2*time.Hour))
	noErr(t, err)
	eq(t, support.ID("t3"), got.Ticket)
	_, err = s.TakeNext(ctx, "b", at(2*time.Hour))
	isErr(t, err, chat.ErrQueueEmpty, "b declined t2 too")
	eq(t, []support.ID{"t3"}, chats(t, s, "a"))
	eq(t, []support.ID{"t1"}, chats(t, s, "b"))

	isErr(t, s.Decline(ctx, "nope", "a"), chat.ErrNotWaiting)
	isErr(t, s.Decline(ctx, "t1", "a"), chat.ErrNotWaiting, "a held chat")
}

func testChatAssignBestOrder(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("c", 3, 0, chat.Skills{}))
	putAgent(t, s, chatAgent("b", 3, 0, chat.Skills{}))
	putAgent(t, s, chatAgent("a", 3, time.Minute, chat.Skills{}))
	away := chatAgent("d", 3, -time.Hour, chat.Skills{})
	away.Presence = chat.Away
	putAgent(t, s, away)
	off := chatAgent("e", 3, -time.Hour, chat.Skills{})
	off.Presence = chat.Offline
	putAgent(t, s, off)
	for i := 1; i <= 9; i++ {
		enqueue(t, s, wait(fmt.Sprintf("t%d", i), langEN, support.PriorityNormal, time.Duration(i)*time.Second))
	}

	// All idle: b and c have waited as long; b by ID.
	got := assignBest(t, s, "t1", at(10*time.Minute))
	sameAgent(t, chat.Agent{ID: "b", Presence: chat.Online, Capacity: 3, Chats: []support.ID{"t1"}, LastAssigned: at(10 * time.Minute)}, got)
	got.Chats[0] = "changed" // the returned agent is a copy
	sameAgent(t, chat.Agent{ID: "b", Presence: chat.Online, Capacity: 3, Chats: []support.ID{"t1"}, LastAssigned: at(10 * time.Minute)}, getAgent(t, s, "b"))
	eq(t, "b", holderOf(t, s, "t1"))
	_, err := s.Waiting(ctx, "t1")
	isErr(t, err, chat.ErrNotWaiting)
	_, err = s.AssignBest(ctx, "t1", at(10*time.Minute))
	isErr(t, err, chat.ErrNotWaiting, "assigned twice")

	eq(t, "c", assignBest(t, s, "t2", at(11*time.Minute)).ID, "fewest chats, then idle longest (0 before 1m)")
	eq(t, "a", assignBest(t, s, "t3", at(12*time.Minute)).ID, "fewest chats")
	eq(t, "b", assignBest(t, s, "t4", at(13*time.Minute)).ID, "all busy alike: idle longest (10m)")
	release(t, s, "t1", "b", at(20*time.Minute))
	// b: t4 (13m); c: t2 (11m); a: t3 (12m).
	eq(t, "c", assignBest(t, s, "t5", at(21*time.Minute)).ID, "idle longest")
	eq(t, "a", assignBest(t, s, "t6", at(22*time.Minute)).ID, "fewest chats (1) then 12m")
	eq(t, "b", assignBest(t, s, "t7", at(23*time.Minute)).ID, "fewest chats (1)")
	eq(t, "c", assignBest(t, s, "t8", at(24*time.Minute)).ID, "all two chats: c idle since 21m")
	eq(t, "a", assignBest(t, s, "t9", at(25*time.Minute)).ID)
	enqueue(t, s, wait("t10", langEN, support.PriorityNormal, time.Hour))
	eq(t, "b", assignBest(t, s, "t10", at(26*time.Minute)).ID)
	// Everyone online is full; the away and offline agents are never chosen.
	enqueue(t, s, wait("t11", langEN, support.PriorityUrgent, 0))
	_, err = s.AssignBest(ctx, "t11", at(time.Hour))
	isErr(t, err, chat.ErrNoAgent, "all full")
	eq(t, [2]int{1, 1}, position(t, s, "t11"), "ErrNoAgent leaves the chat waiting")
	eq(t, []support.ID(nil), chats(t, s, "d"))
	eq(t, []support.ID(nil), chats(t, s, "e"))
	eq(t, []support.ID{"t4", "t7", "t10"}, chats(t, s, "b"))
	eq(t, []support.ID{"t2", "t5", "t8"}, chats(t, s, "c"))
	eq(t, []support.ID{"t3", "t6", "t9"}, chats(t, s, "a"))
}

func testChatAssignBestSkills(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("en", 1, 0, chat.Skills{Languages: []language.Tag{langEN}}))
	putAgent(t, s, chatAgent("zh", 1, 0, chat.Skills{Languages: []language.Tag{langZH}, Categories: []support.Category{support.CategoryFees}}))
	putAgent(t, s, chatAgent("vip", 1, time.Minute, chat.Skills{Groups: []string{"vip"}})) // idle the least
	need := func(id string, lang language.Tag, cat support.Category, group string) chat.Waiting {
		return chat.Waiting{Ticket: support.ID(id), Customer: "c", Need: chat.Need{Language: lang, Category: cat, Group: group}, Priority: support.PriorityNormal, Since: at(0)}
	}
	enqueue(t, s,
		need("t1", langZHT, support.CategoryFees, ""),
		need("t2", langZHS, support.CategoryRefund, ""),
		need("t3", language.Und, support.CategoryFees, ""),
		need("t4", langENGB, "", ""),
		need("t5", langEN, "", "vip"),
		need("t6", langES, "", ""),
		need("t7", langZHS, support.CategoryFees, ""),
	)
	eq(t, "vip", assignBest(t, s, "t2", at(time.Hour)).ID, "zh does not take refunds, en does not speak zh")
	eq(t, "zh", assignBest(t, s, "t1", at(time.Hour)).ID, "zh serves zh-Hant")
	eq(t, "en", assignBest(t, s, "t3", at(time.Hour)).ID, "a chat without a language goes to any speaker")
	_, err := s.AssignBest(ctx, "t4", at(time.Hour))
	isErr(t, err, chat.ErrNoAgent, "everyone full")
	eq(t, [2]int{1, 1}, position(t, s, "t4"))
	release(t, s, "t3", "en", at(2*time.Hour))
	eq(t, "en", assignBest(t, s, "t4", at(2*time.Hour)).ID, "en serves en-GB")

	_, err = s.AssignBest(ctx, "t5", at(2*time.Hour))
	isErr(t, err, chat.ErrNoAgent, "only the vip group takes t5, and it is full")
	release(t, s, "t2", "vip", at(3*time.Hour))
	putAgent(t, s, chatAgent("en", 5, 0, chat.Skills{Languages: []language.Tag{langEN}}))
	eq(t, "vip", assignBest(t, s, "t5", at(3*time.Hour)).ID, "a group's chat goes to its members only")

	_, err = s.AssignBest(ctx, "t6", at(3*time.Hour))
	isErr(t, err, chat.ErrNoAgent, "nobody free speaks es")
	putAgent(t, s, chatAgent("en", 2, 0, chat.Skills{Languages: []language.Tag{langEN, langES}}))
	eq(t, "en", assignBest(t, s, "t6", at(4*time.Hour)).ID)
	eq(t, 2, len(chats(t, s, "en")))

	release(t, s, "t1", "zh", at(4*time.Hour))
	for _, p := range []chat.Presence{chat.Away, chat.Offline} {
		a := chatAgent("zh", 5, 0, chat.Skills{Languages: []language.Tag{langZH}})
		a.Presence = p
		putAgent(t, s, a)
		_, err = s.AssignBest(ctx, "t7", at(5*time.Hour))
		isErr(t, err, chat.ErrNoAgent, "zh is ", p)
	}
	putAgent(t, s, chatAgent("zh", 5, 0, chat.Skills{Languages: []language.Tag{langZH}}))
	eq(t, "zh", assignBest(t, s, "t7", at(6*time.Hour)).ID, "back online")
	// language.Und (whose likely base is en) is served by every agent,
	// whatever languages they list.
	enqueue(t, s, need("t8", language.Und, "", ""))
	eq(t, "zh", assignBest(t, s, "t8", at(7*time.Hour)).ID, "a chat without a language, the zh agent the only one free")

	for _, id := range []string{"en", "zh", "vip"} {
		a := getAgent(t, s, id)
		truth(t, len(a.Chats) <= a.Capacity, "agent ", id, " over capacity: ", a.Chats)
	}
}

func testChatReserved(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("a", 5, 0, chat.Skills{}))                                          // the best agent
	putAgent(t, s, chatAgent("b", 1, time.Hour, chat.Skills{Languages: []language.Tag{langES}})) // reserved for
	reserved := func(id, agent string, since time.Duration) chat.Waiting {
		w := wait(id, langEN, support.PriorityUrgent, since)
		w.Agent = agent
		return w
	}
	enqueue(t, s, reserved("t1", "b", 0), reserved("t2", "b", time.Second), reserved("t3", "ghost", 0))
	eq(t, "b", assignBest(t, s, "t1", at(time.Minute)).ID, "a reserved chat goes to its agent, whose skills are not checked")
	_, err := s.AssignBest(ctx, "t2", at(time.Minute))
	isErr(t, err, chat.ErrNoAgent, "reserved for b, who is full, though a is free")
	_, err = s.Waiting(ctx, "t2")
	noErr(t, err)
	_, err = s.AssignBest(ctx, "t3", at(time.Minute))
	isErr(t, err, chat.ErrNoAgent, "reserved for an unknown agent")
	_, err = s.TakeNext(ctx, "a", at(time.Minute))
	isErr(t, err, chat.ErrQueueEmpty, "the waiting chats are reserved for others")
	_, err = s.Assign(ctx, "t2", "a", at(time.Minute))
	isErr(t, err, chat.ErrNotWaiting, "a may not pick a chat reserved for b")

	release(t, s, "t1", "b", at(2*time.Minute))
	got, err := s.TakeNext(ctx, "b", at(3*time.Minute))
	noErr(t, err)
	eq(t, support.ID("t2"), got.Ticket)
	eq(t, "b", got.Agent, "the reservation is returned")

	// A reserved chat its agent declined goes to nobody.
	release(t, s, "t2", "b", at(4*time.Minute))
	enqueue(t, s, reserved("t4", "b", 0))
	noErr(t, s.Decline(ctx, "t4", "b"))
	_, err = s.AssignBest(ctx, "t4", at(5*time.Minute))
	isErr(t, err, chat.ErrNoAgent)
	_, err = s.TakeNext(ctx, "b", at(5*time.Minute))
	isErr(t, err, chat.ErrQueueEmpty)
}

func testChatTakeNext(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("a", 10, 0, chat.Skills{Languages: []language.Tag{langEN}, Groups: []string{"g1"}}))
	putAgent(t, s, chatAgent("z", 1, 0, chat.Skills{Languages: []language.Tag{langZH}}))
	_, err := s.TakeNext(ctx, "a", at(0))
	isErr(t, err, chat.ErrQueueEmpty, "an empty queue")

	q := func(id string, lang language.Tag, prio support.Priority, since time.Duration, f func(*chat.Waiting)) chat.Waiting {
		w := wait(id, lang, prio, since)
		if f != nil {
			f(&w)
		}
		return w
	}
	ws := []chat.Waiting{
		q("q1", langEN, support.PriorityNormal, 0, nil),
		q("q2", langENUS, support.PriorityHigh, 5*time.Minute, nil),
		q("q3", langEN, support.PriorityNormal, 0, nil),
		q("q4", langZHS, support.PriorityUrgent, -time.Hour, nil),
		q("q5", langEN, support.PriorityUrgent, 0, func(w *chat.Waiting) { w.Need.Group = "g2" }),
		q("q6", langEN, support.PriorityUrgent, 0, func(w *chat.Waiting) { w.Agent = "z" }),
		q("q7", langEN, support.PriorityUrgent, 0, func(w *chat.Waiting) { w.Declined = []string{"a"} }),
		q("q8", langEN, support.PriorityLow, -2*time.Hour, func(w *chat.Waiting) { w.Need.Group = "g1" }),
		q("q9", langES, support.PriorityNormal, time.Minute, func(w *chat.Waiting) { w.Agent = "a" }),
		q("q10", language.Und, support.PriorityNormal, 2*time.Minute, func(w *chat.Waiting) { w.Need.Category = support.CategoryFees }),
	}
	enqueue(t, s, ws...)
	byID := map[support.ID]chat.Waiting{}
	for _, w := range ws {
		byID[w.Ticket] = w
	}
	var took []support.ID
	for i := range 7 {
		w, err := s.TakeNext(ctx, "a", at(time.Duration(i)*time.Minute))
		if i == 6 {
			isErr(t, err, chat.ErrQueueEmpty, "after ", took)
			break
		}
		noErr(t, err, "after ", took)
		sameWaiting(t, byID[w.Ticket], w)
		took = append(took, w.Ticket)
		eq(t, "a", holderOf(t, s, w.Ticket))
		_, err = s.Waiting(ctx, w.Ticket)
		isErr(t, err, chat.ErrNotWaiting, "taken ", w.Ticket)
	}
	eq(t, []support.ID{"q2", "q1", "q3", "q9", "q10", "q8"}, took, "priority, then oldest, then ID; only what a takes")
	got := getAgent(t, s, "a")
	eq(t, took, got.Chats)
	sameTime(t, at(5*time.Minute), got.LastAssigned, "LastAssigned is the last take")

	w, err := s.TakeNext(ctx, "z", at(time.Hour))
	noErr(t, err)
	eq(t, support.ID("q4"), w.Ticket, "urgent zh before the chat reserved for z")
	_, err = s.TakeNext(ctx, "z", at(time.Hour))
	isErr(t, err, chat.ErrAgentFull, "z is full")
	release(t, s, "q4", "z", at(2*time.Hour))
	w, err = s.TakeNext(ctx, "z", at(2*time.Hour))
	noErr(t, err)
	eq(t, support.ID("q6"), w.Ticket, "a chat reserved for z, whatever its language")

	_, err = s.TakeNext(ctx, "ghost", at(time.Hour))
	isErr(t, err, chat.ErrUnknownAgent)
	for _, p := range []chat.Presence{chat.Away, chat.Offline} {
		a := chatAgent("p", 3, 0, chat.Skills{})
		a.Presence = p
		putAgent(t, s, a)
		_, err = s.TakeNext(ctx, "p", at(time.Hour))
		isErr(t, err, chat.ErrAgentFull, "an agent ", p)
	}
}

func testChatAssign(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("a", 1, 0, chat.Skills{Languages: []language.Tag{langZH}}))
	b := chatAgent("b", 1, 0, chat.Skills{})
	b.Presence = chat.Away
	putAgent(t, s, b)
	w1 := wait("t1", langEN, support.PriorityNormal, 0)
	w1.Need.Group = "other"
	enqueue(t, s, w1, wait("t2", langEN, support.PriorityNormal, 0))
	r := wait("t3", langEN, support.PriorityNormal, 0)
	r.Agent = "b"
	enqueue(t, s, r)

	got, err := s.Assign(ctx, "t1", "a", at(time.Minute))
	noErr(t, err, "skills are not checked when the agent picks")
	sameWaiting(t, w1, got)
	eq(t, "a", holderOf(t, s, "t1"))
	ag := getAgent(t, s, "a")
	eq(t, []support.ID{"t1"}, ag.Chats)
	sameTime(t, at(time.Minute), ag.LastAssigned, "LastAssigned after Assign")

	_, err = s.Assign(ctx, "t2", "a", at(time.Minute))
	isErr(t, err, chat.ErrAgentFull, "a is full")
	_, err = s.Assign(ctx, "t2", "b", at(time.Minute))
	isErr(t, err, chat.ErrAgentFull, "b is away")
	_, err = s.Assign(ctx, "t2", "ghost", at(time.Minute))
	isErr(t, err, chat.ErrUnknownAgent)
	_, err = s.Waiting(ctx, "t2")
	noErr(t, err, "t2 still waits")
	_, err = s.Assign(ctx, "t1", "a", at(time.Minute))
	isErr(t, err, chat.ErrNotWaiting, "a held chat")

	release(t, s, "t1", "a", at(2*time.Minute))
	_, err = s.Assign(ctx, "nope", "a", at(2*time.Minute))
	isErr(t, err, chat.ErrNotWaiting)
	_, err = s.Assign(ctx, "t3", "a", at(2*time.Minute))
	isErr(t, err, chat.ErrNotWaiting, "reserved for b")
	_, err = s.Waiting(ctx, "t3")
	noErr(t, err, "t3 still waits")
	b.Presence = chat.Online
	putAgent(t, s, b)
	got, err = s.Assign(ctx, "t3", "b", at(3*time.Minute))
	noErr(t, err)
	sameWaiting(t, r, got)
	eq(t, "b", holderOf(t, s, "t3"))
}

func testChatRelease(t *testing.T, s chat.Store) {
	ctx := context.Background()
	st, err := s.Stats(ctx)
	noErr(t, err)
	eq(t, chat.Stats{}, st, "no releases yet")

	putAgent(t, s, chatAgent("a", 10, 0, chat.Skills{}))
	putAgent(t, s, chatAgent("b", 10, time.Hour, chat.Skills{}))
	for i := 1; i <= 5; i++ {
		enqueue(t, s, wait(fmt.Sprintf("t%d", i), langEN, support.PriorityNormal, time.Duration(i)*time.Second))
	}
	take := func(agent string, when time.Time) support.ID {
		t.Helper()
		w, err := s.TakeNext(ctx, agent, when)
		noErr(t, err)
		return w.Ticket
	}
	eq(t, support.ID("t1"), take("a", at(0)))
	eq(t, support.ID("t2"), take("a", at(time.Minute)))
	eq(t, support.ID("t3"), take("b", at(time.Minute)))

	isErr(t, s.Release(ctx, "t3", "a", at(time.Hour)), chat.ErrNotAssigned, "held by b")
	isErr(t, s.Release(ctx, "t4", "a", at(time.Hour)), chat.ErrNotAssigned, "waiting")
	isErr(t, s.Release(ctx, "nope", "a", at(time.Hour)), chat.ErrNotAssigned, "unknown chat")
	isErr(t, s.Release(ctx, "t1", "ghost", at(time.Hour)), chat.ErrNotAssigned, "unknown agent")
	eq(t, "b", holderOf(t, s, "t3"))
	st, err = s.Stats(ctx)
	noErr(t, err)
	eq(t, chat.Stats{}, st, "refused releases record nothing")

	release(t, s, "t1", "a", at(3*time.Minute))
	st, err = s.Stats(ctx)
	noErr(t, err)
	eq(t, chat.Stats{Handle: 3 * time.Minute, Samples: 1}, st)
	_, err = s.Holder(ctx, "t1")
	isErr(t, err, chat.ErrNotAssigned)
	isErr(t, s.Release(ctx, "t1", "a", at(time.Hour)), chat.ErrNotAssigned, "released twice")

	release(t, s, "t2", "a", at(2*time.Minute)) // held one minute
	st, err = s.Stats(ctx)
	noErr(t, err)
	eq(t, chat.Stats{Handle: 2 * time.Minute, Samples: 2}, st, "the mean of 3m and 1m")

	// Release takes the chat from the middle of the agent's chats.
	eq(t, support.ID("t4"), take("b", at(2*time.Minute)))
	eq(t, support.ID("t5"), take("b", at(3*time.Minute)))
	eq(t, []support.ID{"t3", "t4", "t5"}, chats(t, s, "b"))
	release(t, s, "t4", "b", at(4*time.Minute))
	eq(t, []support.ID{"t3", "t5"}, chats(t, s, "b"))
	sameTime(t, at(3*time.Minute), getAgent(t, s, "b").LastAssigned, "Release does not change LastAssigned")

	// Released, a chat may wait again.
	enqueue(t, s, wait("t1", langEN, support.PriorityNormal, time.Second))
	eq(t, [2]int{1, 1}, position(t, s, "t1"))
}

func testChatStatsWindow(t *testing.T, s chat.Store) {
	ctx := context.Background()
	putAgent(t, s, chatAgent("a", 1, 0, chat.Skills{}))
	const n = 60
	for i := 1; i <= n; i++ {
		id := support.ID(fmt.Sprintf("t%d", i))
		start := at(time.Duration(i) * time.Hour)
		enqueue(t, s, chat.Waiting{Ticket: id, Customer: "c", Need: chat.Need{Language: langEN}, Priority: support.PriorityNormal, Since: start})
		eq(t, "a", assignBest(t, s, id, start).ID)
		release(t, s, id, "a", start.Add(time.Duration(i)*time.Second)) // held i seconds
		if i == 50 {
			st, err := s.Stats(ctx)
			noErr(t, err)
			eq(t, chat.Stats{Handle: 25500 * time.Millisecond, Samples: 50}, st, "the mean of 1s..50s")
		}
	}
	// A store keeps at least the last 50: Handle is the mean of the last
	// Samples releases.
	st, err := s.Stats(ctx)
	noErr(t, err)
	truth(t, st.Samples >= 50 && st.Samples <= n, "Samples ", st.Samples)
	first := n - st.Samples + 1
	want := time.Duration(first+n) * time.Second / 2 // the mean of first..n seconds
	truth(t, (st.Handle-want).Abs() <= time.Microsecond, fmt.Sprintf("Handle %v over %d samples, want %v", st.Handle, st.Samples, want))
}

func testChatReceipts(t *testing.T, s chat.Store) {
	ctx := context.Background()
	rs, err := s.Receipts(ctx, "t1")
	noErr(t, err)
	eq(t, 0, len(rs), "no receipts yet")

	mark := func(ticket support.ID, reader support.Actor, seq int64, when time.Time) chat.Receipt {
		t.Helper()
		r, err := s.MarkRead(ctx, ticket, reader, seq, when)
		noErr(t, err)
		return r
	}
	same := func(want, got chat.Receipt, msg string) {
		t.Helper()
		sameTime(t, want.At, got.At, msg)
		eq(t, want.Reader, got.Reader, msg)
		eq(t, want.Seq, got.Seq, msg)
	}
	c1 := support.Customer("c1")
	same(chat.Receipt{Reader: c1, Seq: 5, At: at(time.Minute)}, mark("t1", c1, 5, at(time.Minute)), "first receipt")
	same(chat.Receipt{Reader: c1, Seq: 5, At: at(time.Minute)}, mark("t1", c1, 3, at(2*time.Minute)), "a lower seq returns the stored receipt")
	same(chat.Receipt{Reader: c1, Seq: 7, At: at(3 * time.Minute)}, mark("t1", c1, 7, at(3*time.Minute)), "moves on")

	mark("t1", support.Agent("b"), 2, at(time.Minute))
	mark("t1", support.System("bot"), 9, at(time.Minute))
	mark("t1", support.Agent("a"), 4, at(time.Minute))
	mark("t1", support.Customer("c0"), 1, at(time.Minute))
	mark("t1", support.Admin("z"), 1, at(time.Minute))
	mark("t2", support.Agent("a"), 1, at(time.Minute))

	rs, err = s.Receipts(ctx, "t1")
	noErr(t, err)
	var readers []support.Actor
	for _, r := range rs {
		readers = append(readers, r.Reader)
	}
	eq(t, []support.Actor{support.Customer("c0"), c1, support.Agent("a"), support.Agent("b"), support.Admin("z"), support.System("bot")}, readers, "ordered by role, then ID")
	same(chat.Receipt{Reader: c1, Seq: 7, At: at(3 * time.Minute)}, rs[1], "c1's receipt")
	rs[1].Seq = 100 // a copy
	rs, err = s.Receipts(ctx, "t1")
	noErr(t, err)
	eq(t, int64(7), rs[1].Seq)
	rs, err = s.Receipts(ctx, "t2")
	noErr(t, err)
	eq(t, 1, len(rs), "receipts are per chat")
}

// testChatConcurrentRouting routes chats from many goroutines at once:
// AssignBest on every chat and TakeNext for every agent, then releases and
// takes again. No chat may go to two agents, no agent over its capacity.
func testChatConcurrentRouting(t *testing.T, s chat.Store) {
	ctx := context.Background()
	const agents, capacity, waiting = 8, 3, 60
	for i := range agents {
		putAgent(t, s, chatAgent(fmt.Sprintf("a%d", i), capacity, time.Duration(i)*time.Second, chat.Skills{}))
	}
	ids := make([]support.ID, waiting)
	for i := range ids {
		ids[i] = support.ID(fmt.Sprintf("t%02d", i))
		enqueue(t, s, wait(string(ids[i]), langEN, support.Priority(1+i%4), time.Duration(i)*time.Second))
	}
	var (
		mu  sync.Mutex
		got = map[support.ID][]string{} // successful assignments
		wg  sync.WaitGroup
	)
	record := func(ticket support.ID, agent string) {
		mu.Lock()
		got[ticket] = append(got[ticket], agent)
		mu.Unlock()
	}
	for g := range agents {
		wg.Add(2)
		go func() { // assigns every chat, from its own starting point
			defer wg.Done()
			for k := range waiting {
				id := ids[(g*7+k)%waiting]
				a, err := s.AssignBest(ctx, id, at(time.Minute))
				switch {
				case err == nil:
					record(id, a.ID)
				case errors.Is(err, chat.ErrNoAgent), errors.Is(err, chat.ErrNotWaiting):
				default:
					t.Error(err)
					return
				}
			}
		}()
		go func() { // one agent takes chats until full
			defer wg.Done()
			agent := fmt.Sprintf("a%d", g)
			for {
				w, err := s.TakeNext(ctx, agent, at(time.Minute))
				if errors.Is(err, chat.ErrAgentFull) || errors.Is(err, chat.ErrQueueEmpty) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				record(w.Ticket, agent)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	checkRouting(t, s, ids, capacity)
	for id, as := range got {
		eq(t, 1, len(as), "assignments of ", id, ": ", as)
	}
	eq(t, agents*capacity, len(got), "every agent filled")

	// Agents put their chats back in the queue and take others while
	// AssignBest runs.
	for g := range agents {
		wg.Add(2)
		go func() {
			defer wg.Done()
			agent := fmt.Sprintf("a%d", g)
			for range 5 {
				a, err := s.Agent(ctx, agent)
				if err != nil {
					t.Error(err)
					return
				}
				if len(a.Chats) > 0 {
					id := a.Chats[0]
					if err := s.Release(ctx, id, agent, at(2*time.Minute)); err != nil {
						t.Error(err)
						return
					}
					// Back in the queue, as when the agent leaves.
					if err := s.Enqueue(ctx, wait(string(id), langEN, support.PriorityNormal, 0)); err != nil {
						t.Error(err)
						return
					}
				}
				if _, err := s.TakeNext(ctx, agent, at(2*time.Minute)); err != nil && !errors.Is(err, chat.ErrAgentFull) && !errors.Is(err, chat.ErrQueueEmpty) {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for k := range waiting {
				_, err := s.AssignBest(ctx, ids[(g*11+k)%waiting], at(2*time.Minute))
				if err != nil && !errors.Is(err, chat.ErrNoAgent) && !errors.Is(err, chat.ErrNotWaiting) {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	checkRouting(t, s, ids, capacity)
}

// checkRouting checks that every chat of ids is held by one agent, whose
// Chats list it, or waits, and that no agent holds more than capacity.
func checkRouting(t *testing.T, s chat.Store, ids []support.ID, capacity int) {
	t.Helper()
	ctx := context.Background()
	list, err := s.Agents(ctx)
	noErr(t, err)
	holder := map[support.ID]string{}
	for _, a := range list {
		truth(t, len(a.Chats) <= capacity, "agent ", a.ID, " over capacity: ", a.Chats)
		for _, id := range a.Chats {
			if h, ok := holder[id]; ok {
				t.Fatalf("chat %s held by %s and %s", id, h, a.ID)
			}
			holder[id] = a.ID
		}
	}
	for _, id := range ids {
		h, herr := s.Holder(ctx, id)
		_, werr := s.Waiting(ctx, id)
		switch {
		case herr == nil:
			eq(t, holder[id], h, "holder of ", id)
			isErr(t, werr, chat.ErrNotWaiting, id, " is held and waits")
		default:
			isErr(t, herr, chat.ErrNotAssigned)
			noErr(t, werr, id, " neither held nor waiting")
			_, listed := holder[id]
			truth(t, !listed, id, " in an agent's chats but not held")
		}
	}
}

// naiveCapacity computes Store.Capacity from Agents.
func naiveCapacity(t *testing.T, s chat.Store, need chat.Need, agent string) chat.Capacity {
	t.Helper()
	agents, err := s.Agents(context.Background())
	noErr(t, err, "Agents")
	var c chat.Capacity
	for _, a := range agents {
		if a.Presence != chat.Online || agent != "" && a.ID != agent || agent == "" && !a.Skills.Serves(need) {
			continue
		}
		c.Agents++
		c.Slots += a.Capacity
		c.Free += max(0, a.Capacity-len(a.Chats))
	}
	return c
}

func testChatCapacity(t *testing.T, s chat.Store) {
	ctx := context.Background()
	needs := []chat.Need{
		{Language: langEN}, {Language: langZHS}, {Language: langZHT, Group: "disputes"},
		{Language: langES, Category: support.CategoryRefund}, {Language: language.Und}, {Group: "vip"},
	}
	check := func(step string) {
		t.Helper()
		for _, n := range needs {
			got, err := s.Capacity(ctx, n, "")
			noErr(t, err, step, ": Capacity ", n)
			eq(t, naiveCapacity(t, s, n, ""), got, step, ": capacity for ", n)
		}
		for _, id := range []string{"en", "zh", "any", "away", "ghost"} {
			got, err := s.Capacity(ctx, chat.Need{Language: langEN}, id)
			noErr(t, err, step, ": Capacity of ", id)
			eq(t, naiveCapacity(t, s, chat.Need{}, id), got, step, ": capacity of ", id)
		}
	}
	check("empty store")
	putAgent(t, s, chatAgent("en", 2, 0, chat.Skills{Languages: []language.Tag{langEN}}))
	putAgent(t, s, chatAgent("zh", 3, 0, chat.Skills{Languages: []language.Tag{langZH}, Groups: []string{"disputes"}}))
	putAgent(t, s, chatAgent("any", 1, 0, chat.Skills{}))
	putAgent(t, s, chatAgent("refunds", 2, 0, chat.Skills{Categories: []support.Category{support.CategoryRefund}}))
	away := chatAgent("away", 4, 0, chat.Skills{})
	away.Presence = chat.Away
	putAgent(t, s, away)
	check("agents put")

	enqueue(t, s, wait("t1", langEN, support.PriorityNormal, 0), wait("t2", langEN, support.PriorityNormal, time.Second),
		wait("t3", langZHS, support.PriorityNormal, 0))
	for _, id := range []support.ID{"t1", "t2", "t3"} {
		assignBest(t, s, id, at(time.Minute))
	}
	check("chats assigned")

	release(t, s, "t1", holderOf(t, s, "t1"), at(2*time.Minute))
	check("a chat released")
	// A full agent who shrinks their capacity has no free slot, not a
	// negative one; one going offline counts for nothing.
	en := getAgent(t, s, "en")
	en.Capacity = 1
	putAgent(t, s, en)
	check("capacity lowered")
	zh := getAgent(t, s, "zh")
	zh.Presence = chat.Offline
	putAgent(t, s, zh)
	check("zh offline")
	zh.Presence, zh.Skills = chat.Online, chat.Skills{Languages: []language.Tag{langZHT}}
	putAgent(t, s, zh)
	check("zh back with other skills")
	away.Presence = chat.Online
	putAgent(t, s, away)
	check("away online")
}
