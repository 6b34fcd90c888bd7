package verify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/verify"
)

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// lockedReader makes a deterministic random source safe for concurrent use.
type lockedReader struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}

// outbox is a Sender that keeps what it is given and fails on demand.
type outbox struct {
	mu   sync.Mutex
	msgs []verify.Message
	fail func(verify.Message) error
}

func (o *outbox) Send(_ context.Context, m verify.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		if err := o.fail(m); err != nil {
			return err
		}
	}
	o.msgs = append(o.msgs, m)
	return nil
}

func (o *outbox) all() []verify.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]verify.Message(nil), o.msgs...)
}

// lastCode returns the code of the last code message sent to to.
func (o *outbox) lastCode(t testing.TB, to string) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.msgs) - 1; i >= 0; i-- {
		if o.msgs[i].Kind == verify.KindCode && o.msgs[i].To == to {
			return o.msgs[i].Code
		}
	}
	t.Fatalf("no code was sent to %s", to)
	return ""
}

// codes returns every code sent.
func (o *outbox) codes() []string {
	var out []string
	for _, m := range o.all() {
		if m.Code != "" {
			out = append(out, m.Code)
		}
	}
	return out
}

type fixture struct {
	svc    *verify.Service
	desk   *support.Desk
	store  *memstore.VerifyStore
	clock  *clock
	out    *outbox
	keys   *verify.Keyring
	logs   *bytes.Buffer
	ticket support.ID // a ticket of customer "ana"
}

var (
	ana   = support.Customer("ana")
	bob   = support.Customer("bob")
	agent = support.Agent("li")
	ctx   = context.Background()
	t0    = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

func testKey(id string, b byte) verify.Key {
	return verify.Key{ID: id, Secret: bytes.Repeat([]byte{b}, 32)}
}

// newFixture returns a Service on a fresh memstore and Desk, with a test
// clock, deterministic randomness, a recording sender and a ticket of ana.
func newFixture(t testing.TB, opts ...func(*verify.Options)) *fixture {
	t.Helper()
	f := &fixture{clock: &clock{now: t0}, out: &outbox{}, store: memstore.NewVerify(), logs: &bytes.Buffer{}}
	var mu sync.Mutex
	n := 0
	desk, err := support.NewDesk(memstore.New(), support.Options{
		Now: f.clock.Now, NoSLA: true,
		NewID: func() support.ID { mu.Lock(); defer mu.Unlock(); n++; return support.ID(fmt.Sprintf("T%d", n)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.desk = desk
	tk, err := desk.Open(ctx, ana, support.OpenRequest{Subject: "change my e-mail", Category: support.CategoryAccountDetailsChange, Language: language.English})
	if err != nil {
		t.Fatal(err)
	}
	f.ticket = tk.ID
	f.keys, err = verify.NewKeyring(testKey("k1", 1))
	if err != nil {
		t.Fatal(err)
	}
	o := verify.Options{
		Store: f.store, Keys: f.keys, Sender: f.out, Desk: desk, Now: f.clock.Now,
		Rand:   &lockedReader{r: rand.NewChaCha8([32]byte{1, 2, 3})},
		Logger: slog.New(slog.NewTextHandler(&syncWriter{w: f.logs}, nil)),
	}
	for _, fn := range opts {
		fn(&o)
	}
	f.svc, err = verify.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// start starts an e-mail challenge for ana on her ticket and returns it
// with its code.
func (f *fixture) start(t testing.TB) (verify.Challenge, string) {
	t.Helper()
	c, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeDispute,
		Channel: verify.ChannelSMS, To: "+44 7700 900123", Language: language.English})
	if err != nil {
		t.Fatal(err)
	}
	return c, f.out.lastCode(t, "+447700900123")
}

// history returns the whole history of the fixture's ticket as staff see it.
func (f *fixture) history(t testing.TB) []support.Event {
	t.Helper()
	evs, err := f.desk.History(ctx, agent, f.ticket, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// fields returns the Field of each verify event in the history.
func (f *fixture) fields(t testing.TB) []string {
	var out []string
	for _, e := range f.history(t) {
		if strings.HasPrefix(e.Field, "verify.") {
			out = append(out, e.Field)
		}
	}
	return out
}

// wrong returns a code of the same length that is not code.
func wrong(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// closeTicket solves and closes the fixture's ticket.
func (f *fixture) closeTicket(t testing.TB) {
	t.Helper()
	_, err := f.desk.Solve(ctx, agent, f.ticket)
	must(t, err)
	_, err = f.desk.Close(ctx, agent, f.ticket)
	must(t, err)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func is(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v does not match %v", err, target)
	}
}
