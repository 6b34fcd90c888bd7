package diagnose

import (
	"fmt"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Cause is why something happened, as a stable lower_snake code such as
// "insufficient_funds" or "too_many_attempts". The customer-facing and
// agent-facing texts of a cause are the message keys CustomerKey, NextKey
// and AgentKey derive from it, so a host that adds a cause adds those keys
// to its catalog. Cause is a plain value, safe for concurrent use.
type Cause string

// String returns the code.
func (c Cause) String() string { return string(c) }

// CustomerKey returns the message key of what the customer is told happened.
func (c Cause) CustomerKey() string { return "diagnose." + string(c) + ".customer" }

// NextKey returns the message key of the customer's next step.
func (c Cause) NextKey() string { return "diagnose." + string(c) + ".next" }

// AgentKey returns the message key of what an agent is told: the real
// cause, and what to do about it.
func (c Cause) AgentKey() string { return "diagnose." + string(c) + ".agent" }

// Retry says whether and when trying a payment again can succeed. The zero
// Retry means "not about a payment attempt" (a lock or a delay). Retry is
// a plain value, safe for concurrent use.
type Retry uint8

// The retry advices.
const (
	RetryNever    Retry = iota + 1 // this card or account will not work for this payment: use another method or call the bank
	RetryAfterFix                  // it can work once the customer corrects details or completes a step
	RetryLater                     // a temporary problem: try again after a wait (see Finding.Wait)
	RetryNow                       // a glitch: trying again at once is fine
)

var retryNames = [...]string{"", "never", "after_fix", "later", "now"}

// ParseRetry parses the name String returns: "never", "after_fix",
// "later" or "now".
func ParseRetry(s string) (Retry, error) {
	for i := RetryNever; i <= RetryNow; i++ {
		if retryNames[i] == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("diagnose: unknown retry advice %q (want never, after_fix, later or now)", clip(s))
}

// IsValid reports whether r is one of the four advices.
func (r Retry) IsValid() bool { return r >= RetryNever && r <= RetryNow }

// String returns the advice's name, or "Retry(n)" for an invalid value.
func (r Retry) String() string {
	if r.IsValid() || r == 0 {
		return retryNames[r]
	}
	return fmt.Sprintf("Retry(%d)", uint8(r))
}

// MarshalText encodes r as its name; an invalid advice is an error.
func (r Retry) MarshalText() ([]byte, error) {
	if !r.IsValid() {
		return nil, fmt.Errorf("diagnose: invalid retry advice %d", uint8(r))
	}
	return []byte(retryNames[r]), nil
}

// UnmarshalText decodes a name with ParseRetry; on error *r is unchanged.
func (r *Retry) UnmarshalText(b []byte) error {
	v, err := ParseRetry(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Message keys of the retry advice (Explanation.RetryText). MsgRetryLater
// uses %[4]s, the wait.
const (
	MsgRetryNever    = "diagnose.retry.never"
	MsgRetryAfterFix = "diagnose.retry.after_fix"
	MsgRetryLater    = "diagnose.retry.later"
	MsgRetryNow      = "diagnose.retry.now"
)

func (r Retry) key() string {
	switch r {
	case RetryNever:
		return MsgRetryNever
	case RetryAfterFix:
		return MsgRetryAfterFix
	case RetryLater:
		return MsgRetryLater
	case RetryNow:
		return MsgRetryNow
	}
	return ""
}

// Finding is a diagnosis before it is put into words: the cause as one
// viewer may know it, the message keys of its texts, the retry advice and
// the knowledge-base articles to show. Declines, delays, locks and reports
// of unrecognized payments all produce Findings, for the customer's view
// and for the agent's, and Messages.Explain renders any of them in a
// language.
//
// Every text of a Finding is rendered with the same arguments, which a
// text uses by index as it needs: %[1]s the code, %[2]s the time the
// payment was expected by, %[3]s the time after which to worry, %[4]s the
// wait (Wait, in words) and %[5]s the transaction reference.
//
// A Finding is a plain value, safe for concurrent use.
type Finding struct {
	// Code is the code that was diagnosed, as this viewer may see it: empty
	// in a customer's view of a sensitive or unknown code.
	Code  string
	Cause Cause
	// Text and Next are message keys: what happened, and what to do now.
	Text string
	Next string
	// Retry says whether trying the payment again can work; zero when the
	// finding is not about a payment attempt.
	Retry Retry
	// Wait is how long to wait before retrying (RetryLater), or before a
	// lock lifts by itself; zero when it does not apply.
	Wait time.Duration
	// Expected and Worry are, for a delayed payment, when it normally
	// arrives by and after when the customer should contact support.
	Expected time.Time
	Worry    time.Time
	// Reference is the transaction a report is about.
	Reference string
	// Article is the knowledge-base article to show (a faq article ID);
	// SeeAlso an optional second one.
	Article string
	SeeAlso string
	// NeedsVerification says the customer must pass an identity check
	// (support/verify) to fix this; NeedsAgent that a person must act.
	NeedsVerification bool
	NeedsAgent        bool
}

// Explanation is a Finding put into words in one language: what a host
// shows the customer, or an agent. It is a plain value, safe for
// concurrent use; Articles is a new slice in each.
type Explanation struct {
	Language  language.Tag `json:"language"`             // the language of the texts
	Code      string       `json:"code,omitempty"`       // as in Finding
	Cause     Cause        `json:"cause"`                // as in Finding
	Text      string       `json:"text"`                 // what happened
	NextStep  string       `json:"next_step"`            // what to do now
	Retry     Retry        `json:"retry,omitzero"`       // as in Finding
	RetryText string       `json:"retry_text,omitempty"` // the retry advice in words; empty when Retry is zero
	Articles  []string     `json:"articles,omitempty"`   // knowledge-base article IDs, the main one first
	// NeedsVerification and NeedsAgent are as in Finding.
	NeedsVerification bool `json:"needs_verification,omitempty"`
	NeedsAgent        bool `json:"needs_agent,omitempty"`
}

// clip shortens s, quoted in an error, to at most 64 bytes and a
// complete UTF-8 sequence, marking the cut with "…".
func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	n := 64
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
