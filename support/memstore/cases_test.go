package memstore_test

import (
	"testing"

	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

func TestCasesConformance(t *testing.T) {
	storetest.RunCases(t, func(*testing.T) cases.Store { return memstore.NewCases() })
}
