package memstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// historyTicket is version v of ticket "t1".
func historyTicket(v int64) *support.Ticket {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	return &support.Ticket{ID: "t1", Customer: "c1", Subject: "s", Category: support.CategoryFees, Status: support.StatusNew,
		Channel: support.ChannelWeb, CreatedAt: at, UpdatedAt: at, Version: v}
}

// TestHistoryRoundTrip checks that the compact history gives back exactly
// the events committed: every field, long text, times far from now and in
// other locations, openings on any event, in windows of after and limit.
func TestHistoryRoundTrip(t *testing.T) {
	ctx := context.Background()
	amount, err := currency.NewAmount("120.50", "EUR")
	if err != nil {
		t.Fatal(err)
	}
	opening := &support.Opening{
		Customer: "c1", Subject: "s", Description: "d", Category: support.CategoryFees, Priority: support.PriorityHigh,
		Language: language.MustParse("zh-Hans"), Channel: support.ChannelWeb, Transactions: []string{"tx1", "tx2"},
		Amount: &amount, Tags: []string{"vip"}, Assignee: "a1", Group: "g1",
		Fields:     []support.Field{{Name: "order", Value: "A-1"}, {Name: "risk", Value: "low", Internal: true}},
		FollowUpOf: "t0",
	}
	zone := time.FixedZone("UTC+8", 8*3600)
	long := strings.Repeat("长文本 long text ", 5000) // lengths of several varint bytes
	commits := [][]support.Event{
		{{Kind: support.EventCreated, At: time.Date(2026, 3, 2, 9, 0, 0, 1, time.UTC), Actor: support.Customer("c1"), Opening: opening, Key: "k1"}},
		{
			{Kind: support.EventReply, At: time.Date(1900, 1, 1, 0, 0, 0, 999_999_999, zone), Actor: support.Agent("a1"), Body: long},
			{Kind: support.EventNote, Internal: true, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), Actor: support.Admin("x"), Body: "note\x00\xff"},
			{Kind: support.EventStatus, At: time.Time{}, Actor: support.System("sla"), From: "new", To: "open"},
		},
		{
			{Kind: support.EventMerge, At: time.Date(2500, 1, 1, 0, 0, 0, 0, zone), Actor: support.Agent("a2"), Field: "from", Related: "t9"},
			{Kind: support.EventCustom, Internal: true, At: time.Unix(-1<<40, 5).UTC(), Actor: support.Actor{Role: support.RoleAgent}, Field: "cases.x", From: "a", To: "b", Opening: &support.Opening{Customer: "c2", Tags: []string{}}},
		},
	}
	s := memstore.New()
	var want []support.Event
	for i, evs := range commits {
		v := int64(i + 1)
		for j := range evs {
			evs[j].Ticket, evs[j].Version = "t1", v
		}
		if err := s.Commit(ctx, support.Commit{Writes: []support.Write{{Ticket: historyTicket(v), Prev: v - 1, Events: evs}}}); err != nil {
			t.Fatal(err)
		}
		for j := range evs {
			if evs[j].Seq != int64(len(want)+1) {
				t.Fatalf("commit %d event %d: Seq %d, want %d", i, j, evs[j].Seq, len(want)+1)
			}
			want = append(want, evs[j])
		}
	}
	// The caller's opening changes after the commit; the stored one must not.
	wantOpening := *opening
	wantOpening.Transactions = []string{"tx1", "tx2"}
	opening.Transactions[0] = "changed"
	opening.Transactions = nil
	want[0].Opening = &wantOpening

	tests := []struct {
		after int64
		limit int
		want  []support.Event
	}{
		{0, 0, want},
		{-3, 0, want},
		{0, 2, want[:2]},
		{2, 2, want[2:4]},
		{5, 0, want[5:]},
		{5, 10, want[5:]},
		{6, 0, []support.Event{}},
		{100, 1, []support.Event{}},
	}
	for _, tc := range tests {
		got, err := s.History(ctx, "t1", tc.after, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("History(%d, %d): %d events, want %d", tc.after, tc.limit, len(got), len(tc.want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], tc.want[i]) {
				t.Errorf("History(%d, %d)[%d]:\n got %#v\nwant %#v", tc.after, tc.limit, i, got[i], tc.want[i])
			}
		}
	}

	// What History returns is the caller's to change.
	got, err := s.History(ctx, "t1", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	got[0].Opening.Transactions[0] = "changed"
	got[0].Opening.Fields[0].Value = "changed"
	*got[0].Opening.Amount = currency.Amount{}
	again, err := s.History(ctx, "t1", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again[0], want[0]) {
		t.Fatalf("a change to a returned event reached the store:\n got %#v\nwant %#v", again[0], want[0])
	}
}

// FuzzHistory commits an event of arbitrary text and time and reads it
// back: the history must return exactly what was committed.
func FuzzHistory(f *testing.F) {
	f.Add("body", "field", "from", "to", "actor", int64(1772442000), int64(0), 0, true)
	f.Add("", "", "", "", "", int64(-62135596800), int64(0), 3600, false)
	f.Add(strings.Repeat("x", 300), "\x00\xff", "中文", "\x80", "a", int64(-1<<40), int64(999_999_999), -7200, true)
	f.Fuzz(func(t *testing.T, body, field, from, to, actor string, sec, nsec int64, offset int, internal bool) {
		ctx := context.Background()
		if nsec < 0 || nsec >= 1e9 {
			nsec = 0
		}
		at := time.Unix(sec, nsec).UTC()
		if offset%(24*3600) != 0 {
			at = at.In(time.FixedZone("z", offset%(24*3600)))
		}
		s := memstore.New()
		created := support.Event{Ticket: "t1", Version: 1, Kind: support.EventCreated, Actor: support.Customer("c1"),
			Opening: &support.Opening{Customer: "c1"}}
		ev := support.Event{Ticket: "t1", Version: 1, Kind: support.EventCustom, Internal: internal, At: at,
			Actor: support.Actor{Role: support.RoleAgent, ID: actor}, Body: body, Field: field, From: from, To: to,
			Related: support.ID(body), Key: to}
		w := support.Write{Ticket: historyTicket(1), Events: []support.Event{created, ev}}
		if err := s.Commit(ctx, support.Commit{Writes: []support.Write{w}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.History(ctx, "t1", 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = 2
		if len(got) != 1 || !reflect.DeepEqual(got[0], ev) {
			t.Fatalf("got %#v\nwant %#v", got, ev)
		}
	})
}

// BenchmarkHistory reads the whole history of a ticket with ten events
// (created, then replies of about 60 bytes): decoding the compact log is
// the price of a heap the garbage collector does not scan.
func BenchmarkHistory(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	created := support.Event{Ticket: "t1", Version: 1, Kind: support.EventCreated, At: at, Actor: support.Customer("c1"),
		Opening: &support.Opening{Customer: "c1", Subject: "s", Category: support.CategoryFees, Channel: support.ChannelWeb}}
	if err := s.Commit(ctx, support.Commit{Writes: []support.Write{{Ticket: historyTicket(1), Events: []support.Event{created}}}}); err != nil {
		b.Fatal(err)
	}
	for v := int64(2); v <= 10; v++ {
		ev := support.Event{Ticket: "t1", Version: v, Kind: support.EventReply, At: at.Add(time.Duration(v) * time.Minute),
			Actor: support.Agent("agent-7"), Body: "We have asked your bank about the transfer; expect news soon."}
		if err := s.Commit(ctx, support.Commit{Writes: []support.Write{{Ticket: historyTicket(v), Prev: v - 1, Events: []support.Event{ev}}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		h, err := s.History(ctx, "t1", 0, 0)
		if err != nil || len(h) != 10 {
			b.Fatalf("%d events, %v", len(h), err)
		}
	}
}
