package support

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// ErrInvalidSLA means an SLA policy configuration or an encoded SLA value is
// not acceptable. Match it with errors.Is; the error is an *SLAError.
var ErrInvalidSLA = errors.New("support: invalid SLA")

// SLAError reports an unacceptable SLA policy setting or SLA value.
// It matches ErrInvalidSLA.
type SLAError struct {
	Field  string // the setting or type, such as "targets[high].first_reply" or "SLAStatus"
	Reason string
}

// Error describes the setting and why it is refused.
func (e *SLAError) Error() string {
	return fmt.Sprintf("support: invalid SLA %s: %s", e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidSLA.
func (e *SLAError) Is(target error) bool { return target == ErrInvalidSLA }

// SLATarget names one of the three service-level clocks of a ticket.
// The zero value is invalid. Its text form is "first_reply", "next_reply" or
// "resolution". SLATarget is a plain value and safe for concurrent use.
type SLATarget uint8

// The SLA targets.
const (
	// SLAFirstReply runs from the ticket's creation until the first public
	// reply by the business.
	SLAFirstReply SLATarget = iota + 1
	// SLANextReply runs from a customer reply that follows a reply by the
	// business until the business replies again.
	SLANextReply
	// SLAResolution runs from creation until the ticket is solved, paused
	// while the ticket waits on the customer.
	SLAResolution
)

// SLAStatus is the state of an SLA clock. The zero value is invalid. Its text
// form is "active", "paused", "met" or "breached". SLAStatus is a plain value
// and safe for concurrent use.
type SLAStatus uint8

// The SLA clock states. Met and breached are final: nothing turns a met clock
// into a breached one or back (reopening a ticket starts a new resolution
// clock instead).
const (
	SLAActive   SLAStatus = iota + 1 // running; Due and WarnAt are set
	SLAPaused                        // stopped while waiting on the customer; Remaining is set
	SLAMet                           // the target was reached in time; Stopped is set
	SLABreached                      // Due passed before the target was reached; Stopped is set once it is reached late
)

// SLAEventKind is something that happened to a ticket that SLA clocks react
// to; see SLAPolicy.Apply. The zero value is invalid. SLAEventKind is a plain
// value and safe for concurrent use.
type SLAEventKind uint8

// The events SLA clocks react to.
const (
	SLAEventCreated         SLAEventKind = iota + 1 // the ticket was opened
	SLAEventAgentReplied                            // the business posted a public reply
	SLAEventCustomerReplied                         // the customer posted a reply
	SLAEventWaiting                                 // the ticket now waits on the customer (pending)
	SLAEventResumed                                 // the ticket no longer waits on the customer
	SLAEventSolved                                  // the ticket was solved
	SLAEventReopened                                // a solved ticket was reopened
	SLAEventPriorityChanged                         // the priority or category changed
)

// SLAChangeKind says what Check found about a clock. Its text form is
// "warning" or "breach". SLAChangeKind is a plain value and safe for
// concurrent use.
type SLAChangeKind uint8

// The changes Check reports.
const (
	SLAWarning SLAChangeKind = iota + 1 // the clock reached its warning instant
	SLABreach                           // the clock passed its due instant
)

var (
	slaTargetNames = []string{"", "first_reply", "next_reply", "resolution"}
	slaStatusNames = []string{"", "active", "paused", "met", "breached"}
	slaEventNames  = []string{"", "created", "agent_replied", "customer_replied", "waiting", "resumed", "solved", "reopened", "priority_changed"}
	slaChangeNames = []string{"", "warning", "breach"}
)

func slaEnumString[T ~uint8](typ string, names []string, v T) string {
	if v == 0 || int(v) >= len(names) {
		return fmt.Sprintf("%s(%d)", typ, uint8(v))
	}
	return names[v]
}

func slaEnumMarshal[T ~uint8](typ string, names []string, v T) ([]byte, error) {
	if v == 0 || int(v) >= len(names) {
		return nil, &SLAError{Field: typ, Reason: fmt.Sprintf("no text form for %d", uint8(v))}
	}
	return []byte(names[v]), nil
}

func slaEnumUnmarshal[T ~uint8](typ string, names []string, text []byte, v *T) error {
	for i := 1; i < len(names); i++ {
		if names[i] == string(text) {
			*v = T(i)
			return nil
		}
	}
	return &SLAError{Field: typ, Reason: fmt.Sprintf("unknown value %q", clipInput(string(text)))}
}

// IsValid reports whether t is one of the SLA targets.
func (t SLATarget) IsValid() bool { return t >= SLAFirstReply && t <= SLAResolution }

// String returns the target's code, such as "first_reply".
func (t SLATarget) String() string { return slaEnumString("SLATarget", slaTargetNames, t) }

// MarshalText implements encoding.TextMarshaler.
func (t SLATarget) MarshalText() ([]byte, error) {
	return slaEnumMarshal("SLATarget", slaTargetNames, t)
}

// UnmarshalText implements encoding.TextUnmarshaler. On error *t is unchanged.
func (t *SLATarget) UnmarshalText(text []byte) error {
	return slaEnumUnmarshal("SLATarget", slaTargetNames, text, t)
}

// IsValid reports whether s is one of the SLA clock states.
func (s SLAStatus) IsValid() bool { return s >= SLAActive && s <= SLABreached }

// String returns the status's code, such as "met".
func (s SLAStatus) String() string { return slaEnumString("SLAStatus", slaStatusNames, s) }

// MarshalText implements encoding.TextMarshaler.
func (s SLAStatus) MarshalText() ([]byte, error) {
	return slaEnumMarshal("SLAStatus", slaStatusNames, s)
}

// UnmarshalText implements encoding.TextUnmarshaler. On error *s is unchanged.
func (s *SLAStatus) UnmarshalText(text []byte) error {
	return slaEnumUnmarshal("SLAStatus", slaStatusNames, text, s)
}

// IsValid reports whether k is one of the SLA event kinds.
func (k SLAEventKind) IsValid() bool {
	return k >= SLAEventCreated && k <= SLAEventPriorityChanged
}

// String returns the kind's code, such as "agent_replied".
func (k SLAEventKind) String() string { return slaEnumString("SLAEventKind", slaEventNames, k) }

// MarshalText implements encoding.TextMarshaler.
func (k SLAEventKind) MarshalText() ([]byte, error) {
	return slaEnumMarshal("SLAEventKind", slaEventNames, k)
}

// UnmarshalText implements encoding.TextUnmarshaler. On error *k is unchanged.
func (k *SLAEventKind) UnmarshalText(text []byte) error {
	return slaEnumUnmarshal("SLAEventKind", slaEventNames, text, k)
}

// IsValid reports whether k is SLAWarning or SLABreach.
func (k SLAChangeKind) IsValid() bool { return k == SLAWarning || k == SLABreach }

// String returns "warning" or "breach".
func (k SLAChangeKind) String() string { return slaEnumString("SLAChangeKind", slaChangeNames, k) }

// MarshalText implements encoding.TextMarshaler.
func (k SLAChangeKind) MarshalText() ([]byte, error) {
	return slaEnumMarshal("SLAChangeKind", slaChangeNames, k)
}

// UnmarshalText implements encoding.TextUnmarshaler. On error *k is unchanged.
func (k *SLAChangeKind) UnmarshalText(text []byte) error {
	return slaEnumUnmarshal("SLAChangeKind", slaChangeNames, text, k)
}

// SLAClock is the state of one SLA target of one ticket. Clocks are values:
// SLAPolicy.Start, Apply and Check return new clocks and never modify the
// ones they are given. Business times (Remaining, Budget) are measured in the
// policy's Calendar.
//
// Which fields are set depends on Status:
//
//	active    Due, WarnAt (zero if the policy has no warning)
//	paused    Remaining; Due and WarnAt are zero until the clock resumes
//	met       Stopped
//	breached  Due (the instant it was breached); Stopped once the target was reached late
//
// An SLAClock is not safe for concurrent modification; copies are
// independent.
type SLAClock struct {
	Target         SLATarget     `json:"target"`
	Status         SLAStatus     `json:"status"`
	Started        time.Time     `json:"started"`                   // when this clock started
	Due            time.Time     `json:"due,omitzero"`              // when the target is breached; zero while paused
	WarnAt         time.Time     `json:"warn_at,omitzero"`          // when Check warns; zero while paused or without warnings
	Remaining      time.Duration `json:"remaining,omitzero"`        // business time left while paused; negative if a priority change overdrew it
	Stopped        time.Time     `json:"stopped,omitzero"`          // when the target was reached (met, or met late)
	Budget         time.Duration `json:"budget"`                    // the business time the policy allows, for the current priority
	Warned         bool          `json:"warned,omitempty"`          // Check has reported the warning for the current due time
	BreachReported bool          `json:"breach_reported,omitempty"` // Check has reported the breach
}

// SLAChange is a warning or breach that Check found, to be recorded in the
// ticket's history and, if the host wishes, sent to the agents. At is the
// instant the clock reached its warning or due time, which may be earlier
// than the Check that found it. SLAChange is a plain value and safe for
// concurrent use.
type SLAChange struct {
	Target SLATarget     `json:"target"`
	Kind   SLAChangeKind `json:"kind"`
	At     time.Time     `json:"at"`
}

// SLATargets are the business-time budgets of the three clocks. SLATargets is
// a plain value and safe for concurrent use.
type SLATargets struct {
	FirstReply time.Duration `json:"first_reply"`
	NextReply  time.Duration `json:"next_reply"`
	Resolution time.Duration `json:"resolution"`
}

// For returns the budget of target, or 0 for an invalid target.
func (t SLATargets) For(target SLATarget) time.Duration {
	switch target {
	case SLAFirstReply:
		return t.FirstReply
	case SLANextReply:
		return t.NextReply
	case SLAResolution:
		return t.Resolution
	}
	return 0
}

// MaxSLATarget is the largest budget a policy accepts: a year of business
// time. It bounds the work of computing a due date.
const MaxSLATarget = 366 * 24 * time.Hour

// SLAPolicyConfig is the definition of an SLAPolicy; NewSLAPolicy validates
// and copies it. Its maps make it unsafe to modify while another goroutine
// reads it; the policy built from it is unaffected by later changes.
type SLAPolicyConfig struct {
	// Calendar measures the business time of every target; nil means 24/7.
	Calendar *Calendar
	// Targets gives the budgets per priority. All four priorities are
	// required and every budget must be positive and at most MaxSLATarget.
	Targets map[Priority]SLATargets
	// CategoryTargets optionally overrides Targets for a category and
	// priority. A zero budget in an override inherits the priority's budget;
	// negative budgets are rejected.
	CategoryTargets map[Category]map[Priority]SLATargets
	// WarnBefore is how much business time before a clock's due time Check
	// warns. WarnPercent is the alternative: warn when that percentage of the
	// budget is left (20 warns at 80% used). At most one of them may be set;
	// with neither, Check never warns.
	WarnBefore  time.Duration
	WarnPercent int
}

// SLAPolicy decides the SLA clocks of tickets: which clocks run, their budgets
// per priority and category in business time, and how they react to what
// happens to a ticket.
//
// # Semantics
//
//   - Start (or Apply with SLAEventCreated) starts the first-reply and
//     resolution clocks at the ticket's creation.
//   - SLAEventAgentReplied (a public reply by the business) stops the
//     first-reply clock and a running next-reply clock.
//   - SLAEventCustomerReplied, once the business has replied at least once,
//     starts a next-reply clock unless one is already running (its due time
//     counts from the customer's first unanswered message). It also resumes
//     paused clocks, because a customer who replies is no longer awaited.
//   - SLAEventWaiting (the ticket becomes pending) pauses the resolution
//     clock, keeping the business time it has left in Remaining. Reply clocks
//     do not pause: a customer who is owed an answer is owed it while the
//     ticket is pending. Waiting on a third party (on hold) is the business's
//     time and pauses nothing; a Desk does not send SLAEventWaiting for it.
//   - SLAEventResumed resumes paused clocks: the new due time is Remaining
//     business time after the resume.
//   - SLAEventSolved stops every running clock. Solving answers the customer,
//     so an unanswered reply clock is met too (or breached, if late).
//   - SLAEventReopened replaces the resolution clock with a new one with the
//     full budget, starting at the reopening; the old clock's met or breached
//     state is in the ticket's history through the changes Check reported.
//   - SLAEventPriorityChanged (send it for a category change too) recomputes
//     running clocks for the new budget: a clock keeps the business time it
//     has used since it started, not counting pauses, and its due time moves
//     by the difference of the budgets. If the new budget is already used up
//     the clock is breached at the moment of the change, not retroactively.
//     A paused clock is never breached: its Remaining may become zero or
//     negative, and it is breached the moment it resumes.
//   - A clock stopped at or before Due is met. A clock is breached as soon as
//     the time is after Due; a breached clock stays breached and records in
//     Stopped when its target was finally reached.
//   - Check reports a warning once per due time when a running clock reaches
//     WarnAt, and a breach once when the time is after Due; when it finds a
//     clock already past Due it reports only the breach. Apply marks clocks
//     it finds past Due as breached but reports nothing; the next Check
//     reports them, and NextSLACheck returns their (past) due time so that a
//     periodic sweep reaches them at once.
//
// Clocks are kept in the order first reply, next reply, resolution, at most
// one of each. Invalid priorities are treated as PriorityNormal and event
// kinds Apply does not know change nothing.
//
// An SLAPolicy is immutable once built; its methods are safe for concurrent
// use. A nil *SLAPolicy, like the zero SLAPolicy, runs no clocks.
type SLAPolicy struct {
	cal         *Calendar
	targets     [PriorityUrgent + 1]SLATargets
	byCat       map[Category]*[PriorityUrgent + 1]SLATargets
	warnBefore  time.Duration
	warnPercent int
	cfg         SLAPolicyConfig // a private deep copy, for Config
}

// DefaultSLAPolicy returns a new copy of the built-in policy, measured around
// the clock (a nil Calendar) because a library cannot know a host's opening
// hours; hosts with office hours build their own with NewSLAPolicy.
//
//	priority  first reply  next reply  resolution
//	urgent    30m          1h          4h
//	high      2h           4h          24h
//	normal    8h           12h         72h
//	low       24h          24h         168h
//
// Disputes get 14 days (336h) to resolve at every priority, because card
// networks and banks take weeks. Check warns when 20% of a budget is left.
func DefaultSLAPolicy() *SLAPolicy {
	return buildSLAPolicy(defaultSLAConfig()) // valid: TestDefaultSLAPolicy validates it
}

func defaultSLAConfig() SLAPolicyConfig {
	dispute := SLATargets{Resolution: 14 * 24 * time.Hour}
	return SLAPolicyConfig{
		Targets: map[Priority]SLATargets{
			PriorityUrgent: {FirstReply: 30 * time.Minute, NextReply: time.Hour, Resolution: 4 * time.Hour},
			PriorityHigh:   {FirstReply: 2 * time.Hour, NextReply: 4 * time.Hour, Resolution: 24 * time.Hour},
			PriorityNormal: {FirstReply: 8 * time.Hour, NextReply: 12 * time.Hour, Resolution: 72 * time.Hour},
			PriorityLow:    {FirstReply: 24 * time.Hour, NextReply: 24 * time.Hour, Resolution: 168 * time.Hour},
		},
		CategoryTargets: map[Category]map[Priority]SLATargets{
			CategoryDispute: {PriorityLow: dispute, PriorityNormal: dispute, PriorityHigh: dispute, PriorityUrgent: dispute},
		},
		WarnPercent: 20,
	}
}

// NewSLAPolicy validates cfg and returns the policy it defines. Errors are
// *SLAError values naming the offending setting. cfg is copied: later changes
// to its maps do not affect the policy.
func NewSLAPolicy(cfg SLAPolicyConfig) (*SLAPolicy, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return buildSLAPolicy(cfg), nil
}

// buildSLAPolicy builds the policy of a valid configuration.
func buildSLAPolicy(cfg SLAPolicyConfig) *SLAPolicy {
	p := &SLAPolicy{cal: cfg.Calendar, warnBefore: cfg.WarnBefore, warnPercent: cfg.WarnPercent}
	for pr, t := range cfg.Targets {
		p.targets[pr] = t
	}
	if len(cfg.CategoryTargets) > 0 {
		p.byCat = make(map[Category]*[PriorityUrgent + 1]SLATargets, len(cfg.CategoryTargets))
	}
	for cat, over := range cfg.CategoryTargets {
		merged := p.targets
		for pr, t := range over {
			m := &merged[pr]
			m.FirstReply = durationOr(t.FirstReply, m.FirstReply)
			m.NextReply = durationOr(t.NextReply, m.NextReply)
			m.Resolution = durationOr(t.Resolution, m.Resolution)
		}
		p.byCat[cat] = &merged
	}
	p.cfg = cfg.clone()
	return p
}

func durationOr(v, fallback time.Duration) time.Duration {
	if v != 0 {
		return v
	}
	return fallback
}

func (c SLAPolicyConfig) clone() SLAPolicyConfig {
	c.Targets = maps.Clone(c.Targets)
	if c.CategoryTargets != nil {
		m := make(map[Category]map[Priority]SLATargets, len(c.CategoryTargets))
		for cat, over := range c.CategoryTargets {
			m[cat] = maps.Clone(over)
		}
		c.CategoryTargets = m
	}
	return c
}

// Validate reports the first problem with cfg as an *SLAError: a missing
// priority, a budget that is not positive or over MaxSLATarget, a malformed
// category, a negative or all-zero override, a negative warning, or both
// warning settings.
func (c SLAPolicyConfig) Validate() error {
	for _, pr := range Priorities() {
		t, ok := c.Targets[pr]
		if !ok {
			return &SLAError{Field: "targets", Reason: "no budgets for priority " + pr.String()}
		}
		if err := checkTargets(fmt.Sprintf("targets[%s]", pr), t, false); err != nil {
			return err
		}
	}
	for pr := range c.Targets {
		if !pr.IsValid() {
			return &SLAError{Field: "targets", Reason: fmt.Sprintf("invalid priority %d", uint8(pr))}
		}
	}
	for _, cat := range slices.Sorted(maps.Keys(c.CategoryTargets)) {
		if !cat.WellFormed() {
			return &SLAError{Field: "category_targets", Reason: fmt.Sprintf("malformed category %q", clipInput(string(cat)))}
		}
		over := c.CategoryTargets[cat]
		for _, pr := range slices.Sorted(maps.Keys(over)) {
			if !pr.IsValid() {
				return &SLAError{Field: "category_targets[" + string(cat) + "]", Reason: fmt.Sprintf("invalid priority %d", uint8(pr))}
			}
			if err := checkTargets(fmt.Sprintf("category_targets[%s][%s]", cat, pr), over[pr], true); err != nil {
				return err
			}
		}
	}
	switch {
	case c.WarnBefore < 0:
		return &SLAError{Field: "warn_before", Reason: "negative"}
	case c.WarnPercent < 0 || c.WarnPercent > 99:
		return &SLAError{Field: "warn_percent", Reason: "must be 0 to 99"}
	case c.WarnBefore > 0 && c.WarnPercent > 0:
		return &SLAError{Field: "warn_before", Reason: "set either warn_before or warn_percent, not both"}
	}
	return nil
}

func checkTargets(field string, t SLATargets, override bool) error {
	if override && t == (SLATargets{}) {
		return &SLAError{Field: field, Reason: "an override without any budget"}
	}
	for target := SLAFirstReply; target <= SLAResolution; target++ {
		d := t.For(target)
		switch {
		case d == 0 && override:
			continue
		case d <= 0:
			return &SLAError{Field: field + "." + target.String(), Reason: "a budget must be positive"}
		case d > MaxSLATarget:
			return &SLAError{Field: field + "." + target.String(), Reason: "a budget is at most " + MaxSLATarget.String()}
		}
	}
	return nil
}

// Config returns a copy of the configuration the policy was built from.
func (p *SLAPolicy) Config() SLAPolicyConfig {
	if p == nil {
		return SLAPolicyConfig{}
	}
	return p.cfg.clone()
}

// Calendar returns the calendar the policy measures business time in; nil
// means 24/7.
func (p *SLAPolicy) Calendar() *Calendar {
	if p == nil {
		return nil
	}
	return p.cal
}

// Targets returns the budgets for a ticket of priority pr and category cat.
// An invalid priority is treated as PriorityNormal.
func (p *SLAPolicy) Targets(pr Priority, cat Category) SLATargets {
	if p == nil {
		return SLATargets{}
	}
	if !pr.IsValid() {
		pr = PriorityNormal
	}
	if over, ok := p.byCat[cat]; ok {
		return over[pr]
	}
	return p.targets[pr]
}

// lead returns the business time before the due time at which to warn, for a
// budget; 0 means no warning.
func (p *SLAPolicy) lead(budget time.Duration) time.Duration {
	switch {
	case p.warnBefore > 0:
		return min(p.warnBefore, budget)
	case p.warnPercent > 0:
		return budget / 100 * time.Duration(p.warnPercent)
	}
	return 0
}

// Start returns the clocks of a ticket created at now: first reply and
// resolution, both active. A nil or zero policy returns nil.
func (p *SLAPolicy) Start(now time.Time, pr Priority, cat Category) []SLAClock {
	if p == nil {
		return nil
	}
	now = now.Round(0)
	t := p.Targets(pr, cat)
	if t == (SLATargets{}) {
		return nil
	}
	clocks := make([]SLAClock, 0, 2)
	clocks = p.startClock(clocks, SLAFirstReply, now, t.FirstReply)
	clocks = p.startClock(clocks, SLAResolution, now, t.Resolution)
	return clocks
}

// startClock puts a new active clock of target into clocks. A policy built
// by NewSLAPolicy has positive budgets; the zero SLAPolicy has none and
// starts nothing.
func (p *SLAPolicy) startClock(clocks []SLAClock, target SLATarget, now time.Time, budget time.Duration) []SLAClock {
	if budget <= 0 {
		return clocks
	}
	c := SLAClock{Target: target, Status: SLAActive, Started: now, Budget: budget}
	p.schedule(&c, now, budget)
	return putSLAClock(clocks, c)
}

// schedule sets Due and WarnAt of c so that remaining business time is left
// at now.
func (p *SLAPolicy) schedule(c *SLAClock, now time.Time, remaining time.Duration) {
	c.Remaining = 0
	lead := p.lead(c.Budget)
	if lead == 0 {
		c.WarnAt = time.Time{}
		c.Due = p.cal.Add(now, remaining)
		return
	}
	if remaining > lead {
		c.WarnAt = p.cal.Add(now, remaining-lead)
		c.Due = p.cal.Add(c.WarnAt, lead)
		return
	}
	c.WarnAt = now
	c.Due = p.cal.Add(now, remaining)
}

// Apply returns the clocks after event kind happened at now to a ticket whose
// priority and category are now pr and cat; see SLAPolicy for the rules. The
// result is a new slice; clocks is not modified. SLAEventCreated returns
// Start(now, pr, cat) whatever clocks holds. A nil policy returns a copy of
// clocks.
func (p *SLAPolicy) Apply(clocks []SLAClock, kind SLAEventKind, now time.Time, pr Priority, cat Category) []SLAClock {
	if p == nil {
		return slices.Clone(clocks)
	}
	now = now.Round(0)
	if kind == SLAEventCreated {
		return p.Start(now, pr, cat)
	}
	out := make([]SLAClock, len(clocks), len(clocks)+1)
	copy(out, clocks)
	for i := range out {
		settleSLA(&out[i], now)
	}
	switch kind {
	case SLAEventAgentReplied:
		for i := range out {
			if out[i].Target == SLAFirstReply || out[i].Target == SLANextReply {
				stopSLA(&out[i], now)
			}
		}
	case SLAEventCustomerReplied:
		p.resumeAll(out, now)
		if first, ok := FindSLAClock(out, SLAFirstReply); ok && !first.Stopped.IsZero() {
			next, ok := FindSLAClock(out, SLANextReply)
			if !ok || !next.Stopped.IsZero() {
				out = p.startClock(out, SLANextReply, now, p.Targets(pr, cat).NextReply)
			}
		}
	case SLAEventWaiting:
		for i := range out {
			if out[i].Target == SLAResolution {
				p.pause(&out[i], now)
			}
		}
	case SLAEventResumed:
		p.resumeAll(out, now)
	case SLAEventSolved:
		for i := range out {
			stopSLA(&out[i], now)
		}
	case SLAEventReopened:
		p.resumeAll(out, now)
		out = p.startClock(out, SLAResolution, now, p.Targets(pr, cat).Resolution)
	case SLAEventPriorityChanged:
		t := p.Targets(pr, cat)
		for i := range out {
			p.retarget(&out[i], now, t.For(out[i].Target))
		}
	}
	return out
}

// settleSLA marks an active clock whose due time has passed as breached.
func settleSLA(c *SLAClock, now time.Time) {
	if c.Status == SLAActive && now.After(c.Due) {
		c.Status = SLABreached
	}
}

// slaNow returns now, or the clock's start if now is earlier (a clock skew
// between callers must not produce a clock that ends before it starts).
func slaNow(c *SLAClock, now time.Time) time.Time {
	if now.Before(c.Started) {
		return c.Started
	}
	return now
}

// stopSLA records that the clock's target was reached at now.
func stopSLA(c *SLAClock, now time.Time) {
	switch c.Status {
	case SLAActive, SLAPaused:
		c.Status = SLAMet
		c.Stopped = slaNow(c, now)
	case SLABreached:
		if c.Stopped.IsZero() {
			c.Stopped = slaNow(c, now)
		}
	}
}

func (p *SLAPolicy) pause(c *SLAClock, now time.Time) {
	if c.Status != SLAActive {
		return
	}
	c.Status = SLAPaused
	c.Remaining = max(p.cal.Elapsed(slaNow(c, now), c.Due), 0)
	c.Due, c.WarnAt = time.Time{}, time.Time{}
}

func (p *SLAPolicy) resumeAll(clocks []SLAClock, now time.Time) {
	for i := range clocks {
		c := &clocks[i]
		if c.Status != SLAPaused {
			continue
		}
		now := slaNow(c, now)
		if c.Remaining <= 0 { // a priority change used the budget up while paused
			c.Status, c.Due, c.WarnAt, c.Remaining = SLABreached, now, time.Time{}, 0
			continue
		}
		c.Status = SLAActive
		p.schedule(c, now, c.Remaining)
		if c.WarnAt.After(now) {
			c.Warned = false // a new due time earns a new warning, as in retarget
		}
	}
}

func (p *SLAPolicy) retarget(c *SLAClock, now time.Time, budget time.Duration) {
	if budget == c.Budget || budget <= 0 {
		return
	}
	delta := budget - c.Budget
	switch c.Status {
	case SLAPaused:
		c.Budget = budget
		c.Remaining += delta // may go negative: overdue as soon as it resumes
	case SLAActive:
		now = slaNow(c, now)
		remaining := p.cal.Elapsed(now, c.Due) + delta
		c.Budget = budget
		if remaining <= 0 {
			c.Status = SLABreached
			c.Due, c.WarnAt = now, time.Time{}
			return
		}
		p.schedule(c, now, remaining)
		if c.WarnAt.After(now) {
			c.Warned = false // a new due time earns a new warning
		}
	}
}

// putSLAClock replaces the clock of c.Target in clocks, or inserts it in target
// order.
func putSLAClock(clocks []SLAClock, c SLAClock) []SLAClock {
	for i := range clocks {
		switch {
		case clocks[i].Target == c.Target:
			clocks[i] = c
			return clocks
		case clocks[i].Target > c.Target:
			return slices.Insert(clocks, i, c)
		}
	}
	return append(clocks, c)
}

// Check returns the clocks as of now and the warnings and breaches that are
// due and not yet reported, in clock order; see SLAPolicy. Reported changes
// are marked in the returned clocks, so checking them again reports nothing
// new. When nothing changes, Check returns clocks itself and no changes;
// otherwise a new slice, and clocks is not modified.
func (p *SLAPolicy) Check(clocks []SLAClock, now time.Time) (updated []SLAClock, changes []SLAChange) {
	now = now.Round(0)
	for i := range clocks {
		c := clocks[i]
		changed := false
		if c.Status == SLAActive && now.After(c.Due) {
			c.Status = SLABreached
			changed = true
		}
		switch {
		case c.Status == SLABreached && !c.BreachReported:
			c.BreachReported = true
			changed = true
			changes = append(changes, SLAChange{Target: c.Target, Kind: SLABreach, At: c.Due})
		case c.Status == SLAActive && !c.Warned && !c.WarnAt.IsZero() && !now.Before(c.WarnAt):
			c.Warned = true
			changed = true
			changes = append(changes, SLAChange{Target: c.Target, Kind: SLAWarning, At: c.WarnAt})
		}
		if changed {
			if updated == nil {
				updated = slices.Clone(clocks)
			}
			updated[i] = c
		}
	}
	if updated == nil {
		return clocks, nil
	}
	return updated, changes
}

// FindSLAClock returns the clock of target t in clocks, if there is one.
func FindSLAClock(clocks []SLAClock, t SLATarget) (SLAClock, bool) {
	for _, c := range clocks {
		if c.Target == t {
			return c, true
		}
	}
	return SLAClock{}, false
}

// NextSLACheck returns the earliest instant at which Check may report
// something about clocks — a pending warning, a due time, or a breach not yet
// reported (its due time, in the past) — or the zero time if no clock needs
// checking. A Desk stores it on the ticket so that a periodic sweep finds the
// tickets to check without scanning all of them.
func NextSLACheck(clocks []SLAClock) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, c := range clocks {
		switch {
		case c.Status == SLABreached && !c.BreachReported:
			consider(c.Due)
		case c.Status == SLAActive && !c.Warned && !c.WarnAt.IsZero():
			consider(c.WarnAt)
		case c.Status == SLAActive:
			consider(c.Due)
		}
	}
	return next
}
