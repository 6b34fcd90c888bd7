package faq_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"sort"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

// offerChat is the score below which the docs advise offering live chat
// (Result.Score).
const offerChat = 0.2

// TestCrossLanguageHeldOut runs testdata/crosslang_heldout.csv against the
// built-in KB: questions by customers preferring zh-TW, zh-CN, ja, en, ko
// and fr, in their language or another, written for this test and never
// used to tune. A row should either answer with its article first or score
// below the offer-live-chat threshold (off-topic rows, with no article, must
// score below it); the rest are confident wrong answers. Top-1 per language
// and the confident wrong answers are logged and pinned at the figures
// measured when the per-article fallback was written (2 of 44 confident
// wrong: 電子郵件, the Traditional word for e-mail, is not in the
// Simplified articles; 这周末天气好吗 matches 周末 of the cut-off-times
// article).
func TestCrossLanguageHeldOut(t *testing.T) {
	kb, err := builtinKB()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/crosslang_heldout.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, correct, low, wrong int }
	wrong := 0
	by := map[string]*tally{}
	for _, r := range rows[1:] {
		prefs, text, want := r[0], r[1], r[2]
		res, err := kb.Search(faq.Query{Text: text, Languages: []language.Tag{language.MustParse(prefs)}, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		tl := by[prefs]
		if tl == nil {
			tl = &tally{}
			by[prefs] = tl
		}
		tl.n++
		top, score := "", 0.0
		if len(res.Hits) > 0 {
			top, score = res.Hits[0].ArticleID, res.Hits[0].Score
		}
		switch {
		case want != "" && top == want:
			tl.correct++
		case score < offerChat:
			tl.low++
		default:
			tl.wrong++
			wrong++
			t.Logf("confident wrong: %s %q: %s (%s) scores %.3f ≥ %.1f, want %q or a low score", prefs, text, top, res.Hits[0].Language, score, offerChat, want)
		}
	}
	// Measured when the test was written (top-1 correct of all rows,
	// off-topic rows included in the count): see CHANGELOG.
	floors := map[string]float64{"zh-TW": 0.77, "zh-CN": 0.85, "ja": 0.70, "en": 0.85, "ko": 1, "fr": 1}
	langs := make([]string, 0, len(by))
	for l := range by {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		tl := by[l]
		acc := float64(tl.correct) / float64(tl.n)
		t.Logf("%-5s rows=%2d correct=%2d below-threshold=%2d confident-wrong=%d top1=%.3f", l, tl.n, tl.correct, tl.low, tl.wrong, acc)
		if acc < floors[l] {
			t.Errorf("%s: top-1 %.3f below the %.2f floor", l, acc, floors[l])
		}
	}
	if wrong > 2 {
		t.Errorf("%d confident wrong answers, at most 2", wrong)
	}
}

// TestCrossLanguageIssueCases pins the cases of issue 14 with the language
// each hit is served in.
func TestCrossLanguageIssueCases(t *testing.T) {
	kb, err := builtinKB()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		prefs        string
		text         string
		want         string
		wantLang     language.Tag
		wantSearched language.Tag
	}{
		// zh-TW customer, article without zh-Hant: found in zh-Hans (folded T→S).
		{"zh-TW", "我想註銷帳戶", "close-account", language.SimplifiedChinese, language.TraditionalChinese},
		// zh-TW customer, article with zh-Hant: served natively.
		{"zh-TW", "退款多久會入帳", "refund-how-long", language.TraditionalChinese, language.TraditionalChinese},
		// Japanese-preferring customer typing English: English.
		{"ja", "how do I close my account", "close-account", language.English, language.English},
		// English-preferring customer typing Chinese: Chinese.
		{"en", "我想注销账户", "close-account", language.SimplifiedChinese, language.SimplifiedChinese},
	} {
		res, err := kb.Search(faq.Query{Text: tc.text, Languages: []language.Tag{language.MustParse(tc.prefs)}, Limit: 3})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%s %q: %v, %v", tc.prefs, tc.text, res, err)
		}
		h := res.Hits[0]
		if h.ArticleID != tc.want || h.Language != tc.wantLang || h.Score < offerChat || res.Language != tc.wantSearched {
			t.Errorf("%s %q: first %s in %s at %.3f (searched %s), want %s in %s above %.1f (searched %s)",
				tc.prefs, tc.text, h.ArticleID, h.Language, h.Score, res.Language, tc.want, tc.wantLang, offerChat, tc.wantSearched)
		}
	}
}

// TestFallbackRanksBelowNative checks that of two equally good answers the
// one in the customer's language ranks first, and that each hit names its
// language.
func TestFallbackRanksBelowNative(t *testing.T) {
	kb := faq.New(faq.Options{})
	tr := faq.Translation{Title: "退款多久到账", Body: "退款通常五到十个工作日到账。"}
	tw := faq.Translation{Title: "退款多久到賬", Body: "退款通常五到十個工作日到賬。"}
	err := kb.Put(
		faq.Article{ID: "a-fallback", Translations: map[language.Tag]faq.Translation{zh: tr, en: {Title: "Refund time"}}},
		faq.Article{ID: "b-native", Translations: map[language.Tag]faq.Translation{zhTW: tw, en: {Title: "Refund time again"}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	res, err := kb.Search(faq.Query{Text: "退款多久到賬", Languages: []language.Tag{language.MustParse("zh-TW")}})
	if err != nil || len(res.Hits) != 2 {
		t.Fatalf("%+v, %v", res, err)
	}
	got := fmt.Sprintf("%s/%s %s/%s", res.Hits[0].ArticleID, res.Hits[0].Language, res.Hits[1].ArticleID, res.Hits[1].Language)
	if got != "b-native/zh-Hant a-fallback/zh-Hans" || res.Hits[0].Score <= res.Hits[1].Score {
		t.Fatalf("hits %s (%.3f, %.3f), want the native answer first", got, res.Hits[0].Score, res.Hits[1].Score)
	}
}

// TestSmallKBStopWordsStayLow is the issue's small custom KB: a question
// sharing only common words ("what", "the") with the articles must score
// below the offer-live-chat threshold, while the KB's own questions still
// answer above it.
func TestSmallKBStopWordsStayLow(t *testing.T) {
	kb := faq.New(faq.Options{})
	art := func(id, title, body string, qs ...string) faq.Article {
		return faq.Article{ID: id, Translations: map[language.Tag]faq.Translation{en: {Title: title, Body: body, Questions: qs}}}
	}
	err := kb.Put(
		art("opening-hours", "What are the opening hours of the shop?", "The shop is open from nine to five on weekdays.", "when is the shop open", "what time do you open"),
		art("delivery", "What is the delivery time?", "The parcel arrives within three days of the order.", "when will my parcel arrive", "how long is shipping"),
		art("returns", "How do I return an item?", "Send the item back within thirty days for a full refund.", "can I send it back", "what is the return policy"),
		art("payment", "Which payment methods do you accept?", "We accept cards, bank transfer and the wallet.", "can I pay by card", "what are the payment options"),
		art("gift-cards", "How do gift cards work?", "A gift card is valid for one year from the date of purchase.", "when does my gift card expire", "what is the gift card balance"),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"what's the weather tomorrow", "what is the meaning of life", "who is the president", "tell me the time in Tokyo"} {
		res, err := kb.Search(faq.Query{Text: q, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) > 0 && res.Hits[0].Score >= offerChat {
			t.Errorf("%q: %s scores %.3f, want below %.1f", q, res.Hits[0].ArticleID, res.Hits[0].Score, offerChat)
		}
	}
	for q, want := range map[string]string{"when does the shop open": "opening-hours", "how long does shipping take": "delivery",
		"can I return my item": "returns", "do you accept bank transfer": "payment", "gift card expiry": "gift-cards"} {
		res, err := kb.Search(faq.Query{Text: q, Limit: 1})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ArticleID != want || res.Hits[0].Score < offerChat {
			t.Errorf("%q: %+v, %v; want %s above %.1f", q, res.Hits, err, want, offerChat)
		}
	}

	// Titles and bodies only, no alternate questions (text match alone).
	// Before calibration "what is the meaning of life" scored 0.30 here on
	// "what", "is" and "the".
	kb = faq.New(faq.Options{})
	plain := func(id, title, body string) faq.Article {
		return faq.Article{ID: id, Translations: map[language.Tag]faq.Translation{en: {Title: title, Body: body}}}
	}
	err = kb.Put(
		plain("fees", "What are the fees?", "A transfer costs 1% of the amount, at least 0.50."),
		plain("limits", "What is the daily limit?", "You can send up to 5,000 a day."),
		plain("refunds", "How do refunds work?", "Refunds reach your card in 5 to 10 business days."),
		plain("cards", "Which cards do you accept?", "Visa, Mastercard and American Express."),
		plain("support", "How to contact support", "Write to us in the app; we answer within a day."),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"what's the weather tomorrow", "what is the meaning of life", "how is the weather"} {
		res, err := kb.Search(faq.Query{Text: q, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) > 0 && res.Hits[0].Score >= offerChat {
			t.Errorf("titles only, %q: %s scores %.3f, want below %.1f", q, res.Hits[0].ArticleID, res.Hits[0].Score, offerChat)
		}
	}
	for q, want := range map[string]string{"how much are the fees": "fees", "what is the limit per day": "limits", "when will my refund arrive": "refunds"} {
		res, err := kb.Search(faq.Query{Text: q, Limit: 1})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ArticleID != want {
			t.Errorf("titles only, %q: %+v, %v; want %s first", q, res.Hits, err, want)
		}
	}
}

// TestLocalizedFollowsSearch checks that Localized and Vote serve an
// article in the language Search found it in.
func TestLocalizedFollowsSearch(t *testing.T) {
	kb, err := faq.Builtin(faq.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		prefs, text string
	}{
		{"zh-TW", "我想註銷帳戶"}, {"zh-TW", "退款多久會入帳"}, {"zh-CN", "退款多久到账"}, {"en", "how do I close my account"},
		{"ja", "返金はいつ戻りますか"}, {"fr", "my card was declined"},
	} {
		prefs := []language.Tag{language.MustParse(tc.prefs)}
		res, err := kb.Search(faq.Query{Text: tc.text, Languages: prefs, Limit: 1})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%s %q: %v %v", tc.prefs, tc.text, res, err)
		}
		h := res.Hits[0]
		l, err := kb.Localized(h.ArticleID, prefs...)
		if err != nil || l.Language != h.Language {
			t.Errorf("%s %q: Search served %s in %s, Localized %s (%v)", tc.prefs, tc.text, h.ArticleID, h.Language, l.Language, err)
		}
		got, err := kb.Vote(h.ArticleID, "v", true, prefs...)
		if err != nil || got != h.Language {
			t.Errorf("%s %q: Vote credited %s (%v), want %s", tc.prefs, tc.text, got, err, h.Language)
		}
	}
}
