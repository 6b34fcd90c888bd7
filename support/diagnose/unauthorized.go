package diagnose

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// CauseUnauthorized is the cause of a customer's report of a payment they
// did not make.
const CauseUnauthorized Cause = "unauthorized_payment"

// Message keys of the ticket a report opens or adds to: the subject of a
// new ticket, and the customer's message when the report has no words of
// its own. Both use %[5]s, the transaction reference.
const (
	MsgUnauthorizedSubject = "diagnose.unauthorized_payment.subject"
	MsgUnauthorizedBody    = "diagnose.unauthorized_payment.body"
)

// ReporterActor is the system actor a Reporter raises tickets as: a
// customer may not set a ticket's priority, so the report is filed in the
// customer's name and raised to urgent by this actor.
const ReporterActor = "diagnose"

// Reporter files customers' reports of payments they did not make ("I did
// not make this payment") on a support.Desk: a ticket in
// support.CategorySecurity at support.PriorityUrgent with the transaction
// reference, and the steps the customer should take now. It is safe for
// concurrent use; it starts no goroutines.
type Reporter struct {
	desk *support.Desk
	msgs *Messages
}

// NewReporter returns a Reporter filing on desk, with subjects and
// messages in the customer's language from msgs (DefaultMessages when
// nil).
func NewReporter(desk *support.Desk, msgs *Messages) (*Reporter, error) {
	if desk == nil {
		return nil, &support.InputError{Field: "desk", Reason: ErrInvalidReport, Detail: "a desk is required"}
	}
	if msgs == nil {
		msgs = DefaultMessages()
	}
	return &Reporter{desk: desk, msgs: msgs}, nil
}

// UnauthorizedReport is a customer's report of a payment they did not
// make. It is plain data that ReportUnauthorized only reads.
type UnauthorizedReport struct {
	Customer  string // the customer reporting; required
	Reference string // the transaction reference; required
	// Ticket, when set, is an open ticket of the customer's that the report
	// belongs to: it is raised instead of a new one being opened. A ticket
	// the customer cannot reach is a *support.NotFoundError; a closed one is
	// followed up by a new ticket.
	Ticket      support.ID
	Description string          // the customer's words; empty: a standard sentence in their language
	Language    language.Tag    // the customer's language
	Channel     support.Channel // zero: the Desk's default
	// IdempotencyKey makes a double tap safe: the same key from the same
	// customer returns the first report's ticket instead of opening
	// another (support.OpenRequest.IdempotencyKey, or ReplyRequest's when a
	// Ticket is raised).
	IdempotencyKey string
}

// Reported is the outcome of a report.
type Reported struct {
	Ticket   *support.Ticket // the ticket, as the customer sees it
	Opened   bool            // a new ticket was opened (not an existing one raised)
	Customer Finding         // what to tell the customer now
	Agent    Finding         // what an agent is told
}

// ReportUnauthorized files r. Without r.Ticket it opens a ticket as the
// customer (so the report is theirs in the history) in the security
// category with the transaction reference, then raises it to urgent as
// support.System(ReporterActor). With r.Ticket it first reads the ticket
// as the customer, so a ticket that is not theirs is a
// *support.NotFoundError and nothing is written; then it adds the report
// as the customer's reply and, as the system actor, moves the ticket to
// the security category, adds the reference and raises it to urgent.
//
// Every step is idempotent, so a retry after a failure part-way (or a
// double tap with the same IdempotencyKey) completes the report without
// duplicating it. Missing customer or reference is a *support.InputError
// matching ErrInvalidReport; the Desk's own errors are returned as they
// are.
func (r *Reporter) ReportUnauthorized(ctx context.Context, rep UnauthorizedReport) (Reported, error) {
	switch {
	case rep.Customer == "":
		return Reported{}, &support.InputError{Field: "customer", Reason: ErrInvalidReport, Detail: "the customer is required"}
	case trimSpace(rep.Reference) == "":
		return Reported{}, &support.InputError{Field: "reference", Reason: ErrInvalidReport, Detail: "the transaction reference is required"}
	case len(rep.Reference) > support.MaxSubjectBytes:
		return Reported{}, &support.InputError{Field: "reference", Reason: support.ErrTooLong}
	}
	cust := support.Customer(rep.Customer)
	sys := support.System(ReporterActor)
	f := Finding{Reference: rep.Reference}
	body := rep.Description
	if trimSpace(body) == "" {
		body = r.msgs.text(rep.Language, MsgUnauthorizedBody, f)
	}
	out := Reported{}
	var id support.ID
	if rep.Ticket != "" {
		t, err := r.desk.Get(ctx, cust, rep.Ticket)
		if err != nil {
			return Reported{}, err
		}
		if t.Status != support.StatusClosed {
			id = t.ID
			if _, err := r.desk.Reply(ctx, cust, id, support.ReplyRequest{Body: body, IdempotencyKey: rep.IdempotencyKey}); err != nil {
				return Reported{}, err
			}
			if _, err := r.desk.UpdateFields(ctx, sys, id, support.FieldUpdate{
				Category: support.CategorySecurity, AddTransactions: []string{rep.Reference}}); err != nil {
				return Reported{}, err
			}
		}
	}
	if id == "" {
		t, err := r.desk.Open(ctx, cust, support.OpenRequest{
			Customer:       rep.Customer,
			Subject:        r.msgs.text(rep.Language, MsgUnauthorizedSubject, f),
			Description:    body,
			Category:       support.CategorySecurity,
			Language:       rep.Language,
			Channel:        rep.Channel,
			Transactions:   []string{rep.Reference},
			FollowUpOf:     rep.Ticket,
			IdempotencyKey: rep.IdempotencyKey,
		})
		if err != nil {
			return Reported{}, err
		}
		id, out.Opened = t.ID, true
	}
	if _, err := r.desk.SetPriority(ctx, sys, id, support.PriorityUrgent); err != nil {
		return Reported{}, fmt.Errorf("diagnose: raising ticket %s to urgent: %w", id, err)
	}
	t, err := r.desk.Get(ctx, cust, id)
	if err != nil {
		return Reported{}, err
	}
	out.Ticket = t
	out.Customer = UnauthorizedFinding(rep.Reference)
	out.Agent = out.Customer
	out.Agent.Text = CauseUnauthorized.AgentKey()
	return out, nil
}

// UnauthorizedFinding returns what a customer reporting a payment they did
// not make is told: the report is urgent with the security team, and what
// to do now (freeze or report the card), with the articles
// card-lost-stolen and unrecognized-transaction. A host that files
// reports its own way shows it too.
func UnauthorizedFinding(reference string) Finding {
	return Finding{
		Cause:      CauseUnauthorized,
		Text:       CauseUnauthorized.CustomerKey(),
		Next:       CauseUnauthorized.NextKey(),
		Reference:  reference,
		Article:    "card-lost-stolen",
		SeeAlso:    "unrecognized-transaction",
		NeedsAgent: true,
	}
}
