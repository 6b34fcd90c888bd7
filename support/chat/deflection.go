package chat

import (
	"cmp"
	"slices"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// Outcome is how a chat went, read from its ticket's history.
type Outcome struct {
	BotAnswered bool // the bot offered articles
	Deflected   bool // the customer said an article solved it, and no agent joined
	HandedOff   bool // the chat went to the queue
	AgentJoined bool // an agent took it
}

// OutcomeOf reads the outcome of the chat in a ticket's history (staff
// view; events in order).
func OutcomeOf(history []support.Event) Outcome {
	var o Outcome
	resolved := false
	for _, e := range history {
		if e.Kind != support.EventCustom {
			continue
		}
		switch e.Field {
		case FieldBot:
			o.BotAnswered = o.BotAnswered || e.To != ""
		case FieldHandoff:
			o.HandedOff = true
		case FieldJoined:
			o.AgentJoined = true
		case FieldDeflected:
			resolved = true
		}
	}
	o.Deflected = resolved && o.BotAnswered && !o.AgentJoined
	return o
}

// DeflectionKey groups deflection counts.
type DeflectionKey struct {
	Language language.Tag
	Category support.Category
}

// DeflectionCount counts chats of one language and category.
type DeflectionCount struct {
	DeflectionKey
	Chats       int // chats counted
	BotAnswered int // chats where the bot offered articles
	Deflected   int // answered by the bot and solved without an agent
	HandedOff   int // chats that went to the queue
}

// Rate is the deflection rate, Deflected ÷ Chats (0 without chats).
func (c DeflectionCount) Rate() float64 {
	if c.Chats == 0 {
		return 0
	}
	return float64(c.Deflected) / float64(c.Chats)
}

// DeflectionTally counts chat outcomes per language and category, as a
// host reads tickets back (support.Desk.SearchQueue or ListCustomer, then
// History). The zero value is ready to use; it is not safe for concurrent
// use. Tallies of shards merge with Merge.
type DeflectionTally struct {
	counts map[DeflectionKey]*DeflectionCount
}

// Add counts one chat ticket with its history. Tickets of other channels
// are counted only when chat ran on them (a FieldStarted, bot or hand-off
// event).
func (d *DeflectionTally) Add(t *support.Ticket, history []support.Event) {
	o := OutcomeOf(history)
	if t.Channel != support.ChannelChat && !o.BotAnswered && !o.HandedOff && !hasField(history, FieldStarted) {
		return
	}
	c := d.count(DeflectionKey{Language: t.Language, Category: t.Category})
	c.Chats++
	if o.BotAnswered {
		c.BotAnswered++
	}
	if o.Deflected {
		c.Deflected++
	}
	if o.HandedOff {
		c.HandedOff++
	}
}

func (d *DeflectionTally) count(k DeflectionKey) *DeflectionCount {
	if d.counts == nil {
		d.counts = make(map[DeflectionKey]*DeflectionCount)
	}
	c := d.counts[k]
	if c == nil {
		c = &DeflectionCount{DeflectionKey: k}
		d.counts[k] = c
	}
	return c
}

// Merge adds the counts of o to d.
func (d *DeflectionTally) Merge(o *DeflectionTally) {
	for k, oc := range o.counts {
		c := d.count(k)
		c.Chats += oc.Chats
		c.BotAnswered += oc.BotAnswered
		c.Deflected += oc.Deflected
		c.HandedOff += oc.HandedOff
	}
}

// Counts returns the counts ordered by language, then category.
func (d *DeflectionTally) Counts() []DeflectionCount {
	out := make([]DeflectionCount, 0, len(d.counts))
	for _, c := range d.counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b DeflectionCount) int {
		if c := cmp.Compare(a.Language.String(), b.Language.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.Category, b.Category)
	})
	return out
}

// Total returns the counts of every language and category together.
func (d *DeflectionTally) Total() DeflectionCount {
	var t DeflectionCount
	for _, c := range d.counts {
		t.Chats += c.Chats
		t.BotAnswered += c.BotAnswered
		t.Deflected += c.Deflected
		t.HandedOff += c.HandedOff
	}
	return t
}

func hasField(h []support.Event, field string) bool {
	return slices.ContainsFunc(h, func(e support.Event) bool { return e.Kind == support.EventCustom && e.Field == field })
}
