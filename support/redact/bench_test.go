package redact_test

import (
	"strings"
	"testing"

	"github.com/paydesk/paydesk/support/redact"
)

// chatText is ordinary customer-service chat: English and Chinese
// sentences with amounts, dates and order numbers, and no secret.
var chatText = strings.Repeat("Hi, I sent $1,250.00 to my sister on 2024-03-15 but she has not received it yet. "+
	"The order number is 88231904 and the app says pending. "+
	"您好，我在3月15日转账了 1250 元，订单号 88231904，到现在还没有到账，请帮我看看。"+
	"Thanks for waiting! Your transfer is being reviewed and should arrive within 2 business days. "+
	"好的，谢谢你们的帮助。Could you also tell me the fee for sending 500 EUR to China? ", 40)

// noDigitText has no digit and no password word.
var noDigitText = strings.Repeat("Hello, I cannot log in to the app since this morning, it keeps saying something went wrong. "+
	"您好，我今天早上开始就登录不了，一直提示出错了，请问怎么办？ Thank you so much for your help! ", 40)

// cardText has a card number, a CVV and a one-time code in every few lines.
var cardText = strings.Repeat("My card is 4111 1111 1111 1111, expiry 12/27, cvv 123, and the bank sent 验证码：654321. "+
	"Please refund order 88231904 of ¥1,234.56 to it. 卡号４１１１１１１１１１１１１１１１。", 40)

func benchmarkRedact(b *testing.B, s string) {
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	var r redact.Redactor
	for b.Loop() {
		_ = r.Redact(s)
	}
}

func BenchmarkRedactChat(b *testing.B)     { benchmarkRedact(b, chatText) }
func BenchmarkRedactNoDigits(b *testing.B) { benchmarkRedact(b, noDigitText) }
func BenchmarkRedactCards(b *testing.B)    { benchmarkRedact(b, cardText) }

func BenchmarkRedactShortMessage(b *testing.B) {
	benchmarkRedact(b, "Hi, my payment of $25.00 on 2024-01-02 failed, order 88231904. 请帮忙看看。")
}

func BenchmarkLooksLikeSecretSharing(b *testing.B) {
	s := "Hi, my payment of $25.00 on 2024-01-02 failed, order 88231904. 请帮忙看看。"
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		_ = redact.LooksLikeSecretSharing(s)
	}
}
