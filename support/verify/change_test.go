package verify_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/verify"
)

func emailChange(f *fixture) verify.ChangeRequest {
	return verify.ChangeRequest{Account: "ana", Ticket: f.ticket, Kind: verify.ChangeEmail,
		Old: "ana@example.com", New: "ana.new@Example.COM", Language: language.SimplifiedChinese}
}

func TestEmailChange(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.RequestChange(ctx, ana, emailChange(f))
	must(t, err)
	if c.Change == nil || c.Change.New != "ana.new@example.com" || c.To != "ana@example.com" || c.Channel != verify.ChannelEmail || c.Purpose != verify.PurposeEmail {
		t.Fatalf("change %+v %+v", c, c.Change)
	}
	msgs := f.out.all()
	if len(msgs) != 2 || msgs[0].To != "ana@example.com" || msgs[0].Kind != verify.KindCode ||
		msgs[1].To != "ana.new@example.com" || msgs[1].Kind != verify.KindNotice || msgs[1].Code != "" {
		t.Fatalf("messages %v", msgs)
	}
	code := msgs[0].Code
	if strings.Contains(msgs[1].Text, code) || !strings.Contains(msgs[0].Text, "a***@example.com") || msgs[0].Language != language.SimplifiedChinese {
		t.Fatalf("texts %q / %q", msgs[0].Text, msgs[1].Text)
	}

	var applied []verify.Change
	apply := func(_ context.Context, account string, ch verify.Change) error {
		if account != "ana" {
			t.Errorf("account %q", account)
		}
		applied = append(applied, ch)
		return nil
	}
	// Not verified yet: nothing is applied.
	_, err = f.svc.Apply(ctx, ana, c.ID, "", apply)
	is(t, err, verify.ErrNotVerified)
	_, err = f.svc.Apply(ctx, ana, c.ID, wrong(code), apply)
	is(t, err, verify.ErrWrongCode)
	_, err = f.svc.Apply(ctx, bob, c.ID, code, apply)
	is(t, err, verify.ErrNotFound)
	if len(applied) != 0 {
		t.Fatal("applied before verification")
	}
	done, err := f.svc.Apply(ctx, ana, c.ID, code, apply)
	must(t, err)
	if len(applied) != 1 || applied[0].New != "ana.new@example.com" || applied[0].Old != "ana@example.com" {
		t.Fatalf("applied %+v", applied)
	}
	if done.Status != verify.StatusUsed || done.Change.Status != verify.ChangeApplied || done.Change.AppliedAt.IsZero() {
		t.Fatalf("done %+v %+v", done, done.Change)
	}
	// Exactly once.
	_, err = f.svc.Apply(ctx, ana, c.ID, code, apply)
	is(t, err, verify.ErrUsed)
	_, err = f.svc.Apply(ctx, ana, c.ID, "", apply)
	is(t, err, verify.ErrUsed)
	if len(applied) != 1 {
		t.Fatal("applied twice")
	}
	// Both contacts are told.
	var notices []string
	for _, m := range f.out.all()[2:] {
		if m.Kind != verify.KindNotice || m.Code != "" {
			t.Fatalf("after apply: %v", m)
		}
		notices = append(notices, m.To)
	}
	if !slices.Equal(notices, []string{"ana@example.com", "ana.new@example.com"}) {
		t.Fatalf("notices to %v", notices)
	}
	want := []string{"verify.change_requested", "verify.refused", "verify.failed", "verify.verified", "verify.change_applied", "verify.refused", "verify.refused"}
	if got := f.fields(t); !slices.Equal(got, want) {
		t.Fatalf("history %v\nwant %v", got, want)
	}
}

func TestTwoStepChange(t *testing.T) {
	f := newFixture(t)
	r := emailChange(f)
	r.Kind, r.Old, r.New = verify.ChangePhone, "+44 7700 900123", "+44 7700 900456"
	c, err := f.svc.RequestChange(ctx, ana, r)
	must(t, err)
	if c.Channel != verify.ChannelSMS || c.To != "+447700900123" {
		t.Fatalf("code goes to %v %s", c.Channel, c.To)
	}
	_, err = f.svc.Verify(ctx, ana, c.ID, f.out.lastCode(t, "+447700900123"))
	must(t, err)
	// A change's challenge is consumed by Apply only.
	_, err = f.svc.Consume(ctx, ana, c.ID, verify.PurposePhone)
	is(t, err, verify.ErrPurpose)
	n := 0
	_, err = f.svc.Apply(ctx, ana, c.ID, "", func(context.Context, string, verify.Change) error { n++; return nil })
	must(t, err)
	if n != 1 {
		t.Fatal("not applied")
	}
	// A plain challenge is no change.
	p, _ := f.start(t)
	_, err = f.svc.Apply(ctx, ana, p.ID, "123456", func(context.Context, string, verify.Change) error { return nil })
	is(t, err, verify.ErrNotFound)
}

func TestChangeFailsOnce(t *testing.T) {
	f := newFixture(t)
	r := verify.ChangeRequest{Account: "ana", Ticket: f.ticket, Kind: verify.ChangePayout, New: "DE89 3704 0044 0532 0130 00",
		Channel: verify.ChannelPush, To: "device-7"}
	c, err := f.svc.RequestChange(ctx, ana, r)
	must(t, err)
	code := f.out.lastCode(t, "device-7")
	boom := errors.New("bank rejected")
	_, err = f.svc.Apply(ctx, ana, c.ID, code, func(context.Context, string, verify.Change) error { return boom })
	is(t, err, verify.ErrChangeFailed)
	is(t, err, boom)
	got, _ := f.svc.Get(ctx, agent, c.ID)
	if got.Change.Status != verify.ChangeFailed {
		t.Fatalf("status %v", got.Change.Status)
	}
	_, err = f.svc.Apply(ctx, ana, c.ID, code, func(context.Context, string, verify.Change) error { t.Fatal("applied again"); return nil })
	is(t, err, verify.ErrUsed)
	// The IBAN is not in the history.
	for _, e := range f.history(t) {
		if strings.Contains(e.Body+e.From+e.To, "3704") {
			t.Fatalf("payout details in the history: %+v", e)
		}
	}
}

func TestChangeExpired(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.RequestChange(ctx, ana, emailChange(f))
	must(t, err)
	f.clock.Advance(10 * time.Minute)
	_, err = f.svc.Apply(ctx, ana, c.ID, f.out.lastCode(t, "ana@example.com"), func(context.Context, string, verify.Change) error {
		t.Fatal("applied")
		return nil
	})
	is(t, err, verify.ErrExpired)
}

func TestChangeInput(t *testing.T) {
	f := newFixture(t)
	for name, tc := range map[string]struct {
		mod    func(*verify.ChangeRequest)
		reason error
	}{
		"unchanged":   {func(r *verify.ChangeRequest) { r.New = "ANA@example.com"; r.Old = "ana@EXAMPLE.com" }, verify.ErrUnchanged},
		"bad new":     {func(r *verify.ChangeRequest) { r.New = "not an address" }, verify.ErrInvalidEmail},
		"bad old":     {func(r *verify.ChangeRequest) { r.Old = "" }, verify.ErrInvalidEmail},
		"code to new": {func(r *verify.ChangeRequest) { r.To = r.New }, support.ErrInvalidInput},
		"code by sms": {func(r *verify.ChangeRequest) { r.Channel = verify.ChannelSMS }, support.ErrInvalidInput},
		"bad phone":   {func(r *verify.ChangeRequest) { r.Kind, r.Old, r.New = verify.ChangePhone, "+447700900123", "12345" }, verify.ErrInvalidPhone},
		"no kind":     {func(r *verify.ChangeRequest) { r.Kind = 0 }, support.ErrInvalidInput},
		"long address": {func(r *verify.ChangeRequest) {
			r.Kind, r.New, r.Channel, r.To = verify.ChangeAddress, strings.Repeat("x", 1001), verify.ChannelEmail, "a@b.co"
		}, support.ErrTooLong},
		"address no to": {func(r *verify.ChangeRequest) { r.Kind, r.New = verify.ChangeAddress, "1 Main St" }, support.ErrInvalidInput},
		"payout control": {func(r *verify.ChangeRequest) {
			r.Kind, r.New, r.Channel, r.To = verify.ChangePayout, "DE\x00", verify.ChannelEmail, "a@b.co"
		}, support.ErrInvalidInput},
		"other's account": {func(r *verify.ChangeRequest) { r.Account = "bob" }, support.ErrForbidden},
		"payout empty new": {func(r *verify.ChangeRequest) {
			r.Kind, r.New, r.Channel, r.To = verify.ChangePayout, "  ", verify.ChannelEmail, "a@b.co"
		}, support.ErrInvalidInput},
	} {
		r := emailChange(f)
		tc.mod(&r)
		_, err := f.svc.RequestChange(ctx, ana, r)
		if !errors.Is(err, tc.reason) {
			t.Errorf("%s: %v, want %v", name, err, tc.reason)
		}
	}
	if len(f.out.all()) != 0 {
		t.Fatal("bad requests sent messages")
	}
}

// TestCodeNeverStored runs every path with a ticket and scans the whole
// stored history, every error and the logs for every code sent.
func TestCodeNeverStored(t *testing.T) {
	f := newFixture(t, func(o *verify.Options) { o.MaxSends = 100 })
	var errs []error
	keep := func(_ any, err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	f.out.fail = func(m verify.Message) error {
		if m.To == "dead@example.com" {
			return errors.New("bounced: " + m.Text)
		}
		return nil
	}
	c, code := f.start(t)
	keep(f.svc.Verify(ctx, ana, c.ID, wrong(code)))
	keep(f.svc.Verify(ctx, ana, c.ID, code))
	keep(f.svc.Verify(ctx, ana, c.ID, code))
	keep(f.svc.Consume(ctx, ana, c.ID, verify.PurposeDispute))
	l, lcode := f.start(t)
	for range 6 {
		keep(f.svc.Verify(ctx, ana, l.ID, wrong(lcode)))
	}
	ch, err := f.svc.RequestChange(ctx, ana, emailChange(f))
	must(t, err)
	ccode := f.out.lastCode(t, "ana@example.com")
	keep(f.svc.Apply(ctx, ana, ch.ID, wrong(ccode), func(context.Context, string, verify.Change) error { return nil }))
	keep(f.svc.Apply(ctx, ana, ch.ID, ccode, func(context.Context, string, verify.Change) error { return errors.New("store down") }))
	keep(f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "dead@example.com"}))
	keep(f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"}))
	// A closed ticket makes recording fail; that is logged.
	r, rcode := f.start(t)
	f.closeTicket(t)
	keep(f.svc.Verify(ctx, ana, r.ID, wrong(rcode)))
	if f.logs.Len() == 0 {
		t.Fatal("nothing logged for a failed record")
	}

	codes := f.out.codes()
	if len(codes) < 5 || len(errs) < 8 {
		t.Fatalf("%d codes, %d errors", len(codes), len(errs))
	}
	evs := f.history(t)
	for _, code := range codes {
		for _, e := range evs {
			if strings.Contains(e.Body+e.From+e.To+e.Field, code) {
				t.Fatalf("code %s in event %+v", code, e)
			}
		}
		for _, err := range errs {
			if strings.Contains(err.Error(), code) {
				t.Fatalf("code %s in error %v", code, err)
			}
		}
		if strings.Contains(f.logs.String(), code) {
			t.Fatalf("code %s in the logs", code)
		}
	}
	for _, c := range []verify.Challenge{c, l, ch, r} {
		got, _ := f.store.Get(ctx, c.ID)
		for _, code := range codes {
			if strings.Contains(string(got.Hash), code) {
				t.Fatal("a code is stored")
			}
		}
	}
}

// TestConcurrentVerify races many goroutines on one challenge: right codes
// succeed exactly once, wrong codes are counted exactly up to the limit.
func TestConcurrentVerify(t *testing.T) {
	for _, mix := range []struct {
		name         string
		right, wrong int
	}{{"right", 50, 0}, {"wrong", 0, 50}, {"mixed", 25, 25}} {
		t.Run(mix.name, func(t *testing.T) {
			f := newFixture(t)
			c, code := f.start(t)
			var ok, wrongs, locked, used atomic.Int64
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range mix.right + mix.wrong {
				try := code
				if i >= mix.right {
					try = wrong(code)
				}
				wg.Go(func() {
					<-start
					_, err := f.svc.Verify(ctx, ana, c.ID, try)
					var wce *verify.WrongCodeError
					switch {
					case err == nil:
						ok.Add(1)
					case errors.As(err, &wce):
						wrongs.Add(1)
					case errors.Is(err, verify.ErrLocked):
						locked.Add(1)
					case errors.Is(err, verify.ErrUsed):
						used.Add(1)
					default:
						t.Errorf("unexpected %v", err)
					}
				})
			}
			close(start)
			wg.Wait()
			got, _ := f.store.Get(ctx, c.ID)
			if ok.Load() > 1 || got.Attempts > 5 || int64(got.Attempts) != ok.Load()+wrongs.Load() {
				t.Fatalf("ok %d wrong %d locked %d used %d; stored attempts %d", ok.Load(), wrongs.Load(), locked.Load(), used.Load(), got.Attempts)
			}
			switch mix.name {
			case "right":
				if ok.Load() != 1 || used.Load() != 49 {
					t.Fatalf("ok %d used %d", ok.Load(), used.Load())
				}
			case "wrong":
				if wrongs.Load() != 5 || locked.Load() != 45 || got.Status != verify.StatusLocked {
					t.Fatalf("wrong %d locked %d", wrongs.Load(), locked.Load())
				}
			}
		})
	}
}

// TestConcurrentApply races Apply calls: the change is applied once.
func TestConcurrentApply(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.RequestChange(ctx, ana, emailChange(f))
	must(t, err)
	code := f.out.lastCode(t, "ana@example.com")
	var applied, ok atomic.Int64
	var wg sync.WaitGroup
	for i := range 30 {
		try := code
		if i%2 == 1 {
			try = ""
		}
		wg.Go(func() {
			_, err := f.svc.Apply(ctx, ana, c.ID, try, func(context.Context, string, verify.Change) error { applied.Add(1); return nil })
			if err == nil {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if applied.Load() != 1 || ok.Load() != 1 {
		t.Fatalf("applied %d times, %d successes", applied.Load(), ok.Load())
	}
}

// TestConcurrentStarts races starts of one account: the quota holds.
func TestConcurrentStarts(t *testing.T) {
	f := newFixture(t, func(o *verify.Options) { o.Desk = nil })
	var ok, limited atomic.Int64
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			_, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, verify.ErrRateLimited):
				limited.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 5 || limited.Load() != 35 || len(f.out.all()) != 5 {
		t.Fatalf("ok %d limited %d sent %d", ok.Load(), limited.Load(), len(f.out.all()))
	}
}
