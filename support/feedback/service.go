package feedback

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/redact"
)

// FieldAnswered is the Field of the support.EventCustom that records a
// ticket survey's answer in the ticket's history: To is "kind:score"
// (such as "csat:4", "nps:9" or "csat_binary:bad"), From the reason code
// of a low score (or empty), Body the comment. The event is public: the
// customer sees their own rating, agents see it with the ticket.
const FieldAnswered = "feedback.answered"

// historyActor is who writes survey answers into ticket histories.
var historyActor = support.System("feedback")

// autoCloser is the actor support.Desk.CloseSolved closes tickets as.
var autoCloser = support.System("autoclose")

// DefaultTTL is how long a survey takes answers when Options.TTL is zero.
const DefaultTTL = 7 * 24 * time.Hour

// Options configure a Service. Store is required; everything else has a
// default. The values given must be safe for concurrent use.
type Options struct {
	// Store keeps the surveys (memstore.NewFeedback in memory).
	Store Store
	// Desk, when set, is where ticket surveys are checked and recorded:
	// Offer reads the ticket (its customer and dimensions, whether it was
	// merged or closed automatically) and Answer writes the answer into
	// the ticket's history (FieldAnswered). Nil: the host gives customer
	// and dimensions with each offer, and nothing is recorded.
	Desk *support.Desk
	// TTL is how long a survey takes answers after it is offered; default
	// DefaultTTL (7 days).
	TTL time.Duration
	// Reasons are the reason codes a low score may give (see Kind.Low),
	// in display order; default DefaultReasons(). Label them in Messages
	// under MsgReasonPrefix + code.
	Reasons []string
	// OptOut, when set, is asked about every ticket before a survey is
	// offered for it; true refuses the offer with ErrOptedOut (a VIP
	// account, a legal complaint, a customer who asked for no surveys).
	// It is called only with a Desk.
	OptOut func(t *support.Ticket) bool
	// Messages localize the survey texts; default DefaultMessages().
	Messages *Messages
	// Redactor masks secrets in comments when there is no Desk (with a
	// Desk, the Desk's masking is used); nil: the zero redact.Redactor.
	Redactor *redact.Redactor
	// Now returns the current time; default time.Now.
	Now func() time.Time
	// NewID returns a new, unique survey ID; default NewRandomID.
	NewID func() string
	// Logger receives refused answers (at Warn for security-relevant ones:
	// someone else's survey, a staff member answering for a customer; at
	// Info for duplicates and expired answers) and history writes that
	// failed after an answer was stored; default slog.Default().
	Logger *slog.Logger
}

// Service offers surveys, takes their answers and aggregates them. It is
// safe for concurrent use and keeps no state of its own: everything is in
// the Store (and the Desk), so several instances may serve the same
// surveys. It starts no goroutines.
type Service struct {
	store   Store
	desk    *support.Desk
	ttl     time.Duration
	reasons []string
	optOut  func(*support.Ticket) bool
	msgs    *Messages
	red     *redact.Redactor
	now     func() time.Time
	newID   func() string
	log     *slog.Logger
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Store == nil {
		return nil, errors.New("feedback: New: Options.Store is required")
	}
	s := &Service{store: o.Store, desk: o.Desk, ttl: o.TTL, reasons: slices.Clone(o.Reasons), optOut: o.OptOut,
		msgs: o.Messages, red: o.Redactor, now: o.Now, newID: o.NewID, log: o.Logger}
	if s.ttl <= 0 {
		s.ttl = DefaultTTL
	}
	if s.reasons == nil {
		s.reasons = DefaultReasons()
	}
	for _, r := range s.reasons {
		if r == "" || checkName("reasons", r) != nil {
			return nil, fmt.Errorf("feedback: New: malformed reason code %q", r)
		}
	}
	if s.msgs == nil {
		s.msgs = DefaultMessages()
	}
	if s.red == nil {
		s.red = &redact.Redactor{}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.newID == nil {
		s.newID = NewRandomID
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// NewRandomID returns a random, unguessable survey ID such as
// "srv_5ae3kq0r7nq2c1v9b4xw" (100 bits from crypto/rand).
func NewRandomID() string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	var b [20]byte
	rand.Read(b[:])
	out := make([]byte, 4, 24)
	copy(out, "srv_")
	for _, c := range b {
		out = append(out, alphabet[c&31])
	}
	return string(out)
}

func (s *Service) clock() time.Time { return s.now().UTC().Round(0) }

// Reasons returns the reason codes a low score may give, in display order.
func (s *Service) Reasons() []string { return slices.Clone(s.reasons) }

// Messages returns the texts the service renders surveys with.
func (s *Service) Messages() *Messages { return s.msgs }

// OfferRequest asks for a survey. It is a plain value.
type OfferRequest struct {
	Kind    Kind
	Trigger Trigger
	// Ticket is the ticket a solved or chat_ended survey is about. With a
	// Desk, the survey's customer and dimensions are the ticket's
	// (assignee as agent, group, category, channel, language), and the
	// fields below other than Article are ignored.
	Ticket support.ID
	// Customer is who may answer: required without a Desk or for an
	// article survey.
	Customer string
	// Article is the knowledge-base article of an article survey.
	Article string
	// Dimensions are what the survey is about, without a Desk or for an
	// article survey (language, channel, category of the article).
	Dimensions Dimensions
}

// Offer creates a survey and returns it. A survey is offered once per
// ticket and trigger (per customer and article for articles): a second
// offer is an *OfferedError holding the first survey. With a Desk, a
// solved survey needs a ticket that is solved, or closed by a person
// after it was solved; a ticket merged into another (any trigger) is
// refused with ErrMerged, one closed by Desk.CloseSolved with
// ErrAutoClosed (its survey was due when it was solved), and one the
// host's OptOut refuses with ErrOptedOut, all as an *EligibilityError.
// The survey expires TTL after it is offered.
func (s *Service) Offer(ctx context.Context, r OfferRequest) (Survey, error) {
	sv := Survey{Kind: r.Kind, Trigger: r.Trigger, Customer: r.Customer, Dimensions: r.Dimensions}
	if !r.Kind.IsValid() {
		return Survey{}, inputErr("kind", support.ErrInvalidInput, r.Kind.String())
	}
	if !r.Trigger.IsValid() {
		return Survey{}, inputErr("trigger", support.ErrInvalidInput, r.Trigger.String())
	}
	if r.Trigger == TriggerArticle {
		sv.Dimensions.Article = r.Article
	} else {
		if r.Ticket == "" {
			return Survey{}, inputErr("ticket", support.ErrInvalidInput, "a "+r.Trigger.String()+" survey needs the ticket")
		}
		sv.Dimensions.Ticket = r.Ticket
		if s.desk != nil {
			t, err := s.eligible(ctx, r.Ticket, r.Trigger)
			if err != nil {
				return Survey{}, err
			}
			sv.Customer = t.Customer
			sv.Dimensions = Dimensions{Ticket: t.ID, Agent: t.Assignee, Group: t.Group, Category: t.Category,
				Channel: t.Channel, Language: t.Language, Article: r.Article}
		}
	}
	now := s.clock()
	sv.ID, sv.OfferedAt, sv.ExpiresAt = s.newID(), now, now.Add(s.ttl)
	if err := sv.Validate(); err != nil {
		return Survey{}, err
	}
	if err := s.store.Create(ctx, sv); err != nil {
		if errors.Is(err, ErrAlreadyOffered) {
			return Survey{}, err
		}
		return Survey{}, fmt.Errorf("feedback: offer: %w", err)
	}
	return sv, nil
}

// eligible loads ticket id and checks that a survey of trigger tr may be
// offered for it.
func (s *Service) eligible(ctx context.Context, id support.ID, tr Trigger) (*support.Ticket, error) {
	t, err := s.desk.Get(ctx, historyActor, id)
	if err != nil {
		return nil, err
	}
	refuse := func(reason error) (*support.Ticket, error) {
		return nil, &EligibilityError{Ticket: id, Trigger: tr, Reason: reason}
	}
	if t.MergedInto != "" {
		return refuse(ErrMerged)
	}
	if tr == TriggerSolved {
		switch {
		case t.Status == support.StatusSolved:
		case t.Status == support.StatusClosed && !t.SolvedAt.IsZero():
			auto, err := s.autoClosed(ctx, id)
			if err != nil {
				return nil, err
			}
			if auto {
				return refuse(ErrAutoClosed)
			}
		default:
			return refuse(ErrNotSolved)
		}
	}
	if s.optOut != nil && s.optOut(t) {
		return refuse(ErrOptedOut)
	}
	return t, nil
}

// autoClosed reports whether the last move of ticket id to closed was made
// by the auto-close sweep.
func (s *Service) autoClosed(ctx context.Context, id support.ID) (bool, error) {
	var auto bool
	var after int64
	for {
		p, err := s.desk.HistoryPage(ctx, historyActor, id, after, 256)
		if err != nil {
			return false, err
		}
		for _, e := range p.Events {
			if e.Kind == support.EventStatus && e.To == support.StatusClosed.String() {
				auto = e.Actor == autoCloser
			}
		}
		if p.End || p.Last == after {
			return auto, nil
		}
		after = p.Last
	}
}

// Get returns survey id as actor a may see it: a customer only their own
// surveys (someone else's is a *NotFoundError, as if it did not exist),
// staff every survey.
func (s *Service) Get(ctx context.Context, a support.Actor, id string) (Survey, error) {
	if err := a.Validate(); err != nil {
		return Survey{}, err
	}
	sv, err := s.store.Get(ctx, id)
	if err != nil {
		return Survey{}, s.storeErr("get", err)
	}
	if a.Role == support.RoleCustomer && a.ID != sv.Customer {
		s.log.WarnContext(ctx, "feedback: refused: survey of another customer", "op", "get", "actor", a.String(), "survey", id)
		return Survey{}, &NotFoundError{ID: id}
	}
	return sv, nil
}

// Answer stores a as the answer to survey id and returns the answered
// survey. Only the survey's customer may answer it (or the host's
// automation, a support.RoleSystem actor, for instance a handler of signed
// e-mail links). It is answered once: the first answer stands and a second
// is an *AnsweredError; an answer at or after the expiry is an
// *ExpiredError. A score off the kind's scale or a reason not in the
// host's list is a *support.InputError (ErrScoreRange, ErrUnknownReason).
// Someone else's survey is a *NotFoundError and a staff member is refused
// with a *support.AccessError; these refusals are logged at Warn. A refused
// answer changes nothing.
//
// The comment is masked (card numbers, codes) before it is stored. With a
// Desk, the answer to a ticket survey is then recorded in the ticket's
// history (FieldAnswered); a ticket closed since, whose history is frozen,
// is left as it is, and a failed write is logged: the answer is stored all
// the same.
func (s *Service) Answer(ctx context.Context, a support.Actor, id string, ans Answer) (Survey, error) {
	if err := a.Validate(); err != nil {
		return Survey{}, err
	}
	sv, err := s.store.Get(ctx, id)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			s.log.WarnContext(ctx, "feedback: refused: unknown survey", "op", "answer", "actor", a.String(), "survey", id)
		}
		return Survey{}, s.storeErr("answer", err)
	}
	switch {
	case a.Role == support.RoleCustomer && a.ID != sv.Customer:
		s.log.WarnContext(ctx, "feedback: refused: survey of another customer", "op", "answer", "actor", a.String(), "survey", id)
		return Survey{}, &NotFoundError{ID: id}
	case a.Role == support.RoleAgent || a.Role == support.RoleAdmin:
		s.log.WarnContext(ctx, "feedback: refused: staff answering a customer's survey", "op", "answer", "actor", a.String(), "survey", id)
		return Survey{}, &support.AccessError{Op: "answer a customer's survey", Role: a.Role}
	}
	if err := ans.check(sv.Kind); err != nil {
		return Survey{}, err
	}
	if ans.Reason != "" && !slices.Contains(s.reasons, ans.Reason) {
		return Survey{}, inputErr("reason", ErrUnknownReason, fmt.Sprintf("%q is not one of %v", ans.Reason, s.reasons))
	}
	ans.Comment = s.mask(ans.Comment)
	if len(ans.Comment) > MaxCommentBytes {
		return Survey{}, inputErr("comment", support.ErrTooLong, fmt.Sprintf("at most %d bytes", MaxCommentBytes))
	}
	now := s.clock()
	if sv.Answered() {
		s.log.InfoContext(ctx, "feedback: refused: answered already", "actor", a.String(), "survey", id)
		return Survey{}, &AnsweredError{Survey: sv}
	}
	if !now.Before(sv.ExpiresAt) {
		s.log.InfoContext(ctx, "feedback: refused: expired", "actor", a.String(), "survey", id)
		return Survey{}, &ExpiredError{ID: id, ExpiresAt: sv.ExpiresAt}
	}
	if now.Before(sv.OfferedAt) {
		now = sv.OfferedAt // a clock behind the one that offered it
	}
	done, err := s.store.Answer(ctx, id, ans, now)
	if err != nil {
		if errors.Is(err, ErrAnswered) || errors.Is(err, ErrExpired) {
			s.log.InfoContext(ctx, "feedback: refused: "+err.Error(), "actor", a.String(), "survey", id)
			return Survey{}, err
		}
		return Survey{}, s.storeErr("answer", err)
	}
	s.record(ctx, &done)
	return done, nil
}

// record writes the answer of a ticket survey into the ticket's history.
func (s *Service) record(ctx context.Context, sv *Survey) {
	if s.desk == nil || sv.Dimensions.Ticket == "" {
		return
	}
	_, err := s.desk.Record(ctx, historyActor, sv.Dimensions.Ticket, support.Event{
		Kind: support.EventCustom, Field: FieldAnswered,
		To: sv.Kind.String() + ":" + sv.Kind.FormatScore(sv.Score), From: sv.Reason, Body: sv.Comment,
	})
	switch {
	case err == nil:
	case errors.Is(err, support.ErrClosed):
		s.log.InfoContext(ctx, "feedback: answer not recorded: ticket closed", "survey", sv.ID, "ticket", string(sv.Dimensions.Ticket))
	default:
		s.log.ErrorContext(ctx, "feedback: answer not recorded in the ticket's history", "survey", sv.ID,
			"ticket", string(sv.Dimensions.Ticket), "error", err)
	}
}

// mask masks secrets in a comment.
func (s *Service) mask(text string) string {
	if text == "" {
		return ""
	}
	if s.desk != nil {
		return s.desk.Redact(text).Text
	}
	return s.red.Redact(text).Text
}

// storeErr passes the package's own errors through and wraps the rest.
func (s *Service) storeErr(op string, err error) error {
	for _, target := range []error{ErrNotFound, ErrAnswered, ErrExpired, ErrAlreadyOffered, ErrInvalidCursor, support.ErrInvalidInput} {
		if errors.Is(err, target) {
			return err
		}
	}
	return fmt.Errorf("feedback: %s: %w", op, err)
}

// Aggregate adds every survey offered in [from, to) to r, reading the store
// a page at a time: memory stays that of one page and r's buckets. A host
// with several stores (or days) aggregates each into its own Report and
// merges them (Report.Merge).
func (s *Service) Aggregate(ctx context.Context, from, to time.Time, r *Report) error {
	q := ListQuery{From: from, To: to, Limit: 1000}
	for {
		p, err := s.store.List(ctx, q)
		if err != nil {
			return s.storeErr("aggregate", err)
		}
		for i := range p.Surveys {
			r.Add(&p.Surveys[i])
		}
		if p.Next == "" {
			return nil
		}
		q.Cursor = p.Next
	}
}
