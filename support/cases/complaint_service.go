package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// MaxComplaintReasonBytes bounds the reason given with a stage move.
const MaxComplaintReasonBytes = 4 << 10

// ComplaintTargets are how long each open stage of a complaint may last, in
// business time on Options.Calendar, and the deadline of a final answer
// counted from filing. A zero field takes its default.
type ComplaintTargets struct {
	Received           time.Duration // acknowledge: default 1 business day (8 h)
	Verifying          time.Duration // check the facts: default 2 business days
	Investigating      time.Duration // propose a resolution: default 10 business days
	ResolutionProposed time.Duration // the customer's time to answer: default 10 business days
	// Final is the deadline of the final answer from filing: default 15
	// business days, the time PSD2 (Article 101) gives payment service
	// providers to answer a complaint.
	Final time.Duration
}

const businessDay = 8 * time.Hour

func (c ComplaintTargets) withDefaults() ComplaintTargets {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Received, businessDay)
	def(&c.Verifying, 2*businessDay)
	def(&c.Investigating, 10*businessDay)
	def(&c.ResolutionProposed, 10*businessDay)
	def(&c.Final, 15*businessDay)
	return c
}

func (c ComplaintTargets) of(s Stage) time.Duration {
	switch s {
	case StageReceived:
		return c.Received
	case StageVerifying:
		return c.Verifying
	case StageInvestigating:
		return c.Investigating
	case StageResolutionProposed:
		return c.ResolutionProposed
	}
	return 0
}

// defaultComplaintCalendar is the business week complaint targets count in
// when Options.Calendar is nil: Monday to Friday, 09:00 to 17:00 UTC.
func defaultComplaintCalendar() *support.Calendar {
	hours, err := support.ParseHours("Mon-Fri 09:00-17:00")
	if err == nil {
		if c, err := support.NewCalendar(time.UTC, hours, nil); err == nil {
			return c
		}
	}
	panic("cases: the default business week does not parse") // unreachable: a constant, tested
}

// An Alerter tells the team about a complaint that needs attention: one
// that missed its stage's target (CheckComplaints). Implementations must be
// safe for concurrent use; an error is logged and does not undo the
// escalation.
type Alerter interface {
	Alert(ctx context.Context, a ComplaintAlert) error
}

// ComplaintAlert is one complaint that missed its stage's target.
type ComplaintAlert struct {
	Ticket   support.ID `json:"ticket"`
	Customer string     `json:"customer"`
	Stage    Stage      `json:"stage"`
	Since    time.Time  `json:"since"`    // when it entered the stage
	Target   time.Time  `json:"target"`   // the stage's target it missed
	Deadline time.Time  `json:"deadline"` // the final answer's deadline
}

// ComplaintRequest files a complaint: on a new ticket, or on one of the
// customer's tickets (Ticket) that becomes a complaint.
type ComplaintRequest struct {
	Ticket support.ID // an existing ticket; empty to open one
	// Customer is the complaining customer when staff file on their
	// behalf; customers file for themselves.
	Customer     string
	Subject      string // a new ticket's subject; required without Ticket
	Description  string // what went wrong, in the customer's words
	Language     language.Tag
	Transactions []string
	// IdempotencyKey makes a retried filing of a new ticket return the
	// complaint the first one filed.
	IdempotencyKey string
}

// Complaint is where a complaint stands, as its reader may see it.
type Complaint struct {
	Ticket   support.ID `json:"ticket"`
	Customer string     `json:"customer"`
	Stage    Stage      `json:"stage"`
	Since    time.Time  `json:"since"` // when it entered Stage
	Filed    time.Time  `json:"filed"`
	Target   time.Time  `json:"target,omitzero"` // the current stage's target; zero once final
	Deadline time.Time  `json:"deadline"`        // the final answer's deadline
	// Escalated: the complaint was escalated at its current stage. Staff
	// views only: a customer's view never shows it.
	Escalated bool          `json:"escalated,omitempty"`
	Changes   []StageChange `json:"changes"`  // in order; staff IDs blank in a customer's view
	Language  language.Tag  `json:"language"` // the language Next is in
	Next      string        `json:"next"`     // what happens next, for the customer
}

// FileComplaint files a complaint: it opens a ticket in
// support.CategoryComplaint, or turns one of the customer's open tickets into
// a complaint, records the stage Received, and tells the customer what
// happens next and by when.
func (s *Service) FileComplaint(ctx context.Context, a support.Actor, r ComplaintRequest) (*Complaint, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var t *support.Ticket
	var err error
	if r.Ticket == "" {
		if strings.TrimSpace(r.Subject) == "" {
			return nil, inputErr("subject", support.ErrEmptySubject, "")
		}
		req := support.OpenRequest{Customer: r.Customer, Subject: r.Subject, Description: r.Description,
			Category: support.CategoryComplaint, Language: r.Language, Transactions: r.Transactions,
			IdempotencyKey: r.IdempotencyKey}
		if a.Role == support.RoleCustomer {
			req.Customer = ""
		}
		if t, err = s.desk.Open(ctx, a, req); err != nil {
			return nil, err
		}
	} else {
		if t, err = s.desk.Get(ctx, a, r.Ticket); err != nil {
			return nil, err
		}
		if a.Role == support.RoleCustomer && r.Customer != "" && r.Customer != a.ID {
			return nil, inputErr("customer", nil, "a customer files complaints only for themselves")
		}
		if t.Status == support.StatusClosed {
			return nil, &support.TransitionError{Ticket: t.ID, From: support.StatusClosed, To: support.StatusClosed}
		}
		if t.Category != support.CategoryComplaint {
			if _, err := s.desk.UpdateFields(ctx, support.System(recorder), t.ID, support.FieldUpdate{Category: support.CategoryComplaint}); err != nil {
				return nil, err
			}
		}
	}
	st, err := s.complaintState(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	if st.Stage != 0 {
		if r.Ticket == "" && r.IdempotencyKey != "" {
			return s.complaintView(ctx, a, t.ID) // a retried filing
		}
		return nil, fmt.Errorf("cases: ticket %q: %w", string(t.ID), ErrComplaintExists)
	}
	by := a
	if !a.Role.IsStaff() {
		by = support.System(recorder)
	}
	reason := excerptText(r.Description, 280)
	e := support.Event{Kind: support.EventCustom, Field: EventComplaintStage, To: StageReceived.String(), Body: reason}
	if _, err := s.desk.RecordIfVersion(ctx, by, t.ID, st.Version, e); err != nil {
		if errors.Is(err, support.ErrStaleVersion) {
			return nil, fmt.Errorf("cases: ticket %q changed while it was filed as a complaint; try again: %w", string(t.ID), err)
		}
		return nil, err
	}
	s.notifyComplaint(ctx, t.ID)
	return s.complaintView(ctx, a, t.ID)
}

// MoveComplaint moves a complaint to stage to, with the reason (required:
// who moved it is recorded, and why). Staff only; the process decides which
// moves are allowed (CanMove), a forbidden one is a *StageError. The
// customer is told what happens next. Moving a proposed resolution back to
// investigating withdraws it; resolving it closes the complaint as the
// customer's acceptance would (for an acceptance given by phone).
func (s *Service) MoveComplaint(ctx context.Context, a support.Actor, id support.ID, to Stage, reason string) (*Complaint, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if !to.IsValid() {
		return nil, inputErr("stage", ErrUnknownStage, to.String())
	}
	if err := checkReason(reason, true); err != nil {
		return nil, err
	}
	if !a.Role.IsStaff() {
		if _, err := s.desk.Get(ctx, a, id); err != nil {
			return nil, err
		}
		st, _ := s.complaintState(ctx, id)
		err := &StageError{Ticket: id, From: st.Stage, To: to, ByCustomer: true}
		s.refusedComplaint(ctx, a, id, "move", err)
		return nil, err
	}
	return s.moveComplaint(ctx, a, id, to, reason, func(from Stage) bool { return CanMove(from, to) })
}

// AcceptResolution records that the customer accepts the proposed
// resolution: the complaint is resolved. Only the ticket's customer.
func (s *Service) AcceptResolution(ctx context.Context, c support.Actor, id support.ID) (*Complaint, error) {
	return s.answerResolution(ctx, c, id, StageResolved, "")
}

// ContestResolution records that the customer contests the proposed
// resolution, with their reason (required): the complaint goes back to
// investigating. Only the ticket's customer.
func (s *Service) ContestResolution(ctx context.Context, c support.Actor, id support.ID, reason string) (*Complaint, error) {
	if err := checkReason(reason, true); err != nil {
		return nil, err
	}
	return s.answerResolution(ctx, c, id, StageInvestigating, reason)
}

func (s *Service) answerResolution(ctx context.Context, c support.Actor, id support.ID, to Stage, reason string) (*Complaint, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Role != support.RoleCustomer {
		return nil, &support.AccessError{Op: "answer a proposed resolution for the customer", Role: c.Role}
	}
	return s.moveComplaint(ctx, c, id, to, reason, func(from Stage) bool { return from == StageResolutionProposed })
}

// EscalateComplaint escalates a complaint at its current stage, with the
// reason (required), and raises its ticket to at least high priority. The
// escalation is internal: the team sees it, the customer does not. Staff
// only.
func (s *Service) EscalateComplaint(ctx context.Context, a support.Actor, id support.ID, reason string) (*Complaint, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := checkReason(reason, true); err != nil {
		return nil, err
	}
	if err := staffOnly(a, "escalate complaints"); err != nil {
		return nil, err
	}
	t, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	st, err := s.complaintState(ctx, id)
	if err != nil {
		return nil, err
	}
	if st.Stage == 0 {
		return nil, fmt.Errorf("cases: ticket %q: %w", string(id), ErrNotComplaint)
	}
	if st.Stage.Final() {
		return nil, &StageError{Ticket: id, From: st.Stage, To: st.Stage}
	}
	if err := s.escalate(ctx, a, t, st, "staff", reason); err != nil {
		return nil, err
	}
	return s.complaintView(ctx, a, id)
}

// ComplaintStatus returns where ticket id's complaint stands, as a may see
// it: someone else's ticket is not found, a ticket without stages is
// ErrNotComplaint.
func (s *Service) ComplaintStatus(ctx context.Context, a support.Actor, id support.ID) (*Complaint, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.desk.Get(ctx, a, id); err != nil {
		return nil, err
	}
	return s.complaintView(ctx, a, id)
}

// CheckComplaints escalates every open complaint that is past its current
// stage's target at now and not yet escalated for missing it, raises its
// priority, and tells the team through Options.Alerter; it returns the
// complaints it escalated. The host calls it on its own schedule (it starts
// no goroutines), as it calls Desk.CheckSLA. It walks the active tickets of
// support.CategoryComplaint page by page, reading the history of each.
func (s *Service) CheckComplaints(ctx context.Context, now time.Time) ([]ComplaintAlert, error) {
	sys := support.System(recorder)
	var out []ComplaintAlert
	q := support.Query{Categories: []support.Category{support.CategoryComplaint}, Order: support.OrderOldest}
	for {
		page, err := s.desk.SearchQueue(ctx, sys, q)
		if err != nil {
			return out, err
		}
		for _, t := range page.Tickets {
			st, err := s.complaintState(ctx, t.ID)
			if err != nil {
				return out, err
			}
			if st.Stage == 0 || st.Stage.Final() || st.MissedAt == st.Stage {
				continue
			}
			target := s.cal.Add(st.Since, s.targets.of(st.Stage))
			if now.Before(target) {
				continue
			}
			err = s.escalate(ctx, sys, t, st, "target", fmt.Sprintf("missed the %s target of %s", st.Stage, target.In(s.cal.Location()).Format(time.RFC3339)))
			if errors.Is(err, support.ErrStaleVersion) {
				continue // it moved meanwhile; the next check sees its new stage
			}
			if err != nil {
				return out, err
			}
			al := ComplaintAlert{Ticket: t.ID, Customer: t.Customer, Stage: st.Stage, Since: st.Since, Target: target,
				Deadline: s.cal.Add(st.Filed, s.targets.Final)}
			out = append(out, al)
			if s.alerter != nil {
				if err := s.alerter.Alert(ctx, al); err != nil {
					s.log.ErrorContext(ctx, "cases: complaint alert failed; the escalation is recorded", "ticket", string(t.ID), "err", err)
				}
			}
		}
		if page.Next == "" {
			return out, nil
		}
		q.Cursor = page.Next
	}
}

// moveComplaint records a move to stage to when allowed(from) and CanMove
// hold for the complaint's current stage, on the version it read; a
// concurrent move makes it read again and decide again.
func (s *Service) moveComplaint(ctx context.Context, a support.Actor, id support.ID, to Stage, reason string, allowed func(Stage) bool) (*Complaint, error) {
	t, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if t.Status == support.StatusClosed {
		return nil, &support.TransitionError{Ticket: t.ID, From: support.StatusClosed, To: support.StatusClosed}
	}
	by := a
	if !a.Role.IsStaff() {
		by = support.System(recorder)
	}
	for attempt := 0; ; attempt++ {
		st, err := s.complaintState(ctx, id)
		if err != nil {
			return nil, err
		}
		if st.Stage == 0 {
			return nil, fmt.Errorf("cases: ticket %q: %w", string(id), ErrNotComplaint)
		}
		if !allowed(st.Stage) || !CanMove(st.Stage, to) {
			err := &StageError{Ticket: id, From: st.Stage, To: to, ByCustomer: a.Role == support.RoleCustomer}
			if a.Role == support.RoleCustomer {
				s.refusedComplaint(ctx, a, id, "answer", err)
			}
			return nil, err
		}
		body := reason
		if a.Role == support.RoleCustomer {
			// Customers do not write custom events: the system recorder
			// writes the customer's answer, and the body says whose it is.
			body = "accepted by the customer"
			if to == StageInvestigating {
				body = "contested by the customer: " + reason
			}
		}
		e := support.Event{Kind: support.EventCustom, Field: EventComplaintStage, From: st.Stage.String(), To: to.String(), Body: body}
		_, err = s.desk.RecordIfVersion(ctx, by, id, st.Version, e)
		if errors.Is(err, support.ErrStaleVersion) && attempt < 8 {
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	s.notifyComplaint(ctx, id)
	return s.complaintView(ctx, a, id)
}

// escalate records an escalation of t's complaint at st's stage on st's
// version and raises the ticket to at least high priority.
func (s *Service) escalate(ctx context.Context, a support.Actor, t *support.Ticket, st ComplaintState, kind, reason string) error {
	e := support.Event{Kind: support.EventCustom, Field: EventComplaintEscalated, Internal: true, From: kind, To: st.Stage.String(), Body: reason}
	if _, err := s.desk.RecordIfVersion(ctx, a, t.ID, st.Version, e); err != nil {
		return err
	}
	if t.Priority < support.PriorityHigh {
		if _, err := s.desk.SetPriority(ctx, support.System(recorder), t.ID, support.PriorityHigh); err != nil {
			s.log.WarnContext(ctx, "cases: escalated complaint's priority not raised", "ticket", string(t.ID), "err", err)
		}
	}
	return nil
}

// complaintState replays ticket id's whole history, which the caller has
// checked the actor may reach.
func (s *Service) complaintState(ctx context.Context, id support.ID) (ComplaintState, error) {
	h, err := s.desk.History(ctx, support.System(recorder), id, 0, 0)
	if err != nil {
		return ComplaintState{}, err
	}
	return ReplayComplaint(h), nil
}

// complaintView returns ticket id's complaint as a may see it; the caller
// has checked that a may reach the ticket.
func (s *Service) complaintView(ctx context.Context, a support.Actor, id support.ID) (*Complaint, error) {
	t, err := s.desk.Get(ctx, support.System(recorder), id)
	if err != nil {
		return nil, err
	}
	st, err := s.complaintState(ctx, id)
	if err != nil {
		return nil, err
	}
	if st.Stage == 0 {
		return nil, fmt.Errorf("cases: ticket %q: %w", string(id), ErrNotComplaint)
	}
	c := s.complaintOf(t, st)
	if a.Role == support.RoleCustomer {
		c.Escalated = false
		for i := range c.Changes {
			if c.Changes[i].By.Role != support.RoleCustomer {
				c.Changes[i].By.ID = ""
			}
		}
	}
	return c, nil
}

func (s *Service) complaintOf(t *support.Ticket, st ComplaintState) *Complaint {
	c := &Complaint{Ticket: t.ID, Customer: t.Customer, Stage: st.Stage, Since: st.Since, Filed: st.Filed,
		Escalated: st.Escalated(), Changes: st.Changes, Deadline: s.cal.Add(st.Filed, s.targets.Final)}
	if !st.Stage.Final() {
		c.Target = s.cal.Add(st.Since, s.targets.of(st.Stage))
	}
	c.Language = s.msgs.Language(t.Language)
	reason := ""
	if n := len(st.Changes); n > 0 {
		reason = st.Changes[n-1].Reason
	}
	c.Next = s.msgs.Text(t.Language, MsgComplaintNextPrefix+st.Stage.String(),
		s.when(c.Target), s.when(c.Deadline), reason)
	return c
}

// when formats a target time for customers, in the calendar's time zone.
func (s *Service) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.cal.Location()).Format("2006-01-02 15:04 MST")
}

// notifyComplaint tells the customer where their complaint stands now. A
// failure is logged: the move is recorded.
func (s *Service) notifyComplaint(ctx context.Context, id support.ID) {
	if s.notifier == nil {
		return
	}
	t, err := s.desk.Get(ctx, support.System(recorder), id)
	if err != nil {
		s.log.WarnContext(ctx, "cases: complaint notification not sent", "ticket", string(id), "err", err)
		return
	}
	c, err := s.complaintView(ctx, support.Customer(t.Customer), id)
	if err != nil {
		s.log.WarnContext(ctx, "cases: complaint notification not sent", "ticket", string(id), "err", err)
		return
	}
	view := t.CustomerView()
	n := support.Notification{Customer: t.Customer, Ticket: view, Language: c.Language,
		Title: s.msgs.Text(t.Language, MsgComplaintTitle, string(t.ID), s.msgs.Text(t.Language, MsgComplaintStagePrefix+c.Stage.String())),
		Text:  c.Next}
	if err := s.notifier.Notify(ctx, n); err != nil {
		s.log.ErrorContext(ctx, "cases: complaint notification failed; the move is recorded", "ticket", string(id), "err", err)
	}
}

// refusedComplaint records a security-relevant refusal on a complaint's
// ticket as an internal event; a failure to record is logged.
func (s *Service) refusedComplaint(ctx context.Context, a support.Actor, id support.ID, op string, err error) {
	body := fmt.Sprintf("complaint %s refused for %s: %v", op, a, err)
	_, rerr := s.desk.Record(ctx, support.System(recorder), id, support.Event{Kind: support.EventCustom,
		Field: EventRefused, Internal: true, Body: body})
	if rerr != nil {
		s.log.WarnContext(ctx, "cases: recording a refusal failed", "ticket", string(id), "err", rerr)
	}
}

// checkReason validates the reason of a move.
func checkReason(reason string, required bool) error {
	if required && strings.TrimSpace(reason) == "" {
		return inputErr("reason", nil, "a stage move says why")
	}
	if len(reason) > MaxComplaintReasonBytes {
		return inputErr("reason", support.ErrTooLong, fmt.Sprintf("at most %d bytes", MaxComplaintReasonBytes))
	}
	if !utf8.ValidString(reason) {
		return inputErr("reason", support.ErrInvalidUTF8, "")
	}
	return nil
}

func staffOnly(a support.Actor, op string) error {
	if !a.Role.IsStaff() {
		return &support.AccessError{Op: op, Role: a.Role}
	}
	return nil
}

// excerptText returns s cut to at most n runes.
func excerptText(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
