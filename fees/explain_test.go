package fees_test

import (
	"context"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/l10n"
	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

func TestExplain(t *testing.T) {
	q := builtinQuoter(t)
	ex := fees.NewExplainer()
	eq(t, []language.Tag{language.English, language.MustParse("zh-Hans"), language.MustParse("zh-Hant")}, ex.Languages())
	conv, err := q.Forward(context.Background(), fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, amount(t, "1234.56 USD"))
	noErr(t, err)
	capped, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, amount(t, "50.00 USD"))
	noErr(t, err)
	free, err := q.Forward(context.Background(), fees.Request{Operation: fees.Transfer, Method: fees.Balance, FromCountry: "GB", ToCountry: "GB"}, amount(t, "20.00 GBP"))
	noErr(t, err)
	tests := []struct {
		name    string
		quote   *fees.Quote
		tag     string
		lang    string
		lines   []string
		summary string
	}{
		{
			"conversion in English", conv, "en-US", "en",
			[]string{
				"Transfer fee: 0.6% of $1,000.00 + 0.4% of $234.56 = $6.94.",
				"Per-transfer fee: a fixed $2.00.",
			},
			"You send $1,234.56 and pay $8.94 in fees, $1,243.50 in total. " +
				"$1,234.56 is converted at 1 USD = 0.9154 EUR: the mid-market rate 1 USD = 0.92 EUR less a 0.5% markup, which costs you $6.17. " +
				"The recipient gets €1,130.11. In all, this costs you $15.11: $8.94 in fees and $6.17 in conversion markup. " +
				"This quote is valid until 2026-03-01 12:10 UTC.",
		},
		{
			"conversion in Chinese", conv, "zh-CN", "zh-Hans",
			[]string{
				"转账手续费：US$1,000.00 的 0.6% + US$234.56 的 0.4% = US$6.94。",
				"每笔转账固定费用：固定收取 US$2.00。",
			},
			"您发送 US$1,234.56，另付手续费 US$8.94，共计 US$1,243.50。" +
				"US$1,234.56 按汇率 1 USD = 0.9154 EUR 兑换：即中间价 1 USD = 0.92 EUR 减去 0.5% 的加价，加价成本为 US$6.17。" +
				"收款人收到 €1,130.11。总成本为 US$15.11：手续费 US$8.94，汇率加价 US$6.17。" +
				"本报价有效期至 2026-03-01 12:10 UTC。",
		},
		{
			"minimum fee borne by the recipient", capped, "en", "en",
			[]string{"Payout fee: 1% of $50.00 comes to less than the minimum, so the minimum of $1.00 applies."},
			"You send $50.00; $1.00 in fees is deducted from it. The recipient gets $49.00. This quote is valid until 2026-03-01 12:10 UTC.",
		},
		{
			"minimum fee in Chinese", capped, "zh-Hans", "zh-Hans",
			[]string{"提现手续费：US$50.00 的 1% 低于最低收费，按最低收费 US$1.00 收取。"},
			"您发送 US$50.00，其中扣除手续费 US$1.00。收款人收到 US$49.00。本报价有效期至 2026-03-01 12:10 UTC。",
		},
		{
			"conversion in Traditional Chinese for Taiwan", conv, "zh-TW", "zh-Hant",
			[]string{
				"轉帳手續費：US$1,000.00 的 0.6% + US$234.56 的 0.4% = US$6.94。",
				"每筆轉帳固定費用：固定收取 US$2.00。",
			},
			"您發送 US$1,234.56，另付手續費 US$8.94，共計 US$1,243.50。" +
				"US$1,234.56 按匯率 1 USD = 0.9154 EUR 兌換：即中間價 1 USD = 0.92 EUR 減去 0.5% 的加價，加價成本為 US$6.17。" +
				"收款人收到 €1,130.11。總成本為 US$15.11：手續費 US$8.94，匯率加價 US$6.17。" +
				"本報價有效期至 2026-03-01 12:10 UTC。",
		},
		{
			"minimum fee in Traditional Chinese for Hong Kong", capped, "zh-HK", "zh-Hant",
			[]string{"提領手續費：US$50.00 的 1% 低於最低收費，按最低收費 US$1.00 收取。"},
			"您發送 US$50.00，其中扣除手續費 US$1.00。收款人收到 US$49.00。本報價有效期至 2026-03-01 12:10 UTC。",
		},
		{
			"no fee, unsupported language falls back to English", free, "fr", "en",
			nil,
			"You send £20.00 with no fee, and the recipient gets £20.00. This quote is valid until 2026-03-01 12:10 UTC.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ex.Explain(tt.quote, language.MustParse(tt.tag))
			eq(t, tt.lang, got.Language.String())
			if len(tt.lines) == 0 {
				eq(t, 0, len(got.Lines))
			} else {
				eq(t, tt.lines, got.Lines)
			}
			eq(t, tt.summary, got.Summary)
		})
	}
}

// TestExplainKindNames checks that lines without labels are named by kind.
func TestExplainKindNames(t *testing.T) {
	d := validDef()
	s, err := fees.New(d)
	noErr(t, err)
	q := builtinQuoter(t)
	q.Schedule = s
	got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, amount(t, "10.00 USD"))
	noErr(t, err)
	ex := fees.NewExplainer()
	eq(t, []string{"Fee: 2.9% of $10.00 comes to less than the minimum, so the minimum of $0.50 applies.", "Fixed fee: a fixed $0.30."},
		ex.Explain(got, language.English).Lines)
	eq(t, []string{"手续费：US$10.00 的 2.9% 低于最低收费，按最低收费 US$0.50 收取。", "固定费用：固定收取 US$0.30。"},
		ex.Explain(got, language.SimplifiedChinese).Lines)
}

// TestExplainExactLines checks that the exact lines of a schedule that rounds
// only the total are explained with all their decimals, not rounded for
// display: 0.15495 + 0.03099 rounds to a fee of 0.19, while lines shown as
// 0.15 and 0.03 would not add up to it.
func TestExplainExactLines(t *testing.T) {
	def := fees.Definition{Name: "total", Rounding: fees.Rounding{Mode: currency.HalfUp, Scope: fees.OnTotal},
		Rules: []fees.Rule{{ID: "all", Operations: []fees.Operation{fees.Payment}, Components: []fees.Component{
			{Code: "processing", Kind: fees.Percentage, Percent: dec("1.5")},
			{Code: "network", Kind: fees.Percentage, Percent: dec("0.3")},
		}}}}
	s, err := fees.New(def)
	noErr(t, err)
	q := &fees.Quoter{Schedule: s, Now: func() time.Time { return testNow }}
	quote, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: "US", ToCountry: "US"}, amount(t, "10.33 USD"))
	noErr(t, err)
	got := fees.NewExplainer().Explain(quote, language.English)
	eq(t, []string{"Fee: 1.5% of $10.33 = $0.15495.", "Fee: 0.3% of $10.33 = $0.03099."}, got.Lines)
	contains(t, got.Summary, "pay $0.19 in fees")
}

// TestExplainTimeZoneAndBasis checks that the expiry is shown in the
// customer's time zone and that each line's basis is given in the
// customer's language, while Line.Basis stays the English log form.
func TestExplainTimeZoneAndBasis(t *testing.T) {
	q := builtinQuoter(t)
	capped, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, amount(t, "50.00 USD"))
	noErr(t, err)
	ex := fees.NewExplainer()
	taipei := time.FixedZone("CST", 8*3600)
	got := ex.ExplainIn(capped, language.MustParse("zh-TW"), taipei)
	contains(t, got.Summary, "本報價有效期至 2026-03-01 20:10 UTC+08:00。")
	eq(t, []string{"US$50.00 的 1%，提高至最低收費 US$1.00"}, got.Bases)
	newfoundland := time.FixedZone("NST", -(3*3600 + 30*60))
	got = ex.ExplainIn(capped, language.English, newfoundland)
	contains(t, got.Summary, "valid until 2026-03-01 08:40 UTC-03:30.")
	eq(t, []string{"1% of $50.00, raised to the minimum $1.00"}, got.Bases)
	eq(t, "1% of 50.00 USD, raised to the minimum 1.00 USD", capped.Lines()[0].Basis())
	got = ex.ExplainIn(capped, language.SimplifiedChinese, nil)
	contains(t, got.Summary, "2026-03-01 12:10 UTC。")
	eq(t, []string{"US$50.00 的 1%，提高至最低收费 US$1.00"}, got.Bases)

	conv, err := q.Forward(context.Background(), fees.Request{Operation: fees.Transfer, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "DE", ReceiveCurrency: "EUR"}, amount(t, "1234.56 USD"))
	noErr(t, err)
	eq(t, []string{"0.6% of $1,000.00 + 0.4% of $234.56", "fixed $2.00"}, ex.Explain(conv, language.English).Bases)
	eq(t, []string{"US$1,000.00 的 0.6% + US$234.56 的 0.4%", "固定 US$2.00"}, ex.Explain(conv, language.MustParse("zh-Hant")).Bases)
}

// TestExplainerCatalog checks that a host can reword a text through the
// catalog, and that an empty catalog is refused.
func TestExplainerCatalog(t *testing.T) {
	cat := fees.DefaultCatalog()
	noErr(t, cat.SetString(language.English, fees.MsgValid, "Quote good until %[1]s."))
	ex, err := fees.NewExplainerCatalog(cat)
	noErr(t, err)
	q := builtinQuoter(t)
	got, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payout, Method: fees.BankTransfer, FromCountry: "US", ToCountry: "US"}, amount(t, "50.00 USD"))
	noErr(t, err)
	contains(t, ex.Explain(got, language.English).Summary, "Quote good until 2026-03-01 12:10 UTC.")
	_, err = fees.NewExplainerCatalog(catalog.NewBuilder())
	errIs(t, err, l10n.ErrNoLanguages)
}
