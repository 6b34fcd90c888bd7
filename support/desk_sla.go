package support

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// applySLA moves t's SLA clocks after kind happened at now and recomputes
// when CheckSLA next has work on the ticket.
func (d *Desk) applySLA(t *Ticket, kind SLAEventKind, now time.Time) {
	if d.sla == nil {
		return
	}
	t.SLA = d.sla.Apply(t.SLA, kind, now, t.Priority, t.Category)
	t.SLANext = NextSLACheck(t.SLA)
}

// closeSLA settles t's SLA clocks as it closes, at now: it returns an
// internal EventSLA for every breach that CheckSLA has not recorded yet (a
// reply or solve that came late stops a clock as breached, and the sweep may
// not have run since) and clears SLANext. A closed ticket never changes
// again, so CheckSLA must never have work on one.
func (d *Desk) closeSLA(t *Ticket, now time.Time) []Event {
	t.SLANext = time.Time{}
	if d.sla == nil {
		return nil
	}
	clocks, changes := d.sla.Check(t.SLA, now)
	t.SLA = clocks
	return slaEvents(changes)
}

// slaEvents returns the internal history events recording SLA changes.
func slaEvents(changes []SLAChange) []Event {
	if len(changes) == 0 {
		return nil
	}
	evs := make([]Event, 0, len(changes))
	for _, c := range changes {
		evs = append(evs, Event{Kind: EventSLA, Internal: true, Field: c.Target.String(), To: c.Kind.String()})
	}
	return evs
}

// SLAReport summarizes one CheckSLA sweep. It is a plain value.
type SLAReport struct {
	Checked  int     // tickets examined
	Warnings int     // warning events recorded
	Breaches int     // breach events recorded
	Events   []Event // the events recorded, for a host that alerts its agents
}

// CheckSLA records the SLA warnings and breaches due by now: for every
// ticket whose Ticket.SLANext is not after now, it updates the clocks'
// status and appends one internal EventSLA per warning or breach, as the
// system actor "sla". Hosts call it from their scheduler (every minute, for
// example); the Desk runs no timers of its own. Tickets that fail are
// skipped and their errors joined in the returned error; the others are
// recorded.
func (d *Desk) CheckSLA(ctx context.Context, now time.Time) (SLAReport, error) {
	var rep SLAReport
	if d.sla == nil {
		return rep, nil
	}
	now = now.UTC().Round(0)
	sys := System("sla")
	q := Query{SLADue: now, Order: OrderOldest, Limit: 200}
	var errs []error
	for {
		page, err := d.store.Find(ctx, q)
		if err != nil {
			return rep, errors.Join(append(errs, fmt.Errorf("support: check SLA: %w", err))...)
		}
		for _, t := range page.Tickets {
			rep.Checked++
			_, evs, err := d.update(ctx, sys, "check SLA", t.ID, 0, nil, func(t *Ticket, _ time.Time) ([]Event, error) {
				if t.Status == StatusClosed {
					return nil, nil // closed tickets never change; closing recorded their SLA
				}
				clocks, changes := d.sla.Check(t.SLA, now)
				if len(changes) == 0 {
					return nil, nil
				}
				t.SLA = clocks
				t.SLANext = NextSLACheck(clocks)
				return slaEvents(changes), nil
			})
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rep.Events = append(rep.Events, evs...)
			for _, e := range evs {
				if e.To == SLABreach.String() {
					rep.Breaches++
				} else {
					rep.Warnings++
				}
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	return rep, errors.Join(errs...)
}
