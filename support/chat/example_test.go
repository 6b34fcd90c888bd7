package chat_test

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
)

// A whole chat in Chinese: the bot answers first, the customer asks for a
// person, waits in the queue, an agent comes online and replies, then
// transfers the chat to a colleague; the transcript keeps everything.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	n := 0
	hub := chat.NewMemHub(chat.MemHubOptions{})
	defer hub.Close()
	desk, _ := support.NewDesk(memstore.New(), support.Options{
		Now: clock, NoSLA: true, Publisher: hub,
		NewID: func() support.ID { n++; return support.ID(fmt.Sprintf("T-%d", n)) },
	})
	kb, _ := faq.Builtin(faq.Options{})
	svc, _ := chat.New(chat.Options{Desk: desk, Store: memstore.NewChat(), Hub: hub, KB: kb, Now: clock})

	mei := support.Customer("mei")
	zh := language.SimplifiedChinese
	turn, err := svc.Start(ctx, mei, chat.StartRequest{Message: "退款多久能到账？", Language: zh, Category: support.CategoryRefund})
	if err != nil {
		fmt.Println(err)
		return
	}
	id := turn.Ticket
	fmt.Println("bot:", turn.Replies[0].To == "refund-how-long")

	// Somebody else is already waiting; then mei asks for a person.
	if _, err := svc.Start(ctx, support.Customer("ann"), chat.StartRequest{Message: "my card was charged twice and nobody answers, please let me talk to a person", Language: zh}); err != nil {
		fmt.Println(err)
		return
	}
	turn, _ = svc.Handoff(ctx, mei, id)
	fmt.Printf("queue: waiting=%v position=%d\n", turn.Queue.Waiting, turn.Queue.Position)

	// The agent's own view of the chat, live.
	li := support.Agent("li")
	sub, _ := svc.Subscribe(ctx, li, id, 0)
	defer sub.Close()

	// li comes online with room for two chats and takes both.
	_ = svc.SetAgent(ctx, li, chat.Agent{ID: "li", Presence: chat.Online, Capacity: 2, Skills: chat.Skills{Languages: []language.Tag{zh}}})
	st, _ := svc.QueueStatus(ctx, mei, id)
	fmt.Println("held:", st.Held)

	if _, err := svc.Send(ctx, li, id, chat.SendRequest{Text: "您好，我来查一下您的退款。"}); err != nil {
		fmt.Println(err)
		return
	}
	// mei types her card number; it is masked before it is stored.
	turn, _ = svc.Send(ctx, mei, id, chat.SendRequest{Text: "卡号 4111 1111 1111 1111"})
	fmt.Println("stored:", turn.Message.Body)

	// li passes the chat to wang, who is online.
	_ = svc.SetAgent(ctx, support.Agent("wang"), chat.Agent{ID: "wang", Presence: chat.Online, Capacity: 1})
	if _, err := svc.Transfer(ctx, li, id, chat.Target{Agent: "wang"}); err != nil {
		fmt.Println(err)
		return
	}

	// What li's subscription delivered, up to the transfer.
	for {
		d, err := sub.Next(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		if d.IsSignal {
			continue
		}
		if d.Event.Field == chat.FieldTransferred {
			fmt.Println("li saw the transfer at event", d.Event.Seq)
			break
		}
	}

	lines, _ := svc.Transcript(ctx, mei, id)
	for _, l := range lines {
		text := l.Text
		if l.Kind == chat.FieldBot {
			text = fmt.Sprintf("%d articles, first %s", len(l.Articles), l.Articles[0])
		}
		fmt.Printf("%2d %-8s %-18s %s\n", l.Seq, l.Author, l.Kind, text)
	}
	// Output:
	// bot: true
	// queue: waiting=true position=2
	// held: true
	// stored: 卡号 4111 11** **** 1111
	// li saw the transfer at event 13
	//  1 customer created            退款多久能到账？
	//  2 customer message            退款多久能到账？
	//  3 bot      chat.bot           1 articles, first refund-how-long
	//  4 system   chat.handoff       正在为您转接人工客服，您之前的消息都会保留在对话中。
	//  5 system   chat.no_agent      目前没有能接待您的客服在线。您的消息已保存在工单中，客服上线后会在这里回复您。
	//  7 system   chat.joined        客服已加入对话。
	//  8 agent    message            您好，我来查一下您的退款。
	//  9 system   status             new → open
	// 10 customer message            卡号 4111 11** **** 1111
	// 11 system   chat.redacted      为保护您的安全，我们隐藏了您消息中的卡号。请勿在聊天中发送完整卡号、安全码（CVV）、验证码或密码，我们的工作人员绝不会向您索要这些信息。
	// 13 system   chat.transferred   您的对话已转给能进一步帮助您的同事。
	// 15 system   chat.joined        客服已加入对话。
}
