package diagnose

import (
	"slices"
	"strings"
	"time"
)

// The causes of locked or limited accounts. The lock reason is the code a
// host's account system records; several reasons may share a cause.
const (
	CauseTooManyAttempts    Cause = "too_many_attempts"   // too many failed sign-ins: locked for a while
	CauseVerificationNeeded Cause = "verification_needed" // identity verification is required to continue
	CauseDocumentsExpired   Cause = "documents_expired"   // the identity document on file has expired
	CauseSuspiciousActivity Cause = "suspicious_activity" // unusual sign-in or activity: secured until the customer confirms
	CauseLimitReached       Cause = "limit_reached"       // an account limit is reached
	CauseTwoStepLost        Cause = "two_step_lost"       // the customer lost their second sign-in step
	CauseNegativeBalance    Cause = "negative_balance"    // the balance is below zero (a reversed payment)
	CauseComplianceReview   Cause = "compliance_review"   // sensitive: a legal or compliance review the customer must not be told of
	CauseAccountReview      Cause = "account_review"      // what customers see of sensitive and unknown reasons
	CauseUnknownLock        Cause = "unknown_lock"        // agent view of a reason no rule names
)

// LockRule explains one reason an account is locked or limited: the
// cause whose texts tell the unlock steps, whether it lifts by itself
// after Wait, whether the customer must pass an identity check or needs
// an agent, and the article. A Sensitive rule's cause is kept from the
// customer, who sees the generic account review (CauseAccountReview, an
// agent needed, the article account-locked), the same as for a reason
// nobody knows. A LockRule is a plain value, safe for concurrent use.
type LockRule struct {
	Reason            string        // the lock reason code, normalized (see NormalizeCode)
	Cause             Cause         // a lower_snake identifier
	Wait              time.Duration // the lock lifts by itself after this; 0: it does not
	NeedsVerification bool          // the customer unlocks by passing an identity check
	NeedsAgent        bool          // a person must act
	Sensitive         bool          // keep the cause from the customer
	Article           string        // a faq article ID; empty: account-locked
}

func (r LockRule) validate() string {
	switch {
	case !wellFormed(r.Reason):
		return "reason is not a lower_snake identifier"
	case !wellFormed(string(r.Cause)):
		return "cause is not a lower_snake identifier"
	case r.Wait < 0 || r.Wait > maxWait:
		return "wait must be between 0 and 30 days"
	case !articleID(r.Article):
		return "article is not an article ID"
	}
	return ""
}

const articleLocked = "account-locked"

// BuiltinLocks returns the built-in lock rules, a new slice on each call.
func BuiltinLocks() []LockRule {
	return []LockRule{
		{Reason: "too_many_attempts", Cause: CauseTooManyAttempts, Wait: 30 * time.Minute, Article: "unlock-account"},
		{Reason: "too_many_sign_in_attempts", Cause: CauseTooManyAttempts, Wait: 30 * time.Minute, Article: "unlock-account"},
		{Reason: "verification_needed", Cause: CauseVerificationNeeded, NeedsVerification: true, Article: "identity-documents"},
		{Reason: "documents_expired", Cause: CauseDocumentsExpired, NeedsVerification: true, Article: "identity-documents"},
		{Reason: "suspicious_activity", Cause: CauseSuspiciousActivity, NeedsVerification: true, Article: "suspicious-login"},
		{Reason: "suspicious_login", Cause: CauseSuspiciousActivity, NeedsVerification: true, Article: "suspicious-login"},
		{Reason: "limit_reached", Cause: CauseLimitReached, NeedsVerification: true, Article: "account-limits"},
		{Reason: "two_step_lost", Cause: CauseTwoStepLost, NeedsVerification: true, NeedsAgent: true, Article: "two-step-verification"},
		{Reason: "negative_balance", Cause: CauseNegativeBalance, Article: "top-up"},
		{Reason: "compliance_review", Cause: CauseComplianceReview, NeedsAgent: true, Sensitive: true, Article: articleLocked},
		{Reason: "legal_hold", Cause: CauseComplianceReview, NeedsAgent: true, Sensitive: true, Article: articleLocked},
	}
}

// Locks is a table of lock rules: the built-in ones with a host's
// additions and overrides. It is immutable once built and safe for
// concurrent use.
type Locks struct {
	rules   map[string]*lockEntry
	unknown *lockEntry
}

type lockEntry struct {
	rule            LockRule
	customer, agent Finding
}

func newLockEntry(r LockRule) *lockEntry {
	e := &lockEntry{rule: r}
	if r.Sensitive {
		e.customer = Finding{Cause: CauseAccountReview, Text: CauseAccountReview.CustomerKey(),
			Next: CauseAccountReview.NextKey(), NeedsAgent: true, Article: articleLocked}
	} else {
		e.customer = Finding{Code: r.Reason, Cause: r.Cause, Text: r.Cause.CustomerKey(), Next: r.Cause.NextKey(),
			Wait: r.Wait, NeedsVerification: r.NeedsVerification, NeedsAgent: r.NeedsAgent, Article: r.Article}
		if e.customer.Article == "" {
			e.customer.Article = articleLocked
		}
	}
	e.agent = Finding{Code: r.Reason, Cause: r.Cause, Text: r.Cause.AgentKey(), Next: e.customer.Next,
		Wait: r.Wait, NeedsVerification: r.NeedsVerification, NeedsAgent: r.NeedsAgent, Article: r.Article}
	if e.agent.Article == "" {
		e.agent.Article = articleLocked
	}
	if e.customer.Article != e.agent.Article {
		e.agent.SeeAlso = e.customer.Article
	}
	return e
}

// NewLocks returns the built-in rules (BuiltinLocks) with rules merged
// over them, as NewDeclines does for declines.
func NewLocks(rules ...LockRule) (*Locks, error) {
	builtin := BuiltinLocks()
	t := &Locks{
		rules:   make(map[string]*lockEntry, len(builtin)+len(rules)),
		unknown: newLockEntry(LockRule{Cause: CauseUnknownLock, NeedsAgent: true, Sensitive: true, Article: articleLocked}),
	}
	for i, r := range builtin {
		if reason := r.validate(); reason != "" {
			return nil, &RuleError{Table: "locks", Index: i, Code: r.Reason, Reason: "built in: " + reason}
		}
		t.rules[r.Reason] = newLockEntry(r)
	}
	seen := make(map[string]bool, len(rules))
	for i, r := range rules {
		if reason := r.validate(); reason != "" {
			return nil, &RuleError{Table: "locks", Index: i, Code: clip(r.Reason), Reason: reason}
		}
		if seen[r.Reason] {
			return nil, &RuleError{Table: "locks", Index: i, Code: r.Reason, Reason: "reason given twice"}
		}
		seen[r.Reason] = true
		t.rules[r.Reason] = newLockEntry(r)
	}
	return t, nil
}

// DefaultLocks returns a table of the built-in lock rules.
func DefaultLocks() *Locks {
	t, err := NewLocks()
	if err != nil {
		panic(err) // unreachable: the built-in rules are tested
	}
	return t
}

// Rules returns the table's rules sorted by reason, in a new slice.
func (t *Locks) Rules() []LockRule {
	out := make([]LockRule, 0, len(t.rules))
	for _, e := range t.rules {
		out = append(out, e.rule)
	}
	slices.SortFunc(out, func(a, b LockRule) int { return strings.Compare(a.Reason, b.Reason) })
	return out
}

// Lookup diagnoses a lock reason, normalized first (see NormalizeCode). A
// well-formed reason no rule names gets the safe generic diagnosis (an
// account review that needs an agent); malformed input is a
// *support.InputError matching ErrInvalidCode or support.ErrTooLong,
// returned with that same generic diagnosis.
func (t *Locks) Lookup(reason string) (Lock, error) {
	var buf [MaxCodeBytes]byte
	s, n, err := normalize(reason, &buf, "lock_reason")
	if err != nil {
		return Lock{e: t.unknown}, err
	}
	var e *lockEntry
	if s != "" {
		e = t.rules[s]
	} else {
		e = t.rules[string(buf[:n])]
	}
	if e != nil {
		return Lock{e: e, reason: e.rule.Reason, known: true}, nil
	}
	if s == "" {
		s = string(buf[:n])
	}
	return Lock{e: t.unknown, reason: s}, nil
}

// Lock is the diagnosis of one lock reason. The zero Lock is the generic
// diagnosis of nothing known. A Lock is a plain value, safe for concurrent
// use.
type Lock struct {
	e      *lockEntry
	reason string
	known  bool
}

// Reason returns the normalized reason; empty for malformed input.
func (l Lock) Reason() string { return l.reason }

// Known reports whether a rule names the reason.
func (l Lock) Known() bool { return l.known }

// Rule returns the rule that explains the reason; for an unknown reason a
// sensitive rule of cause CauseUnknownLock that needs an agent.
func (l Lock) Rule() LockRule {
	if l.e == nil {
		return LockRule{Reason: l.reason, Cause: CauseUnknownLock, NeedsAgent: true, Sensitive: true, Article: articleLocked}
	}
	r := l.e.rule
	r.Reason = l.reason
	return r
}

// ForCustomer returns what the customer is told: the unlock steps, or for
// a sensitive or unknown reason the generic account review.
func (l Lock) ForCustomer() Finding {
	if l.e == nil {
		return newLockEntry(l.Rule()).customer
	}
	return l.e.customer
}

// ForAgent returns what an agent is told: the real reason and cause, and
// as Next the step the customer was given.
func (l Lock) ForAgent() Finding {
	if l.e == nil {
		return newLockEntry(l.Rule()).agent
	}
	f := l.e.agent
	f.Code = l.reason
	return f
}
