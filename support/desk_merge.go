package support

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Merge closes duplicate as a duplicate of keep: duplicate gets an
// EventMerge ("into") and is closed with MergedInto set, keep gets an
// EventMerge ("from") and the duplicate's transaction references. Both
// tickets must belong to the same customer and neither may be closed. The
// two tickets are written in one atomic commit, under both tickets' locks
// (see Desk), so that writers of either ticket never make it fail. Staff
// only; it returns the kept ticket.
func (d *Desk) Merge(ctx context.Context, a Actor, duplicate, keep ID) (*Ticket, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if duplicate == keep {
		return nil, inputErr("duplicate", ErrInvalidInput, "a ticket cannot be merged into itself")
	}
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return nil, err
			}
		}
		nd, devs, nk, kevs, err := d.mergeLocked(ctx, a, duplicate, keep)
		if err == errLostRace {
			continue
		}
		if err != nil {
			return nil, err
		}
		d.committed(ctx, nd, devs)
		d.committed(ctx, nk, kevs)
		return nk, nil
	}
}

// mergeLocked runs mergeOnce under both tickets' locks, which it releases
// even if a callback panics.
func (d *Desk) mergeLocked(ctx context.Context, a Actor, duplicate, keep ID) (*Ticket, []Event, *Ticket, []Event, error) {
	i, j, err := d.locks.lock2(ctx, duplicate, keep)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer d.locks.unlock2(i, j)
	return d.mergeOnce(ctx, a, duplicate, keep)
}

// mergeOnce is one read-modify-commit of Merge, under both tickets' locks.
// It returns the new states of the duplicate and the kept ticket and their
// events.
func (d *Desk) mergeOnce(ctx context.Context, a Actor, duplicate, keep ID) (nd *Ticket, devs []Event, nk *Ticket, kevs []Event, err error) {
	dup, err := d.load(ctx, a, duplicate)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	kept, err := d.load(ctx, a, keep)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := staffOnly(a, "merge tickets"); err != nil {
		return nil, nil, nil, nil, err
	}
	if dup.Customer != kept.Customer {
		return nil, nil, nil, nil, inputErr("duplicate", ErrInvalidInput, "tickets of different customers cannot be merged")
	}
	if err := notClosed(dup); err != nil {
		return nil, nil, nil, nil, err
	}
	if err := notClosed(kept); err != nil {
		return nil, nil, nil, nil, err
	}
	now := d.clock()
	nd, nk = dup.Clone(), kept.Clone()
	devs = []Event{{Kind: EventMerge, Field: "into", Related: keep}}
	if nd.Status != StatusSolved {
		// A duplicate is done with: stop its clocks as if solved.
		d.applySLA(nd, SLAEventSolved, now)
	}
	devs = append(devs, d.closeSLA(nd, now)...)
	devs = append(devs, Event{Kind: EventStatus, From: nd.Status.String(), To: StatusClosed.String()})
	nd.Status, nd.ClosedAt, nd.MergedInto, nd.HostStatus = StatusClosed, now, keep, ""
	if dup.HostStatus != "" {
		devs = append(devs, Event{Kind: EventFieldChange, Field: "host_status", From: dup.HostStatus})
	}
	kevs = []Event{{Kind: EventMerge, Field: "from", Related: duplicate}}
	all := nk.Transactions
	for _, r := range dup.Transactions {
		if len(all) < MaxTransactions && !slices.Contains(all, r) {
			all = append(all, r)
		}
	}
	if len(all) != len(kept.Transactions) {
		kevs = append(kevs, Event{Kind: EventFieldChange, Field: "transactions", From: strings.Join(kept.Transactions, "\n"), To: strings.Join(all, "\n")})
		nk.Transactions = all
	}
	d.finish(nd, dup.Version, now, a, devs)
	d.finish(nk, kept.Version, now, a, kevs)
	c := Commit{Writes: []Write{
		{Ticket: nd, Prev: dup.Version, Events: devs},
		{Ticket: nk, Prev: kept.Version, Events: kevs},
	}}
	if d.outbox {
		c.Outbox = d.enqueue(c.Writes, now)
	}
	err = d.store.Commit(ctx, c)
	if errors.Is(err, ErrStaleVersion) {
		return nil, nil, nil, nil, errLostRace
	}
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("support: merge: %w", err)
	}
	return nd, devs, nk, kevs, nil
}
