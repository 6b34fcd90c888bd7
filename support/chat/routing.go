package chat

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// Presence is whether an agent takes chats. It is a plain value, safe for
// concurrent use. The zero Presence is invalid.
type Presence uint8

// The presences. Only online agents are offered chats; away agents keep
// the chats they have but get no new ones; an agent who goes offline has
// their chats put back in the queue (Service.SetPresence).
const (
	Online Presence = iota + 1
	Away
	Offline
)

var presenceNames = [...]string{"", "online", "away", "offline"}

// String returns "online", "away" or "offline".
func (p Presence) String() string {
	if p.IsValid() {
		return presenceNames[p]
	}
	return fmt.Sprintf("Presence(%d)", uint8(p))
}

// IsValid reports whether p is one of the defined presences.
func (p Presence) IsValid() bool { return p >= Online && p <= Offline }

// ParsePresence parses a presence as written by String.
func ParsePresence(s string) (Presence, error) {
	for i := 1; i < len(presenceNames); i++ {
		if presenceNames[i] == s {
			return Presence(i), nil
		}
	}
	return 0, inputErr("presence", fmt.Sprintf("unknown presence %q", s))
}

// MarshalText encodes p as its name.
func (p Presence) MarshalText() ([]byte, error) {
	if !p.IsValid() {
		return nil, inputErr("presence", p.String())
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes a presence name.
func (p *Presence) UnmarshalText(b []byte) error {
	v, err := ParsePresence(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Skills are what an agent can handle. An empty list means "any": an agent
// without Languages serves every language, one without Categories every
// category. Groups are the teams the agent belongs to; a chat routed to a
// group (Need.Group) goes only to its members. Skills are plain data, not
// safe for concurrent modification.
type Skills struct {
	Languages  []language.Tag     `json:"languages,omitempty"`
	Categories []support.Category `json:"categories,omitempty"`
	Groups     []string           `json:"groups,omitempty"`
}

// Need is what a waiting chat asks of its agent: the customer's language
// (matched by base language, so an agent listing zh serves zh-Hans and
// zh-Hant customers alike), the ticket's category, and a group when the chat
// was sent to one.
type Need struct {
	Language language.Tag     `json:"language"`
	Category support.Category `json:"category,omitempty"`
	Group    string           `json:"group,omitempty"`
}

// Serves reports whether s covers n.
func (s *Skills) Serves(n Need) bool {
	if len(s.Languages) > 0 && n.Language != language.Und {
		base, _ := n.Language.Base()
		if !slices.ContainsFunc(s.Languages, func(t language.Tag) bool { b, _ := t.Base(); return b == base }) {
			return false
		}
	}
	if len(s.Categories) > 0 && n.Category != "" && !slices.Contains(s.Categories, n.Category) {
		return false
	}
	if n.Group != "" && !slices.Contains(s.Groups, n.Group) {
		return false
	}
	return true
}

// Agent is an agent's routing state. The host sets ID, Presence, Capacity
// and Skills with Service.SetAgent; the store keeps Chats and LastAssigned
// as chats are assigned and released. Agent is plain data, not safe for
// concurrent modification.
type Agent struct {
	ID       string       `json:"id"`
	Presence Presence     `json:"presence"`
	Capacity int          `json:"capacity"` // concurrent chats, at least 1
	Skills   Skills       `json:"skills"`
	Chats    []support.ID `json:"chats,omitempty"` // assigned chats, oldest assignment first
	// LastAssigned is when the agent was last given a chat (or came
	// online): among equally busy agents the one idle longest, the
	// earliest LastAssigned, is chosen.
	LastAssigned time.Time `json:"last_assigned"`
}

// Validate checks what a store requires of an agent given to PutAgent: an
// ID, a valid Presence and a Capacity of at least 1. Its errors are
// *support.InputError values matching support.ErrInvalidInput.
func (a *Agent) Validate() error {
	switch {
	case strings.TrimSpace(a.ID) == "":
		return &support.InputError{Field: "agent.id", Reason: support.ErrInvalidInput, Detail: "empty agent ID"}
	case !a.Presence.IsValid():
		return &support.InputError{Field: "agent.presence", Reason: support.ErrInvalidInput, Detail: a.Presence.String()}
	case a.Capacity < 1:
		return &support.InputError{Field: "agent.capacity", Reason: support.ErrInvalidInput, Detail: fmt.Sprintf("capacity %d, at least 1", a.Capacity)}
	}
	return nil
}

// HasRoom reports whether a is online with fewer chats than its capacity.
func (a *Agent) HasRoom() bool { return a.Presence == Online && len(a.Chats) < a.Capacity }

// Takes reports whether a may be offered w: online with room, skills that
// serve w.Need, not among those who declined it, and w is not reserved for
// another agent.
func (a *Agent) Takes(w *Waiting) bool {
	if !a.HasRoom() || slices.Contains(w.Declined, a.ID) {
		return false
	}
	if w.Agent != "" {
		return w.Agent == a.ID
	}
	return a.Skills.Serves(w.Need)
}

// CompareAgents orders agents for routing: the least busy first (fewest
// chats), then the one idle longest (earliest LastAssigned), then by ID.
// Every Store chooses agents in this order.
func CompareAgents(a, b *Agent) int {
	if c := cmp.Compare(len(a.Chats), len(b.Chats)); c != 0 {
		return c
	}
	if c := a.LastAssigned.Compare(b.LastAssigned); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// Waiting is a chat in the queue for an agent. Waiting is plain data, not
// safe for concurrent modification.
type Waiting struct {
	Ticket   support.ID       `json:"ticket"`
	Customer string           `json:"customer"`
	Need     Need             `json:"need"`
	Priority support.Priority `json:"priority"`
	// Since is when the chat first joined the queue; a chat put back
	// (its agent left or went offline) keeps it, and so its place.
	Since time.Time `json:"since"`
	// Agent, when set, reserves the chat for that agent (a transfer to a
	// person); it waits for them even when others are free.
	Agent string `json:"agent,omitempty"`
	// Declined are the agents who declined the chat; it is not offered to
	// them again.
	Declined []string `json:"declined,omitempty"`
}

// CompareWaiting orders the queue: higher priority first, then the oldest
// (earliest Since), then by ticket ID. Every Store serves chats in this order.
func CompareWaiting(a, b *Waiting) int {
	if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
		return c
	}
	if c := a.Since.Compare(b.Since); c != 0 {
		return c
	}
	return strings.Compare(string(a.Ticket), string(b.Ticket))
}

// SameLine reports whether two waiting chats wait for the same agents, as
// the queue position counts them: same language (by base language) and the
// same group.
func SameLine(a, b Need) bool {
	ba, _ := a.Language.Base()
	bb, _ := b.Language.Base()
	return ba == bb && a.Group == b.Group
}

// Receipt is how far one participant has read a chat: every event with a
// sequence number up to Seq. Delivered and read marks for each message are
// derived from receipts (see Transcript).
type Receipt struct {
	Reader support.Actor `json:"reader"`
	Seq    int64         `json:"seq"`
	At     time.Time     `json:"at"`
}

// Stats are the recent handling times a Store keeps for wait estimates.
type Stats struct {
	// Handle is the mean time an agent held a chat, over the most recent
	// releases (a store keeps at least the last 50); zero before any.
	Handle  time.Duration
	Samples int
}

// Store keeps the routing state of live chat: agents and their presence,
// the queue of waiting chats, who holds which chat, read receipts and
// recent handling times. What was said lives in the ticket's history, not
// here. memstore implements it in memory; every implementation must pass
// storetest.RunChat.
//
// Implementations must be safe for concurrent use, and every method is
// atomic: two instances routing at once never give one chat to two agents,
// nor an agent more chats than its capacity. Values passed in and handed
// out are copies. Errors: ErrUnknownAgent, ErrNotWaiting, ErrQueued,
// ErrNoAgent, ErrQueueEmpty, ErrAgentFull and ErrNotAssigned, matched with
// errors.Is.
type Store interface {
	// PutAgent creates or updates an agent's presence, capacity and
	// skills (an agent that Agent.Validate refuses is refused with its
	// error); the agent's Chats are kept. A new agent's LastAssigned is
	// a.LastAssigned; an agent coming online has it set to at least
	// its last assignment.
	PutAgent(ctx context.Context, a Agent) error
	// Agent returns the agent with id or an error matching ErrUnknownAgent.
	Agent(ctx context.Context, id string) (Agent, error)
	// Agents returns every agent, sorted by ID.
	Agents(ctx context.Context) ([]Agent, error)

	// Enqueue puts a chat in the queue. A chat already waiting or held by
	// an agent gives an error matching ErrQueued.
	Enqueue(ctx context.Context, w Waiting) error
	// Waiting returns the queued chat of ticket, or ErrNotWaiting.
	Waiting(ctx context.Context, ticket support.ID) (Waiting, error)
	// Position returns the place of ticket's chat among the waiting chats
	// on its line (SameLine) in CompareWaiting order, 1 being next, and
	// how many chats wait on that line in all; ErrNotWaiting when it does
	// not wait.
	Position(ctx context.Context, ticket support.ID) (pos, line int, err error)
	// Line returns the first limit waiting chats on need's line
	// (SameLine) in CompareWaiting order, for position updates.
	Line(ctx context.Context, need Need, limit int) ([]Waiting, error)
	// Dequeue takes a chat out of the queue without assigning it (the
	// customer left, or the bot solved it); ErrNotWaiting when it does not
	// wait.
	Dequeue(ctx context.Context, ticket support.ID) (Waiting, error)
	// Decline records that agent declined the waiting chat of ticket.
	Decline(ctx context.Context, ticket support.ID, agent string) error

	// AssignBest gives the waiting chat of ticket to the first agent in
	// CompareAgents order that Takes it, and returns that agent after the
	// assignment; ErrNoAgent (the chat keeps waiting) when none does.
	AssignBest(ctx context.Context, ticket support.ID, at time.Time) (Agent, error)
	// TakeNext gives agent the first waiting chat in CompareWaiting order
	// that the agent Takes, and returns it; ErrQueueEmpty when there is
	// none, ErrAgentFull when the agent has no room.
	TakeNext(ctx context.Context, agent string, at time.Time) (Waiting, error)
	// Assign gives the waiting chat of ticket to agent, who picked it:
	// the agent must be online with room (ErrAgentFull) and not reserved
	// away (a chat reserved for another agent gives ErrNotWaiting); skills
	// are not checked.
	Assign(ctx context.Context, ticket support.ID, agent string, at time.Time) (Waiting, error)
	// Holder returns the agent holding ticket's chat, or ErrNotAssigned.
	Holder(ctx context.Context, ticket support.ID) (string, error)
	// Release takes ticket's chat from agent (it ended, was transferred,
	// or the agent left) and records how long the agent held it in the
	// handling-time statistics; ErrNotAssigned when agent does not hold it.
	Release(ctx context.Context, ticket support.ID, agent string, at time.Time) error

	// MarkRead records that reader has read ticket's chat up to seq and
	// returns the reader's receipt; receipts never move back, so a lower
	// seq returns the stored receipt unchanged.
	MarkRead(ctx context.Context, ticket support.ID, reader support.Actor, seq int64, at time.Time) (Receipt, error)
	// Receipts returns the receipts of ticket's chat, ordered by reader.
	Receipts(ctx context.Context, ticket support.ID) ([]Receipt, error)

	// Stats returns the recent handling times.
	Stats(ctx context.Context) (Stats, error)
	// Capacity returns what the online agents who serve need
	// (Skills.Serves) can do; when agent is not empty, what that agent
	// alone can do if online, whatever their skills (a chat transferred
	// to them). An unknown or offline agent has the zero Capacity. It
	// answers the wait estimates without listing the agents.
	Capacity(ctx context.Context, need Need, agent string) (Capacity, error)
}

// Capacity is what some online agents can do at one moment: how many they
// are, their concurrent chats in all, and how many of those are free.
type Capacity struct {
	Agents int // online agents
	Slots  int // the sum of their capacities
	Free   int // slots not holding a chat
}
