package verify_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/verify"
)

// FuzzNormalizeCode: the result is 1 to 64 ASCII digits, normalizing is
// idempotent, and an error is an InputError that never repeats the input.
func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"123456", "123 456", "１２３４５６", "12-34-56", "12a456", "", "\xff", "١٢٣", "123\u3000456", "0000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := verify.NormalizeCode(s)
		if err != nil {
			if !errors.Is(err, verify.ErrMalformedCode) || !errors.Is(err, support.ErrInvalidInput) {
				t.Fatalf("error %v", err)
			}
			if strings.Count(strings.Trim(s, " "), "")-1 >= 4 && strings.Trim(s, "0123456789") == "" && strings.Contains(err.Error(), s) {
				t.Fatalf("error %v repeats the input", err)
			}
			return
		}
		if code == "" || len(code) > 64 || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("%q → %q", s, code)
		}
		again, err := verify.NormalizeCode(code)
		if err != nil || again != code {
			t.Fatalf("not idempotent: %q → %q, %v", code, again, err)
		}
	})
}

// FuzzParsePhone: a result is E.164 and parses to itself.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"+44 7700 900123", "0044 7700 900123", "+1 (555) 010-9999", "07700900123", "+0123456789", "+８６ １３８ ０００ ０００００", "+", "++44", "+4477009001231234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := verify.ParsePhone(s)
		if err != nil {
			if !errors.Is(err, verify.ErrInvalidPhone) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(p) < 9 || len(p) > 16 || p[0] != '+' || p[1] == '0' || strings.Trim(p[1:], "0123456789") != "" {
			t.Fatalf("%q → %q", s, p)
		}
		if again, err := verify.ParsePhone(p); err != nil || again != p {
			t.Fatalf("%q → %q, %v", p, again, err)
		}
	})
}

// FuzzParseEmail: a result is a bare, valid UTF-8 address that parses to
// itself.
func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"ana@example.com", " Ana@EXAMPLE.com ", "Ana <ana@example.com>", "ana", "@example.com", "a@", "\"a b\"@example.com", "ana@例子.中国", "a@b@c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := verify.ParseEmail(s)
		if err != nil {
			if !errors.Is(err, verify.ErrInvalidEmail) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if !utf8.ValidString(e) || len(e) > 254 || strings.ContainsAny(e, " <>\t\n") || !strings.Contains(e, "@") {
			t.Fatalf("%q → %q", s, e)
		}
		if again, err := verify.ParseEmail(e); err != nil || again != e {
			t.Fatalf("%q → %q, %v", e, again, err)
		}
	})
}

// FuzzVerify submits arbitrary input as a code: it never panics, is right
// only when it normalizes to the code, and never costs an attempt unless it
// is a well-formed code.
func FuzzVerify(f *testing.F) {
	for _, s := range []string{"123456", "１２３４５６", "12345", "abcdef", "", "000000 "} {
		f.Add(s)
	}
	fx := newFixture(f, func(o *verify.Options) { o.Desk = nil; o.MaxSends = 1 << 30 })
	f.Fuzz(func(t *testing.T, s string) {
		c, err := fx.svc.Start(ctx, ana, verify.StartRequest{Account: "ana", Purpose: verify.PurposeDispute, Channel: verify.ChannelPush, To: "device"})
		must(t, err)
		code := fx.out.lastCode(t, "device")
		_, err = fx.svc.Verify(ctx, ana, c.ID, s)
		norm, nerr := verify.NormalizeCode(s)
		got, _ := fx.store.Get(ctx, c.ID)
		switch {
		case err == nil:
			if norm != code {
				t.Fatalf("%q verified for %s", s, code)
			}
		case errors.Is(err, verify.ErrMalformedCode):
			if got.Attempts != 0 {
				t.Fatal("a malformed code cost an attempt")
			}
		case errors.Is(err, verify.ErrWrongCode):
			if nerr != nil || norm == code || got.Attempts != 1 {
				t.Fatalf("%q: wrong code, attempts %d", s, got.Attempts)
			}
		default:
			t.Fatalf("%q: %v", s, err)
		}
		if err != nil && strings.Contains(err.Error(), code) {
			t.Fatal("the error holds the code")
		}
	})
}
