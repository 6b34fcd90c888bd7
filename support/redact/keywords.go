package redact

import "strings"

// codeWords lists the words that name a code, each as a kind letter and the
// word in lower case, separated by '|': S a security code (3–4 digits), E
// either a security code or a one-time code (校验码, 3–8 digits), O a
// one-time code (4–8 digits), P a password (only after the value, as in
// "123456 is my password"; before it the password scanner reads it). The
// lists are constants, so that there is no package-level state; the scanner
// reads the short ones wordsStarting and wordsEnding select by one byte
// (a test checks they agree with codeWords).
const codeWords = "Scvv2|Scvc2|Scvv码|Scvv碼|Scvc码|Scvc碼|Scvv|Scvc|Scid|Scsc|Scvn|S安全码|S安全碼|" +
	"E校验码|E校驗碼|O验证码|O驗證碼|O动态码|O動態碼|O短信码|O簡訊碼|O认证码|O認證碼|O动态口令|O動態口令|" +
	"Opasscode|Ootp|Opin|Ocode|Otan|Ppassword|Ppasswd|P密码|P密碼|"

// wordsStarting returns the entries of codeWords whose word starts with the
// byte c (lower case).
func wordsStarting(c byte) string {
	switch c {
	case 'c':
		return "Scvv2|Scvc2|Scvv码|Scvv碼|Scvc码|Scvc碼|Scvv|Scvc|Scid|Scsc|Scvn|Ocode|"
	case 'o':
		return "Ootp|"
	case 'p':
		return "Opasscode|Opin|Ppassword|Ppasswd|"
	case 't':
		return "Otan|"
	case 0xE5:
		return "S安全码|S安全碼|O动态码|O動態碼|O动态口令|O動態口令|P密码|P密碼|"
	case 0xE6:
		return "E校验码|E校驗碼|"
	case 0xE7:
		return "O短信码|O簡訊碼|"
	case 0xE8:
		return "O认证码|O認證碼|"
	case 0xE9:
		return "O验证码|O驗證碼|"
	}
	return ""
}

// wordsEnding returns the entries of codeWords whose word ends with the byte
// c (lower case).
func wordsEnding(c byte) string {
	switch c {
	case '2':
		return "Scvv2|Scvc2|"
	case 'v':
		return "Scvv|"
	case 'c':
		return "Scvc|Scsc|"
	case 'd':
		return "Scid|Ppassword|Ppasswd|"
	case 'n':
		return "Scvn|Opin|Otan|"
	case 'p':
		return "Ootp|"
	case 'e':
		return "Opasscode|Ocode|"
	case 0x81: // 码
		return "Scvv码|Scvc码|S安全码|E校验码|O验证码|O动态码|O短信码|O认证码|P密码|"
	case 0xBC: // 碼
		return "Scvv碼|Scvc碼|S安全碼|E校驗碼|O驗證碼|O動態碼|O簡訊碼|O認證碼|P密碼|"
	case 0xA4: // 令
		return "O动态口令|O動態口令|"
	}
	return ""
}

// notCodes lists the words that make "... code" something else than a
// secret, such as an error code or a promo code.
const notCodes = "|error|decline|declined|response|reason|result|return|promo|promotion|coupon|discount|referral|" +
	"invite|invitation|zip|postal|post|country|area|dial|swift|bic|sort|bank|branch|currency|status|" +
	"reference|ref|tracking|product|qr|bar|source|merchant|mcc|tax|event|ticket|order|voucher|gift|item|" +
	"sku|hs|iso|state|city|region|airport|flight|booking|colour|color|exit|http|dress|morse|"

// lower returns c in lower case when it is an ASCII letter.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasSuffixFold reports whether s[:k] ends with w (lower case), ASCII
// letters compared without case, and w is not glued to a preceding letter
// or digit when it starts with a letter.
func hasSuffixFold(s string, k int, w string) bool {
	if k < len(w) {
		return false
	}
	t := s[k-len(w) : k]
	for j := 0; j < len(w); j++ {
		if lower(t[j]) != w[j] {
			return false
		}
	}
	return !isLetter(w[0]) || k == len(w) || !isAlnum(s[k-len(w)-1])
}

// hasPrefixFold reports whether s[i:] starts with w (lower case), ASCII
// letters compared without case, and w is not glued to a following letter
// when it ends with one.
func hasPrefixFold(s string, i int, w string) bool {
	if len(s)-i < len(w) {
		return false
	}
	t := s[i : i+len(w)]
	for j := 0; j < len(w); j++ {
		if lower(t[j]) != w[j] {
			return false
		}
	}
	e := i + len(w)
	return !isLetter(w[len(w)-1]) || e == len(s) || !isLetter(s[e])
}

// wordBefore returns the ASCII word (letters, at most 16) that ends s[:k]
// after spaces, hyphens and underscores.
func wordBefore(s string, k int) string {
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '-' || s[k-1] == '_') {
		k--
	}
	j := k
	for j > 0 && k-j < 16 && isLetter(s[j-1]) {
		j--
	}
	return s[j:k]
}

// isNotCode reports whether w (any case) is in notCodes.
func isNotCode(w string) bool {
	if w == "" || len(w) > 16 {
		return false
	}
	var buf [16]byte
	for i := 0; i < len(w); i++ {
		buf[i] = lower(w[i])
	}
	return strings.Contains(notCodes, "|"+string(buf[:len(w)])+"|")
}

// skipBack skips, backwards from k, what may stand between a code's name
// and its value: spaces, ':', '=', '#', '-', their full-width forms, and the
// words "is", "was", "number", "no", 是, 为, 為.
func skipBack(s string, k int) int {
	lo := max(0, k-48)
	for k > lo {
		switch s[k-1] {
		case ' ', '\t', '\n', '\r', ':', '=', '#', '-', '.':
			k--
			continue
		}
		if w := sepBefore(s, k); w > 1 {
			k -= w
			continue
		}
		switch lower(s[k-1]) {
		case 0x9A, 0x9D, 0xAF, 0xBA, 's', 'r', 'o', 'm':
		default:
			return k
		}
		matched := false
		for _, w := range [...]string{"：", "＝", "是", "为", "為", "is", "was", "number", "no", "num"} {
			if hasSuffixFold(s, k, w) {
				k -= len(w)
				matched = true
				break
			}
		}
		if !matched {
			break
		}
	}
	return k
}

// keywordBefore returns the kind of code named right before the value at
// s[p], and whether the name is 校验码 (either kind).
func (sc *scanner) keywordBefore(p int) (kind Kind, either, ok bool) {
	s := sc.s
	k := skipBack(s, p)
	if k == 0 {
		return 0, false, false
	}
	for list := wordsEnding(lower(s[k-1])); list != ""; {
		var e string
		e, list, _ = strings.Cut(list, "|")
		if e == "" || e[0] == 'P' || !hasSuffixFold(s, k, e[1:]) {
			continue
		}
		if e[1:] == "code" {
			w := wordBefore(s, k-4)
			if strings.EqualFold(w, "security") {
				return SecurityCode, false, true
			}
			if isNotCode(w) {
				return 0, false, false
			}
		}
		return kindOf(e[0]), e[0] == 'E', true
	}
	return 0, false, false
}

func kindOf(c byte) Kind {
	switch c {
	case 'S', 'E':
		return SecurityCode
	case 'P':
		return Password
	}
	return OneTimeCode
}

// skipSpaces returns the index of the first byte at or after i that is not
// a space (ASCII, no-break or ideographic).
func skipSpaces(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case strings.HasPrefix(s[i:], "\u00a0"):
			i += 2
		case strings.HasPrefix(s[i:], "\u3000"):
			i += 3
		default:
			return i
		}
	}
	return i
}

// keywordAfter returns the kind of code named right after the value ending
// at s[e], as in "123456 is your verification code" or "123456是您的验证码".
func (sc *scanner) keywordAfter(e int) (Kind, bool) {
	s := sc.s
	p := skipSpaces(s, e)
	for _, w := range [...]string{"is", "was", "是", "为", "為", ":", "："} {
		if hasPrefixFold(s, p, w) {
			p = skipSpaces(s, p+len(w))
			break
		}
	}
	for _, w := range [...]string{"your", "the", "my", "您的", "你的", "我的", "本次"} {
		if hasPrefixFold(s, p, w) {
			p = skipSpaces(s, p+len(w))
			break
		}
	}
	qualifier := ""
	for range 3 {
		if p >= len(s) {
			return 0, false
		}
		list := wordsStarting(lower(s[p]))
		if list == "" && (qualifier != "" || !isLetter(s[p])) {
			return 0, false
		}
		for list != "" {
			var e string
			e, list, _ = strings.Cut(list, "|")
			if e == "" || !hasPrefixFold(s, p, e[1:]) {
				continue
			}
			if e[1:] == "code" {
				if strings.EqualFold(qualifier, "security") {
					return SecurityCode, true
				}
				if isNotCode(qualifier) {
					return 0, false
				}
			}
			if e[0] == 'P' && qualifier != "" {
				return OneTimeCode, true // "one-time password"
			}
			return kindOf(e[0]), true
		}
		// A qualifier such as "verification", "one-time", "sms".
		q := p
		for q < len(s) && (isLetter(s[q]) || s[q] == '-') {
			q++
		}
		if q == p || q-p > 16 {
			return 0, false
		}
		qualifier = s[p:q]
		p = skipSpaces(s, q)
	}
	return 0, false
}

// passwordKeyword returns the length of the password keyword at s[i]
// (password, passwd, pwd in any case, 密码, 密碼), 0 when there is none.
func passwordKeyword(s string, i int) int {
	if s[i] == 0xE5 {
		if i+5 < len(s) && s[i+1] == 0xAF && s[i+2] == 0x86 && (s[i+3:i+6] == "码" || s[i+3:i+6] == "碼") {
			return 6
		}
		return 0
	}
	if i+2 >= len(s) || i > 0 && isAlnum(s[i-1]) {
		return 0
	}
	if c := lower(s[i+1]); c != 'a' && c != 'w' {
		return 0
	}
	for _, w := range [...]string{"password", "passwd", "pwd"} {
		if hasPrefixFold(s, i, w) {
			return len(w)
		}
	}
	return 0
}

// notPasswords lists the words that, after "password is", tell about the
// password rather than give it.
const notPasswords = "|not|wrong|incorrect|invalid|expired|locked|blocked|correct|right|too|being|still|already|" +
	"reset|changed|the|a|an|my|your|same|different|weak|strong|required|needed|forgotten|forgot|lost|stolen|" +
	"case|ok|okay|fine|working|set|this|that|it|now|also|just|very|so|saved|updated|missing|empty|blank|and|or|"

// isWordIn reports whether the ASCII letters w (any case) are in list.
func isWordIn(list, w string) bool {
	if w == "" || len(w) > 16 {
		return false
	}
	var buf [16]byte
	for i := 0; i < len(w); i++ {
		if !isLetter(w[i]) {
			return false
		}
		buf[i] = lower(w[i])
	}
	return strings.Contains(list, "|"+string(buf[:len(w)])+"|")
}

// tokenAt returns the width of the password character at s[i]: a printable
// ASCII character other than a space, or a full-width letter or digit; 0
// when there is none.
func tokenAt(s string, i int) int {
	c := s[i]
	if c > ' ' && c < 0x7f {
		return 1
	}
	if c == 0xEF && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1 == 0xBC && (c2-0x90 < 10 || c2-0xA1 < 26) || c1 == 0xBD && c2-0x81 < 26 {
			return 3
		}
	}
	return 0
}

// password masks the token after the password keyword s[i:k] and returns
// where the scan goes on.
func (sc *scanner) password(i, k int) int {
	s := sc.s
	p := skipSpaces(s, k)
	connector := false
	for range 3 {
		matched := false
		for _, w := range [...]string{":", "=", "：", "＝", "is", "是", "为", "為"} {
			if hasPrefixFold(s, p, w) {
				p = skipSpaces(s, p+len(w))
				connector, matched = true, true
				break
			}
		}
		if !matched {
			break
		}
	}
	var quote byte
	if p < len(s) && (s[p] == '"' || s[p] == '\'') {
		quote = s[p]
		p++
	} else {
		for _, q := range [...]string{"“", "‘", "「", "『"} {
			if strings.HasPrefix(s[p:], q) {
				p += len(q)
				break
			}
		}
	}
	start, e := p, p
	digits := false
	if quote != 0 {
		// A quoted password runs to its closing quote on the same line,
		// spaces included. (The search is linear overall: it ends at the
		// next quote of the same kind, which no later search passes.)
		stops := "\"\n\r"
		if quote == '\'' {
			stops = "'\n\r"
		}
		j := strings.IndexAny(s[p:], stops)
		if j > 0 && s[p+j] == quote {
			sc.ops = append(sc.ops, op{kind: Password, start: p, end: p + j, whole: true})
			if sc.onlyMasks(p, p+j) {
				sc.ops = sc.ops[:len(sc.ops)-1]
			}
			return p + j
		}
	}
	for e < len(s) {
		if s[e] == quote {
			break
		}
		w := tokenAt(s, e)
		if w == 0 {
			break
		}
		if _, dw := digitAt(s, e); dw > 0 {
			digits = true
		}
		e += w
	}
	// Sentence punctuation after the token is not part of it.
	for e > start && quote == 0 && strings.IndexByte(".,;?", s[e-1]) >= 0 {
		e--
	}
	if e == start {
		return k
	}
	if sc.onlyMasks(start, e) || !connector && !digits || connector && isWordIn(notPasswords, s[start:e]) {
		// Not a password: go on after the token (it holds no digit, so no
		// card or code), so that a later keyword inside it does not mask
		// what this token would take on a second pass.
		return e
	}
	// A digit chain the token ends inside is masked to its end, so that no
	// group of a card number typed as a password stays visible.
	for digitBefore(s, e) {
		w := sepAt(s, e)
		if w == 0 {
			break
		}
		if _, dw := digitAt(s, e+w); dw == 0 {
			break
		}
		e += w
		for e < len(s) {
			tw := tokenAt(s, e)
			if tw == 0 || s[e] == quote {
				break
			}
			e += tw
		}
	}
	sc.ops = append(sc.ops, op{kind: Password, start: start, end: e, whole: true})
	return e
}

// digitBefore reports whether a digit ends s[:e].
func digitBefore(s string, e int) bool {
	if e >= 1 && s[e-1]-'0' < 10 {
		return true
	}
	if e >= 3 {
		_, w := digitAt(s, e-3)
		return w == 3
	}
	return false
}

// onlyMasks reports whether s[i:e] is made of mask runes only: a password
// masked before.
func (sc *scanner) onlyMasks(i, e int) bool {
	for i < e {
		switch {
		case sc.s[i] == '*':
			i++
		case strings.HasPrefix(sc.s[i:e], "＊"):
			i += len("＊")
		case strings.HasPrefix(sc.s[i:e], sc.mask):
			i += len(sc.mask)
		default:
			return false
		}
	}
	return true
}
