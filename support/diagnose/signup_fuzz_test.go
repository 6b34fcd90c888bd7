package diagnose_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
)

func FuzzCheckEmail(f *testing.F) {
	for _, s := range []string{
		"bob@example.com", "  Bob@Gmail.COM ", "x@a.b.mailinator.com", "bob@gmial.com", "bob@qq.con",
		"Bob <bob@example.com>", "bob＠qq.com", "用户@例子.中国", "x@ｍａｉｌｉｎａｔｏｒ。ｃｏｍ", `"a b"@x.com`,
		"bob@[192.0.2.1]", "a@b", "@", "", "bob@example.com\xff", strings.Repeat("a", 65) + "@x.com",
	} {
		f.Add(s)
	}
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{})
	f.Fuzz(func(t *testing.T, in string) {
		r, err := c.Check(context.Background(), in, language.SimplifiedChinese)
		if err != nil {
			if !errors.Is(err, support.ErrInvalidInput) {
				t.Fatalf("%q: error %v does not match support.ErrInvalidInput", in, err)
			}
			if utf8.ValidString(in) && len(in) <= diagnose.MaxEmailInput {
				t.Fatalf("%q: valid input refused: %v", in, err)
			}
			return
		}
		if r.Text == "" || r.Article == "" {
			t.Fatalf("%q: no text or article: %+v", in, r)
		}
		switch r.Problem {
		case diagnose.EmailSyntax, diagnose.EmailTooLong:
			if r.Address != "" || r.Domain != "" {
				t.Fatalf("%q: %s with an address: %+v", in, r.Problem, r)
			}
			return
		case diagnose.EmailOK, diagnose.EmailDisposable, diagnose.EmailTypo:
		default:
			t.Fatalf("%q: unexpected problem %q without a resolver", in, r.Problem)
		}
		if len(r.Address) > diagnose.MaxEmailLen*4 || !strings.HasSuffix(r.Address, "@"+r.Domain) {
			t.Fatalf("%q: inconsistent address %q / domain %q", in, r.Address, r.Domain)
		}
		if r.Problem == diagnose.EmailTypo && r.Suggestion == "" {
			t.Fatalf("%q: typo without suggestion", in)
		}
		// The normalized address is stable and gets the same answer.
		again, err := c.Check(context.Background(), r.Address, language.English)
		if err != nil || again.Problem != r.Problem || again.Address != r.Address {
			t.Fatalf("%q: normalized %q answers %+v, %v; first %+v", in, r.Address, again, err, r)
		}
	})
}

func FuzzParseDomains(f *testing.F) {
	for _, s := range []string{
		"mailinator.com\n", "# c\n\nA.Example.COM.  # x\n!b.a.example.com\n", "!\n", "例子.中国\n",
		"a..b\n", "-x.com\n", strings.Repeat("a", 70) + ".com\n", "x.com\r\ny.com\r\n", "\xff\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := diagnose.ParseDomains(bytes.NewReader(in))
		if err != nil {
			if s != nil || !errors.Is(err, support.ErrInvalidInput) {
				t.Fatalf("error %v with set %v", err, s)
			}
			return
		}
		// Writing and reading again gives the same set.
		var out bytes.Buffer
		if _, err := s.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		s2, err := diagnose.ParseDomains(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("reparse of %q: %v", out.String(), err)
		}
		var out2 bytes.Buffer
		s2.WriteTo(&out2)
		if out.String() != out2.String() {
			t.Fatalf("round trip: %q then %q", out.String(), out2.String())
		}
		// Every listed domain is contained, with its subdomains; Contains
		// never panics on the raw lines.
		for line := range strings.Lines(out.String()) {
			d := strings.TrimSpace(line)
			if strings.HasPrefix(d, "!") {
				if s.Contains(d[1:]) {
					t.Fatalf("allowed %q contained", d[1:])
				}
				continue
			}
			if !s.Contains(d) || !s.Contains("sub."+strings.ToUpper(d)+".") {
				t.Fatalf("listed %q not contained", d)
			}
		}
		for line := range strings.Lines(string(in)) {
			s.Contains(line)
		}
	})
}
