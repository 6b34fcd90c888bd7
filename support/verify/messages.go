package verify

import (
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the texts verify sends and records. A host rewording them,
// or adding a language, sets these keys on the builder from DefaultCatalog
// and passes it to NewMessages. Arguments are noted per key. No text is ever
// given a code except MsgCode.
const (
	MsgCode = "verify.code" // %[1]s the code, %[2]s what it is for (a MsgFor... text), %[3]d minutes valid

	MsgForEmail   = "verify.for.email"   // %[1]s the new address, masked
	MsgForPhone   = "verify.for.phone"   // %[1]s the new number, masked
	MsgForAddress = "verify.for.address" // change the postal address
	MsgForPayout  = "verify.for.payout"  // change the payout details
	MsgForDispute = "verify.for.dispute" // let staff act on a dispute

	MsgKindEmail   = "verify.kind.email"   // "e-mail address"
	MsgKindPhone   = "verify.kind.phone"   // "phone number"
	MsgKindAddress = "verify.kind.address" // "postal address"
	MsgKindPayout  = "verify.kind.payout"  // "payout details"

	MsgNoticeNew     = "verify.notice.new"     // to the new contact of a requested change; %[1]s kind (MsgKind...)
	MsgNoticeChanged = "verify.notice.changed" // to the old and new contacts after a change; %[1]s kind

	MsgEventSent       = "verify.event.sent"        // %[1]s the masked destination
	MsgEventResent     = "verify.event.resent"      // %[1]s the masked destination
	MsgEventRequested  = "verify.event.requested"   // %[1]s kind, %[2]s the masked destination of the code
	MsgEventVerified   = "verify.event.verified"    // the code was right
	MsgEventWrong      = "verify.event.wrong"       // %[1]d attempts left
	MsgEventLocked     = "verify.event.locked"      // the last attempt was wrong
	MsgEventRefused    = "verify.event.refused"     // %[1]s why (expired, locked, used, canceled, key)
	MsgEventUsed       = "verify.event.used"        // %[1]s what it authorized (a MsgFor... text)
	MsgEventApplied    = "verify.event.applied"     // %[1]s kind
	MsgEventFailed     = "verify.event.failed"      // %[1]s kind: the host could not apply it
	MsgEventCanceled   = "verify.event.canceled"    // the code could not be sent
	MsgEventRateLimits = "verify.event.rate_limits" // too many codes requested
)

// builtinMessages returns the built-in texts.
func builtinMessages() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgCode:            "%[1]s is your verification code to %[2]s. It expires in %[3]d minutes. Never share it with anyone, not even our staff. If you did not ask for it, ignore it and contact us.",
			MsgForEmail:        "change your e-mail address to %[1]s",
			MsgForPhone:        "change your phone number to %[1]s",
			MsgForAddress:      "change your postal address",
			MsgForPayout:       "change your payout details",
			MsgForDispute:      "confirm the action on your dispute",
			MsgKindEmail:       "e-mail address",
			MsgKindPhone:       "phone number",
			MsgKindAddress:     "postal address",
			MsgKindPayout:      "payout details",
			MsgNoticeNew:       "This %[1]s is being added to an account with us. The confirmation code goes to the account's current contact. If you did not ask for this, you can ignore this message.",
			MsgNoticeChanged:   "The %[1]s of your account was changed. If you did not do this, contact us right away.",
			MsgEventSent:       "A verification code was sent to %[1]s.",
			MsgEventResent:     "A new verification code was sent to %[1]s; the previous one no longer works.",
			MsgEventRequested:  "You asked to change your %[1]s. It changes once the verification sent to %[2]s is confirmed.",
			MsgEventVerified:   "Identity verified.",
			MsgEventWrong:      "A wrong verification was entered; %[1]d attempts left.",
			MsgEventLocked:     "Too many wrong verifications were entered; this check is locked. Request a new one.",
			MsgEventRefused:    "A verification was refused: %[1]s.",
			MsgEventUsed:       "A verified check was used to %[1]s.",
			MsgEventApplied:    "Your %[1]s was changed.",
			MsgEventFailed:     "The change of %[1]s was verified but could not be applied.",
			MsgEventCanceled:   "The verification could not be delivered and was canceled.",
			MsgEventRateLimits: "A verification was refused: too many were requested.",
		},
		language.SimplifiedChinese: {
			MsgCode:            "%[1]s 是您用于%[2]s的验证码，%[3]d 分钟内有效。请勿向任何人透露，包括我们的工作人员。如非本人操作，请忽略并联系我们。",
			MsgForEmail:        "将电子邮箱更改为 %[1]s",
			MsgForPhone:        "将手机号码更改为 %[1]s",
			MsgForAddress:      "更改邮寄地址",
			MsgForPayout:       "更改收款信息",
			MsgForDispute:      "确认对您争议的处理",
			MsgKindEmail:       "电子邮箱",
			MsgKindPhone:       "手机号码",
			MsgKindAddress:     "邮寄地址",
			MsgKindPayout:      "收款信息",
			MsgNoticeNew:       "有人正在将此%[1]s添加到我们的一个账户。确认码会发送到该账户当前的联系方式。如非本人操作，请忽略此消息。",
			MsgNoticeChanged:   "您账户的%[1]s已更改。如非本人操作，请立即联系我们。",
			MsgEventSent:       "已向 %[1]s 发送验证信息。",
			MsgEventResent:     "已向 %[1]s 重新发送验证信息，之前的已失效。",
			MsgEventRequested:  "您申请更改%[1]s。发送到 %[2]s 的验证确认后即会更改。",
			MsgEventVerified:   "身份验证成功。",
			MsgEventWrong:      "验证输入错误，还可尝试 %[1]d 次。",
			MsgEventLocked:     "验证输入错误次数过多，本次验证已锁定，请重新申请。",
			MsgEventRefused:    "验证被拒绝：%[1]s。",
			MsgEventUsed:       "已使用通过的验证：%[1]s。",
			MsgEventApplied:    "您的%[1]s已更改。",
			MsgEventFailed:     "%[1]s的更改已验证，但未能完成。",
			MsgEventCanceled:   "验证信息未能送达，已取消。",
			MsgEventRateLimits: "验证被拒绝：申请次数过多。",
		},
		language.TraditionalChinese: {
			MsgCode:            "%[1]s 是您用於%[2]s的驗證碼，%[3]d 分鐘內有效。請勿向任何人透露，包括我們的工作人員。如非本人操作，請忽略並聯絡我們。",
			MsgForEmail:        "將電子郵件地址變更為 %[1]s",
			MsgForPhone:        "將手機號碼變更為 %[1]s",
			MsgForAddress:      "變更郵寄地址",
			MsgForPayout:       "變更收款資料",
			MsgForDispute:      "確認對您爭議的處理",
			MsgKindEmail:       "電子郵件地址",
			MsgKindPhone:       "手機號碼",
			MsgKindAddress:     "郵寄地址",
			MsgKindPayout:      "收款資料",
			MsgNoticeNew:       "有人正在將此%[1]s新增到我們的一個帳戶。確認碼會傳送到該帳戶目前的聯絡方式。如非本人操作，請忽略此訊息。",
			MsgNoticeChanged:   "您帳戶的%[1]s已變更。如非本人操作，請立即聯絡我們。",
			MsgEventSent:       "已向 %[1]s 傳送驗證訊息。",
			MsgEventResent:     "已向 %[1]s 重新傳送驗證訊息，之前的已失效。",
			MsgEventRequested:  "您申請變更%[1]s。傳送到 %[2]s 的驗證確認後即會變更。",
			MsgEventVerified:   "身分驗證成功。",
			MsgEventWrong:      "驗證輸入錯誤，還可嘗試 %[1]d 次。",
			MsgEventLocked:     "驗證輸入錯誤次數過多，本次驗證已鎖定，請重新申請。",
			MsgEventRefused:    "驗證被拒絕：%[1]s。",
			MsgEventUsed:       "已使用通過的驗證：%[1]s。",
			MsgEventApplied:    "您的%[1]s已變更。",
			MsgEventFailed:     "%[1]s的變更已驗證，但未能完成。",
			MsgEventCanceled:   "驗證訊息未能送達，已取消。",
			MsgEventRateLimits: "驗證被拒絕：申請次數過多。",
		},
	}
}

// DefaultCatalog returns a new catalog builder with the built-in verify
// texts in English (the fallback), Simplified and Traditional Chinese.
// Nothing global is changed: each call builds a new one.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinMessages()) }

// Messages renders verify's texts in the language best matching a
// customer's. It is immutable and safe for concurrent use.
type Messages struct{ texts *l10n.Texts }

// NewMessages returns the messages of cat, negotiating among its languages
// with English as the fallback when cat has it. A catalog without languages
// is refused with an error matching l10n.ErrNoLanguages.
func NewMessages(cat catalog.Catalog) (*Messages, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	return &Messages{texts: t}, nil
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

// String describes m's languages, for debugging.
func (m *Messages) String() string { return fmt.Sprintf("verify.Messages%v", m.texts.Languages()) }

// kindText returns the localized name of a change kind.
func (m *Messages) kindText(lang language.Tag, k ChangeKind) string {
	return m.Text(lang, [...]string{"", MsgKindEmail, MsgKindPhone, MsgKindAddress, MsgKindPayout}[k])
}

// purposeText returns what a code is for; newMasked is the masked new
// contact of an e-mail or phone change.
func (m *Messages) purposeText(lang language.Tag, p Purpose, newMasked string) string {
	switch p {
	case PurposeEmail, PurposePhone:
		if newMasked == "" {
			newMasked = "…"
		}
		return m.Text(lang, [...]string{"", MsgForEmail, MsgForPhone}[p], newMasked)
	case PurposeAddress:
		return m.Text(lang, MsgForAddress)
	case PurposePayout:
		return m.Text(lang, MsgForPayout)
	}
	return m.Text(lang, MsgForDispute)
}
