// Command helpdesk is the whole paydesk help center as a web app on
// embedded defaults: a customer help center, an agent console and the JSON
// API they use, wired the way a host app wires the library.
//
//	go run ./examples/helpdesk            # http://127.0.0.1:8080
//	go run ./examples/helpdesk -addr :9000
//	go run ./examples/helpdesk -db sqlite:paydesk.db               # state kept in SQLite
//	go run ./examples/helpdesk -db postgres://localhost/paydesk    # or PostgreSQL
//
// On a database, several instances can serve one help center: a chat
// message sent through one reaches subscribers connected to any other
// (PostgreSQL LISTEN/NOTIFY, or polling on SQLite). Give them one
// HELPDESK_CODE_KEY (any secret text), so that a one-time code sent
// through one checks on another.
//
// Identities are demo ones (no authentication): the pages let you choose
// customer mei or ann, agent li or wang. One-time codes are printed to the
// server log, marked DEMO ONLY.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(context.Background(), os.Args[1:], logger, os.Stderr); err != nil {
		logger.Error("helpdesk stopped", "err", err)
		os.Exit(1)
	}
}

// run serves until ctx ends or SIGINT/SIGTERM arrives, then shuts down
// gracefully.
func run(ctx context.Context, args []string, logger *slog.Logger, stderr io.Writer) error {
	fs := flag.NewFlagSet("helpdesk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	db := fs.String("db", "", `storage: "" in memory; a PostgreSQL DSN (postgres://...); or an SQLite file (sqlite:PATH)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := Config{Logger: logger, DB: *db}
	if k := os.Getenv("HELPDESK_CODE_KEY"); k != "" {
		cfg.CodeKey = []byte(k)
	}
	srv, err := NewServer(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		srv.Close()
		return err
	}
	return serve(ctx, ln, srv, logger)
}

// serve runs srv on ln until ctx ends or a signal arrives.
func serve(ctx context.Context, ln net.Listener, srv *Server, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	hs.RegisterOnShutdown(srv.BeginShutdown) // end the event streams, which Shutdown would wait for
	logger.Info("helpdesk serving", "url", "http://"+ln.Addr().String(), "storage", srv.Storage(),
		"identities", "customer:mei customer:ann agent:li agent:wang")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	mctx, stopMaintain := context.WithCancel(ctx)
	maintained := make(chan struct{})
	go func() { defer close(maintained); srv.maintainEvery(mctx, time.Minute) }()
	defer func() { stopMaintain(); <-maintained }()
	// The hub's loop: other instances' chat events, on a database.
	hubDone := make(chan struct{})
	go func() {
		defer close(hubDone)
		if err := srv.Run(mctx); err != nil {
			logger.Error("helpdesk: real-time hub stopped", "err", err)
		}
	}()
	defer func() { stopMaintain(); <-hubDone }()
	select {
	case err := <-errc:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	logger.Info("helpdesk shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	srv.Close() // after the handlers: close the chat hub
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("helpdesk stopped")
	return nil
}
