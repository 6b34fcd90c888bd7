package memstore

import (
	"slices"
	"sort"

	"github.com/paydesk/paydesk/support"
)

// blockSize is the most slots a block of a slotList holds: an insert or a
// delete moves at most this many slots, plus one int per block.
const blockSize = 512

// slotList is a list of slots in creation order (createdLess) that stays
// cheap to change when it is long: its slots are kept in blocks of at most
// blockSize, so that inserting or deleting in the middle of a list of a
// million moves a block, not half the list. The status and SLA indexes,
// which every status change or SLA clock start and stop edits, use it.
type slotList struct {
	blocks [][]slot
	starts []int // starts[b]: the index in the list of blocks[b][0]
	n      int
}

func (l *slotList) size() int { return l.n }

// get returns the slot at index i, 0 ≤ i < l.n.
func (l *slotList) get(i int) slot {
	b := sort.Search(len(l.starts), func(b int) bool { return l.starts[b] > i }) - 1
	return l.blocks[b][i-l.starts[b]]
}

// locate returns the block where t belongs and its position there: the
// first block whose last slot does not sort before t (the last block if
// none), and t's position in it by binary search.
func (l *slotList) locate(s *Store, t *support.Ticket) (b, i int, found bool) {
	b = sort.Search(len(l.blocks), func(b int) bool {
		blk := l.blocks[b]
		return createdLess(s.tickets.ticket(blk[len(blk)-1]), t) >= 0
	})
	if b == len(l.blocks) {
		b--
	}
	i, found = s.search(l.blocks[b], t, createdLess)
	return b, i, found
}

// insert puts sl, about to hold t, at its place.
func (l *slotList) insert(s *Store, sl slot, t *support.Ticket) {
	if l.n == 0 {
		l.blocks, l.starts, l.n = [][]slot{{sl}}, []int{0}, 1
		return
	}
	b, i, _ := l.locate(s, t)
	blk := slices.Insert(l.blocks[b], i, sl)
	if len(blk) > blockSize {
		half := len(blk) / 2
		next := slices.Clone(blk[half:])
		l.blocks[b] = slices.Clip(blk[:half])
		l.blocks = slices.Insert(l.blocks, b+1, next)
		l.starts = slices.Insert(l.starts, b+1, 0)
	} else {
		l.blocks[b] = blk
	}
	l.n++
	l.reindex(b)
}

// remove takes sl, which holds t, out of the list, if it is there.
func (l *slotList) remove(s *Store, sl slot, t *support.Ticket) {
	if l.n == 0 {
		return
	}
	b, i, found := l.locate(s, t)
	if !found || l.blocks[b][i] != sl {
		return
	}
	l.blocks[b] = slices.Delete(l.blocks[b], i, i+1)
	if len(l.blocks[b]) == 0 {
		l.blocks = slices.Delete(l.blocks, b, b+1)
		l.starts = slices.Delete(l.starts, b, b+1)
	}
	l.n--
	l.reindex(b)
}

// reindex recomputes the starts of the blocks from b on.
func (l *slotList) reindex(b int) {
	at := 0
	if b > 0 && b <= len(l.blocks) {
		at = l.starts[b-1] + len(l.blocks[b-1])
	}
	for ; b < len(l.blocks); b++ {
		l.starts[b] = at
		at += len(l.blocks[b])
	}
}

// slotSeq is a list of slots that scan walks: a flat slice or a slotList.
type slotSeq interface {
	size() int
	get(i int) slot
}

// flat is a plain slice of slots as a slotSeq.
type flat []slot

func (f flat) size() int      { return len(f) }
func (f flat) get(i int) slot { return f[i] }
