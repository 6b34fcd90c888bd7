package diagnose_test

import (
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support/diagnose"
)

// A declined payment explained to the customer in Chinese, and
// truthfully to the agent: the card was reported stolen, which the
// customer must not learn.
func Example() {
	declines := diagnose.DefaultDeclines()
	msgs := diagnose.DefaultMessages()

	d, err := declines.Lookup("card_declined: Stolen-Card")
	if err != nil {
		panic(err)
	}
	c := msgs.Explain(d.ForCustomer(), language.Make("zh-CN"))
	fmt.Println(c.Language, c.Text)
	fmt.Println(c.NextStep)
	fmt.Println(c.RetryText, c.Articles)

	a := msgs.Explain(d.ForAgent(), language.English)
	fmt.Println(a.Cause, a.Text)
	fmt.Println(a.Articles)
	// Output:
	// zh-Hans 您的银行拒绝了这笔付款，但没有告诉我们原因。
	// 请换一张卡或其他付款方式，或拨打卡背面的电话向银行询问原因。
	// 再次使用这张卡也无济于事。 [card-payment-declined]
	// lost_or_stolen Decline code stolen_card: the card is reported lost or stolen. Do not tell the customer; they were shown a generic decline. Check the customer's identity; follow the account-takeover procedure.
	// [card-lost-stolen card-payment-declined]
}

// A bank transfer from the United States to Germany, sent on a Friday
// evening, asked about on Tuesday: still within its window of three
// business days.
func ExampleDelays_Check() {
	delays := diagnose.DefaultDelays()
	sent := time.Date(2026, 3, 6, 18, 0, 0, 0, time.UTC) // a Friday
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	d, err := delays.Check(diagnose.Payment{Method: fees.BankTransfer, From: "US", To: "DE", Sent: sent}, now)
	if err != nil {
		panic(err)
	}
	e := diagnose.DefaultMessages().Explain(d.ForCustomer(), language.TraditionalChinese)
	fmt.Println(d.State)
	fmt.Println(e.Text)
	fmt.Println(e.NextStep)
	// Output:
	// within
	// 您的付款正在途中，仍在正常時間內，通常會在 2026年3月12日 00:00 UTC 前到帳。
	// 目前無需任何操作。如果到 2026年3月14日 00:00 UTC 仍未到帳，請聯繫我們。
}

func ExampleLocks_Lookup() {
	l, err := diagnose.DefaultLocks().Lookup("too-many-attempts")
	if err != nil {
		panic(err)
	}
	e := diagnose.DefaultMessages().Explain(l.ForCustomer(), language.English)
	fmt.Println(e.Text)
	fmt.Println(e.NextStep)
	fmt.Println(e.NeedsVerification, e.NeedsAgent, e.Articles)
	// Output:
	// Your account is locked for now because of too many sign-in attempts with a wrong password or code.
	// Wait 30 minutes and sign in again, or reset your password now to unlock it.
	// false false [unlock-account]
}
