package redact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paydesk/paydesk/support/redact"
)

func TestLooksLikeSecretSharing(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"my code is 123456", true},
		{"验证码：654321", true},
		{"123456 is your verification code", true},
		{"cvv 123", true},
		{"password: hunter2", true},
		{"my password is", true},
		{"My password is:", true},
		{"验证码是", true},
		{"驗證碼是：", true},
		{"the OTP is", true},
		{"OK, I'll send you the code now", true},
		{"我把验证码发给你", true},
		{"密码告诉你吧", true},
		{"Where is my refund for order 88231904?", false},
		{"my password is wrong", false},
		{"I forgot my password", false},
		{"card 4111 1111 1111 1111", false}, // a card alone is masked, not a code scam
		{"你好，我的转账还没到账", false},
		{"error code 1234", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, redact.LooksLikeSecretSharing(tt.in))
		})
	}
}
