package cases_test

import (
	"fmt"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// BenchmarkDisputeWithEvidenceAndPartialRefund opens a dispute with its
// evidence on a new ticket (customer) and records a partial refund with its
// fee quote (agent), on memstore: two commits to the Desk's store, two
// events, one case and one ledger entry per iteration. The disputes come
// from 1,000 customers in turn, as on a real desk (one customer with
// thousands of open cases would measure memstore's per-customer index
// instead).
func BenchmarkDisputeWithEvidenceAndPartialRefund(b *testing.B) {
	for _, quote := range []bool{false, true} {
		name := "no-fees"
		if quote {
			name = "with-fee-quote"
		}
		b.Run(name, func(b *testing.B) {
			e := newEnv(b, quote)
			req := cases.OpenRequest{Transaction: tx(b, "42.50 USD"), Reason: cases.ReasonProductNotReceived,
				Evidence: notReceived(), Language: language.English}
			part := cases.RefundRequest{Amount: amount(b, "10.00 USD")}
			customers := make([]support.Actor, 1000)
			for i := range customers {
				customers[i] = support.Customer(fmt.Sprintf("cus_%04d", i))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				c, err := e.svc.OpenDispute(ctx, customers[i%len(customers)], req)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.svc.Refund(ctx, agent, c.ID, part); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplyRefund measures the refund arithmetic every store runs in
// its atomic step.
func BenchmarkApplyRefund(b *testing.B) {
	c := cases.Case{ID: "c", Ticket: "t", Customer: "ana", Kind: cases.KindRefund, Status: cases.StatusUnderReview,
		Transaction: tx(b, "100.00 USD"), Refunded: amount(b, "0.00 USD"), CreatedAt: t0, UpdatedAt: t0, Version: 1}
	a := amount(b, "10.00 USD")
	r := cases.Refund{ID: "r", Case: "c", Amount: a, Fee: amount(b, "0.00 USD"), Received: a, Actor: agent, At: t0}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cases.ApplyRefund(c, r); err != nil {
			b.Fatal(err)
		}
	}
}
