package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
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

// maxBody limits every JSON request body.
const maxBody = 64 << 10

// contentSecurityPolicy allows only the server's own scripts, styles and
// connections: no inline script or style, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// apiError is an error with its HTTP status and stable code.
type apiError struct {
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration
}

func (e *apiError) Error() string { return e.Message }

func errf(status int, code, format string, args ...any) error {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// handlerFunc is an API handler: it acts as actor a and returns an error
// that writeError maps to a status.
type handlerFunc func(w http.ResponseWriter, r *http.Request, a support.Actor) error

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern string, h handlerFunc) { mux.Handle(pattern, s.api(h)) }
	staff := func(pattern string, h handlerFunc) {
		api(pattern, func(w http.ResponseWriter, r *http.Request, a support.Actor) error {
			if !a.Role.IsStaff() {
				return errf(http.StatusForbidden, "staff_only", "this endpoint is for agents")
			}
			return h(w, r, a)
		})
	}

	api("GET /api/me", s.handleMe)
	api("GET /api/faq/search", s.handleFAQSearch)
	api("GET /api/faq/articles/{id}", s.handleFAQArticle)
	api("POST /api/faq/articles/{id}/vote", s.handleFAQVote)

	api("POST /api/chats", s.handleChatStart)
	api("POST /api/chats/{id}/messages", s.handleChatSend)
	api("POST /api/chats/{id}/handoff", s.handleChatHandoff)
	api("POST /api/chats/{id}/resolve", s.handleChatResolve)
	api("POST /api/chats/{id}/end", s.handleChatEnd)
	api("POST /api/chats/{id}/typing", s.handleChatTyping)
	api("POST /api/chats/{id}/read", s.handleChatRead)
	api("GET /api/chats/{id}/queue", s.handleChatQueue)
	api("GET /api/chats/{id}/transcript", s.handleChatTranscript)
	api("GET /api/chats/{id}/events", s.handleChatEvents)

	api("GET /api/tickets", s.handleTickets)
	api("POST /api/tickets", s.handleTicketOpen)
	api("GET /api/tickets/{id}", s.handleTicket)
	api("POST /api/tickets/{id}/replies", s.handleTicketReply)
	api("POST /api/tickets/{id}/status", s.handleTicketStatus)
	api("GET /api/tickets/{id}/surveys", s.handleSurveys)
	api("POST /api/tickets/{id}/surveys/{survey}/answer", s.handleSurveyAnswer)
	api("POST /api/complaints", s.handleComplaintFile)
	api("POST /api/tickets/{id}/complaint/accept", s.handleComplaintAccept)
	api("POST /api/tickets/{id}/complaint/contest", s.handleComplaintContest)

	api("POST /api/disputes", s.handleDisputeOpen)
	api("POST /api/cases/{id}/evidence", s.handleEvidenceSave)
	api("POST /api/cases/{id}/evidence/submit", s.handleEvidenceSubmit)
	staff("POST /api/cases/{id}/refunds", s.handleCaseRefund)
	staff("POST /api/cases/{id}/status", s.handleCaseStatus)

	api("POST /api/fees/quote", s.handleFeeQuote)
	api("POST /api/fees/compare", s.handleFeeCompare)
	api("GET /api/diagnose/declines/{code}", s.handleDecline)
	api("POST /api/diagnose/email", s.handleEmailCheck)
	api("POST /api/account/email-change", s.handleEmailChange)
	api("POST /api/account/email-change/{id}/confirm", s.handleEmailConfirm)

	staff("POST /api/agent/presence", s.handlePresence)
	staff("GET /api/agent/queue", s.handleQueue)
	staff("POST /api/agent/chats/{id}/take", s.handleTake)
	staff("POST /api/agent/chats/{id}/transfer", s.handleTransfer)
	staff("POST /api/tickets/{id}/notes", s.handleNote)
	staff("POST /api/tickets/{id}/priority", s.handlePriority)
	staff("POST /api/tickets/{id}/complaint/stage", s.handleComplaintMove)
	staff("GET /api/agent/feedback", s.handleFeedbackReport)

	mux.Handle("/api/", s.api(func(http.ResponseWriter, *http.Request, support.Actor) error {
		return errf(http.StatusNotFound, "no_such_endpoint", "no such API endpoint")
	}))
	static := http.FileServerFS(webRoot())
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		static.ServeHTTP(w, r)
	}))
	mux.Handle("GET /agent", http.RedirectHandler("/agent.html", http.StatusFound))
	return s.secure(mux)
}

// secure sets the security headers of every response and logs the request.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		start := s.now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", s.now().Sub(start))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach Flush.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// api resolves the demo identity and maps the handler's error.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		a, err := identity(r)
		if err == nil {
			err = h(w, r, a)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

// identity reads the demo identity: the X-Demo-User header, else the as
// query parameter (an EventSource cannot send headers, and the customer and
// agent pages of one browser share the cookie), else the demo_user cookie.
// There is no real authentication in the demo.
func identity(r *http.Request) (support.Actor, error) {
	v := r.Header.Get("X-Demo-User")
	if v == "" {
		v = r.URL.Query().Get("as")
	}
	if v == "" {
		if c, err := r.Cookie("demo_user"); err == nil {
			v = c.Value
		}
	}
	a, ok := demoUsers[v]
	if !ok {
		return support.Actor{}, &apiError{Status: http.StatusUnauthorized, Code: "unauthenticated",
			Message: "choose a demo identity: X-Demo-User (or ?as=, or cookie demo_user) customer:mei, customer:ann, agent:li or agent:wang"}
	}
	return a, nil
}

// writeError maps an error to its status and stable code: the one place
// where library errors meet HTTP.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := classify(err)
	if e.Status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.log.Debug("request refused", "method", r.Method, "path", r.URL.Path, "status", e.Status, "code", e.Code, "err", err)
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
	writeJSON(w, e.Status, map[string]any{"error": map[string]string{"code": e.Code, "message": e.Message}})
}

func classify(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	msg := err.Error()
	mk := func(status int, code string) *apiError { return &apiError{Status: status, Code: code, Message: msg} }
	var rl *verify.RateLimitError
	var wrong *verify.WrongCodeError
	var access *support.AccessError
	switch {
	case errors.As(err, &rl):
		e := mk(http.StatusTooManyRequests, "rate_limited")
		e.RetryAfter = rl.RetryAfter
		return e
	case errors.As(err, &wrong) && wrong.Left == 0:
		return mk(http.StatusConflict, "code_locked")
	case errors.As(err, &wrong):
		return mk(http.StatusUnprocessableEntity, "wrong_code")
	case errors.As(err, &access), errors.Is(err, support.ErrForbidden):
		return mk(http.StatusForbidden, "forbidden")
	case errors.Is(err, support.ErrSeqAhead):
		return mk(http.StatusBadRequest, "seq_ahead")
	case errors.Is(err, feedback.ErrScoreRange):
		return mk(http.StatusBadRequest, "score_out_of_range")
	case errors.Is(err, cases.ErrMissingEvidence):
		return mk(http.StatusUnprocessableEntity, "evidence_missing")
	case errors.Is(err, support.ErrInvalidInput), errors.Is(err, fees.ErrInvalidRequest),
		errors.Is(err, fees.ErrUnknownCountry), errors.Is(err, currency.ErrUnknownCurrency),
		errors.Is(err, currency.ErrInvalidAmount), errors.Is(err, diagnose.ErrInvalidCode),
		errors.Is(err, verify.ErrInvalidEmail), errors.Is(err, verify.ErrUnchanged),
		errors.Is(err, verify.ErrMalformedCode), errors.Is(err, faq.ErrQueryTooLong),
		errors.Is(err, faq.ErrInvalidQuery), errors.Is(err, faq.ErrInvalidVote),
		errors.Is(err, currency.ErrCurrencyMismatch):
		return mk(http.StatusBadRequest, "invalid_input")
	case errors.Is(err, support.ErrNotFound), errors.Is(err, verify.ErrNotFound),
		errors.Is(err, feedback.ErrNotFound), errors.Is(err, cases.ErrNotFound),
		errors.Is(err, faq.ErrArticleNotFound), errors.Is(err, cases.ErrNotComplaint):
		return mk(http.StatusNotFound, "not_found")
	case errors.Is(err, chat.ErrUnknownAgent):
		return mk(http.StatusNotFound, "unknown_agent")
	case errors.Is(err, support.ErrStaleVersion), errors.Is(err, cases.ErrStaleVersion), errors.Is(err, verify.ErrConflict):
		return mk(http.StatusConflict, "version_conflict")
	case errors.Is(err, support.ErrClosed):
		return mk(http.StatusConflict, "ticket_closed")
	case errors.Is(err, support.ErrTransition), errors.Is(err, cases.ErrTransition):
		return mk(http.StatusConflict, "transition_not_allowed")
	case errors.Is(err, support.ErrKeyReused):
		return mk(http.StatusConflict, "idempotency_key_reused")
	case errors.Is(err, cases.ErrForbiddenMove):
		return mk(http.StatusConflict, "stage_move_not_allowed")
	case errors.Is(err, cases.ErrSubmitted):
		return mk(http.StatusConflict, "evidence_submitted")
	case errors.Is(err, cases.ErrDeadlinePassed):
		return mk(http.StatusConflict, "deadline_passed")
	case errors.Is(err, cases.ErrRefundExceeds):
		return mk(http.StatusUnprocessableEntity, "refund_exceeds_remaining")
	case errors.Is(err, cases.ErrExists):
		return mk(http.StatusConflict, "case_exists")
	case errors.Is(err, cases.ErrComplaintExists):
		return mk(http.StatusConflict, "already_a_complaint")
	case errors.Is(err, chat.ErrNotAssigned):
		return mk(http.StatusConflict, "not_assigned")
	case errors.Is(err, chat.ErrAgentFull):
		return mk(http.StatusConflict, "agent_full")
	case errors.Is(err, chat.ErrNotWaiting):
		return mk(http.StatusConflict, "not_waiting")
	case errors.Is(err, chat.ErrQueued):
		return mk(http.StatusConflict, "already_queued")
	case errors.Is(err, chat.ErrQueueEmpty), errors.Is(err, chat.ErrNoAgent):
		return mk(http.StatusConflict, "no_chat_available")
	case errors.Is(err, feedback.ErrAnswered):
		return mk(http.StatusConflict, "already_answered")
	case errors.Is(err, feedback.ErrExpired):
		return mk(http.StatusConflict, "survey_expired")
	case errors.Is(err, feedback.ErrNotEligible):
		return mk(http.StatusConflict, "survey_not_eligible")
	case errors.Is(err, verify.ErrLocked):
		return mk(http.StatusConflict, "code_locked")
	case errors.Is(err, verify.ErrExpired):
		return mk(http.StatusConflict, "code_expired")
	case errors.Is(err, verify.ErrUsed):
		return mk(http.StatusConflict, "code_used")
	case errors.Is(err, verify.ErrCanceled), errors.Is(err, verify.ErrNotVerified), errors.Is(err, verify.ErrPurpose):
		return mk(http.StatusConflict, "challenge_not_usable")
	case errors.Is(err, fees.ErrNoRule):
		return mk(http.StatusUnprocessableEntity, "no_fee_rule")
	case errors.Is(err, fees.ErrAmountOutOfRange), errors.Is(err, fees.ErrAmountTooSmall):
		return mk(http.StatusUnprocessableEntity, "amount_out_of_range")
	case errors.Is(err, fees.ErrInexact):
		return mk(http.StatusUnprocessableEntity, "amount_not_reachable")
	case errors.Is(err, currency.ErrNoRate):
		return mk(http.StatusUnprocessableEntity, "no_rate")
	case errors.Is(err, currency.ErrStaleRate):
		return mk(http.StatusServiceUnavailable, "stale_rate")
	case errors.Is(err, chat.ErrSubscriptionClosed):
		return mk(http.StatusServiceUnavailable, "shutting_down")
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// decode reads a JSON request body into v: application/json only, at most
// maxBody bytes, no unknown fields, exactly one value.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return errf(http.StatusUnsupportedMediaType, "unsupported_media_type", "the request body must be application/json")
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		var bad *support.InputError // a value's UnmarshalText refused it
		switch {
		case errors.As(err, &tooBig):
			return errf(http.StatusRequestEntityTooLarge, "body_too_large", "the request body is over %d bytes", maxBody)
		case errors.Is(err, io.EOF):
			return errf(http.StatusBadRequest, "malformed_json", "the request body is empty")
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
			return errf(http.StatusBadRequest, "malformed_json", "the request body is not valid JSON")
		case errors.As(err, &typ):
			return errf(http.StatusBadRequest, "invalid_field", "field %q has the wrong type", typ.Field)
		case errors.As(err, &bad):
			return errf(http.StatusBadRequest, "invalid_field", "%s", bad.Error())
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return errf(http.StatusBadRequest, "unknown_field", "%s", strings.TrimPrefix(err.Error(), "json: "))
		}
		return errf(http.StatusBadRequest, "invalid_json", "the request body could not be read: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errf(http.StatusRequestEntityTooLarge, "body_too_large", "the request body is over %d bytes", maxBody)
		}
		return errf(http.StatusBadRequest, "malformed_json", "the request body must hold one JSON value")
	}
	return nil
}

// lang is the language a request asks for: the lang parameter, else the
// Accept-Language header, negotiated against the knowledge base.
func (s *Server) lang(r *http.Request, explicit string) language.Tag {
	if explicit == "" {
		explicit = r.URL.Query().Get("lang")
	}
	if explicit != "" {
		if t, err := language.Parse(explicit); err == nil {
			return t
		}
	}
	if h := r.Header.Get("Accept-Language"); h != "" {
		return s.kb.NegotiateHeader(h)
	}
	return language.English
}

func ticketID(r *http.Request) support.ID { return support.ID(r.PathValue("id")) }
