package cases_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/memstore"
)

// notes is a Notifier and an Alerter that keeps what it is told.
type notes struct {
	mu     sync.Mutex
	sent   []support.Notification
	alerts []cases.ComplaintAlert
}

func (n *notes) Notify(_ context.Context, x support.Notification) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, x)
	return nil
}

func (n *notes) Alert(_ context.Context, a cases.ComplaintAlert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.alerts = append(n.alerts, a)
	return nil
}

func (n *notes) last(t *testing.T) support.Notification {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.sent) == 0 {
		t.Fatal("no notification")
	}
	return n.sent[len(n.sent)-1]
}

type complaintEnv struct {
	desk  *support.Desk
	svc   *cases.Service
	notes *notes
	mu    sync.Mutex
	now   time.Time
}

func (e *complaintEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *complaintEnv) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

// newComplaintEnv: Monday 2 March 2026, 10:00 in Shanghai; business hours
// Mon-Fri 09:00-18:00 there.
func newComplaintEnv(t testing.TB) *complaintEnv {
	t.Helper()
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	hours, err := support.ParseHours("Mon-Fri 09:00-18:00")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := support.NewCalendar(sh, hours, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &complaintEnv{now: time.Date(2026, 3, 2, 10, 0, 0, 0, sh), notes: &notes{}}
	e.desk, err = support.NewDesk(memstore.New(), support.Options{Now: e.clock, NoSLA: true})
	if err != nil {
		t.Fatal(err)
	}
	e.svc, err = cases.New(cases.Options{Desk: e.desk, Store: memstore.NewCases(), Now: e.clock,
		Calendar: cal, Notifier: e.notes, Alerter: e.notes})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var (
	mei   = support.Customer("mei")
	eve   = support.Customer("eve")
	staff = support.Agent("li")
)

func TestComplaintJourney(t *testing.T) {
	e := newComplaintEnv(t)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Transfer fee charged twice",
		Description: "I was charged the transfer fee twice on 28 Feb.", Language: language.SimplifiedChinese})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stage != cases.StageReceived || c.Customer != "mei" {
		t.Fatalf("filed: %+v", c)
	}
	// One business day is 8 h of business time: Monday 10:00 + 8 h, in
	// days of 09:00-18:00, is Monday 18:00.
	if want := "2026-03-02 18:00 CST"; !strings.Contains(c.Next, want) {
		t.Errorf("next %q lacks the target %s", c.Next, want)
	}
	// 15 business days of 8 h = 120 h of 9-hour days: 13 days and 3 hours
	// of business time after Monday 10:00.
	if got := c.Deadline.In(c.Since.Location()); got.Weekday() == time.Saturday || got.Weekday() == time.Sunday {
		t.Errorf("deadline on a weekend: %v", got)
	}
	n := e.notes.last(t)
	if n.Language != language.SimplifiedChinese || !strings.Contains(n.Text, "我们已收到您的投诉") || !strings.Contains(n.Title, "已受理") {
		t.Errorf("notification %+v", n)
	}

	for _, step := range []struct {
		to     cases.Stage
		reason string
		want   string
	}{
		{cases.StageVerifying, "checking both charges with the bank", "核实"},
		{cases.StageInvestigating, "both charges confirmed", "调查"},
		{cases.StageResolutionProposed, "退还重复收取的 15.00 元手续费", "退还重复收取的 15.00 元手续费"},
	} {
		e.advance(time.Hour)
		c, err = e.svc.MoveComplaint(ctx, staff, c.Ticket, step.to, step.reason)
		if err != nil {
			t.Fatalf("to %s: %v", step.to, err)
		}
		if c.Stage != step.to {
			t.Fatalf("stage %s, want %s", c.Stage, step.to)
		}
		if n := e.notes.last(t); !strings.Contains(n.Text, step.want) {
			t.Errorf("%s: notification %q lacks %q", step.to, n.Text, step.want)
		}
	}
	// The customer contests; back to investigating with the reason kept.
	c, err = e.svc.ContestResolution(ctx, mei, c.Ticket, "the FX fee was charged twice too")
	if err != nil {
		t.Fatal(err)
	}
	if c.Stage != cases.StageInvestigating || !strings.Contains(c.Changes[len(c.Changes)-1].Reason, "FX fee") {
		t.Fatalf("contested: %+v", c.Changes[len(c.Changes)-1])
	}
	if _, err = e.svc.MoveComplaint(ctx, staff, c.Ticket, cases.StageResolutionProposed, "refund both fees"); err != nil {
		t.Fatal(err)
	}
	c, err = e.svc.AcceptResolution(ctx, mei, c.Ticket)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stage != cases.StageResolved || !c.Target.IsZero() {
		t.Fatalf("accepted: %+v", c)
	}
	// The whole process is in the history, and the customer sees it.
	st, err := e.svc.ComplaintStatus(ctx, mei, c.Ticket)
	if err != nil {
		t.Fatal(err)
	}
	var path []string
	for _, ch := range st.Changes {
		path = append(path, ch.To.String())
		if ch.By.Role.IsStaff() && ch.By.ID != "" {
			t.Errorf("the customer sees staff ID %q", ch.By.ID)
		}
	}
	if got := strings.Join(path, ">"); got != "received>verifying>investigating>resolution_proposed>investigating>resolution_proposed>resolved" {
		t.Errorf("path %s", got)
	}
	// Final: nothing moves it any more.
	if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, cases.StageInvestigating, "reopen"); !errors.Is(err, cases.ErrForbiddenMove) {
		t.Errorf("move after resolved: %v", err)
	}
}

func TestComplaintMovesFollowTheProcess(t *testing.T) {
	for _, from := range cases.Stages() {
		for _, to := range cases.Stages() {
			want := map[[2]cases.Stage]bool{
				{cases.StageReceived, cases.StageVerifying}: true, {cases.StageReceived, cases.StageInvestigating}: true,
				{cases.StageReceived, cases.StageRejected}: true, {cases.StageVerifying, cases.StageInvestigating}: true,
				{cases.StageVerifying, cases.StageRejected}: true, {cases.StageInvestigating, cases.StageResolutionProposed}: true,
				{cases.StageInvestigating, cases.StageRejected}: true, {cases.StageResolutionProposed, cases.StageResolved}: true,
				{cases.StageResolutionProposed, cases.StageInvestigating}: true,
			}[[2]cases.Stage{from, to}]
			if got := cases.CanMove(from, to); got != want {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
	// Through the service: a forbidden move writes nothing.
	e := newComplaintEnv(t)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Card blocked for no reason"})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := e.desk.History(ctx, staff, c.Ticket, 0, 0)
	var se *cases.StageError
	if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, cases.StageResolved, "done"); !errors.As(err, &se) || se.From != cases.StageReceived {
		t.Errorf("received → resolved: %v", err)
	}
	if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, cases.StageVerifying, " "); !errors.Is(err, support.ErrInvalidInput) {
		t.Errorf("a move without a reason: %v", err)
	}
	if _, err := e.svc.AcceptResolution(ctx, mei, c.Ticket); !errors.Is(err, cases.ErrForbiddenMove) {
		t.Errorf("accepting without a proposal: %v", err)
	}
	after, _ := e.desk.History(ctx, staff, c.Ticket, 0, 0)
	// The customer's refused answer is recorded, internally; nothing else.
	if len(after) != len(before)+1 || after[len(after)-1].Field != cases.EventRefused || !after[len(after)-1].Internal {
		t.Errorf("forbidden moves wrote %d events, last %+v", len(after)-len(before), after[len(after)-1])
	}
	// Customers may not move stages, and that is recorded.
	if _, err := e.svc.MoveComplaint(ctx, mei, c.Ticket, cases.StageVerifying, "please"); !errors.As(err, &se) || !se.ByCustomer {
		t.Errorf("customer move: %v", err)
	}
	if _, err := e.svc.EscalateComplaint(ctx, mei, c.Ticket, "now!"); !errors.Is(err, support.ErrForbidden) {
		t.Errorf("customer escalation: %v", err)
	}
}

func TestComplaintAccess(t *testing.T) {
	e := newComplaintEnv(t)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Rude agent"})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := e.desk.History(ctx, staff, c.Ticket, 0, 0)
	for name, err := range map[string]error{
		"status":  second(e.svc.ComplaintStatus(ctx, eve, c.Ticket)),
		"contest": second(e.svc.ContestResolution(ctx, eve, c.Ticket, "mine")),
		"move":    second(e.svc.MoveComplaint(ctx, eve, c.Ticket, cases.StageVerifying, "x")),
		"file":    second(e.svc.FileComplaint(ctx, eve, cases.ComplaintRequest{Ticket: c.Ticket})),
	} {
		if !errors.Is(err, support.ErrNotFound) {
			t.Errorf("%s by another customer: %v, want not found", name, err)
		}
	}
	after, _ := e.desk.History(ctx, staff, c.Ticket, 0, 0)
	if len(after) != len(before) {
		t.Errorf("another customer's attempts wrote %d events", len(after)-len(before))
	}
	// A ticket that is not a complaint.
	tk, err := e.desk.Open(ctx, mei, support.OpenRequest{Subject: "hello", Category: support.CategoryOther})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ComplaintStatus(ctx, mei, tk.ID); !errors.Is(err, cases.ErrNotComplaint) {
		t.Errorf("plain ticket: %v", err)
	}
	// ... which the customer can turn into one, once.
	if _, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Ticket: tk.ID, Description: "nobody answered"}); err != nil {
		t.Fatal(err)
	}
	got, _ := e.desk.Get(ctx, staff, tk.ID)
	if got.Category != support.CategoryComplaint {
		t.Errorf("category %s", got.Category)
	}
	if _, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Ticket: tk.ID}); !errors.Is(err, cases.ErrComplaintExists) {
		t.Errorf("second filing: %v", err)
	}
	// A retried filing with the same key returns the first complaint.
	r := cases.ComplaintRequest{Subject: "Fee", IdempotencyKey: "k1"}
	a, err := e.svc.FileComplaint(ctx, mei, r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.FileComplaint(ctx, mei, r)
	if err != nil || b.Ticket != a.Ticket || len(b.Changes) != 1 {
		t.Errorf("retried filing: %v, %+v", err, b)
	}
}

func second[T any](_ T, err error) error { return err }

func TestComplaintTargetsEscalateOnce(t *testing.T) {
	e := newComplaintEnv(t)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Refund missing", Language: language.MustParse("zh-TW")})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.notes.last(t); !strings.Contains(n.Text, "我們已收到您的投訴") {
		t.Errorf("zh-TW notification: %q", n.Text)
	}
	if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, cases.StageVerifying, "checking"); err != nil {
		t.Fatal(err)
	}
	// Verifying has 2 business days (16 h of business time): from Monday
	// 10:00, with days of 09:00-18:00, that is Tuesday 17:00.
	in, err := e.svc.CheckComplaints(ctx, time.Date(2026, 3, 3, 16, 59, 0, 0, e.now.Location()))
	if err != nil || len(in) != 0 {
		t.Fatalf("in time: %v %v", in, err)
	}
	late := time.Date(2026, 3, 3, 17, 0, 0, 0, e.now.Location())
	alerts, err := e.svc.CheckComplaints(ctx, late)
	if err != nil || len(alerts) != 1 || alerts[0].Stage != cases.StageVerifying {
		t.Fatalf("late: %v %v", alerts, err)
	}
	again, err := e.svc.CheckComplaints(ctx, late.Add(time.Hour))
	if err != nil || len(again) != 0 {
		t.Fatalf("escalated twice: %v %v", again, err)
	}
	if len(e.notes.alerts) != 1 {
		t.Errorf("%d alerts", len(e.notes.alerts))
	}
	tk, _ := e.desk.Get(ctx, staff, c.Ticket)
	if tk.Priority < support.PriorityHigh {
		t.Errorf("priority %s after escalation", tk.Priority)
	}
	st, _ := e.svc.ComplaintStatus(ctx, staff, c.Ticket)
	cs, _ := e.svc.ComplaintStatus(ctx, mei, c.Ticket)
	if !st.Escalated || cs.Escalated {
		t.Errorf("escalated: staff %v, customer %v", st.Escalated, cs.Escalated)
	}
	// A new stage has a new target, and can be escalated for it.
	if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, cases.StageInvestigating, "facts confirmed"); err != nil {
		t.Fatal(err)
	}
	if a, _ := e.svc.CheckComplaints(ctx, late.AddDate(0, 1, 0)); len(a) != 1 || a[0].Stage != cases.StageInvestigating {
		t.Errorf("the next stage's target: %v", a)
	}
}

func TestConcurrentMovesApplyOnce(t *testing.T) {
	e := newComplaintEnv(t)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Card fee"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []cases.Stage{cases.StageInvestigating, cases.StageResolutionProposed} {
		if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, s, "step"); err != nil {
			t.Fatal(err)
		}
	}
	// The customer accepts and contests at once, many times: exactly one
	// answer applies.
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 16 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = e.svc.AcceptResolution(ctx, mei, c.Ticket)
			} else {
				_, err = e.svc.ContestResolution(ctx, mei, c.Ticket, "no")
			}
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else if !errors.Is(err, cases.ErrForbiddenMove) {
				t.Errorf("answer: %v", err)
			}
		})
	}
	wg.Wait()
	if ok != 1 {
		t.Errorf("%d answers applied, want 1", ok)
	}
	h, _ := e.desk.History(ctx, staff, c.Ticket, 0, 0)
	st := cases.ReplayComplaint(h)
	n := 0
	for _, ev := range h {
		if ev.Field == cases.EventComplaintStage {
			n++
		}
	}
	if n != len(st.Changes) {
		t.Errorf("%d stage events, %d of them follow the process", n, len(st.Changes))
	}
}

func TestParseStage(t *testing.T) {
	for _, s := range cases.Stages() {
		got, err := cases.ParseStage(s.String())
		if err != nil || got != s {
			t.Errorf("ParseStage(%s) = %v, %v", s, got, err)
		}
		b, _ := s.MarshalText()
		var back cases.Stage
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("text round trip of %s: %v", s, err)
		}
	}
	if _, err := cases.ParseStage("Resolved"); !errors.Is(err, cases.ErrUnknownStage) || !errors.Is(err, support.ErrInvalidInput) {
		t.Errorf("ParseStage(Resolved): %v", err)
	}
}

// FuzzReplayComplaint replays arbitrary stage events: the state is always
// one the process allows, and replaying it again gives the same state.
func FuzzReplayComplaint(f *testing.F) {
	f.Add("received", "", "verifying", "received", "rejected", "verifying")
	f.Add("received", "x", "investigating", "investigating", "resolved", "resolution_proposed")
	f.Fuzz(func(t *testing.T, to1, from2, to2, from3, to3, esc string) {
		h := []support.Event{
			{Seq: 1, Version: 1, Kind: support.EventCustom, Field: cases.EventComplaintStage, To: to1},
			{Seq: 2, Version: 2, Kind: support.EventCustom, Field: cases.EventComplaintStage, From: from2, To: to2},
			{Seq: 3, Version: 3, Kind: support.EventCustom, Field: cases.EventComplaintEscalated, From: "target", To: esc},
			{Seq: 4, Version: 4, Kind: support.EventCustom, Field: cases.EventComplaintStage, From: from3, To: to3},
		}
		st := cases.ReplayComplaint(h)
		if st.Version != 4 {
			t.Fatalf("version %d", st.Version)
		}
		prev := cases.Stage(0)
		for i, c := range st.Changes {
			if c.From != prev || (i == 0 && c.To != cases.StageReceived) || (i > 0 && !cases.CanMove(c.From, c.To)) {
				t.Fatalf("change %d %s→%s does not follow the process", i, c.From, c.To)
			}
			prev = c.To
		}
		if st.Stage != prev {
			t.Fatalf("stage %s after changes ending at %s", st.Stage, prev)
		}
		if st.Escalations > 0 && st.Stage == 0 {
			t.Fatal("escalated a non-complaint")
		}
	})
}

// BenchmarkComplaintJourney files a complaint and moves it through verifying
// and investigating to a proposed resolution that the customer accepts,
// on memstore: five recorded moves, each deciding on the replayed history.
func BenchmarkComplaintJourney(b *testing.B) {
	e := newComplaintEnv(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, err := e.svc.FileComplaint(ctx, support.Customer("c"+string(rune('a'+i%26))), cases.ComplaintRequest{Subject: "Fee charged twice"})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range []cases.Stage{cases.StageVerifying, cases.StageInvestigating, cases.StageResolutionProposed} {
			if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, s, "step"); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := e.svc.AcceptResolution(ctx, support.Customer(c.Customer), c.Ticket); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkComplaintStatus reads where a complaint of five steps stands.
func BenchmarkComplaintStatus(b *testing.B) {
	e := newComplaintEnv(b)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Fee charged twice"})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []cases.Stage{cases.StageVerifying, cases.StageInvestigating, cases.StageResolutionProposed} {
		if _, err := e.svc.MoveComplaint(ctx, staff, c.Ticket, s, "step"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.ComplaintStatus(ctx, mei, c.Ticket); err != nil {
			b.Fatal(err)
		}
	}
}

func TestComplaintJSON(t *testing.T) {
	e := newComplaintEnv(t)
	ctx := context.Background()
	c, err := e.svc.FileComplaint(ctx, mei, cases.ComplaintRequest{Subject: "Fee", Language: language.English})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back cases.Complaint
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if back.Stage != cases.StageReceived || back.Ticket != c.Ticket || len(back.Changes) != 1 || !strings.Contains(string(b), `"stage":"received"`) {
		t.Errorf("round trip: %s → %+v", b, back)
	}
}
