package currency

// The locale tables behind Formatter, transcribed by hand from the Unicode
// CLDR (version 44 to 48 JSON data, cldr-json cldr-numbers-modern:
// main/<locale>/numbers.json and main/<locale>/currencies.json, and root)
// and reviewed against the golden file testdata/format.golden.
//
// Only the data Formatter uses is kept: each locale's default numbering
// system, separators, minus sign, minimum grouping digits and its standard
// and accounting currency patterns, resolved through CLDR inheritance; and
// the standard and narrow symbols of the most used currencies, stored the
// way CLDR stores them, per locale with inheritance through parent locales
// up to root. A currency without a symbol anywhere in the chain is shown by
// its ISO code.
//
// Invisible characters are written as escapes: U+00A0 no-break space,
// U+202F narrow no-break space, U+061C Arabic letter mark, U+200F
// right-to-left mark.

// localeData is one supported locale, or a layer of symbols only.
type localeData struct {
	id          string // BCP 47 tag, also the key of its symbols in currencySymbols
	parent      string // the locale it inherits symbols from; "" for root
	minGrouping uint8  // CLDR minimumGroupingDigits
	numbering   numberingData
}

// numberingData holds a locale's number symbols and currency patterns in its
// default numbering system.
type numberingData struct {
	system     string // CLDR numbering system id: "latn", "arab"
	zero       rune   // the digit zero; the other digits follow it in Unicode
	decimal    string
	group      string
	minus      string
	standard   string // CLDR currency pattern
	accounting string // CLDR accounting currency pattern
	// standardAlpha and accountingAlpha are CLDR's alt="alphaNextToNumber"
	// patterns, used instead when a symbol ending (or starting) with a letter
	// would touch the number. They are kept only where they differ from
	// what currencySpacing gives (a no-break space between the two).
	standardAlpha, accountingAlpha string
}

// Latin-digit numbering data shared by several locales.
var (
	latnDotComma = numberingData{
		system: "latn", zero: '0', decimal: ".", group: ",", minus: "-",
		standard: "¤#,##0.00", accounting: "¤#,##0.00;(¤#,##0.00)",
	}
	latnSuffixDot = numberingData{
		system: "latn", zero: '0', decimal: ",", group: ".", minus: "-",
		standard: "#,##0.00\u00a0¤", accounting: "#,##0.00\u00a0¤",
	}
)

// locales lists the supported locales. The order is the matcher's: the first
// entry, en, is the default for languages without data.
var locales = [...]localeData{
	{id: "en", parent: "root", minGrouping: 1, numbering: latnDotComma},
	{id: "en-GB", parent: "en-001", minGrouping: 1, numbering: latnDotComma},
	{id: "en-IN", parent: "en-001", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ".", group: ",", minus: "-",
		// CLDR's en-IN accounting pattern is inherited from en-001 and so has
		// Western grouping; Formatter always groups with the standard
		// pattern's sizes, so accounting amounts keep the lakh/crore grouping.
		standard: "¤#,##,##0.00", accounting: "¤#,##0.00;(¤#,##0.00)",
	}},
	{id: "en-CA", parent: "en-001", minGrouping: 1, numbering: latnDotComma},
	{id: "zh-Hans", parent: "root", minGrouping: 1, numbering: latnDotComma},
	{id: "zh-Hant", parent: "root", minGrouping: 1, numbering: latnDotComma},
	{id: "ja", parent: "root", minGrouping: 1, numbering: latnDotComma},
	{id: "ko", parent: "root", minGrouping: 1, numbering: latnDotComma},
	{id: "de", parent: "root", minGrouping: 1, numbering: latnSuffixDot},
	{id: "fr", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: "\u202f", minus: "-",
		standard: "#,##0.00\u00a0¤", accounting: "#,##0.00\u00a0¤;(#,##0.00\u00a0¤)",
	}},
	{id: "es", parent: "root", minGrouping: 2, numbering: latnSuffixDot},
	// es-MX inherits from es through es-419; the es-419 symbols that matter
	// here are folded into its own table.
	{id: "es-MX", parent: "es", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ".", group: ",", minus: "-",
		standard: "¤#,##0.00", accounting: "¤#,##0.00",
	}},
	{id: "pt-BR", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: ".", minus: "-",
		standard: "¤\u00a0#,##0.00", accounting: "¤\u00a0#,##0.00",
	}},
	{id: "ru", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: "\u00a0", minus: "-",
		standard: "#,##0.00\u00a0¤", accounting: "#,##0.00\u00a0¤",
	}},
	// Arabic: CLDR's default numbering system for ar is arab (Arabic-Indic
	// digits ٠١٢٣٤٥٦٧٨٩, decimal separator U+066B, group separator U+066C)
	// and the minus sign is preceded by U+061C ARABIC LETTER MARK so that it
	// stays on the number's left in right-to-left text. The symbol follows
	// the number after a no-break space. Latin digits are not offered: a host
	// that wants them formats with another locale's data.
	{id: "ar", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "arab", zero: '\u0660', decimal: "\u066b", group: "\u066c", minus: "\u061c-",
		standard: "#,##0.00\u00a0¤", accounting: "#,##0.00\u00a0¤",
	}},
	{id: "hi", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ".", group: ",", minus: "-",
		standard: "¤#,##,##0.00", accounting: "¤#,##,##0.00",
	}},
	{id: "it", parent: "root", minGrouping: 1, numbering: latnSuffixDot},
	{id: "nl", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: ".", minus: "-",
		standard: "¤\u00a0#,##0.00;¤\u00a0-#,##0.00", accounting: "¤\u00a0#,##0.00;(¤\u00a0#,##0.00)",
	}},
	{id: "pl", parent: "root", minGrouping: 2, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: "\u00a0", minus: "-",
		standard: "#,##0.00\u00a0¤", accounting: "#,##0.00\u00a0¤;(#,##0.00\u00a0¤)",
	}},
	{id: "sv", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: "\u00a0", minus: "\u2212",
		standard: "#,##0.00\u00a0¤", accounting: "#,##0.00\u00a0¤",
	}},
	{id: "tr", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: ".", minus: "-",
		standard: "¤#,##0.00", accounting: "¤#,##0.00;(¤#,##0.00)",
		accountingAlpha: "#,##0.00\u00a0¤;(#,##0.00\u00a0¤)",
	}},
	{id: "id", parent: "root", minGrouping: 1, numbering: numberingData{
		system: "latn", zero: '0', decimal: ",", group: ".", minus: "-",
		standard: "¤#,##0.00", accounting: "¤#,##0.00",
	}},
	{id: "th", parent: "root", minGrouping: 1, numbering: latnDotComma},
	{id: "vi", parent: "root", minGrouping: 1, numbering: latnSuffixDot},
}

// symbolLayers are CLDR locales that only contribute symbols through
// inheritance; they are never chosen by the matcher.
var symbolLayers = [...]localeData{
	{id: "root"},
	{id: "en-001", parent: "en"},
}

// symbolNames are a currency's standard and narrow symbols in one locale;
// an empty string means "inherit".
type symbolNames struct {
	standard, narrow string
}

// currencySymbols maps a locale id to the symbols it defines itself. The
// tables cover USD EUR GBP CNY JPY KRW INR HKD TWD CAD AUD CHF RUB BRL SGD
// MXN, the home currencies of the supported locales (SEK PLN TRY IDR THB
// VND and the Gulf currencies in ar) and the narrow symbols root defines
// for them; every other currency is shown by its ISO code, as CLDR does for
// currencies without a symbol. Root entries are kept only where every
// supported locale either inherits them or overrides them here.
var currencySymbols = map[string]map[string]symbolNames{
	"root": {
		"AUD": {"A$", "$"},
		"BRL": {"R$", "R$"},
		"CAD": {"CA$", "$"},
		"CNY": {"CN¥", "¥"},
		"EUR": {"€", "€"},
		"GBP": {"£", "£"},
		"HKD": {"HK$", "$"},
		"INR": {"₹", "₹"},
		"JPY": {"JP¥", "¥"},
		"KRW": {"₩", "₩"},
		"MXN": {"MX$", "$"},
		"TWD": {"NT$", "NT$"},
		"USD": {"US$", "$"},
		"VND": {"₫", "₫"},
		// Narrow symbols only: the standard symbol is the ISO code.
		"DKK": {"", "kr"},
		"IDR": {"", "Rp"},
		"NOK": {"", "kr"},
		"PLN": {"", "zł"},
		"RUB": {"", "₽"},
		"SEK": {"", "kr"},
		"SGD": {"", "$"},
		"THB": {"", "฿"},
		"TRY": {"", "₺"},
		"UAH": {"", "₴"},
		"ZAR": {"", "R"},
	},
	"en": {
		"JPY": {"¥", ""},
		"TWD": {"", "$"},
		"USD": {"$", ""},
	},
	"en-001": {
		"JPY": {"JP¥", ""},
		"USD": {"US$", ""},
	},
	"en-IN": {
		"USD": {"$", ""},
	},
	"en-CA": {
		"CAD": {"$", ""},
	},
	"zh-Hans": {
		"AUD": {"AU$", ""},
		"CNY": {"¥", ""},
		"KRW": {"￦", ""},
	},
	"zh-Hant": {
		"AUD": {"AU$", ""},
		"JPY": {"¥", ""},
		"KRW": {"￦", ""},
		"TWD": {"$", "$"},
	},
	"ja": {
		"CNY": {"元", "￥"},
		"JPY": {"￥", "￥"},
		"TWD": {"", "$"},
		"USD": {"$", ""},
	},
	"ko": {
		"AUD": {"AU$", ""},
	},
	"de": {
		"AUD": {"AU$", ""},
		"JPY": {"¥", ""},
		"USD": {"$", ""},
	},
	"fr": {
		"AUD": {"$AU", ""},
		"CAD": {"$CA", ""},
		"CNY": {"CNY", ""},
		"GBP": {"£GB", ""},
		"HKD": {"HKD", ""},
		"JPY": {"JPY", ""},
		"MXN": {"$MX", ""},
		"SGD": {"$SG", ""},
		"TWD": {"TWD", "NT$"},
		"USD": {"$US", ""},
	},
	"es": {
		"AUD": {"AUD", ""},
		"BRL": {"BRL", ""},
		"CAD": {"CAD", ""},
		"CNY": {"CNY", ""},
		"GBP": {"GBP", ""},
		"HKD": {"HKD", ""},
		"INR": {"INR", ""},
		"JPY": {"JPY", ""},
		"KRW": {"KRW", ""},
		"MXN": {"MXN", ""},
		"TWD": {"TWD", ""},
		"USD": {"US$", ""},
	},
	"es-MX": {
		"EUR": {"EUR", ""},
		"MXN": {"$", ""},
		"USD": {"USD", ""},
	},
	"pt-BR": {
		"AUD": {"AU$", ""},
	},
	"ru": {
		"JPY": {"¥", ""},
		"RUB": {"₽", ""},
		"USD": {"$", ""},
	},
	// ar keeps the distinguishing prefix even in its narrow symbols.
	"ar": {
		"AED": {"د.إ.\u200f", ""},
		"AUD": {"AU$", "AU$"},
		"BHD": {"د.ب.\u200f", ""},
		"CAD": {"", "CA$"},
		"CNY": {"", "CN¥"},
		"EGP": {"ج.م.\u200f", ""},
		"GBP": {"UK£", "UK£"},
		"HKD": {"", "HK$"},
		"JOD": {"د.أ.\u200f", ""},
		"JPY": {"", "JP¥"},
		"KWD": {"د.ك.\u200f", ""},
		"MXN": {"", "MX$"},
		"OMR": {"ر.ع.\u200f", ""},
		"QAR": {"ر.ق.\u200f", ""},
		"SAR": {"ر.س.\u200f", ""},
		"TWD": {"", "NT$"},
		"USD": {"", "US$"},
	},
	"hi": {
		"USD": {"$", ""},
	},
	"it": {
		"BRL": {"BRL", ""},
		"HKD": {"HKD", ""},
		"JPY": {"JPY", ""},
		"KRW": {"KRW", ""},
		"MXN": {"MXN", ""},
		"TWD": {"TWD", ""},
		"USD": {"USD", ""},
	},
	"nl": {
		"AUD": {"AU$", ""},
		"CAD": {"C$", ""},
	},
	"pl": {
		"AUD": {"AUD", ""},
		"CAD": {"CAD", ""},
		"CNY": {"CNY", ""},
		"GBP": {"GBP", ""},
		"HKD": {"HKD", ""},
		"INR": {"INR", ""},
		"JPY": {"JPY", ""},
		"KRW": {"KRW", ""},
		"MXN": {"MXN", ""},
		"PLN": {"zł", ""},
		"TWD": {"TWD", ""},
		"USD": {"USD", ""},
		"VND": {"VND", ""},
	},
	"sv": {
		"AUD": {"AUD", ""},
		"BRL": {"BR$", ""},
		"CNY": {"CNY", ""},
		"GBP": {"GBP", ""},
		"HKD": {"HKD", ""},
		"INR": {"INR", ""},
		"JPY": {"JPY", ""},
		"KRW": {"KRW", ""},
		"SEK": {"kr", ""},
		"TWD": {"TWD", ""},
		"VND": {"VND", ""},
	},
	"tr": {
		"AUD": {"AU$", ""},
		"JPY": {"¥", ""},
		"TRY": {"₺", ""},
		"USD": {"$", ""},
	},
	"id": {
		"AUD": {"AU$", ""},
		"IDR": {"Rp", ""},
		"INR": {"Rs", ""},
	},
	"th": {
		"AUD": {"AU$", ""},
		"JPY": {"¥", ""},
		"THB": {"฿", ""},
	},
	"vi": {
		"AUD": {"AU$", ""},
	},
}
