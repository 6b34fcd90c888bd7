// Package redact masks the secrets customers type into customer-service
// texts — card numbers, card security codes, one-time codes and passwords —
// before the text is stored or shown to an agent.
//
// The support package runs every stored text through a Redactor; a host can
// also call Redact itself, for instance on a chat message before it leaves
// the customer's device. The package depends only on the standard library
// and golang.org/x/text, and not on support.
//
// # What is masked
//
// Card numbers: 13 to 19 digits that pass the Luhn check, written together
// or in groups joined by single separators (space, '-', '.', no-break and
// thin spaces, hyphens and en dash, ideographic space U+3000, full-width
// '－' and '．'; groups may mix them), in ASCII digits or full-width digits
// ０-９ (U+FF10..U+FF19, typed by Chinese input methods), mixed too. The
// scanner reads a "chain": digit groups joined by single separators. Every
// run of whole, consecutive groups of a chain holding 13 to 19 digits is a
// candidate, and each one passing Luhn is masked; so "order 1234 4111 1111
// 1111 1111" masks the card inside the longer chain. A group of more than 19
// digits written together is never part of a card number: "a digit run part
// of a longer digit run" is left alone, as is anything failing Luhn, amounts
// such as 1,234.56 (',' is no separator), dates and most phone numbers.
// Being a Luhn check over any 13 to 19 digits, it also masks the one
// Luhn-valid number in ten among long order or reference numbers: a few
// false positives are the price of never storing a card number.
//
// Masked digits are replaced in place, one mask per digit ('*' for an ASCII
// digit, '＊' for a full-width one, or Redactor.Mask), and separators are
// kept, so the text keeps its shape:
//
//	4111 1111 1111 1111   →  4111 11** **** 1111
//	4111111111111111      →  411111******1111
//
// PCI DSS requirement 3.4.1 allows showing at most the first six and the
// last four digits of a card number (the issuer and the card's tail, which
// customers and agents use to tell cards apart); that is what the zero
// Redactor keeps, and Redactor.KeepFirst and KeepLast keep fewer. Digits are
// kept only at an end of a card number that is not written right next to
// other visible digits of its chain: "1234 4111 1111 1111 1111" becomes
// "1234 **** **** **** 1111", so that no visible run of digits is ever long
// enough to be (part of) a card number again. Card numbers that overlap are
// masked as one Finding, and so is a code whose digits run into a card
// number ("code 4111 1111 1111 1111"), which then keeps no leading digit.
//
// Security codes (CVV, CVV2, CVC, CVC2, CID, CSC, CVN, "security code",
// 安全码/安全碼, and 校验码/校驗碼 with 3 or 4 digits): 3 or 4 digits next to
// the word, before or after it ("cvv 123", "CVV: 123", "安全码是123", "security
// code is 1234"), are masked entirely. One-time codes ("code", "OTP",
// "passcode", "PIN", "verification code", 验证码/驗證碼, 动态码/動態碼,
// 短信码/簡訊碼, 认证码/認證碼, 动态口令, and 校验码 with 5 to 8 digits): 4 to 8
// digits, possibly in groups such as "123 456", are masked entirely, whether
// the word comes before ("验证码：123456", "code is 123 456") or after ("123456
// is your verification code", "123456是您的验证码"). "code" preceded by a word
// such as error, decline, promo, coupon, zip or country names no secret and
// is left alone.
//
// Passwords: the token after "password", "passwd", "pwd", 密码 or 密碼 and a
// connector (":", "=", "is", 是, 为) — a run of printable ASCII or full-width
// letters and digits, without the sentence punctuation ending it — is
// replaced by eight masks ("********", which hides its length too); a
// password in straight quotes runs to the closing quote on its line, spaces
// included, and one that ends inside a group of digits runs to the end of
// that chain, so that no group of a card number typed there stays visible.
// Without
// a connector the token is masked only when it holds a digit ("password
// 123abc"), so that "password reset" is left alone; and after "is" a few
// words that describe a password instead of giving it ("my password is
// wrong") are left alone.
//
// Nothing else changes: the bytes outside the masked digits and password
// tokens are copied as they are, invalid UTF-8 included (it is never read as
// a digit or separator, and never panics). Redacting a redacted text changes
// nothing: the scanner does not read what is left visible next to a mask as
// a new code or card number.
//
// # The report
//
// Result lists the Findings — kind and byte offsets in the original text —
// so the caller can tell the author what was hidden and why. Explainer
// renders that in the author's language, negotiated with a language.Matcher
// among English, Simplified Chinese and Traditional Chinese (hosts add more
// with DefaultCatalog and NewExplainer): "We hid a card number in your
// message. Never share full card numbers, security codes (CVV), one-time
// codes or passwords in chat: our staff will never ask you for them."
//
// # The scam guard
//
// LooksLikeSecretSharing reports whether a text looks like the customer is
// about to hand over a one-time code or password — a code next to its name,
// "my password is", "验证码是", "I'll send you the code" — so that the chat can
// show Explainer.ScamWarning: our staff never ask for codes or passwords.
//
// # Performance
//
// The scanner is hand-written and reads each byte a bounded number of times,
// so its time is linear in the text (no regular expressions, no
// backtracking); look-around for code words is bounded to a few dozen bytes.
// A text without a digit and without a password word is returned as it is
// after one pass over its bytes, without allocating; ordinary chat text runs
// at several hundred MB/s (see the benchmarks). Only texts with findings
// allocate: the new text and the findings.
//
// # Concurrency
//
// Redactor, Result and Explainer are immutable in use and safe for
// concurrent use; the package has no global state.
package redact
