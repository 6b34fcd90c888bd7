package diagnose_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
)

func TestBuiltinDisposable(t *testing.T) {
	s := diagnose.BuiltinDisposable()
	assert.Greater(t, s.Len(), 8000)
	for _, d := range []string{
		"mailinator.com", "10minutemail.com", "guerrillamail.com", "yopmail.com",
		"a.b.mailinator.com", "MAILINATOR.COM", "mailinator.com.", "x.YopMail.com.",
	} {
		assert.True(t, s.Contains(d), d)
	}
	for _, d := range []string{
		"qq.com", "163.com", "126.com", "sina.com", "sina.cn", "sohu.com", "foxmail.com", "yeah.net",
		"aliyun.com", "139.com", "gmail.com", "outlook.com", "hotmail.com", "icloud.com", "yahoo.com",
		"com", "cn", "", ".", "mailinator.com.example", "xmailinator.com.cn", "paydesk.example",
	} {
		assert.False(t, s.Contains(d), d)
	}
	// Each call returns a set of its own.
	other := diagnose.BuiltinDisposable()
	other.Remove("mailinator.com")
	assert.True(t, s.Contains("mailinator.com"))
	assert.False(t, other.Contains("mailinator.com"))
}

func TestDomainSetParents(t *testing.T) {
	var s diagnose.DomainSet // the zero value is ready
	assert.False(t, s.Contains("example.com"))
	require.NoError(t, s.Add("Example.COM.", " temp.example.org "))
	tests := []struct {
		domain string
		want   bool
	}{
		{"example.com", true},
		{"a.example.com", true},
		{"a.b.c.d.e.f.g.EXAMPLE.com.", true},
		{"example.com.cn", false},
		{"anexample.com", false},
		{"com", false},
		{"temp.example.org", true},
		{"x.temp.example.org", true},
		{"example.org", false},
		{strings.Repeat("a.", 200) + "example.com", false}, // longer than a domain can be
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, s.Contains(tt.domain), tt.domain)
	}
}

func TestDomainSetAllowOverrides(t *testing.T) {
	s := diagnose.BuiltinDisposable()
	// A host knows this company's mail runs on a subdomain of a listed host.
	require.NoError(t, s.Allow("corp.mailinator.com"))
	assert.True(t, s.Contains("mailinator.com"))
	assert.True(t, s.Contains("other.mailinator.com"))
	assert.False(t, s.Contains("corp.mailinator.com"))
	assert.False(t, s.Contains("eu.corp.mailinator.com"))
	// A more specific listing wins again.
	require.NoError(t, s.Add("tmp.corp.mailinator.com"))
	assert.True(t, s.Contains("x.tmp.corp.mailinator.com"))
	// Allowing a listed domain replaces the listing.
	require.NoError(t, s.Allow("yopmail.com"))
	assert.False(t, s.Contains("yopmail.com"))
	assert.False(t, s.Contains("a.yopmail.com"))
	// Remove forgets both kinds.
	s.Remove("yopmail.com", "corp.mailinator.com", "not a domain")
	assert.False(t, s.Contains("yopmail.com"))
	assert.True(t, s.Contains("corp.mailinator.com"))
}

func TestDomainSetAddRefusesWholeCall(t *testing.T) {
	var s diagnose.DomainSet
	for _, bad := range []string{"", "exa mple.com", "-x.com", "x-.com", "a..b", "例子.中国", "x_y.com", "a/b", strings.Repeat("a", 64) + ".com", strings.Repeat("a.", 127) + "com"} {
		err := s.Add("good.com", bad)
		require.Error(t, err, bad)
		assert.ErrorIs(t, err, diagnose.ErrInvalidDomain, bad)
		assert.ErrorIs(t, err, support.ErrInvalidInput, bad)
		var ie *support.InputError
		assert.True(t, errors.As(err, &ie))
		assert.Error(t, s.Allow(bad), bad)
	}
	assert.Equal(t, 0, s.Len(), "nothing half-written")
	assert.False(t, s.Contains("good.com"))
}

func TestParseDomains(t *testing.T) {
	s, err := diagnose.ParseDomains(strings.NewReader(`# our own list
Spam-Mail.example   # a comment after a domain

  throwaway.test.
!real.spam-mail.example
! ok.throwaway.test
`))
	require.NoError(t, err)
	assert.Equal(t, 2, s.Len())
	assert.True(t, s.Contains("spam-mail.example"))
	assert.True(t, s.Contains("x.throwaway.test"))
	assert.False(t, s.Contains("real.spam-mail.example"))
	assert.False(t, s.Contains("ok.throwaway.test"))

	var buf bytes.Buffer
	n, err := s.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, int64(buf.Len()), n)
	assert.Equal(t, "spam-mail.example\nthrowaway.test\n!ok.throwaway.test\n!real.spam-mail.example\n", buf.String())

	// Merge: the host's list on top of the built-in one.
	b := diagnose.BuiltinDisposable()
	b.Merge(s)
	assert.True(t, b.Contains("mailinator.com"))
	assert.True(t, b.Contains("spam-mail.example"))
	assert.False(t, b.Contains("real.spam-mail.example"))
}

func TestParseDomainsErrors(t *testing.T) {
	tests := []struct {
		name, in string
		reason   error
		field    string
	}{
		{"bad domain", "ok.com\nnot a domain\n", diagnose.ErrInvalidDomain, "domain list line 2"},
		{"non-ASCII", "例子.中国\n", diagnose.ErrInvalidDomain, "domain list line 1"},
		{"empty allow", "ok.com\n!\n", diagnose.ErrInvalidDomain, "domain list line 2"},
		{"long line", "ok.com\n" + strings.Repeat("a", diagnose.MaxDomainListLine+1) + "\n", support.ErrTooLong, "domain list line 2"},
		{"long comment", "# " + strings.Repeat("a", diagnose.MaxDomainListLine) + "\n", support.ErrTooLong, "domain list line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := diagnose.ParseDomains(strings.NewReader(tt.in))
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tt.reason)
			assert.ErrorIs(t, err, support.ErrInvalidInput)
			var ie *support.InputError
			require.True(t, errors.As(err, &ie))
			assert.Equal(t, tt.field, ie.Field)
		})
	}
	_, err := diagnose.ParseDomains(errReader{})
	assert.ErrorIs(t, err, errBroken)
}

var errBroken = errors.New("broken")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }

func TestContainsDoesNotAllocate(t *testing.T) {
	s := diagnose.BuiltinDisposable()
	require.NoError(t, s.Allow("corp.mailinator.com"))
	for _, d := range []string{"a.b.c.Mailinator.com", "gmail.com", "corp.mailinator.com."} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { s.Contains(d) }), d)
	}
}
