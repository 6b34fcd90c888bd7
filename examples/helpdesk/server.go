package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
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

//go:embed ecb-rates.xml
var ecbRates []byte

//go:embed web
var webFS embed.FS

// Config configures a Server. The zero value is usable.
type Config struct {
	// Logger receives structured logs; default slog.Default().
	Logger *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Heartbeat is the interval of SSE heartbeat comments; default 15s.
	Heartbeat time.Duration
	// OnDemoCode, when set, also receives every message the demo sender
	// delivers (tests read the one-time codes from it).
	OnDemoCode func(verify.Message)
	// KB is the knowledge base; default faq.Builtin. A KB is safe for
	// concurrent use, so tests share one.
	KB *faq.KB
	// NoSeed leaves out the demo data (a refund case and a complaint for mei).
	NoSeed bool
	// DB is where the state lives: "" in memory (lost on restart), a
	// PostgreSQL DSN (postgres://...) or an SQLite file (sqlite:PATH, or
	// a path). On a database, any number of instances serve one help
	// center: each must run Server.Run, which carries the others' chat
	// events to its subscribers.
	DB string
	// CodeKey is the secret that one-time codes are hashed with; default
	// a random one per process. Instances on one database need the same
	// (main reads HELPDESK_CODE_KEY), or a code sent through one does not
	// check on another.
	CodeKey []byte
}

// Server is the help center: the library's services wired the way a host
// app wires them, and the HTTP handler that serves the API and the pages.
// It is safe for concurrent use.
type Server struct {
	log       *slog.Logger
	now       func() time.Time
	heartbeat time.Duration

	store     *storage
	desk      *support.Desk
	chat      *chat.Service
	kb        *faq.KB
	declines  *diagnose.Declines
	dmsgs     *diagnose.Messages
	email     *diagnose.EmailChecker
	verify    *verify.Service
	feedback  *feedback.Service
	cases     *cases.Service
	cmsgs     *cases.Messages
	quoter    *fees.Quoter
	explainer *fees.Explainer
	rateDate  time.Time

	mu       sync.Mutex
	profiles map[string]string // customer → e-mail address (the host's user store)

	stop     context.Context // canceled when the server shuts down: ends the SSE streams
	stopFunc context.CancelFunc
	closeHub sync.Once // closes the hub and the database

	handler http.Handler
}

// demoUsers are the identities the demo accepts.
var demoUsers = map[string]support.Actor{
	"customer:mei": support.Customer("mei"),
	"customer:ann": support.Customer("ann"),
	"agent:li":     support.Agent("li"),
	"agent:wang":   support.Agent("wang"),
}

// NewServer wires a help center on in-memory stores.
func NewServer(cfg Config) (*Server, error) {
	s := &Server{log: cfg.Logger, now: cfg.Now, heartbeat: cfg.Heartbeat}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.heartbeat <= 0 {
		s.heartbeat = 15 * time.Second
	}
	s.profiles = map[string]string{"mei": "mei@example.com", "ann": "ann@example.com"}

	st, err := openStorage(context.Background(), cfg.DB, s.log)
	if err != nil {
		return nil, err
	}
	s.store = st
	defer func() {
		if s.handler == nil { // NewServer failed after opening the database
			s.closeStorage()
		}
	}()
	desk, err := support.NewDesk(st.tickets, support.Options{Now: s.now, Logger: s.log, Publisher: st.hub})
	if err != nil {
		return nil, fmt.Errorf("helpdesk: desk: %w", err)
	}
	s.desk = desk

	if s.kb = cfg.KB; s.kb == nil {
		if s.kb, err = faq.Builtin(faq.Options{Logger: s.log}); err != nil {
			return nil, fmt.Errorf("helpdesk: knowledge base: %w", err)
		}
	}
	if s.chat, err = chat.New(chat.Options{Desk: desk, Store: st.chat, Hub: st.hub, KB: s.kb, Now: s.now, Logger: s.log}); err != nil {
		return nil, fmt.Errorf("helpdesk: chat: %w", err)
	}

	s.declines = diagnose.DefaultDeclines()
	s.dmsgs = diagnose.DefaultMessages()
	s.email = diagnose.NewEmailChecker(diagnose.EmailOptions{})

	secret := cfg.CodeKey
	if len(secret) == 0 {
		// A random per-process key: codes do not survive a restart, nor
		// need to; but instances on one database need one key between
		// them to check each other's codes.
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, fmt.Errorf("helpdesk: key: %w", err)
		}
		if st.kind != "memory" {
			s.log.Warn("helpdesk: no shared one-time-code key (HELPDESK_CODE_KEY): a code checks only on the instance that sent it")
		}
	}
	keys, err := verify.NewKeyring(verify.Key{ID: "demo", Secret: secret})
	if err != nil {
		return nil, fmt.Errorf("helpdesk: keyring: %w", err)
	}
	sender := verify.SenderFunc(func(_ context.Context, m verify.Message) error {
		if m.Kind == verify.KindCode {
			// DEMO ONLY: a real host hands the code to its e-mail or SMS
			// provider and never logs it.
			s.log.Warn("DEMO ONLY: one-time code (a real host e-mails it and never logs it)",
				"to", m.To, "code", m.Code, "channel", m.Channel.String())
		} else {
			s.log.Info("DEMO ONLY: notice sent", "message", m)
		}
		if cfg.OnDemoCode != nil {
			cfg.OnDemoCode(m)
		}
		return nil
	})
	if s.verify, err = verify.New(verify.Options{Store: st.verify, Keys: keys, Sender: sender, Desk: desk, Now: s.now, Logger: s.log}); err != nil {
		return nil, fmt.Errorf("helpdesk: verify: %w", err)
	}
	if s.feedback, err = feedback.New(feedback.Options{Store: st.feedback, Desk: desk, Now: s.now, Logger: s.log}); err != nil {
		return nil, fmt.Errorf("helpdesk: feedback: %w", err)
	}

	rates, err := currency.ParseECB(bytes.NewReader(ecbRates))
	if err != nil {
		return nil, fmt.Errorf("helpdesk: ECB rates: %w", err)
	}
	table, err := currency.NewRateTable()
	if err != nil {
		return nil, err
	}
	if err := table.Set(rates...); err != nil {
		return nil, fmt.Errorf("helpdesk: ECB rates: %w", err)
	}
	s.rateDate = rates[0].Time
	schedule, err := fees.Builtin()
	if err != nil {
		return nil, fmt.Errorf("helpdesk: fee schedule: %w", err)
	}
	// The rates are a fixed demo snapshot: accept them whatever their age.
	s.quoter = &fees.Quoter{Schedule: schedule, Rates: table, MaxRateAge: -1, Now: s.now}
	s.explainer = fees.NewExplainer()
	if s.cases, err = cases.New(cases.Options{Desk: desk, Store: st.cases, Quoter: s.quoter, Explainer: s.explainer, Now: s.now, Logger: s.log}); err != nil {
		return nil, fmt.Errorf("helpdesk: cases: %w", err)
	}

	s.cmsgs = cases.DefaultMessages()

	s.stop, s.stopFunc = context.WithCancel(context.Background())
	if !cfg.NoSeed {
		if err := s.seed(context.Background()); err != nil {
			return nil, fmt.Errorf("helpdesk: seed: %w", err)
		}
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of the API and the pages.
func (s *Server) Handler() http.Handler { return s.handler }

// BeginShutdown ends the open event streams (Server-Sent Events) so that
// http.Server.Shutdown does not wait for them. Give it to
// http.Server.RegisterOnShutdown.
func (s *Server) BeginShutdown() { s.stopFunc() }

// Close ends the event streams and closes the chat hub. Call it after
// http.Server.Shutdown.
func (s *Server) Close() error {
	s.stopFunc()
	return s.closeStorage()
}

// closeStorage closes the hub and the database, once.
func (s *Server) closeStorage() error {
	var err error
	s.closeHub.Do(func() {
		_ = s.store.hub.Close()
		if s.store.close != nil {
			err = s.store.close()
		}
	})
	return err
}

// Storage names where the state lives: "memory", "sqlite" or "postgres".
func (s *Server) Storage() string { return s.store.kind }

// Run carries the chat events that other instances commit to this one's
// subscribers, until ctx ends or the server closes: on PostgreSQL it
// listens for their notifications (sqlstore.PGHub.Listen), on SQLite it
// polls (sqlstore.PollHub.Poll). In memory there are no other instances
// and it just waits. serve runs it; a host that serves the Handler itself
// must too.
func (s *Server) Run(ctx context.Context) error {
	if s.store.run == nil {
		select {
		case <-ctx.Done():
		case <-s.stop.Done():
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.stop, cancel)() // shutting down ends it too, without a goroutine of ours
	err := s.store.run(ctx)
	if ctx.Err() != nil || errors.Is(err, chat.ErrHubClosed) {
		return nil
	}
	return err
}

// seed adds demo data: a refund case and a complaint for mei, so that the
// case view and the complaint stage show on a fresh start. It is
// idempotent: it does nothing where mei has tickets, and instances that
// share a database and start at once open the tickets with the same
// idempotency keys, so that each is opened once.
func (s *Server) seed(ctx context.Context) error {
	mei := support.Customer("mei")
	if p, err := s.desk.ListCustomer(ctx, mei, "mei", support.ListOptions{Limit: 1}); err != nil {
		return err
	} else if len(p.Tickets) > 0 {
		return nil // a database seeded before (its keys may have been swept since)
	}
	en := language.English
	amt, err := currency.NewAmount("42.90", "EUR")
	if err != nil {
		return err
	}
	const merchant = "Blue Lantern Books"
	t, err := s.desk.Open(ctx, mei, support.OpenRequest{
		Subject:        s.cmsgs.Text(en, cases.MsgSubjectRefund, s.cmsgs.Amount(en, amt), merchant),
		Description:    "The shop cancelled my order but I was charged.",
		Category:       support.CategoryRefund,
		Language:       en,
		Transactions:   []string{"txn_demo_1001"},
		Amount:         &amt,
		IdempotencyKey: "helpdesk-seed-refund",
	})
	if err != nil {
		return fmt.Errorf("refund ticket: %w", err)
	}
	_, err = s.cases.OpenRefund(ctx, mei, cases.OpenRequest{
		Ticket: t.ID,
		Transaction: cases.Transaction{ID: "txn_demo_1001", Amount: amt, Date: s.now().AddDate(0, 0, -3),
			Merchant: merchant, Method: fees.Card, Card: cases.Card{Brand: "visa", Last4: "4242"},
			Country: "DE", CustomerCountry: "DE"},
	})
	if err != nil && !errors.Is(err, cases.ErrExists) {
		return fmt.Errorf("refund case: %w", err)
	}
	c, err := s.cases.FileComplaint(ctx, mei, cases.ComplaintRequest{
		Subject:        "My transfer was delayed for a week",
		Description:    "Nobody told me why my transfer to my sister took seven days.",
		Language:       en,
		IdempotencyKey: "helpdesk-seed-complaint",
	})
	if err != nil {
		return fmt.Errorf("complaint: %w", err)
	}
	if c.Stage == cases.StageReceived {
		_, err := s.cases.MoveComplaint(ctx, support.Agent("li"), c.Ticket, cases.StageVerifying, "Checking the transfer's route with the bank.")
		if err != nil {
			// Another instance, starting at the same time, may have moved it.
			if now, gerr := s.cases.ComplaintStatus(ctx, support.Agent("li"), c.Ticket); gerr != nil || now.Stage == cases.StageReceived {
				return fmt.Errorf("complaint move: %w", err)
			}
		}
	}
	return nil
}

// webRoot is the embedded web directory.
func webRoot() fs.FS {
	sub, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err) // the embedded directory is there by construction
	}
	return sub
}

var errNoIdentity = errors.New("no identity")
