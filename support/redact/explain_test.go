package redact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/support/redact"
)

func TestExplain(t *testing.T) {
	e := redact.DefaultExplainer()
	card := redact.Redact("4111 1111 1111 1111")
	all := redact.Redact("4111111111111111 5500000000000004 cvv 123 验证码 123456")
	tests := []struct {
		name string
		r    redact.Result
		lang language.Tag
		want string
	}{
		{"nothing", redact.Redact("hello"), language.English, ""},
		{"card en", card, language.English, "We hid a card number in your message. Never share full card numbers, security codes (CVV), one-time codes or passwords in chat: our staff will never ask you for them."},
		{"card en-GB", card, language.BritishEnglish, "We hid a card number in your message. Never share full card numbers, security codes (CVV), one-time codes or passwords in chat: our staff will never ask you for them."},
		{"all en", all, language.English, "We hid 2 card numbers, a security code (CVV) and a one-time code in your message. Never share full card numbers, security codes (CVV), one-time codes or passwords in chat: our staff will never ask you for them."},
		{"card zh-Hans", card, language.SimplifiedChinese, "为保护您的安全，我们隐藏了您消息中的卡号。请勿在聊天中发送完整卡号、安全码（CVV）、验证码或密码，我们的工作人员绝不会向您索要这些信息。"},
		{"all zh-CN", all, language.MustParse("zh-CN"), "为保护您的安全，我们隐藏了您消息中的2个卡号、安全码（CVV）和验证码。请勿在聊天中发送完整卡号、安全码（CVV）、验证码或密码，我们的工作人员绝不会向您索要这些信息。"},
		{"card zh-TW", card, language.MustParse("zh-TW"), "為保護您的安全，我們隱藏了您訊息中的卡號。請勿在聊天中傳送完整卡號、安全碼（CVV）、驗證碼或密碼，我們的工作人員絕不會向您索取這些資訊。"},
		{"card zh-HK", card, language.MustParse("zh-HK"), "為保護您的安全，我們隱藏了您訊息中的卡號。請勿在聊天中傳送完整卡號、安全碼（CVV）、驗證碼或密碼，我們的工作人員絕不會向您索取這些資訊。"},
		{"card fr falls back", card, language.French, "We hid a card number in your message. Never share full card numbers, security codes (CVV), one-time codes or passwords in chat: our staff will never ask you for them."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, e.Explain(tt.r, tt.lang))
		})
	}
}

func TestScamWarning(t *testing.T) {
	e := redact.DefaultExplainer()
	assert.Contains(t, e.ScamWarning(language.English), "Our staff will never ask you for a one-time code")
	assert.Contains(t, e.ScamWarning(language.MustParse("zh")), "我们的工作人员绝不会向您索要验证码")
	assert.Contains(t, e.ScamWarning(language.MustParse("zh-Hant-TW")), "我們的工作人員絕不會向您索取驗證碼")
	assert.Equal(t, language.TraditionalChinese, e.Match(language.MustParse("zh-TW")))
	assert.Equal(t, language.SimplifiedChinese, e.Match(language.MustParse("zh-SG")))
	assert.Equal(t, language.English, e.Languages()[0])
	assert.Len(t, e.Languages(), 3)
}

func TestNewExplainer(t *testing.T) {
	_, err := redact.NewExplainer(catalog.NewBuilder())
	require.ErrorIs(t, err, redact.ErrNoLanguages)

	// A host adds a language to the default catalog.
	cat := redact.DefaultCatalog()
	ja := language.Japanese
	for key, msg := range map[string]string{
		redact.MsgHidden: "メッセージ内の%[1]sを非表示にしました。", redact.MsgWhy: "カード番号や認証コードをチャットで送らないでください。",
		redact.MsgAnd: "と", redact.MsgComma: "、", redact.MsgCountCard: "カード番号", redact.MsgCountCVV: "セキュリティコード",
		redact.MsgCountCode: "認証コード", redact.MsgCountPasswd: "パスワード", redact.MsgScamWarning: "当社のスタッフが認証コードを尋ねることはありません。",
	} {
		require.NoError(t, cat.SetString(ja, key, msg))
	}
	e, err := redact.NewExplainer(cat)
	require.NoError(t, err)
	assert.Equal(t, "メッセージ内のカード番号と認証コードを非表示にしました。カード番号や認証コードをチャットで送らないでください。",
		e.Explain(redact.Redact("4111111111111111 OTP 123456"), ja))
	assert.Equal(t, "当社のスタッフが認証コードを尋ねることはありません。", e.ScamWarning(ja))
}
