package storetest_test

import (
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

// A store proves it keeps support.Store's contract by running the suite from
// its own tests. The function below is what goes into the store's _test.go
// file as TestConformance; newStore must return a new, empty store each time,
// and may register cleanup (closing a database, dropping a schema) with
// t.Cleanup. Run needs the *testing.T of a real test, so this example is
// compiled but not run here: support/memstore's TestConformance runs it.
func Example() {
	testConformance := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) support.Store {
			return memstore.New()
		})
	}
	_ = testConformance
}
