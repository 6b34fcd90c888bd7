package l10n_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/l10n"
)

func Example() {
	texts, err := l10n.New(l10n.MustCatalog(l10n.Table{
		language.English:            {"refund.sent": "Your refund of %[1]s was sent."},
		language.SimplifiedChinese:  {"refund.sent": "您的退款 %[1]s 已发出。"},
		language.TraditionalChinese: {"refund.sent": "您的退款 %[1]s 已發出。"},
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, lang := range []string{"en-US", "zh-CN", "zh-HK", "fr"} {
		fmt.Println(texts.Sprintf(language.MustParse(lang), "refund.sent", "¥120.00"))
	}
	// Output:
	// Your refund of ¥120.00 was sent.
	// 您的退款 ¥120.00 已发出。
	// 您的退款 ¥120.00 已發出。
	// Your refund of ¥120.00 was sent.
}
