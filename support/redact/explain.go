package redact

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

// ErrNoLanguages is returned by NewExplainer for a catalog without any
// language.
var ErrNoLanguages = errors.New("redact: message catalog has no languages")

// Message keys of the Explainer's catalog. A host adding a language sets all
// of them. MsgHidden takes %[1]s, the list of what was hidden; the MsgCount
// keys take %[1]d, how many were hidden (use plural selection where the
// language needs it); MsgAnd joins the last two items of the list and MsgComma
// the others.
const (
	MsgHidden       = "redact.hidden"
	MsgWhy          = "redact.why"
	MsgScamWarning  = "redact.scam"
	MsgAnd          = "redact.and"
	MsgComma        = "redact.comma"
	MsgCountCard    = "redact.count.card"
	MsgCountCVV     = "redact.count.cvv"
	MsgCountCode    = "redact.count.code"
	MsgCountPasswd  = "redact.count.password"
	msgCountUnknown = "redact.count.unknown"
)

// countKey returns the message key counting secrets of kind k.
func countKey(k Kind) string {
	switch k {
	case CardNumber:
		return MsgCountCard
	case SecurityCode:
		return MsgCountCVV
	case OneTimeCode:
		return MsgCountCode
	case Password:
		return MsgCountPasswd
	}
	return msgCountUnknown
}

// DefaultCatalog returns a new catalog builder holding the built-in texts
// in English (the fallback), Simplified Chinese (zh-Hans) and Traditional
// Chinese (zh-Hant). A host adds languages or rewords texts on the builder
// it got and passes it to NewExplainer; nothing global changes.
func DefaultCatalog() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	en, hans, hant := language.English, language.SimplifiedChinese, language.TraditionalChinese
	// Set fails only for a malformed message; the built-in ones are tested.
	set := func(tag language.Tag, key string, msg ...catalog.Message) { _ = b.Set(tag, key, msg...) }
	str := func(key, e, s, t string) {
		set(en, key, catalog.String(e))
		set(hans, key, catalog.String(s))
		set(hant, key, catalog.String(t))
	}
	str(MsgHidden, "We hid %[1]s in your message.",
		"为保护您的安全，我们隐藏了您消息中的%[1]s。",
		"為保護您的安全，我們隱藏了您訊息中的%[1]s。")
	str(MsgWhy, "Never share full card numbers, security codes (CVV), one-time codes or passwords in chat: our staff will never ask you for them.",
		"请勿在聊天中发送完整卡号、安全码（CVV）、验证码或密码，我们的工作人员绝不会向您索要这些信息。",
		"請勿在聊天中傳送完整卡號、安全碼（CVV）、驗證碼或密碼，我們的工作人員絕不會向您索取這些資訊。")
	str(MsgScamWarning, "Our staff will never ask you for a one-time code, a password or your card's security code (CVV). Do not share them with anyone, even someone who says they work for us.",
		"我们的工作人员绝不会向您索要验证码、密码或银行卡安全码（CVV）。请勿将这些信息告诉任何人，即使对方自称是我们的员工。",
		"我們的工作人員絕不會向您索取驗證碼、密碼或信用卡安全碼（CVV）。請勿將這些資訊告訴任何人，即使對方自稱是我們的員工。")
	str(MsgAnd, " and ", "和", "和")
	str(MsgComma, ", ", "、", "、")
	count := func(key, en1, enN, hans1, hansN, hant1, hantN string) {
		set(en, key, plural.Selectf(1, "%d", "=1", en1, "other", enN))
		set(hans, key, plural.Selectf(1, "%d", "=1", hans1, "other", hansN))
		set(hant, key, plural.Selectf(1, "%d", "=1", hant1, "other", hantN))
	}
	count(MsgCountCard, "a card number", "%[1]d card numbers", "卡号", "%[1]d个卡号", "卡號", "%[1]d個卡號")
	count(MsgCountCVV, "a security code (CVV)", "%[1]d security codes (CVV)", "安全码（CVV）", "%[1]d个安全码（CVV）", "安全碼（CVV）", "%[1]d個安全碼（CVV）")
	count(MsgCountCode, "a one-time code", "%[1]d one-time codes", "验证码", "%[1]d个验证码", "驗證碼", "%[1]d個驗證碼")
	count(MsgCountPasswd, "a password", "%[1]d passwords", "密码", "%[1]d个密码", "密碼", "%[1]d個密碼")
	return b
}

// Explainer tells a message's author, in their language, what Redact masked
// and why, and warns customers about code scams. It is immutable and safe
// for concurrent use.
type Explainer struct{ texts *l10n.Texts }

// NewExplainer returns an Explainer speaking the languages of cat, English
// being the fallback when cat has it, otherwise cat's first language.
func NewExplainer(cat catalog.Catalog) (*Explainer, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, ErrNoLanguages
	}
	return &Explainer{texts: t}, nil
}

// DefaultExplainer returns an Explainer of the built-in texts
// (DefaultCatalog). Each call builds a new one: keep it.
func DefaultExplainer() *Explainer {
	e, err := NewExplainer(DefaultCatalog())
	if err != nil {
		panic(fmt.Sprintf("redact: built-in catalog: %v", err)) // unreachable: it has languages
	}
	return e
}

// Languages returns the languages e speaks, the fallback first.
func (e *Explainer) Languages() []language.Tag { return e.texts.Languages() }

// Match returns the language e answers lang in.
func (e *Explainer) Match(lang language.Tag) language.Tag { return e.texts.Match(lang) }

func (e *Explainer) printer(lang language.Tag) *message.Printer { return e.texts.Printer(lang) }

// Explain returns, in the language best matching lang, what r masked and
// why, such as "We hid a card number in your message. Never share full card
// numbers, …", or "" when r masked nothing.
func (e *Explainer) Explain(r Result, lang language.Tag) string {
	if !r.Redacted() {
		return ""
	}
	p := e.printer(lang)
	var items []string
	for _, k := range r.Kinds() {
		items = append(items, p.Sprintf(countKey(k), r.Count(k)))
	}
	list := items[len(items)-1]
	if len(items) > 1 {
		list = strings.Join(items[:len(items)-1], p.Sprintf(MsgComma)) + p.Sprintf(MsgAnd) + list
	}
	hidden, why := p.Sprintf(MsgHidden, list), p.Sprintf(MsgWhy)
	if strings.HasSuffix(hidden, ".") {
		return hidden + " " + why
	}
	return hidden + why
}

// ScamWarning returns, in the language best matching lang, the reminder that
// staff never ask for one-time codes or passwords, for a chat to show when
// LooksLikeSecretSharing reports a message.
func (e *Explainer) ScamWarning(lang language.Tag) string {
	return e.printer(lang).Sprintf(MsgScamWarning)
}
