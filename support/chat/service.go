package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/redact"
)

// Options configure a Service. Desk and Store are required; everything else
// has a default. The values given must be safe for concurrent use.
type Options struct {
	// Desk is the ticket service every message and system event goes
	// through; chat adds no second copy of anything said. To deliver in
	// real time, give the Desk the same Hub as its Publisher.
	Desk *support.Desk
	// Store keeps the routing state: agents, the queue, holders,
	// receipts (memstore.NewChat in memory).
	Store Store
	// Hub delivers events and signals to subscribers; nil: no real-time
	// delivery (Subscribe fails, signals are dropped).
	Hub Hub
	// KB answers first; nil: no bot, every chat goes to the queue.
	KB *faq.KB
	// BotThreshold is the faq score at or above which the bot answers
	// (see faq.Result.Score); default 0.3.
	BotThreshold float64
	// BotArticles is how many articles an answer lists; default 3.
	BotArticles int
	// Calendar holds the desk's business hours; nil: always open.
	Calendar *support.Calendar
	// Messages localize what chat writes; default DefaultMessages().
	Messages *Messages
	// Explainer tells an author what the Desk masked in their message,
	// and shows the scam warning; default redact.DefaultExplainer().
	Explainer *redact.Explainer
	// ScamArticle is the knowledge-base article the scam warning links;
	// default "never-share-codes" (in the built-in KB).
	ScamArticle string
	// DefaultHandle is the handling time assumed before the store has
	// any (for wait estimates); default 6 minutes.
	DefaultHandle time.Duration
	// QueueUpdates is how many chats at the head of a line get a new
	// position signal when the line moves; default 100. Chats further
	// back ask QueueStatus.
	QueueUpdates int
	// Now returns the current time; default time.Now.
	Now func() time.Time
	// Logger receives failures that do not fail the operation; default
	// slog.Default().
	Logger *slog.Logger
}

// Service is live chat on the Desk: conversations that are tickets, a bot
// that answers first from the knowledge base, routing to agents by
// presence, capacity and skills, queue positions, read receipts, typing
// indicators and a real-time hub.
//
// A Service is safe for concurrent use and keeps no state of its own: the
// history is in the Desk's store and the routing state in Store, so several
// instances may serve the same chats. It starts no goroutines.
type Service struct {
	desk        *support.Desk
	store       Store
	hub         Hub
	kb          *faq.KB
	threshold   float64
	articles    int
	cal         *support.Calendar
	msgs        *Messages
	explainer   *redact.Explainer
	scamArticle string
	handle      time.Duration
	updates     int
	now         func() time.Time
	log         *slog.Logger
}

// The actors chat writes as: the bot, and chat's own system messages.
var (
	botActor    = support.System("bot")
	systemActor = support.System("chat")
)

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Desk == nil {
		return nil, errors.New("chat: New: Options.Desk is required")
	}
	if o.Store == nil {
		return nil, errors.New("chat: New: Options.Store is required")
	}
	s := &Service{
		desk: o.Desk, store: o.Store, hub: o.Hub, kb: o.KB, threshold: o.BotThreshold,
		articles: o.BotArticles, cal: o.Calendar, msgs: o.Messages, explainer: o.Explainer, scamArticle: o.ScamArticle,
		handle: o.DefaultHandle, updates: o.QueueUpdates, now: o.Now, log: o.Logger,
	}
	if s.threshold <= 0 {
		s.threshold = 0.3
	}
	if s.articles <= 0 {
		s.articles = 3
	}
	if s.msgs == nil {
		s.msgs = DefaultMessages()
	}
	if s.explainer == nil {
		s.explainer = redact.DefaultExplainer()
	}
	if s.scamArticle == "" {
		s.scamArticle = "never-share-codes"
	}
	if s.handle <= 0 {
		s.handle = 6 * time.Minute
	}
	if s.updates <= 0 {
		s.updates = 100
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

func (s *Service) clock() time.Time { return s.now().UTC().Round(0) }

// signal sends an ephemeral signal if there is a hub.
func (s *Service) signal(ctx context.Context, id support.ID, sig Signal) {
	if s.hub != nil {
		s.hub.Signal(ctx, id, sig)
	}
}

// system records one of chat's system messages on ticket t in its
// language. Internal ones are for staff only.
func (s *Service) system(ctx context.Context, t *support.Ticket, field string, internal bool, to string, key string, args ...any) (support.Event, error) {
	return s.desk.Record(ctx, systemActor, t.ID, support.Event{
		Kind: support.EventCustom, Field: field, Internal: internal, To: to,
		Body: s.msgs.Text(t.Language, key, args...),
	})
}

// ticket loads the ticket as the system sees it (after the caller's access
// was checked through the Desk).
func (s *Service) ticket(ctx context.Context, id support.ID) (*support.Ticket, error) {
	return s.desk.Get(ctx, support.System("chat"), id)
}

// agentErr wraps a routing error for an agent and a ticket.
func agentErr(agent string, id support.ID, err error) error {
	for _, target := range []error{ErrNotAssigned, ErrAgentFull, ErrUnknownAgent, ErrNotWaiting, ErrQueueEmpty} {
		if errors.Is(err, target) {
			return &AgentError{Agent: agent, Ticket: id, Reason: target}
		}
	}
	return fmt.Errorf("chat: agent %q, ticket %q: %w", agent, string(id), err)
}
