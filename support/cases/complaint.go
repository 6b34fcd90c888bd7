package cases

import (
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
)

// Stage is where a complaint stands in its process. The zero Stage is not a
// stage: a ticket without stage events is not a complaint.
type Stage uint8

// The stages of a complaint, in process order. Resolved and Rejected are
// final.
const (
	StageReceived           Stage = iota + 1 // filed; the team acknowledges it
	StageVerifying                           // the team checks the facts and the customer's identity
	StageInvestigating                       // the team works out what happened and what is owed
	StageResolutionProposed                  // a resolution waits for the customer to accept or contest it
	StageResolved                            // closed with a resolution
	StageRejected                            // closed without one, with the reason
)

var stageNames = [...]string{"", "received", "verifying", "investigating", "resolution_proposed", "resolved", "rejected"}

// Stages returns every stage in process order.
func Stages() []Stage {
	return []Stage{StageReceived, StageVerifying, StageInvestigating, StageResolutionProposed, StageResolved, StageRejected}
}

// String returns the stage's name, such as "resolution_proposed".
func (s Stage) String() string {
	if s.IsValid() {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// IsValid reports whether s is one of the stages.
func (s Stage) IsValid() bool { return s >= StageReceived && s <= StageRejected }

// Final reports whether s ends the process.
func (s Stage) Final() bool { return s == StageResolved || s == StageRejected }

// ParseStage returns the stage named s, or a *support.InputError matching
// ErrUnknownStage.
func ParseStage(s string) (Stage, error) {
	for i, n := range stageNames {
		if i > 0 && n == s {
			return Stage(i), nil
		}
	}
	if len(s) > 64 {
		s = clip(s)
	}
	return 0, inputErr("stage", ErrUnknownStage, fmt.Sprintf("%q", s))
}

// MarshalText implements encoding.TextMarshaler.
func (s Stage) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, inputErr("stage", ErrUnknownStage, s.String())
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Stage) UnmarshalText(b []byte) error {
	v, err := ParseStage(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// stageMoves lists, for each stage, the stages staff may move a complaint
// to. A customer only answers a proposed resolution: accepting it resolves
// the complaint, contesting it sends it back to investigating.
var stageMoves = [...][]Stage{
	StageReceived:           {StageVerifying, StageInvestigating, StageRejected},
	StageVerifying:          {StageInvestigating, StageRejected},
	StageInvestigating:      {StageResolutionProposed, StageRejected},
	StageResolutionProposed: {StageResolved, StageInvestigating},
	StageResolved:           nil,
	StageRejected:           nil,
}

// CanMove reports whether the process allows a complaint at from to move
// to to.
func CanMove(from, to Stage) bool {
	if !from.IsValid() || !to.IsValid() {
		return false
	}
	for _, s := range stageMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// The custom events a complaint writes into its ticket's history.
const (
	// EventComplaintStage: the complaint moved to stage To from stage From
	// ("" when filed); Body is why, in the words of who moved it.
	EventComplaintStage = "cases.complaint.stage"
	// EventComplaintEscalated (internal): the complaint was escalated at
	// stage To; From is "target" when it missed its stage's target and
	// "staff" otherwise; Body is why.
	EventComplaintEscalated = "cases.complaint.escalated"
)

// StageChange is one step of a complaint's process.
type StageChange struct {
	From   Stage         `json:"from,omitzero"`
	To     Stage         `json:"to"`
	At     time.Time     `json:"at"`
	By     support.Actor `json:"by"` // staff IDs are blank in a customer's view
	Reason string        `json:"reason,omitempty"`
	Seq    int64         `json:"seq"` // of the event in the ticket's history
}

// ComplaintState is a complaint's process as its ticket's history tells it.
// It is derived by ReplayComplaint and never stored on its own.
type ComplaintState struct {
	Stage Stage
	Since time.Time // when it entered Stage
	Filed time.Time // when it was received
	// Escalations counts escalations; EscalatedAt is the stage at which
	// the last one happened (zero when none at the current stage).
	Escalations int
	EscalatedAt Stage
	// MissedAt is the stage at which the last missed-target escalation
	// happened, so that a missed target escalates once.
	MissedAt Stage
	Changes  []StageChange
	Version  int64 // the ticket version the history ended at
}

// Escalated reports whether the complaint was escalated at its current
// stage.
func (c *ComplaintState) Escalated() bool { return c.EscalatedAt != 0 && c.EscalatedAt == c.Stage }

// ReplayComplaint derives a complaint's state from its ticket's history
// (events in sequence order, as the Desk returns them). Stage events that do
// not follow the process — which Service never writes — are skipped, so the
// state is always one the process allows. A history without a stage event
// has the zero state (Stage 0): the ticket is not a complaint.
func ReplayComplaint(h []support.Event) ComplaintState {
	var c ComplaintState
	for i := range h {
		e := &h[i]
		if e.Version > c.Version {
			c.Version = e.Version
		}
		if e.Kind != support.EventCustom {
			continue
		}
		switch e.Field {
		case EventComplaintStage:
			to, err := ParseStage(e.To)
			if err != nil {
				continue
			}
			var from Stage
			if e.From != "" {
				if from, err = ParseStage(e.From); err != nil {
					continue
				}
			}
			if from != c.Stage || (from == 0 && to != StageReceived) || (from != 0 && !CanMove(from, to)) {
				continue
			}
			if from == 0 {
				c.Filed = e.At
			}
			c.Stage, c.Since = to, e.At
			c.Changes = append(c.Changes, StageChange{From: from, To: to, At: e.At, By: e.Actor, Reason: e.Body, Seq: e.Seq})
		case EventComplaintEscalated:
			at, err := ParseStage(e.To)
			if err != nil || at != c.Stage || c.Stage == 0 {
				continue
			}
			c.Escalations++
			c.EscalatedAt = at
			if e.From == "target" {
				c.MissedAt = at
			}
		}
	}
	return c
}
