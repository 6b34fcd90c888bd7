package support

import "fmt"

// Check reports whether c has the shape Store.Commit requires of every
// commit: the checks that need nothing stored. A commit has at least one
// write; each write has a ticket with an ID and a customer, Prev ≥ 0 and
// Ticket.Version == Prev+1, at least one event, a created event first when
// it creates the ticket (Prev 0), and only events of that ticket and
// version; no ticket is written twice and no key claimed twice; outbox
// messages have IDs, each once. Errors match ErrInvalidInput. Stores call
// Check before they look at what they hold; the Desk's commits pass it.
func (c *Commit) Check() error {
	if len(c.Writes) == 0 {
		return fmt.Errorf("support: commit without writes: %w", ErrInvalidInput)
	}
	for i := range c.Writes {
		w := &c.Writes[i]
		if err := w.check(); err != nil {
			return err
		}
		for j := range c.Writes[:i] {
			if c.Writes[j].Ticket.ID == w.Ticket.ID {
				return fmt.Errorf("support: ticket %q written twice in one commit: %w", string(w.Ticket.ID), ErrInvalidInput)
			}
		}
	}
	for i, k := range c.Keys {
		for _, k2 := range c.Keys[:i] {
			if k.Scope == k2.Scope && k.Key == k2.Key {
				return fmt.Errorf("support: key %q claimed twice in one commit: %w", k.Key, ErrInvalidInput)
			}
		}
	}
	for i, m := range c.Outbox {
		if m.ID == "" {
			return fmt.Errorf("support: outbox message without an ID: %w", ErrInvalidInput)
		}
		for _, m2 := range c.Outbox[:i] {
			if m2.ID == m.ID {
				return fmt.Errorf("support: outbox message %q twice in one commit: %w", m.ID, ErrInvalidInput)
			}
		}
	}
	return nil
}

// check checks one write of a commit (see Commit.Check).
func (w *Write) check() error {
	t := w.Ticket
	switch {
	case t == nil:
		return fmt.Errorf("support: write without a ticket: %w", ErrInvalidInput)
	case t.ID == "" || t.Customer == "":
		return fmt.Errorf("support: ticket without ID or customer: %w", ErrInvalidInput)
	case w.Prev < 0 || t.Version != w.Prev+1:
		return fmt.Errorf("support: ticket %q at version %d written over version %d: %w", string(t.ID), t.Version, w.Prev, ErrInvalidInput)
	case len(w.Events) == 0:
		return fmt.Errorf("support: ticket %q written without events: %w", string(t.ID), ErrInvalidInput)
	case w.Prev == 0 && w.Events[0].Kind != EventCreated:
		return fmt.Errorf("support: ticket %q created without a created event: %w", string(t.ID), ErrInvalidInput)
	}
	for _, e := range w.Events {
		if e.Ticket != t.ID || e.Version != t.Version {
			return fmt.Errorf("support: event for ticket %q version %d in a write of %q version %d: %w",
				string(e.Ticket), e.Version, string(t.ID), t.Version, ErrInvalidInput)
		}
	}
	return nil
}
