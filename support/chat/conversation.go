package chat

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/redact"
)

// MaxMessageBytes is the largest chat message: 16 KiB.
const MaxMessageBytes = 16 << 10

// StartRequest starts a chat.
type StartRequest struct {
	// Message is the customer's first message; required.
	Message string
	// Ticket, when set, attaches the chat to one of the customer's own
	// tickets instead of opening a new one.
	Ticket support.ID
	// Subject of a new ticket; default the start of Message.
	Subject string
	// Category of a new ticket, for routing; default support.CategoryOther.
	Category support.Category
	// Language is the customer's language; language.Und lets the Desk
	// choose (its default).
	Language language.Tag
	// IdempotencyKey makes a retried Start return the first one's result.
	IdempotencyKey string
}

// SendRequest is one chat message.
type SendRequest struct {
	Text string // required, at most MaxMessageBytes of UTF-8
	// IdempotencyKey makes a retried Send return the first one's result.
	IdempotencyKey string
}

// Turn is what one customer or agent action produced: the message as
// stored (secrets masked) and what chat wrote in answer — the bot's
// articles, a hand-off, the queue position, an agent joining — each in the
// actor's view.
type Turn struct {
	Ticket  support.ID
	Message support.Event   // the message written; zero for actions without one
	Replies []support.Event // the bot's and the system's answers, in order
	Queue   QueueStatus     // where the chat stands after the turn
}

// Start starts a chat for customer c: it opens a ticket on
// support.ChannelChat (or attaches to r.Ticket, which must be c's), writes
// the first message, and lets the bot answer or routes the chat. Only
// customers start chats.
func (s *Service) Start(ctx context.Context, c support.Actor, r StartRequest) (*Turn, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Role != support.RoleCustomer {
		return nil, &support.AccessError{Op: "start a chat for a customer", Role: c.Role}
	}
	if err := checkMessage(r.Message); err != nil {
		return nil, err
	}
	msgKey := ""
	if r.IdempotencyKey != "" {
		msgKey = r.IdempotencyKey + ".first"
	}
	if r.Ticket != "" {
		t, err := s.desk.Get(ctx, c, r.Ticket)
		if err != nil {
			return nil, err
		}
		if t.Status == support.StatusClosed {
			return nil, &support.TransitionError{Ticket: t.ID, From: support.StatusClosed, To: support.StatusOpen}
		}
		if err := s.started(ctx, t); err != nil {
			return nil, err
		}
		return s.Send(ctx, c, t.ID, SendRequest{Text: r.Message, IdempotencyKey: msgKey})
	}
	subject := r.Subject
	if subject == "" {
		subject = excerpt(firstLine(r.Message), 80)
	}
	cat := r.Category
	if cat == "" {
		cat = support.CategoryOther
	}
	t, err := s.desk.Open(ctx, c, support.OpenRequest{
		Subject: subject, Category: cat, Language: r.Language, Channel: support.ChannelChat,
		IdempotencyKey: r.IdempotencyKey,
	})
	if err != nil {
		return nil, err
	}
	return s.Send(ctx, c, t.ID, SendRequest{Text: r.Message, IdempotencyKey: msgKey})
}

// started records that a chat began on an existing ticket, once while the
// ticket has no chat going.
func (s *Service) started(ctx context.Context, t *support.Ticket) error {
	if _, err := s.store.Holder(ctx, t.ID); err == nil {
		return nil
	}
	if _, err := s.store.Waiting(ctx, t.ID); err == nil {
		return nil
	}
	_, err := s.desk.Record(ctx, systemActor, t.ID, support.Event{Kind: support.EventCustom, Field: FieldStarted})
	return err
}

// Send writes a message on ticket id's chat. Secrets are masked first and
// the author is told what was hidden; a customer about to share a code or a
// password gets the scam warning. A customer's message is answered by the
// bot while no agent has joined; an agent must hold the chat (admins and
// the system may always write).
func (s *Service) Send(ctx context.Context, a support.Actor, id support.ID, r SendRequest) (*Turn, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := checkMessage(r.Text); err != nil {
		return nil, err
	}
	before, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.mustHold(ctx, a, id); err != nil {
		return nil, err
	}
	masked := s.desk.Redact(r.Text)
	ev, err := s.desk.Reply(ctx, a, id, support.ReplyRequest{Body: masked.Text, IdempotencyKey: r.IdempotencyKey})
	if err != nil {
		return nil, err
	}
	turn := &Turn{Ticket: id, Message: ev}
	if ev.Version <= before.Version {
		// A retry: the Desk returned the message the first call wrote.
		return s.replay(ctx, a, turn)
	}
	t, err := s.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	from := strconv.FormatInt(ev.Seq, 10)
	var out []support.Event
	if masked.Redacted() {
		kinds := masked.Kinds()
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = k.String()
		}
		e, err := s.desk.Record(ctx, systemActor, id, support.Event{
			Kind: support.EventCustom, Field: FieldRedacted, Internal: a.Role != support.RoleCustomer,
			From: from, To: strings.Join(names, "\n"),
			Body: s.explainer.Explain(masked, t.Language),
		})
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if a.Role == support.RoleCustomer && redact.LooksLikeSecretSharing(r.Text) {
		e, err := s.desk.Record(ctx, systemActor, id, support.Event{
			Kind: support.EventCustom, Field: FieldScamWarning, From: from, To: s.scamArticle,
			Body: s.explainer.ScamWarning(t.Language),
		})
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if a.Role == support.RoleCustomer {
		evs, err := s.answer(ctx, t, ev)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
	}
	turn.Replies = viewAll(a, out)
	turn.Queue, err = s.status(ctx, t)
	return turn, err
}

// replay fills turn from the history for a message written by an earlier
// call with the same idempotency key.
func (s *Service) replay(ctx context.Context, a support.Actor, turn *Turn) (*Turn, error) {
	page, err := s.desk.HistoryPage(ctx, a, turn.Ticket, turn.Message.Seq, 0)
	if err != nil {
		return nil, err
	}
	from := strconv.FormatInt(turn.Message.Seq, 10)
	for _, e := range page.Events {
		if e.Kind == support.EventCustom && e.From == from {
			turn.Replies = append(turn.Replies, e)
		}
	}
	t, err := s.ticket(ctx, turn.Ticket)
	if err != nil {
		return nil, err
	}
	turn.Queue, err = s.status(ctx, t)
	return turn, err
}

// answer decides what follows a customer's message: nothing while an agent
// holds the chat, a queue update while it waits, and otherwise the bot's
// answer or a hand-off to the queue.
func (s *Service) answer(ctx context.Context, t *support.Ticket, msg support.Event) ([]support.Event, error) {
	if _, err := s.store.Holder(ctx, t.ID); err == nil {
		return nil, nil
	} else if !errors.Is(err, ErrNotAssigned) {
		return nil, err
	}
	if _, err := s.store.Waiting(ctx, t.ID); err == nil {
		return nil, nil
	} else if !errors.Is(err, ErrNotWaiting) {
		return nil, err
	}
	from := strconv.FormatInt(msg.Seq, 10)
	if s.kb == nil {
		return s.handoff(ctx, t, from, "no_bot")
	}
	answered, err := s.botAnswered(ctx, t.ID, msg.Seq)
	if err != nil {
		return nil, err
	}
	if answered {
		return s.handoff(ctx, t, from, "second_question")
	}
	res, err := s.kb.Search(faq.Query{Text: msg.Body, Languages: []language.Tag{t.Language}, Limit: s.articles})
	var qe *faq.QueryError
	if err != nil && !errors.As(err, &qe) {
		return nil, err
	}
	if len(res.Hits) == 0 || res.Hits[0].Score < s.threshold {
		e, err := s.desk.Record(ctx, botActor, t.ID, support.Event{
			Kind: support.EventCustom, Field: FieldBot, From: from, Body: s.msgs.Text(t.Language, MsgBotNoAnswer),
		})
		if err != nil {
			return nil, err
		}
		rest, err := s.handoff(ctx, t, from, "low_score")
		return append([]support.Event{e}, rest...), err
	}
	var body strings.Builder
	body.WriteString(s.msgs.Text(t.Language, MsgBotIntro))
	ids := make([]string, 0, len(res.Hits))
	for i, h := range res.Hits {
		if h.Score < s.threshold && i > 0 {
			break
		}
		ids = append(ids, h.ArticleID)
		body.WriteByte('\n')
		body.WriteString(s.msgs.Text(t.Language, MsgBotArticle, i+1, h.Title, h.Snippet.Text))
	}
	body.WriteByte('\n')
	body.WriteString(s.msgs.Text(t.Language, MsgBotAsk))
	e, err := s.desk.Record(ctx, botActor, t.ID, support.Event{
		Kind: support.EventCustom, Field: FieldBot, From: from, To: strings.Join(ids, "\n"), Body: body.String(),
	})
	if err != nil {
		return nil, err
	}
	return []support.Event{e}, nil
}

// botAnswered reports whether the bot answered a question before seq.
func (s *Service) botAnswered(ctx context.Context, id support.ID, seq int64) (bool, error) {
	evs, err := s.desk.History(ctx, systemActor, id, 0, 0)
	if err != nil {
		return false, err
	}
	for _, e := range evs {
		if e.Seq >= seq {
			break
		}
		if e.Kind == support.EventCustom && e.Field == FieldBot && e.To != "" {
			return true, nil
		}
	}
	return false, nil
}

// Handoff puts the customer's chat in the queue for a person ("talk to a
// person"). A chat already waiting or held is left as it is.
func (s *Service) Handoff(ctx context.Context, c support.Actor, id support.ID) (*Turn, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	t, err := s.desk.Get(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if t.Status == support.StatusClosed {
		return nil, &support.TransitionError{Ticket: t.ID, From: support.StatusClosed, To: support.StatusOpen}
	}
	if t, err = s.ticket(ctx, id); err != nil {
		return nil, err
	}
	turn := &Turn{Ticket: id}
	_, herr := s.store.Holder(ctx, id)
	_, werr := s.store.Waiting(ctx, id)
	if herr != nil && werr != nil {
		evs, err := s.handoff(ctx, t, "", "asked")
		if err != nil {
			return nil, err
		}
		turn.Replies = viewAll(c, evs)
	}
	turn.Queue, err = s.status(ctx, t)
	return turn, err
}

// Resolve records that the bot's article solved the customer's problem (a
// deflection) and solves the ticket; a chat still waiting leaves the queue.
// Customers only, on their own chats.
func (s *Service) Resolve(ctx context.Context, c support.Actor, id support.ID, article string) (*Turn, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Role != support.RoleCustomer {
		return nil, &support.AccessError{Op: "resolve a chat for its customer", Role: c.Role}
	}
	if len(article) > 256 || !utf8.ValidString(article) || strings.ContainsAny(article, "\n\r") {
		return nil, inputErr("article", "not an article ID")
	}
	t, err := s.desk.Get(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if t.Status == support.StatusClosed || t.Status == support.StatusSolved {
		return nil, &support.TransitionError{Ticket: t.ID, From: t.Status, To: support.StatusSolved}
	}
	if t, err = s.ticket(ctx, id); err != nil {
		return nil, err
	}
	if w, err := s.store.Dequeue(ctx, id); err == nil {
		defer s.moveLine(ctx, w.Need)
	} else if !errors.Is(err, ErrNotWaiting) {
		return nil, err
	}
	e, err := s.system(ctx, t, FieldDeflected, false, article, MsgDeflected)
	if err != nil {
		return nil, err
	}
	if _, err := s.desk.Solve(ctx, c, id); err != nil {
		return nil, err
	}
	turn := &Turn{Ticket: id, Replies: viewAll(c, []support.Event{e})}
	turn.Queue, err = s.status(ctx, t)
	return turn, err
}

// checkMessage validates a chat message with the Desk's errors.
func checkMessage(s string) error {
	switch {
	case !utf8.ValidString(s):
		return &support.InputError{Field: "text", Reason: support.ErrInvalidUTF8}
	case strings.TrimSpace(s) == "":
		return &support.InputError{Field: "text", Reason: support.ErrEmptyBody}
	case len(s) > MaxMessageBytes:
		return &support.InputError{Field: "text", Reason: support.ErrTooLong, Detail: strconv.Itoa(len(s)) + " bytes, limit " + strconv.Itoa(MaxMessageBytes)}
	}
	return nil
}

// viewAll returns evs as a sees them.
func viewAll(a support.Actor, evs []support.Event) []support.Event {
	if a.Role != support.RoleCustomer {
		return evs
	}
	out := make([]support.Event, 0, len(evs))
	for _, e := range evs {
		if v, ok := e.CustomerView(); ok {
			out = append(out, v)
		}
	}
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// excerpt shortens s to at most n runes, marking the cut with "…".
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	count := 0
	for i := range s {
		if count == n {
			return s[:i] + "…"
		}
		count++
	}
	return s
}
