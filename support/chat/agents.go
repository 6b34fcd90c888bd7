package chat

import (
	"context"
	"errors"
	"strings"

	"github.com/paydesk/paydesk/support"
)

// MaxCapacity bounds an agent's concurrent chats.
const MaxCapacity = 100

// staffAgent checks that a is an agent acting for itself.
func staffAgent(a support.Actor, op string) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Role != support.RoleAgent {
		return &support.AccessError{Op: op, Role: a.Role}
	}
	return nil
}

// SetAgent sets an agent's presence, capacity and skills (the agent's chats
// are the store's to keep). An agent coming online is given waiting chats
// up to capacity; one going offline has every chat put back in the queue,
// keeping its place. An agent sets their own state; admins and the system
// anyone's.
func (s *Service) SetAgent(ctx context.Context, by support.Actor, a Agent) error {
	if err := by.Validate(); err != nil {
		return err
	}
	if by.Role == support.RoleCustomer || (by.Role == support.RoleAgent && by.ID != a.ID) {
		return &support.AccessError{Op: "set another agent's presence", Role: by.Role}
	}
	if err := validAgent(&a); err != nil {
		return err
	}
	prev, err := s.store.Agent(ctx, a.ID)
	if err != nil && !errors.Is(err, ErrUnknownAgent) {
		return err
	}
	// Idle time counts from joining or coming online: an agent who just
	// logged in does not win ties over one who has been waiting for work.
	coming := err != nil || prev.Presence != Online && a.Presence == Online
	if coming && a.LastAssigned.IsZero() {
		a.LastAssigned = s.clock()
	}
	a.Chats = nil
	if err := s.store.PutAgent(ctx, a); err != nil {
		return err
	}
	switch a.Presence {
	case Offline:
		for _, id := range prev.Chats {
			if err := s.requeue(ctx, a.ID, id, requeue{field: FieldLeft, key: MsgLeft}); err != nil {
				return err
			}
		}
	case Online:
		return s.fill(ctx, a.ID)
	}
	return nil
}

// fill gives agent waiting chats, first in the queue's order, while they
// are online with room: when they come online and when a chat frees one
// of their slots.
func (s *Service) fill(ctx context.Context, agent string) error {
	for {
		w, err := s.store.TakeNext(ctx, agent, s.clock())
		if errors.Is(err, ErrQueueEmpty) || errors.Is(err, ErrAgentFull) || errors.Is(err, ErrUnknownAgent) {
			return nil
		}
		if err != nil {
			return err
		}
		t, err := s.ticket(ctx, w.Ticket)
		if err != nil {
			return err
		}
		if _, err := s.join(ctx, t, agent, ""); err != nil {
			return err
		}
	}
}

// refill is fill after an operation that freed a slot of agent has been
// committed: a failure is logged, not returned (the chat can be taken
// with TakeNext, and the next change to the queue routes it).
func (s *Service) refill(ctx context.Context, agent string) {
	if err := s.fill(ctx, agent); err != nil {
		s.log.WarnContext(ctx, "chat: freed slot not filled", "agent", agent, "err", err)
	}
}

// validAgent checks the host-set fields of an agent.
func validAgent(a *Agent) error {
	if err := support.Agent(a.ID).Validate(); err != nil {
		return err
	}
	if !a.Presence.IsValid() {
		return inputErr("presence", a.Presence.String())
	}
	if a.Capacity < 1 || a.Capacity > MaxCapacity {
		return inputErr("capacity", "must be 1 to 100")
	}
	for _, g := range a.Skills.Groups {
		if strings.TrimSpace(g) == "" || len(g) > 128 {
			return inputErr("skills.groups", "a group name is 1 to 128 bytes")
		}
	}
	return nil
}

// Agent returns an agent's routing state. Staff only.
func (s *Service) Agent(ctx context.Context, by support.Actor, id string) (Agent, error) {
	if err := by.Validate(); err != nil {
		return Agent{}, err
	}
	if by.Role == support.RoleCustomer {
		return Agent{}, &support.AccessError{Op: "read agents", Role: by.Role}
	}
	return s.store.Agent(ctx, id)
}

// Take gives agent a the waiting chat of ticket id (the agent picked it
// from the queue; skills are not checked).
func (s *Service) Take(ctx context.Context, a support.Actor, id support.ID) (*Turn, error) {
	if err := staffAgent(a, "take chats"); err != nil {
		return nil, err
	}
	t, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.Assign(ctx, id, a.ID, s.clock()); err != nil {
		return nil, agentErr(a.ID, id, err)
	}
	e, err := s.join(ctx, t, a.ID, "")
	if err != nil {
		return nil, err
	}
	return &Turn{Ticket: id, Replies: []support.Event{e}, Queue: QueueStatus{Held: true, Agent: a.ID}}, nil
}

// TakeNext gives agent a the first waiting chat they can serve.
func (s *Service) TakeNext(ctx context.Context, a support.Actor) (*Turn, error) {
	if err := staffAgent(a, "take chats"); err != nil {
		return nil, err
	}
	w, err := s.store.TakeNext(ctx, a.ID, s.clock())
	if err != nil {
		return nil, agentErr(a.ID, "", err)
	}
	t, err := s.ticket(ctx, w.Ticket)
	if err != nil {
		return nil, err
	}
	e, err := s.join(ctx, t, a.ID, "")
	if err != nil {
		return nil, err
	}
	return &Turn{Ticket: t.ID, Replies: []support.Event{e}, Queue: QueueStatus{Held: true, Agent: a.ID}}, nil
}

// mustHold checks that an agent acting on ticket id holds its chat.
// Customers (whose access the Desk checks), admins and the system pass.
func (s *Service) mustHold(ctx context.Context, a support.Actor, id support.ID) error {
	if a.Role != support.RoleAgent {
		return nil
	}
	holder, err := s.store.Holder(ctx, id)
	if err != nil && !errors.Is(err, ErrNotAssigned) {
		return err
	}
	if holder != a.ID {
		return &AgentError{Agent: a.ID, Ticket: id, Reason: ErrNotAssigned}
	}
	return nil
}

// Decline hands back a chat routed to agent a; it is offered to someone
// else and never to a again, and a's freed slot takes the next waiting
// chat.
func (s *Service) Decline(ctx context.Context, a support.Actor, id support.ID) error {
	if err := staffAgent(a, "decline chats"); err != nil {
		return err
	}
	if _, err := s.desk.Get(ctx, a, id); err != nil {
		return err
	}
	if err := s.mustHold(ctx, a, id); err != nil {
		return err
	}
	return s.requeue(ctx, a.ID, id, requeue{edit: func(w *Waiting) { w.Declined = []string{a.ID} }})
}

// Target is where a transfer sends a chat: to one agent, or to a group.
type Target struct {
	Agent string
	Group string
}

// Transfer passes a chat that agent a holds to another agent (reserved for
// them: it waits for them) or to a group (any member but a may take it);
// a's freed slot takes the next waiting chat.
func (s *Service) Transfer(ctx context.Context, a support.Actor, id support.ID, to Target) (*Turn, error) {
	if err := staffAgent(a, "transfer chats"); err != nil {
		return nil, err
	}
	if (to.Agent == "") == (to.Group == "") {
		return nil, inputErr("target", "transfer to one agent or one group")
	}
	if to.Agent == a.ID {
		return nil, inputErr("target.agent", "the chat is already yours")
	}
	if to.Group != "" && (strings.TrimSpace(to.Group) == "" || len(to.Group) > 128) {
		return nil, inputErr("target.group", "a group name is 1 to 128 bytes")
	}
	if _, err := s.desk.Get(ctx, a, id); err != nil {
		return nil, err
	}
	if err := s.mustHold(ctx, a, id); err != nil {
		return nil, err
	}
	if to.Agent != "" {
		if _, err := s.store.Agent(ctx, to.Agent); err != nil {
			return nil, agentErr(to.Agent, id, err)
		}
	}
	target := to.Agent
	if to.Group != "" {
		target = "group:" + to.Group
		t, err := s.ticket(ctx, id)
		if err != nil {
			return nil, err
		}
		if _, err := s.desk.Assign(ctx, systemActor, id, t.Assignee, to.Group); err != nil {
			return nil, err
		}
	}
	var evs []support.Event
	err := s.requeue(ctx, a.ID, id, requeue{field: FieldTransferred, key: MsgTransferred, to: target, out: &evs,
		edit: func(w *Waiting) {
			w.Declined = []string{a.ID}
			w.Agent = to.Agent
			if to.Group != "" {
				w.Need.Group = to.Group
			}
		}})
	if err != nil {
		return nil, err
	}
	t, err := s.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	turn := &Turn{Ticket: id, Replies: evs}
	turn.Queue, err = s.status(ctx, t)
	return turn, err
}

// Leave takes agent a out of a chat they hold; the chat goes back to the
// queue, keeping its place, for another agent, and a's freed slot takes the
// next waiting chat.
func (s *Service) Leave(ctx context.Context, a support.Actor, id support.ID) error {
	if err := staffAgent(a, "leave chats"); err != nil {
		return err
	}
	if _, err := s.desk.Get(ctx, a, id); err != nil {
		return err
	}
	if err := s.mustHold(ctx, a, id); err != nil {
		return err
	}
	return s.requeue(ctx, a.ID, id, requeue{field: FieldLeft, key: MsgLeft, edit: func(w *Waiting) { w.Declined = []string{a.ID} }})
}

// requeue says how a chat goes back to the queue: the system event to
// record (field, message key, its To; none when field is empty), a change
// to the waiting entry, and where to append the events written.
type requeue struct {
	field, key, to string
	edit           func(*Waiting)
	out            *[]support.Event
}

// requeue releases ticket id's chat from agent, records r's event, puts the
// chat back in the queue with its place (the ticket's creation time), and
// routes it. A solved or closed ticket is only released.
func (s *Service) requeue(ctx context.Context, agent string, id support.ID, r requeue) error {
	t, err := s.ticket(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.Release(ctx, id, agent, s.clock()); err != nil {
		return agentErr(agent, id, err)
	}
	if t.Status == support.StatusClosed || t.Status == support.StatusSolved {
		return nil // nothing to wait for any more
	}
	if _, err := s.desk.Assign(ctx, systemActor, id, "", t.Group); err != nil {
		return err
	}
	var evs []support.Event
	if r.field != "" {
		e, err := s.desk.Record(ctx, systemActor, id, support.Event{
			Kind: support.EventCustom, Field: r.field, From: agent, To: r.to, Body: s.msgs.Text(t.Language, r.key),
		})
		if err != nil {
			return err
		}
		evs = append(evs, e)
	}
	w := Waiting{Ticket: id, Customer: t.Customer, Need: needOf(t), Priority: t.Priority, Since: t.CreatedAt}
	if r.edit != nil {
		r.edit(&w)
	}
	if err := s.store.Enqueue(ctx, w); err != nil {
		return err
	}
	more, err := s.route(ctx, t, "")
	evs = append(evs, more...)
	if r.out != nil {
		*r.out = append(*r.out, evs...)
	}
	if err != nil {
		return err
	}
	s.refill(ctx, agent)
	return nil
}

// End ends ticket id's chat: the agent is freed (and given the next
// waiting chat) or the chat leaves the queue, and the conversation says so. The ticket stays as it is (solve it
// with the Desk). The customer, the agent holding the chat, admins and the
// system may end it.
func (s *Service) End(ctx context.Context, a support.Actor, id support.ID) (*Turn, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.desk.Get(ctx, a, id); err != nil {
		return nil, err
	}
	if err := s.mustHold(ctx, a, id); err != nil {
		return nil, err
	}
	t, err := s.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	if holder, err := s.store.Holder(ctx, id); err == nil {
		if err := s.store.Release(ctx, id, holder, s.clock()); err != nil {
			return nil, agentErr(holder, id, err)
		}
		defer s.refill(ctx, holder)
	} else if !errors.Is(err, ErrNotAssigned) {
		return nil, err
	}
	if w, err := s.store.Dequeue(ctx, id); err == nil {
		defer s.moveLine(ctx, w.Need)
	} else if !errors.Is(err, ErrNotWaiting) {
		return nil, err
	}
	if t.Status == support.StatusClosed {
		return &Turn{Ticket: id}, nil
	}
	e, err := s.system(ctx, t, FieldEnded, false, "", MsgEnded)
	if err != nil {
		return nil, err
	}
	return &Turn{Ticket: id, Replies: viewAll(a, []support.Event{e})}, nil
}
