package fees

import (
	"fmt"
	"strings"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/l10n"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Explainer turns quotes into sentences for customers, in their language:
// one sentence per fee line, each line's basis, and a summary of the whole
// quote, with amounts in the currency package's localized display and the
// expiry in the customer's time zone. Amounts are shown at their currency's
// minor units, except the exact lines of a schedule that rounds only the
// total (Rounding.Scope OnTotal), which are shown with all their decimals so
// that the lines visibly add up to the fee.
//
// Its texts are an l10n catalog (DefaultCatalog) in English, Simplified
// Chinese and Traditional Chinese; a customer's tag is negotiated as l10n
// does (zh-TW, zh-HK and zh-Hant get Traditional Chinese, zh-CN
// Simplified, anything without texts English). A host rewords the texts or
// adds a language by setting keys on DefaultCatalog's builder and passing it
// to NewExplainerCatalog. An Explainer is immutable and safe for concurrent
// use.
type Explainer struct {
	texts *l10n.Texts
	fmts  map[language.Tag]*currency.Formatter // by matched language; read only
}

// Explanation is a quote in words; a plain value owned by the caller.
// It is safe for concurrent reads.
type Explanation struct {
	// Language is the language of the sentences.
	Language language.Tag
	// Lines holds one sentence per fee line of the quote, in order.
	Lines []string
	// Bases holds, per fee line, how it was computed in the customer's
	// language with localized amounts: what Line.Basis gives in English
	// for logs ("1% of $50.00, raised to the minimum $1.00").
	Bases []string
	// Summary explains the quote as a whole: what is sent, the fees, the
	// conversion, what arrives and until when the quote is valid, in the
	// time zone the explanation was asked for.
	Summary string
}

// Message keys of the explainer's catalog. A host rewording the texts sets
// these keys (arguments noted per key) on the builder from DefaultCatalog.
const (
	MsgPart         = "fees.part"                  // %[1]s percent, %[2]s amount
	MsgLine         = "fees.line"                  // %[1]s fee name, %[2]s basis, %[3]s fee
	MsgLineFixed    = "fees.line.fixed"            // %[1]s fee name, %[2]s fee
	MsgLineMin      = "fees.line.min"              // %[1]s fee name, %[2]s basis, %[3]s minimum fee
	MsgLineMax      = "fees.line.max"              // %[1]s fee name, %[2]s basis, %[3]s maximum fee
	MsgBasisFixed   = "fees.basis.fixed"           // %[1]s fee
	MsgBasisMin     = "fees.basis.min"             // %[1]s basis, %[2]s minimum fee
	MsgBasisMax     = "fees.basis.max"             // %[1]s basis, %[2]s maximum fee
	MsgJoin         = "fees.join"                  // between the tiers of a basis
	MsgSep          = "fees.sep"                   // between the summary's sentences
	MsgSenderPays   = "fees.summary.sender"        // %[1]s sent, %[2]s fee, %[3]s charged
	MsgRecipient    = "fees.summary.recipient"     // %[1]s sent, %[2]s fee
	MsgNoFee        = "fees.summary.nofee"         // %[1]s sent, %[2]s received
	MsgNoFeeConvert = "fees.summary.nofee.convert" // %[1]s sent
	MsgConvert      = "fees.summary.convert"       // %[1]s converted, %[2]s applied rate, %[3]s mid rate, %[4]s markup %, %[5]s markup, %[6]s received
	MsgRate         = "fees.rate"                  // %[1]s from code, %[2]s rate, %[3]s to code
	MsgCost         = "fees.summary.cost"          // %[1]s cost, %[2]s fee, %[3]s markup
	MsgValid        = "fees.summary.valid"         // %[1]s expiry, "2006-01-02 15:04 UTC+08:00"
	MsgGets         = "fees.summary.gets"          // %[1]s received
	// MsgKindPrefix + Kind names a line without a label in the schedule.
	MsgKindPrefix = "fees.kind."
)

// builtinTexts returns the built-in texts.
func builtinTexts() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgPart:         "%[1]s%% of %[2]s",
			MsgJoin:         " + ",
			MsgSep:          " ",
			MsgLine:         "%[1]s: %[2]s = %[3]s.",
			MsgLineFixed:    "%[1]s: a fixed %[2]s.",
			MsgLineMin:      "%[1]s: %[2]s comes to less than the minimum, so the minimum of %[3]s applies.",
			MsgLineMax:      "%[1]s: %[2]s comes to more than the maximum, so it is capped at %[3]s.",
			MsgBasisFixed:   "fixed %[1]s",
			MsgBasisMin:     "%[1]s, raised to the minimum %[2]s",
			MsgBasisMax:     "%[1]s, lowered to the maximum %[2]s",
			MsgSenderPays:   "You send %[1]s and pay %[2]s in fees, %[3]s in total.",
			MsgRecipient:    "You send %[1]s; %[2]s in fees is deducted from it.",
			MsgNoFee:        "You send %[1]s with no fee, and the recipient gets %[2]s.",
			MsgNoFeeConvert: "You send %[1]s with no fee.",
			MsgConvert:      "%[1]s is converted at %[2]s: the mid-market rate %[3]s less a %[4]s%% markup, which costs you %[5]s. The recipient gets %[6]s.",
			MsgRate:         "1 %[1]s = %[2]s %[3]s",
			MsgCost:         "In all, this costs you %[1]s: %[2]s in fees and %[3]s in conversion markup.",
			MsgValid:        "This quote is valid until %[1]s.",
			MsgGets:         "The recipient gets %[1]s.",

			MsgKindPrefix + string(Percentage):           "Fee",
			MsgKindPrefix + string(Fixed):                "Fixed fee",
			MsgKindPrefix + string(Graduated):            "Tiered fee",
			MsgKindPrefix + string(Volume):               "Volume-based fee",
			MsgKindPrefix + string(CrossBorderSurcharge): "Cross-border fee",
		},
		language.SimplifiedChinese: {
			MsgPart:         "%[2]s 的 %[1]s%%",
			MsgJoin:         " + ",
			MsgSep:          "",
			MsgLine:         "%[1]s：%[2]s = %[3]s。",
			MsgLineFixed:    "%[1]s：固定收取 %[2]s。",
			MsgLineMin:      "%[1]s：%[2]s 低于最低收费，按最低收费 %[3]s 收取。",
			MsgLineMax:      "%[1]s：%[2]s 超过最高收费，按最高收费 %[3]s 收取。",
			MsgBasisFixed:   "固定 %[1]s",
			MsgBasisMin:     "%[1]s，提高至最低收费 %[2]s",
			MsgBasisMax:     "%[1]s，降至最高收费 %[2]s",
			MsgSenderPays:   "您发送 %[1]s，另付手续费 %[2]s，共计 %[3]s。",
			MsgRecipient:    "您发送 %[1]s，其中扣除手续费 %[2]s。",
			MsgNoFee:        "您发送 %[1]s，无手续费，收款人收到 %[2]s。",
			MsgNoFeeConvert: "您发送 %[1]s，无手续费。",
			MsgConvert:      "%[1]s 按汇率 %[2]s 兑换：即中间价 %[3]s 减去 %[4]s%% 的加价，加价成本为 %[5]s。收款人收到 %[6]s。",
			MsgRate:         "1 %[1]s = %[2]s %[3]s",
			MsgCost:         "总成本为 %[1]s：手续费 %[2]s，汇率加价 %[3]s。",
			MsgValid:        "本报价有效期至 %[1]s。",
			MsgGets:         "收款人收到 %[1]s。",

			MsgKindPrefix + string(Percentage):           "手续费",
			MsgKindPrefix + string(Fixed):                "固定费用",
			MsgKindPrefix + string(Graduated):            "分档手续费",
			MsgKindPrefix + string(Volume):               "按金额档位收费",
			MsgKindPrefix + string(CrossBorderSurcharge): "跨境手续费",
		},
		language.TraditionalChinese: {
			MsgPart:         "%[2]s 的 %[1]s%%",
			MsgJoin:         " + ",
			MsgSep:          "",
			MsgLine:         "%[1]s：%[2]s = %[3]s。",
			MsgLineFixed:    "%[1]s：固定收取 %[2]s。",
			MsgLineMin:      "%[1]s：%[2]s 低於最低收費，按最低收費 %[3]s 收取。",
			MsgLineMax:      "%[1]s：%[2]s 超過最高收費，按最高收費 %[3]s 收取。",
			MsgBasisFixed:   "固定 %[1]s",
			MsgBasisMin:     "%[1]s，提高至最低收費 %[2]s",
			MsgBasisMax:     "%[1]s，降至最高收費 %[2]s",
			MsgSenderPays:   "您發送 %[1]s，另付手續費 %[2]s，共計 %[3]s。",
			MsgRecipient:    "您發送 %[1]s，其中扣除手續費 %[2]s。",
			MsgNoFee:        "您發送 %[1]s，無手續費，收款人收到 %[2]s。",
			MsgNoFeeConvert: "您發送 %[1]s，無手續費。",
			MsgConvert:      "%[1]s 按匯率 %[2]s 兌換：即中間價 %[3]s 減去 %[4]s%% 的加價，加價成本為 %[5]s。收款人收到 %[6]s。",
			MsgRate:         "1 %[1]s = %[2]s %[3]s",
			MsgCost:         "總成本為 %[1]s：手續費 %[2]s，匯率加價 %[3]s。",
			MsgValid:        "本報價有效期至 %[1]s。",
			MsgGets:         "收款人收到 %[1]s。",

			MsgKindPrefix + string(Percentage):           "手續費",
			MsgKindPrefix + string(Fixed):                "固定費用",
			MsgKindPrefix + string(Graduated):            "分級手續費",
			MsgKindPrefix + string(Volume):               "按金額級距收費",
			MsgKindPrefix + string(CrossBorderSurcharge): "跨境手續費",
		},
	}
}

// DefaultCatalog returns a new catalog builder with the explainer's built-in
// texts in English (the fallback), Simplified and Traditional Chinese.
// Nothing global changes: each call builds a new one.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinTexts()) }

// NewExplainer returns an Explainer with the built-in texts.
func NewExplainer() *Explainer {
	e, err := NewExplainerCatalog(DefaultCatalog())
	if err != nil {
		panic(err) // unreachable: the built-in catalog has languages
	}
	return e
}

// NewExplainerCatalog returns an Explainer speaking the languages of cat,
// with English as the fallback when cat has it. A catalog without languages
// is refused with an error matching l10n.ErrNoLanguages.
func NewExplainerCatalog(cat catalog.Catalog) (*Explainer, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("fees: explainer: %w", err)
	}
	e := &Explainer{texts: t, fmts: map[language.Tag]*currency.Formatter{}}
	for _, lang := range t.Languages() {
		e.fmts[lang] = currency.NewFormatter(lang)
	}
	return e, nil
}

// Languages returns the languages the Explainer speaks, the fallback first.
func (e *Explainer) Languages() []language.Tag { return e.texts.Languages() }

// Explain returns q in sentences in the language closest to tag, with the
// expiry in UTC. ExplainIn shows it in the customer's time zone.
func (e *Explainer) Explain(q *Quote, tag language.Tag) Explanation {
	return e.ExplainIn(q, tag, time.UTC)
}

// ExplainIn returns q in sentences in the language closest to tag, with the
// expiry in the time zone loc (nil means UTC), written with its offset:
// "2026-03-01 20:10 UTC+08:00", or "2026-03-01 12:10 UTC" in UTC.
func (e *Explainer) ExplainIn(q *Quote, tag language.Tag, loc *time.Location) Explanation {
	lang := e.texts.Match(tag)
	p := e.texts.Printer(tag)
	f := e.fmts[lang]
	money := func(a currency.Amount) string {
		if !a.IsRounded() {
			// An exact line of a schedule that rounds only the total: show
			// every decimal, so that the customer sees what was added up.
			return currency.NewFormatter(lang, currency.WithDigits(int(-a.Number().Exponent()))).Format(a)
		}
		return f.Format(a)
	}
	lines := q.Lines()
	out := Explanation{Language: lang, Lines: make([]string, 0, len(lines)), Bases: make([]string, 0, len(lines))}
	for _, l := range lines {
		sentence, basis := e.line(p, lang, l, money)
		out.Lines = append(out.Lines, sentence)
		out.Bases = append(out.Bases, basis)
	}
	sep := p.Sprintf(MsgSep)
	sent, fee, received := q.Sent(), q.Fee(), q.Received()
	conv, converts := q.Conversion()
	var parts []string
	switch {
	case fee.IsZero() && !converts:
		parts = append(parts, p.Sprintf(MsgNoFee, money(sent), money(received)))
	case fee.IsZero():
		parts = append(parts, p.Sprintf(MsgNoFeeConvert, money(sent)))
	case q.payer == Recipient:
		parts = append(parts, p.Sprintf(MsgRecipient, money(sent), money(fee)))
	default:
		parts = append(parts, p.Sprintf(MsgSenderPays, money(sent), money(fee), money(q.Charged())))
	}
	if converts {
		from, to := sent.CurrencyCode(), received.CurrencyCode()
		parts = append(parts, p.Sprintf(MsgConvert, money(q.Converted()),
			p.Sprintf(MsgRate, from, displayRate(conv.Applied), to),
			p.Sprintf(MsgRate, from, displayRate(conv.Rate.Value), to),
			conv.MarkupPercent.String(), money(conv.Markup), money(received)))
		if !fee.IsZero() {
			parts = append(parts, p.Sprintf(MsgCost, money(q.Cost()), money(fee), money(conv.Markup)))
		}
	} else if !fee.IsZero() {
		parts = append(parts, p.Sprintf(MsgGets, money(received)))
	}
	parts = append(parts, p.Sprintf(MsgValid, localTime(q.expires, loc)))
	out.Summary = strings.Join(parts, sep)
	return out
}

// localTime writes t in loc as "2006-01-02 15:04" and the zone's offset
// from UTC: "UTC" for none, else "UTC+08:00" or "UTC-03:30".
func localTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	_, off := t.Zone()
	s := t.Format("2006-01-02 15:04") + " UTC"
	if off == 0 {
		return s
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%s%c%02d:%02d", s, sign, off/3600, off%3600/60)
}

// line explains one fee line: its sentence and its basis.
func (e *Explainer) line(p *message.Printer, lang language.Tag, l Line, money func(currency.Amount) string) (sentence, basis string) {
	name := l.label(lang)
	if name == "" {
		name = p.Sprintf(MsgKindPrefix + string(l.Kind))
	}
	if l.Kind == Fixed {
		return p.Sprintf(MsgLineFixed, name, money(l.Amount)), p.Sprintf(MsgBasisFixed, money(l.Amount))
	}
	if l.Kind == Graduated {
		tp := l.tierParts()
		ps := make([]string, len(tp))
		for i, part := range tp {
			ps[i] = p.Sprintf(MsgPart, part.percent.String(), money(part.base))
		}
		basis = strings.Join(ps, p.Sprintf(MsgJoin))
	} else {
		basis = p.Sprintf(MsgPart, l.Percent.String(), money(l.Base))
	}
	switch l.Capped {
	case RaisedToMin:
		return p.Sprintf(MsgLineMin, name, basis, money(l.Amount)), p.Sprintf(MsgBasisMin, basis, money(l.Amount))
	case LoweredToMax:
		return p.Sprintf(MsgLineMax, name, basis, money(l.Amount)), p.Sprintf(MsgBasisMax, basis, money(l.Amount))
	}
	return p.Sprintf(MsgLine, name, basis, money(l.Amount)), basis
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
