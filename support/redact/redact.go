package redact

import (
	"strings"
	"unicode/utf8"
)

// Kind is the kind of secret a Finding masked. Its zero value is not a kind.
type Kind uint8

// The kinds of secret Redact masks.
const (
	// CardNumber is a primary account number: 13 to 19 digits passing the
	// Luhn check.
	CardNumber Kind = iota + 1
	// SecurityCode is a card verification value (CVV, CVC, CID, 安全码)
	// of 3 or 4 digits written next to its name.
	SecurityCode
	// OneTimeCode is a one-time, verification or PIN code of 4 to 8 digits
	// written next to its name.
	OneTimeCode
	// Password is the token written after a password keyword.
	Password
)

// String returns the kind in lower-case English words, such as
// "card number"; it is for logs, not for customers (see Explainer).
func (k Kind) String() string {
	switch k {
	case CardNumber:
		return "card number"
	case SecurityCode:
		return "security code"
	case OneTimeCode:
		return "one-time code"
	case Password:
		return "password"
	}
	return "unknown"
}

// Finding is one masked secret: its kind and its byte offsets in the
// original text, Start inclusive and End exclusive. A card Finding spans the
// digits of the card number (with any separators between them), including
// the digits left visible.
type Finding struct {
	Kind       Kind
	Start, End int
}

// Result is the outcome of Redact: the masked text and what was masked.
// Text is the input string itself when nothing was found. A Result is a
// value; it is safe for concurrent reads.
type Result struct {
	// Text is the input with every secret masked.
	Text string
	// Findings lists the masked secrets in text order; they do not overlap.
	Findings []Finding
}

// Redacted reports whether anything was masked.
func (r Result) Redacted() bool { return len(r.Findings) > 0 }

// Count returns how many secrets of kind k were masked.
func (r Result) Count(k Kind) int {
	n := 0
	for _, f := range r.Findings {
		if f.Kind == k {
			n++
		}
	}
	return n
}

// Kinds returns the kinds that were masked, each once, in the order of the
// Kind constants.
func (r Result) Kinds() []Kind {
	var ks []Kind
	for k := CardNumber; k <= Password; k++ {
		if r.Count(k) > 0 {
			ks = append(ks, k)
		}
	}
	return ks
}

// Default numbers of card digits left visible: PCI DSS 3.4.1 allows at
// most the first six and the last four.
const (
	MaxKeepFirst = 6
	MaxKeepLast  = 4
)

// Redactor masks secrets in texts. Its zero value is ready to use: it keeps
// the first six and last four digits of a card number and masks with '*'
// (ASCII digits) and '＊' U+FF0A (full-width digits). A Redactor is not
// changed by use, so one value is safe for concurrent use once its fields
// are set.
type Redactor struct {
	// KeepFirst is how many leading digits of a card number stay visible:
	// 0 means the default, 6; a negative value keeps none; values above 6
	// count as 6.
	KeepFirst int
	// KeepLast is how many trailing digits of a card number stay visible:
	// 0 means the default, 4; a negative value keeps none; values above 4
	// count as 4.
	KeepLast int
	// Mask replaces each masked digit, and makes up the eight-rune mask
	// that replaces a password. Zero, or a rune that is invalid, a control
	// character, a digit or a digit separator, means the default: '*' for an
	// ASCII digit and '＊' for a full-width one.
	Mask rune
}

// Redact masks secrets in s with the zero Redactor.
func Redact(s string) Result {
	var r Redactor
	return r.Redact(s)
}

// Redact returns s with every card number, security code, one-time code and
// password masked, and the list of what it masked. Bytes outside the masked
// digits and password tokens are unchanged, invalid UTF-8 included. It runs
// in time linear in len(s) and returns s itself, without allocating, when s
// holds no digit and no password keyword.
func (r *Redactor) Redact(s string) Result {
	i := firstInteresting(s)
	if i < 0 {
		return Result{Text: s}
	}
	sc := r.newScanner(s)
	sc.scan(i)
	if len(sc.ops) == 0 {
		return Result{Text: s}
	}
	return sc.result()
}

// newScanner returns a scanner of s with r's options resolved.
func (r *Redactor) newScanner(s string) scanner {
	sc := scanner{s: s, keepFirst: keep(r.KeepFirst, MaxKeepFirst), keepLast: keep(r.KeepLast, MaxKeepLast),
		mask: "*", maskWide: "＊", maskRune: '*'}
	if validMask(r.Mask) {
		sc.mask = string(r.Mask)
		sc.maskWide = sc.mask
		sc.maskRune = r.Mask
	}
	return sc
}

func keep(n, max int) int {
	switch {
	case n == 0 || n > max:
		return max
	case n < 0:
		return 0
	}
	return n
}

// validMask reports whether m can be used as the mask: a valid, printable
// rune that the scanner does not read as a digit or separator.
func validMask(m rune) bool {
	if m < 0x20 || m == 0x7f || !utf8.ValidRune(m) || m == utf8.RuneError {
		return false
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], m)
	s := string(buf[:n])
	if _, w := digitAt(s, 0); w > 0 {
		return false
	}
	return sepAt(s, 0) == 0
}

// result renders the output text from the scanner's operations.
func (sc *scanner) result() Result {
	s := sc.s
	var b strings.Builder
	b.Grow(len(s) + 16)
	findings := make([]Finding, len(sc.ops))
	last := 0
	for i, o := range sc.ops {
		findings[i] = Finding{Kind: o.kind, Start: o.start, End: o.end}
		b.WriteString(s[last:o.start])
		last = o.end
		if o.whole {
			for range 8 {
				b.WriteString(sc.mask)
			}
			continue
		}
		// Count the digits to know which are kept.
		n := 0
		for p := o.start; p < o.end; {
			if _, w := digitAt(s, p); w > 0 {
				n++
				p += w
			} else {
				p++
			}
		}
		k := 0
		for p := o.start; p < o.end; {
			_, w := digitAt(s, p)
			if w == 0 {
				b.WriteByte(s[p])
				p++
				continue
			}
			if k < o.keepFirst || k >= n-o.keepLast {
				b.WriteString(s[p : p+w])
			} else if w == 1 {
				b.WriteString(sc.mask)
			} else {
				b.WriteString(sc.maskWide)
			}
			k++
			p += w
		}
	}
	b.WriteString(s[last:])
	return Result{Text: b.String(), Findings: findings}
}
