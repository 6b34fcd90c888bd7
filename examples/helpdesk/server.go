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
	// Database, when set, keeps everything in an SQL database (see
	// storage.go) and puts the chat hub on it, so that several instances
	// share tickets and chats; nil keeps everything in memory.
	Database *Database
	// CodeKey is the secret one-time codes are hashed with; default a
	// random one per process. Instances on one database share it.
	CodeKey []byte
}

// Server is the help center: the library's services wired the way a host
// app wires them, and the HTTP handler that serves the API and the pages.
// It is safe for concurrent use.
type Server struct {
	log       *slog.Logger
	now       func() time.Time
	heartbeat time.Duration

	desk      *support.Desk
	hub       hub
	chat      *chat.Service
	chatStore chat.Store
	storage   string // "memory", "sqlite" or "postgres"
	runHub    func(context.Context) error
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
	closeHub sync.Once

	handler http.Handler
}

// demoUsers are the identities the demo accepts.
var demoUsers = map[string]support.Actor{
	"customer:mei": support.Customer("mei"),
	"customer:ann": support.Customer("ann"),
	"agent:li":     support.Agent("li"),
	"agent:wang":   support.Agent("wang"),
}

// NewServer wires a help center on in-memory stores, or on cfg.Database.
// On a database it runs the chat hub that RunHub drives.
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

	st, err := newStores(cfg.Database, s.log)
	if err != nil {
		return nil, err
	}
	s.hub, s.storage, s.runHub = st.hub, st.name, st.run
	desk, err := support.NewDesk(st.tickets, support.Options{Now: s.now, Logger: s.log, Publisher: s.hub})
	if err != nil {
		return nil, fmt.Errorf("helpdesk: desk: %w", err)
	}
	s.desk = desk

	if s.kb = cfg.KB; s.kb == nil {
		if s.kb, err = faq.Builtin(faq.Options{Logger: s.log}); err != nil {
			return nil, fmt.Errorf("helpdesk: knowledge base: %w", err)
		}
	}
	s.chatStore = st.chat
	if s.chat, err = chat.New(chat.Options{Desk: desk, Store: s.chatStore, Hub: s.hub, KB: s.kb, Now: s.now, Logger: s.log}); err != nil {
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
		if cfg.Database != nil {
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
	s.handler = s.routes()
	if !cfg.NoSeed {
		if err := s.seed(context.Background()); err != nil {
			return nil, fmt.Errorf("helpdesk: seed: %w", err)
		}
	}
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
	s.closeHub.Do(func() { _ = s.hub.Close() })
	return nil
}

// Idempotency keys of the demo data: every instance and every restart on
// one database seeds the same tickets, which the keys make one.
const (
	seedRefundKey    = "helpdesk-demo-seed-refund"
	seedComplaintKey = "helpdesk-demo-seed-complaint"
)

// seed adds demo data: a refund case and a complaint for mei, so that the
// case view and the complaint stage show on a fresh start. It is
// idempotent: on a database that has them already (a restart, a second
// instance, two instances starting at once) it adds nothing. Each step
// finds the work of an earlier run done; a step that loses a race with
// another instance is retried, and then finds it done.
func (s *Server) seed(ctx context.Context) error {
	var err error
	for range 3 {
		if err = s.seedOnce(ctx); err == nil {
			return nil
		}
	}
	return err
}

func (s *Server) seedOnce(ctx context.Context) error {
	mei := support.Customer("mei")
	amt, err := currency.NewAmount("42.90", "EUR")
	if err != nil {
		return err
	}
	// The refund's ticket is opened under an idempotency key; the case on
	// it is one per ticket (cases.ErrExists for a second).
	tk, err := s.desk.Open(ctx, mei, support.OpenRequest{
		Subject:        s.cmsgs.Text(language.English, cases.MsgSubjectRefund, s.cmsgs.Amount(language.English, amt), "Blue Lantern Books"),
		Description:    "The shop cancelled my order but I was charged.",
		Category:       support.CategoryRefund,
		Language:       language.English,
		Transactions:   []string{"txn_demo_1001"},
		Amount:         &amt,
		IdempotencyKey: seedRefundKey,
	})
	if err != nil {
		return fmt.Errorf("refund ticket: %w", err)
	}
	if tk.Status != support.StatusClosed { // closed by the auto-close sweep long after: nothing to add
		_, err := s.cases.OpenRefund(ctx, mei, cases.OpenRequest{
			Ticket: tk.ID,
			Transaction: cases.Transaction{ID: "txn_demo_1001", Amount: amt, Date: tk.CreatedAt.AddDate(0, 0, -3),
				Merchant: "Blue Lantern Books", Method: fees.Card, Card: cases.Card{Brand: "visa", Last4: "4242"},
				Country: "DE", CustomerCountry: "DE"},
		})
		if err != nil && !errors.Is(err, cases.ErrExists) {
			return fmt.Errorf("refund case: %w", err)
		}
	}
	// A retried filing with the key returns the complaint filed first.
	c, err := s.cases.FileComplaint(ctx, mei, cases.ComplaintRequest{
		Subject:        "My transfer was delayed for a week",
		Description:    "Nobody told me why my transfer to my sister took seven days.",
		Language:       language.English,
		IdempotencyKey: seedComplaintKey,
	})
	if err != nil {
		return fmt.Errorf("complaint: %w", err)
	}
	if c.Stage == cases.StageReceived {
		if _, err := s.cases.MoveComplaint(ctx, support.Agent("li"), c.Ticket, cases.StageVerifying, "Checking the transfer's route with the bank."); err != nil {
			return fmt.Errorf("complaint move: %w", err)
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
