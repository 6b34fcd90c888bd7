package redact_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support/redact"
)

// TestAdversarialLinear runs inputs built to defeat a backtracking scanner;
// each must finish quickly (a quadratic scanner takes minutes on them).
func TestAdversarialLinear(t *testing.T) {
	const n = 1 << 18
	inputs := map[string]string{
		"single-digit groups": strings.Repeat("1 ", n/2),
		"long run":            strings.Repeat("7", n),
		"full-width groups":   strings.Repeat("４－", n/6),
		"code words":          strings.Repeat("code is 1 ", n/10),
		"cvv words":           strings.Repeat("cvv 12 ", n/7),
		"password words":      strings.Repeat("password ", n/9),
		"password quotes":     strings.Repeat(`pwd "a pwd 'b `, n/14),
		"passwords":           strings.Repeat("密码是a1 ", n/12),
		"cards":               strings.Repeat("4111 1111 1111 1111 ", n/20),
		"after words":         strings.Repeat("123456 is your ", n/15),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			redact.Redact(in)
			redact.LooksLikeSecretSharing(in)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v on %d bytes", d, len(in))
			}
		})
	}
}
