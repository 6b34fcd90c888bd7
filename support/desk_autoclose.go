package support

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// CloseSolved closes the tickets solved before solvedBefore (four days ago,
// say), as the system actor "autoclose": a solved ticket the customer did not
// reopen in that time is done. Like CheckSLA, it is for the host's scheduler.
// It returns how many tickets it closed; tickets that fail (reopened in the
// meantime, for example) are skipped and their errors joined.
func (d *Desk) CloseSolved(ctx context.Context, solvedBefore time.Time) (int, error) {
	sys := System("autoclose")
	q := Query{Statuses: []Status{StatusSolved}, Order: OrderOldest, Limit: 200}
	closed := 0
	var errs []error
	for {
		page, err := d.store.Find(ctx, q)
		if err != nil {
			return closed, errors.Join(append(errs, fmt.Errorf("support: close solved tickets: %w", err))...)
		}
		for _, t := range page.Tickets {
			if !t.SolvedAt.Before(solvedBefore) {
				continue
			}
			_, evs, err := d.update(ctx, sys, "close solved", t.ID, 0, nil, func(t *Ticket, now time.Time) ([]Event, error) {
				if t.Status != StatusSolved || !t.SolvedAt.Before(solvedBefore) {
					return nil, nil // reopened or solved again since the search
				}
				return d.transition(t, StatusClosed, "", now)
			})
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if len(evs) > 0 {
				closed++
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	return closed, errors.Join(errs...)
}
