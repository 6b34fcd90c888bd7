package memstore_test

import (
	"context"
	"fmt"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
)

// A Desk on an in-memory store: the default for development and tests.
func ExampleNew() {
	ctx := context.Background()
	store := memstore.New()
	desk, err := support.NewDesk(store, support.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := desk.Open(ctx, support.Customer("cus_1"), support.OpenRequest{
		Subject:  "Why was I charged a fee?",
		Category: support.CategoryFees,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Status, store.Len())
	// Output: new 1
}
