package chat

import (
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/support"
)

// Sentinel errors, matched with errors.Is. Ticket-level errors (not found,
// closed, invalid text) are the support package's and pass through
// unchanged.
var (
	// ErrUnknownAgent reports an agent the store does not know.
	ErrUnknownAgent = errors.New("chat: unknown agent")
	// ErrNotWaiting reports a chat that is not in the queue.
	ErrNotWaiting = errors.New("chat: chat is not waiting in the queue")
	// ErrQueued reports a chat that already waits or is held by an agent.
	ErrQueued = errors.New("chat: chat is already queued or assigned")
	// ErrNoAgent reports that no online agent with room can take a chat.
	ErrNoAgent = errors.New("chat: no agent available")
	// ErrQueueEmpty reports that no waiting chat is for this agent.
	ErrQueueEmpty = errors.New("chat: no waiting chat for this agent")
	// ErrAgentFull reports an agent who is not online or has no room.
	ErrAgentFull = errors.New("chat: agent is not online or has no room")
	// ErrNotAssigned reports a chat the agent does not hold.
	ErrNotAssigned = errors.New("chat: chat is not assigned to this agent")
)

// inputErr returns a support.InputError, so that chat's bad input matches
// support.ErrInvalidInput like the Desk's.
func inputErr(field, detail string) error {
	return &support.InputError{Field: field, Reason: support.ErrInvalidInput, Detail: detail}
}

// AgentError reports an operation refused for an agent, with the agent and
// the ticket. It matches its Reason (ErrNotAssigned, ErrAgentFull, ...).
type AgentError struct {
	Agent  string
	Ticket support.ID
	Reason error
}

// Error describes the agent, the ticket and the reason.
func (e *AgentError) Error() string {
	if e.Ticket == "" {
		return fmt.Sprintf("%v (agent %q)", e.Reason, e.Agent)
	}
	return fmt.Sprintf("%v (agent %q, ticket %q)", e.Reason, e.Agent, string(e.Ticket))
}

// Unwrap returns the reason.
func (e *AgentError) Unwrap() error { return e.Reason }
