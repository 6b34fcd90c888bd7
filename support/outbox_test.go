package support_test

import (
	"context"
	"errors"
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// plainStore is a Store without an outbox.
type plainStore struct{ support.Store }

func TestOutboxNeedsAnOutboxStore(t *testing.T) {
	_, err := support.NewDesk(plainStore{memstore.New()}, support.Options{Outbox: true})
	if !errors.Is(err, support.ErrNoOutbox) {
		t.Fatalf("NewDesk: %v", err)
	}
	d, err := support.NewDesk(plainStore{memstore.New()}, support.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := support.NewDispatcher(d, support.DispatcherOptions{Notifier: support.NotifierFunc(func(context.Context, support.Notification) error { return nil })}); !errors.Is(err, support.ErrNoOutbox) {
		t.Fatalf("NewDispatcher: %v", err)
	}
	if _, err := support.NewDispatcher(nil, support.DispatcherOptions{}); !errors.Is(err, support.ErrInvalidInput) {
		t.Fatalf("NewDispatcher(nil): %v", err)
	}
}

func TestNotificationIDWithoutOutbox(t *testing.T) {
	ctx := context.Background()
	var got []support.Notification
	store := memstore.New()
	d, err := support.NewDesk(store, support.Options{Notifier: support.NotifierFunc(func(_ context.Context, n support.Notification) error {
		got = append(got, n)
		return nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := d.Open(ctx, support.Customer("c1"), support.OpenRequest{Subject: "Fee?", Category: support.CategoryFees})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Reply(ctx, support.Agent("a1"), tk.ID, support.ReplyRequest{Body: "Hello"}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != support.NotificationID(tk.ID, 1) || got[1].ID != support.NotificationID(tk.ID, 2) {
		t.Fatalf("notifications: %+v", got)
	}
	if got[1].Events[0].Seq != 2 {
		t.Fatalf("the synchronous path has the committed Seq: %d", got[1].Events[0].Seq)
	}
	if store.OutboxLen() != 0 {
		t.Fatal("nothing goes to the outbox without Options.Outbox")
	}
}
