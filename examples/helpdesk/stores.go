package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/sqlstore"
	"github.com/paydesk/paydesk/support/verify"
)

// hub is the chat hub of a Server: a chat.MemHub in memory, a
// sqlstore.PGHub on PostgreSQL, a sqlstore.PollHub on SQLite.
type hub interface {
	chat.Hub
	Close() error
}

// stores are the stores and the hub a Server runs on.
type stores struct {
	name     string // "memory", "sqlite" or "postgres"
	tickets  support.Store
	chat     chat.Store
	verify   verify.Store
	feedback feedback.Store
	cases    cases.Store
	hub      hub
	// run drives the hub until ctx ends (RunHub); nil for the MemHub,
	// which needs no driving.
	run func(ctx context.Context) error
}

// newStores returns the in-memory stores and a MemHub when db is nil, and
// the SQL stores of db with the hub for its dialect otherwise.
func newStores(db *Database, log *slog.Logger) (*stores, error) {
	if db == nil {
		return &stores{name: "memory", tickets: memstore.New(), chat: memstore.NewChat(), verify: memstore.NewVerify(),
			feedback: memstore.NewFeedback(), cases: memstore.NewCases(), hub: chat.NewMemHub(chat.MemHubOptions{})}, nil
	}
	if db.DB == nil {
		return nil, errors.New("helpdesk: Database.DB is nil")
	}
	st := &stores{name: db.DB.Dialect().String(), tickets: db.DB.Tickets(), chat: db.DB.Chat(), verify: db.DB.Verify(),
		feedback: db.DB.Feedback(), cases: db.DB.Cases()}
	switch db.DB.Dialect() {
	case sqlstore.Postgres:
		if db.SQL == nil || db.Dial == nil {
			return nil, errors.New("helpdesk: a PostgreSQL Database needs SQL and Dial for its hub")
		}
		h, err := sqlstore.NewPGHub(sqlstore.PGHubOptions{DB: db.SQL, Dial: db.Dial, Channel: db.Channel, Logger: log})
		if err != nil {
			return nil, fmt.Errorf("helpdesk: hub: %w", err)
		}
		st.hub, st.run = h, h.Listen
	default:
		h, err := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: db.DB.Tickets(), Logger: log})
		if err != nil {
			return nil, fmt.Errorf("helpdesk: hub: %w", err)
		}
		interval := db.PollInterval
		if interval <= 0 {
			interval = 250 * time.Millisecond
		}
		st.hub, st.run = h, func(ctx context.Context) error { return h.Poll(ctx, interval) }
	}
	return st, nil
}

// RunHub carries the chat events that other instances commit to this
// instance's subscribers, until ctx ends or the Server shuts down (BeginShutdown, Close): on
// PostgreSQL it listens for their notifications (reconnecting as needed),
// on SQLite it polls the database. In memory there are no other instances
// and it just waits. serve runs it; a host that runs the handler itself
// runs it in a goroutine of its own and stops it with ctx. It returns nil
// when ctx ended or the Server shut down.
func (s *Server) RunHub(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.stop, cancel)() // BeginShutdown and Close end it too
	var err error
	if s.runHub == nil {
		<-ctx.Done()
	} else {
		err = s.runHub(ctx)
	}
	if ctx.Err() != nil || errors.Is(err, chat.ErrHubClosed) {
		return nil
	}
	return err
}
