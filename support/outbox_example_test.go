package support_test

import (
	"context"
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// With Options.Outbox, the notification of a change commits with the
// change, and a Dispatcher that the host runs delivers it: a crash between
// the two loses nothing. Notification.ID lets the Notifier drop the
// duplicates that at-least-once delivery may bring.
func ExampleDispatcher() {
	ctx := context.Background()
	store := memstore.New()
	sent := map[string]bool{}
	notifier := support.NotifierFunc(func(_ context.Context, n support.Notification) error {
		if sent[n.ID] {
			return nil // delivered before; the dispatcher died before marking it
		}
		sent[n.ID] = true
		fmt.Printf("to %s (%s): %s\n", n.Customer, n.ID, n.Title)
		return nil
	})
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	desk, err := support.NewDesk(store, support.Options{
		Outbox: true, Notifier: notifier,
		Now:   func() time.Time { return now },
		NewID: func() support.ID { return "T-1001" },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := desk.Open(ctx, support.Customer("cus_1"), support.OpenRequest{
		Subject: "Card declined abroad", Category: support.CategoryPaymentFailed,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := desk.Reply(ctx, support.Agent("agt_1"), t.ID, support.ReplyRequest{Body: "Please try again now."}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pending:", store.OutboxLen())

	// The host runs disp.Run(ctx) in a goroutine; one round here.
	disp, err := support.NewDispatcher(desk, support.DispatcherOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := disp.DispatchOnce(ctx)
	fmt.Println("sent:", n, err, "pending:", store.OutboxLen())
	// Output:
	// pending: 2
	// to cus_1 (T-1001/v1): Update on your request T-1001
	// to cus_1 (T-1001/v2): Update on your request T-1001
	// sent: 2 <nil> pending: 0
}
