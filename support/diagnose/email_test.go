package diagnose_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
)

func TestCheckEmail(t *testing.T) {
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{})
	ctx := context.Background()
	tests := []struct {
		in         string
		problem    diagnose.EmailProblem
		address    string
		suggestion string
	}{
		// Chinese and international providers pass.
		{"zhang.san@qq.com", diagnose.EmailOK, "zhang.san@qq.com", ""},
		{"lisi@163.com", diagnose.EmailOK, "lisi@163.com", ""},
		{"wangwu@126.com", diagnose.EmailOK, "wangwu@126.com", ""},
		{"zhao@sina.com", diagnose.EmailOK, "zhao@sina.com", ""},
		{"chen@vip.qq.com", diagnose.EmailOK, "chen@vip.qq.com", ""},
		{"lin@hinet.net", diagnose.EmailOK, "lin@hinet.net", ""},
		{"  Bob.Smith+pay@Gmail.COM \n", diagnose.EmailOK, "Bob.Smith+pay@gmail.com", ""},
		{"user@mail.com", diagnose.EmailOK, "user@mail.com", ""},
		{"用户@例子.中国", diagnose.EmailOK, "用户@例子.中国", ""},
		// Disposable domains and their subdomains are refused.
		{"x@mailinator.com", diagnose.EmailDisposable, "x@mailinator.com", ""},
		{"x@10minutemail.com", diagnose.EmailDisposable, "x@10minutemail.com", ""},
		{"x@guerrillamail.com", diagnose.EmailDisposable, "x@guerrillamail.com", ""},
		{"x@YOPMAIL.com", diagnose.EmailDisposable, "x@yopmail.com", ""},
		{"x@a.b.mailinator.com", diagnose.EmailDisposable, "x@a.b.mailinator.com", ""},
		{"x@ｍａｉｌｉｎａｔｏｒ。ｃｏｍ", diagnose.EmailDisposable, "x@mailinator.com", ""},
		// Typos of common providers.
		{"bob@gmial.com", diagnose.EmailDisposable, "bob@gmial.com", "bob@gmail.com"}, // listed, and a typo
		{"bob@hotmial.com", diagnose.EmailDisposable, "bob@hotmial.com", "bob@hotmail.com"},
		{"bob@gmaill.com", diagnose.EmailTypo, "bob@gmaill.com", "bob@gmail.com"},
		{"bob@hotmal.com", diagnose.EmailTypo, "bob@hotmal.com", "bob@hotmail.com"},
		{"bob@yaho.com", diagnose.EmailTypo, "bob@yaho.com", "bob@yahoo.com"},
		{"bob@outlok.com", diagnose.EmailTypo, "bob@outlok.com", "bob@outlook.com"},
		{"bob@gmail.co", diagnose.EmailTypo, "bob@gmail.co", "bob@gmail.com"},
		{"bob@qq.con", diagnose.EmailTypo, "bob@qq.con", "bob@qq.com"},
		{"bob@163.con", diagnose.EmailTypo, "bob@163.con", "bob@163.com"},
		{"bob@126.cm", diagnose.EmailTypo, "bob@126.cm", "bob@126.com"},
		{"bob@sina.con", diagnose.EmailTypo, "bob@sina.con", "bob@sina.com"},
		{"bob@qa.com", diagnose.EmailOK, "bob@qa.com", ""},   // short names are not "corrected"
		{"bob@123.com", diagnose.EmailOK, "bob@123.com", ""}, // nor is 123.com to 126.com
		// Not a bare address.
		{"", diagnose.EmailSyntax, "", ""},
		{"   ", diagnose.EmailSyntax, "", ""},
		{"bob", diagnose.EmailSyntax, "", ""},
		{"bob@", diagnose.EmailSyntax, "", ""},
		{"@example.com", diagnose.EmailSyntax, "", ""},
		{"bob@@example.com", diagnose.EmailSyntax, "", ""},
		{"bob@example", diagnose.EmailSyntax, "", ""},
		{"bob@example.com.", diagnose.EmailSyntax, "", ""},
		{"bob@exa mple.com", diagnose.EmailSyntax, "", ""},
		{"bob@-example.com", diagnose.EmailSyntax, "", ""},
		{"bob@exa_mple.com", diagnose.EmailSyntax, "", ""},
		{"bob@192.0.2.1", diagnose.EmailSyntax, "", ""},
		{"bob@[192.0.2.1]", diagnose.EmailSyntax, "", ""},
		{`"bob smith"@example.com`, diagnose.EmailSyntax, "", ""},
		{"a..b@example.com", diagnose.EmailSyntax, "", ""},
		{"a@b.com, c@d.com", diagnose.EmailSyntax, "", ""},
		{"bob@example.com\x00", diagnose.EmailSyntax, "", ""},
		{"Bob <bob@example.com>", diagnose.EmailSyntax, "", "bob@example.com"},
		{"bob@example.com (Bob)", diagnose.EmailSyntax, "", "bob@example.com"},
		{"bob＠qq.com", diagnose.EmailSyntax, "", "bob@qq.com"},
		// Too long.
		{strings.Repeat("a", 65) + "@example.com", diagnose.EmailTooLong, "", ""},
		{"bob@" + strings.Repeat("a", 64) + ".com", diagnose.EmailTooLong, "", ""},
		{"bob@" + strings.Repeat("abcdefghi.", 25) + "com", diagnose.EmailTooLong, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := c.Check(ctx, tt.in, language.English)
			require.NoError(t, err)
			assert.Equal(t, tt.problem, r.Problem)
			assert.Equal(t, tt.address, r.Address)
			assert.Equal(t, tt.suggestion, r.Suggestion)
			assert.NotEmpty(t, r.Text)
			assert.NotEmpty(t, r.Article)
			assert.Equal(t, language.English, r.Language)
			assert.Equal(t, tt.problem.Refused(), r.Refused())
		})
	}
}

func TestCheckEmailErrors(t *testing.T) {
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{})
	_, err := c.Check(context.Background(), "bob@example.com\xff", language.English)
	assert.ErrorIs(t, err, support.ErrInvalidUTF8)
	assert.ErrorIs(t, err, support.ErrInvalidInput)
	_, err = c.Check(context.Background(), strings.Repeat("a", diagnose.MaxEmailInput+1), language.English)
	assert.ErrorIs(t, err, support.ErrTooLong)
	var ie *support.InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "email", ie.Field)
	// Up to the limit, a long input is an answer.
	r, err := c.Check(context.Background(), strings.Repeat("a", diagnose.MaxEmailInput), language.English)
	require.NoError(t, err)
	assert.Equal(t, diagnose.EmailSyntax, r.Problem)
}

func TestCheckEmailHostList(t *testing.T) {
	s := diagnose.BuiltinDisposable()
	require.NoError(t, s.Add("throwaway.example"))
	require.NoError(t, s.Allow("yopmail.com"))
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{Disposable: s, NoTypos: true})
	s.Remove("throwaway.example") // the checker holds its own copy
	check := func(addr string) diagnose.EmailProblem {
		r, err := c.Check(context.Background(), addr, language.English)
		require.NoError(t, err)
		return r.Problem
	}
	assert.Equal(t, diagnose.EmailDisposable, check("a@throwaway.example"))
	assert.Equal(t, diagnose.EmailOK, check("a@yopmail.com"))
	assert.Equal(t, diagnose.EmailOK, check("a@gmaill.com"), "typos off")

	none := diagnose.NewEmailChecker(diagnose.EmailOptions{Disposable: &diagnose.DomainSet{}})
	r, err := none.Check(context.Background(), "a@mailinator.com", language.English)
	require.NoError(t, err)
	assert.Equal(t, diagnose.EmailOK, r.Problem)
}

// fakeResolver answers from tables; it never touches the network.
type fakeResolver struct {
	mx      map[string][]*net.MX
	mxErr   map[string]error
	hosts   map[string][]string
	hostErr map[string]error
	asked   []string
}

func (f *fakeResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	f.asked = append(f.asked, "MX "+name)
	if err := f.mxErr[name]; err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			<-ctx.Done()
			return nil, &net.DNSError{Err: "i/o timeout", Name: name, IsTimeout: true}
		}
		return nil, err
	}
	if mx := f.mx[name]; mx != nil {
		return mx, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// mxOnly hides LookupHost: no implicit-MX fallback.
type mxOnly struct{ r *fakeResolver }

func (m mxOnly) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	return m.r.LookupMX(ctx, name)
}

func (f *fakeResolver) LookupHost(_ context.Context, name string) ([]string, error) {
	f.asked = append(f.asked, "A "+name)
	if err := f.hostErr[name]; err != nil {
		return nil, err
	}
	if h := f.hosts[name]; h != nil {
		return h, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func TestCheckEmailMX(t *testing.T) {
	temp := &net.DNSError{Err: "server misbehaving", Name: "flaky.example.", IsTemporary: true}
	f := &fakeResolver{
		mx: map[string][]*net.MX{
			"mail.example.":    {{Host: "mx1.mail.example.", Pref: 10}},
			"nullmx.example.":  {{Host: ".", Pref: 0}},
			"mixed.example.":   {{Host: ".", Pref: 0}, {Host: "mx.mixed.example.", Pref: 10}},
			"qq.com.":          {{Host: "mx3.qq.com.", Pref: 10}},
			"hostonly.example": {{Host: "never.used.", Pref: 1}}, // not fully qualified: never asked
		},
		mxErr: map[string]error{
			"flaky.example.":   temp,
			"slow.example.":    context.DeadlineExceeded,
			"strange.example.": errors.New("resolver exploded"),
		},
		hosts:   map[string][]string{"hostonly.example.": {"192.0.2.7"}},
		hostErr: map[string]error{"flakyhost.example.": temp},
	}
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{Resolver: f, MXTimeout: 20 * time.Millisecond})
	tests := []struct {
		domain string
		want   diagnose.EmailProblem
	}{
		{"mail.example", diagnose.EmailOK},
		{"qq.com", diagnose.EmailOK},
		{"hostonly.example", diagnose.EmailOK}, // implicit MX (RFC 5321 §5.1)
		{"nowhere.example", diagnose.EmailNoMailServer},
		{"nullmx.example", diagnose.EmailNoMailServer},
		{"mixed.example", diagnose.EmailOK},
		{"flaky.example", diagnose.EmailUnchecked},
		{"flakyhost.example", diagnose.EmailUnchecked},
		{"slow.example", diagnose.EmailUnchecked},
		{"strange.example", diagnose.EmailUnchecked},
		{"mailinator.com", diagnose.EmailDisposable}, // no DNS for a listed domain
		{"gmaill.com", diagnose.EmailTypo},           // nor for a typo
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			r, err := c.Check(context.Background(), "someone@"+tt.domain, language.SimplifiedChinese)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Problem)
			assert.Contains(t, r.Text, tt.domain)
		})
	}
	assert.NotContains(t, f.asked, "MX mailinator.com.")
	assert.NotContains(t, f.asked, "MX gmaill.com.")

	// Without LookupHost there is no implicit MX.
	c2 := diagnose.NewEmailChecker(diagnose.EmailOptions{Resolver: mxOnly{f}})
	r, err := c2.Check(context.Background(), "a@hostonly.example", language.English)
	require.NoError(t, err)
	assert.Equal(t, diagnose.EmailNoMailServer, r.Problem)

	// The caller giving up is an error, not an answer.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Check(ctx, "a@slow.example", language.English)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSignupTextsAllLanguages(t *testing.T) {
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{Disposable: &diagnose.DomainSet{}})
	f := &fakeResolver{mxErr: map[string]error{"flaky.example.": &net.DNSError{Err: "timeout", IsTimeout: true}}}
	cmx := diagnose.NewEmailChecker(diagnose.EmailOptions{Resolver: f})
	cdisp := diagnose.NewEmailChecker(diagnose.EmailOptions{})
	cases := []struct {
		c    *diagnose.EmailChecker
		addr string
		want diagnose.EmailProblem
	}{
		{c, "a@example.com", diagnose.EmailOK},
		{c, "nope", diagnose.EmailSyntax},
		{c, strings.Repeat("a", 70) + "@example.com", diagnose.EmailTooLong},
		{cdisp, "a@mailinator.com", diagnose.EmailDisposable},
		{c, "a@gmaill.com", diagnose.EmailTypo},
		{cdisp, "a@gmial.com", diagnose.EmailDisposable},
		{cmx, "a@nowhere.example", diagnose.EmailNoMailServer},
		{cmx, "a@flaky.example", diagnose.EmailUnchecked},
	}
	langs := map[string]language.Tag{
		"en":    language.English,
		"zh-CN": language.SimplifiedChinese,
		"zh-TW": language.TraditionalChinese,
	}
	for _, tc := range cases {
		seen := map[string]string{}
		for name, lang := range langs {
			r, err := tc.c.Check(context.Background(), tc.addr, language.MustParse(name))
			require.NoError(t, err)
			require.Equal(t, tc.want, r.Problem)
			assert.Equal(t, lang, r.Language)
			assert.NotEmpty(t, r.Text)
			assert.NotContains(t, r.Text, "diagnose.signup", "key rendered instead of text")
			assert.NotContains(t, r.Text, "%!", "bad format")
			for other, text := range seen {
				assert.NotEqual(t, text, r.Text, "%s: %s and %s share a text", tc.want, name, other)
			}
			seen[name] = r.Text
		}
	}
}

func TestSignupArticlesExist(t *testing.T) {
	arts, err := faq.BuiltinArticles()
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, a := range arts {
		ids[a.ID] = true
	}
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{Resolver: &fakeResolver{}})
	for _, addr := range []string{"a@qq.com", "nope", strings.Repeat("a", 70) + "@x.com", "a@yopmail.com", "a@gmaill.com", "a@nowhere.example"} {
		r, err := c.Check(context.Background(), addr, language.English)
		require.NoError(t, err)
		assert.True(t, ids[r.Article], "%s: article %q not in the built-in KB", addr, r.Article)
	}
}

func TestCheckEmailConcurrent(t *testing.T) {
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{})
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for _, a := range []string{"a@qq.com", "b@mailinator.com", "c@gmaill.com", "nope"} {
				if _, err := c.Check(context.Background(), a, []language.Tag{language.English, language.SimplifiedChinese}[i%2]); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}
