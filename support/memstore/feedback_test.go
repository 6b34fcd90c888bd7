package memstore_test

import (
	"testing"

	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

func TestFeedbackConformance(t *testing.T) {
	storetest.RunFeedback(t, func(*testing.T) feedback.Store { return memstore.NewFeedback() })
}
