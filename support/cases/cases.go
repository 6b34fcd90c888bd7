package cases

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/redact"
)

// DefaultRespondWithin is how long a new dispute has for its evidence when
// its request sets no RespondBy.
const DefaultRespondWithin = 7 * 24 * time.Hour

// Event names (support.Event.Field) that the Service records on a case's
// ticket, all of kind support.EventCustom with the case ID in Related.
const (
	EventOpened    = "cases.opened"             // To: the first status
	EventEvidence  = "cases.evidence.saved"     // a draft saved
	EventSubmitted = "cases.evidence.submitted" // From/To: the statuses; Body ends with the items submitted (names, never values or file contents)
	EventStatus    = "cases.status"             // From/To: the statuses
	EventRefund    = "cases.refund"             // From/To: the statuses; Body: the amounts and the fee lines
	EventRefused   = "cases.refused"            // internal: a security-relevant refusal
)

// recorder is the actor that records events for customers' actions (the
// Desk records custom events for staff only).
const recorder = "cases"

// Options configure a Service. Desk and Store are required; every other
// field has a default. New copies what it needs; the functions and values
// given must be safe for concurrent use.
type Options struct {
	// Desk holds the tickets whose histories tell the cases' stories, and
	// decides who may reach them.
	Desk *support.Desk
	// Store keeps the cases and their refund ledgers.
	Store Store
	// Quoter, when set, prices every refund with a fees quote of operation
	// fees.Refund (from the transaction's Country to its CustomerCountry,
	// with its Method); the customer sees the quote line by line. Nil means
	// refunds without fees.
	Quoter *fees.Quoter
	// Explainer puts refund quotes into words; default fees.NewExplainer().
	Explainer *fees.Explainer
	// Messages localize the texts written into histories; default
	// DefaultMessages().
	Messages *Messages
	// Limits bound evidence; zero fields take DefaultLimits.
	Limits Limits
	// RespondWithin is a new dispute's deadline when its request sets none;
	// default DefaultRespondWithin.
	RespondWithin time.Duration
	// Now returns the current time; default time.Now. Times are stored in UTC.
	Now func() time.Time
	// NewID returns a new, unique case or refund ID; default random IDs
	// such as "case_7k2m…".
	NewID func() support.ID
	// Logger receives failures that do not fail the operation (recording a
	// refusal); default slog.Default().
	Logger *slog.Logger
	// Redactor masks card numbers and other secrets in evidence texts
	// before they are stored; nil means the zero redact.Redactor.
	Redactor *redact.Redactor

	// Calendar holds the business hours complaint targets count in; nil
	// means Monday to Friday, 09:00 to 17:00 UTC.
	Calendar *support.Calendar
	// ComplaintTargets are the complaint stages' targets; zero fields take
	// their defaults.
	ComplaintTargets ComplaintTargets
	// Notifier tells customers where their complaint stands after each
	// move (give it the Desk's Notifier); nil: no notifications.
	Notifier support.Notifier
	// Alerter tells the team about complaints that missed a target; nil:
	// CheckComplaints only records and returns them.
	Alerter Alerter
}

// Service runs refund requests and disputes on top of a support.Desk: it
// validates, checks access through the Desk, keeps state in its Store and
// records every change on the case's ticket. A Service is safe for
// concurrent use; it starts no goroutines.
type Service struct {
	desk      *support.Desk
	store     Store
	quoter    *fees.Quoter
	explainer *fees.Explainer
	msgs      *Messages
	cal       *support.Calendar
	targets   ComplaintTargets
	notifier  support.Notifier
	alerter   Alerter
	limits    Limits
	within    time.Duration
	now       func() time.Time
	newID     func() support.ID
	log       *slog.Logger
	redactor  redact.Redactor
}

// New returns a Service with o. A missing Desk or Store is an error.
func New(o Options) (*Service, error) {
	if o.Desk == nil || o.Store == nil {
		return nil, errors.New("cases: Options.Desk and Options.Store are required")
	}
	s := &Service{desk: o.Desk, store: o.Store, quoter: o.Quoter, explainer: o.Explainer, msgs: o.Messages,
		limits: o.Limits.withDefaults(), within: o.RespondWithin, now: o.Now, newID: o.NewID, log: o.Logger}
	if s.explainer == nil && s.quoter != nil {
		s.explainer = fees.NewExplainer()
	}
	if s.msgs == nil {
		s.msgs = DefaultMessages()
	}
	s.cal, s.targets, s.notifier, s.alerter = o.Calendar, o.ComplaintTargets.withDefaults(), o.Notifier, o.Alerter
	if s.cal == nil {
		s.cal = defaultComplaintCalendar()
	}
	if s.within <= 0 {
		s.within = DefaultRespondWithin
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.newID == nil {
		s.newID = newRandomID
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if o.Redactor != nil {
		s.redactor = *o.Redactor
	}
	return s, nil
}

// newRandomID returns "case_" and 20 random base-32 characters.
func newRandomID() support.ID {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	var out [25]byte
	copy(out[:], "case_")
	rand.Read(out[5:])
	for i, c := range out[5:] {
		out[5+i] = alphabet[c&31]
	}
	return support.ID(out[:])
}

func (s *Service) clock() time.Time { return s.now().UTC().Round(0) }

// OpenRequest is what OpenDispute and OpenRefund need. It is plain data
// that the Service only reads.
type OpenRequest struct {
	// Customer owns the case. Staff must set it; a customer opens cases
	// for themselves and may leave it empty.
	Customer string
	// Ticket, when set, is the customer's existing ticket the case attaches
	// to; otherwise a new ticket is opened in support.CategoryDispute or
	// support.CategoryRefund.
	Ticket support.ID
	// Subject, Description and Language of a new ticket; an empty Subject
	// is written from the transaction in the customer's language.
	Subject     string
	Description string
	Language    language.Tag
	// Transaction is the payment the case is about.
	Transaction Transaction
	// Reason, RespondBy and Evidence are for disputes only: the reason is
	// required; RespondBy defaults to Options.RespondWithin from now;
	// Evidence is a first draft, checked like SaveEvidence's.
	Reason    Reason
	RespondBy time.Time
	Evidence  Evidence
}

// OpenDispute opens a dispute case in StatusNeedsResponse, on a new ticket
// in support.CategoryDispute or on r.Ticket, and records EventOpened in the
// customer's language. Customers (for themselves) and staff may open one.
func (s *Service) OpenDispute(ctx context.Context, a support.Actor, r OpenRequest) (*Case, error) {
	return s.open(ctx, a, KindDispute, &r)
}

// OpenRefund opens a refund request in StatusUnderReview, on a new ticket
// in support.CategoryRefund or on r.Ticket, and records EventOpened.
// Customers (for themselves) and staff may open one. Reason, RespondBy and
// Evidence must be empty.
func (s *Service) OpenRefund(ctx context.Context, a support.Actor, r OpenRequest) (*Case, error) {
	return s.open(ctx, a, KindRefund, &r)
}

func (s *Service) open(ctx context.Context, a support.Actor, kind Kind, r *OpenRequest) (*Case, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	customer := r.Customer
	if a.Role == support.RoleCustomer {
		if customer != "" && customer != a.ID {
			return nil, inputErr("customer", nil, "a customer opens cases only for themselves")
		}
		customer = a.ID
	} else if customer == "" {
		return nil, inputErr("customer", support.ErrMissingCustomer, "")
	}
	tx := r.Transaction
	if err := tx.Validate(); err != nil {
		return nil, err
	}
	if s.redactor.Redact(tx.ID).Redacted() || s.redactor.Redact(tx.Merchant).Redacted() {
		return nil, inputErr("transaction.id", ErrFullCardNumber, "a card number is not a transaction reference")
	}
	now := s.clock()
	c := Case{Customer: customer, Kind: kind, Transaction: tx, Status: StatusUnderReview,
		CreatedAt: now, UpdatedAt: now, Version: 1}
	c.Transaction.Date = tx.Date.UTC().Round(0)
	zero, err := currency.NewAmount("0", tx.Amount.Currency().Code())
	if err != nil {
		return nil, inputErr("transaction.amount", err, "")
	}
	c.Refunded = zero
	category := support.CategoryRefund
	if kind == KindDispute {
		category = support.CategoryDispute
		if !r.Reason.IsValid() {
			return nil, inputErr("reason", nil, "a dispute needs a reason")
		}
		c.Reason, c.Status, c.RespondBy = r.Reason, StatusNeedsResponse, r.RespondBy.UTC().Round(0)
		if c.RespondBy.IsZero() {
			c.RespondBy = now.Add(s.within)
		} else if !c.RespondBy.After(now) {
			return nil, inputErr("respond_by", nil, "in the future")
		}
		if !r.Evidence.IsZero() {
			if err := r.Evidence.check(r.Reason, s.limits); err != nil {
				return nil, err
			}
			c.Evidence = r.Evidence.redacted(&s.redactor)
		}
	} else if r.Reason != 0 || !r.RespondBy.IsZero() || !r.Evidence.IsZero() {
		return nil, inputErr("reason", nil, "a refund request has no reason, deadline or evidence")
	}

	var t *support.Ticket
	if r.Ticket != "" {
		if t, err = s.desk.Get(ctx, a, r.Ticket); err != nil {
			return nil, err
		}
		if t.Customer != customer {
			return nil, inputErr("ticket", nil, "the ticket belongs to another customer")
		}
		if t.Status == support.StatusClosed {
			return nil, &support.TransitionError{Ticket: t.ID, From: support.StatusClosed, To: support.StatusClosed}
		}
		if _, err := s.store.CaseByTicket(ctx, t.ID); err == nil {
			return nil, &ExistsError{Ticket: t.ID}
		}
	} else {
		lang := r.Language
		subject := r.Subject
		if subject == "" {
			key := MsgSubjectRefund
			if kind == KindDispute {
				key = MsgSubjectDispute
			}
			subject = s.msgs.Text(lang, key, s.msgs.Amount(lang, tx.Amount), tx.Merchant)
		}
		amount := tx.Amount
		req := support.OpenRequest{Subject: subject, Description: r.Description, Category: category,
			Language: lang, Transactions: []string{tx.ID}, Amount: &amount}
		if a.Role != support.RoleCustomer {
			req.Customer = customer
		}
		if t, err = s.desk.Open(ctx, a, req); err != nil {
			return nil, err
		}
	}
	c.ID, c.Ticket = s.newID(), t.ID
	if err := s.store.CreateCase(ctx, c); err != nil {
		return nil, err
	}
	lang := t.Language
	amount := s.msgs.Amount(lang, tx.Amount)
	var body string
	if kind == KindDispute {
		body = s.msgs.Text(lang, MsgDisputeOpened, amount, tx.Merchant, s.msgs.Reason(lang, c.Reason), c.RespondBy.Format(time.DateOnly))
		if !c.Evidence.IsZero() {
			body += "\n" + s.evidenceSaved(lang, &c)
		}
	} else {
		body = s.msgs.Text(lang, MsgRefundOpened, amount, tx.Merchant)
	}
	if err := s.record(ctx, a, &c, support.Event{Field: EventOpened, Body: body, To: c.Status.String()}); err != nil {
		return nil, err
	}
	return view(a, &c), nil
}

func (s *Service) evidenceSaved(lang language.Tag, c *Case) string {
	required := 0
	for _, it := range c.Reason.Checklist() {
		if it.Required {
			required++
		}
	}
	return s.msgs.Text(lang, MsgEvidenceSaved, required-len(c.Evidence.Missing(c.Reason)), required)
}

// view returns c, which the caller owns and hands over, as a may see it.
func view(a support.Actor, c *Case) *Case {
	if a.Role == support.RoleCustomer {
		c.Note = ""
	}
	return c
}

// record appends a custom event about c to its ticket's history: as a for
// staff, as the system actor "cases" for customers.
func (s *Service) record(ctx context.Context, a support.Actor, c *Case, e support.Event) error {
	e.Kind, e.Related = support.EventCustom, c.ID
	by := a
	if !a.Role.IsStaff() {
		by = support.System(recorder)
	}
	if _, err := s.desk.Record(ctx, by, c.Ticket, e); err != nil {
		return fmt.Errorf("cases: case %q changed but its ticket's history did not record it: %w", string(c.ID), err)
	}
	return nil
}

// refused records a security-relevant refusal as an internal event on c's
// ticket. A failure to record is logged, never returned: the caller's
// error is what matters.
func (s *Service) refused(ctx context.Context, a support.Actor, c *Case, op string, err error) {
	body := fmt.Sprintf("%s refused for %s on case %s: %v", op, a, c.ID, err)
	_, rerr := s.desk.Record(ctx, support.System(recorder), c.Ticket, support.Event{Kind: support.EventCustom,
		Field: EventRefused, Internal: true, Body: body, Related: c.ID})
	if rerr != nil {
		s.log.WarnContext(ctx, "cases: recording a refusal failed", "case", string(c.ID), "err", rerr)
	}
}

// load returns case id and its ticket if a may reach them. Someone else's
// case is a *NotFoundError, like a missing one, and the attempt is recorded
// on the case's ticket.
func (s *Service) load(ctx context.Context, a support.Actor, id support.ID, op string) (Case, *support.Ticket, error) {
	if err := a.Validate(); err != nil {
		return Case{}, nil, err
	}
	c, err := s.store.Case(ctx, id)
	if err != nil {
		return Case{}, nil, err
	}
	return s.reach(ctx, a, c, id, op)
}

func (s *Service) reach(ctx context.Context, a support.Actor, c Case, asked support.ID, op string) (Case, *support.Ticket, error) {
	nf := &NotFoundError{ID: asked}
	if a.Role == support.RoleCustomer && c.Customer != a.ID {
		s.refused(ctx, a, &c, op, nf)
		return Case{}, nil, nf
	}
	t, err := s.desk.Get(ctx, a, c.Ticket)
	if errors.Is(err, support.ErrNotFound) {
		s.refused(ctx, a, &c, op, nf)
		return Case{}, nil, nf
	}
	if err != nil {
		return Case{}, nil, err
	}
	return c, t, nil
}

// writable refuses changes to a case whose ticket is closed, before
// anything is written.
func writable(t *support.Ticket) error {
	if t.Status == support.StatusClosed {
		return &support.TransitionError{Ticket: t.ID, From: support.StatusClosed, To: support.StatusClosed}
	}
	return nil
}

// Get returns case id as a may see it: customers get their own cases
// without internal fields; someone else's case is a *NotFoundError (and the
// attempt is recorded as an internal EventRefused).
func (s *Service) Get(ctx context.Context, a support.Actor, id support.ID) (*Case, error) {
	c, _, err := s.load(ctx, a, id, "get")
	if err != nil {
		return nil, err
	}
	return view(a, &c), nil
}

// GetByTicket returns the case of ticket as a may see it, like Get.
func (s *Service) GetByTicket(ctx context.Context, a support.Actor, ticket support.ID) (*Case, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	c, err := s.store.CaseByTicket(ctx, ticket)
	if err != nil {
		return nil, err
	}
	c, _, err = s.reach(ctx, a, c, ticket, "get")
	if err != nil {
		return nil, err
	}
	return view(a, &c), nil
}

// Refunds returns the refund ledger of case id, oldest first, as a may see
// it (customers without the processor's references).
func (s *Service) Refunds(ctx context.Context, a support.Actor, id support.ID) ([]Refund, error) {
	if _, _, err := s.load(ctx, a, id, "refunds"); err != nil {
		return nil, err
	}
	rs, err := s.store.Refunds(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Role == support.RoleCustomer {
		for i := range rs {
			rs[i] = rs[i].CustomerView()
		}
	}
	return rs, nil
}

// maxAttempts bounds the retries of an update that lost a version race.
const maxAttempts = 16

// update applies fn to the stored case and writes it with optimistic
// concurrency, re-reading and re-applying after a lost race. It returns the
// case before and after.
func (s *Service) update(ctx context.Context, c Case, fn func(c *Case) error) (before, after Case, err error) {
	for attempt := 1; ; attempt++ {
		before = c
		next := c.Clone()
		if err := fn(next); err != nil {
			return before, Case{}, err
		}
		next.UpdatedAt = s.clock()
		after, err = s.store.UpdateCase(ctx, *next)
		if !errors.Is(err, ErrStaleVersion) || attempt == maxAttempts {
			return before, after, err
		}
		if c, err = s.store.Case(ctx, c.ID); err != nil {
			return before, Case{}, err
		}
	}
}

// SaveEvidence replaces the evidence draft of dispute id with e, after
// checking it against the reason's checklist and the Limits, with secrets
// in its texts masked, and records EventEvidence. The case's customer and
// staff may save evidence while the dispute needs a response. Evidence
// already submitted is frozen: a *SubmittedError, recorded as an internal
// EventRefused.
func (s *Service) SaveEvidence(ctx context.Context, a support.Actor, id support.ID, e Evidence) (*Case, error) {
	c, t, err := s.load(ctx, a, id, "save evidence")
	if err != nil {
		return nil, err
	}
	if c.Kind != KindDispute {
		return nil, inputErr("evidence", nil, "only disputes have evidence")
	}
	if err := writable(t); err != nil {
		return nil, err
	}
	if err := e.check(c.Reason, s.limits); err != nil {
		return nil, err
	}
	e = e.redacted(&s.redactor)
	_, after, err := s.update(ctx, c, func(c *Case) error {
		if c.Submitted() {
			return &SubmittedError{Case: c.ID, At: c.SubmittedAt}
		}
		if c.Status != StatusNeedsResponse {
			return &TransitionError{Case: c.ID, Op: "evidence", From: c.Status}
		}
		c.Evidence = e
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrSubmitted) {
			s.refused(ctx, a, &c, "save evidence", err)
		}
		return nil, err
	}
	if err := s.record(ctx, a, &after, support.Event{Field: EventEvidence, Body: s.evidenceSaved(t.Language, &after)}); err != nil {
		return nil, err
	}
	return view(a, &after), nil
}

// SubmitEvidence submits the evidence of dispute id, once: every required
// item of the reason's checklist must be there (else a *MissingError), the
// respond-by deadline must not have passed (else a *DeadlineError). The
// evidence is then frozen, SubmittedAt records when, the case moves to
// StatusUnderReview, and EventSubmitted tells the customer, listing the
// items and attachments submitted by name, type and size — never their
// values or contents. A second submission is a *SubmittedError, recorded as
// an internal EventRefused. The case's customer and staff may submit.
func (s *Service) SubmitEvidence(ctx context.Context, a support.Actor, id support.ID) (*Case, error) {
	c, t, err := s.load(ctx, a, id, "submit evidence")
	if err != nil {
		return nil, err
	}
	if c.Kind != KindDispute {
		return nil, inputErr("evidence", nil, "only disputes have evidence")
	}
	if err := writable(t); err != nil {
		return nil, err
	}
	now := s.clock()
	before, after, err := s.update(ctx, c, func(c *Case) error {
		switch {
		case c.Submitted():
			return &SubmittedError{Case: c.ID, At: c.SubmittedAt}
		case c.Status != StatusNeedsResponse:
			return &TransitionError{Case: c.ID, Op: "submit", From: c.Status}
		case now.After(c.RespondBy):
			return &DeadlineError{Case: c.ID, RespondBy: c.RespondBy}
		}
		if missing := c.Evidence.Missing(c.Reason); len(missing) > 0 {
			return &MissingError{Case: c.ID, Items: missing}
		}
		c.SubmittedAt, c.Status = now, StatusUnderReview
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrSubmitted) {
			s.refused(ctx, a, &c, "submit evidence", err)
		}
		return nil, err
	}
	lang := t.Language
	ev := after.Evidence
	body := s.msgs.Text(lang, MsgEvidenceSubmitted, now.Format(time.DateOnly), len(ev.Fields)+len(ev.Attachments), len(ev.Attachments)) +
		"\n" + summary(ev)
	if err := s.record(ctx, a, &after, support.Event{Field: EventSubmitted, Body: body,
		From: before.Status.String(), To: after.Status.String()}); err != nil {
		return nil, err
	}
	return view(a, &after), nil
}

// summary lists what evidence holds: item names, and attachments by name,
// type and size; never the values or the files.
func summary(e Evidence) string {
	var b strings.Builder
	for i, name := range slices.Sorted(maps.Keys(e.Fields)) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
	}
	for _, at := range e.Attachments {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s (%s, %d bytes)", at.Item, at.Name, at.Type, at.Size)
	}
	return b.String()
}

// StatusChange is what SetStatus needs. It is plain data.
type StatusChange struct {
	To Status
	// Note replaces the case's internal note when not empty; staff only.
	Note string
}

// SetStatus moves case id to ch.To when CanTransition allows it (else a
// *TransitionError) and records EventStatus in the customer's language.
// Staff may make every allowed move; the case's customer may only withdraw
// it (another move is a *support.AccessError, recorded as an internal
// EventRefused).
func (s *Service) SetStatus(ctx context.Context, a support.Actor, id support.ID, ch StatusChange) (*Case, error) {
	c, t, err := s.load(ctx, a, id, "set status")
	if err != nil {
		return nil, err
	}
	if !ch.To.IsValid() {
		return nil, inputErr("status", support.ErrUnknownStatus, ch.To.String())
	}
	if a.Role == support.RoleCustomer && (ch.To != StatusWithdrawn || ch.Note != "") {
		err := &support.AccessError{Op: "set a case's status to " + ch.To.String(), Role: a.Role}
		s.refused(ctx, a, &c, "set status", err)
		return nil, err
	}
	if len(ch.Note) > DefaultMaxTextBytes || !printableText(ch.Note) {
		return nil, inputErr("note", support.ErrTooLong, "at most 20000 bytes of UTF-8 text")
	}
	if err := writable(t); err != nil {
		return nil, err
	}
	note := s.redactor.Redact(ch.Note).Text
	before, after, err := s.update(ctx, c, func(c *Case) error {
		if !CanTransition(c.Kind, c.Status, ch.To) {
			return &TransitionError{Case: c.ID, Op: "status", From: c.Status, To: ch.To}
		}
		c.Status = ch.To
		if note != "" {
			c.Note = note
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	body := s.msgs.Text(t.Language, MsgStatus, s.msgs.Status(t.Language, after.Status))
	if err := s.record(ctx, a, &after, support.Event{Field: EventStatus, Body: body,
		From: before.Status.String(), To: after.Status.String()}); err != nil {
		return nil, err
	}
	return view(a, &after), nil
}

// RefundRequest is what Refund needs. It is plain data.
type RefundRequest struct {
	// Amount is returned to the customer: positive, in the transaction's
	// currency, with no more decimals than the currency has, and at most
	// what remains.
	Amount currency.Amount
	// Key, when set, is the refund's ID and makes retries safe: a second
	// Refund with the same key returns the first refund instead of
	// refunding again (a different amount is an *ExistsError).
	Key string
	// Reference is the payment processor's reference; internal.
	Reference string
}

// RefundResult is a refund made: the case after it, the ledger entry, and
// the fee quote with its explanation in the customer's language (nil
// without Options.Quoter).
type RefundResult struct {
	Case        *Case
	Refund      Refund
	Quote       *fees.Quote
	Explanation *fees.Explanation
}

// Refund returns r.Amount of case id's transaction to the customer: staff
// only (a customer gets a *support.AccessError, recorded). The amount must
// be in the transaction's currency and at most what remains (else a
// *RefundError, recorded when it exceeds); the Store checks both again in
// the same atomic step that writes the ledger, so concurrent refunds never
// overdraw. With Options.Quoter the refund's fees are a fees quote of
// operation fees.Refund, shown line by line in the customer's language.
// The case becomes StatusPartiallyRefunded or, when nothing remains,
// StatusRefunded, and EventRefund tells the customer.
func (s *Service) Refund(ctx context.Context, a support.Actor, id support.ID, r RefundRequest) (*RefundResult, error) {
	c, t, err := s.load(ctx, a, id, "refund")
	if err != nil {
		return nil, err
	}
	if !a.Role.IsStaff() {
		err := &support.AccessError{Op: "refund", Role: a.Role}
		s.refused(ctx, a, &c, "refund", err)
		return nil, err
	}
	if err := writable(t); err != nil {
		return nil, err
	}
	rf := Refund{ID: support.ID(r.Key), Case: c.ID, Amount: r.Amount, Reference: r.Reference, Actor: a, At: s.clock()}
	if r.Key == "" {
		rf.ID = s.newID()
	} else if !ident(r.Key) {
		return nil, inputErr("key", nil, "1 to 64 printable bytes without spaces")
	}
	if r.Key != "" {
		if res, err := s.retried(ctx, a, c.ID, rf, nil); res != nil || err != nil {
			return res, err
		}
	}
	if r.Amount.Currency().Code() == "" || !r.Amount.IsPositive() || !r.Amount.IsRounded() {
		return nil, inputErr("amount", nil, "a positive amount with no more decimals than its currency has")
	}
	if len(r.Reference) > MaxNameBytes || !printable(r.Reference) {
		return nil, inputErr("reference", nil, "at most 64 printable bytes")
	}
	if _, err := ApplyRefund(c, withFee(rf, r.Amount)); err != nil { // early check; the store checks again
		if errors.Is(err, ErrRefundExceeds) {
			s.refused(ctx, a, &c, "refund", err)
		}
		return nil, err
	}
	res := &RefundResult{}
	if s.quoter != nil {
		q, err := s.quoter.Forward(ctx, fees.Request{Operation: fees.Refund, Method: c.Transaction.Method,
			FromCountry: c.Transaction.Country, ToCountry: c.Transaction.CustomerCountry}, r.Amount)
		if err != nil {
			return nil, fmt.Errorf("cases: quoting the refund's fees: %w", err)
		}
		ex := s.explainer.Explain(q, t.Language)
		res.Quote, res.Explanation = q, &ex
		rf.Fee, rf.Received, rf.Schedule, rf.Rule = q.Fee(), q.Received(), q.Schedule(), q.Rule()
		if q.Sent().Currency() != r.Amount.Currency() || !q.Sent().Equal(r.Amount) {
			return nil, fmt.Errorf("cases: the refund's quote is for %s, not %s", q.Sent(), r.Amount)
		}
	} else {
		rf = withFee(rf, r.Amount)
	}
	after, err := s.store.AddRefund(ctx, rf)
	if errors.Is(err, ErrExists) && r.Key != "" {
		return s.retried(ctx, a, c.ID, rf, err)
	}
	if err != nil {
		if errors.Is(err, ErrRefundExceeds) {
			s.refused(ctx, a, &c, "refund", err)
		}
		return nil, err
	}
	lang := t.Language
	refunded, received := s.msgs.Amount(lang, rf.Amount), s.msgs.Amount(lang, rf.Received)
	var body string
	if after.Status == StatusRefunded {
		body = s.msgs.Text(lang, MsgRefundFull, refunded, received)
	} else {
		body = s.msgs.Text(lang, MsgRefundPartial, refunded, received, s.msgs.Amount(lang, after.Remaining()))
	}
	if res.Explanation != nil && len(res.Explanation.Lines) > 0 {
		body += "\n" + strings.Join(res.Explanation.Lines, "\n")
	}
	before := c.Status
	if err := s.record(ctx, a, &after, support.Event{Field: EventRefund, Body: body,
		From: before.String(), To: after.Status.String()}); err != nil {
		return nil, err
	}
	res.Case, res.Refund = view(a, &after), rf
	return res, nil
}

// withFee returns r without fees: nothing charged, everything received.
func withFee(r Refund, amount currency.Amount) Refund {
	r.Fee, _ = amount.Sub(amount) // zero, in the same currency
	r.Received = amount
	return r
}

// retried answers a refund retried with the same key: the first refund
// when it asked for the same amount, an *ExistsError for another amount;
// nil and exists when the ledger has no refund with that key.
func (s *Service) retried(ctx context.Context, a support.Actor, id support.ID, rf Refund, exists error) (*RefundResult, error) {
	rs, err := s.store.Refunds(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, prev := range rs {
		if prev.ID != rf.ID {
			continue
		}
		if prev.Amount.Currency() != rf.Amount.Currency() || !prev.Amount.Equal(rf.Amount) {
			return nil, &ExistsError{ID: rf.ID, Ticket: "", Existing: rf.ID}
		}
		{
			c, err := s.store.Case(ctx, id)
			if err != nil {
				return nil, err
			}
			return &RefundResult{Case: view(a, &c), Refund: prev}, nil
		}
	}
	return nil, exists
}

// printableText reports whether s is UTF-8 without control characters
// other than newlines and tabs.
func printableText(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < ' ' || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}
