package cases

import (
	"context"

	"github.com/paydesk/paydesk/support"
)

// Store keeps the state of cases that is not a ticket event: the case
// itself (transaction, status, evidence, version) and its refund ledger.
// What happens to a case is also told on its ticket's history through the
// Desk; the Store is what the Service reads and checks.
//
// memstore.NewCases is the in-memory Store; storetest.RunCases is the
// conformance suite every implementation passes. A Store must be safe for
// concurrent use, and hand out and keep copies: a caller may change what it
// gives or receives without changing what is stored.
type Store interface {
	// CreateCase stores a new case. c must pass Case.Validate with Version 1
	// (else a *support.InputError). A taken ID, or a ticket that already has
	// a case, is an *ExistsError; nothing is stored then.
	CreateCase(ctx context.Context, c Case) error
	// Case returns case id, or a *NotFoundError.
	Case(ctx context.Context, id support.ID) (Case, error)
	// CaseByTicket returns the case of ticket, or a *NotFoundError (whose ID
	// is the ticket's).
	CaseByTicket(ctx context.Context, ticket support.ID) (Case, error)
	// UpdateCase replaces the status, reason, deadline, evidence, submission
	// time, note and update time of case c.ID, if the stored case is at
	// c.Version; the other fields (ID, ticket, customer, kind, transaction,
	// refunded amount, creation time) keep their stored values. It returns
	// the stored case, at version c.Version+1. Errors, with nothing changed:
	// *NotFoundError; *VersionError when the stored version differs;
	// *SubmittedError when the stored evidence was submitted and c changes
	// the evidence or the submission time (submitted evidence is frozen);
	// *support.InputError when the result fails Case.Validate.
	UpdateCase(ctx context.Context, c Case) (Case, error)
	// AddRefund appends r to the ledger of case r.Case and applies it to the
	// case with ApplyRefund, in one atomic step: the check of the currency
	// and of the remaining amount and the write see the same state, so
	// concurrent refunds can never together exceed the transaction's amount.
	// It returns the case after the refund. Errors, with nothing changed:
	// *NotFoundError, those of ApplyRefund, and an *ExistsError when the
	// store already holds a refund with r.ID (so a retried refund with the
	// same ID is refused, never applied twice).
	AddRefund(ctx context.Context, r Refund) (Case, error)
	// Refunds returns the ledger of case id, oldest first; empty (not an
	// error) when the case has no refunds or does not exist.
	Refunds(ctx context.Context, id support.ID) ([]Refund, error)
}
