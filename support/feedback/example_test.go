package feedback_test

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/memstore"
)

// An NPS report by week: surveys are offered after solved tickets over two
// weeks, customers answer most of them, and the support lead reads NPS and
// response rate per ISO week in Shanghai time.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Shanghai
	n := 0
	svc, err := feedback.New(feedback.Options{
		Store: memstore.NewFeedback(),
		Now:   func() time.Time { return now },
		NewID: func() string { n++; return fmt.Sprintf("S-%d", n) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// score -1: the customer does not answer.
	scores := [][]int{{10, 9, 9, 7, 3, -1}, {10, 6, 8, -1, -1}}
	for week, ws := range scores {
		for i, score := range ws {
			customer := fmt.Sprintf("c%d%d", week, i)
			sv, err := svc.Offer(ctx, feedback.OfferRequest{
				Kind: feedback.NPS, Trigger: feedback.TriggerSolved, Customer: customer,
				Ticket:     support.ID(fmt.Sprintf("T-%d%d", week, i)),
				Dimensions: feedback.Dimensions{Agent: "li", Language: language.SimplifiedChinese},
			})
			if err != nil {
				fmt.Println(err)
				return
			}
			if score >= 0 {
				if _, err := svc.Answer(ctx, support.Customer(customer), sv.ID, feedback.Answer{Score: score}); err != nil {
					fmt.Println(err)
					return
				}
			}
			now = now.Add(20 * time.Hour)
		}
		now = time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
	}

	// A second answer is refused; the first stands.
	_, err = svc.Answer(ctx, support.Customer("c00"), "S-1", feedback.Answer{Score: 0})
	fmt.Println(err)

	g, _ := feedback.ParseGrouping("all/week@Asia/Shanghai")
	r, _ := feedback.NewReport(g)
	if err := svc.Aggregate(ctx, time.Time{}, time.Time{}, r); err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range r.Rows() {
		fmt.Printf("week of %s: offered %d, answered %d (%s%%), promoters %d, detractors %d, NPS %s\n",
			row.Bucket.Format("2006-01-02"), row.Offered, row.Answered(), row.ResponseRate().FormatPercent(0),
			row.Promoters(), row.Detractors(), row.NPS().FormatPercent(1))
	}
	tot := r.Total()
	fmt.Printf("total: NPS %s (exactly %v of the answers)\n", tot.NPS().FormatPercent(1), tot.NPS())
	fmt.Println(svc.Messages().Question(language.MustParse("zh-TW"), feedback.NPS, feedback.TriggerSolved))
	// Output:
	// feedback: survey "S-1" was answered at 2026-03-02T01:00:00Z
	// week of 2026-03-02: offered 6, answered 5 (83%), promoters 3, detractors 1, NPS 40.0
	// week of 2026-03-09: offered 5, answered 3 (60%), promoters 1, detractors 1, NPS 0.0
	// total: NPS 25.0 (exactly 2/8 of the answers)
	// 您有多大可能向朋友或同事推薦我們？
}
