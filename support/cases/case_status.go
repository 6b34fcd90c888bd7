package cases

import "fmt"

// Status is where a case stands. A Status is a plain value, safe for
// concurrent use; the zero Status is invalid.
//
//	dispute:  needs_response ──► under_review ──► won | lost | withdrawn
//	              │  (SubmitEvidence)    │
//	              └──► lost | withdrawn  └──► partially_refunded ──► refunded
//	refund:   under_review ──► partially_refunded ──► refunded
//	              └──► declined | withdrawn
//
// A dispute starts in StatusNeedsResponse: its evidence is due by RespondBy.
// Submitting the evidence moves it to StatusUnderReview; staff record the
// network's decision as StatusWon (in the customer's favour) or StatusLost,
// and a dispute the customer drops is StatusWithdrawn. A refund request
// starts in StatusUnderReview and ends refunded, declined or withdrawn. Any
// open case may be refunded (Service.Refund): StatusPartiallyRefunded while
// some of the amount remains, StatusRefunded once all of it is returned.
// Won, lost, refunded, declined and withdrawn are final. CanTransition has
// the table.
type Status uint8

// The statuses.
const (
	StatusNeedsResponse     Status = iota + 1 // dispute: evidence due by RespondBy
	StatusUnderReview                         // evidence submitted, or a refund request being reviewed
	StatusWon                                 // dispute decided in the customer's favour (final)
	StatusLost                                // dispute decided against the customer (final)
	StatusPartiallyRefunded                   // part of the amount refunded; more may follow
	StatusRefunded                            // the whole amount refunded (final)
	StatusDeclined                            // refund request refused (final)
	StatusWithdrawn                           // the customer dropped the case (final)
)

var statusNames = [...]string{"", "needs_response", "under_review", "won", "lost",
	"partially_refunded", "refunded", "declined", "withdrawn"}

// Statuses returns every status, in order.
func Statuses() []Status {
	return []Status{StatusNeedsResponse, StatusUnderReview, StatusWon, StatusLost,
		StatusPartiallyRefunded, StatusRefunded, StatusDeclined, StatusWithdrawn}
}

// String returns the status's snake_case name, such as "needs_response".
func (s Status) String() string {
	if s.IsValid() {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// IsValid reports whether s is one of the defined statuses.
func (s Status) IsValid() bool { return s >= StatusNeedsResponse && s <= StatusWithdrawn }

// Final reports whether s is a final status: the case never changes again.
func (s Status) Final() bool {
	switch s {
	case StatusWon, StatusLost, StatusRefunded, StatusDeclined, StatusWithdrawn:
		return true
	}
	return false
}

// Refundable reports whether a case in status s takes refunds: any status
// that is not final.
func (s Status) Refundable() bool { return s.IsValid() && !s.Final() }

// validFor reports whether a case of kind k can be in status s.
func (s Status) validFor(k Kind) bool {
	switch s {
	case StatusNeedsResponse, StatusWon, StatusLost:
		return k == KindDispute
	case StatusDeclined:
		return k == KindRefund
	}
	return s.IsValid()
}

// ParseStatus parses a status as written by String.
func ParseStatus(s string) (Status, error) {
	for i := 1; i < len(statusNames); i++ {
		if statusNames[i] == s {
			return Status(i), nil
		}
	}
	return 0, inputErr("status", nil, fmt.Sprintf("unknown case status %q", clip(s)))
}

// MarshalText encodes s as its name.
func (s Status) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, inputErr("status", nil, s.String())
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a status name.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// CanTransition reports whether Service.SetStatus may move a case of kind k
// from one status to another. Refund statuses are reached only through
// Service.Refund and under review through Service.SubmitEvidence (or, for a
// dispute whose evidence went in by other means, SetStatus), so the table is:
//
//	from                 to (dispute)                  to (refund)
//	needs_response       under_review, lost, withdrawn —
//	under_review         won, lost, withdrawn          declined, withdrawn
//	partially_refunded   won, lost, withdrawn          declined, withdrawn
//	final statuses       —                             —
func CanTransition(k Kind, from, to Status) bool {
	if !from.validFor(k) || !to.validFor(k) || from.Final() || !k.IsValid() {
		return false
	}
	switch to {
	case StatusWithdrawn:
		return true
	case StatusUnderReview:
		return from == StatusNeedsResponse
	case StatusLost:
		return true // a missed deadline loses a dispute that needs a response
	case StatusWon, StatusDeclined:
		return from == StatusUnderReview || from == StatusPartiallyRefunded
	}
	return false
}
