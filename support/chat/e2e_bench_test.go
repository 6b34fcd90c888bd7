package chat_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
)

// BenchmarkCustomerMessage measures a customer's chat message end to end:
// Service.Send (masking, access and holder checks, the commit to memstore,
// the publish to the hub) until the agent's subscription has received it.
// The agent holds the chat, so no bot answers. It reports the p50 and p99
// of one message's latency besides ns/op. The "card" case carries a card
// number, so it also records the system message telling the customer what
// was masked.
func BenchmarkCustomerMessage(b *testing.B) {
	for _, c := range []struct{ name, text string }{
		{"plain", "I was charged twice for my order yesterday, can you check?"},
		{"card", "my card is 4111 1111 1111 1111, please check the refund"},
	} {
		b.Run(c.name, func(b *testing.B) { benchCustomerMessage(b, c.text) })
	}
}

func benchCustomerMessage(b *testing.B, text string) {
	ctx := context.Background()
	hub := chat.NewMemHub(chat.MemHubOptions{})
	defer hub.Close()
	desk, err := support.NewDesk(memstore.New(), support.Options{NoSLA: true, Publisher: hub})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := chat.New(chat.Options{Desk: desk, Store: memstore.NewChat(), Hub: hub})
	if err != nil {
		b.Fatal(err)
	}
	li, mei := support.Agent("li"), support.Customer("mei")
	if err := svc.SetAgent(ctx, li, chat.Agent{ID: "li", Presence: chat.Online, Capacity: 1}); err != nil {
		b.Fatal(err)
	}
	turn, err := svc.Start(ctx, mei, chat.StartRequest{Message: "hello", Language: language.English})
	if err != nil {
		b.Fatal(err)
	}
	if st, _ := svc.QueueStatus(ctx, li, turn.Ticket); st.Agent != "li" {
		b.Fatalf("li does not hold the chat: %+v", st)
	}
	sub, err := svc.Subscribe(ctx, li, turn.Ticket, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Close()
	// Catch up with the history so far.
	h, err := desk.History(ctx, li, turn.Ticket, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	for sub.Last() < h[len(h)-1].Seq {
		if _, err := sub.Next(ctx); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		t, err := svc.Send(ctx, mei, turn.Ticket, chat.SendRequest{Text: text})
		if err != nil {
			b.Fatal(err)
		}
		for {
			d, err := sub.Next(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if !d.IsSignal && d.Event.Seq == t.Message.Seq {
				break
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}
