package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"

	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

func TestChatConformance(t *testing.T) {
	storetest.RunChat(t, func(*testing.T) chat.Store { return memstore.NewChat() })
}

// TestChatMatchesNaive runs random operations on a ChatStore and checks
// every routing decision against a naive scan of the whole state with
// chat.CompareAgents, chat.CompareWaiting, chat.Agent.Takes and
// chat.SameLine: the indexes must choose exactly what the scan chooses.
func TestChatMatchesNaive(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(20260302, 1))
	s := memstore.NewChat()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	langs := []language.Tag{language.English, language.MustParse("en-GB"), language.MustParse("zh-Hans"),
		language.MustParse("zh-Hant"), language.Spanish, language.Und, language.MustParse("und-CN")}
	agentLangs := []language.Tag{language.English, language.Chinese, language.Spanish, language.MustParse("zh-TW")}
	cats := []support.Category{support.CategoryFees, support.CategoryRefund, support.CategoryPaymentFailed}
	groups := []string{"g1", "g2"}
	pick := func(n int) int { return rng.IntN(n) }
	subset := func(n int) []int {
		var out []int
		if pick(2) == 0 {
			return nil // the "any" skill, often
		}
		for i := range n {
			if pick(2) == 0 {
				out = append(out, i)
			}
		}
		return out
	}
	agentID := func() string { return fmt.Sprintf("a%d", pick(12)) }
	minute := func(n int) time.Time { return base.Add(time.Duration(pick(n)) * time.Minute) }

	waiting := map[support.ID]bool{}
	held := map[support.ID]string{}
	next := 0
	anyOf := func(m map[support.ID]bool) (support.ID, bool) {
		if len(m) == 0 {
			return "", false
		}
		ids := slices.Sorted(maps.Keys(m))
		return ids[pick(len(ids))], true
	}
	queue := func() []chat.Waiting {
		var ws []chat.Waiting
		for _, id := range slices.Sorted(maps.Keys(waiting)) {
			w, err := s.Waiting(ctx, id)
			if err != nil {
				t.Fatalf("Waiting(%s): %v", id, err)
			}
			ws = append(ws, w)
		}
		slices.SortFunc(ws, func(a, b chat.Waiting) int { return chat.CompareWaiting(&a, &b) })
		return ws
	}
	agents := func() []chat.Agent {
		as, err := s.Agents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(as, func(a, b chat.Agent) int { return chat.CompareAgents(&a, &b) })
		return as
	}
	assigned := func(id support.ID, agent string) {
		delete(waiting, id)
		held[id] = agent
	}
	counts := map[string]int{}
	for step := range 6000 {
		now := base.Add(time.Duration(step) * time.Second)
		switch op := pick(100); {
		case op < 8: // PutAgent
			a := chat.Agent{ID: agentID(), Presence: chat.Presence(1 + pick(3)), Capacity: 1 + pick(3), LastAssigned: minute(3)}
			if pick(3) > 0 {
				a.Presence = chat.Online
			}
			for _, i := range subset(len(agentLangs)) {
				a.Skills.Languages = append(a.Skills.Languages, agentLangs[i])
			}
			for _, i := range subset(len(cats)) {
				a.Skills.Categories = append(a.Skills.Categories, cats[i])
			}
			for _, i := range subset(len(groups)) {
				a.Skills.Groups = append(a.Skills.Groups, groups[i])
			}
			if err := s.PutAgent(ctx, a); err != nil {
				t.Fatal(err)
			}
		case op < 35: // Enqueue, up to a queue length that swings between 4 and 60
			if len(waiting) >= 4+56*(step/500%2) {
				continue
			}
			id := support.ID(fmt.Sprintf("t%04d", next))
			next++
			if len(held) > 0 && pick(4) == 0 { // a held chat put back
				id = slices.Sorted(maps.Keys(held))[0]
				if err := s.Release(ctx, id, held[id], now); err != nil {
					t.Fatal(err)
				}
				delete(held, id)
			}
			w := chat.Waiting{Ticket: id, Customer: "c", Priority: support.Priority(1 + pick(4)), Since: minute(5),
				Need: chat.Need{Language: langs[pick(len(langs))]}}
			if pick(2) == 0 {
				w.Need.Category = cats[pick(len(cats))]
			}
			if pick(4) == 0 {
				w.Need.Group = groups[pick(len(groups))]
			}
			if pick(8) == 0 {
				w.Agent = agentID()
			}
			if pick(6) == 0 {
				w.Declined = []string{agentID(), agentID()}
			}
			if err := s.Enqueue(ctx, w); err != nil {
				t.Fatal(err)
			}
			waiting[id] = true
		case op < 42: // Decline
			if id, ok := anyOf(waiting); ok {
				if err := s.Decline(ctx, id, agentID()); err != nil {
					t.Fatal(err)
				}
			}
		case op < 46: // Dequeue
			if id, ok := anyOf(waiting); ok {
				if _, err := s.Dequeue(ctx, id); err != nil {
					t.Fatal(err)
				}
				delete(waiting, id)
			}
		case op < 62: // AssignBest
			id, ok := anyOf(waiting)
			if !ok {
				continue
			}
			w, err := s.Waiting(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			for _, a := range agents() {
				if a.Takes(&w) {
					want = a.ID
					break
				}
			}
			got, err := s.AssignBest(ctx, id, now)
			if want == "" {
				if !errors.Is(err, chat.ErrNoAgent) {
					t.Fatalf("step %d: AssignBest(%s) = %v, %v; want ErrNoAgent", step, id, got.ID, err)
				}
				counts["AssignBest none"]++
				continue
			}
			if err != nil || got.ID != want {
				t.Fatalf("step %d: AssignBest(%+v) = %q, %v; want %q", step, w, got.ID, err, want)
			}
			counts["AssignBest"]++
			assigned(id, want)
		case op < 78: // TakeNext
			agent := agentID()
			a, err := s.Agent(ctx, agent)
			if errors.Is(err, chat.ErrUnknownAgent) {
				_, err = s.TakeNext(ctx, agent, now)
				if !errors.Is(err, chat.ErrUnknownAgent) {
					t.Fatalf("TakeNext(%s): %v, want ErrUnknownAgent", agent, err)
				}
				continue
			}
			var want support.ID
			for _, w := range queue() {
				if a.Takes(&w) {
					want = w.Ticket
					break
				}
			}
			got, err := s.TakeNext(ctx, agent, now)
			switch {
			case !a.HasRoom():
				if !errors.Is(err, chat.ErrAgentFull) {
					t.Fatalf("step %d: TakeNext(%s) = %v; want ErrAgentFull", step, agent, err)
				}
			case want == "":
				if !errors.Is(err, chat.ErrQueueEmpty) {
					t.Fatalf("step %d: TakeNext(%s) = %s, %v; want ErrQueueEmpty", step, agent, got.Ticket, err)
				}
				counts["TakeNext none"]++
			default:
				if err != nil || got.Ticket != want {
					t.Fatalf("step %d: TakeNext(%+v) = %s, %v; want %s", step, a, got.Ticket, err, want)
				}
				counts["TakeNext"]++
				assigned(want, agent)
			}
		case op < 82: // Assign
			id, ok := anyOf(waiting)
			if !ok {
				continue
			}
			agent := agentID()
			a, aerr := s.Agent(ctx, agent)
			w, err := s.Waiting(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Assign(ctx, id, agent, now)
			switch {
			case aerr != nil:
				if !errors.Is(err, chat.ErrUnknownAgent) {
					t.Fatalf("Assign to unknown: %v", err)
				}
			case w.Agent != "" && w.Agent != agent:
				if !errors.Is(err, chat.ErrNotWaiting) {
					t.Fatalf("Assign reserved for another: %v", err)
				}
			case !a.HasRoom():
				if !errors.Is(err, chat.ErrAgentFull) {
					t.Fatalf("Assign to full: %v", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				assigned(id, agent)
			}
		case op < 92: // Release
			if len(held) == 0 {
				continue
			}
			ids := slices.Sorted(maps.Keys(held))
			id := ids[pick(len(ids))]
			if err := s.Release(ctx, id, held[id], now); err != nil {
				t.Fatal(err)
			}
			delete(held, id)
		default: // Position and Line
			id, ok := anyOf(waiting)
			if !ok {
				continue
			}
			w, err := s.Waiting(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var line []chat.Waiting
			for _, o := range queue() {
				if chat.SameLine(o.Need, w.Need) {
					line = append(line, o)
				}
			}
			want := slices.IndexFunc(line, func(o chat.Waiting) bool { return o.Ticket == id }) + 1
			pos, n, err := s.Position(ctx, id)
			if err != nil || pos != want || n != len(line) {
				t.Fatalf("step %d: Position(%s) = %d, %d, %v; want %d, %d", step, id, pos, n, err, want, len(line))
			}
			limit := 1 + pick(5)
			got, err := s.Line(ctx, w.Need, limit)
			if err != nil {
				t.Fatal(err)
			}
			line = line[:min(limit, len(line))]
			if len(got) != len(line) {
				t.Fatalf("Line: %d chats, want %d", len(got), len(line))
			}
			for i := range got {
				if got[i].Ticket != line[i].Ticket {
					t.Fatalf("Line[%d] = %s, want %s", i, got[i].Ticket, line[i].Ticket)
				}
			}
		}
	}
	// Every decision kind was exercised.
	for _, k := range []string{"AssignBest", "AssignBest none", "TakeNext", "TakeNext none"} {
		if counts[k] < 20 {
			t.Errorf("only %d decisions %q: %v", counts[k], k, counts)
		}
	}
	t.Log(counts, len(waiting), "waiting,", len(held), "held")
	// The store agrees with the model on who holds what.
	for id, agent := range held {
		h, err := s.Holder(ctx, id)
		if err != nil || h != agent {
			t.Fatalf("Holder(%s) = %q, %v; want %q", id, h, err, agent)
		}
	}
	for _, a := range agents() {
		for _, id := range a.Chats {
			if held[id] != a.ID {
				t.Fatalf("agent %s lists %s, held by %q", a.ID, id, held[id])
			}
		}
	}
}

// Live-chat routing state in memory: an agent comes online, two chats
// wait, the agent takes the more urgent one, and the other learns its
// place.
func ExampleNewChat() {
	ctx := context.Background()
	s := memstore.NewChat()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	err := s.PutAgent(ctx, chat.Agent{ID: "ana", Presence: chat.Online, Capacity: 2,
		Skills: chat.Skills{Languages: []language.Tag{language.English}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range []chat.Waiting{
		{Ticket: "t1", Customer: "cus_1", Need: chat.Need{Language: language.English}, Priority: support.PriorityNormal, Since: now},
		{Ticket: "t2", Customer: "cus_2", Need: chat.Need{Language: language.MustParse("en-GB")}, Priority: support.PriorityUrgent, Since: now.Add(time.Minute)},
		{Ticket: "t3", Customer: "cus_3", Need: chat.Need{Language: language.English}, Priority: support.PriorityNormal, Since: now.Add(2 * time.Minute)},
	} {
		if err := s.Enqueue(ctx, w); err != nil {
			fmt.Println(err)
			return
		}
	}
	w, err := s.TakeNext(ctx, "ana", now.Add(3*time.Minute))
	if err != nil {
		fmt.Println(err)
		return
	}
	pos, line, err := s.Position(ctx, "t3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ana takes", w.Ticket, "- t3 is", pos, "of", line)
	// Output: ana takes t2 - t3 is 2 of 2
}
