package feedback_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/memstore"
)

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// syncBuffer is a log sink safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type fixture struct {
	desk  *support.Desk
	svc   *feedback.Service
	store *memstore.FeedbackStore
	clock *clock
	log   *syncBuffer
}

func newFixture(t *testing.T, o feedback.Options) *fixture {
	t.Helper()
	f := &fixture{clock: &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, log: &syncBuffer{}, store: memstore.NewFeedback()}
	n := 0
	var mu sync.Mutex
	desk, err := support.NewDesk(memstore.New(), support.Options{Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f.desk = desk
	o.Store, o.Desk, o.Now = f.store, desk, f.clock.Now
	o.NewID = func() string { mu.Lock(); defer mu.Unlock(); n++; return fmt.Sprintf("S-%d", n) }
	o.Logger = slog.New(slog.NewTextHandler(f.log, nil))
	if f.svc, err = feedback.New(o); err != nil {
		t.Fatal(err)
	}
	return f
}

// solved opens a ticket of customer, assigned to agent a1 in group g1, and
// solves it.
func (f *fixture) solved(t *testing.T, customer string) *support.Ticket {
	t.Helper()
	ctx := context.Background()
	tk, err := f.desk.Open(ctx, support.Agent("a1"), support.OpenRequest{Customer: customer, Subject: "refund late",
		Category: support.CategoryRefund, Language: language.SimplifiedChinese, Channel: support.ChannelApp, Assignee: "a1", Group: "g1"})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = f.desk.Solve(ctx, support.Agent("a1"), tk.ID); err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestOfferAndAnswer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, feedback.Options{})
	tk := f.solved(t, "mei")
	sv, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.CSAT, Trigger: feedback.TriggerSolved, Ticket: tk.ID, Customer: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	want := feedback.Dimensions{Ticket: tk.ID, Agent: "a1", Group: "g1", Category: support.CategoryRefund,
		Channel: support.ChannelApp, Language: language.SimplifiedChinese}
	if sv.Customer != "mei" || sv.Dimensions != want || sv.ExpiresAt.Sub(sv.OfferedAt) != feedback.DefaultTTL {
		t.Fatalf("offered %+v", sv)
	}
	f.clock.Add(time.Hour)
	got, err := f.svc.Answer(ctx, support.Customer("mei"), sv.ID, feedback.Answer{Score: 2, Reason: feedback.ReasonSlow, Comment: "card 4111 1111 1111 1111 was refunded late"})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Answered() || got.Score != 2 || strings.Contains(got.Comment, "4111 1111 1111 1111") {
		t.Fatalf("answered %+v", got)
	}
	evs, err := f.desk.History(ctx, support.Agent("a1"), tk.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Kind != support.EventCustom || last.Field != feedback.FieldAnswered || last.To != "csat:2" || last.From != feedback.ReasonSlow || last.Body != got.Comment || last.Internal {
		t.Fatalf("history event %+v", last)
	}
	// The customer sees it too.
	cevs, err := f.desk.History(ctx, support.Customer("mei"), tk.ID, 0, 0)
	if err != nil || cevs[len(cevs)-1].Field != feedback.FieldAnswered {
		t.Fatalf("customer history: %v %+v", err, cevs)
	}

	// Offered once.
	_, err = f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.NPS, Trigger: feedback.TriggerSolved, Ticket: tk.ID})
	var oe *feedback.OfferedError
	if !errors.As(err, &oe) || oe.Survey.ID != sv.ID {
		t.Fatalf("second offer: %v", err)
	}
	// Answered once: the first answer stands, the history has one event.
	_, err = f.svc.Answer(ctx, support.Customer("mei"), sv.ID, feedback.Answer{Score: 5})
	var ae *feedback.AnsweredError
	if !errors.As(err, &ae) || ae.Survey.Score != 2 {
		t.Fatalf("second answer: %v", err)
	}
	evs2, _ := f.desk.History(ctx, support.Agent("a1"), tk.ID, 0, 0)
	if len(evs2) != len(evs) {
		t.Fatalf("a refused answer wrote history")
	}
}

func TestAnswerRefusals(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, feedback.Options{TTL: 24 * time.Hour, Reasons: []string{"slow", "rude"}})
	tk := f.solved(t, "mei")
	sv, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.NPS, Trigger: feedback.TriggerSolved, Ticket: tk.ID})
	if err != nil {
		t.Fatal(err)
	}
	mei := support.Customer("mei")
	cases := []struct {
		name   string
		actor  support.Actor
		id     string
		answer feedback.Answer
		target error
		warned bool
	}{
		{"score over", mei, sv.ID, feedback.Answer{Score: 11}, feedback.ErrScoreRange, false},
		{"score under", mei, sv.ID, feedback.Answer{Score: -1}, support.ErrInvalidInput, false},
		{"unknown reason", mei, sv.ID, feedback.Answer{Score: 3, Reason: "other"}, feedback.ErrUnknownReason, false},
		{"long comment", mei, sv.ID, feedback.Answer{Score: 3, Comment: strings.Repeat("x", feedback.MaxCommentBytes+1)}, support.ErrTooLong, false},
		{"another customer", support.Customer("bob"), sv.ID, feedback.Answer{Score: 10}, feedback.ErrNotFound, true},
		{"agent", support.Agent("a1"), sv.ID, feedback.Answer{Score: 10}, support.ErrForbidden, true},
		{"no survey", mei, "S-99", feedback.Answer{Score: 10}, feedback.ErrNotFound, true},
		{"no actor", support.Actor{}, sv.ID, feedback.Answer{Score: 10}, support.ErrInvalidActor, false},
	}
	for _, c := range cases {
		before := f.log.String()
		_, err := f.svc.Answer(ctx, c.actor, c.id, c.answer)
		if !errors.Is(err, c.target) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.target)
		}
		logged := strings.Contains(strings.TrimPrefix(f.log.String(), before), "level=WARN")
		if logged != c.warned {
			t.Errorf("%s: warned %v, want %v", c.name, logged, c.warned)
		}
	}
	// Someone else's survey is not even readable.
	if _, err := f.svc.Get(ctx, support.Customer("bob"), sv.ID); !errors.Is(err, feedback.ErrNotFound) {
		t.Errorf("bob's Get: %v", err)
	}
	if got, err := f.svc.Get(ctx, mei, sv.ID); err != nil || got.Answered() {
		t.Fatalf("nothing changed: %v %+v", err, got)
	}
	f.clock.Add(24 * time.Hour)
	_, err = f.svc.Answer(ctx, mei, sv.ID, feedback.Answer{Score: 9})
	var ee *feedback.ExpiredError
	if !errors.As(err, &ee) || !ee.ExpiresAt.Equal(sv.ExpiresAt) {
		t.Fatalf("expired: %v", err)
	}
	// The host's automation may answer for the customer (a signed e-mail link).
	f.clock.Add(-time.Minute)
	if _, err := f.svc.Answer(ctx, support.System("mail-link"), sv.ID, feedback.Answer{Score: 9}); err != nil {
		t.Fatal(err)
	}
}

func TestOfferRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, feedback.Options{OptOut: func(t *support.Ticket) bool { return t.Customer == "vip" }})
	agent := support.Agent("a1")
	offer := func(tr feedback.Trigger, id support.ID) error {
		_, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.CSAT, Trigger: tr, Ticket: id})
		return err
	}

	open, err := f.desk.Open(ctx, agent, support.OpenRequest{Customer: "mei", Subject: "open", Category: support.CategoryRefund})
	if err != nil {
		t.Fatal(err)
	}
	if err := offer(feedback.TriggerSolved, open.ID); !errors.Is(err, feedback.ErrNotSolved) || !errors.Is(err, feedback.ErrNotEligible) {
		t.Errorf("open ticket: %v", err)
	}

	dup, keep := f.solved(t, "mei"), f.solved(t, "mei")
	if _, err := f.desk.Reopen(ctx, agent, dup.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.Merge(ctx, agent, dup.ID, keep.ID); err != nil {
		t.Fatal(err)
	}
	for _, tr := range []feedback.Trigger{feedback.TriggerSolved, feedback.TriggerChatEnded} {
		if err := offer(tr, dup.ID); !errors.Is(err, feedback.ErrMerged) {
			t.Errorf("merged ticket, %s: %v", tr, err)
		}
	}

	auto := f.solved(t, "mei")
	f.clock.Add(96 * time.Hour)
	if _, err := f.desk.CloseSolved(ctx, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := offer(feedback.TriggerSolved, auto.ID); !errors.Is(err, feedback.ErrAutoClosed) {
		t.Errorf("auto-closed ticket: %v", err)
	}

	byHand := f.solved(t, "mei")
	if _, err := f.desk.Close(ctx, agent, byHand.ID); err != nil {
		t.Fatal(err)
	}
	if err := offer(feedback.TriggerSolved, byHand.ID); err != nil {
		t.Errorf("ticket closed by an agent: %v", err)
	}

	vip := f.solved(t, "vip")
	if err := offer(feedback.TriggerSolved, vip.ID); !errors.Is(err, feedback.ErrOptedOut) {
		t.Errorf("opted out: %v", err)
	}
	if err := offer(feedback.TriggerSolved, "nope"); !errors.Is(err, support.ErrNotFound) {
		t.Errorf("missing ticket: %v", err)
	}
	if err := offer(feedback.TriggerChatEnded, open.ID); err != nil {
		t.Errorf("chat ended on an open ticket: %v", err)
	}
	if err := offer(feedback.TriggerSolved, ""); !errors.Is(err, support.ErrInvalidInput) {
		t.Errorf("no ticket: %v", err)
	}
	if _, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.CSATBinary, Trigger: feedback.TriggerArticle, Customer: "mei", Article: "refund-times"}); err != nil {
		t.Errorf("article: %v", err)
	}
	if _, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.CSATBinary, Trigger: feedback.TriggerArticle, Customer: "mei"}); !errors.Is(err, support.ErrInvalidInput) {
		t.Errorf("article without article: %v", err)
	}

	// A survey answered after its ticket closed is stored; the frozen
	// history is left alone.
	late := f.solved(t, "mei")
	sv, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.CSAT, Trigger: feedback.TriggerSolved, Ticket: late.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.Close(ctx, agent, late.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Answer(ctx, support.Customer("mei"), sv.ID, feedback.Answer{Score: 5}); err != nil {
		t.Fatalf("answer after close: %v", err)
	}
}

// TestConcurrentAnswers races many answers to one survey through the
// Service: exactly one wins, and the history has exactly one answer.
func TestConcurrentAnswers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, feedback.Options{})
	tk := f.solved(t, "mei")
	sv, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.NPS, Trigger: feedback.TriggerSolved, Ticket: tk.ID})
	if err != nil {
		t.Fatal(err)
	}
	const n = 64
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = f.svc.Answer(ctx, support.Customer("mei"), sv.ID, feedback.Answer{Score: i % 11})
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, feedback.ErrAnswered):
			t.Errorf("unexpected error %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d answers won", wins)
	}
	evs, _ := f.desk.History(ctx, support.Agent("a1"), tk.ID, 0, 0)
	recorded := 0
	for _, e := range evs {
		if e.Field == feedback.FieldAnswered {
			recorded++
		}
	}
	if recorded != 1 {
		t.Fatalf("%d answers in the history", recorded)
	}
}

func TestAggregate(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, feedback.Options{})
	for i := range 10 {
		sv, err := f.svc.Offer(ctx, feedback.OfferRequest{Kind: feedback.NPS, Trigger: feedback.TriggerArticle, Customer: fmt.Sprint("c", i), Article: "a"})
		if err != nil {
			t.Fatal(err)
		}
		if i < 8 {
			if _, err := f.svc.Answer(ctx, support.Customer(fmt.Sprint("c", i)), sv.ID, feedback.Answer{Score: i + 3}); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.Add(time.Hour)
	}
	r, _ := feedback.NewReport(feedback.Grouping{})
	if err := f.svc.Aggregate(ctx, time.Time{}, time.Time{}, r); err != nil {
		t.Fatal(err)
	}
	tot := r.Total()
	// scores 3..10: detractors 3,4,5,6; passives 7,8; promoters 9,10.
	if tot.Offered != 10 || tot.NPSAnswers() != 8 || tot.NPS().FormatPercent(1) != "-25.0" || tot.ResponseRate().FormatPercent(0) != "80" {
		t.Fatalf("total %+v nps %s", tot, tot.NPS().FormatPercent(1))
	}
}

func TestNewRandomID(t *testing.T) {
	a, b := feedback.NewRandomID(), feedback.NewRandomID()
	if a == b || len(a) != 24 || !strings.HasPrefix(a, "srv_") {
		t.Fatalf("%q %q", a, b)
	}
}

func TestMessages(t *testing.T) {
	m := feedback.DefaultMessages()
	for _, tag := range []language.Tag{language.English, language.SimplifiedChinese, language.TraditionalChinese, language.MustParse("zh-TW")} {
		for _, k := range []feedback.Kind{feedback.CSAT, feedback.CSATBinary, feedback.NPS} {
			for _, tr := range []feedback.Trigger{feedback.TriggerSolved, feedback.TriggerChatEnded, feedback.TriggerArticle} {
				if q := m.Question(tag, k, tr); strings.HasPrefix(q, "feedback.") {
					t.Errorf("%s %s %s: no text", tag, k, tr)
				}
			}
		}
		for _, r := range feedback.DefaultReasons() {
			if l := m.Reason(tag, r); strings.HasPrefix(l, "feedback.") {
				t.Errorf("%s reason %s: no label", tag, r)
			}
		}
	}
	if got := m.Text(language.MustParse("zh-HK"), feedback.MsgThanks); got != "感謝您的意見回饋！" {
		t.Errorf("zh-HK thanks %q", got)
	}
	if got := m.Text(language.MustParse("zh-CN"), feedback.MsgReasonPrompt); got != "很抱歉。请问哪里出了问题？" {
		t.Errorf("zh-CN prompt %q", got)
	}
}
