package cases_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// TestRefundProperty makes random partial refunds, some too large, some in
// another currency, on random amounts in currencies with 0, 2 and 3 minor
// units: the refunds granted never sum to more than the amount, the case's
// Refunded is always their sum, a refused refund changes nothing, and
// exactly the remaining amount is always accepted.
func TestRefundProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20260302, 7))
	codes := []string{"USD", "JPY", "KWD"}
	for round := range 200 {
		code := codes[rng.IntN(len(codes))]
		total := int64(1 + rng.IntN(100000))
		amt, _ := currency.NewAmountFromMinor(total, code)
		zero, _ := currency.NewAmount("0", code)
		c := cases.Case{ID: "c", Ticket: "t", Customer: "ana", Kind: cases.KindRefund, Status: cases.StatusUnderReview,
			Transaction: tx(t, "1.00 USD"), Refunded: zero, CreatedAt: t0, UpdatedAt: t0, Version: 1}
		c.Transaction.Amount = amt
		granted := int64(0)
		for i := 0; c.Status.Refundable() && i < 30; i++ {
			ask := 1 + rng.Int64N(total/2+1)
			if rng.IntN(5) == 0 {
				ask = total - granted // exactly what remains
			}
			askCode := code
			if rng.IntN(10) == 0 {
				askCode = "EUR"
			}
			a, _ := currency.NewAmountFromMinor(ask, askCode)
			r := cases.Refund{ID: support.ID(fmt.Sprintf("r%d", i)), Case: "c", Amount: a, Received: a, Actor: agent, At: t0}
			r.Fee, _ = a.Sub(a)
			next, err := cases.ApplyRefund(c, r)
			switch {
			case askCode != code:
				if !errors.Is(err, currency.ErrCurrencyMismatch) {
					t.Fatalf("round %d: other currency: %v", round, err)
				}
			case granted+ask > total:
				if !errors.Is(err, cases.ErrRefundExceeds) {
					t.Fatalf("round %d: %d of %d left, asked %d: %v", round, total-granted, total, ask, err)
				}
			default:
				if err != nil {
					t.Fatalf("round %d: %d of %d left, asked %d: %v", round, total-granted, total, ask, err)
				}
				granted += ask
			}
			if err != nil {
				if next.Version != c.Version || !next.Refunded.Equal(c.Refunded) {
					t.Fatal("a refused refund changed the case")
				}
				continue
			}
			c = next
			got, _ := c.Refunded.MinorUnits()
			if got != granted || granted > total {
				t.Fatalf("round %d: refunded %d, granted %d of %d", round, got, granted, total)
			}
			if want := granted == total; (c.Status == cases.StatusRefunded) != want {
				t.Fatalf("round %d: status %s with %d of %d refunded", round, c.Status, granted, total)
			}
		}
	}
}

// TestConcurrentRefunds races staff refunding one case through the Service
// (run with -race): the granted refunds never exceed the amount, and the
// ledger, the case and the ticket's history agree.
func TestConcurrentRefunds(t *testing.T) {
	e := newEnv(t, true)
	c, err := e.svc.OpenRefund(ctx, ana, cases.OpenRequest{Transaction: tx(t, "50.00 USD")})
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 6, 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok int
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				a, _ := currency.NewAmountFromMinor(int64(150+w*100+i*13), "USD")
				_, err := e.svc.Refund(ctx, support.Agent(fmt.Sprint("ag", w)), c.ID, cases.RefundRequest{Amount: a})
				switch {
				case err == nil:
					mu.Lock()
					ok++
					mu.Unlock()
				case errors.Is(err, cases.ErrRefundExceeds), errors.Is(err, cases.ErrTransition):
				default:
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := e.svc.Get(ctx, agent, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := got.Refunded.Cmp(got.Transaction.Amount); n > 0 {
		t.Fatalf("refunded %s of %s", got.Refunded, got.Transaction.Amount)
	}
	rs, _ := e.svc.Refunds(ctx, agent, c.ID)
	sum, _ := currency.NewAmount("0", "USD")
	for _, r := range rs {
		sum, _ = sum.Add(r.Amount)
	}
	if len(rs) != ok || !sum.Equal(got.Refunded) {
		t.Fatalf("%d refunds granted, ledger %d summing to %s, case %s", ok, len(rs), sum, got.Refunded)
	}
	if evs := e.events(t, c.Ticket, cases.EventRefund); len(evs) != ok {
		t.Fatalf("%d refund events for %d refunds", len(evs), ok)
	}
}
