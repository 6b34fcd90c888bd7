package support_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

// testTargets are round business-hour budgets that make scenarios easy to
// follow: urgent 1h/2h/4h, high 2h/4h/8h, normal 4h/8h/16h, low 8h/16h/40h.
func testTargets() map[support.Priority]support.SLATargets {
	h := time.Hour
	return map[support.Priority]support.SLATargets{
		support.PriorityUrgent: {FirstReply: 1 * h, NextReply: 2 * h, Resolution: 4 * h},
		support.PriorityHigh:   {FirstReply: 2 * h, NextReply: 4 * h, Resolution: 8 * h},
		support.PriorityNormal: {FirstReply: 4 * h, NextReply: 8 * h, Resolution: 16 * h},
		support.PriorityLow:    {FirstReply: 8 * h, NextReply: 16 * h, Resolution: 40 * h},
	}
}

func testPolicy(t testing.TB, cal *support.Calendar) *support.SLAPolicy {
	t.Helper()
	p, err := support.NewSLAPolicy(support.SLAPolicyConfig{Calendar: cal, Targets: testTargets(), WarnPercent: 25})
	mustNoError(t, err)
	return p
}

// slaStep is one thing that happens to a ticket in a scenario: an event (or,
// with kind 0, only a Check), at a wall-clock time in the scenario's zone.
type slaStep struct {
	at       string
	kind     support.SLAEventKind
	priority support.Priority // the ticket's priority from this step on; 0 keeps it
	changes  []string         // what Check reports after the step: "target kind at"
}

// slaWant is the expected state of one clock at the end of a scenario.
type slaWant struct {
	target    support.SLATarget
	status    support.SLAStatus
	due       string // wall clock, "" for zero
	stopped   string
	remaining time.Duration
}

func TestSLAScenarios(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	ny := mustLoadZone(t, "America/New_York")
	office := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00", "2026-12-24", "2026-12-25")
	nyOffice := mustBusinessCalendar(t, ny, "Mon-Fri 09:00-12:00 13:00-17:00")

	tests := []struct {
		name  string
		cal   *support.Calendar
		loc   *time.Location
		steps []slaStep
		want  []slaWant
	}{{
		name: "weekend, pending and a late next reply",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-27 16:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-11-30 10:00", changes: []string{"first_reply warning 2026-11-30 10:00"}},
			{at: "2026-11-30 10:30", kind: support.SLAEventAgentReplied},
			{at: "2026-11-30 11:00", kind: support.SLAEventWaiting},
			{at: "2026-12-02 15:00", kind: support.SLAEventCustomerReplied},
			{at: "2026-12-03 12:00", changes: []string{"next_reply warning 2026-12-03 12:00"}},
			{at: "2026-12-03 15:00", kind: support.SLAEventAgentReplied,
				changes: []string{"next_reply breach 2026-12-03 14:00", "resolution warning 2026-12-03 14:00"}},
			{at: "2026-12-03 17:00", kind: support.SLAEventSolved},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAMet, due: "2026-11-30 11:00", stopped: "2026-11-30 10:30"},
			{target: support.SLANextReply, status: support.SLABreached, due: "2026-12-03 14:00", stopped: "2026-12-03 15:00"},
			// Resolution: 16h from Fri 16:00; paused Mon 11:00 with 12h left;
			// resumed Wed 15:00, due Thu 18:00; solved Thu 17:00.
			{target: support.SLAResolution, status: support.SLAMet, due: "2026-12-03 18:00", stopped: "2026-12-03 17:00"},
		},
	}, {
		name: "holidays",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-12-23 17:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-12-25 12:00"},
			{at: "2026-12-28 11:00", changes: []string{"first_reply warning 2026-12-28 11:00"}},
			{at: "2026-12-28 12:00"},
			{at: "2026-12-28 12:01", changes: []string{"first_reply breach 2026-12-28 12:00"}},
			{at: "2026-12-28 12:02"},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLABreached, due: "2026-12-28 12:00"},
			{target: support.SLAResolution, status: support.SLAActive, due: "2026-12-29 15:00"},
		},
	}, {
		name: "daylight saving in New York",
		cal:  nyOffice, loc: ny,
		steps: []slaStep{
			{at: "2026-03-06 16:30", kind: support.SLAEventCreated, priority: support.PriorityUrgent},
			{at: "2026-03-09 09:14"},
			{at: "2026-03-09 09:15", changes: []string{"first_reply warning 2026-03-09 09:15"}},
			{at: "2026-03-09 09:20", kind: support.SLAEventAgentReplied},
			{at: "2026-03-09 11:00", kind: support.SLAEventSolved},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAMet, due: "2026-03-09 09:30", stopped: "2026-03-09 09:20"},
			{target: support.SLAResolution, status: support.SLAMet, due: "2026-03-09 13:30", stopped: "2026-03-09 11:00"},
		},
	}, {
		name: "priority raised past the budget breaches at the change",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-11-23 11:00", kind: support.SLAEventPriorityChanged, priority: support.PriorityUrgent,
				changes: []string{"first_reply breach 2026-11-23 11:00"}},
			{at: "2026-11-23 11:30", kind: support.SLAEventAgentReplied},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLABreached, due: "2026-11-23 11:00", stopped: "2026-11-23 11:30"},
			// 2h used of the urgent 4h: due at 13:00.
			{target: support.SLAResolution, status: support.SLAActive, due: "2026-11-23 13:00"},
		},
	}, {
		name: "priority lowered keeps the time used",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityUrgent},
			{at: "2026-11-23 09:45", changes: []string{"first_reply warning 2026-11-23 09:45"}},
			{at: "2026-11-23 09:50", kind: support.SLAEventPriorityChanged, priority: support.PriorityLow},
			{at: "2026-11-23 15:00", changes: []string{"first_reply warning 2026-11-23 15:00"}},
		},
		want: []slaWant{
			// Low: 8h first reply from 09:00 Monday: due 17:00, a new warning at 15:00.
			{target: support.SLAFirstReply, status: support.SLAActive, due: "2026-11-23 17:00"},
			{target: support.SLAResolution, status: support.SLAActive, due: "2026-11-27 13:00"},
		},
	}, {
		name: "reopen restarts resolution",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityHigh},
			{at: "2026-11-23 09:30", kind: support.SLAEventAgentReplied},
			{at: "2026-11-23 10:00", kind: support.SLAEventSolved},
			{at: "2026-11-25 10:00", kind: support.SLAEventReopened},
			{at: "2026-11-25 10:00", kind: support.SLAEventCustomerReplied},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAMet, due: "2026-11-23 11:00", stopped: "2026-11-23 09:30"},
			{target: support.SLANextReply, status: support.SLAActive, due: "2026-11-25 14:00"},
			{target: support.SLAResolution, status: support.SLAActive, due: "2026-11-25 18:00"},
		},
	}, {
		name: "customer replies before the first answer: no next-reply clock",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-11-23 09:10", kind: support.SLAEventCustomerReplied},
			{at: "2026-11-23 09:20", kind: support.SLAEventCustomerReplied},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAActive, due: "2026-11-23 13:00"},
			{target: support.SLAResolution, status: support.SLAActive, due: "2026-11-24 16:00"},
		},
	}, {
		name: "paused clock keeps its time and a priority change",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-11-23 10:00", kind: support.SLAEventAgentReplied},
			{at: "2026-11-23 12:00", kind: support.SLAEventWaiting},
			{at: "2026-11-30 12:00"},
			{at: "2026-11-30 12:00", kind: support.SLAEventPriorityChanged, priority: support.PriorityHigh},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAMet, due: "2026-11-23 13:00", stopped: "2026-11-23 10:00"},
			// 3h used of 16h, then high: 8h budget, 5h left while paused.
			{target: support.SLAResolution, status: support.SLAPaused, remaining: 5 * time.Hour},
		},
	}, {
		name: "paused clock raised past its budget breaches only after it resumes",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-11-23 09:10", kind: support.SLAEventAgentReplied},
			{at: "2026-11-23 15:00", kind: support.SLAEventWaiting},
			{at: "2026-11-24 15:00", kind: support.SLAEventPriorityChanged, priority: support.PriorityUrgent},
			{at: "2026-11-25 15:00"},
			{at: "2026-11-26 10:00", kind: support.SLAEventResumed, changes: []string{"resolution breach 2026-11-26 10:00"}},
			{at: "2026-11-26 10:01"},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAMet, due: "2026-11-23 13:00", stopped: "2026-11-23 09:10"},
			{target: support.SLAResolution, status: support.SLABreached, due: "2026-11-26 10:00"},
		},
	}, {
		name: "solving answers an owed next reply",
		cal:  office, loc: berlin,
		steps: []slaStep{
			{at: "2026-11-23 09:00", kind: support.SLAEventCreated, priority: support.PriorityNormal},
			{at: "2026-11-23 09:10", kind: support.SLAEventAgentReplied},
			{at: "2026-11-23 09:20", kind: support.SLAEventCustomerReplied},
			{at: "2026-11-23 09:30", kind: support.SLAEventSolved},
		},
		want: []slaWant{
			{target: support.SLAFirstReply, status: support.SLAMet, due: "2026-11-23 13:00", stopped: "2026-11-23 09:10"},
			{target: support.SLANextReply, status: support.SLAMet, due: "2026-11-23 17:20", stopped: "2026-11-23 09:30"},
			{target: support.SLAResolution, status: support.SLAMet, due: "2026-11-24 16:00", stopped: "2026-11-23 09:30"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := testPolicy(t, tt.cal)
			wall := func(s string) time.Time { return wallTime(t, tt.loc, s) }
			var clocks []support.SLAClock
			var pr support.Priority
			for i, step := range tt.steps {
				now := wall(step.at)
				if step.priority != 0 {
					pr = step.priority
				}
				if step.kind != 0 {
					in, snapshot := clocks, slices.Clone(clocks)
					clocks = policy.Apply(in, step.kind, now, pr, support.CategoryOther)
					wantEqual(t, snapshot, in, "Apply modified its input at step %d", i)
				}
				var changes []support.SLAChange
				clocks, changes = policy.Check(clocks, now)
				var got []string
				for _, c := range changes {
					got = append(got, fmt.Sprintf("%s %s %s", c.Target, c.Kind, c.At.In(tt.loc).Format("2006-01-02 15:04")))
				}
				wantEqual(t, tt.steps[i].changes, got, "changes reported at step %d (%s)", i, step.at)
			}
			mustEqual(t, len(tt.want), len(clocks), "clocks: %+v", clocks)
			for i, w := range tt.want {
				c := clocks[i]
				wantEqual(t, w.target, c.Target)
				wantEqual(t, w.status, c.Status, "%s status", w.target)
				wantEqual(t, w.due, formatWall(c.Due, tt.loc), "%s due", w.target)
				wantEqual(t, w.stopped, formatWall(c.Stopped, tt.loc), "%s stopped", w.target)
				wantEqual(t, w.remaining, c.Remaining, "%s remaining", w.target)
			}
		})
	}
}

func formatWall(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func TestSLAPolicyValidate(t *testing.T) {
	h := time.Hour
	withTargets := func(edit func(map[support.Priority]support.SLATargets)) map[support.Priority]support.SLATargets {
		m := testTargets()
		edit(m)
		return m
	}
	tests := []struct {
		name  string
		cfg   support.SLAPolicyConfig
		field string
	}{
		{"no targets", support.SLAPolicyConfig{}, "targets"},
		{"missing priority", support.SLAPolicyConfig{Targets: withTargets(func(m map[support.Priority]support.SLATargets) { delete(m, support.PriorityLow) })}, "targets"},
		{"zero budget", support.SLAPolicyConfig{Targets: withTargets(func(m map[support.Priority]support.SLATargets) {
			m[support.PriorityHigh] = support.SLATargets{FirstReply: h, NextReply: h}
		})}, "targets[high].resolution"},
		{"negative budget", support.SLAPolicyConfig{Targets: withTargets(func(m map[support.Priority]support.SLATargets) {
			m[support.PriorityUrgent] = support.SLATargets{FirstReply: -h, NextReply: h, Resolution: h}
		})}, "targets[urgent].first_reply"},
		{"budget over a year", support.SLAPolicyConfig{Targets: withTargets(func(m map[support.Priority]support.SLATargets) {
			m[support.PriorityLow] = support.SLATargets{FirstReply: h, NextReply: h, Resolution: support.MaxSLATarget + 1}
		})}, "targets[low].resolution"},
		{"invalid priority", support.SLAPolicyConfig{Targets: withTargets(func(m map[support.Priority]support.SLATargets) {
			m[7] = support.SLATargets{FirstReply: h, NextReply: h, Resolution: h}
		})}, "targets"},
		{"malformed category", support.SLAPolicyConfig{Targets: testTargets(), CategoryTargets: map[support.Category]map[support.Priority]support.SLATargets{
			"Bad": {support.PriorityLow: {FirstReply: h}},
		}}, "category_targets"},
		{"empty override", support.SLAPolicyConfig{Targets: testTargets(), CategoryTargets: map[support.Category]map[support.Priority]support.SLATargets{
			support.CategoryFees: {support.PriorityLow: {}},
		}}, "category_targets[fees][low]"},
		{"negative override", support.SLAPolicyConfig{Targets: testTargets(), CategoryTargets: map[support.Category]map[support.Priority]support.SLATargets{
			support.CategoryFees: {support.PriorityLow: {NextReply: -h}},
		}}, "category_targets[fees][low].next_reply"},
		{"override priority", support.SLAPolicyConfig{Targets: testTargets(), CategoryTargets: map[support.Category]map[support.Priority]support.SLATargets{
			support.CategoryFees: {0: {NextReply: h}},
		}}, "category_targets[fees]"},
		{"negative warning", support.SLAPolicyConfig{Targets: testTargets(), WarnBefore: -h}, "warn_before"},
		{"warning percent", support.SLAPolicyConfig{Targets: testTargets(), WarnPercent: 100}, "warn_percent"},
		{"both warnings", support.SLAPolicyConfig{Targets: testTargets(), WarnPercent: 10, WarnBefore: h}, "warn_before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := support.NewSLAPolicy(tt.cfg)
			wantTrue(t, p == nil)
			wantErrorIs(t, err, support.ErrInvalidSLA)
			var se *support.SLAError
			if wantTrue(t, errors.As(err, &se), "%T", err) {
				wantEqual(t, tt.field, se.Field)
				wantTrue(t, strings.HasPrefix(err.Error(), "support: invalid SLA "), err.Error())
			}
		})
	}
}

func TestSLAPolicyTargets(t *testing.T) {
	h := time.Hour
	cfg := support.SLAPolicyConfig{
		Targets: testTargets(),
		CategoryTargets: map[support.Category]map[support.Priority]support.SLATargets{
			support.CategorySecurity: {support.PriorityNormal: {FirstReply: 30 * time.Minute}},
		},
		WarnBefore: 10 * time.Minute,
	}
	p, err := support.NewSLAPolicy(cfg)
	mustNoError(t, err)
	cfg.Targets[support.PriorityNormal] = support.SLATargets{FirstReply: 99 * h, NextReply: 99 * h, Resolution: 99 * h}
	cfg.CategoryTargets[support.CategorySecurity][support.PriorityNormal] = support.SLATargets{FirstReply: 99 * h}

	wantEqual(t, support.SLATargets{FirstReply: 4 * h, NextReply: 8 * h, Resolution: 16 * h}, p.Targets(support.PriorityNormal, support.CategoryFees))
	wantEqual(t, support.SLATargets{FirstReply: 30 * time.Minute, NextReply: 8 * h, Resolution: 16 * h}, p.Targets(support.PriorityNormal, support.CategorySecurity))
	wantEqual(t, support.SLATargets{FirstReply: 2 * h, NextReply: 4 * h, Resolution: 8 * h}, p.Targets(support.PriorityHigh, support.CategorySecurity))
	wantEqual(t, p.Targets(support.PriorityNormal, support.CategoryFees), p.Targets(0, support.CategoryFees), "an invalid priority counts as normal")
	wantEqual(t, 4*h, p.Config().Targets[support.PriorityNormal].FirstReply, "Config shares the caller's map")
	wantEqual(t, 30*time.Minute, p.Config().CategoryTargets[support.CategorySecurity][support.PriorityNormal].FirstReply)
	wantTrue(t, p.Calendar() == nil)

	// WarnBefore: 10 minutes before the due time.
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clocks := p.Start(start, support.PriorityNormal, support.CategorySecurity)
	wantEqual(t, start.Add(20*time.Minute), clocks[0].WarnAt)
	wantEqual(t, start.Add(30*time.Minute), clocks[0].Due)
}

func TestDefaultSLAPolicy(t *testing.T) {
	p := support.DefaultSLAPolicy()
	wantTrue(t, p != support.DefaultSLAPolicy(), "DefaultSLAPolicy returns a shared value")
	wantTrue(t, p.Calendar() == nil)
	wantEqual(t, support.SLATargets{FirstReply: 30 * time.Minute, NextReply: time.Hour, Resolution: 4 * time.Hour}, p.Targets(support.PriorityUrgent, support.CategoryOther))
	wantEqual(t, support.SLATargets{FirstReply: 2 * time.Hour, NextReply: 4 * time.Hour, Resolution: 14 * 24 * time.Hour}, p.Targets(support.PriorityHigh, support.CategoryDispute))
	mustNoError(t, p.Config().Validate())
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clocks := p.Start(start, support.PriorityNormal, support.CategoryFees)
	wantEqual(t, start.Add(8*time.Hour), clocks[0].Due)
	wantEqual(t, start.Add(8*time.Hour-96*time.Minute), clocks[0].WarnAt, "warning at 20%% left")
}

func TestNilSLAPolicy(t *testing.T) {
	var p *support.SLAPolicy
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	wantTrue(t, p.Start(now, support.PriorityHigh, support.CategoryFees) == nil)
	var zero support.SLAPolicy
	wantTrue(t, zero.Start(now, support.PriorityHigh, support.CategoryFees) == nil, "the zero policy starts clocks")
	wantEqual(t, 0, len(zero.Apply(nil, support.SLAEventReopened, now, support.PriorityHigh, support.CategoryFees)))
	clocks := testPolicy(t, nil).Start(now, support.PriorityHigh, support.CategoryFees)
	got := p.Apply(clocks, support.SLAEventSolved, now, support.PriorityHigh, support.CategoryFees)
	wantEqual(t, clocks, got)
	got[0].Status = support.SLAMet
	wantEqual(t, support.SLAActive, clocks[0].Status, "Apply on a nil policy shares its input")
	wantEqual(t, support.SLATargets{}, p.Targets(support.PriorityHigh, support.CategoryFees))
	wantEqual(t, support.SLAPolicyConfig{}, p.Config())
	wantTrue(t, p.Calendar() == nil)
	checked, changes := p.Check(clocks, now.Add(100*time.Minute))
	mustEqual(t, 1, len(changes), "Check needs no policy")
	wantEqual(t, support.SLAWarning, changes[0].Kind)
	wantEqual(t, support.SLAActive, checked[0].Status)
}

func TestSLACheck(t *testing.T) {
	p := testPolicy(t, nil)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clocks := p.Start(start, support.PriorityUrgent, support.CategoryOther) // first reply 1h, resolution 4h; warn at 25% left
	mustEqual(t, start.Add(45*time.Minute), clocks[0].WarnAt)

	same, changes := p.Check(clocks, start.Add(44*time.Minute))
	wantTrue(t, len(changes) == 0 && &same[0] == &clocks[0], "Check with nothing to report returns its input")

	// Jumping past the due time reports only the breach.
	snapshot := slices.Clone(clocks)
	late, changes := p.Check(clocks, start.Add(2*time.Hour))
	wantEqual(t, snapshot, clocks, "Check modified its input")
	wantEqual(t, []support.SLAChange{{Target: support.SLAFirstReply, Kind: support.SLABreach, At: start.Add(time.Hour)}}, changes)
	wantEqual(t, support.SLABreached, late[0].Status)
	wantTrue(t, late[0].BreachReported)

	again, changes := p.Check(late, start.Add(3*time.Hour+30*time.Minute))
	wantEqual(t, []support.SLAChange{{Target: support.SLAResolution, Kind: support.SLAWarning, At: start.Add(3 * time.Hour)}}, changes)
	_, changes = p.Check(again, start.Add(3*time.Hour+40*time.Minute))
	wantEqual(t, 0, len(changes), "a warning is reported once")

	// A breach that Apply found is still reported by the next Check.
	replied := p.Apply(clocks, support.SLAEventAgentReplied, start.Add(90*time.Minute), support.PriorityUrgent, support.CategoryOther)
	wantEqual(t, support.SLABreached, replied[0].Status)
	wantEqual(t, start.Add(90*time.Minute), replied[0].Stopped)
	_, changes = p.Check(replied, start.Add(90*time.Minute))
	wantEqual(t, []support.SLAChange{
		{Target: support.SLAFirstReply, Kind: support.SLABreach, At: start.Add(time.Hour)},
	}, changes)

	// A reply exactly at the due time is in time.
	onTime := p.Apply(clocks, support.SLAEventAgentReplied, start.Add(time.Hour), support.PriorityUrgent, support.CategoryOther)
	wantEqual(t, support.SLAMet, onTime[0].Status)
}

// TestSLAResumeWarnsAgain is a regression test: a clock warned before it
// paused, whose budget a priority change then raised, resumed with a new
// due time but without ever warning for it, because its Warned flag was not
// reset on resume (retarget resets it).
func TestSLAResumeWarnsAgain(t *testing.T) {
	p := testPolicy(t, nil)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clocks := p.Start(start, support.PriorityUrgent, support.CategoryOther) // resolution 4h, warned at 3h
	resolutionChanges := func(changes []support.SLAChange) []support.SLAChange {
		return slices.DeleteFunc(changes, func(c support.SLAChange) bool { return c.Target != support.SLAResolution })
	}
	clocks, changes := p.Check(clocks, start.Add(3*time.Hour+30*time.Minute))
	mustEqual(t, []support.SLAChange{{Target: support.SLAResolution, Kind: support.SLAWarning, At: start.Add(3 * time.Hour)}}, resolutionChanges(changes))
	clocks = p.Apply(clocks, support.SLAEventWaiting, start.Add(3*time.Hour+30*time.Minute), support.PriorityUrgent, support.CategoryOther)
	clocks = p.Apply(clocks, support.SLAEventPriorityChanged, start.Add(4*time.Hour), support.PriorityLow, support.CategoryOther) // 40h: 36h30m left
	resumed := start.Add(5 * time.Hour)
	clocks = p.Apply(clocks, support.SLAEventResumed, resumed, support.PriorityLow, support.CategoryOther)
	res, _ := support.FindSLAClock(clocks, support.SLAResolution)
	mustEqual(t, resumed.Add(26*time.Hour+30*time.Minute), res.WarnAt, "the new warning time (10h before the new due time)")
	mustEqual(t, res.WarnAt, support.NextSLACheck(clocks), "NextSLACheck finds the new warning")
	_, changes = p.Check(clocks, res.WarnAt)
	wantEqual(t, []support.SLAChange{{Target: support.SLAResolution, Kind: support.SLAWarning, At: res.WarnAt}}, resolutionChanges(changes))
}

func TestNextSLACheck(t *testing.T) {
	p := testPolicy(t, nil)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clocks := p.Start(start, support.PriorityUrgent, support.CategoryOther)
	wantEqual(t, start.Add(45*time.Minute), support.NextSLACheck(clocks), "the first warning")
	clocks, _ = p.Check(clocks, start.Add(45*time.Minute))
	wantEqual(t, start.Add(time.Hour), support.NextSLACheck(clocks), "the first reply's due time")
	clocks = p.Apply(clocks, support.SLAEventAgentReplied, start.Add(50*time.Minute), support.PriorityUrgent, support.CategoryOther)
	wantEqual(t, start.Add(3*time.Hour), support.NextSLACheck(clocks), "the resolution warning")
	clocks = p.Apply(clocks, support.SLAEventWaiting, start.Add(55*time.Minute), support.PriorityUrgent, support.CategoryOther)
	wantTrue(t, support.NextSLACheck(clocks).IsZero(), "paused clocks need no check")
	clocks = p.Apply(clocks, support.SLAEventResumed, start.Add(10*time.Hour), support.PriorityUrgent, support.CategoryOther)
	clocks = p.Apply(clocks, support.SLAEventCustomerReplied, start.Add(20*time.Hour), support.PriorityUrgent, support.CategoryOther)
	wantEqual(t, start.Add(10*time.Hour+3*time.Hour+5*time.Minute), support.NextSLACheck(clocks),
		"a breach Apply found is due for reporting at its due time")
	wantTrue(t, support.NextSLACheck(nil).IsZero())
}

func TestSLAText(t *testing.T) {
	type textValue interface {
		String() string
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v    textValue
		back func([]byte) (any, error)
		code string
	}{
		{support.SLAFirstReply, decodeAs[support.SLATarget], "first_reply"},
		{support.SLANextReply, decodeAs[support.SLATarget], "next_reply"},
		{support.SLAResolution, decodeAs[support.SLATarget], "resolution"},
		{support.SLAActive, decodeAs[support.SLAStatus], "active"},
		{support.SLAPaused, decodeAs[support.SLAStatus], "paused"},
		{support.SLAMet, decodeAs[support.SLAStatus], "met"},
		{support.SLABreached, decodeAs[support.SLAStatus], "breached"},
		{support.SLAEventCreated, decodeAs[support.SLAEventKind], "created"},
		{support.SLAEventAgentReplied, decodeAs[support.SLAEventKind], "agent_replied"},
		{support.SLAEventCustomerReplied, decodeAs[support.SLAEventKind], "customer_replied"},
		{support.SLAEventWaiting, decodeAs[support.SLAEventKind], "waiting"},
		{support.SLAEventResumed, decodeAs[support.SLAEventKind], "resumed"},
		{support.SLAEventSolved, decodeAs[support.SLAEventKind], "solved"},
		{support.SLAEventReopened, decodeAs[support.SLAEventKind], "reopened"},
		{support.SLAEventPriorityChanged, decodeAs[support.SLAEventKind], "priority_changed"},
		{support.SLAWarning, decodeAs[support.SLAChangeKind], "warning"},
		{support.SLABreach, decodeAs[support.SLAChangeKind], "breach"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			wantEqual(t, tt.code, tt.v.String())
			text, err := tt.v.MarshalText()
			mustNoError(t, err)
			wantEqual(t, tt.code, string(text))
			back, err := tt.back(text)
			mustNoError(t, err)
			wantEqual(t, tt.v, back)
		})
	}
	for _, bad := range []textValue{support.SLATarget(0), support.SLAStatus(5), support.SLAEventKind(9), support.SLAChangeKind(3)} {
		_, err := bad.MarshalText()
		wantErrorIs(t, err, support.ErrInvalidSLA, bad.String())
		wantTrue(t, strings.Contains(bad.String(), "("), bad.String())
	}
	for _, decode := range []func([]byte) (any, error){decodeAs[support.SLATarget], decodeAs[support.SLAStatus], decodeAs[support.SLAEventKind], decodeAs[support.SLAChangeKind]} {
		_, err := decode([]byte("Met"))
		wantErrorIs(t, err, support.ErrInvalidSLA)
	}
	wantTrue(t, !support.SLATarget(0).IsValid() && !support.SLAStatus(0).IsValid() && !support.SLAEventKind(0).IsValid() && !support.SLAChangeKind(0).IsValid())
}

// decodeAs decodes text as a T through its UnmarshalText.
func decodeAs[T any, PT interface {
	*T
	UnmarshalText([]byte) error
}](text []byte) (any, error) {
	var v T
	err := PT(&v).UnmarshalText(text)
	return v, err
}

func TestSLAClockJSON(t *testing.T) {
	p := testPolicy(t, nil)
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clocks := p.Start(start, support.PriorityHigh, support.CategoryOther)
	clocks = p.Apply(clocks, support.SLAEventWaiting, start.Add(time.Hour), support.PriorityHigh, support.CategoryOther)
	clocks, _ = p.Check(clocks, start.Add(90*time.Minute))
	b, err := json.Marshal(clocks)
	mustNoError(t, err)
	wantEqual(t, `[{"target":"first_reply","status":"active","started":"2026-11-23T09:00:00Z","due":"2026-11-23T11:00:00Z",`+
		`"warn_at":"2026-11-23T10:30:00Z","budget":7200000000000,"warned":true},`+
		`{"target":"resolution","status":"paused","started":"2026-11-23T09:00:00Z","remaining":25200000000000,"budget":28800000000000}]`, string(b))
	var back []support.SLAClock
	mustNoError(t, json.Unmarshal(b, &back))
	wantEqual(t, clocks, back)

	var c support.SLAClock
	wantErrorIs(t, json.Unmarshal([]byte(`{"target":"second_reply"}`), &c), support.ErrInvalidSLA)
}

// TestSLAProperties applies random event sequences at random times and checks
// the invariants of the clocks after every step.
func TestSLAProperties(t *testing.T) {
	cals := propertyCalendars(t)
	kinds := []support.SLAEventKind{
		support.SLAEventAgentReplied, support.SLAEventCustomerReplied, support.SLAEventWaiting, support.SLAEventResumed,
		support.SLAEventSolved, support.SLAEventReopened, support.SLAEventPriorityChanged, support.SLAEventPriorityChanged,
	}
	for _, name := range []string{"berlin office", "new york lunch", "sydney", "always"} {
		cal := cals[name]
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2026, 5))
			policy := testPolicy(t, cal)
			for seq := range 60 {
				now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
				pr := support.Priorities()[rng.IntN(4)]
				clocks := policy.Start(now, pr, support.CategoryOther)
				tracker := newClockTracker()
				tracker.observe(t, cal, clocks, now, nil)
				for step := range 30 {
					now = now.Add(time.Duration(rng.Int64N(int64(30 * time.Hour))))
					kind := kinds[rng.IntN(len(kinds))]
					if kind == support.SLAEventPriorityChanged {
						pr = support.Priorities()[rng.IntN(4)]
					}
					in, snapshot := clocks, slices.Clone(clocks)
					clocks = policy.Apply(in, kind, now, pr, support.CategoryOther)
					mustEqual(t, snapshot, in, "Apply modified its input (sequence %d step %d)", seq, step)
					var changes []support.SLAChange
					clocks, changes = policy.Check(clocks, now)
					tracker.observe(t, cal, clocks, now, changes)
					if t.Failed() {
						t.Fatalf("sequence %d step %d: %s at %v", seq, step, kind, now)
					}
				}
			}
		})
	}
}

// clockTracker remembers what was observed about each clock, identified by
// target and start, across the steps of a sequence.
type clockTracker struct {
	seen map[clockID]*clockHistory
}

type clockID struct {
	target  support.SLATarget
	started time.Time
}

type clockHistory struct {
	last        support.SLAClock
	pausedAt    time.Time     // when it was last seen to pause
	pausedTotal time.Duration // business time spent paused
	breaches    int
}

func newClockTracker() *clockTracker { return &clockTracker{seen: map[clockID]*clockHistory{}} }

func (tr *clockTracker) observe(t *testing.T, cal *support.Calendar, clocks []support.SLAClock, now time.Time, changes []support.SLAChange) {
	t.Helper()
	for i, c := range clocks {
		if i > 0 && clocks[i-1].Target >= c.Target {
			t.Errorf("clocks out of order or repeated: %v", clocks)
		}
		id := clockID{c.Target, c.Started}
		h := tr.seen[id]
		if h == nil {
			h = &clockHistory{last: c}
			tr.seen[id] = h
		}
		prev := h.last
		switch prev.Status {
		case support.SLAMet:
			wantEqual(t, prev, c, "a met clock changed")
		case support.SLABreached:
			wantEqual(t, support.SLABreached, c.Status, "a breached clock changed state")
			if !prev.Stopped.IsZero() {
				wantEqual(t, prev.Stopped, c.Stopped, "a breached clock's stop changed")
			}
		}
		if prev.Status != support.SLAPaused && c.Status == support.SLAPaused {
			h.pausedAt = now
		}
		if prev.Status == support.SLAPaused && c.Status != support.SLAPaused {
			h.pausedTotal += cal.Elapsed(h.pausedAt, now)
		}
		switch c.Status {
		case support.SLAPaused:
			wantTrue(t, c.Due.IsZero() && c.WarnAt.IsZero(), "paused clock %+v", c)
			used := cal.Elapsed(c.Started, h.pausedAt) - h.pausedTotal
			wantEqual(t, c.Budget, used+c.Remaining, "%s: paused after %v used, %v left", c.Target, used, c.Remaining)
		case support.SLAActive:
			wantTrue(t, !c.Due.Before(c.Started) && !c.Due.Before(now), "active clock due %v before its start %v or now %v", c.Due, c.Started, now)
			wantTrue(t, c.WarnAt.IsZero() || !c.WarnAt.After(c.Due), "warning after due: %+v", c)
			// Business time used plus left is the budget.
			used := cal.Elapsed(c.Started, now) - h.pausedTotal
			left := cal.Elapsed(now, c.Due)
			wantEqual(t, c.Budget, used+left, "%s: used %v + left %v", c.Target, used, left)
		case support.SLAMet:
			wantTrue(t, !c.Stopped.IsZero() && !c.Stopped.After(prev.Due.Add(0)) || prev.Status == support.SLAPaused || prev.Status == support.SLAMet,
				"met after its due time: %+v (was %+v)", c, prev)
		case support.SLABreached:
			wantTrue(t, !c.Due.IsZero() && !c.Due.Before(c.Started), "breached clock without a due time: %+v", c)
			wantTrue(t, now.After(c.Due) || (c.Due.Equal(now) && c.BreachReported), "breached before its due time: %+v at %v", c, now)
			wantTrue(t, c.BreachReported, "Check left a breach unreported: %+v", c)
		}
		h.last = c
	}
	for _, ch := range changes {
		c, ok := support.FindSLAClock(clocks, ch.Target)
		mustTrue(t, ok, "change for a missing clock")
		if ch.Kind == support.SLABreach {
			h := tr.seen[clockID{c.Target, c.Started}]
			h.breaches++
			wantEqual(t, 1, h.breaches, "breach reported twice")
			wantEqual(t, support.SLABreached, c.Status)
		}
		if ch.Kind == support.SLAWarning {
			wantEqual(t, support.SLAActive, c.Status, "warning for a clock that is not running")
		}
	}
}

func BenchmarkSLAApply(b *testing.B) {
	berlin := mustLoadZone(b, "Europe/Berlin")
	policy := testPolicy(b, mustBusinessCalendar(b, berlin, "Mon-Fri 09:00-18:00", "2026-12-25"))
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)
	clocks := policy.Start(start, support.PriorityNormal, support.CategoryOther)
	clocks = policy.Apply(clocks, support.SLAEventAgentReplied, start.Add(time.Hour), support.PriorityNormal, support.CategoryOther)
	for _, bc := range []struct {
		kind support.SLAEventKind
		pr   support.Priority
	}{
		{support.SLAEventCustomerReplied, support.PriorityNormal},
		{support.SLAEventWaiting, support.PriorityNormal},
		{support.SLAEventPriorityChanged, support.PriorityUrgent},
	} {
		b.Run(bc.kind.String(), func(b *testing.B) {
			now := start.Add(26 * time.Hour)
			b.ReportAllocs()
			for b.Loop() {
				policy.Apply(clocks, bc.kind, now, bc.pr, support.CategoryOther)
			}
		})
	}
	b.Run("start", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			policy.Start(start, support.PriorityHigh, support.CategoryOther)
		}
	})
	b.Run("check", func(b *testing.B) {
		now := start.Add(2 * time.Hour)
		b.ReportAllocs()
		for b.Loop() {
			policy.Check(clocks, now)
		}
	})
}

func FuzzSLAText(f *testing.F) {
	for _, seed := range []string{"first_reply", "resolution", "met", "breached", "paused", "agent_replied", "warning", "breach", "", "Met"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, decode := range []func([]byte) (any, error){decodeAs[support.SLATarget], decodeAs[support.SLAStatus], decodeAs[support.SLAEventKind], decodeAs[support.SLAChangeKind]} {
			v, err := decode([]byte(text))
			if err != nil {
				if !errors.Is(err, support.ErrInvalidSLA) {
					t.Fatalf("decoding %q: %v does not match ErrInvalidSLA", text, err)
				}
				continue
			}
			if s := fmt.Sprint(v); s != text {
				t.Fatalf("decoded %q as %v", text, s)
			}
		}
	})
}

// TestSLAConcurrentUse shares one policy and calendar between goroutines; run
// with -race. Every goroutine must get the result of a sequential run.
func TestSLAConcurrentUse(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	cal := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00", "2026-12-25")
	policy := testPolicy(t, cal)
	start := time.Date(2026, 11, 27, 16, 0, 0, 0, berlin)
	run := func() []support.SLAClock {
		clocks := policy.Start(start, support.PriorityNormal, support.CategoryOther)
		clocks = policy.Apply(clocks, support.SLAEventAgentReplied, start.Add(time.Hour), support.PriorityNormal, support.CategoryOther)
		clocks = policy.Apply(clocks, support.SLAEventWaiting, start.Add(time.Hour), support.PriorityNormal, support.CategoryOther)
		clocks = policy.Apply(clocks, support.SLAEventCustomerReplied, start.Add(90*time.Hour), support.PriorityHigh, support.CategoryOther)
		clocks, _ = policy.Check(clocks, start.Add(100*time.Hour))
		return clocks
	}
	want := run()
	results := make(chan []support.SLAClock, 8)
	for range 8 {
		go func() { results <- run() }()
	}
	for range 8 {
		wantEqual(t, want, <-results)
	}
}

func TestCalendarBeforeYearOne(t *testing.T) {
	cal := mustBusinessCalendar(t, time.UTC, "Mon-Fri 09:00-18:00")
	ancient := time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC)
	yearOne := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	wantEqual(t, cal.Elapsed(yearOne, yearOne.AddDate(0, 0, 7)), cal.Elapsed(ancient, yearOne.AddDate(0, 0, 7)))
	wantEqual(t, cal.Add(yearOne, time.Hour), cal.Add(ancient, time.Hour))
}
