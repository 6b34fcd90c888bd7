package memstore_test

import (
	"context"
	"errors"
	"time"

	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) support.Store { return memstore.New() })
}

func TestOutboxConformance(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) support.OutboxStore { return memstore.New() })
}

func TestSweepKeys(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, id := range []support.ID{"t1", "t2", "t3"} {
		tk := &support.Ticket{ID: id, Customer: "c1", Subject: "s", Status: support.StatusNew, Channel: support.ChannelWeb, CreatedAt: at, UpdatedAt: at, Version: 1}
		err := s.Commit(ctx, support.Commit{
			Writes: []support.Write{{Ticket: tk, Events: []support.Event{{Ticket: id, Version: 1, Kind: support.EventCreated, At: at, Actor: support.Customer("c1")}}}},
			Keys:   []support.KeyRecord{{Scope: "open", Key: string(id), Ticket: id, At: at.Add(time.Duration(i) * time.Hour)}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.SweepKeys(ctx, at.Add(90*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("SweepKeys: %d, %v; want 2", n, err)
	}
	if _, err := s.Key(ctx, "open", "t1"); !errors.Is(err, support.ErrNotFound) {
		t.Fatalf("swept key: %v", err)
	}
	if _, err := s.Key(ctx, "open", "t3"); err != nil {
		t.Fatalf("kept key: %v", err)
	}
}
