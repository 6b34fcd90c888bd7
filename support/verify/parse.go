package verify

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paydesk/paydesk/support"
)

// Input limits.
const (
	maxIDBytes      = 128  // account, ticket and challenge IDs
	maxCodeInput    = 64   // a submitted code, before normalization
	maxEmailBytes   = 254  // RFC 5321's limit on a forward path
	maxPhoneInput   = 32   // a phone number as typed
	maxPushBytes    = 512  // a push target
	maxAddressBytes = 1000 // a postal address
	maxPayoutBytes  = 256  // payout details (an IBAN, an account reference)
)

// NormalizeCode returns a submitted code as ASCII digits: it drops spaces
// (including no-break and ideographic spaces), '-' and '.', and reads
// full-width digits ０-９ as 0-9. Anything else, an empty code or one over
// 64 bytes is an *support.InputError matching ErrMalformedCode; its message
// never repeats the input.
func NormalizeCode(s string) (string, error) {
	if len(s) > maxCodeInput {
		return "", inputErr("code", ErrMalformedCode, fmt.Sprintf("over %d bytes", maxCodeInput))
	}
	var buf [maxCodeInput]byte
	out := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case '0' <= c && c <= '9':
				out = append(out, c)
			case c == ' ' || c == '\t' || c == '-' || c == '.':
			default:
				return "", inputErr("code", ErrMalformedCode, "use digits only")
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case '０' <= r && r <= '９':
			out = append(out, byte('0'+r-'０'))
		case r == '\u00a0' || r == '\u2009' || r == '\u202f' || r == '\u3000' || r == '－' || r == '‐' || r == '–':
		default:
			return "", inputErr("code", ErrMalformedCode, "use digits only")
		}
	}
	if len(out) == 0 {
		return "", inputErr("code", ErrMalformedCode, "empty")
	}
	return string(out), nil
}

// ParseEmail returns the bare address of s as net/mail reads it, such as
// "ana@example.com" for " ana@example.com ". A display name ("Ana
// <ana@example.com>"), more than 254 bytes, or anything net/mail refuses is
// an *support.InputError matching ErrInvalidEmail.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxEmailBytes {
		return "", inputErr("email", ErrInvalidEmail, fmt.Sprintf("%d bytes, limit %d", len(s), maxEmailBytes))
	}
	if s == "" {
		return "", inputErr("email", ErrInvalidEmail, "empty")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", inputErr("email", ErrInvalidEmail, "use a bare address such as name@example.com")
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at <= 0 || at == len(a.Address)-1 || !utf8.ValidString(a.Address) {
		return "", inputErr("email", ErrInvalidEmail, "use a bare address such as name@example.com")
	}
	for _, r := range a.Address {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return "", inputErr("email", ErrInvalidEmail, "contains spaces or control characters")
		}
	}
	// The domain is case-insensitive; the local part is the provider's.
	return a.Address[:at+1] + strings.ToLower(a.Address[at+1:]), nil
}

// ParsePhone returns a phone number in E.164 form, "+" and 8 to 15 digits
// with no leading zero, such as "+4915112345678" for "+49 151 1234-5678".
// It accepts spaces, '-', '.', '(' and ')' between digits, full-width digits
// and a leading "00" for "+". A number without its country code, or anything
// else, is an *support.InputError matching ErrInvalidPhone.
func ParsePhone(s string) (string, error) {
	if len(s) > maxPhoneInput {
		return "", inputErr("phone", ErrInvalidPhone, fmt.Sprintf("over %d bytes", maxPhoneInput))
	}
	s = strings.TrimSpace(s)
	var buf [maxPhoneInput + 1]byte
	out := append(buf[:0], '+')
	plus := false
	for i, r := range s {
		switch {
		case r == '+' || r == '＋':
			if i != 0 {
				return "", inputErr("phone", ErrInvalidPhone, "'+' only at the start")
			}
			plus = true
		case '0' <= r && r <= '9':
			out = append(out, byte(r))
		case '０' <= r && r <= '９':
			out = append(out, byte('0'+r-'０'))
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", inputErr("phone", ErrInvalidPhone, "use digits, with the country code such as +44")
		}
	}
	digits := out[1:]
	if !plus {
		if len(digits) < 2 || digits[0] != '0' || digits[1] != '0' {
			return "", inputErr("phone", ErrInvalidPhone, "start with '+' and the country code, such as +44")
		}
		out = append(out[:1], digits[2:]...)
		digits = out[1:]
	}
	if len(digits) < 8 || len(digits) > 15 {
		return "", inputErr("phone", ErrInvalidPhone, "E.164 numbers have 8 to 15 digits with the country code")
	}
	if digits[0] == '0' {
		return "", inputErr("phone", ErrInvalidPhone, "a country code does not start with 0")
	}
	return string(out), nil
}

// parseDest normalizes a destination for channel ch.
func parseDest(ch Channel, to string) (string, error) {
	switch ch {
	case ChannelEmail:
		return ParseEmail(to)
	case ChannelSMS:
		return ParsePhone(to)
	case ChannelPush:
		if err := checkLine("to", to, maxPushBytes); err != nil {
			return "", err
		}
		if strings.TrimSpace(to) == "" {
			return "", inputErr("to", nil, "empty push target")
		}
		return to, nil
	}
	return "", inputErr("channel", nil, fmt.Sprintf("unknown channel %v", ch))
}

// checkID checks an account or ticket ID: 1 to 128 bytes of valid UTF-8
// without control characters.
func checkID(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return inputErr(field, nil, "empty")
	}
	return checkLine(field, s, maxIDBytes)
}

// checkLine checks single-line text: valid UTF-8, at most max bytes, no
// control characters.
func checkLine(field, s string, max int) error {
	if err := checkText(field, s, max); err != nil {
		return err
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return inputErr(field, nil, "contains control characters")
		}
	}
	return nil
}

// checkText checks text: valid UTF-8, at most max bytes, no NUL and no
// control characters but newlines and tabs.
func checkText(field, s string, max int) error {
	if len(s) > max {
		return inputErr(field, support.ErrTooLong, fmt.Sprintf("%d bytes, limit %d", len(s), max))
	}
	if !utf8.ValidString(s) {
		return inputErr(field, support.ErrInvalidUTF8, "")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return inputErr(field, nil, "contains control characters")
		}
	}
	return nil
}

// maskDest shows a destination the way history and logs may: the first
// letter and the domain of an e-mail address, the last four digits of a
// phone number or push target.
func maskDest(ch Channel, to string) string {
	switch ch {
	case ChannelEmail:
		at := strings.LastIndexByte(to, '@')
		if at < 1 {
			return "***"
		}
		_, n := utf8.DecodeRuneInString(to)
		return to[:n] + "***" + to[at:]
	default:
		if len(to) <= 4 {
			return "***"
		}
		tail := to[len(to)-4:]
		if !utf8.ValidString(tail) {
			return "***"
		}
		return "***" + tail
	}
}
