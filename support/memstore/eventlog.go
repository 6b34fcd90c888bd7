package memstore

import (
	"encoding/binary"
	"slices"
	"time"

	"github.com/paydesk/paydesk/support"
)

// eventLog is a ticket's history in compact form: the events one after the
// other in a byte slice, which holds no pointers. A million tickets of
// history are then a million byte slices that the garbage collector never
// scans, instead of millions of Events full of string headers; and
// appending an event copies its text once rather than the whole array of
// events when the array grows.
//
// Each record is its length (uvarint, not counting itself), then:
//
//	version    uvarint
//	kind       byte
//	flags      byte (flagInternal)
//	at         varint Unix seconds, uvarint nanoseconds, uvarint location
//	           (0: UTC; i: locs[i-1], for the rare time that is not in UTC)
//	actor      byte role, string ID
//	opening    uvarint (0: none; i: openings[i-1])
//	body, field, from, to, related, key: strings
//
// where a string is its length (uvarint) and its bytes. The ticket ID and
// sequence number are not stored: they are the entry's ID and the record's
// position.
//
// The parts that hold pointers, openings and locations, are kept beside the
// bytes. An eventLog is guarded by the Store's lock; appending never
// changes the bytes, openings or locations of earlier records, so a reader
// may decode a prefix it took under the lock after releasing it.
type eventLog struct {
	buf      []byte
	n        int64              // records in buf
	openings []*support.Opening // the openings of created events, copied
	locs     []*time.Location   // locations of times not in UTC, usually none
}

const flagInternal = 1

// append encodes ev (whose ticket and sequence number are implied) at the
// end of the log. The opening, if any, is copied.
func (l *eventLog) append(ev *support.Event) {
	var rec [64]byte // the fixed part; text is appended to buf directly
	b := rec[:0]
	b = binary.AppendUvarint(b, uint64(ev.Version))
	var flags byte
	if ev.Internal {
		flags |= flagInternal
	}
	b = append(b, byte(ev.Kind), flags)
	b = binary.AppendVarint(b, ev.At.Unix())
	b = binary.AppendUvarint(b, uint64(ev.At.Nanosecond()))
	b = binary.AppendUvarint(b, l.location(ev.At.Location()))
	b = append(b, byte(ev.Actor.Role))
	var opening uint64
	if ev.Opening != nil {
		l.openings = append(l.openings, cloneOpening(ev.Opening))
		opening = uint64(len(l.openings))
	}
	strs := [...]string{ev.Actor.ID, ev.Body, ev.Field, ev.From, ev.To, string(ev.Related), ev.Key}
	size := len(b) + uvarintLen(opening)
	for _, s := range strs {
		size += uvarintLen(uint64(len(s))) + len(s)
	}

	// One growth at most: appending field by field to a full slice would
	// reallocate it several times.
	buf := slices.Grow(l.buf, uvarintLen(uint64(size))+size)
	buf = binary.AppendUvarint(buf, uint64(size))
	buf = append(buf, b...)
	buf = appendString(buf, strs[0])
	buf = binary.AppendUvarint(buf, opening)
	for _, s := range strs[1:] {
		buf = appendString(buf, s)
	}
	l.buf = buf
	l.n++
}

// location returns the location code of loc, remembering a new location.
func (l *eventLog) location(loc *time.Location) uint64 {
	if loc == time.UTC {
		return 0
	}
	for i, x := range l.locs {
		if x == loc {
			return uint64(i + 1)
		}
	}
	l.locs = append(l.locs, loc)
	return uint64(len(l.locs))
}

// view is a consistent prefix of an eventLog, taken under the Store's lock
// and decoded after it is released.
type logView struct {
	buf      []byte
	n        int64
	openings []*support.Opening
	locs     []*time.Location
}

// view returns the log as it is now.
func (l *eventLog) view() logView {
	return logView{buf: l.buf[:len(l.buf):len(l.buf)], n: l.n, openings: l.openings[:len(l.openings):len(l.openings)], locs: l.locs[:len(l.locs):len(l.locs)]}
}

// events decodes the records after the first after, at most limit of them
// (all when limit <= 0), as events of ticket id numbered from after+1. The
// text of all of them shares one new string; the openings are copies.
func (v logView) events(id support.ID, after int64, limit int) []support.Event {
	if after < 0 {
		after = 0
	}
	if after >= v.n {
		return []support.Event{}
	}
	count := v.n - after
	if limit > 0 && int64(limit) < count {
		count = int64(limit)
	}
	buf := v.buf
	for range after {
		size, k := binary.Uvarint(buf)
		buf = buf[k+int(size):]
	}
	// Find the end of the wanted records, and make their bytes one string.
	end := 0
	for range count {
		size, k := binary.Uvarint(buf[end:])
		end += k + int(size)
	}
	text := string(buf[:end])
	out := make([]support.Event, count)
	pos := 0
	for i := range out {
		size, k := binary.Uvarint(buf[pos:])
		pos += k
		out[i] = v.decode(id, after+int64(i)+1, text[pos:pos+int(size)])
		pos += int(size)
	}
	return out
}

// decode decodes the record rec (without its length) as event seq of ticket
// id. The event's strings are substrings of rec.
func (v logView) decode(id support.ID, seq int64, rec string) support.Event {
	d := decoder{s: rec}
	ev := support.Event{Ticket: id, Seq: seq}
	ev.Version = int64(d.uvarint())
	ev.Kind = support.EventKind(d.byte())
	ev.Internal = d.byte()&flagInternal != 0
	sec := d.varint()
	nsec := int64(d.uvarint())
	if loc := d.uvarint(); loc == 0 {
		ev.At = time.Unix(sec, nsec).UTC()
	} else {
		ev.At = time.Unix(sec, nsec).In(v.locs[loc-1])
	}
	ev.Actor.Role = support.Role(d.byte())
	ev.Actor.ID = d.string()
	if o := d.uvarint(); o != 0 {
		ev.Opening = cloneOpening(v.openings[o-1])
	}
	ev.Body = d.string()
	ev.Field = d.string()
	ev.From = d.string()
	ev.To = d.string()
	ev.Related = support.ID(d.string())
	ev.Key = d.string()
	return ev
}

// decoder reads the fields of one record, which the store wrote itself:
// malformed input is not expected and not checked beyond Go's bounds
// checks.
type decoder struct{ s string }

func (d *decoder) byte() byte {
	c := d.s[0]
	d.s = d.s[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	var x uint64
	var shift uint
	for i := 0; ; i++ {
		c := d.s[i]
		if c < 0x80 {
			d.s = d.s[i+1:]
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
}

func (d *decoder) varint() int64 {
	ux := d.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) string() string {
	n := d.uvarint()
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// cloneOpening returns a deep copy of o.
func cloneOpening(o *support.Opening) *support.Opening {
	return support.Event{Opening: o}.Clone().Opening
}
