package verify_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/verify"
)

// benchFixture returns a Service without a Desk (verification alone) and
// n started challenges of n accounts with their codes.
func benchFixture(b *testing.B, n int) (*fixture, []verify.Challenge, []string) {
	f := newFixture(b, func(o *verify.Options) { o.Desk = nil })
	cs := make([]verify.Challenge, n)
	codes := make([]string, n)
	for i := range n {
		acct := fmt.Sprintf("acct-%d", i)
		c, err := f.svc.Start(ctx, support.Customer(acct), verify.StartRequest{Account: acct, Purpose: verify.PurposeDispute, Channel: verify.ChannelPush, To: "device"})
		if err != nil {
			b.Fatal(err)
		}
		cs[i], codes[i] = c, f.out.lastCode(b, "device")
	}
	return f, cs, codes
}

// BenchmarkVerify verifies the right code of a fresh challenge: a read,
// an HMAC, a versioned write (memstore), no ticket.
func BenchmarkVerify(b *testing.B) {
	f, cs, codes := benchFixture(b, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := f.svc.Verify(ctx, support.Customer(cs[i].Account), cs[i].ID, codes[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyWrong submits a wrong code: the same work, counted as a
// failed attempt (a challenge takes 5, so each is used 4 times).
func BenchmarkVerifyWrong(b *testing.B) {
	n := b.N/4 + 1
	f, cs, codes := benchFixture(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c := cs[i/4]
		if _, err := f.svc.Verify(ctx, support.Customer(c.Account), c.ID, wrong(codes[i/4])); err == nil {
			b.Fatal("a wrong code passed")
		}
	}
}

// BenchmarkStart starts a challenge: ID and code from crypto/rand, HMAC,
// store with the quota check, send (a recording sender), no ticket.
func BenchmarkStart(b *testing.B) {
	discard := verify.SenderFunc(func(context.Context, verify.Message) error { return nil })
	f := newFixture(b, func(o *verify.Options) { o.Desk = nil; o.Rand = nil; o.Sender = discard })
	accts := make([]string, b.N)
	for i := range accts {
		accts[i] = fmt.Sprintf("acct-%d", i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		_, err := f.svc.Start(ctx, support.Customer(accts[i]), verify.StartRequest{Account: accts[i], Purpose: verify.PurposeDispute, Channel: verify.ChannelSMS, To: "+447700900123"})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := verify.NormalizeCode("１２３ ４５６"); err != nil {
			b.Fatal(err)
		}
	}
}
