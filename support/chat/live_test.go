package chat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// next returns the next delivery of sub, failing the test after a second.
func next(t *testing.T, sub chat.Subscription) chat.Delivery {
	t.Helper()
	ctx, cancel := context.WithTimeout(bg, time.Second)
	defer cancel()
	d, err := sub.Next(ctx)
	require.NoError(t, err)
	return d
}

// nextSignal skips events until a signal of kind k arrives.
func nextSignal(t *testing.T, sub chat.Subscription, k chat.SignalKind) chat.Signal {
	t.Helper()
	for {
		d := next(t, sub)
		if d.IsSignal && d.Signal.Kind == k {
			return d.Signal
		}
	}
}

func TestSecretsAreMaskedAndTheCustomerWarned(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 1)
	mei, li := support.Customer("mei"), support.Agent("li")
	turn, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "我要改手机号", Language: zh})
	require.NoError(t, err)

	sent, err := e.svc.Send(bg, mei, turn.Ticket, chat.SendRequest{Text: "验证码是 482913，卡号 4111-1111-1111-1111"})
	require.NoError(t, err)
	assert.Equal(t, "验证码是 ******，卡号 4111-11**-****-1111", sent.Message.Body)
	require.Equal(t, []string{chat.FieldRedacted, chat.FieldScamWarning}, fields(sent.Replies))
	assert.Contains(t, sent.Replies[0].Body, "卡号", "told in Chinese what was hidden")
	assert.Contains(t, sent.Replies[0].Body, "验证码")
	assert.Equal(t, "never-share-codes", sent.Replies[1].To, "the warning links the article")
	assert.False(t, sent.Replies[0].Internal)

	// Only masked text is stored, anywhere in the history.
	for _, ev := range e.history(t, turn.Ticket) {
		assert.NotContains(t, ev.Body, "482913")
		assert.NotContains(t, strings.ReplaceAll(ev.Body, "-", ""), "4111111111111111")
	}

	// An agent's secret is masked too; the notice is for staff only.
	sent, err = e.svc.Send(bg, li, turn.Ticket, chat.SendRequest{Text: "is it 5555 5555 5555 4444?"})
	require.NoError(t, err)
	assert.Equal(t, "is it 5555 55** **** 4444?", sent.Message.Body)
	require.Equal(t, []string{chat.FieldRedacted}, fields(sent.Replies))
	assert.True(t, sent.Replies[0].Internal)
	lines, err := e.svc.Transcript(bg, mei, turn.Ticket)
	require.NoError(t, err)
	n := 0
	for _, l := range lines {
		if l.Kind == chat.FieldRedacted {
			n++
		}
	}
	assert.Equal(t, 1, n, "the customer sees the notice about their own message only")

	// A customer about to hand over a code is warned before any digit.
	sent, err = e.svc.Send(bg, mei, turn.Ticket, chat.SendRequest{Text: "ok I'll send you the code"})
	require.NoError(t, err)
	assert.Equal(t, []string{chat.FieldScamWarning}, fields(sent.Replies))
	// Ordinary text changes nothing and warns of nothing.
	sent, err = e.svc.Send(bg, mei, turn.Ticket, chat.SendRequest{Text: "my order 20261205 cost 1,234.56 CNY"})
	require.NoError(t, err)
	assert.Equal(t, "my order 20261205 cost 1,234.56 CNY", sent.Message.Body)
	assert.Empty(t, sent.Replies)
}

func TestLiveQueueTypingAndReceipts(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	mei, ann, li := support.Customer("mei"), support.Customer("ann"), support.Agent("li")
	first, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	second, err := e.svc.Start(bg, ann, chat.StartRequest{Message: "help too", Language: en})
	require.NoError(t, err)
	assert.Equal(t, 2, second.Queue.Position)

	annSub, err := e.svc.Subscribe(bg, ann, second.Ticket, 0)
	require.NoError(t, err)
	defer annSub.Close()
	// Catch up with the stored history first.
	for annSub.Last() < second.Message.Seq {
		next(t, annSub)
	}

	// li comes online with room for one: mei's chat is taken and ann moves up.
	e.online(t, "li", 1)
	sig := nextSignal(t, annSub, chat.SignalQueue)
	assert.Equal(t, 1, sig.Position)
	st, err := e.svc.QueueStatus(bg, ann, second.Ticket)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Position)
	assert.Empty(t, st.Agent, "customers do not see agent IDs")

	// Typing reaches the other side live and is never stored.
	liSub, err := e.svc.Subscribe(bg, li, first.Ticket, 0)
	require.NoError(t, err)
	defer liSub.Close()
	before := len(e.history(t, first.Ticket))
	require.NoError(t, e.svc.Typing(bg, mei, first.Ticket, true))
	typing := nextSignal(t, liSub, chat.SignalTyping)
	assert.True(t, typing.Typing)
	assert.Equal(t, "mei", typing.Actor.ID)
	assert.Len(t, e.history(t, first.Ticket), before, "typing is never stored")

	// A receipt is a signal too, and resuming does not replay signals.
	msg, err := e.svc.Send(bg, li, first.Ticket, chat.SendRequest{Text: "Hello!"})
	require.NoError(t, err)
	_, err = e.svc.MarkRead(bg, mei, first.Ticket, msg.Message.Seq)
	require.NoError(t, err)
	rec := nextSignal(t, liSub, chat.SignalReceipt)
	assert.Equal(t, msg.Message.Seq, rec.Seq)
	_, err = e.svc.MarkRead(bg, mei, first.Ticket, msg.Message.Seq+100)
	assert.ErrorIs(t, err, support.ErrSeqAhead)

	resumed, err := e.svc.Subscribe(bg, li, first.Ticket, liSub.Last())
	require.NoError(t, err)
	defer resumed.Close()
	_, err = e.svc.Send(bg, mei, first.Ticket, chat.SendRequest{Text: "thanks"})
	require.NoError(t, err)
	d := next(t, resumed)
	assert.False(t, d.IsSignal)
	assert.Equal(t, "thanks", d.Event.Body, "the next event, no signal replayed, nothing repeated")
}

func TestTakeAndEnd(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	mei, li := support.Customer("mei"), support.Agent("li")
	turn, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	require.NoError(t, e.svc.SetAgent(bg, li, chat.Agent{ID: "li", Presence: chat.Away, Capacity: 2}))
	_, err = e.svc.Take(bg, li, turn.Ticket)
	assert.ErrorIs(t, err, chat.ErrAgentFull, "an away agent takes nothing")
	require.NoError(t, e.svc.SetAgent(bg, li, chat.Agent{ID: "li", Presence: chat.Online, Capacity: 2}))
	st, err := e.svc.QueueStatus(bg, li, turn.Ticket)
	require.NoError(t, err)
	assert.Equal(t, "li", st.Agent, "coming online took the waiting chat")
	_, err = e.svc.Take(bg, li, turn.Ticket)
	assert.ErrorIs(t, err, chat.ErrNotWaiting)

	end, err := e.svc.End(bg, li, turn.Ticket)
	require.NoError(t, err)
	assert.False(t, end.Queue.Held)
	a, err := e.svc.Agent(bg, li, "li")
	require.NoError(t, err)
	assert.Empty(t, a.Chats, "the slot is free again")
	_, err = e.svc.Send(bg, li, turn.Ticket, chat.SendRequest{Text: "still there?"})
	assert.ErrorIs(t, err, chat.ErrNotAssigned, "an ended chat is nobody's")
}

func TestFreedSlotsTakeTheNextChat(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 1)
	li := support.Agent("li")
	first, err := e.svc.Start(bg, support.Customer("mei"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	second, err := e.svc.Start(bg, support.Customer("ann"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	third, err := e.svc.Start(bg, support.Customer("bo"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	assert.True(t, second.Queue.Waiting)

	// Ending a chat gives li the next one in the queue.
	_, err = e.svc.End(bg, li, first.Ticket)
	require.NoError(t, err)
	st, err := e.svc.QueueStatus(bg, li, second.Ticket)
	require.NoError(t, err)
	assert.Equal(t, "li", st.Agent, "the freed slot took the next chat")
	st, err = e.svc.QueueStatus(bg, li, third.Ticket)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Position)

	// Leaving a chat sends it to another agent, never back to li, and
	// li's slot takes the next chat.
	e.online(t, "wang", 1)
	st, _ = e.svc.QueueStatus(bg, li, third.Ticket)
	require.Equal(t, "wang", st.Agent)
	fourth, err := e.svc.Start(bg, support.Customer("cy"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	require.True(t, fourth.Queue.Waiting)
	require.NoError(t, e.svc.Leave(bg, li, second.Ticket))
	st, _ = e.svc.QueueStatus(bg, li, second.Ticket)
	assert.True(t, st.Waiting, "wang is full and li left it")
	st, _ = e.svc.QueueStatus(bg, li, fourth.Ticket)
	assert.Equal(t, "li", st.Agent, "li took the next chat instead")
	_, err = e.svc.End(bg, support.Agent("wang"), third.Ticket)
	require.NoError(t, err)
	st, _ = e.svc.QueueStatus(bg, li, second.Ticket)
	assert.Equal(t, "wang", st.Agent)
}
