package diagnose

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/paydesk/paydesk/support"

	_ "embed"
)

//go:generate go run ./internal/disposablegen -o disposable_domains.txt

// disposableList is the built-in list of disposable e-mail domains, in the
// format ParseDomains reads; its header records the source package,
// version, licence (CC0-1.0) and generation date. Regenerate it with
// go generate (see internal/disposablegen).
//
//go:embed disposable_domains.txt
var disposableList string

// ErrInvalidDomain reports a domain that is not a host name (letters,
// digits and hyphens in dot-separated labels of at most 63 bytes, at most
// 253 bytes in all). It is the Reason of the *support.InputError that
// DomainSet's methods and ParseDomains return, so it matches
// support.ErrInvalidInput too.
var ErrInvalidDomain = errors.New("diagnose: invalid domain")

// Limits of a domain list.
const (
	// MaxDomainLen is the longest domain name, in bytes (RFC 1035), without
	// a trailing dot.
	MaxDomainLen = 253
	// MaxDomainListLine is the longest line ParseDomains reads, in bytes.
	MaxDomainListLine = 1024
	// MaxDomainListEntries is the most entries ParseDomains reads.
	MaxDomainListEntries = 1 << 20
)

// DomainSet is a set of e-mail domains, such as the disposable-mailbox
// providers, matched with all their subdomains: a set holding
// mailinator.com contains a.b.mailinator.com. An allowed domain
// (an exception, see Allow) overrides its parents: the most specific
// entry of a domain decides. Matching ignores ASCII case and one trailing
// dot. Domains are ASCII; an internationalized domain is listed in its
// punycode form (xn--...).
//
// The zero value is an empty set ready to use. Contains, Len, Clone and
// WriteTo are safe for concurrent use; Add, Allow, Remove and Merge are
// not, so change a set before sharing it (NewEmailChecker copies the set
// it is given).
type DomainSet struct {
	block map[string]struct{}
	allow map[string]struct{}
}

// BuiltinDisposable returns a new set holding the built-in list of
// disposable and temporary mailbox domains (about 8,900, from the CC0
// package disposable-email-domains-js; see the header of
// disposable_domains.txt). Each call parses the embedded list again (about
// a millisecond), so build it once and keep it, adding or allowing the
// host's own domains as needed.
func BuiltinDisposable() *DomainSet {
	s, err := ParseDomains(strings.NewReader(disposableList))
	if err != nil {
		panic(err) // unreachable: the built-in list is tested
	}
	return s
}

// ParseDomains reads a domain list: one domain a line; a line starting
// with '!' allows a domain (an exception to the list, see Allow); '#'
// starts a comment, to the end of the line; blank lines and surrounding
// spaces are ignored. A domain is normalized as Add does. A malformed line
// is a *support.InputError naming the line, whose Reason is
// ErrInvalidDomain, or support.ErrTooLong for a line longer than
// MaxDomainListLine or a list of more than MaxDomainListEntries entries;
// a read error is returned as is. ParseDomains never returns a partial set.
func ParseDomains(r io.Reader) (*DomainSet, error) {
	s := &DomainSet{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), MaxDomainListLine+1)
	line, n := 0, 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if len(text) > MaxDomainListLine {
			return nil, listErr(line, support.ErrTooLong, fmt.Sprintf("line longer than %d bytes", MaxDomainListLine))
		}
		if i := bytes.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			continue
		}
		allow := text[0] == '!'
		if allow {
			text = bytes.TrimSpace(text[1:])
		}
		d, why := normalizeDomain(string(text))
		if why != "" {
			return nil, listErr(line, ErrInvalidDomain, fmt.Sprintf("%s: %q", why, clip(string(text))))
		}
		if n++; n > MaxDomainListEntries {
			return nil, listErr(line, support.ErrTooLong, fmt.Sprintf("more than %d entries", MaxDomainListEntries))
		}
		if allow {
			s.allowOne(d)
		} else {
			s.addOne(d)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, listErr(line+1, support.ErrTooLong, fmt.Sprintf("line longer than %d bytes", MaxDomainListLine))
		}
		return nil, fmt.Errorf("diagnose: reading domain list: %w", err)
	}
	return s, nil
}

func listErr(line int, reason error, detail string) error {
	return &support.InputError{Field: fmt.Sprintf("domain list line %d", line), Reason: reason, Detail: detail}
}

// Add lists domains, each with its subdomains; a domain that was allowed
// is listed instead. It normalizes each domain (surrounding spaces and a
// trailing dot removed, lower-cased) and refuses the whole call, changing
// nothing, with a *support.InputError whose Reason is ErrInvalidDomain when
// one is not a host name.
func (s *DomainSet) Add(domains ...string) error {
	norm, err := normalizeAll(domains)
	if err != nil {
		return err
	}
	for _, d := range norm {
		s.addOne(d)
	}
	return nil
}

// Allow makes domains exceptions: an allowed domain and its subdomains are
// not contained even when a parent is listed (a host that knows
// mail.example.dynv6.net is a real company allows it while dynv6.net stays
// listed), unless a more specific subdomain is listed again. Allowing a
// listed domain replaces the listing. Domains are normalized and checked
// as by Add.
func (s *DomainSet) Allow(domains ...string) error {
	norm, err := normalizeAll(domains)
	if err != nil {
		return err
	}
	for _, d := range norm {
		s.allowOne(d)
	}
	return nil
}

// Remove forgets domains, listed or allowed; a domain s does not hold, or
// that is not a host name, is ignored. Subdomains listed separately stay.
func (s *DomainSet) Remove(domains ...string) {
	for _, d := range domains {
		if n, why := normalizeDomain(d); why == "" {
			delete(s.block, n)
			delete(s.allow, n)
		}
	}
}

// Merge copies the listed and allowed domains of o into s; for a domain
// both hold, o's entry wins.
func (s *DomainSet) Merge(o *DomainSet) {
	if o == nil {
		return
	}
	for d := range o.block {
		s.addOne(d)
	}
	for d := range o.allow {
		s.allowOne(d)
	}
}

func (s *DomainSet) addOne(d string) {
	if s.block == nil {
		s.block = map[string]struct{}{}
	}
	s.block[d] = struct{}{}
	delete(s.allow, d)
}

func (s *DomainSet) allowOne(d string) {
	if s.allow == nil {
		s.allow = map[string]struct{}{}
	}
	s.allow[d] = struct{}{}
	delete(s.block, d)
}

// Contains reports whether domain or one of its parent domains is listed,
// with no more specific allowed domain: the most specific entry decides.
// Case is ignored, and so is one trailing dot. It does not validate
// domain (a malformed one is simply not contained, unless a parent is
// listed) and does not allocate.
func (s *DomainSet) Contains(domain string) bool {
	if s == nil || len(s.block) == 0 {
		return false
	}
	domain = strings.TrimSuffix(domain, ".")
	if domain == "" || len(domain) > MaxDomainLen {
		return false
	}
	// Lower-case into a buffer on the stack; map lookups keyed by
	// string(b[i:]) do not allocate.
	var buf [MaxDomainLen]byte
	b := buf[:copy(buf[:], domain)]
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	checkAllow := len(s.allow) > 0
	for i := 0; ; {
		if checkAllow {
			if _, ok := s.allow[string(b[i:])]; ok {
				return false
			}
		}
		if _, ok := s.block[string(b[i:])]; ok {
			return true
		}
		j := bytes.IndexByte(b[i:], '.')
		if j < 0 {
			return false
		}
		i += j + 1
	}
}

// Len returns the number of listed domains (not counting allowed ones).
func (s *DomainSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.block)
}

// Clone returns a copy of s that changes independently.
func (s *DomainSet) Clone() *DomainSet {
	if s == nil {
		return &DomainSet{}
	}
	return &DomainSet{block: maps.Clone(s.block), allow: maps.Clone(s.allow)}
}

// WriteTo writes s in the format ParseDomains reads: the listed domains,
// sorted, then the allowed ones, each after '!'. It implements
// io.WriterTo, so a host can store a set it changed.
func (s *DomainSet) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var n int64
	if s != nil {
		for _, d := range slices.Sorted(maps.Keys(s.block)) {
			m, _ := bw.WriteString(d + "\n")
			n += int64(m)
		}
		for _, d := range slices.Sorted(maps.Keys(s.allow)) {
			m, _ := bw.WriteString("!" + d + "\n")
			n += int64(m)
		}
	}
	return n, bw.Flush()
}

func normalizeAll(domains []string) ([]string, error) {
	norm := make([]string, len(domains))
	for i, d := range domains {
		n, why := normalizeDomain(d)
		if why != "" {
			return nil, &support.InputError{Field: "domain", Reason: ErrInvalidDomain, Detail: fmt.Sprintf("%s: %q", why, clip(d))}
		}
		norm[i] = n
	}
	return norm, nil
}

// normalizeDomain trims spaces and one trailing dot and lower-cases d; it
// returns why d is not an ASCII host name, or "".
func normalizeDomain(d string) (string, string) {
	d = strings.TrimSuffix(strings.TrimSpace(d), ".")
	if d == "" {
		return "", "empty domain"
	}
	if len(d) > MaxDomainLen {
		return "", fmt.Sprintf("longer than %d bytes", MaxDomainLen)
	}
	if why := checkLabels(d, false); why != "" {
		return "", why
	}
	return strings.ToLower(d), ""
}

// checkLabels returns why d is not a host name, or "": labels of 1 to 63
// bytes, of ASCII letters, digits and hyphens, neither starting nor ending
// with a hyphen. With idn, bytes of UTF-8 characters beyond ASCII are
// allowed too (an internationalized domain before conversion to punycode).
func checkLabels(d string, idn bool) string {
	for label := range strings.SplitSeq(d, ".") {
		if label == "" {
			return "empty label"
		}
		if len(label) > 63 {
			return "label longer than 63 bytes"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "label starts or ends with a hyphen"
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
			case c >= 0x80 && idn:
			case c >= 0x80:
				return "not ASCII (list internationalized domains in punycode, xn--…)"
			default:
				return fmt.Sprintf("character %q not allowed", c)
			}
		}
	}
	return ""
}
