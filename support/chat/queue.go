package chat

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/paydesk/paydesk/support"
)

// QueueStatus is where a chat stands: with the bot, waiting for an agent
// (with its place and an estimated wait), or held by an agent.
type QueueStatus struct {
	Waiting  bool          `json:"waiting"`
	Position int           `json:"position,omitempty"` // 1 = next on its line
	Line     int           `json:"line,omitempty"`     // chats waiting on its line
	Wait     time.Duration `json:"wait,omitempty"`     // estimated; zero when unknown
	// Agents is how many online agents serve the chat's line; zero means
	// nobody will take it until someone comes online.
	Agents int `json:"agents,omitempty"`
	// Agent holds the chat (the agent's ID); staff views only.
	Agent string `json:"agent,omitempty"`
	// Held reports that an agent holds the chat.
	Held bool `json:"held"`
}

// QueueStatus returns where ticket id's chat stands, as a may see it.
func (s *Service) QueueStatus(ctx context.Context, a support.Actor, id support.ID) (QueueStatus, error) {
	if err := a.Validate(); err != nil {
		return QueueStatus{}, err
	}
	t, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return QueueStatus{}, err
	}
	q, err := s.status(ctx, t)
	if a.Role == support.RoleCustomer {
		q.Agent = ""
	}
	return q, err
}

// status computes the queue status of t.
func (s *Service) status(ctx context.Context, t *support.Ticket) (QueueStatus, error) {
	if agent, err := s.store.Holder(ctx, t.ID); err == nil {
		return QueueStatus{Held: true, Agent: agent}, nil
	} else if !errors.Is(err, ErrNotAssigned) {
		return QueueStatus{}, err
	}
	w, err := s.store.Waiting(ctx, t.ID)
	if errors.Is(err, ErrNotWaiting) {
		return QueueStatus{}, nil
	}
	if err != nil {
		return QueueStatus{}, err
	}
	pos, line, err := s.store.Position(ctx, t.ID)
	if err != nil {
		return QueueStatus{}, err
	}
	c, err := s.estimate(ctx, &w)
	if err != nil {
		return QueueStatus{}, err
	}
	return QueueStatus{Waiting: true, Position: pos, Line: line, Agents: c.Agents, Wait: c.wait(pos)}, nil
}

// capacity is what the agents serving one need can do.
type capacity struct {
	Capacity
	handle time.Duration
}

// wait is the expected wait at position pos: the chats ahead that the free
// slots do not absorb at once, shared among all the slots, times the recent
// mean handling time. Zero without agents (unknown).
func (c capacity) wait(pos int) time.Duration {
	ahead := pos - c.Free
	if c.Slots == 0 || ahead <= 0 {
		return 0
	}
	return time.Duration(int64(c.handle) * int64(ahead) / int64(c.Slots))
}

// estimate returns the capacity of the online agents who can take w.
func (s *Service) estimate(ctx context.Context, w *Waiting) (capacity, error) {
	cp, err := s.store.Capacity(ctx, w.Need, w.Agent)
	if err != nil {
		return capacity{}, err
	}
	c := capacity{Capacity: cp}
	if c.Agents == 0 {
		return c, nil
	}
	st, err := s.store.Stats(ctx)
	if err != nil {
		return capacity{}, err
	}
	c.handle = st.Handle
	if st.Samples == 0 || c.handle <= 0 {
		c.handle = s.handle
	}
	return c, nil
}

// handoff puts t's chat in the queue and routes it; from is the message
// that caused it, reason why.
func (s *Service) handoff(ctx context.Context, t *support.Ticket, from, reason string) ([]support.Event, error) {
	e, err := s.desk.Record(ctx, systemActor, t.ID, support.Event{
		Kind: support.EventCustom, Field: FieldHandoff, From: from, To: reason,
		Body: s.msgs.Text(t.Language, MsgHandoff),
	})
	if err != nil {
		return nil, err
	}
	w := Waiting{Ticket: t.ID, Customer: t.Customer, Need: needOf(t), Priority: t.Priority, Since: s.clock()}
	if err := s.store.Enqueue(ctx, w); err != nil && !errors.Is(err, ErrQueued) {
		return nil, err
	}
	rest, err := s.route(ctx, t, from)
	return append([]support.Event{e}, rest...), err
}

// needOf is what t's chat needs of its agent.
func needOf(t *support.Ticket) Need {
	return Need{Language: t.Language, Category: t.Category, Group: t.Group}
}

// route offers t's waiting chat to the best agent; when none takes it, the
// customer is told why and where they stand.
func (s *Service) route(ctx context.Context, t *support.Ticket, from string) ([]support.Event, error) {
	agent, err := s.store.AssignBest(ctx, t.ID, s.clock())
	if err == nil {
		e, err := s.join(ctx, t, agent.ID, from)
		return []support.Event{e}, err
	}
	if !errors.Is(err, ErrNoAgent) {
		return nil, err
	}
	q, err := s.status(ctx, t)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if s.cal != nil && !s.cal.IsOpen(now) {
		open := s.cal.Add(now, time.Nanosecond).Add(-time.Nanosecond).In(s.cal.Location())
		e, err := s.desk.Record(ctx, systemActor, t.ID, support.Event{
			Kind: support.EventCustom, Field: FieldAfterHours, From: from, To: open.Format(time.RFC3339),
			Body: s.msgs.Text(t.Language, MsgAfterHours, open.Format("2006-01-02 15:04 MST")),
		})
		return []support.Event{e}, err
	}
	if q.Agents == 0 {
		e, err := s.desk.Record(ctx, systemActor, t.ID, support.Event{
			Kind: support.EventCustom, Field: FieldNoAgent, From: from, Body: s.msgs.Text(t.Language, MsgNoAgent),
		})
		return []support.Event{e}, err
	}
	e, err := s.desk.Record(ctx, systemActor, t.ID, support.Event{
		Kind: support.EventCustom, Field: FieldQueued, From: from, To: strconv.Itoa(q.Position),
		Body: s.msgs.Text(t.Language, MsgQueued, q.Position, s.msgs.wait(t.Language, q.Wait)),
	})
	if err != nil {
		return nil, err
	}
	s.signal(ctx, t.ID, Signal{Kind: SignalQueue, Position: q.Position, Wait: q.Wait})
	return []support.Event{e}, nil
}

// join records that agent took t's chat, assigns the ticket on the Desk,
// and moves the line the chat left.
func (s *Service) join(ctx context.Context, t *support.Ticket, agent, from string) (support.Event, error) {
	if _, err := s.desk.Assign(ctx, systemActor, t.ID, agent, t.Group); err != nil {
		return support.Event{}, err
	}
	e, err := s.desk.Record(ctx, systemActor, t.ID, support.Event{
		Kind: support.EventCustom, Field: FieldJoined, From: from, To: agent, Body: s.msgs.Text(t.Language, MsgJoined),
	})
	if err != nil {
		return support.Event{}, err
	}
	s.signal(ctx, t.ID, Signal{Kind: SignalQueue})
	s.moveLine(ctx, needOf(t))
	return e, nil
}

// moveLine tells the chats at the head of need's line their new places.
// Failures are logged: the positions are a courtesy, QueueStatus has them.
func (s *Service) moveLine(ctx context.Context, need Need) {
	if s.hub == nil {
		return
	}
	line, err := s.store.Line(ctx, need, s.updates)
	if err != nil {
		s.log.WarnContext(ctx, "chat: queue positions not updated", "err", err)
		return
	}
	if len(line) == 0 {
		return
	}
	c, err := s.estimate(ctx, &Waiting{Need: need})
	if err != nil {
		s.log.WarnContext(ctx, "chat: queue positions not updated", "err", err)
		return
	}
	for i := range line {
		s.hub.Signal(ctx, line[i].Ticket, Signal{Kind: SignalQueue, Position: i + 1, Wait: c.wait(i + 1)})
	}
}
