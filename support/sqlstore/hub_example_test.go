package sqlstore_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/sqlstore"
)

// Two instances of a help desk share one store, each with its own PollHub:
// a reply committed through one reaches a chat subscriber on the other at
// its next poll. (A real host runs hub.Poll(ctx, time.Second) in a
// goroutine of its own; PGHub, on PostgreSQL, needs no polling.)
func ExamplePollHub() {
	ctx := context.Background()
	store := memstore.New() // the shared database: an SQL store in production
	hubA, _ := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: store})
	hubB, _ := sqlstore.NewPollHub(sqlstore.PollHubOptions{Seqs: store})
	defer hubA.Close()
	defer hubB.Close()
	deskA, _ := support.NewDesk(store, support.Options{Publisher: hubA})
	deskB, _ := support.NewDesk(store, support.Options{Publisher: hubB})

	t, err := deskA.Open(ctx, support.Customer("cus_1"), support.OpenRequest{
		Subject: "Where is my refund?", Category: support.CategoryRefund,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The customer's browser is connected to instance B.
	sub, err := hubB.Subscribe(ctx, chat.SubscribeRequest{Source: deskB, Viewer: support.Customer("cus_1"), Ticket: t.ID})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sub.Close()
	// An agent on instance A replies.
	if _, err := deskA.Reply(ctx, support.Agent("agt_1"), t.ID, support.ReplyRequest{Body: "It left us yesterday."}); err != nil {
		fmt.Println(err)
		return
	}
	if err := hubB.PollOnce(ctx); err != nil {
		fmt.Println(err)
		return
	}
	for sub.Last() < 3 {
		d, err := sub.Next(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(strings.TrimSpace(fmt.Sprint(d.Event.Seq, " ", d.Event.Kind, " ", d.Event.Body)))
	}
	// Output:
	// 1 created
	// 2 reply It left us yesterday.
	// 3 status
}
