package support_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// printer is a Notifier that prints what the customer would receive.
type printer struct{}

func (printer) Notify(_ context.Context, n support.Notification) error {
	fmt.Printf("  -> %s [%s]: %s\n", n.Customer, n.Language, n.Text)
	return nil
}

// exampleDesk returns a Desk with a fixed clock and sequential IDs, so that
// the example's output is stable.
func exampleDesk() *support.Desk {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	n := 0
	desk, err := support.NewDesk(memstore.New(), support.Options{
		Now:      func() time.Time { now = now.Add(5 * time.Minute); return now },
		NewID:    func() support.ID { n++; return support.ID(fmt.Sprintf("T-%d", 1000+n)) },
		Notifier: printer{},
	})
	if err != nil {
		panic(err)
	}
	return desk
}

// A customer's ticket from open to solved: the customer is told of every step
// in their language, and the history records who did what.
func Example() {
	ctx := context.Background()
	desk := exampleDesk()
	mei, agent := support.Customer("mei"), support.Agent("li")

	amount, _ := currency.NewAmount("250.00", "CNY")
	fmt.Println("mei opens a ticket")
	t, err := desk.Open(ctx, mei, support.OpenRequest{
		Subject:      "转账未到账",
		Category:     support.CategoryPaymentDelayed,
		Language:     language.MustParse("zh-CN"),
		Transactions: []string{"tx_7781"},
		Amount:       &amount,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println("the agent asks the bank and puts the ticket on hold")
	if _, err := desk.Reply(ctx, agent, t.ID, support.ReplyRequest{Body: "我们已联系您的银行。", Status: support.StatusOnHold}); err != nil {
		fmt.Println(err)
		return
	}
	// An internal note: recorded in the history, never notified nor shown to mei.
	if _, err := desk.AddNote(ctx, agent, t.ID, "bank reference 55-0192"); err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println("the bank confirms; the agent solves the ticket")
	if t, err = desk.Solve(ctx, agent, t.ID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", t.Status)

	// Event 4, the internal note, is left out of the customer's view.
	history, err := desk.History(ctx, mei, t.ID, 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("what mei sees in the history:")
	for _, e := range history {
		fmt.Printf("  %d %s %s %s\n", e.Seq, e.At.Format("15:04"), e.Actor.Role, e.Kind)
	}
	// Output:
	// mei opens a ticket
	//   -> mei [zh-Hans]: 我们已收到您的请求“转账未到账”（工单 T-1001），会尽快答复您。
	// the agent asks the bank and puts the ticket on hold
	//   -> mei [zh-Hans]: 您的请求“转账未到账”（工单 T-1001）有新回复：我们已联系您的银行。
	// the bank confirms; the agent solves the ticket
	//   -> mei [zh-Hans]: 您的请求“转账未到账”（工单 T-1001）已解决。如仍需帮助，请直接回复。
	// status: solved
	// what mei sees in the history:
	//   1 09:05 customer created
	//   2 09:10 agent reply
	//   3 09:10 agent status
	//   5 09:20 agent status
}

// Retrying an Open with the same idempotency key returns the first ticket.
func ExampleDesk_Open_idempotency() {
	ctx := context.Background()
	desk := exampleDesk()
	req := support.OpenRequest{
		Subject:        "Card declined at checkout",
		Category:       support.CategoryPaymentFailed,
		IdempotencyKey: "app-req-42",
	}
	first, err := desk.Open(ctx, support.Customer("sam"), req)
	if err != nil {
		fmt.Println(err)
		return
	}
	retry, err := desk.Open(ctx, support.Customer("sam"), req) // the app timed out and retried
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(first.ID, retry.ID)
	// Output:
	//   -> sam [en]: We received your request “Card declined at checkout” (ticket T-1001). We will reply as soon as we can.
	// T-1001 T-1001
}

// Someone else's ticket looks exactly like one that does not exist.
func ExampleDesk_Get_access() {
	ctx := context.Background()
	desk := exampleDesk()
	t, err := desk.Open(ctx, support.Customer("sam"), support.OpenRequest{Subject: "Fees", Category: support.CategoryFees})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = desk.Get(ctx, support.Customer("eve"), t.ID)
	fmt.Println(err, errors.Is(err, support.ErrNotFound))
	_, err = desk.Get(ctx, support.Customer("eve"), "T-9999")
	fmt.Println(err, errors.Is(err, support.ErrNotFound))
	// Output:
	//   -> sam [en]: We received your request “Fees” (ticket T-1001). We will reply as soon as we can.
	// support: ticket "T-1001" not found true
	// support: ticket "T-9999" not found true
}
