package diagnose_test

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support/diagnose"
)

// A customer tries to sign up with a temporary mailbox: the checker
// refuses it, says what to do instead, and names the article to show.
func ExampleEmailChecker_Check() {
	// Built once at start-up and shared: the built-in disposable list, no
	// DNS check (pass Resolver: net.DefaultResolver to add one).
	checker := diagnose.NewEmailChecker(diagnose.EmailOptions{})

	for _, in := range []struct {
		address string
		lang    language.Tag
	}{
		{"li.lei@mailinator.com", language.English},
		{"li.lei@mailinator.com", language.MustParse("zh-CN")},
		{"li.lei@qq.con", language.English},
		{"li.lei@qq.com", language.English},
	} {
		r, err := checker.Check(context.Background(), in.address, in.lang)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s refused=%t article=%s\n%s\n", r.Problem, r.Refused(), r.Article, r.Text)
	}
	// Output:
	// disposable refused=true article=temporary-email-rejected
	// mailinator.com gives out temporary mailboxes, which we cannot accept: we use your e-mail to confirm changes, send receipts and warn you about suspicious activity long after you sign up. Please use a permanent address from your own e-mail provider or your own domain.
	// disposable refused=true article=temporary-email-rejected
	// mailinator.com 提供的是临时邮箱，我们无法接受：注册后我们还要通过邮箱确认重要变更、发送收据并提醒可疑活动。请使用您自己的邮箱服务商（或自有域名）提供的长期邮箱地址。
	// typo refused=false article=create-account
	// Did you mean li.lei@qq.com? qq.con looks like a typing mistake. Correct the address if so, or continue if qq.con is right.
	// ok refused=false article=verification-email-not-received
	// li.lei@qq.com looks right. We will send a verification e-mail there: open the link in it to finish signing up.
}

// A host keeps its own list on top of the built-in one, with exceptions
// for domains it knows are real.
func ExampleParseDomains() {
	own, err := diagnose.ParseDomains(strings.NewReader(`
# our list
spam-mail.example
!staff.spam-mail.example   # our partner's real mailboxes
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	set := diagnose.BuiltinDisposable()
	set.Merge(own)
	for _, d := range []string{"x.spam-mail.example", "staff.spam-mail.example", "a.b.yopmail.com", "163.com"} {
		fmt.Println(d, set.Contains(d))
	}
	// Output:
	// x.spam-mail.example true
	// staff.spam-mail.example false
	// a.b.yopmail.com true
	// 163.com false
}
