package currency_test

import (
	"fmt"
	"strconv"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/currency"
)

// Formatting one amount for customers in several locales. The output is
// Go-quoted to make the no-break spaces visible: \u00a0 is a no-break space,
// \u202f a narrow no-break space, \u200f the right-to-left mark CLDR's
// Arabic pattern starts with (CLDR 48 writes ar with Latin digits).
func ExampleFormatter() {
	price, _ := currency.NewAmount("1234.5", "EUR")
	for _, tag := range []string{"en", "de", "fr", "es", "pt-BR", "zh-CN", "ar"} {
		f := currency.NewFormatter(language.MustParse(tag))
		fmt.Printf("%-6s %s\n", tag, strconv.Quote(f.Format(price)))
	}
	// Output:
	// en     "€1,234.50"
	// de     "1.234,50\u00a0€"
	// fr     "1\u202f234,50\u00a0€"
	// es     "1234,50\u00a0€"
	// pt-BR  "€\u00a01.234,50"
	// zh-CN  "€1,234.50"
	// ar     "\u200f1,234.50\u00a0€"
}

// The symbol depends on the locale: a dollar is "$" at home and "US$"
// where another dollar or yuan is local.
func ExampleFormatter_symbols() {
	usd, _ := currency.NewAmount("1234.5", "USD")
	cny, _ := currency.NewAmount("1234.5", "CNY")
	cad, _ := currency.NewAmount("1234.5", "CAD")
	en := currency.NewFormatter(language.English)
	enCA := currency.NewFormatter(language.MustParse("en-CA"))
	zh := currency.NewFormatter(language.SimplifiedChinese)
	fmt.Println(en.Format(usd), en.Format(cny), en.Format(cad))
	fmt.Println(enCA.Format(usd), enCA.Format(cad))
	fmt.Println(zh.Format(usd), zh.Format(cny))
	// Output:
	// $1,234.50 CN¥1,234.50 CA$1,234.50
	// US$1,234.50 $1,234.50
	// US$1,234.50 ¥1,234.50
}

// Indian grouping: lakh and crore.
func ExampleFormatter_indianGrouping() {
	a, _ := currency.NewAmount("123456789.5", "INR")
	fmt.Println(currency.NewFormatter(language.MustParse("en-IN")).Format(a))
	fmt.Println(currency.NewFormatter(language.English).Format(a))
	// Output:
	// ₹12,34,56,789.50
	// ₹123,456,789.50
}

// Accounting statements show negative amounts in parentheses where the
// locale does so; the ISO code can replace the symbol.
func ExampleWithAccounting() {
	refund, _ := currency.NewAmount("-42.5", "USD")
	fmt.Println(currency.NewFormatter(language.English).Format(refund))
	fmt.Println(currency.NewFormatter(language.English, currency.WithAccounting()).Format(refund))
	code := currency.NewFormatter(language.English, currency.WithAccounting(),
		currency.WithSymbol(currency.SymbolCode))
	fmt.Println(strconv.Quote(code.Format(refund))) // quoted: a no-break space follows the code
	// Output:
	// -$42.50
	// ($42.50)
	// "(USD\u00a042.50)"
}

// Amounts with more decimals than the currency shows are rounded for display
// only, half-even unless another mode is named; cash display rounds to the
// smallest coin.
func ExampleWithRoundingMode() {
	fee, _ := currency.NewAmount("2.125", "USD")
	chf, _ := currency.NewAmount("3.37", "CHF")
	fmt.Println(currency.NewFormatter(language.English).Format(fee))
	fmt.Println(currency.NewFormatter(language.English, currency.WithRoundingMode(currency.HalfUp)).Format(fee))
	cash := currency.NewFormatter(language.English, currency.WithCash())
	fmt.Println(strconv.Quote(cash.Format(chf)))
	// Output:
	// $2.12
	// $2.13
	// "CHF\u00a03.35"
}

// NewFormatter follows CLDR's parent chain to the locale holding the tag's
// data; Locale tells which. A region without data of its own falls back to
// its language, an unknown language to en.
func ExampleNewFormatter() {
	for _, tag := range []string{"zh-TW", "zh-HK", "pt", "pt-PT", "de-CH", "de-LU", "ms-MY", "en-US", "tlh"} {
		f := currency.NewFormatter(language.MustParse(tag))
		chf, _ := currency.NewAmount("1234.5", "CHF")
		fmt.Printf("%-5s → %-10s %q\n", tag, f.Locale(), f.Format(chf))
	}
	// Output:
	// zh-TW → zh-Hant    "CHF\u00a01,234.50"
	// zh-HK → zh-Hant-HK "CHF\u00a01,234.50"
	// pt    → pt         "CHF\u00a01.234,50"
	// pt-PT → pt-PT      "1234,50\u00a0CHF"
	// de-CH → de-CH      "CHF\u00a01'234.50"
	// de-LU → de-LU      "1.234,50\u00a0CHF"
	// ms-MY → ms         "CHF\u00a01,234.50"
	// en-US → en         "CHF\u00a01,234.50"
	// tlh   → en         "CHF\u00a01,234.50"
}
