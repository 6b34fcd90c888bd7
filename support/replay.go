package support

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Replay rebuilds a ticket from its complete history, checking on the way
// that the history is one the Desk could have written: it starts with
// EventCreated, sequence numbers run 1, 2, 3..., versions grow by at most one
// per event, every status change is one the lifecycle allows (closing
// without being solved only by a merge), every change starts from the value
// the ticket had, and nothing follows the closing change. SLA clocks are not
// rebuilt (they depend on the policy and the calendar of the time): the
// result's SLA and SLANext are zero. Other errors match ErrCorruptHistory.
//
// Auditors use it to verify a stored ticket; tests use it to show that the
// history explains the ticket.
func Replay(events []Event) (*Ticket, error) {
	if len(events) == 0 || events[0].Kind != EventCreated || events[0].Opening == nil {
		return nil, corrupt(0, "the history does not start with a created event")
	}
	first := events[0]
	o := first.Opening
	t := &Ticket{
		ID: first.Ticket, Customer: o.Customer, Subject: o.Subject, Description: o.Description,
		Category: o.Category, Priority: o.Priority, Status: StatusNew, Language: o.Language,
		Channel: o.Channel, Transactions: slices.Clone(o.Transactions), Amount: cloneAmount(o.Amount),
		Tags: slices.Clone(o.Tags), Assignee: o.Assignee, Group: o.Group,
		Fields: slices.Clone(o.Fields), FollowUpOf: o.FollowUpOf,
		CreatedAt: first.At, UpdatedAt: first.At, Version: first.Version,
	}
	if first.Seq != 1 || first.Version != 1 {
		return nil, corrupt(1, "the created event must be number 1 at version 1")
	}
	mergedAt := int64(0) // the version of a merge "into" event
	last := first.At     // the time of the latest event
	for i, e := range events[1:] {
		seq := int64(i + 2)
		if e.Seq != seq || e.Ticket != t.ID {
			return nil, corrupt(seq, "out of sequence or of another ticket")
		}
		if e.Version != t.Version && e.Version != t.Version+1 {
			return nil, corrupt(seq, fmt.Sprintf("version %d after %d", e.Version, t.Version))
		}
		if t.Status == StatusClosed && e.Version != t.Version {
			return nil, corrupt(seq, "a change after the ticket was closed")
		}
		if e.At.Before(last) {
			return nil, corrupt(seq, "time goes backwards")
		}
		last, t.Version = e.At, e.Version
		if !e.hidden() {
			t.UpdatedAt = e.At // the latest activity the customer can see
		}
		if err := replayOne(t, e, &mergedAt); err != nil {
			return nil, corrupt(seq, err.Error())
		}
	}
	return t, nil
}

func replayOne(t *Ticket, e Event, mergedAt *int64) error {
	from := func(have string) error {
		if e.From != have {
			return fmt.Errorf("%s changes from %q but the ticket had %q", e.Kind, e.From, have)
		}
		return nil
	}
	switch e.Kind {
	case EventCreated:
		return fmt.Errorf("a second created event")
	case EventReply:
		if e.Actor.Role.IsStaff() && t.FirstReplyAt.IsZero() {
			t.FirstReplyAt = e.At
		}
	case EventStatus:
		if err := from(t.Status.String()); err != nil {
			return err
		}
		to, err := ParseStatus(e.To)
		if err != nil {
			return err
		}
		merged := to == StatusClosed && *mergedAt == e.Version && t.Status != StatusClosed
		if to == t.Status || !CanTransition(t.Status, to) && !merged {
			return fmt.Errorf("status %s to %s is not allowed", t.Status, to)
		}
		t.Status = to
		switch to {
		case StatusSolved:
			t.SolvedAt = e.At
		case StatusClosed:
			t.ClosedAt = e.At
		}
	case EventPriority:
		if err := from(t.Priority.String()); err != nil {
			return err
		}
		p, err := ParsePriority(e.To)
		if err != nil {
			return err
		}
		t.Priority = p
	case EventAssignment:
		switch e.Field {
		case "assignee":
			if err := from(t.Assignee); err != nil {
				return err
			}
			t.Assignee = e.To
		case "group":
			if err := from(t.Group); err != nil {
				return err
			}
			t.Group = e.To
		default:
			return fmt.Errorf("unknown assignment field %q", e.Field)
		}
	case EventFieldChange:
		return replayField(t, e, from)
	case EventMerge:
		switch e.Field {
		case "into":
			t.MergedInto = e.Related
			*mergedAt = e.Version
		case "from":
		default:
			return fmt.Errorf("unknown merge direction %q", e.Field)
		}
	case EventNote, EventSLA, EventFeedback, EventNotifyFailed, EventCustom:
		// History only.
	default:
		return fmt.Errorf("unknown event kind %v", e.Kind)
	}
	return nil
}

func replayField(t *Ticket, e Event, from func(string) error) error {
	lines := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	switch {
	case e.Field == "category":
		if err := from(string(t.Category)); err != nil {
			return err
		}
		t.Category = Category(e.To)
	case e.Field == "language":
		if err := from(t.Language.String()); err != nil {
			return err
		}
		tag, err := language.Parse(e.To)
		if err != nil {
			return err
		}
		t.Language = tag
	case e.Field == "tags":
		if err := from(strings.Join(t.Tags, "\n")); err != nil {
			return err
		}
		t.Tags = lines(e.To)
	case e.Field == "transactions":
		if err := from(strings.Join(t.Transactions, "\n")); err != nil {
			return err
		}
		t.Transactions = lines(e.To)
	case e.Field == "host_status":
		if err := from(t.HostStatus); err != nil {
			return err
		}
		t.HostStatus = e.To
	case strings.HasPrefix(e.Field, "fields.") || strings.HasPrefix(e.Field, "internal."):
		internal := strings.HasPrefix(e.Field, "internal.")
		name := e.Field[strings.IndexByte(e.Field, '.')+1:]
		old, _ := t.Field(name)
		if err := from(old.Value); err != nil {
			return err
		}
		t.Fields = slices.Clone(t.Fields)
		t.setField(Field{Name: name, Value: e.To, Internal: internal})
	default:
		return fmt.Errorf("unknown field %q", e.Field)
	}
	return nil
}

func corrupt(seq int64, why string) error {
	return fmt.Errorf("support: replay at event %d: %s: %w", seq, why, ErrCorruptHistory)
}
