package redact_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/support/redact"
)

func TestRedact(t *testing.T) {
	const (
		C = redact.CardNumber
		S = redact.SecurityCode
		O = redact.OneTimeCode
		P = redact.Password
	)
	tests := []struct {
		name, in, want string
		kinds          []redact.Kind
	}{
		// Card numbers.
		{"visa16 spaces", "card 4111 1111 1111 1111 please", "card 4111 11** **** 1111 please", []redact.Kind{C}},
		{"visa16 contiguous", "4111111111111111", "411111******1111", []redact.Kind{C}},
		{"visa13", "old visa 4222222222222.", "old visa 422222***2222.", []redact.Kind{C}},
		{"amex15", "amex 3782-822463-10005", "amex 3782-82****-*0005", []redact.Kind{C}},
		{"visa19", "4111111111111111110", "411111*********1110", []redact.Kind{C}},
		{"unionpay19 groups", "6212 3456 7890 1234 569", "6212 34** **** ***4 569", []redact.Kind{C}},
		{"dashes", "5500-0000-0000-0004", "5500-00**-****-0004", []redact.Kind{C}},
		{"dots", "5500.0000.0000.0004", "5500.00**.****.0004", []redact.Kind{C}},
		{"mixed separators", "5500 0000-0000.0004", "5500 00**-****.0004", []redact.Kind{C}},
		{"nbsp", "5500\u00a00000\u00a00000\u00a00004", "5500\u00a000**\u00a0****\u00a00004", []redact.Kind{C}},
		{"full-width", "卡号４１１１１１１１１１１１１１１１", "卡号４１１１１１＊＊＊＊＊＊１１１１", []redact.Kind{C}},
		{"full-width separators", "４１１１\u3000１１１１－１１１１．１１１１", "４１１１\u3000１１＊＊－＊＊＊＊．１１１１", []redact.Kind{C}},
		{"mixed width", "4111 １１１１ 1111 １１１１", "4111 １１＊＊ **** １１１１", []redact.Kind{C}},
		{"luhn invalid", "4111 1111 1111 1112", "4111 1111 1111 1112", nil},
		{"too long run", "4111111111111111111111111", "4111111111111111111111111", nil},
		{"too short", "411111111111", "411111111111", nil},
		{"card inside longer chain", "ref 1234 4111 1111 1111 1111", "ref 1234 **** **** **** 1111", []redact.Kind{C}},
		{"card then digits", "4111 1111 1111 1111 12/25", "4111 11** **** **** 12/25", []redact.Kind{C}},
		{"two cards", "4111111111111111 5500000000000004", "411111******1111 550000******0004", []redact.Kind{C, C}},
		{"double separator splits", "4111  1111  1111  1111", "4111  1111  1111  1111", nil},
		{"letters glued", "x4111111111111111y", "x411111******1111y", []redact.Kind{C}},
		// Not cards.
		{"amount", "I paid ¥1,234.56 on 2024-01-02 at 12:30", "I paid ¥1,234.56 on 2024-01-02 at 12:30", nil},
		{"phone", "call +1 415 555 0132 or 138-0013-8000", "call +1 415 555 0132 or 138-0013-8000", nil},
		{"order", "order #20240102123456 is late", "order #20240102123456 is late", nil},
		// Security codes.
		{"cvv", "cvv 123", "cvv ***", []redact.Kind{S}},
		{"CVV colon", "CVV: 123", "CVV: ***", []redact.Kind{S}},
		{"cvv2", "CVV2 4321", "CVV2 ****", []redact.Kind{S}},
		{"cvc is", "the CVC is 987.", "the CVC is ***.", []redact.Kind{S}},
		{"security code", "security code is 1234", "security code is ****", []redact.Kind{S}},
		{"安全码", "安全码是123", "安全码是***", []redact.Kind{S}},
		{"安全碼", "安全碼：１２３", "安全碼：＊＊＊", []redact.Kind{S}},
		{"校验码 3", "校验码 456", "校验码 ***", []redact.Kind{S}},
		{"cvv too long", "cvv 12345", "cvv 12345", nil},
		{"card and cvv", "4111 1111 1111 1111 exp 12/25 cvv 123", "4111 11** **** 1111 exp 12/25 cvv ***", []redact.Kind{C, S}},
		// One-time codes.
		{"otp", "OTP 123456", "OTP ******", []redact.Kind{O}},
		{"code is", "my code is 123 456", "my code is *** ***", []redact.Kind{O}},
		{"verification code", "verification code: 8812", "verification code: ****", []redact.Kind{O}},
		{"passcode", "passcode=12345678", "passcode=********", []redact.Kind{O}},
		{"pin", "PIN 1234", "PIN ****", []redact.Kind{O}},
		{"验证码", "验证码：123456", "验证码：******", []redact.Kind{O}},
		{"驗證碼", "驗證碼是 123-456", "驗證碼是 ***-***", []redact.Kind{O}},
		{"动态码", "动态码654321，请勿泄露", "动态码******，请勿泄露", []redact.Kind{O}},
		{"短信码", "短信码为 2468", "短信码为 ****", []redact.Kind{O}},
		{"code after", "123456 is your verification code", "****** is your verification code", []redact.Kind{O}},
		{"code after zh", "654321是您的验证码", "******是您的验证码", []redact.Kind{O}},
		{"error code", "error code 1234", "error code 1234", nil},
		{"promo code", "promo code 5555 failed", "promo code 5555 failed", nil},
		{"code too short", "code 12", "code 12", nil},
		{"code word glued", "barcode 123456", "barcode 123456", nil},
		// Passwords.
		{"password colon", "password: hunter2.", "password: ********.", []redact.Kind{P}},
		{"password is", "My password is Tr0ub4dor&3 thanks", "My password is ******** thanks", []redact.Kind{P}},
		{"password quoted", `password "a b"`, `password "********"`, []redact.Kind{P}},
		{"password quoted colon", `password: "abc 1" ok`, `password: "********" ok`, []redact.Kind{P}},
		{"password quote unclosed", `password: "abc 1`, `password: "******** 1`, []redact.Kind{P}},
		{"密码是", "密码是abc123，谢谢", "密码是********，谢谢", []redact.Kind{P}},
		{"密碼", "密碼：Ａｂｃ１２３", "密碼：********", []redact.Kind{P}},
		{"密码 no connector digits", "密码123456", "密码********", []redact.Kind{P}},
		{"password reset", "password reset link expired", "password reset link expired", nil},
		{"password is wrong", "my password is wrong", "my password is wrong", nil},
		{"passwords plural", "passwords: many", "passwords: many", nil},
		{"password card", "密码是 4111 1111 1111 1111", "密码是 ********", []redact.Kind{P}},
		// Nothing at all.
		{"empty", "", "", nil},
		{"plain", "Hello, where is my refund? 你好，我的退款呢？", "Hello, where is my refund? 你好，我的退款呢？", nil},
		{"invalid utf8", "\xff\xfe 4111111111111111 \xef\xbc", "\xff\xfe 411111******1111 \xef\xbc", []redact.Kind{C}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := redact.Redact(tt.in)
			assert.Equal(t, tt.want, r.Text)
			var kinds []redact.Kind
			for _, f := range r.Findings {
				kinds = append(kinds, f.Kind)
			}
			assert.Equal(t, tt.kinds, kinds)
			assert.Equal(t, len(tt.kinds) > 0, r.Redacted())
			checkResult(t, tt.in, r)
		})
	}
}

// checkResult checks the invariants of any Result of in.
func checkResult(t *testing.T, in string, r redact.Result) {
	t.Helper()
	require.Empty(t, cardNumbers(r.Text), "a card number survived in %q", r.Text)
	if !r.Redacted() {
		require.Equal(t, in, r.Text)
	}
	// Outside findings nothing changes; inside, only digits (cards and
	// codes) or the whole token (passwords).
	out, prev := r.Text, 0
	for _, f := range r.Findings {
		require.LessOrEqual(t, prev, f.Start, "findings overlap or are out of order")
		require.Less(t, f.Start, f.End)
		require.LessOrEqual(t, f.End, len(in))
		gap := in[prev:f.Start]
		require.True(t, strings.HasPrefix(out, gap), "text changed outside findings")
		out = out[len(gap):]
		if f.Kind == redact.Password {
			require.True(t, strings.HasPrefix(out, "********"))
			out = out[8:]
		} else {
			visible := 0
			for p := f.Start; p < f.End; {
				c := in[p]
				switch {
				case c >= '0' && c <= '9':
					require.True(t, out[0] == c || out[0] == '*', "byte %q at %d", out[0], p)
					if out[0] == c {
						visible++
					}
					out, p = out[1:], p+1
				case strings.HasPrefix(in[p:], "\xef\xbc") && p+2 < len(in) && in[p+2] >= 0x90 && in[p+2] <= 0x99:
					require.True(t, out[:3] == in[p:p+3] || out[:3] == "＊")
					if out[:3] == in[p:p+3] {
						visible++
					}
					out, p = out[3:], p+3
				default:
					require.Equal(t, c, out[0], "non-digit changed inside a finding")
					out, p = out[1:], p+1
				}
			}
			if f.Kind == redact.CardNumber {
				require.LessOrEqual(t, visible, 10)
			} else {
				require.Zero(t, visible, "code digits left visible")
			}
		}
		prev = f.End
	}
	require.Equal(t, in[prev:], out)
	// Idempotence.
	again := redact.Redact(r.Text)
	require.Equal(t, r.Text, again.Text, "redacting twice changed the text")
	require.Empty(t, again.Findings, "redacting twice found %v", again.Findings)
}

func TestRedactOffsets(t *testing.T) {
	in := "卡 4111 1111 1111 1111, cvv 123, 验证码：654321, password: x1"
	r := redact.Redact(in)
	require.Len(t, r.Findings, 4)
	want := []string{"4111 1111 1111 1111", "123", "654321", "x1"}
	for i, f := range r.Findings {
		assert.Equal(t, want[i], in[f.Start:f.End])
	}
	assert.Equal(t, 1, r.Count(redact.CardNumber))
	assert.Equal(t, 1, r.Count(redact.SecurityCode))
	assert.Equal(t, 1, r.Count(redact.OneTimeCode))
	assert.Equal(t, 1, r.Count(redact.Password))
	assert.Equal(t, []redact.Kind{redact.CardNumber, redact.SecurityCode, redact.OneTimeCode, redact.Password}, r.Kinds())
}

func TestRedactorOptions(t *testing.T) {
	in := "4111 1111 1111 1111 / ４１１１１１１１１１１１１１１１ / cvv 123 / pwd: abc1"
	tests := []struct {
		name string
		r    redact.Redactor
		want string
	}{
		{"zero", redact.Redactor{}, "4111 11** **** 1111 / ４１１１１１＊＊＊＊＊＊１１１１ / cvv *** / pwd: ********"},
		{"last four", redact.Redactor{KeepFirst: -1}, "**** **** **** 1111 / ＊＊＊＊＊＊＊＊＊＊＊＊１１１１ / cvv *** / pwd: ********"},
		{"none", redact.Redactor{KeepFirst: -1, KeepLast: -1}, "**** **** **** **** / ＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊ / cvv *** / pwd: ********"},
		{"capped", redact.Redactor{KeepFirst: 9, KeepLast: 9}, "4111 11** **** 1111 / ４１１１１１＊＊＊＊＊＊１１１１ / cvv *** / pwd: ********"},
		{"mask X", redact.Redactor{Mask: 'X', KeepFirst: 2, KeepLast: 2}, "41XX XXXX XXXX XX11 / ４１XXXXXXXXXXXX１１ / cvv XXX / pwd: XXXXXXXX"},
		{"mask bullet", redact.Redactor{Mask: '•'}, "4111 11•• •••• 1111 / ４１１１１１••••••１１１１ / cvv ••• / pwd: ••••••••"},
		{"mask digit ignored", redact.Redactor{Mask: '7'}, "4111 11** **** 1111 / ４１１１１１＊＊＊＊＊＊１１１１ / cvv *** / pwd: ********"},
		{"mask separator ignored", redact.Redactor{Mask: '-'}, "4111 11** **** 1111 / ４１１１１１＊＊＊＊＊＊１１１１ / cvv *** / pwd: ********"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r.Redact(in)
			assert.Equal(t, tt.want, r.Text)
			again := tt.r.Redact(r.Text)
			assert.Equal(t, r.Text, again.Text)
			assert.Empty(t, again.Findings)
		})
	}
}

func TestRedactNoDigitsDoesNotAllocate(t *testing.T) {
	in := strings.Repeat("Where is my refund? 我的退款什么时候到账？Please help, thanks. ", 20)
	var r redact.Result
	allocs := testing.AllocsPerRun(100, func() { r = redact.Redact(in) })
	assert.Zero(t, allocs)
	assert.Equal(t, in, r.Text)
	withDigits := strings.Repeat("I paid 12.50 on 2024-01-02, order 20240102, 我付了 300 元。", 20)
	allocs = testing.AllocsPerRun(100, func() { r = redact.Redact(withDigits) })
	assert.Zero(t, allocs, "digits without secrets")
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "card number", redact.CardNumber.String())
	assert.Equal(t, "security code", redact.SecurityCode.String())
	assert.Equal(t, "one-time code", redact.OneTimeCode.String())
	assert.Equal(t, "password", redact.Password.String())
	assert.Equal(t, "unknown", redact.Kind(0).String())
}
