package memstore

import (
	"encoding/binary"
	"slices"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
)

// eventLog is a ticket's history in compact form: the events one after the
// other in a byte slice, which holds no pointers. A million tickets of
// history are then a million byte slices that the garbage collector never
// scans, instead of millions of Events and Openings full of string headers;
// and appending an event copies its text once rather than the whole array
// of events when the array grows.
//
// Each record is its length (4 bytes, little-endian, not counting itself),
// then:
//
//	version    uvarint
//	kind       byte
//	flags      byte (flagInternal, flagOpening)
//	at         varint Unix seconds, uvarint nanoseconds, uvarint location
//	           (0: UTC; i: locs[i-1], for the rare time that is not in UTC)
//	actor      byte role, string ID
//	body, field, from, to, related, key: strings
//	opening    with flagOpening only: customer, subject, description,
//	           category, assignee, group, follow_up_of: strings; priority
//	           and channel: bytes; extra: uvarint (0: none; i: extras[i-1]);
//	           transactions and tags: lists of strings; fields: a list of
//	           name, value (strings) and internal (byte)
//
// where a string is its length (uvarint) and its bytes, and a list its
// length plus one (uvarint; 0 is a nil slice) and its items. The ticket ID
// and sequence number are not stored: they are the entry's ID and the
// record's position.
//
// The values that hold pointers of their own, an opening's language and
// amount and a time's location, are kept beside the bytes when they are not
// zero. An eventLog is guarded by the Store's lock; appending never changes
// the bytes or side values of earlier records, so a reader may decode a
// prefix it took under the lock after releasing it.
type eventLog struct {
	buf    []byte
	n      int64            // records in buf
	extras []openingExtra   // the languages and amounts of openings, copied
	locs   []*time.Location // locations of times not in UTC, usually none
}

// openingExtra holds the parts of an Opening that are not text.
type openingExtra struct {
	lang   language.Tag
	amount *currency.Amount
}

const (
	flagInternal = 1 << iota
	flagOpening
)

// append encodes ev (whose ticket and sequence number are implied) at the
// end of the log. Nothing of ev is kept: text is copied, the opening's
// amount too.
func (l *eventLog) append(ev *support.Event) {
	strs := [...]string{ev.Actor.ID, ev.Body, ev.Field, ev.From, ev.To, string(ev.Related), ev.Key}
	size := 4 + 32 + 8*len(strs) // length, fixed part and string lengths, at most
	for _, s := range strs {
		size += len(s)
	}
	o := ev.Opening
	if o != nil {
		size += openingSize(o)
	}
	// One growth at most: appending field by field to a full slice would
	// reallocate it several times.
	buf := slices.Grow(l.buf, size)
	start := len(buf)
	buf = append(buf, 0, 0, 0, 0) // the length, written below
	buf = binary.AppendUvarint(buf, uint64(ev.Version))
	var flags byte
	if ev.Internal {
		flags |= flagInternal
	}
	if o != nil {
		flags |= flagOpening
	}
	buf = append(buf, byte(ev.Kind), flags)
	buf = binary.AppendVarint(buf, ev.At.Unix())
	buf = binary.AppendUvarint(buf, uint64(ev.At.Nanosecond()))
	buf = binary.AppendUvarint(buf, l.location(ev.At.Location()))
	buf = append(buf, byte(ev.Actor.Role))
	for _, s := range strs {
		buf = appendString(buf, s)
	}
	if o != nil {
		buf = l.appendOpening(buf, o)
	}
	binary.LittleEndian.PutUint32(buf[start:], uint32(len(buf)-start-4))
	l.buf = buf
	l.n++
}

// openingSize is at most the number of bytes appendOpening writes for o.
func openingSize(o *support.Opening) int {
	n := 8 * 16 // lengths and bytes
	for _, s := range [...]string{o.Customer, o.Subject, o.Description, string(o.Category), o.Assignee, o.Group, string(o.FollowUpOf)} {
		n += len(s)
	}
	for _, s := range o.Transactions {
		n += 8 + len(s)
	}
	for _, s := range o.Tags {
		n += 8 + len(s)
	}
	for _, f := range o.Fields {
		n += 8 + len(f.Name) + 8 + len(f.Value) + 1
	}
	return n
}

// appendOpening encodes o, keeping a copy of its language and amount when
// it has them.
func (l *eventLog) appendOpening(buf []byte, o *support.Opening) []byte {
	for _, s := range [...]string{o.Customer, o.Subject, o.Description, string(o.Category), o.Assignee, o.Group, string(o.FollowUpOf)} {
		buf = appendString(buf, s)
	}
	buf = append(buf, byte(o.Priority), byte(o.Channel))
	var extra uint64
	if o.Language != language.Und || o.Amount != nil {
		x := openingExtra{lang: o.Language}
		if o.Amount != nil {
			a := *o.Amount
			x.amount = &a
		}
		l.extras = append(l.extras, x)
		extra = uint64(len(l.extras))
	}
	buf = binary.AppendUvarint(buf, extra)
	buf = appendStrings(buf, o.Transactions)
	buf = appendStrings(buf, o.Tags)
	buf = appendList(buf, o.Fields)
	for _, f := range o.Fields {
		buf = appendString(buf, f.Name)
		buf = appendString(buf, f.Value)
		var internal byte
		if f.Internal {
			internal = 1
		}
		buf = append(buf, internal)
	}
	return buf
}

// appendList writes the length of list plus one, or 0 for a nil slice.
func appendList[T any](buf []byte, list []T) []byte {
	if list == nil {
		return append(buf, 0)
	}
	return binary.AppendUvarint(buf, uint64(len(list))+1)
}

func appendStrings(buf []byte, list []string) []byte {
	buf = appendList(buf, list)
	for _, s := range list {
		buf = appendString(buf, s)
	}
	return buf
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

// logView is a consistent prefix of an eventLog, taken under the Store's
// lock and decoded after it is released.
type logView struct {
	buf    []byte
	n      int64
	extras []openingExtra
	locs   []*time.Location
}

// view returns the log as it is now.
func (l *eventLog) view() logView {
	return logView{buf: l.buf[:len(l.buf):len(l.buf)], n: l.n, extras: l.extras[:len(l.extras):len(l.extras)], locs: l.locs[:len(l.locs):len(l.locs)]}
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
		buf = buf[4+binary.LittleEndian.Uint32(buf):]
	}
	// Find the end of the wanted records, and make their bytes one string.
	end := 0
	for range count {
		end += 4 + int(binary.LittleEndian.Uint32(buf[end:]))
	}
	text := string(buf[:end])
	out := make([]support.Event, count)
	pos := 0
	for i := range out {
		size := int(binary.LittleEndian.Uint32(buf[pos:]))
		pos += 4
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
	flags := d.byte()
	ev.Internal = flags&flagInternal != 0
	sec := d.varint()
	nsec := int64(d.uvarint())
	if loc := d.uvarint(); loc == 0 {
		ev.At = time.Unix(sec, nsec).UTC()
	} else {
		ev.At = time.Unix(sec, nsec).In(v.locs[loc-1])
	}
	ev.Actor.Role = support.Role(d.byte())
	ev.Actor.ID = d.string()
	ev.Body = d.string()
	ev.Field = d.string()
	ev.From = d.string()
	ev.To = d.string()
	ev.Related = support.ID(d.string())
	ev.Key = d.string()
	if flags&flagOpening != 0 {
		ev.Opening = v.opening(&d)
	}
	return ev
}

// opening decodes an opening written by appendOpening. Its slices and
// amount are new; its strings are substrings of the record.
func (v logView) opening(d *decoder) *support.Opening {
	o := &support.Opening{
		Customer: d.string(), Subject: d.string(), Description: d.string(), Category: support.Category(d.string()),
		Assignee: d.string(), Group: d.string(), FollowUpOf: support.ID(d.string()),
	}
	o.Priority = support.Priority(d.byte())
	o.Channel = support.Channel(d.byte())
	if x := d.uvarint(); x != 0 {
		extra := v.extras[x-1]
		o.Language = extra.lang
		if extra.amount != nil {
			a := *extra.amount
			o.Amount = &a
		}
	}
	o.Transactions = d.strings()
	o.Tags = d.strings()
	if n := d.uvarint(); n != 0 {
		o.Fields = make([]support.Field, n-1)
		for i := range o.Fields {
			o.Fields[i] = support.Field{Name: d.string(), Value: d.string(), Internal: d.byte() != 0}
		}
	}
	return o
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

func (d *decoder) strings() []string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	list := make([]string, n-1)
	for i := range list {
		list[i] = d.string()
	}
	return list
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
