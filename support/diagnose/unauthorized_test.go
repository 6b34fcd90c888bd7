package diagnose_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
	"github.com/paydesk/paydesk/support/memstore"
)

func newReporter(t *testing.T) (*diagnose.Reporter, *support.Desk) {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	desk, err := support.NewDesk(memstore.New(), support.Options{Now: func() time.Time { return now }})
	require.NoError(t, err)
	r, err := diagnose.NewReporter(desk, nil)
	require.NoError(t, err)
	return r, desk
}

func TestReportUnauthorizedOpensUrgentSecurityTicket(t *testing.T) {
	ctx := context.Background()
	r, desk := newReporter(t)
	rep := diagnose.UnauthorizedReport{Customer: "cus_1", Reference: "pay_123", Language: language.SimplifiedChinese, IdempotencyKey: "tap-1"}
	got, err := r.ReportUnauthorized(ctx, rep)
	require.NoError(t, err)
	assert.True(t, got.Opened)
	assert.Equal(t, support.CategorySecurity, got.Ticket.Category)
	assert.Equal(t, []string{"pay_123"}, got.Ticket.Transactions)
	assert.Zero(t, got.Ticket.Priority, "the customer's view hides the priority")
	assert.Contains(t, got.Ticket.Subject, "pay_123")

	staff, err := desk.Get(ctx, support.Agent("a1"), got.Ticket.ID)
	require.NoError(t, err)
	assert.Equal(t, support.PriorityUrgent, staff.Priority)

	// A double tap: the same ticket, not a second one.
	again, err := r.ReportUnauthorized(ctx, rep)
	require.NoError(t, err)
	assert.Equal(t, got.Ticket.ID, again.Ticket.ID)
	page, err := desk.ListCustomer(ctx, support.Customer("cus_1"), "cus_1", support.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, page.Tickets, 1)

	e := diagnose.DefaultMessages().Explain(got.Customer, rep.Language)
	assert.Contains(t, e.Text, "pay_123")
	assert.Equal(t, []string{"card-lost-stolen", "unrecognized-transaction"}, e.Articles)
	checkRenders(t, diagnose.DefaultMessages(), got.Customer)
	checkRenders(t, diagnose.DefaultMessages(), got.Agent)
}

func TestReportUnauthorizedRaisesOwnTicket(t *testing.T) {
	ctx := context.Background()
	r, desk := newReporter(t)
	cust := support.Customer("cus_1")
	tk, err := desk.Open(ctx, cust, support.OpenRequest{Subject: "Strange charge", Category: support.CategoryPaymentFailed})
	require.NoError(t, err)

	rep := diagnose.UnauthorizedReport{Customer: "cus_1", Reference: "pay_9", Ticket: tk.ID, Description: "I never bought this", IdempotencyKey: "k"}
	got, err := r.ReportUnauthorized(ctx, rep)
	require.NoError(t, err)
	assert.False(t, got.Opened)
	assert.Equal(t, tk.ID, got.Ticket.ID)
	staff, err := desk.Get(ctx, support.Agent("a1"), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, support.PriorityUrgent, staff.Priority)
	assert.Equal(t, support.CategorySecurity, staff.Category)
	assert.Contains(t, staff.Transactions, "pay_9")
	hist, err := desk.History(ctx, cust, tk.ID, 0, 0)
	require.NoError(t, err)
	replies := 0
	for _, ev := range hist {
		if ev.Kind == support.EventReply {
			replies++
			assert.Equal(t, "I never bought this", ev.Body)
		}
	}
	assert.Equal(t, 1, replies)

	// A double tap adds nothing.
	before, err := desk.History(ctx, support.Agent("a1"), tk.ID, 0, 0)
	require.NoError(t, err)
	_, err = r.ReportUnauthorized(ctx, rep)
	require.NoError(t, err)
	after, err := desk.History(ctx, support.Agent("a1"), tk.ID, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, len(before), len(after))
}

func TestReportUnauthorizedOthersTicketIsNotFound(t *testing.T) {
	ctx := context.Background()
	r, desk := newReporter(t)
	tk, err := desk.Open(ctx, support.Customer("cus_other"), support.OpenRequest{Subject: "Mine", Category: support.CategoryOther})
	require.NoError(t, err)
	_, err = r.ReportUnauthorized(ctx, diagnose.UnauthorizedReport{Customer: "cus_1", Reference: "pay_1", Ticket: tk.ID})
	assert.ErrorIs(t, err, support.ErrNotFound)
	staff, err := desk.Get(ctx, support.Agent("a1"), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, tk.Version, staff.Version, "nothing written")
}

func TestReportUnauthorizedBadInput(t *testing.T) {
	r, _ := newReporter(t)
	for _, rep := range []diagnose.UnauthorizedReport{{Reference: "x"}, {Customer: "c"}, {Customer: "c", Reference: "  "}} {
		_, err := r.ReportUnauthorized(context.Background(), rep)
		assert.ErrorIs(t, err, diagnose.ErrInvalidReport)
		assert.ErrorIs(t, err, support.ErrInvalidInput)
	}
	_, err := diagnose.NewReporter(nil, nil)
	assert.ErrorIs(t, err, diagnose.ErrInvalidReport)
}
