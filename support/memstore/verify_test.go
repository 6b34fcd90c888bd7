package memstore_test

import (
	"testing"

	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
	"github.com/paydesk/paydesk/support/verify"
)

func TestVerifyConformance(t *testing.T) {
	storetest.RunVerify(t, func(*testing.T) verify.Store { return memstore.NewVerify() })
}
