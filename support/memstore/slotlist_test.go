package memstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

// TestSlotList inserts and removes slots at random in a slotList long
// enough to split and empty blocks, and checks it against a sorted slice
// after every change.
func TestSlotList(t *testing.T) {
	s := New()
	rng := rand.New(rand.NewPCG(3, 4))
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var slots []slot
	for i := range 6000 {
		at := base.Add(time.Duration(rng.IntN(2000)) * time.Second) // ties broken by ID
		slots = append(slots, s.tickets.add(&support.Ticket{ID: support.ID(fmt.Sprintf("t%05d", i)), CreatedAt: at}))
	}
	var l slotList
	var want []slot
	in := make(map[slot]bool)
	cmp := func(a, b slot) int { return createdLess(s.tickets.ticket(a), s.tickets.ticket(b)) }
	check := func(step int) {
		if l.size() != len(want) {
			t.Fatalf("step %d: size %d, want %d", step, l.size(), len(want))
		}
		for i, sl := range want {
			if got := l.get(i); got != sl {
				t.Fatalf("step %d: get(%d) = %d, want %d", step, i, got, sl)
			}
		}
	}
	for step := range 20000 {
		sl := slots[rng.IntN(len(slots))]
		// Grow to about 4,000 slots (eight blocks and more), then shrink.
		grow := step < 12000 && rng.IntN(10) < 8 || step >= 12000 && rng.IntN(10) < 2
		if in[sl] == grow {
			continue
		}
		tk := s.tickets.ticket(sl)
		if grow {
			l.insert(s, sl, tk)
			i, _ := slices.BinarySearchFunc(want, sl, cmp)
			want = slices.Insert(want, i, sl)
		} else {
			l.remove(s, sl, tk)
			i, _ := slices.BinarySearchFunc(want, sl, cmp)
			want = slices.Delete(want, i, i+1)
		}
		in[sl] = grow
		if step%97 == 0 || len(want) < 3 {
			check(step)
		}
	}
	check(-1)
	// Removing what is not there changes nothing.
	for _, sl := range slots {
		if !in[sl] {
			l.remove(s, sl, s.tickets.ticket(sl))
			break
		}
	}
	check(-2)
	// Emptied, it holds no block.
	for len(want) > 0 {
		sl := want[rng.IntN(len(want))]
		l.remove(s, sl, s.tickets.ticket(sl))
		i, _ := slices.BinarySearchFunc(want, sl, cmp)
		want = slices.Delete(want, i, i+1)
	}
	check(-3)
	if len(l.blocks) != 0 || len(l.starts) != 0 {
		t.Fatalf("an empty list keeps %d blocks", len(l.blocks))
	}
}
