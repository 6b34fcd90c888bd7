// Package cases runs the customer problems that are processes rather than
// conversations: refund requests, card disputes and complaints, each
// attached to a support ticket whose history tells the customer every step.
//
// # Cases and tickets
//
// A Case is about one Transaction: its ID, the amount charged as a
// currency.Amount, the date, the merchant, the payment method and, for
// cards, the brand and the last four digits only — a longer number is
// refused with ErrFullCardNumber, so no card number reaches a store.
// Service.OpenDispute and Service.OpenRefund open a ticket in
// support.CategoryDispute or support.CategoryRefund (or attach the case to
// the customer's existing ticket) and record the opening on it. Every later
// change — evidence saved or submitted, a status change, a refund — is a
// custom event (support.Event.Field "cases.…", see EventOpened and the
// others) written through Desk.Record, in the customer's language (English,
// Simplified and Traditional Chinese built in; see Messages). What is not a
// story — the case itself, its evidence and its refund ledger — lives behind
// Store, a small interface this package owns: memstore.NewCases is the
// in-memory one and storetest.RunCases the conformance suite.
//
// # Disputes and evidence
//
// A dispute has a Reason, the categories card networks group their reason
// codes into (fraudulent, unrecognized, product_not_received,
// product_unacceptable, duplicate, subscription_canceled,
// credit_not_processed, incorrect_amount, general), and each reason a
// Checklist of the evidence it needs: text, dates, references, an amount,
// attachments, each required or optional. For "product_not_received" that
// is the shipping carrier, the tracking number and the shipping date; for
// "duplicate" the other charge's ID. Evidence holds the values and
// references to files kept by the host (name, media type, size, reference —
// never contents), checked against the checklist and the Limits (text per
// field and in all, number, size and type of attachments). Texts are masked
// with support/redact before they are stored.
//
// Evidence is a draft until Service.SubmitEvidence, which card networks
// allow once: every required item must be there (else a *MissingError), the
// respond-by deadline must not have passed (*DeadlineError), and then the
// evidence is frozen, Case.SubmittedAt records when, and the ticket's history
// lists what was submitted by name. A later change is a *SubmittedError —
// from the Service and, as a second line of defence, from every Store.
//
// # Statuses
//
//	dispute:  needs_response ──► under_review ──► won | lost | withdrawn
//	refund:   under_review ──► declined | withdrawn
//	either, while open:  ──► partially_refunded ──► refunded
//
// SubmitEvidence moves a dispute from needs_response to under_review; staff
// record the network's decision with Service.SetStatus (won means decided in
// the customer's favour); a customer may only withdraw. CanTransition has
// the whole table; a forbidden move is a *TransitionError and changes
// nothing.
//
// # Refunds
//
// Service.Refund (staff only) returns part or all of the transaction's
// amount, in its currency only: another currency is a *RefundError matching
// currency.ErrCurrencyMismatch, more than remains one matching
// ErrRefundExceeds. The check and the write happen in one atomic step of
// the Store (Store.AddRefund, with the arithmetic in ApplyRefund), so
// concurrent refunds can never overdraw a case. With Options.Quoter, the
// refund's fee handling is a fees quote of operation fees.Refund, and the
// customer sees it line by line in the ticket's history and in
// RefundResult.Explanation. A Key makes a retried refund return the first
// one instead of refunding twice.
//
// # Access and refusals
//
// Customers reach their own cases only: someone else's case is the same
// *NotFoundError as a missing one. Staff reach the cases of the tickets the
// Desk lets them reach. Security-relevant refusals — another customer's
// case, a customer doing staff's work, a change to submitted evidence, a
// refund over the remaining amount — are recorded as internal EventRefused
// events on the case's ticket. Bad input is a *support.InputError (matching
// support.ErrInvalidInput and a reason such as ErrTooLarge); nothing is
// written.
//
// # Complaints
//
// A complaint is a ticket in support.CategoryComplaint going through a
// formal process (Stage): received → verifying → investigating →
// resolution proposed → resolved, or rejected; CanMove holds the allowed
// moves. Service.FileComplaint opens the ticket (or turns one of the
// customer's tickets into a complaint); staff move it with MoveComplaint,
// always saying why; the customer answers a proposed resolution with
// AcceptResolution or ContestResolution (with a reason, which sends it back
// to investigating). Each move is a custom event in the ticket's history
// (EventComplaintStage, who and why), and the state is derived from the
// history alone (ReplayComplaint): there is no second copy. A move is
// recorded with Desk.RecordIfVersion on the version it was decided on, so
// two concurrent moves cannot both apply. A move the process forbids is a
// *StageError; a customer's attempt at a staff move is refused and recorded
// as an internal EventRefused.
//
// Each stage has a target in business time on Options.Calendar (by default
// Monday to Friday, 09:00-17:00 UTC; a business day counts 8 hours): one
// business day to acknowledge, two to verify, ten to propose a resolution, ten for the
// customer to answer it, and a final answer within 15 business days of
// filing, the time PSD2 (Article 101) gives payment service providers. After
// every move the customer is told, in their language, what happens next
// and by when (Options.Notifier). CheckComplaints, which the host calls on
// its own schedule, escalates a complaint that missed its stage's target
// once (an internal event, the ticket raised to high priority) and tells
// the team through Options.Alerter; staff escalate with EscalateComplaint.
// ComplaintStatus shows where a complaint stands at any time — to the
// customer without staff IDs or escalations.
//
// # Concurrency
//
// A Service is safe for concurrent use and starts no goroutines; so are
// Messages and every Store. Case, Evidence, Refund and the request types are
// plain values owned by the caller. Updates use optimistic concurrency
// (Case.Version, *VersionError) and the Service retries the ones that lose a
// race.
package cases
