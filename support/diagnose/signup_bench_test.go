package diagnose_test

import (
	"context"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support/diagnose"
)

func BenchmarkDomainSetContains(b *testing.B) {
	s := diagnose.BuiltinDisposable()
	for _, bc := range []struct{ name, domain string }{
		{"hit", "mailinator.com"},
		{"miss", "gmail.com"},
		{"deep_subdomain", "a.b.c.d.e.f.mailinator.com"},
		{"upper_case", "Mail.YOPMAIL.com."},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.Contains(bc.domain)
			}
		})
	}
}

func BenchmarkBuiltinDisposable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		diagnose.BuiltinDisposable()
	}
}

func BenchmarkCheckEmail(b *testing.B) {
	c := diagnose.NewEmailChecker(diagnose.EmailOptions{})
	ctx := context.Background()
	for _, bc := range []struct{ name, address string }{
		{"ok", "zhang.san@qq.com"},
		{"disposable", "x@a.mailinator.com"},
		{"syntax", "Bob <bob@example.com>"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Check(ctx, bc.address, language.SimplifiedChinese); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
