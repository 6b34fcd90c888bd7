package redact_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support/redact"
)

// A customer pastes a card number, its CVV and a one-time code into the
// chat: the text is stored masked, and the customer is told why.
func Example() {
	msg := "My card is 4111 1111 1111 1111, cvv 123, and 验证码：654321"
	r := redact.Redact(msg)
	fmt.Println(r.Text)
	for _, f := range r.Findings {
		fmt.Printf("%s at %d..%d\n", f.Kind, f.Start, f.End)
	}
	e := redact.DefaultExplainer()
	fmt.Println(e.Explain(r, language.English))
	fmt.Println(e.Explain(r, language.MustParse("zh-TW")))
	// Output:
	// My card is 4111 11** **** 1111, cvv ***, and 验证码：******
	// card number at 11..30
	// security code at 36..39
	// one-time code at 57..63
	// We hid a card number, a security code (CVV) and a one-time code in your message. Never share full card numbers, security codes (CVV), one-time codes or passwords in chat: our staff will never ask you for them.
	// 為保護您的安全，我們隱藏了您訊息中的卡號、安全碼（CVV）和驗證碼。請勿在聊天中傳送完整卡號、安全碼（CVV）、驗證碼或密碼，我們的工作人員絕不會向您索取這些資訊。
}

// Full-width digits typed with a Chinese input method are masked with
// full-width masks, and the Redactor can keep fewer digits.
func ExampleRedactor() {
	r := redact.Redactor{KeepFirst: -1} // keep only the last four digits
	fmt.Println(r.Redact("卡号４１１１－１１１１－１１１１－１１１１").Text)
	fmt.Println(r.Redact("card 5500.0000.0000.0004").Text)
	// Output:
	// 卡号＊＊＊＊－＊＊＊＊－＊＊＊＊－１１１１
	// card ****.****.****.0004
}

// The chat reminds a customer about to hand over a code that staff never ask
// for one.
func ExampleLooksLikeSecretSharing() {
	e := redact.DefaultExplainer()
	for _, msg := range []string{"the agent asked, my code is", "Where is my refund?"} {
		if redact.LooksLikeSecretSharing(msg) {
			fmt.Println(e.ScamWarning(language.English))
		} else {
			fmt.Println("-")
		}
	}
	// Output:
	// Our staff will never ask you for a one-time code, a password or your card's security code (CVV). Do not share them with anyone, even someone who says they work for us.
	// -
}
