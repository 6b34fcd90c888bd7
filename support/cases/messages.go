package cases

import (
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the texts cases writes into a ticket's history and its
// subjects. A host rewording them, or adding a language, sets these keys on
// the builder from DefaultCatalog and passes it to NewMessages. Arguments
// are noted per key; amounts come formatted for the customer's locale,
// dates as YYYY-MM-DD.
const (
	MsgSubjectDispute    = "cases.subject.dispute"    // %[1]s amount, %[2]s merchant
	MsgSubjectRefund     = "cases.subject.refund"     // %[1]s amount, %[2]s merchant
	MsgDisputeOpened     = "cases.dispute.opened"     // %[1]s amount, %[2]s merchant, %[3]s reason, %[4]s respond-by date
	MsgRefundOpened      = "cases.refund.opened"      // %[1]s amount, %[2]s merchant
	MsgEvidenceSaved     = "cases.evidence.saved"     // %[1]d required items given, %[2]d required in all
	MsgEvidenceSubmitted = "cases.evidence.submitted" // %[1]s date, %[2]d items, %[3]d attachments
	MsgStatus            = "cases.status"             // %[1]s status name
	MsgRefundPartial     = "cases.refund.partial"     // %[1]s refunded, %[2]s you receive, %[3]s remaining
	MsgRefundFull        = "cases.refund.full"        // %[1]s refunded, %[2]s you receive
	// MsgStatusPrefix + Status.String() names a status; MsgReasonPrefix +
	// Reason.String() names a reason.
	MsgStatusPrefix = "cases.status."
	MsgReasonPrefix = "cases.reason."
)

// builtinMessages returns the built-in texts.
func builtinMessages() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgSubjectDispute:    "Dispute: %[1]s at %[2]s",
			MsgSubjectRefund:     "Refund request: %[1]s at %[2]s",
			MsgDisputeOpened:     "We opened a dispute about the payment of %[1]s to %[2]s (%[3]s). Evidence is due by %[4]s.",
			MsgRefundOpened:      "We received your request to refund the payment of %[1]s to %[2]s and will review it.",
			MsgEvidenceSaved:     "Evidence saved: %[1]d of %[2]d required items given. You can change it until you submit it.",
			MsgEvidenceSubmitted: "Evidence submitted on %[1]s: %[2]d items and %[3]d attachments. It can no longer be changed; the case is now under review.",
			MsgStatus:            "Your case is now: %[1]s.",
			MsgRefundPartial:     "We refunded %[1]s; you receive %[2]s. %[3]s of the payment can still be refunded.",
			MsgRefundFull:        "We refunded %[1]s; you receive %[2]s. The payment is now fully refunded.",

			MsgStatusPrefix + "needs_response":     "evidence needed",
			MsgStatusPrefix + "under_review":       "under review",
			MsgStatusPrefix + "won":                "decided in your favour",
			MsgStatusPrefix + "lost":               "decided against you",
			MsgStatusPrefix + "partially_refunded": "partially refunded",
			MsgStatusPrefix + "refunded":           "refunded",
			MsgStatusPrefix + "declined":           "declined",
			MsgStatusPrefix + "withdrawn":          "withdrawn",

			MsgReasonPrefix + "fraudulent":            "payment not authorized",
			MsgReasonPrefix + "unrecognized":          "payment not recognized",
			MsgReasonPrefix + "product_not_received":  "not received",
			MsgReasonPrefix + "product_unacceptable":  "not as described",
			MsgReasonPrefix + "duplicate":             "charged twice",
			MsgReasonPrefix + "subscription_canceled": "subscription cancelled",
			MsgReasonPrefix + "credit_not_processed":  "refund not received",
			MsgReasonPrefix + "incorrect_amount":      "incorrect amount",
			MsgReasonPrefix + "general":               "other reason",
		},
		language.SimplifiedChinese: {
			MsgSubjectDispute:    "争议：%[2]s %[1]s",
			MsgSubjectRefund:     "退款申请：%[2]s %[1]s",
			MsgDisputeOpened:     "我们已就您向 %[2]s 支付的 %[1]s 提出争议（%[3]s）。请在 %[4]s 前提交证据。",
			MsgRefundOpened:      "我们已收到您对向 %[2]s 支付的 %[1]s 的退款申请，将尽快审核。",
			MsgEvidenceSaved:     "证据已保存：已提供 %[2]d 项必填项中的 %[1]d 项。提交前可以随时修改。",
			MsgEvidenceSubmitted: "证据已于 %[1]s 提交：共 %[2]d 项内容、%[3]d 个附件。提交后无法再修改，案件现已进入审核。",
			MsgStatus:            "您的案件状态已更新为：%[1]s。",
			MsgRefundPartial:     "我们已退款 %[1]s，您将收到 %[2]s。该笔付款仍有 %[3]s 可退。",
			MsgRefundFull:        "我们已退款 %[1]s，您将收到 %[2]s。该笔付款已全额退款。",

			MsgStatusPrefix + "needs_response":     "待提交证据",
			MsgStatusPrefix + "under_review":       "审核中",
			MsgStatusPrefix + "won":                "裁定对您有利",
			MsgStatusPrefix + "lost":               "裁定对您不利",
			MsgStatusPrefix + "partially_refunded": "部分退款",
			MsgStatusPrefix + "refunded":           "已退款",
			MsgStatusPrefix + "declined":           "已拒绝",
			MsgStatusPrefix + "withdrawn":          "已撤回",

			MsgReasonPrefix + "fraudulent":            "未经授权的付款",
			MsgReasonPrefix + "unrecognized":          "无法识别的付款",
			MsgReasonPrefix + "product_not_received":  "未收到商品或服务",
			MsgReasonPrefix + "product_unacceptable":  "商品与描述不符",
			MsgReasonPrefix + "duplicate":             "重复扣款",
			MsgReasonPrefix + "subscription_canceled": "订阅已取消",
			MsgReasonPrefix + "credit_not_processed":  "未收到退款",
			MsgReasonPrefix + "incorrect_amount":      "金额不正确",
			MsgReasonPrefix + "general":               "其他原因",
		},
		language.TraditionalChinese: {
			MsgSubjectDispute:    "爭議：%[2]s %[1]s",
			MsgSubjectRefund:     "退款申請：%[2]s %[1]s",
			MsgDisputeOpened:     "我們已就您向 %[2]s 支付的 %[1]s 提出爭議（%[3]s）。請在 %[4]s 前提交證據。",
			MsgRefundOpened:      "我們已收到您對向 %[2]s 支付的 %[1]s 的退款申請，將盡快審核。",
			MsgEvidenceSaved:     "證據已儲存：已提供 %[2]d 項必填項目中的 %[1]d 項。提交前可以隨時修改。",
			MsgEvidenceSubmitted: "證據已於 %[1]s 提交：共 %[2]d 項內容、%[3]d 個附件。提交後無法再修改，案件現已進入審核。",
			MsgStatus:            "您的案件狀態已更新為：%[1]s。",
			MsgRefundPartial:     "我們已退款 %[1]s，您將收到 %[2]s。該筆付款仍有 %[3]s 可退。",
			MsgRefundFull:        "我們已退款 %[1]s，您將收到 %[2]s。該筆付款已全額退款。",

			MsgStatusPrefix + "needs_response":     "待提交證據",
			MsgStatusPrefix + "under_review":       "審核中",
			MsgStatusPrefix + "won":                "裁定對您有利",
			MsgStatusPrefix + "lost":               "裁定對您不利",
			MsgStatusPrefix + "partially_refunded": "部分退款",
			MsgStatusPrefix + "refunded":           "已退款",
			MsgStatusPrefix + "declined":           "已拒絕",
			MsgStatusPrefix + "withdrawn":          "已撤回",

			MsgReasonPrefix + "fraudulent":            "未經授權的付款",
			MsgReasonPrefix + "unrecognized":          "無法識別的付款",
			MsgReasonPrefix + "product_not_received":  "未收到商品或服務",
			MsgReasonPrefix + "product_unacceptable":  "商品與描述不符",
			MsgReasonPrefix + "duplicate":             "重複扣款",
			MsgReasonPrefix + "subscription_canceled": "訂閱已取消",
			MsgReasonPrefix + "credit_not_processed":  "未收到退款",
			MsgReasonPrefix + "incorrect_amount":      "金額不正確",
			MsgReasonPrefix + "general":               "其他原因",
		},
	}
}

// DefaultCatalog returns a new catalog builder with the built-in case texts
// in English (the fallback), Simplified and Traditional Chinese. Nothing
// global is changed: each call builds a new one.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinMessages(), complaintTexts()) }

// Messages renders case texts, amounts included, in the language best
// matching a ticket's. It is immutable and safe for concurrent use.
type Messages struct {
	texts *l10n.Texts
	money map[language.Tag]*currency.Formatter // by matched language; read only
}

// NewMessages returns the messages of cat, negotiating among its languages
// with English as the fallback when cat has it. A catalog without languages
// is refused with an error matching l10n.ErrNoLanguages.
func NewMessages(cat catalog.Catalog) (*Messages, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	m := &Messages{texts: t, money: make(map[language.Tag]*currency.Formatter)}
	for _, lang := range t.Languages() {
		m.money[lang] = currency.NewFormatter(lang)
	}
	return m, nil
}

// DefaultMessages returns the built-in messages.
func DefaultMessages() *Messages {
	m, err := NewMessages(DefaultCatalog())
	if err != nil {
		panic(err) // unreachable: the built-in catalog has languages
	}
	return m
}

// Text returns the text of key in the language best matching lang.
func (m *Messages) Text(lang language.Tag, key string, args ...any) string {
	return m.texts.Sprintf(lang, key, args...)
}

// Language returns the language of m that serves lang.
func (m *Messages) Language(lang language.Tag) language.Tag { return m.texts.Match(lang) }

// Amount formats a for the locale of the language of m that serves lang.
func (m *Messages) Amount(lang language.Tag, a currency.Amount) string {
	if f := m.money[m.texts.Match(lang)]; f != nil {
		return f.Format(a)
	}
	return a.String()
}

// Status names s in the language best matching lang.
func (m *Messages) Status(lang language.Tag, s Status) string {
	return m.Text(lang, MsgStatusPrefix+s.String())
}

// Reason names r in the language best matching lang.
func (m *Messages) Reason(lang language.Tag, r Reason) string {
	return m.Text(lang, MsgReasonPrefix+r.String())
}

// String describes m's languages, for debugging.
func (m *Messages) String() string { return fmt.Sprintf("cases.Messages%v", m.texts.Languages()) }
