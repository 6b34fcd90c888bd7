package redact_test

import (
	"testing"

	"github.com/paydesk/paydesk/support/redact"
)

// FuzzRedact checks, for any text, that no Luhn-valid card number (as the
// independent checker of helpers_test.go finds them) survives Redact, that
// nothing changes outside the findings, that code digits are all masked and
// at most ten card digits stay visible, and that redacting twice changes
// nothing. The seed corpus is in testdata/fuzz/FuzzRedact.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		"4111 1111 1111 1111",
		"４１１１\u3000１１１１－１１１１．１１１１",
		"cvv 123 验证码：123 456 password: x",
		"1234 4111 1111 1111 1111 12",
		"code: 4111 1111 1111 1111 is your code",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkResult(t, s, redact.Redact(s))
		_ = redact.LooksLikeSecretSharing(s) // must not panic
		keepNone := redact.Redactor{KeepFirst: -1, KeepLast: -1, Mask: '•'}
		if cards := cardNumbers(keepNone.Redact(s).Text); len(cards) > 0 {
			t.Fatalf("card numbers %q survived a Redactor keeping no digit", cards)
		}
	})
}
