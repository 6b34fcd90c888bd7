package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// RunCases runs the conformance suite of cases.Store against the stores
// newStore returns. Each subtest gets a new, empty store.
//
// The suite checks the contract written on cases.Store: not-found errors
// (*cases.NotFoundError), copies in and out, one case per ticket and per ID
// (*cases.ExistsError), invalid cases refused (support.ErrInvalidInput),
// optimistic concurrency on UpdateCase (*cases.VersionError, nothing
// changed) with the immutable fields kept, submitted evidence frozen
// (*cases.SubmittedError), the refund ledger and its arithmetic (partial and
// full refunds and their statuses, over-refunds, other currencies, final
// statuses and repeated refund IDs refused with nothing changed), and
// concurrent refunds that never together exceed the transaction's amount
// while the ledger always sums to the refunded total. Errors are matched
// with errors.Is.
func RunCases(t *testing.T, newStore func(t *testing.T) cases.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s cases.Store)
	}{
		{"Missing", testCasesMissing},
		{"CreateAndGet", testCasesCreateAndGet},
		{"Exists", testCasesExists},
		{"Invalid", testCasesInvalid},
		{"Update", testCasesUpdate},
		{"StaleVersion", testCasesStaleVersion},
		{"Frozen", testCasesFrozen},
		{"Refunds", testCasesRefunds},
		{"RefundRefused", testCasesRefundRefused},
		{"ConcurrentRefunds", testCasesConcurrentRefunds},
		{"ConcurrentUpdates", testCasesConcurrentUpdates},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// casesAmount returns number in code, or fails t.
func casesAmount(t *testing.T, number, code string) currency.Amount {
	t.Helper()
	a, err := currency.NewAmount(number, code)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// casesDispute returns a valid dispute case at version 1 over 100.00 USD.
func casesDispute(t *testing.T, id, ticket string) cases.Case {
	t.Helper()
	return cases.Case{
		ID: support.ID(id), Ticket: support.ID(ticket), Customer: "cus_1", Kind: cases.KindDispute,
		Transaction: cases.Transaction{ID: "ch_" + id, Amount: casesAmount(t, "100.00", "USD"), Date: base.Add(-48 * time.Hour),
			Merchant: "Acme Books", Method: fees.Card, Card: cases.Card{Brand: "visa", Last4: "4242"}},
		Reason: cases.ReasonProductNotReceived, Status: cases.StatusNeedsResponse, RespondBy: base.Add(7 * 24 * time.Hour),
		Evidence: cases.Evidence{Fields: map[string]string{"shipping_carrier": "UPS"}},
		Refunded: casesAmount(t, "0", "USD"), CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

// casesRefund returns a refund of amount on case id.
func casesRefund(t *testing.T, id, caseID, number, code string) cases.Refund {
	t.Helper()
	a := casesAmount(t, number, code)
	zero := casesAmount(t, "0", code)
	return cases.Refund{ID: support.ID(id), Case: support.ID(caseID), Amount: a, Fee: zero, Received: a,
		Actor: support.Agent("ag_1"), At: base.Add(time.Hour)}
}

func casesCreate(t *testing.T, s cases.Store, c cases.Case) {
	t.Helper()
	if err := s.CreateCase(context.Background(), c); err != nil {
		t.Fatalf("CreateCase(%s): %v", c.ID, err)
	}
}

func casesGet(t *testing.T, s cases.Store, id support.ID) cases.Case {
	t.Helper()
	c, err := s.Case(context.Background(), id)
	if err != nil {
		t.Fatalf("Case(%s): %v", id, err)
	}
	return c
}

func testCasesMissing(t *testing.T, s cases.Store) {
	ctx := context.Background()
	if _, err := s.Case(ctx, "nope"); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("Case(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.CaseByTicket(ctx, "nope"); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("CaseByTicket(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.UpdateCase(ctx, casesDispute(t, "nope", "T-nope")); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("UpdateCase(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.AddRefund(ctx, casesRefund(t, "r1", "nope", "1.00", "USD")); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("AddRefund(missing) = %v, want ErrNotFound", err)
	}
	if rs, err := s.Refunds(ctx, "nope"); err != nil || len(rs) != 0 {
		t.Errorf("Refunds(missing) = %v, %v; want empty", rs, err)
	}
}

func testCasesCreateAndGet(t *testing.T, s cases.Store) {
	ctx := context.Background()
	c := casesDispute(t, "c1", "T-1")
	casesCreate(t, s, c)
	c.Evidence.Fields["shipping_carrier"] = "changed after create" // the store kept its own copy
	got := casesGet(t, s, "c1")
	if got.Evidence.Fields["shipping_carrier"] != "UPS" || got.Version != 1 || got.Ticket != "T-1" {
		t.Fatalf("Case = %+v", got)
	}
	got.Evidence.Fields["shipping_carrier"] = "changed after get"
	if again := casesGet(t, s, "c1"); again.Evidence.Fields["shipping_carrier"] != "UPS" {
		t.Fatal("a case read from the store shares its evidence map with the store")
	}
	byT, err := s.CaseByTicket(ctx, "T-1")
	if err != nil || byT.ID != "c1" {
		t.Fatalf("CaseByTicket = %v, %v", byT.ID, err)
	}
	if !byT.Transaction.Amount.Equal(casesAmount(t, "100.00", "USD")) || !byT.RespondBy.Equal(c.RespondBy) {
		t.Fatalf("CaseByTicket changed the case: %+v", byT)
	}
}

func testCasesExists(t *testing.T, s cases.Store) {
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	ctx := context.Background()
	if err := s.CreateCase(ctx, casesDispute(t, "c1", "T-2")); !errors.Is(err, cases.ErrExists) {
		t.Errorf("same ID: %v, want ErrExists", err)
	}
	err := s.CreateCase(ctx, casesDispute(t, "c2", "T-1"))
	var ee *cases.ExistsError
	if !errors.As(err, &ee) || ee.Existing != "c1" {
		t.Errorf("same ticket: %v, want *ExistsError naming c1", err)
	}
	if _, err := s.Case(ctx, "c2"); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("a refused case was stored: %v", err)
	}
	if _, err := s.CaseByTicket(ctx, "T-2"); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("a refused case was stored under its ticket: %v", err)
	}
}

func testCasesInvalid(t *testing.T, s cases.Store) {
	ctx := context.Background()
	bad := map[string]func(c *cases.Case){
		"version 2":         func(c *cases.Case) { c.Version = 2 },
		"no customer":       func(c *cases.Case) { c.Customer = "" },
		"full card number":  func(c *cases.Case) { c.Transaction.Card.Last4 = "4242424242424242" },
		"other currency":    func(c *cases.Case) { c.Refunded = casesAmount(t, "0", "EUR") },
		"refund has reason": func(c *cases.Case) { c.Kind = cases.KindRefund; c.Status = cases.StatusUnderReview },
		"status for kind":   func(c *cases.Case) { c.Status = cases.StatusDeclined },
		"overrefunded":      func(c *cases.Case) { c.Refunded = casesAmount(t, "100.01", "USD") },
		"unknown evidence":  func(c *cases.Case) { c.Evidence.Fields["favourite_colour"] = "blue" },
	}
	for name, mutate := range bad {
		c := casesDispute(t, "c1", "T-1")
		mutate(&c)
		if err := s.CreateCase(ctx, c); !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("%s: CreateCase = %v, want ErrInvalidInput", name, err)
		}
	}
	if _, err := s.Case(ctx, "c1"); !errors.Is(err, cases.ErrNotFound) {
		t.Errorf("an invalid case was stored: %v", err)
	}
}

func testCasesUpdate(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	c := casesGet(t, s, "c1")
	c.Status = cases.StatusUnderReview
	c.Note = "called the merchant"
	c.Evidence.Fields["tracking_number"] = "1Z999"
	c.UpdatedAt = base.Add(time.Minute)
	// Fields the store keeps whatever the caller sends.
	c.Customer = "cus_other"
	c.Refunded = casesAmount(t, "50.00", "USD")
	c.Transaction.Merchant = "Other"
	got, err := s.UpdateCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Status != cases.StatusUnderReview || got.Note != "called the merchant" ||
		got.Evidence.Fields["tracking_number"] != "1Z999" || !got.UpdatedAt.Equal(base.Add(time.Minute)) {
		t.Fatalf("UpdateCase = %+v", got)
	}
	if got.Customer != "cus_1" || !got.Refunded.IsZero() || got.Transaction.Merchant != "Acme Books" {
		t.Fatalf("UpdateCase changed an immutable field: %+v", got)
	}
	if stored := casesGet(t, s, "c1"); stored.Version != 2 || stored.Customer != "cus_1" || stored.Note != "called the merchant" {
		t.Fatalf("stored = %+v", stored)
	}
	bad := got
	bad.Status = cases.StatusDeclined // not a dispute status
	if _, err := s.UpdateCase(ctx, bad); !errors.Is(err, support.ErrInvalidInput) {
		t.Fatalf("invalid update: %v", err)
	}
	if stored := casesGet(t, s, "c1"); stored.Version != 2 || stored.Status != cases.StatusUnderReview {
		t.Fatalf("an invalid update changed the case: %+v", stored)
	}
}

func testCasesStaleVersion(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	first := casesGet(t, s, "c1")
	second := first
	first.Note = "first"
	if _, err := s.UpdateCase(ctx, first); err != nil {
		t.Fatal(err)
	}
	second.Note = "second"
	_, err := s.UpdateCase(ctx, second)
	var ve *cases.VersionError
	if !errors.As(err, &ve) || !errors.Is(err, cases.ErrStaleVersion) || ve.Expected != 1 || ve.Actual != 2 {
		t.Fatalf("stale update: %v, want *VersionError 1/2", err)
	}
	if got := casesGet(t, s, "c1"); got.Note != "first" || got.Version != 2 {
		t.Fatalf("a stale update changed the case: %+v", got)
	}
	// A refund moves the version too, so an update read before it is stale.
	before := casesGet(t, s, "c1")
	if _, err := s.AddRefund(ctx, casesRefund(t, "r1", "c1", "10.00", "USD")); err != nil {
		t.Fatal(err)
	}
	before.Note = "after the refund"
	if _, err := s.UpdateCase(ctx, before); !errors.Is(err, cases.ErrStaleVersion) {
		t.Fatalf("update read before a refund: %v, want ErrStaleVersion", err)
	}
}

func testCasesFrozen(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	c := casesGet(t, s, "c1")
	c.Evidence.Fields["tracking_number"] = "1Z999"
	c.Evidence.Fields["shipped_on"] = "2026-02-27"
	c.SubmittedAt = base.Add(time.Hour)
	c.Status = cases.StatusUnderReview
	c, err := s.UpdateCase(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	changes := map[string]func(c *cases.Case){
		"field":     func(c *cases.Case) { c.Evidence.Fields["tracking_number"] = "1Z000" },
		"new field": func(c *cases.Case) { c.Evidence.Fields["explanation"] = "late addition" },
		"removed":   func(c *cases.Case) { delete(c.Evidence.Fields, "shipped_on") },
		"attachment": func(c *cases.Case) {
			c.Evidence.Attachments = []cases.Attachment{{Item: "communication", Name: "mail.pdf", Type: "application/pdf", Size: 10, Ref: "f1"}}
		},
		"unsubmit":   func(c *cases.Case) { c.SubmittedAt = time.Time{} },
		"resubmit":   func(c *cases.Case) { c.SubmittedAt = base.Add(2 * time.Hour) },
		"all erased": func(c *cases.Case) { c.Evidence = cases.Evidence{} },
	}
	for name, change := range changes {
		d := *c.Clone()
		change(&d)
		if _, err := s.UpdateCase(ctx, d); !errors.Is(err, cases.ErrSubmitted) {
			t.Errorf("%s after submission: %v, want ErrSubmitted", name, err)
		}
	}
	if got := casesGet(t, s, "c1"); got.Version != c.Version || got.Evidence.Fields["tracking_number"] != "1Z999" || len(got.Evidence.Fields) != 3 {
		t.Fatalf("frozen evidence changed: %+v", got)
	}
	// Other fields still change.
	c.Status = cases.StatusWon
	if _, err := s.UpdateCase(ctx, c); err != nil {
		t.Fatalf("status change after submission: %v", err)
	}
}

func testCasesRefunds(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	c, err := s.AddRefund(ctx, casesRefund(t, "r1", "c1", "30.00", "USD"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.StatusPartiallyRefunded || !c.Refunded.Equal(casesAmount(t, "30.00", "USD")) || c.Version != 2 ||
		!c.UpdatedAt.Equal(base.Add(time.Hour)) {
		t.Fatalf("after a partial refund: %+v", c)
	}
	c, err = s.AddRefund(ctx, casesRefund(t, "r2", "c1", "70.00", "USD")) // exactly what remains
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.StatusRefunded || !c.Remaining().IsZero() || c.Version != 3 {
		t.Fatalf("after the full refund: %+v", c)
	}
	if got := casesGet(t, s, "c1"); got.Status != cases.StatusRefunded || got.Version != 3 {
		t.Fatalf("stored: %+v", got)
	}
	rs, err := s.Refunds(ctx, "c1")
	if err != nil || len(rs) != 2 || rs[0].ID != "r1" || rs[1].ID != "r2" || !rs[1].Amount.Equal(casesAmount(t, "70.00", "USD")) {
		t.Fatalf("Refunds = %+v, %v", rs, err)
	}
	rs[0].Reference = "changed"
	if again, _ := s.Refunds(ctx, "c1"); again[0].Reference != "" {
		t.Fatal("the ledger handed out shares memory with the store")
	}
	// A final status takes no more refunds.
	if _, err := s.AddRefund(ctx, casesRefund(t, "r3", "c1", "0.01", "USD")); !errors.Is(err, cases.ErrTransition) {
		t.Fatalf("refund of a refunded case: %v, want ErrTransition", err)
	}
}

func testCasesRefundRefused(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	if _, err := s.AddRefund(ctx, casesRefund(t, "r1", "c1", "60.00", "USD")); err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name string
		r    cases.Refund
		want error
	}{
		{"over the remaining", casesRefund(t, "r2", "c1", "40.01", "USD"), cases.ErrRefundExceeds},
		{"other currency", casesRefund(t, "r2", "c1", "10.00", "EUR"), currency.ErrCurrencyMismatch},
		{"repeated ID", casesRefund(t, "r1", "c1", "1.00", "USD"), cases.ErrExists},
		{"zero", casesRefund(t, "r2", "c1", "0.00", "USD"), support.ErrInvalidInput},
		{"negative", casesRefund(t, "r2", "c1", "-1.00", "USD"), support.ErrInvalidInput},
		{"sub-cent", casesRefund(t, "r2", "c1", "0.001", "USD"), support.ErrInvalidInput},
	}
	for _, tc := range refused {
		_, err := s.AddRefund(ctx, tc.r)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	var re *cases.RefundError
	if _, err := s.AddRefund(ctx, casesRefund(t, "r2", "c1", "50.00", "USD")); !errors.As(err, &re) ||
		!re.Remaining.Equal(casesAmount(t, "40.00", "USD")) {
		t.Errorf("over-refund error %v does not carry the remaining 40.00 USD", err)
	}
	c := casesGet(t, s, "c1")
	if c.Version != 2 || !c.Refunded.Equal(casesAmount(t, "60.00", "USD")) || c.Status != cases.StatusPartiallyRefunded {
		t.Fatalf("a refused refund changed the case: %+v", c)
	}
	if rs, _ := s.Refunds(ctx, "c1"); len(rs) != 1 {
		t.Fatalf("a refused refund reached the ledger: %+v", rs)
	}
	// Exactly the remaining amount is accepted.
	if c, err := s.AddRefund(ctx, casesRefund(t, "r2", "c1", "40.00", "USD")); err != nil || c.Status != cases.StatusRefunded {
		t.Fatalf("refund of exactly the remaining amount: %+v, %v", c, err)
	}
}

func testCasesConcurrentRefunds(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	const workers, each = 8, 10
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		granted []currency.Amount
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				cents := 100 + 37*((w*each+i)%13) // 1.00 to 5.44 USD
				a, _ := currency.NewAmountFromMinor(int64(cents), "USD")
				zero, _ := currency.NewAmount("0", "USD")
				r := cases.Refund{ID: support.ID(fmt.Sprintf("r%d-%d", w, i)), Case: "c1", Amount: a, Fee: zero, Received: a,
					Actor: support.Agent("ag"), At: base}
				_, err := s.AddRefund(ctx, r)
				switch {
				case err == nil:
					mu.Lock()
					granted = append(granted, a)
					mu.Unlock()
				case errors.Is(err, cases.ErrRefundExceeds), errors.Is(err, cases.ErrTransition):
				default:
					t.Errorf("AddRefund: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	sum := casesAmount(t, "0", "USD")
	for _, a := range granted {
		sum, _ = sum.Add(a)
	}
	c := casesGet(t, s, "c1")
	if n, _ := sum.Cmp(c.Transaction.Amount); n > 0 {
		t.Fatalf("concurrent refunds granted %s of %s", sum, c.Transaction.Amount)
	}
	if !sum.Equal(c.Refunded) || c.Version != int64(1+len(granted)) {
		t.Fatalf("granted %s in %d refunds, case says %s at version %d", sum, len(granted), c.Refunded, c.Version)
	}
	rs, err := s.Refunds(ctx, "c1")
	if err != nil || len(rs) != len(granted) {
		t.Fatalf("ledger has %d refunds, %d granted (%v)", len(rs), len(granted), err)
	}
	ledger := casesAmount(t, "0", "USD")
	for _, r := range rs {
		ledger, _ = ledger.Add(r.Amount)
	}
	if !ledger.Equal(c.Refunded) {
		t.Fatalf("ledger sums to %s, case says %s", ledger, c.Refunded)
	}
}

func testCasesConcurrentUpdates(t *testing.T, s cases.Store) {
	ctx := context.Background()
	casesCreate(t, s, casesDispute(t, "c1", "T-1"))
	const workers, each = 4, 25
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; {
				c, err := s.Case(ctx, "c1")
				if err != nil {
					t.Error(err)
					return
				}
				c.Note = fmt.Sprintf("%d/%d", w, i)
				_, err = s.UpdateCase(ctx, c)
				if errors.Is(err, cases.ErrStaleVersion) {
					continue // lost the race: read again
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				wins++
				mu.Unlock()
				i++
			}
		}()
	}
	wg.Wait()
	if c := casesGet(t, s, "c1"); c.Version != int64(1+wins) || wins != workers*each {
		t.Fatalf("%d successful updates, version %d: an update was lost", wins, c.Version)
	}
}
