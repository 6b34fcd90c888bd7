package memstore

import (
	"fmt"
	"hash/maphash"
	"testing"

	"github.com/paydesk/paydesk/support"
)

// TestTableHashCollision checks the path that 64-bit hashes make too rare
// to meet by chance: a new ID whose hash another ID already has goes to the
// map by ID, and both are found.
func TestTableHashCollision(t *testing.T) {
	tbl := newTable()
	a := tbl.add(&support.Ticket{ID: "a"})
	// Make "b" collide with "a".
	tbl.byHash[maphash.String(tbl.seed, "b")] = a
	b := tbl.add(&support.Ticket{ID: "b"})
	tests := []struct {
		id   support.ID
		want slot
		ok   bool
	}{
		{"a", a, true},
		{"b", b, true},
		{"c", 0, false},
	}
	for _, tc := range tests {
		got, ok := tbl.lookup(tc.id)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("lookup(%q) = %d, %v; want %d, %v", tc.id, got, ok, tc.want, tc.ok)
		}
	}
}

// TestTableChunks checks that entries keep their place as the table grows
// over several chunks.
func TestTableChunks(t *testing.T) {
	tbl := newTable()
	first := tbl.at(tbl.add(&support.Ticket{ID: "t0"}))
	for i := 1; i < 3*chunkSize+5; i++ {
		tbl.add(&support.Ticket{ID: support.ID(fmt.Sprintf("t%d", i))})
	}
	if tbl.n != 3*chunkSize+5 {
		t.Fatalf("n = %d", tbl.n)
	}
	if first != tbl.at(0) || first.t.ID != "t0" {
		t.Fatal("the first entry moved")
	}
	for _, i := range []int{0, chunkSize - 1, chunkSize, 3*chunkSize + 4} {
		id := support.ID(fmt.Sprintf("t%d", i))
		sl, ok := tbl.lookup(id)
		if !ok || int(sl) != i || tbl.ticket(sl).ID != id {
			t.Errorf("lookup(%q) = %d, %v", id, sl, ok)
		}
	}
}
