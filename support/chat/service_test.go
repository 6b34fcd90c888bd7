package chat_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
)

var (
	zh  = language.SimplifiedChinese
	en  = language.English
	bg  = context.Background()
	kbs struct {
		once sync.Once
		kb   *faq.KB
	}
)

func builtinKB(t testing.TB) *faq.KB {
	kbs.once.Do(func() {
		kb, err := faq.Builtin(faq.Options{})
		if err != nil {
			panic(err)
		}
		kbs.kb = kb
	})
	return kbs.kb
}

// env is a chat service over memory stores with a step clock.
type env struct {
	desk  *support.Desk
	store *memstore.ChatStore
	hub   *chat.MemHub
	svc   *chat.Service
	mu    sync.Mutex
	now   time.Time
}

func newEnv(t testing.TB, mod func(*chat.Options)) *env {
	e := &env{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), store: memstore.NewChat(), hub: chat.NewMemHub(chat.MemHubOptions{})}
	t.Cleanup(func() { e.hub.Close() })
	desk, err := support.NewDesk(memstore.New(), support.Options{Now: e.clock, NoSLA: true, Publisher: e.hub})
	require.NoError(t, err)
	e.desk = desk
	o := chat.Options{Desk: desk, Store: e.store, Hub: e.hub, KB: builtinKB(t), Now: e.clock}
	if mod != nil {
		mod(&o)
	}
	e.svc, err = chat.New(o)
	require.NoError(t, err)
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(time.Second)
	return e.now
}

func (e *env) online(t testing.TB, id string, capacity int, langs ...language.Tag) {
	t.Helper()
	require.NoError(t, e.svc.SetAgent(bg, support.Agent(id), chat.Agent{ID: id, Presence: chat.Online, Capacity: capacity, Skills: chat.Skills{Languages: langs}}))
}

func (e *env) history(t testing.TB, id support.ID) []support.Event {
	t.Helper()
	h, err := e.desk.History(bg, support.System("test"), id, 0, 0)
	require.NoError(t, err)
	return h
}

func fields(h []support.Event) []string {
	var out []string
	for _, e := range h {
		if e.Kind == support.EventCustom {
			out = append(out, e.Field)
		}
	}
	return out
}

func TestBotAnswersAndDeflects(t *testing.T) {
	e := newEnv(t, nil)
	mei := support.Customer("mei")
	turn, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "退款多久能到账？", Language: zh, Category: support.CategoryRefund})
	require.NoError(t, err)
	require.Len(t, turn.Replies, 1)
	bot := turn.Replies[0]
	assert.Equal(t, chat.FieldBot, bot.Field)
	assert.Contains(t, bot.To, "refund-how-long")
	assert.Contains(t, bot.Body, "以下文章")
	assert.Equal(t, "", bot.Actor.ID, "the customer does not see the system actor's name")
	assert.False(t, turn.Queue.Waiting)

	turn, err = e.svc.Resolve(bg, mei, turn.Ticket, "refund-how-long")
	require.NoError(t, err)
	tk, err := e.desk.Get(bg, mei, turn.Ticket)
	require.NoError(t, err)
	assert.Equal(t, support.StatusSolved, tk.Status)

	var tally chat.DeflectionTally
	tally.Add(tk, e.history(t, tk.ID))
	c := tally.Counts()
	require.Len(t, c, 1)
	assert.Equal(t, chat.DeflectionCount{DeflectionKey: chat.DeflectionKey{Language: zh, Category: support.CategoryRefund}, Chats: 1, BotAnswered: 1, Deflected: 1}, c[0])
	assert.Equal(t, 1.0, c[0].Rate())
}

func TestLowScoreHandsOffAndWaitsForAnAgent(t *testing.T) {
	e := newEnv(t, nil)
	ann := support.Customer("ann")
	turn, err := e.svc.Start(bg, ann, chat.StartRequest{Message: "what's the weather like on the moon tomorrow", Language: en})
	require.NoError(t, err)
	assert.Equal(t, []string{chat.FieldBot, chat.FieldHandoff, chat.FieldNoAgent}, fields(turn.Replies))
	assert.Empty(t, turn.Replies[0].To, "the bot found nothing")
	assert.True(t, turn.Queue.Waiting)
	assert.Equal(t, 1, turn.Queue.Position)
	assert.Equal(t, 0, turn.Queue.Agents)

	// The message stays on the ticket, in the Desk's queue.
	page, err := e.desk.SearchQueue(bg, support.Agent("x"), support.Query{Unassigned: true})
	require.NoError(t, err)
	require.Len(t, page.Tickets, 1)

	// An agent comes online and gets the chat.
	e.online(t, "li", 2)
	st, err := e.svc.QueueStatus(bg, ann, turn.Ticket)
	require.NoError(t, err)
	assert.True(t, st.Held)
	assert.Empty(t, st.Agent, "customers do not see the agent's ID in the status")
	h := e.history(t, turn.Ticket)
	assert.Equal(t, chat.FieldJoined, fields(h)[len(fields(h))-1])
	tk, _ := e.desk.Get(bg, support.Agent("li"), turn.Ticket)
	assert.Equal(t, "li", tk.Assignee)
}

func TestSecondQuestionHandsOff(t *testing.T) {
	e := newEnv(t, nil)
	e.online(t, "li", 1)
	c := support.Customer("c1")
	turn, err := e.svc.Start(bg, c, chat.StartRequest{Message: "how long does a refund take", Language: en})
	require.NoError(t, err)
	require.Equal(t, []string{chat.FieldBot}, fields(turn.Replies))
	turn, err = e.svc.Send(bg, c, turn.Ticket, chat.SendRequest{Text: "it has been three weeks and still nothing"})
	require.NoError(t, err)
	assert.Equal(t, []string{chat.FieldHandoff, chat.FieldJoined}, fields(turn.Replies))
	h := e.history(t, turn.Ticket)
	for _, ev := range h {
		if ev.Field == chat.FieldHandoff {
			assert.Equal(t, "second_question", ev.To)
		}
	}
	// With an agent holding the chat, the bot stays quiet.
	turn, err = e.svc.Send(bg, c, turn.Ticket, chat.SendRequest{Text: "how long does a refund take"})
	require.NoError(t, err)
	assert.Empty(t, turn.Replies)
}

func TestRoutingLeastBusyThenIdleLongest(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "a", 3)
	e.online(t, "b", 3)
	e.online(t, "zh-only", 3, zh)
	var holders []string
	for i := range 6 {
		turn, err := e.svc.Start(bg, support.Customer(fmt.Sprint("c", i)), chat.StartRequest{Message: "help", Language: en})
		require.NoError(t, err)
		require.True(t, turn.Queue.Held)
		st, err := e.svc.QueueStatus(bg, support.Agent("a"), turn.Ticket)
		require.NoError(t, err)
		holders = append(holders, st.Agent)
	}
	// a and b alternate (least busy, then idle longest); zh-only never gets English chats.
	assert.Equal(t, []string{"a", "b", "a", "b", "a", "b"}, holders)
	// Both are full now: the next chat waits.
	turn, err := e.svc.Start(bg, support.Customer("c9"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	assert.True(t, turn.Queue.Waiting)
	assert.Equal(t, 2, turn.Queue.Agents)
	assert.Equal(t, []string{chat.FieldHandoff, chat.FieldQueued}, fields(turn.Replies))
	assert.Contains(t, turn.Replies[1].Body, "number 1 in the queue")
	// A Chinese chat goes to the Chinese-speaking agent.
	turn, err = e.svc.Start(bg, support.Customer("c10"), chat.StartRequest{Message: "你好", Language: language.TraditionalChinese})
	require.NoError(t, err)
	st, err := e.svc.QueueStatus(bg, support.Agent("a"), turn.Ticket)
	require.NoError(t, err)
	assert.Equal(t, "zh-only", st.Agent)
	assert.Contains(t, turn.Replies[len(turn.Replies)-1].Body, "客服已加入對話", "Traditional Chinese texts")
}

func TestAfterHours(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	hours, err := support.ParseHours("Mon-Fri 09:00-17:00")
	require.NoError(t, err)
	cal, err := support.NewCalendar(shanghai, hours, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 09:00 UTC on Monday is 17:00 in Shanghai: closed.
	e := newEnv(t, func(o *chat.Options) { o.KB = nil; o.Calendar = cal })
	turn, err := e.svc.Start(bg, support.Customer("mei"), chat.StartRequest{Message: "在吗", Language: zh})
	require.NoError(t, err)
	last := turn.Replies[len(turn.Replies)-1]
	assert.Equal(t, chat.FieldAfterHours, last.Field)
	assert.Equal(t, "2026-03-03T09:00:00+08:00", last.To)
	assert.Contains(t, last.Body, "客服将于 2026-03-03 09:00 CST 回来")
	assert.True(t, turn.Queue.Waiting, "the chat still waits")
}

func TestAgentsActOnlyOnTheirChats(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 1)
	e.online(t, "wang", 1)
	turn, err := e.svc.Start(bg, support.Customer("mei"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	st, _ := e.svc.QueueStatus(bg, support.Agent("li"), turn.Ticket)
	holder, other := st.Agent, "wang"
	if holder == "wang" {
		other = "li"
	}
	before := len(e.history(t, turn.Ticket))
	_, err = e.svc.Send(bg, support.Agent(other), turn.Ticket, chat.SendRequest{Text: "hi"})
	var ae *chat.AgentError
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, chat.ErrNotAssigned)
	assert.Equal(t, other, ae.Agent)
	assert.ErrorIs(t, e.svc.Typing(bg, support.Agent(other), turn.Ticket, true), chat.ErrNotAssigned)
	assert.ErrorIs(t, e.svc.Leave(bg, support.Agent(other), turn.Ticket), chat.ErrNotAssigned)
	_, err = e.svc.Transfer(bg, support.Agent(other), turn.Ticket, chat.Target{Group: "x"})
	assert.ErrorIs(t, err, chat.ErrNotAssigned)
	assert.Len(t, e.history(t, turn.Ticket), before, "nothing stored")
	_, err = e.svc.Send(bg, support.Agent(holder), turn.Ticket, chat.SendRequest{Text: "hi"})
	assert.NoError(t, err)
}

func TestCustomersReachOnlyTheirChats(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	turn, err := e.svc.Start(bg, support.Customer("mei"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	eve := support.Customer("eve")
	before := len(e.history(t, turn.Ticket))
	_, err = e.svc.Send(bg, eve, turn.Ticket, chat.SendRequest{Text: "hi"})
	assert.ErrorIs(t, err, support.ErrNotFound)
	_, err = e.svc.Transcript(bg, eve, turn.Ticket)
	assert.ErrorIs(t, err, support.ErrNotFound)
	_, err = e.svc.Subscribe(bg, eve, turn.Ticket, 0)
	assert.ErrorIs(t, err, support.ErrNotFound)
	_, err = e.svc.MarkRead(bg, eve, turn.Ticket, 1)
	assert.ErrorIs(t, err, support.ErrNotFound)
	_, err = e.svc.Handoff(bg, eve, turn.Ticket)
	assert.ErrorIs(t, err, support.ErrNotFound)
	_, err = e.svc.Start(bg, eve, chat.StartRequest{Message: "hi", Ticket: turn.Ticket})
	assert.ErrorIs(t, err, support.ErrNotFound)
	assert.ErrorIs(t, e.svc.Typing(bg, eve, turn.Ticket, true), support.ErrNotFound)
	assert.Len(t, e.history(t, turn.Ticket), before)
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, nil)
	mei := support.Customer("mei")
	turn, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "how long does a refund take", Language: en})
	require.NoError(t, err)
	before := len(e.history(t, turn.Ticket))
	for name, tc := range map[string]struct {
		text string
		want error
	}{
		"empty":    {"", support.ErrEmptyBody},
		"spaces":   {" \n\t", support.ErrEmptyBody},
		"too long": {strings.Repeat("a", chat.MaxMessageBytes+1), support.ErrTooLong},
		"utf-8":    {"bad \xff", support.ErrInvalidUTF8},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.svc.Send(bg, mei, turn.Ticket, chat.SendRequest{Text: tc.text})
			assert.ErrorIs(t, err, tc.want)
			assert.ErrorIs(t, err, support.ErrInvalidInput)
			_, err = e.svc.Start(bg, mei, chat.StartRequest{Message: tc.text})
			assert.ErrorIs(t, err, tc.want)
		})
	}
	_, err = e.svc.Send(bg, mei, "tkt_nope", chat.SendRequest{Text: "hi"})
	assert.ErrorIs(t, err, support.ErrNotFound)
	_, err = e.svc.Subscribe(bg, mei, turn.Ticket, 1000)
	assert.ErrorIs(t, err, support.ErrSeqAhead)
	_, err = e.svc.MarkRead(bg, mei, turn.Ticket, 1000)
	assert.ErrorIs(t, err, support.ErrSeqAhead)
	_, err = e.svc.MarkRead(bg, mei, turn.Ticket, 0)
	assert.ErrorIs(t, err, support.ErrInvalidInput)
	_, err = e.svc.Start(bg, support.Agent("li"), chat.StartRequest{Message: "hi"})
	assert.ErrorIs(t, err, support.ErrForbidden)
	assert.ErrorIs(t, e.svc.SetAgent(bg, support.Agent("li"), chat.Agent{ID: "li", Presence: chat.Online}), support.ErrInvalidInput, "capacity 0")
	assert.ErrorIs(t, e.svc.SetAgent(bg, support.Agent("li"), chat.Agent{ID: "wang", Presence: chat.Online, Capacity: 1}), support.ErrForbidden)
	_, err = e.svc.Transfer(bg, support.Agent("li"), turn.Ticket, chat.Target{})
	assert.ErrorIs(t, err, support.ErrInvalidInput)
	assert.Len(t, e.history(t, turn.Ticket), before, "nothing stored")
}

func TestOfflineAgentsChatsAreRequeued(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 2)
	t1, err := e.svc.Start(bg, support.Customer("a"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	t2, err := e.svc.Start(bg, support.Customer("b"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	require.NoError(t, e.svc.SetAgent(bg, support.Agent("li"), chat.Agent{ID: "li", Presence: chat.Offline, Capacity: 2}))
	for _, id := range []support.ID{t1.Ticket, t2.Ticket} {
		st, err := e.svc.QueueStatus(bg, support.Agent("x"), id)
		require.NoError(t, err)
		assert.True(t, st.Waiting)
		f := fields(e.history(t, id))
		assert.Contains(t, f, chat.FieldLeft)
	}
	// Their places are kept: the first chat is first again.
	st, _ := e.svc.QueueStatus(bg, support.Agent("x"), t1.Ticket)
	assert.Equal(t, 1, st.Position)
	e.online(t, "wang", 1)
	st, _ = e.svc.QueueStatus(bg, support.Agent("x"), t1.Ticket)
	assert.Equal(t, "wang", st.Agent)
}

func TestDeclineAndTransfer(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 1)
	turn, err := e.svc.Start(bg, support.Customer("mei"), chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	require.NoError(t, e.svc.Decline(bg, support.Agent("li"), turn.Ticket))
	st, _ := e.svc.QueueStatus(bg, support.Agent("x"), turn.Ticket)
	assert.True(t, st.Waiting, "li declined and nobody else is online")
	e.online(t, "wang", 1)
	st, _ = e.svc.QueueStatus(bg, support.Agent("x"), turn.Ticket)
	assert.Equal(t, "wang", st.Agent)

	// wang transfers to the disputes group; li is not in it.
	require.NoError(t, e.svc.SetAgent(bg, support.Agent("zhao"), chat.Agent{ID: "zhao", Presence: chat.Away, Capacity: 1, Skills: chat.Skills{Groups: []string{"disputes"}}}))
	tr, err := e.svc.Transfer(bg, support.Agent("wang"), turn.Ticket, chat.Target{Group: "disputes"})
	require.NoError(t, err)
	assert.True(t, tr.Queue.Waiting, "zhao is away")
	tk, _ := e.desk.Get(bg, support.Agent("x"), turn.Ticket)
	assert.Equal(t, "disputes", tk.Group)
	require.NoError(t, e.svc.SetAgent(bg, support.Agent("zhao"), chat.Agent{ID: "zhao", Presence: chat.Online, Capacity: 1, Skills: chat.Skills{Groups: []string{"disputes"}}}))
	st, _ = e.svc.QueueStatus(bg, support.Agent("x"), turn.Ticket)
	assert.Equal(t, "zhao", st.Agent)

	// Transfer to a person waits for that person.
	_, err = e.svc.Transfer(bg, support.Agent("zhao"), turn.Ticket, chat.Target{Agent: "nobody"})
	assert.ErrorIs(t, err, chat.ErrUnknownAgent)
	tr, err = e.svc.Transfer(bg, support.Agent("zhao"), turn.Ticket, chat.Target{Agent: "li"})
	require.NoError(t, err)
	assert.Equal(t, "li", tr.Queue.Agent, "a transfer to li overrides li's earlier decline")
	_, err = e.svc.End(bg, support.Customer("mei"), turn.Ticket)
	require.NoError(t, err)
	st, _ = e.svc.QueueStatus(bg, support.Agent("x"), turn.Ticket)
	assert.False(t, st.Waiting)
	assert.False(t, st.Held)
}

func TestReceiptsAndTranscript(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 1)
	mei, li := support.Customer("mei"), support.Agent("li")
	turn, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	reply, err := e.svc.Send(bg, li, turn.Ticket, chat.SendRequest{Text: "Hello, how can I help?"})
	require.NoError(t, err)
	_, err = e.desk.AddNote(bg, li, turn.Ticket, "internal")
	require.NoError(t, err)

	lines, err := e.svc.Transcript(bg, mei, turn.Ticket)
	require.NoError(t, err)
	var last chat.Line
	for _, l := range lines {
		if l.Kind == "message" {
			last = l
		}
	}
	assert.Equal(t, chat.AuthorAgent, last.Author)
	assert.Equal(t, "Hello, how can I help?", last.Text)
	assert.False(t, last.Read)
	for _, l := range lines {
		assert.NotEqual(t, "note", l.Kind, "customers never see notes")
	}

	r, err := e.svc.MarkRead(bg, mei, turn.Ticket, reply.Message.Seq)
	require.NoError(t, err)
	assert.Equal(t, reply.Message.Seq, r.Seq)
	r, err = e.svc.MarkRead(bg, mei, turn.Ticket, 1)
	require.NoError(t, err)
	assert.Equal(t, reply.Message.Seq, r.Seq, "receipts never move back")
	lines, err = e.svc.Transcript(bg, mei, turn.Ticket)
	require.NoError(t, err)
	for _, l := range lines {
		if l.Seq == reply.Message.Seq {
			assert.True(t, l.Read)
			assert.True(t, l.Delivered)
		}
		if l.Author == chat.AuthorCustomer {
			assert.False(t, l.Read, "li has not read it")
		}
	}
	staff, err := e.svc.Transcript(bg, li, turn.Ticket)
	require.NoError(t, err)
	assert.Equal(t, "note", staff[len(staff)-1].Kind)
}

func TestRetriedSendsDoNotRepeat(t *testing.T) {
	e := newEnv(t, nil)
	mei := support.Customer("mei")
	first, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "how long does a refund take", Language: en, IdempotencyKey: "k1"})
	require.NoError(t, err)
	again, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "how long does a refund take", Language: en, IdempotencyKey: "k1"})
	require.NoError(t, err)
	assert.Equal(t, first.Ticket, again.Ticket)
	assert.Equal(t, first.Message.Seq, again.Message.Seq)
	assert.Equal(t, first.Replies, again.Replies)
	assert.Len(t, fields(e.history(t, first.Ticket)), 1, "one bot answer")
}

func TestConcurrentMessagesOnOneChat(t *testing.T) {
	e := newEnv(t, func(o *chat.Options) { o.KB = nil })
	e.online(t, "li", 1)
	mei, li := support.Customer("mei"), support.Agent("li")
	turn, err := e.svc.Start(bg, mei, chat.StartRequest{Message: "help", Language: en})
	require.NoError(t, err)
	sub, err := e.svc.Subscribe(bg, li, turn.Ticket, 0)
	require.NoError(t, err)
	defer sub.Close()
	var wg sync.WaitGroup
	const writers, each = 8, 25
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := mei
			if w%2 == 1 {
				a = li
			}
			for i := range each {
				_, err := e.svc.Send(bg, a, turn.Ticket, chat.SendRequest{Text: fmt.Sprintf("m %d %d", w, i)})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	h := e.history(t, turn.Ticket)
	replies := 0
	for _, ev := range h {
		if ev.Kind == support.EventReply {
			replies++
		}
	}
	assert.Equal(t, writers*each+1, replies)
	ctx, cancel := context.WithTimeout(bg, 10*time.Second)
	defer cancel()
	var last int64
	for last < h[len(h)-1].Seq {
		d, err := sub.Next(ctx)
		require.NoError(t, err)
		if d.IsSignal {
			continue
		}
		require.Equal(t, last+1, d.Event.Seq, "in order, no gap, no duplicate")
		last = d.Event.Seq
	}
}

func TestNewNeedsDeskAndStore(t *testing.T) {
	_, err := chat.New(chat.Options{})
	assert.Error(t, err)
	_, err = chat.New(chat.Options{Desk: &support.Desk{}})
	assert.Error(t, err)
	var ae *chat.AgentError
	assert.False(t, errors.As(err, &ae))
}
