package diagnose

import (
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the sign-up e-mail answers, one per EmailProblem and
// one for a disposable domain that is also a typo (gmial.com). A host
// rewording them, or adding a language, sets these keys in its catalog.
// Arguments are noted per key.
const (
	MsgSignupOK           = "diagnose.signup.ok"             // %[1]s the address
	MsgSignupSyntax       = "diagnose.signup.syntax"         // no arguments
	MsgSignupTooLong      = "diagnose.signup.too_long"       // no arguments
	MsgSignupDisposable   = "diagnose.signup.disposable"     // %[1]s the domain
	MsgSignupTypo         = "diagnose.signup.typo"           // %[1]s the suggested address, %[2]s the domain typed
	MsgSignupTypoRefused  = "diagnose.signup.typo_refused"   // EmailDisposable with a Suggestion: %[1]s the suggested address, %[2]s the domain typed
	MsgSignupNoMailServer = "diagnose.signup.no_mail_server" // %[1]s the domain
	MsgSignupUnchecked    = "diagnose.signup.unchecked"      // %[1]s the domain
)

// signupTexts returns the built-in sign-up texts.
func signupTexts() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgSignupOK:           "%[1]s looks right. We will send a verification e-mail there: open the link in it to finish signing up.",
			MsgSignupSyntax:       "This is not a complete e-mail address. Enter only the address, like name@example.com: one @, no spaces, no name or brackets around it.",
			MsgSignupTooLong:      "This address is longer than e-mail addresses can be (254 characters, 64 before the @). Check that you entered a single address, or use a shorter one.",
			MsgSignupDisposable:   "%[1]s gives out temporary mailboxes, which we cannot accept: we use your e-mail to confirm changes, send receipts and warn you about suspicious activity long after you sign up. Please use a permanent address from your own e-mail provider or your own domain.",
			MsgSignupTypo:         "Did you mean %[1]s? %[2]s looks like a typing mistake. Correct the address if so, or continue if %[2]s is right.",
			MsgSignupTypoRefused:  "Did you mean %[1]s? We cannot accept %[2]s: it gives out temporary mailboxes. Correct the address, or use a permanent address from your own e-mail provider.",
			MsgSignupNoMailServer: "%[1]s cannot receive e-mail: it has no mail server. Check the part after the @ for typing mistakes, or use another address.",
			MsgSignupUnchecked:    "We could not check %[1]s just now, so you can continue. We will send a verification e-mail: if it does not arrive within a few minutes, check your spam folder or ask for a new one.",
		},
		language.SimplifiedChinese: {
			MsgSignupOK:           "%[1]s 格式正确。我们会向该邮箱发送验证邮件，请打开邮件中的链接完成注册。",
			MsgSignupSyntax:       "这不是完整的电子邮箱地址。请只输入邮箱地址，例如 name@example.com：包含一个半角 @，不含空格，前后不要加姓名或括号。",
			MsgSignupTooLong:      "该地址超过了电子邮箱地址的长度上限（共 254 个字符，@ 前最多 64 个）。请确认只输入了一个地址，或换用较短的地址。",
			MsgSignupDisposable:   "%[1]s 提供的是临时邮箱，我们无法接受：注册后我们还要通过邮箱确认重要变更、发送收据并提醒可疑活动。请使用您自己的邮箱服务商（或自有域名）提供的长期邮箱地址。",
			MsgSignupTypo:         "您是不是想输入 %[1]s？%[2]s 看起来像是输入错误。如有错误请更正；如果 %[2]s 无误，请继续。",
			MsgSignupTypoRefused:  "您是不是想输入 %[1]s？我们无法接受 %[2]s：它提供的是临时邮箱。请更正地址，或使用您自己的邮箱服务商提供的长期邮箱地址。",
			MsgSignupNoMailServer: "%[1]s 无法接收邮件：该域名没有邮件服务器。请检查 @ 后面的部分是否有输入错误，或换用其他邮箱地址。",
			MsgSignupUnchecked:    "我们暂时无法检查 %[1]s，您可以继续注册。我们会发送验证邮件：如果几分钟内没有收到，请查看垃圾邮件文件夹或重新发送。",
		},
		language.TraditionalChinese: {
			MsgSignupOK:           "%[1]s 格式正確。我們會向該信箱傳送驗證郵件，請開啟郵件中的連結完成註冊。",
			MsgSignupSyntax:       "這不是完整的電子郵件地址。請只輸入郵件地址，例如 name@example.com：包含一個半形 @，不含空格，前後不要加姓名或括號。",
			MsgSignupTooLong:      "此地址超過了電子郵件地址的長度上限（共 254 個字元，@ 前最多 64 個）。請確認只輸入了一個地址，或改用較短的地址。",
			MsgSignupDisposable:   "%[1]s 提供的是臨時信箱，我們無法接受：註冊後我們還要透過電子郵件確認重要變更、傳送收據並提醒可疑活動。請使用您自己的郵件服務商（或自有網域）提供的長期郵件地址。",
			MsgSignupTypo:         "您是不是想輸入 %[1]s？%[2]s 看起來像是輸入錯誤。如有錯誤請更正；如果 %[2]s 無誤，請繼續。",
			MsgSignupTypoRefused:  "您是不是想輸入 %[1]s？我們無法接受 %[2]s：它提供的是臨時信箱。請更正地址，或使用您自己的郵件服務商提供的長期郵件地址。",
			MsgSignupNoMailServer: "%[1]s 無法接收郵件：該網域沒有郵件伺服器。請檢查 @ 後面的部分是否有輸入錯誤，或改用其他郵件地址。",
			MsgSignupUnchecked:    "我們暫時無法檢查 %[1]s，您可以繼續註冊。我們會傳送驗證郵件：如果幾分鐘內沒有收到，請查看垃圾郵件資料夾或重新傳送。",
		},
	}
}
