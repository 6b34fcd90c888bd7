package currency_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// TestRateTableConcurrentSetAndRead runs writers and readers together (run it
// with -race). Each Set quotes EUR/USD = k and EUR/JPY = 2k at one time, so a
// reader that ever saw legs from two different Sets would get a USD/JPY rate
// other than 2.
func TestRateTableConcurrentSetAndRead(t *testing.T) {
	var table currency.RateTable
	var clock atomic.Int64
	set := func(k int64) error {
		at := rateDay.Add(time.Duration(clock.Add(1)) * time.Second)
		return table.Set(
			currency.Rate{From: "EUR", To: "USD", Value: decimal.New(k, -2), Time: at, Source: "race"},
			currency.Rate{From: "EUR", To: "JPY", Value: decimal.New(2*k, -2), Time: at, Source: "race"},
		)
	}
	if err := set(100); err != nil {
		t.Fatal(err)
	}
	const writers, readers, rounds = 2, 4, 300
	ctx := context.Background()
	ten, _ := currency.NewAmount("10.00", "USD")
	conv := currency.Converter{Rates: &table, MaxAge: time.Hour, Mode: currency.HalfEven, Now: func() time.Time { return rateDay }}
	errs := make(chan error, writers+readers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range rounds {
				if err := set(int64(101 + w*rounds + i)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for range readers {
		wg.Go(func() {
			for range rounds {
				r, err := table.Rate(ctx, "USD", "JPY")
				if err != nil {
					errs <- err
					return
				}
				if r.Value.String() != "2" || len(r.Chain) != 2 || !r.Chain[0].Time.Equal(r.Chain[1].Time) {
					t.Errorf("USD/JPY = %s from %+v: legs of different Sets", r.Value, r.Chain)
					return
				}
				c, err := conv.Convert(ctx, ten, "JPY")
				if err != nil {
					errs <- err
					return
				}
				if c.Result.String() != "20 JPY" {
					t.Errorf("10 USD = %s", c.Result)
					return
				}
				if n := len(table.Rates()); n != 2 {
					t.Errorf("Rates() has %d rates", n)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
