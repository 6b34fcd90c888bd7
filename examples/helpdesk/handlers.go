package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/diagnose"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/verify"
)

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	out := map[string]any{"role": a.Role, "id": a.ID, "actor": a.String()}
	if a.Role == support.RoleCustomer {
		s.mu.Lock()
		out["email"] = s.profiles[a.ID]
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// FAQ.

type snippetPart struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

type hitJSON struct {
	ID       string        `json:"id"`
	Category string        `json:"category"`
	Title    string        `json:"title"`
	Language language.Tag  `json:"language"`
	Score    float64       `json:"score"`
	Snippet  []snippetPart `json:"snippet"`
}

func (s *Server) handleFAQSearch(w http.ResponseWriter, r *http.Request, _ support.Actor) error {
	q := r.URL.Query().Get("q")
	out := struct {
		Language language.Tag `json:"language"`
		Hits     []hitJSON    `json:"hits"`
	}{Language: s.lang(r, ""), Hits: []hitJSON{}}
	query := faq.Query{Text: q, Limit: 8}
	if l := r.URL.Query().Get("lang"); l != "" {
		query.Languages = []language.Tag{s.lang(r, l)}
	} else {
		query.AcceptLanguage = r.Header.Get("Accept-Language")
	}
	res, err := s.kb.Search(query)
	if errors.Is(err, faq.ErrEmptyQuery) {
		writeJSON(w, http.StatusOK, out) // search as you type: nothing typed yet
		return nil
	}
	if err != nil {
		return err
	}
	out.Language = res.Language
	for _, h := range res.Hits {
		hj := hitJSON{ID: h.ArticleID, Category: h.Category, Title: h.Title, Language: h.Language, Score: h.Score}
		for _, p := range h.Snippet.Parts() { // the page renders each part as a text node
			hj.Snippet = append(hj.Snippet, snippetPart{Text: p.Text, Hit: p.Marked})
		}
		out.Hits = append(out.Hits, hj)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleFAQArticle(w http.ResponseWriter, r *http.Request, _ support.Actor) error {
	l, err := s.kb.Localized(r.PathValue("id"), s.lang(r, ""))
	if err != nil {
		return err
	}
	related := []map[string]string{}
	for _, id := range l.Related {
		if rl, err := s.kb.Localized(id, l.Language); err == nil {
			related = append(related, map[string]string{"id": id, "title": rl.Title})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": l.ID, "category": l.Category, "language": l.Language,
		"title": l.Title, "body": l.Body, "related": related})
	return nil
}

func (s *Server) handleFAQVote(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	voter := fmt.Sprintf("%s:%s", a.Role, a.ID) // one ballot per signed-in user and article
	var req struct {
		Helpful *bool  `json:"helpful"`
		Lang    string `json:"lang"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if req.Helpful == nil {
		return errf(http.StatusBadRequest, "invalid_input", "helpful is required")
	}
	if _, err := s.kb.Vote(r.PathValue("id"), voter, *req.Helpful, s.lang(r, req.Lang)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Tickets.

func (s *Server) handleTickets(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var page support.Page
	var err error
	if a.Role == support.RoleCustomer {
		page, err = s.desk.ListCustomer(r.Context(), a, a.ID, support.ListOptions{Cursor: r.URL.Query().Get("cursor"), Limit: 50})
	} else {
		q := support.Query{Order: support.OrderOldest, Cursor: r.URL.Query().Get("cursor"), Limit: 50}
		switch r.URL.Query().Get("queue") {
		case "", "mine":
			q.Assignee = a.ID
		case "unassigned":
			q.Unassigned = true
		case "all":
		default:
			return errf(http.StatusBadRequest, "invalid_input", "queue must be mine, unassigned or all")
		}
		page, err = s.desk.SearchQueue(r.Context(), a, q)
	}
	if err != nil {
		return err
	}
	if page.Tickets == nil {
		page.Tickets = []*support.Ticket{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tickets": page.Tickets, "next": page.Next})
	return nil
}

func (s *Server) handleTicketOpen(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Subject        string           `json:"subject"`
		Description    string           `json:"description"`
		Category       support.Category `json:"category"`
		Customer       string           `json:"customer"`
		Lang           string           `json:"lang"`
		IdempotencyKey string           `json:"idempotency_key"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if req.Category == "" {
		req.Category = support.CategoryOther
	}
	t, err := s.desk.Open(r.Context(), a, support.OpenRequest{Subject: req.Subject, Description: req.Description,
		Category: req.Category, Customer: req.Customer, Language: s.lang(r, req.Lang), IdempotencyKey: req.IdempotencyKey})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

// complaintJSON is a cases.Complaint on the wire.
type complaintJSON struct {
	Stage     cases.Stage     `json:"stage"`
	Since     time.Time       `json:"since"`
	Filed     time.Time       `json:"filed"`
	Target    time.Time       `json:"target,omitzero"`
	Deadline  time.Time       `json:"deadline,omitzero"`
	Escalated bool            `json:"escalated,omitempty"`
	Language  language.Tag    `json:"language"`
	Next      string          `json:"next"`
	Changes   []stageChangeJS `json:"changes"`
	Moves     []cases.Stage   `json:"moves"` // the stages staff may move it to
}

type stageChangeJS struct {
	From   cases.Stage   `json:"from,omitzero"`
	To     cases.Stage   `json:"to"`
	At     time.Time     `json:"at"`
	By     support.Actor `json:"by"`
	Reason string        `json:"reason,omitempty"`
	Seq    int64         `json:"seq"`
}

func complaintOut(c *cases.Complaint) *complaintJSON {
	out := &complaintJSON{Stage: c.Stage, Since: c.Since, Filed: c.Filed, Target: c.Target, Deadline: c.Deadline,
		Escalated: c.Escalated, Language: c.Language, Next: c.Next, Changes: []stageChangeJS{}, Moves: []cases.Stage{}}
	for _, st := range cases.Stages() {
		if cases.CanMove(c.Stage, st) {
			out.Moves = append(out.Moves, st)
		}
	}
	for _, ch := range c.Changes {
		out.Changes = append(out.Changes, stageChangeJS{From: ch.From, To: ch.To, At: ch.At, By: ch.By, Reason: ch.Reason, Seq: ch.Seq})
	}
	return out
}

func (s *Server) handleTicket(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	ctx, id := r.Context(), ticketID(r)
	t, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return err
	}
	hist, err := s.desk.History(ctx, a, id, 0, 0)
	if err != nil {
		return err
	}
	out := map[string]any{"ticket": t, "history": hist}
	if c, err := s.cases.ComplaintStatus(ctx, a, id); err == nil {
		out["complaint"] = complaintOut(c)
	} else if !errors.Is(err, cases.ErrNotComplaint) && !errors.Is(err, support.ErrNotFound) {
		return err
	}
	if c, err := s.cases.GetByTicket(ctx, a, id); err == nil {
		out["case"] = s.caseOut(r, c)
		if refunds, err := s.cases.Refunds(ctx, a, c.ID); err == nil {
			out["refunds"] = refunds
		}
	} else if !errors.Is(err, cases.ErrNotFound) && !errors.Is(err, support.ErrNotFound) {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleTicketReply(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Body           string         `json:"body"`
		Status         support.Status `json:"status"`
		IdempotencyKey string         `json:"idempotency_key"`
		IfVersion      int64          `json:"if_version"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ev, err := s.desk.Reply(r.Context(), a, ticketID(r), support.ReplyRequest{Body: req.Body, Status: req.Status,
		IdempotencyKey: req.IdempotencyKey, IfVersion: req.IfVersion})
	if err != nil {
		return err
	}
	if req.Status == support.StatusSolved {
		s.offerSurveys(r.Context(), ticketID(r))
	}
	writeJSON(w, http.StatusCreated, ev)
	return nil
}

func (s *Server) handleTicketStatus(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Status    support.Status `json:"status"`
		IfVersion int64          `json:"if_version"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if !req.Status.IsValid() {
		return errf(http.StatusBadRequest, "invalid_input", "status is required")
	}
	if req.Status == support.StatusSolved || req.Status == support.StatusClosed {
		// A solved chat ends: the agent's slot is freed for the next one.
		if cur, err := s.desk.Get(r.Context(), a, ticketID(r)); err == nil && cur.Channel == support.ChannelChat && req.IfVersion == 0 {
			if _, err := s.chat.End(r.Context(), a, cur.ID); err != nil && !errors.Is(err, chat.ErrNotAssigned) && !errors.Is(err, support.ErrForbidden) {
				var access *support.AccessError
				if !errors.As(err, &access) {
					return err
				}
			}
		}
	}
	t, err := s.desk.SetStatus(r.Context(), a, ticketID(r), support.StatusChange{To: req.Status, IfVersion: req.IfVersion})
	if err != nil {
		return err
	}
	if t.Status == support.StatusSolved {
		s.offerSurveys(r.Context(), t.ID)
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) handleNote(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Body string `json:"body"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ev, err := s.desk.AddNote(r.Context(), a, ticketID(r), req.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ev)
	return nil
}

func (s *Server) handlePriority(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Priority support.Priority `json:"priority"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if !req.Priority.IsValid() {
		return errf(http.StatusBadRequest, "invalid_input", "priority must be low, normal, high or urgent")
	}
	t, err := s.desk.SetPriority(r.Context(), a, ticketID(r), req.Priority)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// Surveys: a CSAT survey after a solved ticket, and an NPS survey after a
// chat (feedback offers one survey per ticket and trigger).

// offerSurveys offers the surveys of a solved ticket; a survey offered
// before is kept. Failures are logged: a survey never fails the change.
func (s *Server) offerSurveys(ctx context.Context, id support.ID) {
	for _, o := range s.surveyOffers(ctx, id) {
		if _, err := s.feedback.Offer(ctx, o); err != nil && !errors.Is(err, feedback.ErrAlreadyOffered) {
			s.log.Warn("survey not offered", "ticket", id, "kind", o.Kind.String(), "err", err)
		}
	}
}

func (s *Server) surveyOffers(ctx context.Context, id support.ID) []feedback.OfferRequest {
	offers := []feedback.OfferRequest{{Kind: feedback.CSAT, Trigger: feedback.TriggerSolved, Ticket: id}}
	if t, err := s.desk.Get(ctx, support.System("helpdesk"), id); err == nil && t.Channel == support.ChannelChat {
		offers = append(offers, feedback.OfferRequest{Kind: feedback.NPS, Trigger: feedback.TriggerChatEnded, Ticket: id})
	}
	return offers
}

type surveyJSON struct {
	feedback.Survey
	Question string `json:"question"`
	Low      int    `json:"low"` // scores up to Low are low: the page asks what went wrong
	Min      int    `json:"min"` // the scale
	Max      int    `json:"max"`
}

func (s *Server) handleSurveys(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	ctx, id := r.Context(), ticketID(r)
	t, err := s.desk.Get(ctx, a, id) // access first: someone else's ticket is not found
	if err != nil {
		return err
	}
	out := []surveyJSON{}
	if t.Status == support.StatusSolved || (t.Status == support.StatusClosed && !t.SolvedAt.IsZero()) {
		for _, o := range s.surveyOffers(ctx, id) {
			sv, err := s.feedback.Offer(ctx, o)
			var offered *feedback.OfferedError
			if errors.As(err, &offered) {
				sv, err = offered.Survey, nil
			}
			if err != nil {
				if errors.Is(err, feedback.ErrNotEligible) {
					continue
				}
				return err
			}
			out = append(out, surveyJSON{Survey: sv, Question: s.feedback.Messages().Question(t.Language, sv.Kind, sv.Trigger)})
		}
	}
	// The low-score reasons, labelled in the reader's language, with the
	// prompts the page shows after a low score.
	lang := s.lang(r, "")
	if r.URL.Query().Get("lang") == "" && r.Header.Get("Accept-Language") == "" {
		lang = t.Language
	}
	msgs := s.feedback.Messages()
	type reasonJSON struct {
		Code  string `json:"code"`
		Label string `json:"label"`
	}
	reasons := []reasonJSON{}
	for _, code := range s.feedback.Reasons() {
		reasons = append(reasons, reasonJSON{Code: code, Label: msgs.Reason(lang, code)})
	}
	for i := range out {
		k := out[i].Kind
		out[i].Question = msgs.Question(lang, k, out[i].Trigger)
		out[i].Min, out[i].Max = k.Scale()
		out[i].Low = out[i].Min - 1
		for sc := out[i].Min; sc <= out[i].Max && k.Low(sc); sc++ {
			out[i].Low = sc
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"surveys": out, "reasons": reasons,
		"reason_prompt": msgs.Text(lang, feedback.MsgReasonPrompt), "comment_prompt": msgs.Text(lang, feedback.MsgCommentPrompt)})
	return nil
}

func (s *Server) handleSurveyAnswer(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var ans feedback.Answer
	if err := decode(w, r, &ans); err != nil {
		return err
	}
	ctx := r.Context()
	sv, err := s.feedback.Get(ctx, a, r.PathValue("survey"))
	if err != nil {
		return err
	}
	if sv.Dimensions.Ticket != ticketID(r) {
		return errf(http.StatusNotFound, "not_found", "no such survey on this ticket")
	}
	sv, err = s.feedback.Answer(ctx, a, sv.ID, ans)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sv)
	return nil
}

func (s *Server) handleFeedbackReport(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	period := r.URL.Query().Get("period")
	if period == "" {
		period = "day"
	}
	now := s.now().UTC()
	var from time.Time
	switch period {
	case "day":
		from = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	case "week":
		from = now.AddDate(0, 0, -7)
	case "month":
		from = now.AddDate(0, -1, 0)
	default:
		return errf(http.StatusBadRequest, "invalid_input", "period must be day, week or month")
	}
	g, err := feedback.ParseGrouping("agent")
	if err != nil {
		return err
	}
	rep, err := feedback.NewReport(g)
	if err != nil {
		return err
	}
	if err := s.feedback.Aggregate(r.Context(), from, time.Time{}, rep); err != nil {
		return err
	}
	type rowJSON struct {
		Agent        string `json:"agent"`
		Offered      uint64 `json:"offered"`
		Answered     uint64 `json:"answered"`
		CSATAnswers  uint64 `json:"csat_answers"`
		CSATPercent  string `json:"csat_percent"`
		NPSAnswers   uint64 `json:"nps_answers"`
		NPS          string `json:"nps"`
		ResponseRate string `json:"response_rate_percent"`
	}
	row := func(key string, c feedback.Counts) rowJSON {
		return rowJSON{Agent: key, Offered: c.Offered, Answered: c.Answered(), CSATAnswers: c.CSATAnswers(),
			CSATPercent: c.CSAT().FormatPercent(1), NPSAnswers: c.NPSAnswers(), NPS: c.NPS().FormatPercent(1),
			ResponseRate: c.ResponseRate().FormatPercent(0)}
	}
	rows := []rowJSON{}
	for _, rw := range rep.Rows() {
		rows = append(rows, row(rw.Key, rw.Counts))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Agent < rows[j].Agent })
	writeJSON(w, http.StatusOK, map[string]any{"period": period, "from": from, "agents": rows, "total": row("", rep.Total())})
	return nil
}

// Complaints.

func (s *Server) handleComplaintFile(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Ticket         support.ID `json:"ticket"`
		Customer       string     `json:"customer"`
		Subject        string     `json:"subject"`
		Description    string     `json:"description"`
		Lang           string     `json:"lang"`
		IdempotencyKey string     `json:"idempotency_key"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := s.cases.FileComplaint(r.Context(), a, cases.ComplaintRequest{Ticket: req.Ticket, Customer: req.Customer,
		Subject: req.Subject, Description: req.Description, Language: s.lang(r, req.Lang), IdempotencyKey: req.IdempotencyKey})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"ticket": c.Ticket, "complaint": complaintOut(c)})
	return nil
}

func (s *Server) handleComplaintMove(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		To     cases.Stage `json:"to"`
		Reason string      `json:"reason"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := s.cases.MoveComplaint(r.Context(), a, ticketID(r), req.To, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, complaintOut(c))
	return nil
}

func (s *Server) handleComplaintAccept(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	if err := emptyBody(w, r); err != nil {
		return err
	}
	c, err := s.cases.AcceptResolution(r.Context(), a, ticketID(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, complaintOut(c))
	return nil
}

func (s *Server) handleComplaintContest(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := s.cases.ContestResolution(r.Context(), a, ticketID(r), req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, complaintOut(c))
	return nil
}

// Fees.

// feeRequest is a fees.Request on the wire.
type feeRequest struct {
	Operation       fees.Operation `json:"operation"`
	Method          fees.Method    `json:"method"`
	FromCountry     string         `json:"from_country"`
	ToCountry       string         `json:"to_country"`
	SendCurrency    string         `json:"send_currency,omitempty"`
	ReceiveCurrency string         `json:"receive_currency,omitempty"`
}

func (f feeRequest) lib() fees.Request {
	return fees.Request{Operation: f.Operation, Method: f.Method, FromCountry: f.FromCountry, ToCountry: f.ToCountry,
		SendCurrency: f.SendCurrency, ReceiveCurrency: f.ReceiveCurrency}
}

type explanationJSON struct {
	Language language.Tag `json:"language"`
	Summary  string       `json:"summary"`
	Lines    []string     `json:"lines"`
}

func (s *Server) explain(q *fees.Quote, lang language.Tag) explanationJSON {
	e := s.explainer.Explain(q, lang)
	return explanationJSON{Language: e.Language, Summary: e.Summary, Lines: e.Lines}
}

func (s *Server) handleFeeQuote(w http.ResponseWriter, r *http.Request, _ support.Actor) error {
	var req struct {
		Mode    string           `json:"mode"` // "send" (you send) or "receive" (recipient gets exactly)
		Amount  *currency.Amount `json:"amount"`
		Request feeRequest       `json:"request"`
		Lang    string           `json:"lang"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if req.Amount == nil {
		return errf(http.StatusBadRequest, "invalid_input", "amount is required")
	}
	var q *fees.Quote
	var err error
	switch req.Mode {
	case "", "send":
		q, err = s.quoter.Forward(r.Context(), req.Request.lib(), *req.Amount)
	case "receive":
		q, err = s.quoter.Inverse(r.Context(), req.Request.lib(), *req.Amount)
	default:
		return errf(http.StatusBadRequest, "invalid_input", "mode must be send or receive")
	}
	var inexact *fees.InexactError
	if errors.As(err, &inexact) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "amount_not_reachable", Message: err.Error()}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"quote": q, "explanation": s.explain(q, s.lang(r, req.Lang)), "rates_date": s.rateDate})
	return nil
}

// moneyDisplay is a quote's amounts as the reader's locale writes them.
type moneyDisplay struct {
	Charged  string `json:"charged"`
	Received string `json:"received"`
	Fee      string `json:"fee"`
	Cost     string `json:"cost"`
	Extra    string `json:"extra,omitempty"`
}

func (s *Server) handleFeeCompare(w http.ResponseWriter, r *http.Request, _ support.Actor) error {
	var req struct {
		Side    string           `json:"side"` // "send" or "receive"
		Amount  *currency.Amount `json:"amount"`
		Options []feeRequest     `json:"options"`
		Lang    string           `json:"lang"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if req.Amount == nil {
		return errf(http.StatusBadRequest, "invalid_input", "amount is required")
	}
	if len(req.Options) == 0 || len(req.Options) > 20 {
		return errf(http.StatusBadRequest, "invalid_input", "give 1 to 20 options")
	}
	side := fees.SendSide
	switch req.Side {
	case "", "send":
	case "receive":
		side = fees.ReceiveSide
	default:
		return errf(http.StatusBadRequest, "invalid_input", "side must be send or receive")
	}
	reqs := make([]fees.Request, len(req.Options))
	for i, o := range req.Options {
		reqs[i] = o.lib()
	}
	opts, err := s.quoter.Compare(r.Context(), side, *req.Amount, reqs)
	if err != nil {
		return err
	}
	lang := s.lang(r, req.Lang)
	type optionJSON struct {
		Index       int              `json:"index"`
		Request     feeRequest       `json:"request"`
		Quote       *fees.Quote      `json:"quote,omitempty"`
		Cost        *currency.Amount `json:"cost,omitempty"`
		Extra       *currency.Amount `json:"extra,omitempty"`
		Cheapest    bool             `json:"cheapest,omitempty"`
		Explanation *explanationJSON `json:"explanation,omitempty"`
		Display     *moneyDisplay    `json:"display,omitempty"` // the amounts in the reader's locale (CLDR)
		Error       *apiError        `json:"error,omitempty"`
	}
	f := currency.NewFormatter(lang)
	out := []optionJSON{}
	for i, o := range opts {
		oj := optionJSON{Index: o.Index, Request: req.Options[o.Index]}
		if o.Err != nil {
			e := classify(o.Err)
			oj.Error = &apiError{Code: e.Code, Message: o.Err.Error()}
		} else {
			cost, extra := o.Cost, o.Extra
			ex := s.explain(o.Quote, lang)
			oj.Quote, oj.Cost, oj.Extra, oj.Explanation, oj.Cheapest = o.Quote, &cost, &extra, &ex, i == 0
			oj.Display = &moneyDisplay{Charged: f.Format(o.Quote.Charged()), Received: f.Format(o.Quote.Received()),
				Fee: f.Format(o.Quote.Fee()), Cost: f.Format(cost), Extra: f.Format(extra)}
		}
		out = append(out, oj)
	}
	writeJSON(w, http.StatusOK, map[string]any{"options": out, "rates_date": s.rateDate})
	return nil
}

// MarshalJSON encodes an option's error as {"code","message"}.
func (e *apiError) MarshalJSON() ([]byte, error) {
	type wire struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	return json.Marshal(wire{Code: e.Code, Message: e.Message})
}

// Diagnose.

type explanationOut struct {
	View              string         `json:"view"` // "customer" or "agent"
	Language          language.Tag   `json:"language"`
	Code              string         `json:"code"`
	Cause             diagnose.Cause `json:"cause"`
	Text              string         `json:"text"`
	NextStep          string         `json:"next_step"`
	RetryText         string         `json:"retry,omitempty"`
	Articles          []string       `json:"articles"`
	NeedsVerification bool           `json:"needs_verification,omitempty"`
	NeedsAgent        bool           `json:"needs_agent,omitempty"`
	Known             bool           `json:"known,omitempty"`
}

func (s *Server) handleDecline(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	d, err := s.declines.Lookup(r.PathValue("code"))
	if err != nil {
		return err
	}
	lang := s.lang(r, "")
	f, view := d.ForCustomer(), "customer"
	if a.Role.IsStaff() {
		f, view = d.ForAgent(), "agent"
	}
	e := s.dmsgs.Explain(f, lang)
	out := explanationOut{View: view, Language: e.Language, Code: e.Code, Cause: e.Cause, Text: e.Text, NextStep: e.NextStep,
		RetryText: e.RetryText, Articles: e.Articles, NeedsVerification: e.NeedsVerification, NeedsAgent: e.NeedsAgent}
	if view == "agent" {
		out.Known = d.Known() // a customer is not told: sensitive causes look like unknown codes to them
	}
	if out.Articles == nil {
		out.Articles = []string{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleEmailCheck(w http.ResponseWriter, r *http.Request, _ support.Actor) error {
	var req struct {
		Address string `json:"address"`
		Lang    string `json:"lang"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c, err := s.email.Check(r.Context(), req.Address, s.lang(r, req.Lang))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"problem": c.Problem, "refused": c.Refused(), "address": c.Address,
		"domain": c.Domain, "suggestion": c.Suggestion, "article": c.Article, "text": c.Text, "language": c.Language})
	return nil
}

// Account: the e-mail change guarded by a one-time code.

func (s *Server) handleEmailChange(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		NewEmail string `json:"new_email"`
		Lang     string `json:"lang"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if a.Role != support.RoleCustomer {
		return errf(http.StatusForbidden, "customers_only", "only a customer changes their own e-mail address")
	}
	ctx, lang := r.Context(), s.lang(r, req.Lang)
	if _, err := verify.ParseEmail(req.NewEmail); err != nil {
		return err
	}
	s.mu.Lock()
	old := s.profiles[a.ID]
	s.mu.Unlock()
	t, err := s.desk.Open(ctx, a, support.OpenRequest{Subject: "E-mail address change", Category: support.CategoryAccountDetailsChange, Language: lang})
	if err != nil {
		return err
	}
	c, err := s.verify.RequestChange(ctx, a, verify.ChangeRequest{Account: a.ID, Ticket: t.ID, Kind: verify.ChangeEmail,
		Old: old, New: req.NewEmail, Language: lang})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, challengeOut(c))
	return nil
}

func challengeOut(c verify.Challenge) map[string]any {
	out := map[string]any{"id": c.ID, "ticket": c.Ticket, "status": c.Status, "to": c.To, "expires_at": c.ExpiresAt,
		"attempts_left": c.AttemptsLeft(), "digits": c.Digits}
	if c.Change != nil {
		out["change"] = c.Change
	}
	return out
}

func (s *Server) handleEmailConfirm(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Code string `json:"code"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	apply := func(_ context.Context, account string, ch verify.Change) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.profiles[account] = ch.New
		return nil
	}
	c, err := s.verify.Apply(r.Context(), a, r.PathValue("id"), req.Code, apply)
	if err != nil {
		return err
	}
	s.mu.Lock()
	email := s.profiles[a.ID]
	s.mu.Unlock()
	out := challengeOut(c)
	out["email"] = email
	writeJSON(w, http.StatusOK, out)
	return nil
}
