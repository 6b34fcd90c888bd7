package main

import (
	"net/http"
	"strings"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// Disputes and refunds: a customer disputes a payment and gathers the
// evidence its reason needs; staff refund, in part or in full, and decide.

// transactionJSON is the payment a case is about, as the API takes it.
type transactionJSON struct {
	ID       string          `json:"id"`
	Amount   currency.Amount `json:"amount"`
	Date     string          `json:"date"` // YYYY-MM-DD
	Merchant string          `json:"merchant"`
	Method   fees.Method     `json:"method"`
	Card     cases.Card      `json:"card"`
	Country  string          `json:"country"`
}

func (t transactionJSON) lib() (cases.Transaction, error) {
	d, err := time.Parse(time.DateOnly, t.Date)
	if err != nil {
		return cases.Transaction{}, errf(http.StatusBadRequest, "invalid_input", "transaction.date must be YYYY-MM-DD")
	}
	return cases.Transaction{ID: t.ID, Amount: t.Amount, Date: d, Merchant: t.Merchant, Method: t.Method, Card: t.Card,
		Country: strings.ToUpper(t.Country), CustomerCountry: strings.ToUpper(t.Country)}, nil
}

func (s *Server) handleDisputeOpen(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Transaction transactionJSON `json:"transaction"`
		Reason      cases.Reason    `json:"reason"`
		Description string          `json:"description"`
		Lang        string          `json:"lang"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if a.Role != support.RoleCustomer {
		return errf(http.StatusForbidden, "customers_only", "the demo opens disputes for customers")
	}
	tx, err := req.Transaction.lib()
	if err != nil {
		return err
	}
	c, err := s.cases.OpenDispute(r.Context(), a, cases.OpenRequest{Transaction: tx, Reason: req.Reason,
		Description: req.Description, Language: s.lang(r, req.Lang)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.caseOut(r, c))
	return nil
}

func (s *Server) handleEvidenceSave(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var ev cases.Evidence
	if err := decode(w, r, &ev); err != nil {
		return err
	}
	c, err := s.cases.SaveEvidence(r.Context(), a, ticketID(r), ev)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.caseOut(r, c))
	return nil
}

func (s *Server) handleEvidenceSubmit(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	if err := emptyBody(w, r); err != nil {
		return err
	}
	c, err := s.cases.SubmitEvidence(r.Context(), a, ticketID(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.caseOut(r, c))
	return nil
}

func (s *Server) handleCaseRefund(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Amount currency.Amount `json:"amount"`
		Key    string          `json:"idempotency_key"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	res, err := s.cases.Refund(r.Context(), a, ticketID(r), cases.RefundRequest{Amount: req.Amount, Key: req.Key})
	if err != nil {
		return err
	}
	out := map[string]any{"case": s.caseOut(r, res.Case), "refund": res.Refund}
	if res.Quote != nil {
		out["quote"] = res.Quote
	}
	if res.Explanation != nil {
		out["explanation"] = res.Explanation
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleCaseStatus(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Status cases.Status `json:"status"`
		Note   string       `json:"note"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := s.cases.SetStatus(r.Context(), a, ticketID(r), cases.StatusChange{To: req.Status, Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.caseOut(r, c))
	return nil
}

// itemJSON is one item of a dispute's evidence checklist and whether the
// draft has it.
type itemJSON struct {
	cases.Item
	Provided bool `json:"provided"`
}

// caseJSON is a case with what a page shows of it: the labels and amounts
// in the reader's language, the evidence checklist, and the next moves.
type caseJSON struct {
	*cases.Case
	Display struct {
		Status    string `json:"status"`
		Reason    string `json:"reason,omitempty"`
		Amount    string `json:"amount"`
		Refunded  string `json:"refunded"`
		Remaining string `json:"remaining"`
	} `json:"display"`
	Checklist []itemJSON     `json:"checklist,omitempty"`
	Missing   []string       `json:"missing,omitempty"`
	Moves     []cases.Status `json:"moves"`
}

func (s *Server) caseOut(r *http.Request, c *cases.Case) caseJSON {
	lang := s.lang(r, "")
	out := caseJSON{Case: c, Moves: []cases.Status{}}
	f := currency.NewFormatter(lang)
	out.Display.Status = s.cmsgs.Status(lang, c.Status)
	out.Display.Amount = f.Format(c.Transaction.Amount)
	out.Display.Refunded = f.Format(c.Refunded)
	if rest, err := c.Transaction.Amount.Sub(c.Refunded); err == nil {
		out.Display.Remaining = f.Format(rest)
	}
	if c.Kind == cases.KindDispute {
		out.Display.Reason = s.cmsgs.Reason(lang, c.Reason)
		for _, it := range c.Reason.Checklist() {
			provided := c.Evidence.Fields[it.Name] != ""
			for _, at := range c.Evidence.Attachments {
				provided = provided || at.Item == it.Name
			}
			out.Checklist = append(out.Checklist, itemJSON{Item: it, Provided: provided})
		}
		out.Missing = c.Evidence.Missing(c.Reason)
	}
	for _, st := range cases.Statuses() {
		if cases.CanTransition(c.Kind, c.Status, st) {
			out.Moves = append(out.Moves, st)
		}
	}
	return out
}
