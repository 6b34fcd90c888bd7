package main

import (
	"context"
	"time"
)

// Maintain runs the periodic work the library leaves to its host, once:
// SLA warnings and breaches (support.Desk.CheckSLA), complaint deadlines
// and escalations (cases.Service.CheckComplaints), closing tickets solved
// more than three days ago (support.Desk.CloseSolved), purging spent
// one-time-code challenges (verify.Service.Purge), and forgetting
// idempotency keys after three days (the stores' SweepKeys). A real host
// runs it from its scheduler; serve runs it every minute.
func (s *Server) Maintain(ctx context.Context) {
	now := s.now()
	if rep, err := s.desk.CheckSLA(ctx, now); err != nil {
		s.log.Error("maintenance: SLA check", "err", err)
	} else if rep.Warnings+rep.Breaches > 0 {
		s.log.Info("maintenance: SLA", "checked", rep.Checked, "warnings", rep.Warnings, "breaches", rep.Breaches)
	}
	if alerts, err := s.cases.CheckComplaints(ctx, now); err != nil {
		s.log.Error("maintenance: complaint deadlines", "err", err)
	} else if len(alerts) > 0 {
		s.log.Info("maintenance: complaint alerts", "alerts", len(alerts))
	}
	if n, err := s.desk.CloseSolved(ctx, now.Add(-72*time.Hour)); err != nil {
		s.log.Error("maintenance: closing solved tickets", "err", err)
	} else if n > 0 {
		s.log.Info("maintenance: closed solved tickets", "closed", n)
	}
	if n, err := s.verify.Purge(ctx); err != nil {
		s.log.Error("maintenance: purging challenges", "err", err)
	} else if n > 0 {
		s.log.Info("maintenance: purged challenges", "purged", n)
	}
	if sw, ok := s.store.tickets.(keySweeper); ok {
		if n, err := sw.SweepKeys(ctx, now.Add(-keyRetention)); err != nil {
			s.log.Error("maintenance: sweeping idempotency keys", "err", err)
		} else if n > 0 {
			s.log.Info("maintenance: swept idempotency keys", "swept", n)
		}
	}
}

// keyRetention is how long idempotency keys are kept: a retry later than
// that is a new request.
const keyRetention = 72 * time.Hour

// keySweeper is the retention call of memstore.Store and
// sqlstore.Tickets.
type keySweeper interface {
	SweepKeys(ctx context.Context, before time.Time) (int, error)
}

// maintainEvery runs s.Maintain every interval until ctx ends.
func (s *Server) maintainEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Maintain(ctx)
		}
	}
}
