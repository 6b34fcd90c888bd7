package diagnose

import (
	"github.com/paydesk/paydesk/support"
)

const (
	// MaxCodeBytes limits a normalized code: a decline code or a lock
	// reason.
	MaxCodeBytes = 64
	// MaxInputBytes limits the raw text given as a code, prefix and spaces
	// included. Longer input is an error matching support.ErrTooLong before
	// anything else is looked at.
	MaxInputBytes = 256
)

// NormalizeCode returns the code s names, in the form tables use: a
// lower_snake identifier of 1 to MaxCodeBytes bytes of a-z, 0-9 and '_',
// starting with a letter.
//
// Normalization forgives what processors and people do to codes: it trims
// spaces, folds ASCII upper case to lower, turns hyphens and spaces into
// underscores (a run of them into one), and drops one processor prefix
// before a colon, so "card_declined: insufficient_funds",
// "Insufficient-Funds" and " insufficient funds " all name
// insufficient_funds. The prefix must itself be an identifier; a second
// colon is not accepted.
//
// Input over MaxInputBytes is a *support.InputError matching
// support.ErrTooLong; anything else that does not normalize to an
// identifier (empty, other punctuation, non-ASCII letters, a leading digit,
// over MaxCodeBytes) is a *support.InputError matching ErrInvalidCode.
// Both match support.ErrInvalidInput.
func NormalizeCode(s string) (string, error) {
	var buf [MaxCodeBytes]byte
	code, n, err := normalize(s, &buf, "code")
	if err != nil {
		return "", err
	}
	if code != "" {
		return code, nil
	}
	return string(buf[:n]), nil
}

// normalize normalizes s into buf. When the normalized code is a substring
// of s it returns that substring (no allocation); otherwise it returns ""
// and the code is buf[:n]. field names the input in errors.
func normalize(s string, buf *[MaxCodeBytes]byte, field string) (string, int, error) {
	if len(s) > MaxInputBytes {
		return "", 0, &support.InputError{Field: field, Reason: support.ErrTooLong, Detail: "at most 256 bytes"}
	}
	s = trimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			var pre [MaxCodeBytes]byte
			if _, ok := fold(trimSpace(s[:i]), &pre); !ok {
				return "", 0, invalidCode(field)
			}
			s = trimSpace(s[i+1:])
			break
		}
	}
	n, ok := fold(s, buf)
	if !ok {
		return "", 0, invalidCode(field)
	}
	if n == len(s) && string(buf[:n]) == s {
		return s, n, nil
	}
	return "", n, nil
}

func invalidCode(field string) error {
	return &support.InputError{Field: field, Reason: ErrInvalidCode,
		Detail: "want a lower_snake identifier of 1 to 64 bytes, such as insufficient_funds"}
}

// fold writes the identifier form of s into buf and reports whether s is
// one.
func fold(s string, buf *[MaxCodeBytes]byte) (int, bool) {
	n := 0
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_' || c == '-' || c == ' ':
			if sep {
				continue
			}
			sep = true
			if n == MaxCodeBytes {
				return 0, false
			}
			buf[n] = '_'
			n++
			continue
		default:
			return 0, false
		}
		sep = false
		if n == MaxCodeBytes {
			return 0, false
		}
		buf[n] = c
		n++
	}
	if n == 0 || buf[0] < 'a' || buf[0] > 'z' {
		return 0, false
	}
	return n, true
}

func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// wellFormed reports whether s is already a normalized code.
func wellFormed(s string) bool {
	var buf [MaxCodeBytes]byte
	n, ok := fold(s, &buf)
	return ok && n == len(s) && string(buf[:n]) == s
}
