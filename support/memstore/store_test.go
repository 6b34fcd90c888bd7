package memstore_test

import (
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) support.Store { return memstore.New() })
}

func TestOutboxConformance(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) support.OutboxStore { return memstore.New() })
}
