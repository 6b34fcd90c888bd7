package fees_test

import (
	"context"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/fees"
	"golang.org/x/text/language"
)

// TestConcurrentUse shares one Quoter, Schedule and Explainer between
// goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	q := builtinQuoter(t)
	ex := fees.NewExplainer()
	req := fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}
	want, err := q.Forward(context.Background(), req, amount(t, "500.00 USD"))
	noErr(t, err)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				got, err := q.Forward(context.Background(), req, amount(t, "500.00 USD"))
				if err != nil || !got.Received().Equal(want.Received()) {
					t.Errorf("forward: %v %v", got, err)
					return
				}
				inv := req
				inv.SendCurrency, inv.ReceiveCurrency = "USD", ""
				if _, err := q.Inverse(context.Background(), inv, got.Received()); err != nil {
					t.Errorf("inverse: %v", err)
					return
				}
				_ = ex.Explain(got, language.SimplifiedChinese)
			}
		}()
	}
	wg.Wait()
}
