package diagnose

import "strings"

// commonProviders returns the mailbox domains that typo suggestions point
// to, in order of preference when a typo is one edit from two of them. It
// also holds real domains one edit from a popular one (mail.com, ymail.com,
// email.com) so that they are not "corrected".
func commonProviders() []string {
	return []string{
		// International.
		"gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
		"live.com", "msn.com", "me.com", "mac.com", "aol.com", "googlemail.com",
		"protonmail.com", "proton.me", "gmx.com", "gmx.de", "gmx.net", "mail.com", "email.com",
		"ymail.com", "zoho.com", "yandex.ru", "mail.ru", "hotmail.co.uk", "yahoo.co.uk",
		"yahoo.co.jp", "naver.com", "daum.net", "hanmail.net", "web.de",
		// Mainland China.
		"qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com",
		"sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "wo.cn", "tom.com",
		"vip.qq.com", "vip.163.com", "vip.126.com", "vip.sina.com", "live.cn", "outlook.cn",
		// Hong Kong and Taiwan.
		"yahoo.com.hk", "yahoo.com.tw", "netvigator.com", "hinet.net", "msa.hinet.net",
		"pchome.com.tw", "gmail.com.tw",
	}
}

// suggestDomain returns the provider domain that d is a typo of, or "":
// one insertion, deletion, substitution or swap of adjacent letters away.
// A provider whose first label is shorter than five letters (qq.com,
// 163.com) is suggested only for a typo in the rest of its name (qq.con),
// as a short name one letter off is often another real domain.
func suggestDomain(d string, providers []string) string {
	for _, p := range providers {
		if d == p {
			return ""
		}
	}
	for _, p := range providers {
		if !oneEdit(d, p) {
			continue
		}
		label, _, _ := strings.Cut(p, ".")
		if len(label) < 5 && !strings.HasPrefix(d, label+".") {
			continue
		}
		return p
	}
	return ""
}

// oneEdit reports whether a and b differ by exactly one insertion,
// deletion, substitution or transposition of adjacent bytes.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch len(b) - len(a) {
	case 0:
		if i == len(a) {
			return false // equal
		}
		if a[i+1:] == b[i+1:] {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i:] == b[i+1:]
	}
	return false
}
