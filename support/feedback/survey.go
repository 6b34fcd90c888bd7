package feedback

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// Kind is the question a survey asks and the scale of its answer. It is a
// plain value, safe for concurrent use. The zero Kind is invalid.
type Kind uint8

// The kinds of survey.
const (
	// CSAT asks how satisfied the customer is, 1 (very dissatisfied) to 5
	// (very satisfied); 4 and 5 count as satisfied.
	CSAT Kind = iota + 1
	// CSATBinary asks "good or bad?", the form Zendesk uses: 1 is good
	// (satisfied), 0 is bad. It counts into the same CSAT % as CSAT.
	CSATBinary
	// NPS asks how likely the customer is to recommend the business, 0 to
	// 10: promoters 9–10, passives 7–8, detractors 0–6.
	NPS
)

var kindNames = [...]string{"", "csat", "csat_binary", "nps"}

// String returns "csat", "csat_binary" or "nps".
func (k Kind) String() string {
	if k.IsValid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// IsValid reports whether k is one of the defined kinds.
func (k Kind) IsValid() bool { return k >= CSAT && k <= NPS }

// Scale returns the lowest and highest score of k: 1–5, 0–1 or 0–10.
func (k Kind) Scale() (lo, hi int) {
	switch k {
	case CSAT:
		return 1, 5
	case CSATBinary:
		return 0, 1
	case NPS:
		return 0, 10
	}
	return 1, 0
}

// Valid reports whether score is on k's scale.
func (k Kind) Valid(score int) bool {
	lo, hi := k.Scale()
	return score >= lo && score <= hi
}

// Low reports whether score is a low one, for which a survey asks for a
// reason: CSAT 1–3 (not satisfied), CSATBinary 0 (bad), NPS 0–6
// (detractor).
func (k Kind) Low(score int) bool {
	switch k {
	case CSAT:
		return score >= 1 && score <= 3
	case CSATBinary:
		return score == 0
	case NPS:
		return score >= 0 && score <= 6
	}
	return false
}

// FormatScore returns score as written in a ticket's history: "good" or
// "bad" for CSATBinary, the number otherwise.
func (k Kind) FormatScore(score int) string {
	if k == CSATBinary && (score == 0 || score == 1) {
		return [...]string{"bad", "good"}[score]
	}
	return strconv.Itoa(score)
}

// ParseKind parses a kind name as written by String.
func ParseKind(s string) (Kind, error) {
	for i := 1; i < len(kindNames); i++ {
		if kindNames[i] == s {
			return Kind(i), nil
		}
	}
	return 0, inputErr("kind", support.ErrInvalidInput, fmt.Sprintf("unknown survey kind %q", s))
}

// MarshalText encodes k as its name.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, inputErr("kind", support.ErrInvalidInput, k.String())
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Trigger is what a survey follows. It is a plain value, safe for
// concurrent use. The zero Trigger is invalid.
type Trigger uint8

// The triggers.
const (
	// TriggerSolved follows a solved ticket: once per ticket, never for a
	// ticket that was merged into another or closed by the auto-close
	// sweep (see Service.Offer).
	TriggerSolved Trigger = iota + 1
	// TriggerChatEnded follows an ended chat: once per chat ticket.
	TriggerChatEnded
	// TriggerArticle follows the view of a knowledge-base article: once per
	// customer and article.
	TriggerArticle
)

var triggerNames = [...]string{"", "solved", "chat_ended", "article"}

// String returns "solved", "chat_ended" or "article".
func (t Trigger) String() string {
	if t.IsValid() {
		return triggerNames[t]
	}
	return fmt.Sprintf("Trigger(%d)", uint8(t))
}

// IsValid reports whether t is one of the defined triggers.
func (t Trigger) IsValid() bool { return t >= TriggerSolved && t <= TriggerArticle }

// ParseTrigger parses a trigger name as written by String.
func ParseTrigger(s string) (Trigger, error) {
	for i := 1; i < len(triggerNames); i++ {
		if triggerNames[i] == s {
			return Trigger(i), nil
		}
	}
	return 0, inputErr("trigger", support.ErrInvalidInput, fmt.Sprintf("unknown survey trigger %q", s))
}

// MarshalText encodes t as its name.
func (t Trigger) MarshalText() ([]byte, error) {
	if !t.IsValid() {
		return nil, inputErr("trigger", support.ErrInvalidInput, t.String())
	}
	return []byte(triggerNames[t]), nil
}

// UnmarshalText decodes a trigger name.
func (t *Trigger) UnmarshalText(b []byte) error {
	v, err := ParseTrigger(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Dimensions are what a survey is about, the keys a Report groups by. They
// are copied from the ticket when the survey is offered, so that a report
// credits the agent and group who handled it even if the ticket moves on.
// Dimensions are a plain value, safe for concurrent use.
type Dimensions struct {
	Ticket   support.ID       `json:"ticket,omitempty"`
	Agent    string           `json:"agent,omitempty"`
	Group    string           `json:"group,omitempty"`
	Category support.Category `json:"category,omitempty"`
	Channel  support.Channel  `json:"channel,omitempty"`
	Language language.Tag     `json:"language,omitzero"`
	Article  string           `json:"article,omitempty"`
}

// MaxCommentBytes is the size limit of an answer's comment.
const MaxCommentBytes = 8 << 10

// maxNameBytes limits IDs, agents, groups, articles and reason codes.
const maxNameBytes = 256

// Survey is one survey offered to one customer, and its answer once given.
// Times are UTC. A Survey is a plain value: stores and the Service hand out
// copies, so it is not safe for concurrent use while being modified, and
// modifying a copy changes nothing stored.
type Survey struct {
	ID         string     `json:"id"`
	Kind       Kind       `json:"kind"`
	Trigger    Trigger    `json:"trigger"`
	Customer   string     `json:"customer"` // the only customer who may answer
	Dimensions Dimensions `json:"dimensions"`
	OfferedAt  time.Time  `json:"offered_at"`
	ExpiresAt  time.Time  `json:"expires_at"` // answers are taken before this time

	// The answer: AnsweredAt is zero until the survey is answered.
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	Score      int       `json:"score"`
	Reason     string    `json:"reason,omitempty"`  // a code from the host's list, for a low score
	Comment    string    `json:"comment,omitempty"` // free text, secrets masked
}

// Answered reports whether s has its answer.
func (s Survey) Answered() bool { return !s.AnsweredAt.IsZero() }

// OnceKey is what a survey is unique for: a ticket and trigger ("solved"
// or "chat_ended" and the ticket), or for articles the article and the
// customer. A store holds at most one survey per key, which is how a survey
// is offered once.
func (s *Survey) OnceKey() string {
	if s.Trigger == TriggerArticle {
		return fmt.Sprintf("article:%d:%s:%s", len(s.Dimensions.Article), s.Dimensions.Article, s.Customer)
	}
	return s.Trigger.String() + ":" + string(s.Dimensions.Ticket)
}

// Validate reports an *support.InputError for a survey a store may not
// hold: no ID or customer, an unknown kind or trigger, a ticket survey
// without ticket or an article survey without article, malformed text,
// times out of order, or an answer off its kind's scale or not between
// the offer and the expiry.
func (s *Survey) Validate() error {
	for _, f := range []struct{ name, v string }{
		{"id", s.ID}, {"customer", s.Customer}, {"dimensions.ticket", string(s.Dimensions.Ticket)},
		{"dimensions.agent", s.Dimensions.Agent}, {"dimensions.group", s.Dimensions.Group},
		{"dimensions.article", s.Dimensions.Article}, {"reason", s.Reason},
	} {
		if err := checkName(f.name, f.v); err != nil {
			return err
		}
	}
	if strings.TrimSpace(s.ID) == "" {
		return inputErr("id", support.ErrInvalidInput, "empty")
	}
	if strings.TrimSpace(s.Customer) == "" {
		return inputErr("customer", support.ErrMissingCustomer, "")
	}
	if !s.Kind.IsValid() {
		return inputErr("kind", support.ErrInvalidInput, s.Kind.String())
	}
	if !s.Trigger.IsValid() {
		return inputErr("trigger", support.ErrInvalidInput, s.Trigger.String())
	}
	if s.Trigger == TriggerArticle {
		if s.Dimensions.Article == "" {
			return inputErr("dimensions.article", support.ErrInvalidInput, "an article survey needs the article")
		}
	} else if s.Dimensions.Ticket == "" {
		return inputErr("dimensions.ticket", support.ErrInvalidInput, "a "+s.Trigger.String()+" survey needs the ticket")
	}
	if c := s.Dimensions.Category; c != "" && !c.WellFormed() {
		return inputErr("dimensions.category", support.ErrUnknownCategory, string(c))
	}
	if c := s.Dimensions.Channel; c != 0 && !c.IsValid() {
		return inputErr("dimensions.channel", support.ErrInvalidInput, c.String())
	}
	if s.OfferedAt.IsZero() || !s.ExpiresAt.After(s.OfferedAt) {
		return inputErr("expires_at", support.ErrInvalidInput, "a survey expires after it is offered")
	}
	if !s.Answered() {
		if s.Score != 0 || s.Reason != "" || s.Comment != "" {
			return inputErr("answered_at", support.ErrInvalidInput, "an answer without its time")
		}
		return nil
	}
	if s.AnsweredAt.Before(s.OfferedAt) || !s.AnsweredAt.Before(s.ExpiresAt) {
		return inputErr("answered_at", support.ErrInvalidInput, "answered outside the survey's lifetime")
	}
	return Answer{Score: s.Score, Reason: s.Reason, Comment: s.Comment}.check(s.Kind)
}

// checkName checks an identifier-like text: valid UTF-8, one line, at most
// maxNameBytes.
func checkName(field, v string) error {
	if !utf8.ValidString(v) {
		return inputErr(field, support.ErrInvalidUTF8, "")
	}
	if len(v) > maxNameBytes {
		return inputErr(field, support.ErrTooLong, fmt.Sprintf("at most %d bytes", maxNameBytes))
	}
	if strings.ContainsAny(v, "\r\n\x00") {
		return inputErr(field, support.ErrInvalidInput, "one line without NUL")
	}
	return nil
}

// Answer is a customer's answer to a survey. It is a plain value, safe for
// concurrent use once built.
//
// In JSON it is {"score": 4, "reason": "slow", "comment": "..."}; a
// CSATBinary score may also be written "good" or "bad". Unknown fields,
// fractional scores and trailing data are refused.
type Answer struct {
	Score   int    `json:"score"`
	Reason  string `json:"reason,omitempty"`  // a code from the host's reason list
	Comment string `json:"comment,omitempty"` // free text
}

// check validates a against kind k's scale and the text limits.
func (a Answer) check(k Kind) error {
	if !k.Valid(a.Score) {
		lo, hi := k.Scale()
		return inputErr("score", ErrScoreRange, fmt.Sprintf("%s scores are %d to %d, not %d", k, lo, hi, a.Score))
	}
	if err := checkName("reason", a.Reason); err != nil {
		return err
	}
	if !utf8.ValidString(a.Comment) {
		return inputErr("comment", support.ErrInvalidUTF8, "")
	}
	if len(a.Comment) > MaxCommentBytes {
		return inputErr("comment", support.ErrTooLong, fmt.Sprintf("at most %d bytes", MaxCommentBytes))
	}
	return nil
}

// UnmarshalJSON decodes an answer strictly (see Answer). It checks the
// form, not the scale: that depends on the survey (Service.Answer).
func (a *Answer) UnmarshalJSON(data []byte) error {
	var raw struct {
		Score   json.RawMessage `json:"score"`
		Reason  string          `json:"reason"`
		Comment string          `json:"comment"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return inputErr("answer", support.ErrInvalidInput, err.Error())
	}
	if dec.More() {
		return inputErr("answer", support.ErrInvalidInput, "trailing data")
	}
	var score int
	switch s := string(raw.Score); {
	case s == "" || s == "null":
		return inputErr("score", support.ErrInvalidInput, "missing")
	case s == `"good"`:
		score = 1
	case s == `"bad"`:
		score = 0
	default:
		n, err := strconv.Atoi(s)
		if err != nil || n < -1000 || n > 1000 {
			return inputErr("score", ErrScoreRange, "a whole number")
		}
		score = n
	}
	if !utf8.ValidString(raw.Reason) || !utf8.ValidString(raw.Comment) {
		return inputErr("comment", support.ErrInvalidUTF8, "")
	}
	*a = Answer{Score: score, Reason: raw.Reason, Comment: raw.Comment}
	return nil
}

// UnmarshalJSON decodes a survey and validates it (Survey.Validate): what
// decodes is a survey a store may hold.
func (s *Survey) UnmarshalJSON(data []byte) error {
	type plain Survey
	var v plain
	if err := json.Unmarshal(data, &v); err != nil {
		return inputErr("survey", support.ErrInvalidInput, err.Error())
	}
	sv := Survey(v)
	if err := sv.Validate(); err != nil {
		return err
	}
	*s = sv
	return nil
}
