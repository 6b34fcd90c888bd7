package verify_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/verify"
)

func TestStartVerifyConsume(t *testing.T) {
	f := newFixture(t)
	c, code := f.start(t)
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		t.Fatalf("code %q is not 6 digits", code)
	}
	if c.Hash != nil || c.Status != verify.StatusPending || c.AttemptsLeft() != 5 || !c.ExpiresAt.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("started challenge %+v", c)
	}
	msg := f.out.all()[0]
	if !strings.Contains(msg.Text, code) || msg.Channel != verify.ChannelSMS || msg.Kind != verify.KindCode {
		t.Fatalf("message %+v", msg)
	}
	if s := msg.String(); strings.Contains(s, code) || strings.Contains(s, "+447700900123") {
		t.Fatalf("Message.String leaks: %s", s)
	}

	_, err := f.svc.Verify(ctx, ana, c.ID, wrong(code))
	var wce *verify.WrongCodeError
	if !errors.As(err, &wce) || wce.Left != 4 || errors.Is(err, verify.ErrLocked) {
		t.Fatalf("wrong code: %v", err)
	}
	got, err := f.svc.Verify(ctx, ana, c.ID, code)
	must(t, err)
	if got.Status != verify.StatusVerified || got.Attempts != 2 || got.Hash != nil {
		t.Fatalf("verified %+v", got)
	}
	_, err = f.svc.Verify(ctx, ana, c.ID, code)
	is(t, err, verify.ErrUsed) // a replayed code

	_, err = f.svc.Consume(ctx, agent, c.ID, verify.PurposePayout)
	is(t, err, verify.ErrPurpose)
	used, err := f.svc.Consume(ctx, agent, c.ID, verify.PurposeDispute)
	must(t, err)
	if used.Status != verify.StatusUsed {
		t.Fatalf("consumed %+v", used)
	}
	_, err = f.svc.Consume(ctx, agent, c.ID, verify.PurposeDispute)
	is(t, err, verify.ErrUsed)

	want := []string{"verify.sent", "verify.failed", "verify.verified", "verify.refused", "verify.refused", "verify.used", "verify.refused"}
	if got := f.fields(t); !slices.Equal(got, want) {
		t.Fatalf("history %v, want %v", got, want)
	}
	// The customer sees the sends and successes, not the failures.
	evs, err := f.desk.History(ctx, ana, f.ticket, 0, 0)
	must(t, err)
	var seen []string
	for _, e := range evs {
		if strings.HasPrefix(e.Field, "verify.") {
			seen = append(seen, e.Field)
		}
	}
	if !slices.Equal(seen, []string{"verify.sent", "verify.verified", "verify.used"}) {
		t.Fatalf("customer's history %v", seen)
	}
}

func TestConsumeNeedsVerified(t *testing.T) {
	f := newFixture(t)
	c, _ := f.start(t)
	_, err := f.svc.Consume(ctx, agent, c.ID, verify.PurposeDispute)
	is(t, err, verify.ErrNotVerified)
}

func TestLockout(t *testing.T) {
	f := newFixture(t)
	c, code := f.start(t)
	for i := range 5 {
		_, err := f.svc.Verify(ctx, ana, c.ID, wrong(code))
		var wce *verify.WrongCodeError
		if !errors.As(err, &wce) || wce.Left != 4-i {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
		if locked := errors.Is(err, verify.ErrLocked); locked != (i == 4) {
			t.Fatalf("attempt %d locked=%v", i+1, locked)
		}
	}
	_, err := f.svc.Verify(ctx, ana, c.ID, code)
	is(t, err, verify.ErrLocked)
	got, err := f.svc.Get(ctx, agent, c.ID)
	must(t, err)
	if got.Status != verify.StatusLocked || got.Attempts != 5 {
		t.Fatalf("locked challenge %+v", got)
	}
	if fs := f.fields(t); fs[len(fs)-2] != "verify.locked" || fs[len(fs)-1] != "verify.refused" {
		t.Fatalf("history %v", fs)
	}
}

func TestExpired(t *testing.T) {
	f := newFixture(t)
	c, code := f.start(t)
	f.clock.Advance(10 * time.Minute)
	_, err := f.svc.Verify(ctx, ana, c.ID, code)
	is(t, err, verify.ErrExpired)
	// A verified challenge also expires before it is used.
	c, code = f.start(t)
	_, err = f.svc.Verify(ctx, ana, c.ID, code)
	must(t, err)
	f.clock.Advance(11 * time.Minute)
	_, err = f.svc.Consume(ctx, ana, c.ID, verify.PurposeDispute)
	is(t, err, verify.ErrExpired)
	_, err = f.svc.Resend(ctx, ana, c.ID)
	is(t, err, verify.ErrExpired)
}

func TestMalformedCodeCostsNoAttempt(t *testing.T) {
	f := newFixture(t)
	c, code := f.start(t)
	for _, bad := range []string{"", "12a456", "12345", "1234567", strings.Repeat("1", 65), "１２３"} {
		_, err := f.svc.Verify(ctx, ana, c.ID, bad)
		is(t, err, support.ErrInvalidInput)
		is(t, err, verify.ErrMalformedCode)
	}
	got, _ := f.svc.Get(ctx, ana, c.ID)
	if got.Attempts != 0 {
		t.Fatalf("malformed codes counted %d attempts", got.Attempts)
	}
	// Full-width digits and spaces are the same code.
	fw := []rune{}
	for i, r := range code {
		fw = append(fw, r-'0'+'０')
		if i == 2 {
			fw = append(fw, '\u3000')
		}
	}
	_, err := f.svc.Verify(ctx, ana, c.ID, string(fw))
	must(t, err)
}

func TestRateLimits(t *testing.T) {
	f := newFixture(t)
	var first verify.Challenge
	for i := range 5 {
		c, _ := f.start(t)
		if i == 0 {
			first = c
		}
		f.clock.Advance(time.Minute)
	}
	_, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeDispute, Channel: verify.ChannelEmail, To: "ana@example.com"})
	var rle *verify.RateLimitError
	if !errors.As(err, &rle) || !errors.Is(err, verify.ErrRateLimited) || rle.Resend {
		t.Fatalf("sixth start: %v", err)
	}
	if rle.RetryAfter != 55*time.Minute {
		t.Fatalf("retry after %v, want 55m (the first send leaves the hour)", rle.RetryAfter)
	}
	// Resends count too.
	_, err = f.svc.Resend(ctx, ana, first.ID)
	is(t, err, verify.ErrRateLimited)
	// Another account is not limited.
	_, err = f.svc.Start(ctx, bob, verify.StartRequest{Account: "bob", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "bob@example.com"})
	must(t, err)
	if fs := f.fields(t); fs[len(fs)-1] != "verify.rate_limited" {
		t.Fatalf("history %v", fs)
	}
	f.clock.Advance(55 * time.Minute)
	_, err = f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Purpose: verify.PurposeDispute, Channel: verify.ChannelEmail, To: "ana@example.com"})
	must(t, err)
}

func TestResend(t *testing.T) {
	f := newFixture(t)
	c, old := f.start(t)
	_, err := f.svc.Verify(ctx, ana, c.ID, wrong(old))
	is(t, err, verify.ErrWrongCode)
	f.clock.Advance(10 * time.Second)
	_, err = f.svc.Resend(ctx, ana, c.ID)
	var rle *verify.RateLimitError
	if !errors.As(err, &rle) || !rle.Resend || rle.RetryAfter != 20*time.Second {
		t.Fatalf("early resend: %v", err)
	}
	f.clock.Advance(9 * time.Minute) // the old code has a minute left
	r, err := f.svc.Resend(ctx, ana, c.ID)
	must(t, err)
	if r.Sends != 2 || r.Attempts != 1 || !r.ExpiresAt.Equal(f.clock.Now().Add(10*time.Minute)) {
		t.Fatalf("resent %+v", r)
	}
	code := f.out.lastCode(t, "+447700900123")
	if old != code {
		_, err = f.svc.Verify(ctx, ana, c.ID, old)
		is(t, err, verify.ErrWrongCode) // the old code no longer works
	}
	f.clock.Advance(5 * time.Minute) // past the first expiry, within the new one
	_, err = f.svc.Verify(ctx, ana, c.ID, code)
	must(t, err)
	_, err = f.svc.Resend(ctx, ana, c.ID)
	is(t, err, verify.ErrUsed)
}

func TestAccess(t *testing.T) {
	f := newFixture(t)
	c, code := f.start(t)
	for _, op := range []func() error{
		func() error { _, err := f.svc.Verify(ctx, bob, c.ID, code); return err },
		func() error { _, err := f.svc.Get(ctx, bob, c.ID); return err },
		func() error { _, err := f.svc.Resend(ctx, bob, c.ID); return err },
		func() error { _, err := f.svc.Consume(ctx, bob, c.ID, verify.PurposeDispute); return err },
		func() error { _, err := f.svc.Verify(ctx, ana, "vc_nope", code); return err },
	} {
		err := op()
		is(t, err, verify.ErrNotFound)
		if strings.Contains(err.Error(), code) {
			t.Fatal("an error holds the code")
		}
	}
	got, _ := f.svc.Get(ctx, ana, c.ID)
	if got.Attempts != 0 {
		t.Fatal("someone else's attempt counted")
	}
	// A customer starts checks for their own account only, on their own tickets.
	_, err := f.svc.Start(ctx, bob, verify.StartRequest{Account: "ana", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "x@example.com"})
	is(t, err, support.ErrForbidden)
	_, err = f.svc.Start(ctx, bob, verify.StartRequest{Account: "bob", Ticket: f.ticket, Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "x@example.com"})
	is(t, err, support.ErrNotFound)
	// Staff may start one for any account, and submit the code read to them.
	c, err = f.svc.Start(ctx, agent, verify.StartRequest{Account: "bob", Purpose: verify.PurposeDispute, Channel: verify.ChannelEmail, To: "bob@example.com"})
	must(t, err)
	_, err = f.svc.Verify(ctx, agent, c.ID, f.out.lastCode(t, "bob@example.com"))
	must(t, err)
}

func TestStartInput(t *testing.T) {
	f := newFixture(t)
	good := verify.StartRequest{Account: "ana", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"}
	for name, tc := range map[string]struct {
		mod    func(*verify.StartRequest)
		reason error
	}{
		"no account":     {func(r *verify.StartRequest) { r.Account = " " }, support.ErrInvalidInput},
		"long account":   {func(r *verify.StartRequest) { r.Account = strings.Repeat("a", 129) }, support.ErrTooLong},
		"bad utf8":       {func(r *verify.StartRequest) { r.Account = "a\xff" }, support.ErrInvalidUTF8},
		"no purpose":     {func(r *verify.StartRequest) { r.Purpose = 0 }, support.ErrInvalidInput},
		"no channel":     {func(r *verify.StartRequest) { r.Channel = 9 }, support.ErrInvalidInput},
		"bad email":      {func(r *verify.StartRequest) { r.To = "Ana <ana@example.com>" }, verify.ErrInvalidEmail},
		"bad phone":      {func(r *verify.StartRequest) { r.Channel, r.To = verify.ChannelSMS, "07700 900123" }, verify.ErrInvalidPhone},
		"empty push":     {func(r *verify.StartRequest) { r.Channel, r.To = verify.ChannelPush, " " }, support.ErrInvalidInput},
		"control chars":  {func(r *verify.StartRequest) { r.Channel, r.To = verify.ChannelPush, "dev\n1" }, support.ErrInvalidInput},
		"missing ticket": {func(r *verify.StartRequest) { r.Ticket = "T404" }, support.ErrNotFound},
	} {
		r := good
		tc.mod(&r)
		_, err := f.svc.Start(ctx, ana, r)
		if !errors.Is(err, tc.reason) {
			t.Errorf("%s: %v, want %v", name, err, tc.reason)
		}
	}
	if n := len(f.out.all()); n != 0 {
		t.Fatalf("bad requests sent %d messages", n)
	}
	sends, _ := f.store.Sends(ctx, "ana", t0.Add(-time.Hour))
	if len(sends) != 0 {
		t.Fatal("bad requests counted against the quota")
	}
}

func TestClosedTicket(t *testing.T) {
	f := newFixture(t)
	f.closeTicket(t)
	_, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
	is(t, err, support.ErrClosed)
}

func TestNoDesk(t *testing.T) {
	f := newFixture(t, func(o *verify.Options) { o.Desk = nil })
	_, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
	is(t, err, support.ErrInvalidInput)
	_, err = f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
	must(t, err)
}

func TestSenderFailure(t *testing.T) {
	f := newFixture(t)
	f.out.fail = func(m verify.Message) error { return errors.New("gateway refused: " + m.Text) }
	_, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Ticket: f.ticket, Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
	if err == nil {
		t.Fatal("no error")
	}
	f.out.fail = nil
	c, code := f.start(t)
	f.out.fail = func(verify.Message) error { return errors.New("gateway down") }
	f.clock.Advance(time.Minute)
	_, err = f.svc.Resend(ctx, ana, c.ID)
	if err == nil || !strings.Contains(err.Error(), "gateway down") {
		t.Fatalf("resend: %v", err)
	}
	_ = code
	if fs := f.fields(t); fs[0] != "verify.canceled" {
		t.Fatalf("history %v", fs)
	}
	// The failed send's message held a code: the error never does.
	for _, m := range f.out.all() {
		if m.Code != "" && strings.Contains(err.Error(), m.Code) {
			t.Fatal("the error holds a code")
		}
	}
}

func TestSenderErrorWithCodeIsWithheld(t *testing.T) {
	f := newFixture(t)
	var sent string
	f.out.fail = func(m verify.Message) error { sent = m.Code; return errors.New("cannot deliver " + m.Text) }
	_, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
	if err == nil || sent == "" || strings.Contains(err.Error(), sent) {
		t.Fatalf("error %v holds the code %s", err, sent)
	}
	// The challenge was canceled: nobody can verify it.
	sends, _ := f.store.Sends(ctx, "ana", t0)
	if len(sends) != 1 {
		t.Fatal("the failed send did not count")
	}
}

func TestOptions(t *testing.T) {
	keys, _ := verify.NewKeyring(testKey("k1", 1))
	base := verify.Options{Store: nil, Keys: keys, Sender: &outbox{}}
	for name, mod := range map[string]func(*verify.Options){
		"no store":     func(o *verify.Options) {},
		"no keys":      func(o *verify.Options) { o.Keys = nil },
		"no sender":    func(o *verify.Options) { o.Sender = nil },
		"short code":   func(o *verify.Options) { o.Digits = 4 },
		"long code":    func(o *verify.Options) { o.Digits = 11 },
		"long TTL":     func(o *verify.Options) { o.TTL = 11 * time.Minute },
		"attempts":     func(o *verify.Options) { o.MaxAttempts = 6 },
		"window":       func(o *verify.Options) { o.Window = time.Second },
		"resend":       func(o *verify.Options) { o.ResendAfter = time.Millisecond },
		"sends":        func(o *verify.Options) { o.MaxSends = -1 },
		"negative TTL": func(o *verify.Options) { o.TTL = -time.Minute },
	} {
		o := base
		if name != "no store" {
			o.Store = newFixture(t).store
		}
		mod(&o)
		if _, err := verify.New(o); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
	f := newFixture(t, func(o *verify.Options) { o.Digits = 10 })
	c, err := f.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "ana@example.com"})
	must(t, err)
	if code := f.out.lastCode(t, "ana@example.com"); len(code) != 10 || c.Digits != 10 {
		t.Fatalf("code %q", code)
	}
}

func TestKeyRotation(t *testing.T) {
	f := newFixture(t)
	c, code := f.start(t)
	// A new Service with a new current key still verifies the old key's codes.
	rotated, err := verify.NewKeyring(testKey("k2", 2), testKey("k1", 1))
	must(t, err)
	svc, err := verify.New(verify.Options{Store: f.store, Keys: rotated, Sender: f.out, Now: f.clock.Now})
	must(t, err)
	c2, err := svc.Start(ctx, bob, verify.StartRequest{Account: "bob", Purpose: verify.PurposeEmail, Channel: verify.ChannelEmail, To: "bob@example.com"})
	must(t, err)
	if c2.KeyID != "k2" || c.KeyID != "k1" {
		t.Fatalf("key IDs %q %q", c.KeyID, c2.KeyID)
	}
	_, err = svc.Verify(ctx, ana, c.ID, code)
	must(t, err)
	// Once k1 is dropped, its challenges cannot be verified.
	c3, code3 := f.start(t)
	only2, _ := verify.NewKeyring(testKey("k2", 2))
	svc, _ = verify.New(verify.Options{Store: f.store, Keys: only2, Sender: f.out, Now: f.clock.Now})
	_, err = svc.Verify(ctx, ana, c3.ID, code3)
	is(t, err, verify.ErrUnknownKey)
	// The same code under another key does not match: the hash is keyed.
	other, _ := verify.NewKeyring(testKey("k1", 9))
	svc, _ = verify.New(verify.Options{Store: f.store, Keys: other, Sender: f.out, Now: f.clock.Now})
	_, err = svc.Verify(ctx, ana, c3.ID, code3)
	is(t, err, verify.ErrWrongCode)

	for name, keys := range map[string][]verify.Key{
		"none":      nil,
		"short":     {{ID: "k", Secret: make([]byte, 31)}},
		"duplicate": {testKey("k", 1), testKey("k", 2)},
		"bad id":    {testKey("K 1", 1)},
		"empty id":  {testKey("", 1)},
	} {
		kr, err := verify.NewKeyring(keys...)
		if err == nil {
			t.Errorf("%s: NewKeyring accepted it", name)
		}
		if err != nil && strings.Contains(err.Error(), "\x01\x01\x01") {
			t.Errorf("%s: the error holds the secret", name)
		}
		_ = kr
	}
	kr, _ := verify.NewKeyring(testKey("k1", 1))
	if s := kr.String(); strings.Contains(s, "\x01") {
		t.Fatal("String prints the secret")
	}
}

func TestCodesAreUniform(t *testing.T) {
	// With crypto/rand (the default), every digit appears about as often
	// in every position.
	f := newFixture(t, func(o *verify.Options) { o.Rand = nil; o.MaxSends = 1 << 20; o.Desk = nil })
	const n = 3000
	var counts [6][10]int
	for i := range n {
		acct := "acct" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
		_, err := f.svc.Start(ctx, support.Customer(acct), verify.StartRequest{Account: acct, Purpose: verify.PurposeEmail, Channel: verify.ChannelPush, To: "device-1"})
		must(t, err)
	}
	for _, code := range f.out.codes() {
		for p, d := range code {
			counts[p][d-'0']++
		}
	}
	for p := range counts {
		for d, c := range counts[p] {
			// Expected 300 per cell; 5 standard deviations is about ±82.
			if c < 200 || c > 400 {
				t.Errorf("position %d digit %d: %d of %d", p, d, c, n)
			}
		}
	}
}

func TestMessagesAllLanguages(t *testing.T) {
	m := verify.DefaultMessages()
	keys := []string{verify.MsgCode, verify.MsgForEmail, verify.MsgForPhone, verify.MsgForAddress, verify.MsgForPayout,
		verify.MsgForDispute, verify.MsgKindEmail, verify.MsgKindPhone, verify.MsgKindAddress, verify.MsgKindPayout,
		verify.MsgNoticeNew, verify.MsgNoticeChanged, verify.MsgEventSent, verify.MsgEventResent, verify.MsgEventRequested,
		verify.MsgEventVerified, verify.MsgEventWrong, verify.MsgEventLocked, verify.MsgEventRefused, verify.MsgEventUsed,
		verify.MsgEventApplied, verify.MsgEventFailed, verify.MsgEventCanceled, verify.MsgEventRateLimits}
	en := map[string]string{}
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese, language.TraditionalChinese} {
		for _, k := range keys {
			args := []any{"X", "Y", 3}
			if k == verify.MsgEventWrong {
				args = []any{3}
			}
			s := m.Text(lang, k, args...)
			if s == k || strings.Contains(s, "%!") {
				t.Errorf("%s %s: %q", lang, k, s)
			}
			if lang == language.English {
				en[k] = s
			} else if s == en[k] && k != verify.MsgForDispute {
				t.Errorf("%s %s is the English text", lang, k)
			}
		}
	}
	if got := m.Language(language.MustParse("zh-TW")); got != language.TraditionalChinese {
		t.Errorf("zh-TW → %v", got)
	}
}
