package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// turnJSON is a chat.Turn on the wire.
type turnJSON struct {
	Ticket  support.ID       `json:"ticket"`
	Message *support.Event   `json:"message,omitempty"`
	Replies []support.Event  `json:"replies"`
	Queue   chat.QueueStatus `json:"queue"`
}

func turnOut(t *chat.Turn) turnJSON {
	out := turnJSON{Ticket: t.Ticket, Replies: t.Replies, Queue: t.Queue}
	if t.Message.Seq > 0 {
		m := t.Message
		out.Message = &m
	}
	if out.Replies == nil {
		out.Replies = []support.Event{}
	}
	return out
}

func (s *Server) handleChatStart(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Message        string           `json:"message"`
		Ticket         support.ID       `json:"ticket"`
		Category       support.Category `json:"category"`
		Lang           string           `json:"lang"`
		IdempotencyKey string           `json:"idempotency_key"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if a.Role != support.RoleCustomer {
		return errf(http.StatusForbidden, "customers_only", "only customers start chats")
	}
	t, err := s.chat.Start(r.Context(), a, chat.StartRequest{Message: req.Message, Ticket: req.Ticket, Category: req.Category,
		Language: s.lang(r, req.Lang), IdempotencyKey: req.IdempotencyKey})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, turnOut(t))
	return nil
}

func (s *Server) handleChatSend(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Text           string `json:"text"`
		IdempotencyKey string `json:"idempotency_key"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	t, err := s.chat.Send(r.Context(), a, ticketID(r), chat.SendRequest{Text: req.Text, IdempotencyKey: req.IdempotencyKey})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, turnOut(t))
	return nil
}

// emptyBody accepts an action without parameters: no body, or a JSON body
// holding {}.
func emptyBody(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength == 0 && r.Header.Get("Content-Type") == "" {
		return nil
	}
	var v struct{}
	return decode(w, r, &v)
}

func (s *Server) handleChatHandoff(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	if err := emptyBody(w, r); err != nil {
		return err
	}
	t, err := s.chat.Handoff(r.Context(), a, ticketID(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, turnOut(t))
	return nil
}

func (s *Server) handleChatResolve(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Article string `json:"article"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	t, err := s.chat.Resolve(r.Context(), a, ticketID(r), req.Article)
	if err != nil {
		return err
	}
	s.offerSurveys(r.Context(), ticketID(r))
	writeJSON(w, http.StatusOK, turnOut(t))
	return nil
}

func (s *Server) handleChatEnd(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	if err := emptyBody(w, r); err != nil {
		return err
	}
	t, err := s.chat.End(r.Context(), a, ticketID(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, turnOut(t))
	return nil
}

func (s *Server) handleChatTyping(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Typing bool `json:"typing"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := s.chat.Typing(r.Context(), a, ticketID(r), req.Typing); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleChatRead(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Seq int64 `json:"seq"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	rc, err := s.chat.MarkRead(r.Context(), a, ticketID(r), req.Seq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rc)
	return nil
}

func (s *Server) handleChatQueue(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	st, err := s.chat.QueueStatus(r.Context(), a, ticketID(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) handleChatTranscript(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	id := ticketID(r)
	lines, err := s.chat.Transcript(r.Context(), a, id)
	if err != nil {
		return err
	}
	// last is the resume point for the event stream: the end of the
	// history as this reader may see it (internal events included, so a
	// customer's stream does not wait on events it passes over).
	page, err := s.desk.HistoryPage(r.Context(), a, id, 0, 0)
	if err != nil {
		return err
	}
	if lines == nil {
		lines = []chat.Line{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket": id, "lines": lines, "last": page.Last})
	return nil
}

// handleChatEvents streams a chat as Server-Sent Events: each stored event
// with "id:" its sequence number (event type "event"), signals as event type
// "signal" without an id, a comment as heartbeat. A client resumes with
// Last-Event-ID or ?after=. The stream ends when the client goes away, the
// server shuts down, or the subscriber falls too far behind (event type
// "end"; the client reconnects from its last id).
func (s *Server) handleChatEvents(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	after := int64(0)
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("after")
	}
	if v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return errf(http.StatusBadRequest, "invalid_resume_point", "after / Last-Event-ID must be a sequence number")
		}
		after = n
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(s.stop, cancel)()

	sub, err := s.chat.Subscribe(ctx, a, ticketID(r), after)
	if err != nil {
		return err
	}
	defer sub.Close()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 2000\n: connected\n\n"); err != nil {
		return nil
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	for {
		next, cancelNext := context.WithTimeout(ctx, s.heartbeat)
		d, err := sub.Next(next)
		cancelNext()
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return nil // the client went away or the server shuts down
		case errors.Is(err, context.DeadlineExceeded):
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil {
				return nil
			}
			if rc.Flush() != nil {
				return nil
			}
			continue
		default:
			var cut *chat.CutOffError
			reason := "closed"
			if errors.As(err, &cut) {
				reason = "cut_off"
			}
			s.log.Info("chat stream ended", "ticket", ticketID(r), "reason", reason, "last", sub.Last(), "err", err)
			data, _ := json.Marshal(map[string]any{"reason": reason, "last": sub.Last()})
			fmt.Fprintf(w, "event: end\ndata: %s\n\n", data)
			_ = rc.Flush()
			return nil
		}
		if d.IsSignal {
			data, err := json.Marshal(d.Signal)
			if err != nil {
				return nil
			}
			_, err = fmt.Fprintf(w, "event: signal\ndata: %s\n\n", data)
			if err != nil {
				return nil
			}
		} else {
			data, err := json.Marshal(d.Event)
			if err != nil {
				s.log.Error("chat stream: encode", "err", err)
				return nil
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: event\ndata: %s\n\n", d.Event.Seq, data); err != nil {
				return nil
			}
		}
		if rc.Flush() != nil {
			return nil
		}
	}
}

// Agent side of chat.

func (s *Server) handlePresence(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Presence  chat.Presence `json:"presence"`
		Capacity  int           `json:"capacity"`
		Languages []string      `json:"languages"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if !req.Presence.IsValid() {
		return errf(http.StatusBadRequest, "invalid_input", "presence must be online, away or offline")
	}
	if req.Capacity == 0 {
		req.Capacity = 3
	}
	if req.Capacity < 1 || req.Capacity > chat.MaxCapacity {
		return errf(http.StatusBadRequest, "invalid_input", "capacity must be 1 to %d", chat.MaxCapacity)
	}
	ag := chat.Agent{ID: a.ID, Presence: req.Presence, Capacity: req.Capacity}
	for _, l := range req.Languages {
		t, err := language.Parse(l)
		if err != nil {
			return errf(http.StatusBadRequest, "invalid_input", "unknown language %q", l)
		}
		ag.Skills.Languages = append(ag.Skills.Languages, t)
	}
	if err := s.chat.SetAgent(r.Context(), a, ag); err != nil {
		return err
	}
	got, err := s.chat.Agent(r.Context(), a, a.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, got)
	return nil
}

func (s *Server) handleTake(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	if err := emptyBody(w, r); err != nil {
		return err
	}
	t, err := s.chat.Take(r.Context(), a, ticketID(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, turnOut(t))
	return nil
}

func (s *Server) handleTransfer(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	var req struct {
		Agent string `json:"agent"`
		Group string `json:"group"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if (req.Agent == "") == (req.Group == "") {
		return errf(http.StatusBadRequest, "invalid_input", "give either agent or group")
	}
	t, err := s.chat.Transfer(r.Context(), a, ticketID(r), chat.Target{Agent: req.Agent, Group: req.Group})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, turnOut(t))
	return nil
}

// queueItem is one ticket in the agent's queue.
type queueItem struct {
	Ticket  *support.Ticket `json:"ticket"`
	Chat    *chat.Waiting   `json:"chat,omitempty"` // the waiting chat, when the ticket's chat waits for an agent
	SLADue  time.Time       `json:"sla_due,omitzero"`
	Holder  string          `json:"holder,omitempty"`
	Waiting bool            `json:"waiting"`
}

func (s *Server) handleQueue(w http.ResponseWriter, r *http.Request, a support.Actor) error {
	ctx := r.Context()
	item := func(t *support.Ticket) queueItem {
		it := queueItem{Ticket: t}
		for _, c := range t.SLA {
			if !c.Due.IsZero() && (it.SLADue.IsZero() || c.Due.Before(it.SLADue)) {
				it.SLADue = c.Due
			}
		}
		if wt, err := s.store.chat.Waiting(ctx, t.ID); err == nil {
			it.Chat, it.Waiting = &wt, true
		}
		if h, err := s.store.chat.Holder(ctx, t.ID); err == nil {
			it.Holder = h
		}
		return it
	}
	unassigned, err := s.desk.SearchQueue(ctx, a, support.Query{Unassigned: true, Order: support.OrderOldest, Limit: 100})
	if err != nil {
		return err
	}
	mine, err := s.desk.SearchQueue(ctx, a, support.Query{Assignee: a.ID, Order: support.OrderOldest, Limit: 100})
	if err != nil {
		return err
	}
	out := struct {
		Agent      *chat.Agent `json:"agent,omitempty"`
		Unassigned []queueItem `json:"unassigned"`
		Mine       []queueItem `json:"mine"`
	}{Unassigned: []queueItem{}, Mine: []queueItem{}}
	if ag, err := s.chat.Agent(ctx, a, a.ID); err == nil {
		out.Agent = &ag
	}
	for _, t := range unassigned.Tickets {
		out.Unassigned = append(out.Unassigned, item(t))
	}
	for _, t := range mine.Tickets {
		out.Mine = append(out.Mine, item(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
