package diagnose

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/paydesk/paydesk/support"
)

// EmailProblem is what a sign-up check found wrong with an e-mail address.
// Its values are stable strings, fit for logs and JSON.
type EmailProblem string

// The problems, in the order Check looks for them.
const (
	// EmailOK: nothing found; the address is worth a verification e-mail.
	EmailOK EmailProblem = "ok"
	// EmailSyntax: not a bare e-mail address (RFC 5322 addr-spec as
	// net/mail reads it, restricted as documented on EmailChecker.Check).
	EmailSyntax EmailProblem = "syntax"
	// EmailTooLong: over 254 bytes, or a local part over 64, or a domain
	// label over 63 (RFC 5321).
	EmailTooLong EmailProblem = "too_long"
	// EmailDisposable: the domain, or a parent of it, gives out temporary
	// mailboxes.
	EmailDisposable EmailProblem = "disposable"
	// EmailTypo: the domain is one edit away from a common provider's
	// (gmial.com, qq.con); EmailCheck.Suggestion holds the corrected
	// address. It does not refuse: the customer confirms or corrects.
	EmailTypo EmailProblem = "typo"
	// EmailNoMailServer: DNS says the domain cannot receive mail: no MX
	// record and no address, a null MX (RFC 7505), or no such domain.
	EmailNoMailServer EmailProblem = "no_mail_server"
	// EmailUnchecked: the MX check failed for a passing reason (timeout,
	// server failure); the address is not refused.
	EmailUnchecked EmailProblem = "mx_unchecked"
)

// Refused reports whether sign-up should not go on with the address:
// syntax, too long, disposable, or no mail server. A typo suggestion and
// an unchecked domain are not refusals.
func (p EmailProblem) Refused() bool {
	switch p {
	case EmailSyntax, EmailTooLong, EmailDisposable, EmailNoMailServer:
		return true
	}
	return false
}

// Knowledge-base articles (faq's built-in IDs) the answers point to.
const (
	articleTemporaryEmail   = "temporary-email-rejected"
	articleCreateAccount    = "create-account"
	articleVerificationMail = "verification-email-not-received"
)

// Limits of CheckEmail's input.
const (
	// MaxEmailInput is the longest input Check answers, in bytes; longer
	// input is an argument error, not an answer. Inputs up to it but over
	// MaxEmailLen are answered with EmailTooLong.
	MaxEmailInput = 1024
	// MaxEmailLen is the longest e-mail address, in bytes (RFC 5321 path
	// limit of 256 minus the angle brackets).
	MaxEmailLen = 254
	// MaxLocalLen is the longest local part (before the @), in bytes.
	MaxLocalLen = 64
)

// MXResolver looks up the mail servers of a domain. *net.Resolver
// satisfies it. A resolver that also has
//
//	LookupHost(ctx context.Context, host string) ([]string, error)
//
// (as *net.Resolver does) is asked for the domain's addresses when it has
// no MX records: RFC 5321 §5.1 delivers to them then (the implicit MX).
// The domain is passed fully qualified, with a trailing dot, so that no
// search domain is appended. Errors are read as *net.DNSError: IsNotFound means the domain or its
// records do not exist; anything else is a passing failure.
type MXResolver interface {
	LookupMX(ctx context.Context, domain string) ([]*net.MX, error)
}

// hostResolver is the optional address lookup of an MXResolver.
type hostResolver interface {
	LookupHost(ctx context.Context, host string) ([]string, error)
}

// EmailOptions configure an EmailChecker. The zero value checks syntax,
// the built-in disposable list and typos, without DNS.
type EmailOptions struct {
	// Disposable lists the refused mailbox domains; nil means
	// BuiltinDisposable(). NewEmailChecker copies it, so later changes to
	// the set do not reach the checker. Pass an empty set to refuse none.
	Disposable *DomainSet
	// Resolver checks that the domain has a mail server; nil skips the
	// check. Pass net.DefaultResolver for the system's DNS.
	Resolver MXResolver
	// MXTimeout bounds the DNS check; a check that runs out of time is
	// EmailUnchecked. Zero means 3 seconds.
	MXTimeout time.Duration
	// NoTypos turns off "did you mean" suggestions.
	NoTypos bool
	// Messages render the answers; nil means DefaultMessages() (English,
	// Simplified and Traditional Chinese). A host's catalog must have the
	// MsgSignup keys.
	Messages *Messages
}

// EmailChecker answers whether an e-mail address can be used to sign up,
// and what the customer can do if not. It is immutable and safe for
// concurrent use; it starts no goroutines.
type EmailChecker struct {
	disposable *DomainSet
	resolver   MXResolver
	timeout    time.Duration
	typos      bool
	providers  []string
	msgs       *Messages
}

// NewEmailChecker returns a checker configured by opts.
func NewEmailChecker(opts EmailOptions) *EmailChecker {
	c := &EmailChecker{resolver: opts.Resolver, timeout: opts.MXTimeout, typos: !opts.NoTypos, msgs: opts.Messages}
	if opts.Disposable == nil {
		c.disposable = BuiltinDisposable()
	} else {
		c.disposable = opts.Disposable.Clone()
	}
	if c.timeout <= 0 {
		c.timeout = 3 * time.Second
	}
	if c.typos {
		c.providers = commonProviders()
	}
	if c.msgs == nil {
		c.msgs = DefaultMessages()
	}
	return c
}

// EmailCheck is the answer about one address.
type EmailCheck struct {
	Problem EmailProblem
	// Address is the normalized address: surrounding spaces removed, the
	// domain lower-cased (and, when it was written with full-width or other
	// compatibility characters that fold to ASCII, folded), the local part
	// as typed. Empty for EmailSyntax and EmailTooLong.
	Address string
	// Domain is the normalized domain of Address.
	Domain string
	// Suggestion is an address the customer may have meant: the corrected
	// domain for EmailTypo, and for EmailDisposable when the listed domain
	// is also a typo of a common provider (gmial.com is listed); for
	// EmailSyntax, the bare address found in
	// input such as "Bob <bob@example.com>" or typed with a full-width ＠.
	Suggestion string
	// Article is the knowledge-base article to show (faq built-in ID).
	Article string
	// Text says, in Language, what the customer can do.
	Text     string
	Language language.Tag
}

// Refused reports whether sign-up should not go on (see
// EmailProblem.Refused).
func (e EmailCheck) Refused() bool { return e.Problem.Refused() }

// Check answers whether address can be used to sign up, with a text in
// the language that best serves lang.
//
// A malformed address is an answer (EmailSyntax or EmailTooLong), not an
// error: the customer typed it. Check accepts only a bare addr-spec, such
// as name@example.com: no display name ("Bob <bob@example.com>"), comment,
// quoted local part or domain literal ([192.0.2.1]), and a domain of at
// least two labels of letters, digits and hyphens (or UTF-8 letters for an
// internationalized domain) whose last label is not all digits.
//
// The checks run in order, and the first problem found is the answer:
// syntax and length, the disposable list (the domain and every parent),
// typos of common providers, then — with a Resolver — DNS, so a listed or
// mistyped domain costs no lookup. A listed domain that is also a typo
// (gmial.com is listed) is EmailDisposable with a Suggestion. An
// internationalized domain that does not fold to ASCII is neither matched
// against the (ASCII) list nor looked up, as paydesk has no IDNA
// conversion: list its punycode form, and check it in the host if needed.
//
// Errors: address not valid UTF-8 (a *support.InputError whose Reason is
// support.ErrInvalidUTF8) or longer than MaxEmailInput
// (support.ErrTooLong); ctx ending during the DNS check (ctx.Err(),
// wrapped). A DNS failure is never an error: it is EmailUnchecked.
func (c *EmailChecker) Check(ctx context.Context, address string, lang language.Tag) (EmailCheck, error) {
	if len(address) > MaxEmailInput {
		return EmailCheck{}, &support.InputError{Field: "email", Reason: support.ErrTooLong, Detail: fmt.Sprintf("%d bytes, limit %d", len(address), MaxEmailInput)}
	}
	if !utf8.ValidString(address) {
		return EmailCheck{}, &support.InputError{Field: "email", Reason: support.ErrInvalidUTF8}
	}
	res := c.check(ctx, strings.TrimSpace(address))
	if res.err != nil {
		return EmailCheck{}, res.err
	}
	r := res.EmailCheck
	r.Language = c.msgs.texts.Match(lang)
	switch r.Problem {
	case EmailOK:
		r.Article, r.Text = articleVerificationMail, c.msgs.texts.Sprintf(lang, MsgSignupOK, r.Address)
	case EmailSyntax:
		r.Article, r.Text = articleCreateAccount, c.msgs.texts.Sprintf(lang, MsgSignupSyntax)
	case EmailTooLong:
		r.Article, r.Text = articleCreateAccount, c.msgs.texts.Sprintf(lang, MsgSignupTooLong)
	case EmailDisposable:
		if r.Suggestion != "" {
			r.Article, r.Text = articleTemporaryEmail, c.msgs.texts.Sprintf(lang, MsgSignupTypoRefused, r.Suggestion, r.Domain)
			break
		}
		r.Article, r.Text = articleTemporaryEmail, c.msgs.texts.Sprintf(lang, MsgSignupDisposable, r.Domain)
	case EmailTypo:
		r.Article, r.Text = articleCreateAccount, c.msgs.texts.Sprintf(lang, MsgSignupTypo, r.Suggestion, r.Domain)
	case EmailNoMailServer:
		r.Article, r.Text = articleTemporaryEmail, c.msgs.texts.Sprintf(lang, MsgSignupNoMailServer, r.Domain)
	case EmailUnchecked:
		r.Article, r.Text = articleVerificationMail, c.msgs.texts.Sprintf(lang, MsgSignupUnchecked, r.Domain)
	}
	return r, nil
}

type checkResult struct {
	EmailCheck
	err error
}

func (c *EmailChecker) check(ctx context.Context, a string) checkResult {
	local, domain, p := parseEmail(a)
	if p != EmailOK {
		r := checkResult{EmailCheck: EmailCheck{Problem: p}}
		if p == EmailSyntax {
			r.Suggestion = repairEmail(a)
		}
		return r
	}
	r := checkResult{EmailCheck: EmailCheck{Problem: EmailOK, Address: local + "@" + domain, Domain: domain}}
	if !isASCII(domain) {
		return r // an internationalized domain: nothing to match or look up
	}
	if c.typos {
		if s := suggestDomain(domain, c.providers); s != "" {
			r.Suggestion = local + "@" + s
		}
	}
	switch {
	case c.disposable.Contains(domain):
		r.Problem = EmailDisposable
		return r
	case r.Suggestion != "":
		r.Problem = EmailTypo
		return r
	}
	if c.resolver != nil {
		r.Problem, r.err = c.mailServer(ctx, domain)
	}
	return r
}

// parseEmail splits a bare address into its local part and normalized
// domain, or returns the syntax problem.
func parseEmail(a string) (local, domain string, p EmailProblem) {
	if a == "" {
		return "", "", EmailSyntax
	}
	addr, err := mail.ParseAddress(a)
	if err != nil || addr.Name != "" || addr.Address != a {
		return "", "", EmailSyntax
	}
	at := strings.LastIndexByte(a, '@')
	if at < 0 {
		return "", "", EmailSyntax
	}
	local, domain = a[:at], a[at+1:]
	if !isASCII(domain) {
		// Full-width letters, ideographic full stops and the like are what
		// IDNA maps to ASCII; fold them so that they cannot dodge the list.
		domain = foldDomain(domain)
	}
	for label := range strings.SplitSeq(domain, ".") {
		if len(label) > 63 {
			return "", "", EmailTooLong
		}
	}
	if checkLabels(domain, true) != "" {
		return "", "", EmailSyntax
	}
	if len(a) > MaxEmailLen || len(local) > MaxLocalLen || len(domain) > MaxDomainLen {
		return "", "", EmailTooLong
	}
	dot := strings.LastIndexByte(domain, '.')
	if dot < 0 || allDigits(domain[dot+1:]) {
		return "", "", EmailSyntax // a single label, or an IP address
	}
	return local, lowerASCII(domain), EmailOK
}

// foldDomain applies NFKC and lower-cases, mapping the full stops UTS 46
// treats as dots (。．｡) to '.'.
func foldDomain(d string) string {
	d = strings.NewReplacer("。", ".", "．", ".", "｡", ".").Replace(d)
	return strings.ToLower(norm.NFKC.String(d))
}

// repairEmail returns the bare address the customer probably meant by a,
// or "": the address inside "Name <addr>" or before a comment, or a with
// full-width characters (such as ＠) folded.
func repairEmail(a string) string {
	for _, cand := range []string{a, norm.NFKC.String(a)} {
		addr, err := mail.ParseAddress(cand)
		if err != nil {
			continue
		}
		if _, _, p := parseEmail(addr.Address); p == EmailOK && addr.Address != a {
			return addr.Address
		}
	}
	return ""
}

// mailServer asks the resolver whether domain can receive mail.
func (c *EmailChecker) mailServer(ctx context.Context, domain string) (EmailProblem, error) {
	lctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	mx, err := c.resolver.LookupMX(lctx, domain+".")
	if len(mx) > 0 {
		for _, m := range mx {
			if m != nil && m.Host != "." && m.Host != "" {
				return EmailOK, nil
			}
		}
		return EmailNoMailServer, nil // a null MX: "no mail here" (RFC 7505)
	}
	if err != nil && !notFound(err) {
		return c.passing(ctx)
	}
	hr, ok := c.resolver.(hostResolver)
	if !ok {
		return EmailNoMailServer, nil
	}
	addrs, err := hr.LookupHost(lctx, domain+".")
	switch {
	case len(addrs) > 0:
		return EmailOK, nil
	case err != nil && !notFound(err):
		return c.passing(ctx)
	}
	return EmailNoMailServer, nil
}

// passing returns EmailUnchecked for a failed lookup, or the caller's
// context error when the caller gave up.
func (c *EmailChecker) passing(ctx context.Context) (EmailProblem, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("diagnose: checking the mail server: %w", err)
	}
	return EmailUnchecked, nil
}

// notFound reports whether err says the name or its records do not exist.
func notFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound && !de.IsTemporary && !de.IsTimeout
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// lowerASCII lower-cases the ASCII letters of s, allocating only when it
// has upper-case ones.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
