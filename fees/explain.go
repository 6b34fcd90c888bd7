package fees

import (
	"strings"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Explainer turns quotes into sentences for customers, in their language:
// one sentence per fee line and a summary of the whole quote, with amounts in
// the currency package's localized display. Amounts are shown at their
// currency's minor units, except the exact lines of a schedule that rounds
// only the total (Rounding.Scope OnTotal), which are shown with all their
// decimals so that the lines visibly add up to the fee. It speaks English and Simplified
// Chinese; a request for another language gets the closest of them (English
// by default). Its messages live in a catalog built in code, never in
// package-level state. An Explainer is safe for concurrent use.
type Explainer struct {
	cat     *catalog.Builder
	tags    []language.Tag
	matcher language.Matcher
	fmts    []*currency.Formatter
}

// Explanation is a quote in words; a plain value owned by the caller.
// It is safe for concurrent reads.
type Explanation struct {
	// Language is the language of the sentences.
	Language language.Tag
	// Lines holds one sentence per fee line of the quote, in order.
	Lines []string
	// Summary explains the quote as a whole: what is sent, the fees, the
	// conversion, what arrives and until when the quote is valid.
	Summary string
}

// Message keys of the explainer's catalog.
const (
	msgPart         = "fees.part"
	msgLine         = "fees.line"
	msgLineFixed    = "fees.line.fixed"
	msgLineMin      = "fees.line.min"
	msgLineMax      = "fees.line.max"
	msgJoin         = "fees.join"
	msgSep          = "fees.sep"
	msgSenderPays   = "fees.summary.sender"
	msgRecipient    = "fees.summary.recipient"
	msgNoFee        = "fees.summary.nofee"
	msgConvert      = "fees.summary.convert"
	msgRate         = "fees.rate"
	msgCost         = "fees.summary.cost"
	msgValid        = "fees.summary.valid"
	msgKindPrefix   = "fees.kind."
	msgNoFeeConvert = "fees.summary.nofee.convert"
)

// NewExplainer returns an Explainer with its English and Simplified Chinese
// messages.
func NewExplainer() *Explainer {
	zhHans := language.SimplifiedChinese
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	set := func(key, en, zh string) {
		// SetString fails only for an invalid message, which these are not.
		_ = b.SetString(language.English, key, en)
		_ = b.SetString(zhHans, key, zh)
	}
	set(msgPart, "%[1]s%% of %[2]s", "%[2]s 的 %[1]s%%")
	set(msgJoin, " + ", " + ")
	set(msgSep, " ", "")
	set(msgLine, "%[1]s: %[2]s = %[3]s.", "%[1]s：%[2]s = %[3]s。")
	set(msgLineFixed, "%[1]s: a fixed %[2]s.", "%[1]s：固定收取 %[2]s。")
	set(msgLineMin, "%[1]s: %[2]s comes to less than the minimum, so the minimum of %[3]s applies.",
		"%[1]s：%[2]s 低于最低收费，按最低收费 %[3]s 收取。")
	set(msgLineMax, "%[1]s: %[2]s comes to more than the maximum, so it is capped at %[3]s.",
		"%[1]s：%[2]s 超过最高收费，按最高收费 %[3]s 收取。")
	set(msgSenderPays, "You send %[1]s and pay %[2]s in fees, %[3]s in total.",
		"您发送 %[1]s，另付手续费 %[2]s，共计 %[3]s。")
	set(msgRecipient, "You send %[1]s; %[2]s in fees is deducted from it.",
		"您发送 %[1]s，其中扣除手续费 %[2]s。")
	set(msgNoFee, "You send %[1]s with no fee, and the recipient gets %[2]s.",
		"您发送 %[1]s，无手续费，收款人收到 %[2]s。")
	set(msgNoFeeConvert, "You send %[1]s with no fee.", "您发送 %[1]s，无手续费。")
	set(msgConvert, "%[1]s is converted at %[2]s: the mid-market rate %[3]s less a %[4]s%% markup, which costs you %[5]s. The recipient gets %[6]s.",
		"%[1]s 按汇率 %[2]s 兑换：即中间价 %[3]s 减去 %[4]s%% 的加价，加价成本为 %[5]s。收款人收到 %[6]s。")
	set(msgRate, "1 %[1]s = %[2]s %[3]s", "1 %[1]s = %[2]s %[3]s")
	set(msgCost, "In all, this costs you %[1]s: %[2]s in fees and %[3]s in conversion markup.",
		"总成本为 %[1]s：手续费 %[2]s，汇率加价 %[3]s。")
	set(msgValid, "This quote is valid until %[1]s.", "本报价有效期至 %[1]s。")
	set(msgRecipientGets, "The recipient gets %[1]s.", "收款人收到 %[1]s。")
	set(msgKindPrefix+string(Percentage), "Fee", "手续费")
	set(msgKindPrefix+string(Fixed), "Fixed fee", "固定费用")
	set(msgKindPrefix+string(Graduated), "Tiered fee", "分档手续费")
	set(msgKindPrefix+string(Volume), "Volume-based fee", "按金额档位收费")
	set(msgKindPrefix+string(CrossBorderSurcharge), "Cross-border fee", "跨境手续费")
	tags := []language.Tag{language.English, zhHans}
	return &Explainer{
		cat:     b,
		tags:    tags,
		matcher: language.NewMatcher(tags),
		fmts:    []*currency.Formatter{currency.NewFormatter(language.English), currency.NewFormatter(zhHans)},
	}
}

const msgRecipientGets = "fees.summary.gets"

// Languages returns the languages the Explainer speaks.
func (e *Explainer) Languages() []language.Tag {
	return append([]language.Tag(nil), e.tags...)
}

// Explain returns q in sentences in the supported language closest to tag.
func (e *Explainer) Explain(q *Quote, tag language.Tag) Explanation {
	_, i, _ := e.matcher.Match(tag)
	lang := e.tags[i]
	p := message.NewPrinter(lang, message.Catalog(e.cat))
	f := e.fmts[i]
	money := func(a currency.Amount) string {
		if !a.IsRounded() {
			// An exact line of a schedule that rounds only the total: show
			// every decimal, so that the customer sees what was added up.
			return currency.NewFormatter(lang, currency.WithDigits(int(-a.Number().Exponent()))).Format(a)
		}
		return f.Format(a)
	}
	lines := q.Lines()
	out := Explanation{Language: lang, Lines: make([]string, 0, len(lines))}
	for _, l := range lines {
		out.Lines = append(out.Lines, e.line(p, lang, l, money))
	}
	sep := p.Sprintf(msgSep)
	sent, fee, received := q.Sent(), q.Fee(), q.Received()
	conv, converts := q.Conversion()
	var parts []string
	switch {
	case fee.IsZero() && !converts:
		parts = append(parts, p.Sprintf(msgNoFee, money(sent), money(received)))
	case fee.IsZero():
		parts = append(parts, p.Sprintf(msgNoFeeConvert, money(sent)))
	case q.payer == Recipient:
		parts = append(parts, p.Sprintf(msgRecipient, money(sent), money(fee)))
	default:
		parts = append(parts, p.Sprintf(msgSenderPays, money(sent), money(fee), money(q.Charged())))
	}
	if converts {
		from, to := sent.CurrencyCode(), received.CurrencyCode()
		parts = append(parts, p.Sprintf(msgConvert, money(q.Converted()),
			p.Sprintf(msgRate, from, displayRate(conv.Applied), to),
			p.Sprintf(msgRate, from, displayRate(conv.Rate.Value), to),
			conv.MarkupPercent.String(), money(conv.Markup), money(received)))
		if !fee.IsZero() {
			parts = append(parts, p.Sprintf(msgCost, money(q.Cost()), money(fee), money(conv.Markup)))
		}
	} else if !fee.IsZero() {
		parts = append(parts, p.Sprintf(msgRecipientGets, money(received)))
	}
	parts = append(parts, p.Sprintf(msgValid, q.expires.UTC().Format("2006-01-02 15:04 UTC")))
	out.Summary = strings.Join(parts, sep)
	return out
}

// line explains one fee line.
func (e *Explainer) line(p *message.Printer, lang language.Tag, l Line, money func(currency.Amount) string) string {
	name := l.label(lang)
	if name == "" {
		name = p.Sprintf(msgKindPrefix + string(l.Kind))
	}
	if l.Kind == Fixed {
		return p.Sprintf(msgLineFixed, name, money(l.Amount))
	}
	var basis string
	if l.Kind == Graduated {
		tp := l.tierParts()
		ps := make([]string, len(tp))
		for i, part := range tp {
			ps[i] = p.Sprintf(msgPart, part.percent.String(), money(part.base))
		}
		basis = strings.Join(ps, p.Sprintf(msgJoin))
	} else {
		basis = p.Sprintf(msgPart, l.Percent.String(), money(l.Base))
	}
	switch l.Capped {
	case RaisedToMin:
		return p.Sprintf(msgLineMin, name, basis, money(l.Amount))
	case LoweredToMax:
		return p.Sprintf(msgLineMax, name, basis, money(l.Amount))
	}
	return p.Sprintf(msgLine, name, basis, money(l.Amount))
}

// label returns the line's label from the schedule in the language closest
// to lang, or "" when the component has no label close enough.
func (l Line) label(lang language.Tag) string {
	if l.comp == nil || len(l.comp.labels) == 0 {
		return ""
	}
	tags := make([]language.Tag, len(l.comp.labels))
	for i, lb := range l.comp.labels {
		tags[i] = lb.tag
	}
	_, i, conf := language.NewMatcher(tags).Match(lang)
	if conf == language.No {
		return ""
	}
	return l.comp.labels[i].text
}

// displayRate rounds a rate to six significant digits for display.
func displayRate(r decimal.Decimal) string {
	if r.IsZero() {
		return "0"
	}
	msd := int32(r.NumDigits()) + r.Exponent() // digits before the point of the integer part
	places := 6 - msd
	if places < 0 {
		places = 0
	}
	return currency.Round(r, places, currency.HalfEven).String()
}
