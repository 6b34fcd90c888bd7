package support_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

// TestRandomOperations applies random sequences of operations by random
// actors. Whatever happens, every ticket stays in a state its lifecycle can
// reach, every error is one of the documented kinds, and every history
// replays to the stored ticket.
func TestRandomOperations(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	steps := 300
	if testing.Short() {
		seeds, steps = seeds[:2], 100
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			runRandom(t, rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), steps)
		})
	}
}

func runRandom(t *testing.T, rng *rand.Rand, steps int) {
	f := newFixture(t)
	ctx := context.Background()
	actors := []support.Actor{alice, bob, agent, admin, support.System("bot")}
	statuses := []support.Status{support.StatusNew, support.StatusOpen, support.StatusPending, support.StatusOnHold, support.StatusSolved, support.StatusClosed}
	var ids []support.ID
	pick := func() support.ID {
		if len(ids) == 0 || rng.IntN(20) == 0 {
			return support.ID(fmt.Sprintf("T%d", rng.IntN(100)))
		}
		return ids[rng.IntN(len(ids))]
	}
	for step := range steps {
		a := actors[rng.IntN(len(actors))]
		var err error
		var op string
		switch rng.IntN(13) {
		case 0, 1:
			op = "open"
			var tk *support.Ticket
			tk, err = f.desk.Open(ctx, a, support.OpenRequest{Customer: []string{"", "alice", "bob"}[rng.IntN(3)], Subject: "s", Category: support.Categories()[rng.IntN(12)]})
			if err == nil {
				ids = append(ids, tk.ID)
			}
		case 2, 3:
			op = "reply"
			_, err = f.desk.Reply(ctx, a, pick(), support.ReplyRequest{Body: "b", Status: []support.Status{0, 0, support.StatusPending, support.StatusSolved}[rng.IntN(4)]})
		case 4:
			op = "note"
			_, err = f.desk.AddNote(ctx, a, pick(), "n")
		case 5, 6:
			op = "status"
			_, err = f.desk.SetStatus(ctx, a, pick(), support.StatusChange{To: statuses[rng.IntN(len(statuses))]})
		case 7:
			op = "reopen"
			_, err = f.desk.Reopen(ctx, a, pick())
		case 8:
			op = "priority"
			_, err = f.desk.SetPriority(ctx, a, pick(), support.Priorities()[rng.IntN(4)])
		case 9:
			op = "assign"
			_, err = f.desk.Assign(ctx, a, pick(), []string{"", "agent-1", "agent-2"}[rng.IntN(3)], []string{"", "cards"}[rng.IntN(2)])
		case 10:
			op = "merge"
			_, err = f.desk.Merge(ctx, a, pick(), pick())
		case 12:
			op = "record"
			_, err = f.desk.Record(ctx, a, pick(), support.Event{Kind: support.EventCustom, Field: "cases.progress", To: "step", Internal: rng.IntN(2) == 0})
		case 11:
			op = "fields"
			_, err = f.desk.UpdateFields(ctx, a, pick(), support.FieldUpdate{
				AddTags: []string{"t" + fmt.Sprint(rng.IntN(3))}, RemoveTags: []string{"t" + fmt.Sprint(rng.IntN(3))},
				Set: []support.Field{{Name: "f", Value: []string{"", "x", "y"}[rng.IntN(3)], Internal: rng.IntN(2) == 0}},
			})
		}
		if err != nil && !expected(err) {
			t.Fatalf("step %d: %s by %v: unexpected error %v", step, op, a, err)
		}
		for _, id := range ids {
			if msg := unreachable(f.stored(t, id)); msg != "" {
				t.Fatalf("step %d: after %s by %v (error %v): %s: %s", step, op, a, err, id, msg)
			}
		}
		if step%25 == 0 {
			f.clock.Advance(time.Duration(rng.IntN(3600)) * time.Second)
			if _, err := f.desk.CheckSLA(ctx, f.clock.Now()); err != nil {
				t.Fatalf("step %d: check SLA: %v", step, err)
			}
		}
	}
	for _, id := range ids {
		f.checkReplay(t, id)
	}
}

// expected reports whether err is one of the errors random operations may
// legitimately get.
func expected(err error) bool {
	for _, target := range []error{support.ErrNotFound, support.ErrForbidden, support.ErrTransition, support.ErrInvalidInput} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// unreachable describes how tk breaks the invariants of the states the
// lifecycle can reach, or returns "".
func unreachable(tk *support.Ticket) string {
	if err := tk.Validate(); err != nil {
		return err.Error()
	}
	switch {
	case tk.Status == support.StatusClosed && tk.ClosedAt.IsZero():
		return "closed without ClosedAt"
	case tk.Status != support.StatusClosed && !tk.ClosedAt.IsZero():
		return "ClosedAt on an unclosed ticket"
	case tk.Status == support.StatusClosed && tk.MergedInto == "" && tk.SolvedAt.IsZero():
		return "closed without being solved or merged"
	case tk.Status == support.StatusSolved && tk.SolvedAt.IsZero():
		return "solved without SolvedAt"
	case tk.Status == support.StatusNew && !tk.FirstReplyAt.IsZero():
		return "still new after a staff reply"
	case tk.Status == support.StatusClosed && !tk.SLANext.IsZero():
		return "a closed ticket is still due for an SLA check"
	}
	for _, c := range tk.SLA {
		if !c.Target.IsValid() || !c.Status.IsValid() {
			return fmt.Sprintf("bad SLA clock %+v", c)
		}
		if (tk.Status == support.StatusSolved || tk.Status == support.StatusClosed) && (c.Status == support.SLAActive || c.Status == support.SLAPaused) {
			return fmt.Sprintf("%v clock still running on a %v ticket", c.Target, tk.Status)
		}
	}
	return ""
}
