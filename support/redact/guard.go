package redact

import "strings"

// secretWords name one-time codes and passwords, in lower case, for
// LooksLikeSecretSharing; separated by '|'.
const secretWords = "password|passwd|passcode|otp|one-time code|verification code|security code|sms code|code|pin|cvv|cvc|" +
	"验证码|驗證碼|动态码|動態碼|短信码|簡訊碼|校验码|校驗碼|安全码|安全碼|密码|密碼|动态口令|動態口令"

// sharingPhrases announce that a secret is about to be handed over.
const sharingPhrases = "send you|give you|tell you|here is|here's|here it is|发给你|發給你|发你|發你|告诉你|告訴你|给你|給你|报给你|報給你"

// LooksLikeSecretSharing reports whether s looks like its author is sharing,
// or about to share, a one-time code, a security code or a password: Redact
// finds one, or a code or password word is followed by a connector ("is",
// ":", 是, 为) that ends the text ("my password is", "验证码是"), or the
// text names one and says it is being handed over ("I'll send you the code",
// "验证码发给你"). A chat shows Explainer.ScamWarning when it reports true. It
// is a heuristic that prefers a needless reminder to a missed one, and it is
// safe for concurrent use.
func LooksLikeSecretSharing(s string) bool {
	var r Redactor
	for _, f := range r.Redact(s).Findings {
		if f.Kind != CardNumber {
			return true
		}
	}
	ls := strings.ToLower(s)
	named := false
	for list := secretWords; list != ""; {
		var w string
		w, list, _ = strings.Cut(list, "|")
		for i := 0; ; {
			j := strings.Index(ls[i:], w)
			if j < 0 {
				break
			}
			named = true
			end := i + j + len(w)
			if announces(ls, end) {
				return true
			}
			i = end
		}
	}
	if !named {
		return false
	}
	for list := sharingPhrases; list != ""; {
		var w string
		w, list, _ = strings.Cut(list, "|")
		if strings.Contains(ls, w) {
			return true
		}
	}
	return false
}

// announces reports whether s[i:] is a connector and nothing more than
// spaces and punctuation: the secret comes next.
func announces(s string, i int) bool {
	i = skipSpaces(s, i)
	found := false
	for _, w := range [...]string{"is", "was", ":", "：", "=", "是", "为", "為"} {
		if hasPrefixFold(s, i, w) {
			i, found = i+len(w), true
			break
		}
	}
	if !found {
		return false
	}
	// Only spaces and punctuation may follow; stop at anything else, so
	// that each call reads a bounded run.
	for _, r := range s[i:] {
		if !strings.ContainsRune(" \t\r\n\u00a0\u3000:：.。…!！?？\"'“”‘’「」", r) {
			return false
		}
	}
	return true
}
