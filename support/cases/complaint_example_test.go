package cases_test

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
	"github.com/paydesk/paydesk/support/memstore"
)

// printer is a Notifier that prints what the customer is told.
type printer struct{}

func (printer) Notify(_ context.Context, n support.Notification) error {
	fmt.Printf("[%s] %s\n  %s\n", n.Language, n.Title, n.Text)
	return nil
}

// A complaint's journey, with what the customer is told in Chinese at each
// stage: filed, checked, investigated, a resolution proposed, contested,
// proposed again and accepted.
func Example_complaint() {
	ctx := context.Background()
	shanghai := time.FixedZone("CST", 8*60*60)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai) // a Monday
	clock := func() time.Time { now = now.Add(time.Hour); return now }
	hours, _ := support.ParseHours("Mon-Fri 09:00-18:00")
	cal, _ := support.NewCalendar(shanghai, hours, nil)
	desk, _ := support.NewDesk(memstore.New(), support.Options{Now: clock, NoSLA: true,
		NewID: func() support.ID { return "T-1001" }})
	svc, _ := cases.New(cases.Options{Desk: desk, Store: memstore.NewCases(), Now: clock, Calendar: cal, Notifier: printer{}})

	mei, li := support.Customer("mei"), support.Agent("li")
	c, err := svc.FileComplaint(ctx, mei, cases.ComplaintRequest{
		Subject: "转账手续费被重复收取", Description: "2 月 28 日的转账被收了两次手续费。", Language: language.SimplifiedChinese})
	if err != nil {
		fmt.Println(err)
		return
	}
	id := c.Ticket
	_, _ = svc.MoveComplaint(ctx, li, id, cases.StageVerifying, "核对两笔扣费记录")
	_, _ = svc.MoveComplaint(ctx, li, id, cases.StageInvestigating, "两笔扣费均已确认")
	_, _ = svc.MoveComplaint(ctx, li, id, cases.StageResolutionProposed, "退还重复收取的 15.00 元手续费")
	_, _ = svc.ContestResolution(ctx, mei, id, "汇率差价也被收了两次")
	_, _ = svc.MoveComplaint(ctx, li, id, cases.StageResolutionProposed, "退还 15.00 元手续费和 8.20 元汇率差价")
	c, _ = svc.AcceptResolution(ctx, mei, id)

	fmt.Println("stage:", c.Stage, "after", len(c.Changes), "steps")
	// Output:
	// [zh-Hans] 您的投诉 T-1001：已受理
	//   我们已收到您的投诉，将在 2026-03-03 11:00 CST 前确认后续步骤，并最迟于 2026-03-19 15:00 CST 给出最终答复。
	// [zh-Hans] 您的投诉 T-1001：核实中
	//   我们正在核实您投诉的情况，将在 2026-03-04 11:00 CST 前告知进展，最迟于 2026-03-19 15:00 CST 给出最终答复。
	// [zh-Hans] 您的投诉 T-1001：调查中
	//   我们正在调查您的投诉，将在 2026-03-13 13:00 CST 前提出解决方案，最迟于 2026-03-19 15:00 CST 给出最终答复。
	// [zh-Hans] 您的投诉 T-1001：已提出解决方案
	//   我们的解决方案：退还重复收取的 15.00 元手续费。请在 2026-03-13 14:00 CST 前接受，或告诉我们您不同意的理由。
	// [zh-Hans] 您的投诉 T-1001：调查中
	//   我们正在调查您的投诉，将在 2026-03-13 15:00 CST 前提出解决方案，最迟于 2026-03-19 15:00 CST 给出最终答复。
	// [zh-Hans] 您的投诉 T-1001：已提出解决方案
	//   我们的解决方案：退还 15.00 元手续费和 8.20 元汇率差价。请在 2026-03-13 16:00 CST 前接受，或告诉我们您不同意的理由。
	// [zh-Hans] 您的投诉 T-1001：已解决
	//   您的投诉已解决，感谢您的耐心。
	// stage: resolved after 7 steps
}
