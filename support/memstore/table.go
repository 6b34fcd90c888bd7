package memstore

import (
	"hash/maphash"
	"math"

	"github.com/paydesk/paydesk/support"
)

// slot numbers a ticket in a table: its entry's place, given when the ticket
// is created and never changed. The indexes (a customer's list, an agent's
// queue, the list of all tickets) are lists of slots: a slot holds no
// pointer, so the garbage collector, which would otherwise follow several
// pointers per ticket through the indexes every cycle, skips them
// entirely.
type slot int32

// maxTickets is the number of slots: the most tickets a Store holds.
const maxTickets = math.MaxInt32

// entry is one stored ticket: an immutable snapshot replaced on every
// commit, and its history.
type entry struct {
	t   *support.Ticket
	log eventLog
}

// chunkBits sets the number of entries per chunk of a table.
const (
	chunkBits = 10
	chunkSize = 1 << chunkBits
)

// table holds the entries by slot and finds them by ticket ID. Entries live
// in fixed-size chunks, so an *entry stays valid while the table grows and
// growing never copies the entries made so far. The ID index is keyed by a
// hash of the ID, which holds no pointer either; IDs whose hash another ID
// already has (with 64 bits, in practice never) go to a small map by ID.
// A table is guarded by the Store's lock.
type table struct {
	seed   maphash.Seed
	chunks [][]entry
	n      int                 // entries
	byHash map[uint64]slot     // by hash of the ID
	dups   map[support.ID]slot // by ID, when another ID has the same hash
}

func newTable() table {
	return table{seed: maphash.MakeSeed(), byHash: make(map[uint64]slot)}
}

// at returns the entry in slot sl.
func (t *table) at(sl slot) *entry { return &t.chunks[sl>>chunkBits][sl&(chunkSize-1)] }

// ticket returns the snapshot in slot sl.
func (t *table) ticket(sl slot) *support.Ticket { return t.at(sl).t }

// lookup returns the slot of ticket id.
func (t *table) lookup(id support.ID) (slot, bool) {
	sl, ok := t.byHash[maphash.String(t.seed, string(id))]
	if ok && t.ticket(sl).ID == id {
		return sl, true
	}
	sl, ok = t.dups[id]
	return sl, ok
}

// add makes the entry of a new ticket id, which must not be in the table,
// holding snapshot snap.
func (t *table) add(snap *support.Ticket) slot {
	if t.n == len(t.chunks)*chunkSize {
		t.chunks = append(t.chunks, make([]entry, chunkSize))
	}
	sl := slot(t.n)
	t.n++
	t.at(sl).t = snap
	h := maphash.String(t.seed, string(snap.ID))
	if _, taken := t.byHash[h]; !taken {
		t.byHash[h] = sl
		return sl
	}
	if t.dups == nil {
		t.dups = make(map[support.ID]slot)
	}
	t.dups[snap.ID] = sl
	return sl
}
