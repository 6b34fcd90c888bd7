package diagnose

import (
	"slices"
	"strings"
	"time"

	"github.com/paydesk/paydesk/support"
)

// The causes of declined payments. Several decline codes share a cause
// (incorrect_cvc and invalid_cvc are both CauseWrongCVC), and the texts
// belong to the cause.
const (
	CauseDeclined             Cause = "declined"               // the bank said no without a reason; also what customers see for sensitive and unknown codes
	CauseInsufficientFunds    Cause = "insufficient_funds"     // not enough money or credit
	CauseCardLimit            Cause = "card_limit"             // a spending, frequency or withdrawal limit of the card
	CauseWrongNumber          Cause = "wrong_number"           // the card number is wrong
	CauseWrongCVC             Cause = "wrong_cvc"              // the security code is wrong
	CauseWrongExpiry          Cause = "wrong_expiry"           // the expiry date is wrong
	CauseExpiredCard          Cause = "expired_card"           // the card has expired
	CauseWrongPostcode        Cause = "wrong_postcode"         // the billing postcode does not match
	CauseWrongPIN             Cause = "wrong_pin"              // the PIN is wrong
	CausePINTriesExceeded     Cause = "pin_tries_exceeded"     // too many wrong PINs; the bank blocked PIN use
	CausePINRequired          Cause = "pin_required"           // the payment needs the card inserted with its PIN
	CauseAuthentication       Cause = "authentication"         // the bank wants 3-D Secure or another check
	CauseNotSupported         Cause = "not_supported"          // the card cannot be used for this kind of payment
	CauseCurrencyNotSupported Cause = "currency_not_supported" // the card cannot pay in this currency
	CauseAccountInvalid       Cause = "account_invalid"        // the card or account is closed or replaced
	CauseInvalidAmount        Cause = "invalid_amount"         // the amount is not allowed
	CauseDuplicate            Cause = "duplicate"              // the same payment was just made
	CauseStoppedByCardholder  Cause = "stopped_by_cardholder"  // the cardholder told the bank to stop these payments
	CauseProcessingError      Cause = "processing_error"       // a technical error while processing
	CauseIssuerUnavailable    Cause = "issuer_unavailable"     // the bank could not be reached or asked to try later
	CauseTestCard             Cause = "test_card"              // a test card number was used for a real payment
	CauseSuspectedFraud       Cause = "suspected_fraud"        // sensitive: the payment looks fraudulent
	CauseLostOrStolen         Cause = "lost_or_stolen"         // sensitive: the card is reported lost or stolen
	CausePickupCard           Cause = "pickup_card"            // sensitive: the bank asks to retain the card
	CauseRestrictedCard       Cause = "restricted_card"        // sensitive: the card is restricted
	CauseBlocklisted          Cause = "blocklisted"            // sensitive: the payment matched a block list
	CauseUnknownDecline       Cause = "unknown_decline"        // agent view of a code no rule names
)

// The articles a generic decline points to.
const articleDeclined = "card-payment-declined"

// DeclineRule explains one decline code: its cause, whether and when to
// retry, whether the cause must be kept from the customer, and the
// knowledge-base article to show.
//
// The texts come from the cause (see Cause): a customer is told
// Cause.CustomerKey and Cause.NextKey, an agent Cause.AgentKey. A
// Sensitive rule's cause is never shown to the customer: the customer's
// view is the generic decline (CauseDeclined, never retry, the article
// card-payment-declined), the same as for a code nobody knows, so that the
// customer cannot tell the two apart; the agent sees the real cause.
//
// In JSON (see DecodeDeclines) a rule is
//
//	{"code": "insufficient_funds", "cause": "insufficient_funds", "retry": "after_fix",
//	 "wait": "1h", "sensitive": false, "article": "insufficient-balance"}
//
// with wait a Go duration, only with retry "later". A DeclineRule is a
// plain value, safe for concurrent use.
type DeclineRule struct {
	Code      string        `json:"code"`                // the decline code, normalized (see NormalizeCode)
	Cause     Cause         `json:"cause"`               // a lower_snake identifier
	Retry     Retry         `json:"retry"`               // required
	Wait      time.Duration `json:"-"`                   // RetryLater: the suggested wait; at most 30 days
	Sensitive bool          `json:"sensitive,omitempty"` // keep the cause from the customer
	Article   string        `json:"article,omitempty"`   // a faq article ID; empty: card-payment-declined
}

// maxWait bounds a suggested wait.
const maxWait = 30 * 24 * time.Hour

// validate checks r the way every table does.
func (r DeclineRule) validate() string {
	switch {
	case !wellFormed(r.Code):
		return "code is not a lower_snake identifier"
	case !wellFormed(string(r.Cause)):
		return "cause is not a lower_snake identifier"
	case !r.Retry.IsValid():
		return "retry must be never, after_fix, later or now"
	case r.Wait < 0 || r.Wait > maxWait:
		return "wait must be between 0 and 30 days"
	case r.Wait > 0 && r.Retry != RetryLater:
		return "wait is only for retry later"
	case !articleID(r.Article):
		return "article is not an article ID"
	}
	return ""
}

// articleID reports whether s is empty or could be a faq article ID.
func articleID(s string) bool {
	if len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// Declines is a table of decline rules: the built-in ones with a host's
// additions and overrides. It is immutable once built and safe for
// concurrent use.
type Declines struct {
	rules   map[string]*declineEntry
	unknown *declineEntry // the rule of codes no rule names
}

// declineEntry is a rule with its two views, built once.
type declineEntry struct {
	rule            DeclineRule
	customer, agent Finding
}

func newDeclineEntry(r DeclineRule) *declineEntry {
	e := &declineEntry{rule: r}
	if r.Sensitive {
		e.customer = Finding{
			Cause:   CauseDeclined,
			Text:    CauseDeclined.CustomerKey(),
			Next:    CauseDeclined.NextKey(),
			Retry:   RetryNever,
			Article: articleDeclined,
		}
	} else {
		e.customer = Finding{
			Code:    r.Code,
			Cause:   r.Cause,
			Text:    r.Cause.CustomerKey(),
			Next:    r.Cause.NextKey(),
			Retry:   r.Retry,
			Wait:    r.Wait,
			Article: article(r.Article),
		}
	}
	e.agent = Finding{
		Code:    r.Code,
		Cause:   r.Cause,
		Text:    r.Cause.AgentKey(),
		Next:    e.customer.Next,
		Retry:   r.Retry,
		Wait:    r.Wait,
		Article: article(r.Article),
	}
	if e.customer.Article != e.agent.Article {
		e.agent.SeeAlso = e.customer.Article
	}
	return e
}

// NewDeclines returns the built-in rules (BuiltinDeclines) with rules
// merged over them: a rule whose code is built in replaces the built-in
// one, any other is added. A rule that does not validate, or a code given
// twice in rules, is a *RuleError matching ErrInvalidRule; rules are
// copied.
func NewDeclines(rules ...DeclineRule) (*Declines, error) {
	builtin := BuiltinDeclines()
	t := &Declines{
		rules:   make(map[string]*declineEntry, len(builtin)+len(rules)),
		unknown: newDeclineEntry(DeclineRule{Cause: CauseUnknownDecline, Retry: RetryNever, Sensitive: true, Article: articleDeclined}),
	}
	for i, r := range builtin {
		if reason := r.validate(); reason != "" {
			return nil, &RuleError{Table: "declines", Index: i, Code: r.Code, Reason: "built in: " + reason}
		}
		t.rules[r.Code] = newDeclineEntry(r)
	}
	seen := make(map[string]bool, len(rules))
	for i, r := range rules {
		if reason := r.validate(); reason != "" {
			return nil, &RuleError{Table: "declines", Index: i, Code: clip(r.Code), Reason: reason}
		}
		if seen[r.Code] {
			return nil, &RuleError{Table: "declines", Index: i, Code: r.Code, Reason: "code given twice"}
		}
		seen[r.Code] = true
		t.rules[r.Code] = newDeclineEntry(r)
	}
	return t, nil
}

// DefaultDeclines returns a table of the built-in rules.
func DefaultDeclines() *Declines {
	t, err := NewDeclines()
	if err != nil {
		panic(err) // unreachable: the built-in rules are tested
	}
	return t
}

// Rules returns the table's rules sorted by code, in a new slice.
func (t *Declines) Rules() []DeclineRule {
	out := make([]DeclineRule, 0, len(t.rules))
	for _, e := range t.rules {
		out = append(out, e.rule)
	}
	slices.SortFunc(out, func(a, b DeclineRule) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Lookup diagnoses a decline code, normalized first (see NormalizeCode).
// A well-formed code that no rule names is not an error: it gets a safe
// generic diagnosis (Decline.Known is false), which the customer sees as
// a plain decline and an agent as an unknown code. Malformed input is a
// *support.InputError matching ErrInvalidCode or support.ErrTooLong, and
// the Decline returned with it is the same safe generic diagnosis without
// a code, so a host can still show something sensible.
//
// Lookup does not allocate when the code is known, or unknown but given
// in its normalized form; neither do the views of its result.
func (t *Declines) Lookup(code string) (Decline, error) {
	var buf [MaxCodeBytes]byte
	s, n, err := normalize(code, &buf, "decline_code")
	if err != nil {
		return Decline{e: t.unknown}, err
	}
	var e *declineEntry
	if s != "" {
		e = t.rules[s]
	} else {
		e = t.rules[string(buf[:n])]
	}
	if e != nil {
		return Decline{e: e, code: e.rule.Code, known: true}, nil
	}
	if s == "" {
		s = string(buf[:n])
	}
	return Decline{e: t.unknown, code: s}, nil
}

// Decline is the diagnosis of one decline code: its rule, and the
// customer's and the agent's view of it. The zero Decline is the generic
// diagnosis of nothing known. A Decline is a plain value, safe for
// concurrent use.
type Decline struct {
	e     *declineEntry
	code  string
	known bool
}

// Code returns the normalized code; empty for malformed input.
func (d Decline) Code() string { return d.code }

// Known reports whether a rule names the code.
func (d Decline) Known() bool { return d.known }

// Rule returns the rule that explains the code. For an unknown code it is
// a sensitive rule of cause CauseUnknownDecline that advises never to
// retry, with the code.
func (d Decline) Rule() DeclineRule {
	if d.e == nil {
		return DeclineRule{Code: d.code, Cause: CauseUnknownDecline, Retry: RetryNever, Sensitive: true, Article: articleDeclined}
	}
	r := d.e.rule
	r.Code = d.code
	return r
}

// ForCustomer returns what the customer is told. For a sensitive or
// unknown code it is the generic decline (CauseDeclined, never retry, the
// article card-payment-declined) with no code: no hint of the real cause.
func (d Decline) ForCustomer() Finding {
	if d.e == nil {
		return newDeclineEntry(d.Rule()).customer
	}
	return d.e.customer
}

// ForAgent returns what an agent is told: the real code and cause (Text),
// the real retry advice and article, and as Next the next step the
// customer was given, so the agent knows what the customer read. SeeAlso
// is the customer's article when it differs from the agent's.
func (d Decline) ForAgent() Finding {
	if d.e == nil {
		return newDeclineEntry(d.Rule()).agent
	}
	f := d.e.agent
	f.Code = d.code
	return f
}

// For returns the view of the viewer's role: the agent's view for staff
// (agents, admins, the system), the customer's for anyone else.
func (d Decline) For(viewer support.Role) Finding {
	if viewer.IsStaff() {
		return d.ForAgent()
	}
	return d.ForCustomer()
}

func article(id string) string {
	if id == "" {
		return articleDeclined
	}
	return id
}
