package sqlstore_test

import (
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/sqlstore"
	"github.com/paydesk/paydesk/support/storetest"
	"github.com/paydesk/paydesk/support/verify"
)

func TestConformance(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		storetest.Run(t, func(t *testing.T) support.Store { return open(t).Tickets() })
	})
}

func TestOutboxConformance(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		storetest.RunOutbox(t, func(t *testing.T) support.OutboxStore { return open(t).Tickets() })
	})
}

func TestVerifyConformance(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		storetest.RunVerify(t, func(t *testing.T) verify.Store { return open(t).Verify() })
	})
}

func TestFeedbackConformance(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		storetest.RunFeedback(t, func(t *testing.T) feedback.Store { return open(t).Feedback() })
	})
}

func TestCasesConformance(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		storetest.RunCases(t, func(t *testing.T) cases.Store { return open(t).Cases() })
	})
}

func TestChatConformance(t *testing.T) {
	forEach(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		storetest.RunChat(t, func(t *testing.T) chat.Store { return open(t).Chat() })
	})
}
