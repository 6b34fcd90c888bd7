package faq_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/faq"
)

var (
	en   = language.English
	zh   = language.SimplifiedChinese
	zhTW = language.TraditionalChinese
)

// fixture returns a small KB: three published articles in English and
// Chinese, one draft.
func fixture(t *testing.T, opts faq.Options) *faq.KB {
	t.Helper()
	kb := faq.New(opts)
	err := kb.Put(
		faq.Article{ID: "refund-time", Category: "refunds", Status: faq.StatusPublished, Related: []string{"card-declined"},
			Translations: map[language.Tag]faq.Translation{
				en: {Title: "How long does a refund take?", Body: "Refunds reach your card in 5 to 10 business days. The merchant starts the refund.",
					Questions: []string{"when will I get my refund", "refund not received yet", "merchant refunded me but no money"}},
				zh: {Title: "退款需要多久？", Body: "退款通常在5到10个工作日内到账。退款由商家发起。",
					Questions: []string{"退款什么时候到账", "还没收到退款", "商家说已经退款了"}},
			}},
		faq.Article{ID: "card-declined", Category: "payments", Status: faq.StatusPublished, Tags: []string{"issuer response", "do not honor"},
			Translations: map[language.Tag]faq.Translation{
				en: {Title: "Why was my card payment declined?", Body: "A bank can decline a payment for insufficient balance or wrong card details.",
					Questions: []string{"my card was declined", "payment failed at checkout", "card rejected online"}},
				zh: {Title: "为什么银行卡支付被拒绝？", Body: "余额不足或卡信息错误时，银行可能拒绝支付。",
					Questions: []string{"付款被拒", "银行卡支付失败", "刷卡失败怎么办"}},
			}},
		faq.Article{ID: "exchange-rate", Category: "fees", Status: faq.StatusPublished,
			Translations: map[language.Tag]faq.Translation{
				en: {Title: "Which exchange rate do you use?", Body: "We convert at the mid-market rate plus a small, disclosed markup.",
					Questions: []string{"what rate do you use to convert currency", "exchange rate markup", "currency conversion fee"}},
			}},
		faq.Article{ID: "draft-article", Category: "payments", Status: faq.StatusDraft,
			Translations: map[language.Tag]faq.Translation{
				en: {Title: "Payment declined draft", Questions: []string{"declined declined declined"}},
			}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

func top(t *testing.T, kb *faq.KB, q faq.Query) (faq.Results, string) {
	t.Helper()
	res, err := kb.Search(q)
	if err != nil {
		t.Fatalf("Search(%q): %v", q.Text, err)
	}
	if len(res.Hits) == 0 {
		return res, ""
	}
	return res, res.Hits[0].ArticleID
}

func TestSearch(t *testing.T) {
	kb := fixture(t, faq.Options{})
	tests := []struct {
		name     string
		q        faq.Query
		want     string
		wantLang language.Tag
	}{
		{"english", faq.Query{Text: "my card payment was declined twice"}, "card-declined", en},
		{"typo", faq.Query{Text: "refnud not recieved"}, "refund-time", en},
		{"synonym", faq.Query{Text: "I want my money back"}, "refund-time", en},
		{"chinese by script", faq.Query{Text: "退款多久到账"}, "refund-time", zh},
		{"chinese synonym", faq.Query{Text: "退钱"}, "refund-time", zh},
		{"one chinese character", faq.Query{Text: "拒"}, "card-declined", zh},
		{"accept-language", faq.Query{Text: "支付失败", AcceptLanguage: "zh-CN,zh;q=0.9"}, "card-declined", zh},
		{"traditional chinese reader gets simplified", faq.Query{Text: "支付失败", Languages: []language.Tag{zhTW}}, "card-declined", zh},
		{"unknown language gets default", faq.Query{Text: "card declined", Languages: []language.Tag{language.Swahili}}, "card-declined", en},
		{"category filter", faq.Query{Text: "card declined refund", Categories: []string{"refunds"}}, "refund-time", en},
		{"fullwidth", faq.Query{Text: "ＥＸＣＨＡＮＧＥ ＲＡＴＥ"}, "exchange-rate", en},
		{"tags are searched", faq.Query{Text: "issuer response"}, "card-declined", en},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, got := top(t, kb, tc.q)
			if got != tc.want || res.Language != tc.wantLang {
				t.Errorf("Search(%q) = %q in %s, want %q in %s (%+v)", tc.q.Text, got, res.Language, tc.want, tc.wantLang, res.Hits)
			}
		})
	}
}

func TestSearchExcludesDrafts(t *testing.T) {
	kb := fixture(t, faq.Options{})
	res, _ := top(t, kb, faq.Query{Text: "declined declined declined", Limit: 10})
	for _, h := range res.Hits {
		if h.ArticleID == "draft-article" {
			t.Fatal("a draft article was returned")
		}
	}
	if _, err := kb.Article("draft-article"); err != nil {
		t.Errorf("drafts must stay readable by ID: %v", err)
	}
}

func TestSearchScoreAndSnippet(t *testing.T) {
	kb := fixture(t, faq.Options{})
	res, _ := top(t, kb, faq.Query{Text: "refund business days"})
	h := res.Hits[0]
	if h.Score <= 0 || h.Score > 1 {
		t.Errorf("score %v outside (0, 1]", h.Score)
	}
	if got := h.Snippet.Marked("[", "]"); got != "[Refunds] reach your card in 5 to 10 [business] [days]." {
		t.Errorf("snippet %q", got)
	}
	for _, limit := range []int{1, 2, 50} {
		res, _ := top(t, kb, faq.Query{Text: "card refund rate", Limit: limit})
		if len(res.Hits) > limit || len(res.Hits) == 0 {
			t.Errorf("limit %d: %d hits", limit, len(res.Hits))
		}
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Score > res.Hits[i-1].Score {
				t.Errorf("limit %d: hits not sorted by score: %+v", limit, res.Hits)
			}
		}
	}
	nonsense, _ := top(t, kb, faq.Query{Text: "zebra quantum umbrella"})
	if len(nonsense.Hits) > 0 && nonsense.Hits[0].Score >= h.Score {
		t.Errorf("nonsense scores %v, a real question %v", nonsense.Hits[0].Score, h.Score)
	}
	zhRes, _ := top(t, kb, faq.Query{Text: "退款到账"})
	if sn := zhRes.Hits[0].Snippet; len(sn.Highlights) == 0 {
		t.Errorf("chinese snippet without highlights: %+v", sn)
	}
}

func TestSearchBadInput(t *testing.T) {
	kb := fixture(t, faq.Options{})
	tests := []struct {
		name string
		text string
		err  error // nil: no error, possibly no hits
	}{
		{"empty", "", faq.ErrEmptyQuery},
		{"white space", " \t\n\u3000 ", faq.ErrEmptyQuery},
		{"control characters", "\x00\x01\x1b", faq.ErrEmptyQuery},
		{"100 KB", strings.Repeat("refund ", 100<<10/7), faq.ErrQueryTooLong},
		{"invalid UTF-8", "refund \xff\xfe", faq.ErrInvalidQuery},
		{"punctuation", "?!?", nil},
		{"mixed scripts", "refund 退款 возврат रिफंड", nil},
		{"control inside", "refund\x00time", nil},
		{"long word", strings.Repeat("a", faq.MaxQueryBytes), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := kb.Search(faq.Query{Text: tc.text})
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			var qe *faq.QueryError
			if tc.err != nil && (!errors.As(err, &qe) || !strings.HasPrefix(err.Error(), "faq: ")) {
				t.Errorf("error %v is not a *QueryError with a faq: prefix", err)
			}
		})
	}
}

func TestPutValidation(t *testing.T) {
	good := func() faq.Article {
		return faq.Article{ID: "new", Status: faq.StatusPublished,
			Translations: map[language.Tag]faq.Translation{en: {Title: "New"}}}
	}
	tests := []struct {
		name   string
		mutate func(a *faq.Article)
		field  string
	}{
		{"empty ID", func(a *faq.Article) { a.ID = "" }, "id"},
		{"bad ID", func(a *faq.Article) { a.ID = "a b" }, "id"},
		{"bad status", func(a *faq.Article) { a.Status = "live" }, "status"},
		{"no translation", func(a *faq.Article) { a.Translations = nil }, "translations"},
		{"no title or question", func(a *faq.Article) { a.Translations[en] = faq.Translation{Body: "x"} }, "translations[en]"},
		{"invalid UTF-8", func(a *faq.Article) { a.Translations[en] = faq.Translation{Title: "\xff"} }, "translations[en].title"},
		{"control char", func(a *faq.Article) { a.Translations[en] = faq.Translation{Title: "a\x00"} }, "translations[en].title"},
		{"empty question", func(a *faq.Article) { a.Translations[en] = faq.Translation{Title: "t", Questions: []string{" "}} }, "translations[en].questions[0]"},
		{"unknown related", func(a *faq.Article) { a.Related = []string{"nope"} }, "related[0]"},
		{"self related", func(a *faq.Article) { a.Related = []string{"new"} }, "related[0]"},
		{"undetermined language", func(a *faq.Article) { a.Translations = map[language.Tag]faq.Translation{language.Und: {Title: "x"}} }, "translations[und]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kb := fixture(t, faq.Options{})
			before := kb.Len()
			a := good()
			tc.mutate(&a)
			err := kb.Put(a)
			var ae *faq.ArticleError
			if !errors.Is(err, faq.ErrInvalidArticle) || !errors.As(err, &ae) || ae.Field != tc.field {
				t.Fatalf("Put: %v, want an *ArticleError on %s", err, tc.field)
			}
			if kb.Len() != before {
				t.Errorf("a failed Put changed the KB")
			}
		})
	}
	kb := fixture(t, faq.Options{})
	if err := kb.Put(good(), good()); !errors.Is(err, faq.ErrInvalidArticle) {
		t.Errorf("duplicate IDs in one Put: %v", err)
	}
}

func TestPutReplaceAndDelete(t *testing.T) {
	kb := fixture(t, faq.Options{})
	if err := kb.Delete("card-declined"); !errors.Is(err, faq.ErrInvalidArticle) {
		t.Errorf("deleting a related article: %v", err)
	}
	if err := kb.Delete("nope"); !errors.Is(err, faq.ErrArticleNotFound) {
		t.Errorf("deleting an unknown article: %v", err)
	}
	if err := kb.Delete("refund-time", "card-declined"); err != nil {
		t.Fatal(err)
	}
	if _, got := top(t, kb, faq.Query{Text: "card declined"}); got == "card-declined" {
		t.Error("a deleted article is still found")
	}
	a, err := kb.Article("exchange-rate")
	if err != nil {
		t.Fatal(err)
	}
	tr := a.Translations[en]
	tr.Title = "Exchange rates and the weekend markup"
	a.Translations[en] = tr
	if err := kb.Put(a); err != nil {
		t.Fatal(err)
	}
	res, got := top(t, kb, faq.Query{Text: "weekend"})
	if got != "exchange-rate" || res.Hits[0].Title != tr.Title {
		t.Errorf("replaced article not searchable: %+v", res.Hits)
	}
	// The KB keeps its own copy.
	tr.Title = "changed after Put"
	a.Translations[en] = tr
	if b, _ := kb.Article("exchange-rate"); b.Translations[en].Title == "changed after Put" {
		t.Error("the KB shares memory with the caller's Article")
	}
}

func TestLocalized(t *testing.T) {
	kb := fixture(t, faq.Options{})
	tests := []struct {
		id    string
		prefs []language.Tag
		want  language.Tag
	}{
		{"refund-time", []language.Tag{language.MustParse("zh-CN")}, zh},
		{"refund-time", []language.Tag{language.German}, en},
		{"exchange-rate", []language.Tag{zh}, en}, // no Chinese translation: default
		{"refund-time", nil, en},
	}
	for _, tc := range tests {
		l, err := kb.Localized(tc.id, tc.prefs...)
		if err != nil || l.Language != tc.want {
			t.Errorf("Localized(%s, %v) = %s, %v; want %s", tc.id, tc.prefs, l.Language, err, tc.want)
		}
	}
	if _, err := kb.Localized("nope"); !errors.Is(err, faq.ErrArticleNotFound) {
		t.Errorf("unknown article: %v", err)
	}
}

func TestVotes(t *testing.T) {
	kb := fixture(t, faq.Options{VotePrior: 1})
	if _, err := kb.Vote("nope", "v", true, en); !errors.Is(err, faq.ErrArticleNotFound) {
		t.Errorf("vote for unknown article: %v", err)
	}
	q := faq.Query{Text: "card refund", Limit: 2}
	before, _ := top(t, kb, q)
	for i := range 50 {
		voter := fmt.Sprintf("customer-%d", i)
		if _, err := kb.Vote(before.Hits[1].ArticleID, voter, true, en); err != nil {
			t.Fatal(err)
		}
		if _, err := kb.Vote(before.Hits[0].ArticleID, voter, false, en); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := top(t, kb, q)
	if after.Hits[1].Score/after.Hits[0].Score <= before.Hits[1].Score/before.Hits[0].Score &&
		after.Hits[0].ArticleID == before.Hits[0].ArticleID {
		t.Errorf("votes had no effect: %+v → %+v", before.Hits, after.Hits)
	}
	counts := kb.VoteCounts()
	if len(counts) != 2 || counts[0].Helpful+counts[0].NotHelpful != 50 {
		t.Fatalf("counts %+v", counts)
	}
	ballots := kb.Ballots()
	if len(ballots) != 100 {
		t.Fatalf("%d ballots, want 100", len(ballots))
	}
	fresh := fixture(t, faq.Options{})
	if err := fresh.RestoreVotes(ballots); err != nil {
		t.Fatal(err)
	}
	if got := fresh.VoteCounts(); len(got) != 2 || got[0] != counts[0] || got[1] != counts[1] {
		t.Errorf("restored %+v, want %+v", got, counts)
	}
	for name, bad := range map[string][]faq.Ballot{
		"duplicate voter": append(slices.Clone(ballots), ballots[0]),
		"empty voter":     {{ArticleID: "x", Language: en}},
		"bad article":     {{ArticleID: "a b", Voter: "v", Language: en}},
	} {
		var ve *faq.VoteError
		if err := fresh.RestoreVotes(bad); !errors.Is(err, faq.ErrInvalidVote) || !errors.As(err, &ve) {
			t.Errorf("%s: RestoreVotes = %v, want *VoteError", name, err)
		}
	}
	if got := fresh.VoteCounts(); len(got) != 2 || len(fresh.Ballots()) != 100 {
		t.Errorf("a failed restore changed the counts: %+v", got)
	}
}

// Regression (issue 14): Vote(id, zh-CN) failed with "has no zh-CN
// translation" although Search accepted zh-CN, and one customer could vote
// an article up without limit.
func TestVoteNegotiatesAndCountsOncePerVoter(t *testing.T) {
	kb := fixture(t, faq.Options{})
	for _, tc := range []struct {
		id    string
		prefs []language.Tag
		want  language.Tag
	}{
		{"refund-time", []language.Tag{language.MustParse("zh-CN")}, zh},
		{"refund-time", []language.Tag{language.MustParse("en-GB")}, en},
		{"exchange-rate", []language.Tag{language.MustParse("zh-CN")}, en}, // no Chinese translation: its fallback
		{"refund-time", nil, en}, // no preference: the default language
	} {
		l, err := kb.Localized(tc.id, tc.prefs...)
		if err != nil || l.Language != tc.want {
			t.Fatalf("Localized(%s, %v) = %s, %v; want %s", tc.id, tc.prefs, l.Language, err, tc.want)
		}
		got, err := kb.Vote(tc.id, "ann", true, tc.prefs...)
		if err != nil || got != tc.want {
			t.Errorf("Vote(%s, %v) = %s, %v; want %s like Localized", tc.id, tc.prefs, got, err, tc.want)
		}
	}
	kb = fixture(t, faq.Options{})
	zhCN := language.MustParse("zh-CN")
	for range 5 {
		if _, err := kb.Vote("refund-time", "ann", true, zhCN); err != nil {
			t.Fatal(err)
		}
	}
	if got := kb.VoteCounts(); len(got) != 1 || got[0] != (faq.VoteCount{ArticleID: "refund-time", Language: zh, Helpful: 1}) {
		t.Fatalf("five votes by one voter: %+v, want one helpful", got)
	}
	// Changing one's mind replaces the ballot, also across languages.
	if _, err := kb.Vote("refund-time", "ann", false, en); err != nil {
		t.Fatal(err)
	}
	if _, err := kb.Vote("refund-time", "bob", true, zhCN); err != nil {
		t.Fatal(err)
	}
	want := []faq.VoteCount{{ArticleID: "refund-time", Language: en, NotHelpful: 1}, {ArticleID: "refund-time", Language: zh, Helpful: 1}}
	if got := kb.VoteCounts(); !slices.Equal(got, want) {
		t.Fatalf("after ann changed her vote: %+v, want %+v", got, want)
	}
	wantB := []faq.Ballot{{ArticleID: "refund-time", Voter: "ann", Language: en}, {ArticleID: "refund-time", Voter: "bob", Language: zh, Helpful: true}}
	if got := kb.Ballots(); !slices.Equal(got, wantB) {
		t.Fatalf("Ballots = %+v, want %+v", got, wantB)
	}
	// An empty or invalid voter is a typed error and changes nothing.
	for _, voter := range []string{"", "  ", "\xff", strings.Repeat("v", faq.MaxVoterBytes+1)} {
		var ve *faq.VoteError
		if _, err := kb.Vote("refund-time", voter, true, en); !errors.As(err, &ve) || !errors.Is(err, faq.ErrInvalidVote) {
			t.Errorf("Vote(voter %q) = %v, want *VoteError", voter, err)
		}
	}
	if got := kb.VoteCounts(); !slices.Equal(got, want) {
		t.Fatalf("refused votes changed the counts: %+v", got)
	}
}

func TestSuggest(t *testing.T) {
	kb := fixture(t, faq.Options{})
	tests := []struct {
		text string
		want string // first suggestion
	}{
		{"how long", "How long does a refund take?"},
		{"refund not rec", "refund not received yet"},
		{"declined ca", "Why was my card payment declined?"},
		{"payment fail", "payment failed at checkout"},
		{"退款", "退款需要多久？"},
	}
	for _, tc := range tests {
		got, err := kb.Suggest(faq.SuggestQuery{Text: tc.text})
		if err != nil || len(got) == 0 || got[0].Text != tc.want {
			t.Errorf("Suggest(%q) = %+v, %v; want first %q", tc.text, got, err, tc.want)
		}
	}
	if got, err := kb.Suggest(faq.SuggestQuery{Text: "  "}); err != nil || len(got) != 0 {
		t.Errorf("empty suggest: %v, %v", got, err)
	}
	if _, err := kb.Suggest(faq.SuggestQuery{Text: "\xff"}); !errors.Is(err, faq.ErrInvalidQuery) {
		t.Errorf("invalid suggest: %v", err)
	}
}

// TestConcurrentUpdates searches while articles are replaced and deleted;
// run with -race.
func TestConcurrentUpdates(t *testing.T) {
	kb := fixture(t, faq.Options{VotePrior: 0.1})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := kb.Search(faq.Query{Text: "card declined refund"})
				if err != nil {
					t.Error(err)
					return
				}
				for _, h := range res.Hits {
					if h.ArticleID == "" {
						t.Error("empty hit")
					}
				}
				_, _ = kb.Suggest(faq.SuggestQuery{Text: "card"})
				_, _ = kb.Vote("exchange-rate", "voter", true, en)
			}
		}()
	}
	extra := faq.Article{ID: "extra", Status: faq.StatusPublished,
		Translations: map[language.Tag]faq.Translation{en: {Title: "Card declined abroad", Questions: []string{"card declined abroad"}}}}
	for range 20 {
		if err := kb.Put(extra); err != nil {
			t.Fatal(err)
		}
		if err := kb.Delete("extra"); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

// Regression (issue 14): an article with an empty Status was refused by Put;
// it is now stored and searched as published.
func TestPutEmptyStatusDefaultsToPublished(t *testing.T) {
	kb := faq.New(faq.Options{})
	a := faq.Article{ID: "no-status", Category: "account",
		Translations: map[language.Tag]faq.Translation{en: {Title: "Close your account", Body: "Open settings and choose close account."}}}
	if err := a.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if err := kb.Put(a); err != nil {
		t.Fatalf("Put: %v", err)
	}
	got, err := kb.Article("no-status")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != faq.StatusPublished {
		t.Fatalf("Status = %q, want %q", got.Status, faq.StatusPublished)
	}
	res, err := kb.Search(faq.Query{Text: "close account", Languages: []language.Tag{en}})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].ArticleID != "no-status" {
		t.Fatalf("Search = %+v, %v; want the article found", res.Hits, err)
	}
	// A status that is not empty and not defined is still refused.
	a.Status = "live"
	var ae *faq.ArticleError
	if err := kb.Put(a); !errors.As(err, &ae) || ae.Field != "status" {
		t.Fatalf("Put(status live) = %v, want *ArticleError on status", err)
	}
}
