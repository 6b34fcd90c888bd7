package diagnose_test

import (
	"encoding/json"
	"errors"
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

var langs = []language.Tag{language.English, language.SimplifiedChinese, language.TraditionalChinese}

// stripeCodes are the card decline codes as Stripe documents them; the
// built-in table must cover every one.
var stripeCodes = strings.Fields(`approve_with_id call_issuer card_not_supported card_velocity_exceeded
	currency_not_supported do_not_honor do_not_try_again duplicate_transaction expired_card fraudulent
	generic_decline incorrect_number incorrect_cvc incorrect_pin incorrect_zip insufficient_funds
	invalid_account invalid_amount invalid_cvc invalid_expiry_month invalid_expiry_year invalid_number
	invalid_pin issuer_not_available lost_card merchant_blacklist new_account_information_available
	no_action_taken not_permitted offline_pin_required online_or_offline_pin_required pickup_card
	pin_try_exceeded processing_error reenter_transaction restricted_card revocation_of_all_authorizations
	revocation_of_authorization security_violation service_not_allowed stolen_card stop_payment_order
	testmode_decline transaction_not_allowed try_again_later withdrawal_count_limit_exceeded
	authentication_required`)

var mustHide = []string{"fraudulent", "lost_card", "stolen_card", "pickup_card", "restricted_card", "merchant_blacklist"}

func TestBuiltinDeclinesCoverStripe(t *testing.T) {
	table := diagnose.DefaultDeclines()
	for _, code := range stripeCodes {
		d, err := table.Lookup(code)
		require.NoError(t, err, code)
		assert.True(t, d.Known(), code)
		assert.Equal(t, code, d.Code())
	}
	for _, code := range mustHide {
		d, _ := table.Lookup(code)
		assert.True(t, d.Rule().Sensitive, code)
	}
}

// Every finding of every built-in rule renders in every language, with no
// key rendering as itself and no unfilled argument.
func TestDeclineTextsInAllLanguages(t *testing.T) {
	msgs := diagnose.DefaultMessages()
	table := diagnose.DefaultDeclines()
	unknown, _ := table.Lookup("brand_new_code")
	decls := []diagnose.Decline{unknown}
	for _, r := range table.Rules() {
		d, err := table.Lookup(r.Code)
		require.NoError(t, err)
		decls = append(decls, d)
	}
	for _, d := range decls {
		for _, f := range []diagnose.Finding{d.ForCustomer(), d.ForAgent()} {
			checkRenders(t, msgs, f)
		}
	}
}

func checkRenders(t *testing.T, msgs *diagnose.Messages, f diagnose.Finding) {
	t.Helper()
	en := msgs.Explain(f, language.English)
	for _, lang := range langs {
		e := msgs.Explain(f, lang)
		assert.Equal(t, lang, e.Language)
		for _, s := range []string{e.Text, e.NextStep, e.RetryText} {
			assert.False(t, strings.HasPrefix(s, "diagnose."), "%s %s: key not translated: %s", lang, f.Cause, s)
			assert.NotContains(t, s, "%!", "%s %s", lang, f.Cause)
		}
		assert.NotEmpty(t, e.Text, f.Cause)
		assert.NotEmpty(t, e.NextStep, f.Cause)
		assert.Equal(t, f.Retry.IsValid(), e.RetryText != "", f.Cause)
		assert.NotEmpty(t, e.Articles, f.Cause)
		if lang != language.English {
			assert.NotEqual(t, en.Text, e.Text, "%s %s is the English text", lang, f.Cause)
		}
	}
}

// A sensitive code's customer view is exactly the generic decline's, in
// every language: nothing of the cause, the code or its article leaks.
func TestSensitiveCodesNeverRevealed(t *testing.T) {
	msgs := diagnose.DefaultMessages()
	table := diagnose.DefaultDeclines()
	generic, _ := table.Lookup("never_heard_of_it")
	for _, r := range table.Rules() {
		if !r.Sensitive {
			continue
		}
		d, _ := table.Lookup(r.Code)
		c := d.ForCustomer()
		assert.Equal(t, generic.ForCustomer(), c, r.Code)
		assert.Empty(t, c.Code)
		for _, lang := range langs {
			e := msgs.Explain(c, lang)
			all := strings.Join(append([]string{e.Text, e.NextStep, e.RetryText}, e.Articles...), " ")
			for _, leak := range []string{r.Code, string(r.Cause), "fraud", "stolen", "lost", "欺诈", "盗", "挂失", "欺詐", "盜", "掛失", "blacklist", "黑名单"} {
				assert.NotContains(t, strings.ToLower(all), leak, "%s in %s", r.Code, lang)
			}
		}
		a := d.ForAgent()
		assert.Equal(t, r.Cause, a.Cause)
		assert.Equal(t, r.Code, a.Code)
		assert.Equal(t, c, d.For(support.RoleCustomer))
		assert.Equal(t, a, d.For(support.RoleAgent))
	}
}

func TestArticlesExist(t *testing.T) {
	arts, err := faq.BuiltinArticles()
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, a := range arts {
		ids[a.ID] = true
	}
	check := func(what string, f diagnose.Finding) {
		for _, id := range []string{f.Article, f.SeeAlso} {
			if id != "" {
				assert.True(t, ids[id], "%s names article %q, which the built-in knowledge base lacks", what, id)
			}
		}
	}
	table := diagnose.DefaultDeclines()
	for _, r := range table.Rules() {
		d, _ := table.Lookup(r.Code)
		check(r.Code, d.ForCustomer())
		check(r.Code, d.ForAgent())
	}
	locks := diagnose.DefaultLocks()
	for _, r := range locks.Rules() {
		l, _ := locks.Lookup(r.Reason)
		check(r.Reason, l.ForCustomer())
		check(r.Reason, l.ForAgent())
	}
	for _, w := range diagnose.BuiltinWindows() {
		check(string(w.Method), diagnose.Finding{Article: w.Article, SeeAlso: w.SeeAlso})
	}
	check("unauthorized", diagnose.UnauthorizedFinding("x"))
	check("delay", diagnose.Delay{}.ForCustomer())
}

func TestLookupNormalizes(t *testing.T) {
	table := diagnose.DefaultDeclines()
	for _, in := range []string{"insufficient_funds", " Insufficient-Funds ", "INSUFFICIENT FUNDS",
		"card_declined: insufficient_funds", "card_declined:insufficient_funds", "insufficient__funds", "insufficient - funds"} {
		d, err := table.Lookup(in)
		require.NoError(t, err, in)
		assert.Equal(t, "insufficient_funds", d.Code(), in)
		assert.True(t, d.Known(), in)
	}
}

func TestLookupBadInput(t *testing.T) {
	table := diagnose.DefaultDeclines()
	for _, in := range []string{"", "  ", "9lives", "a:b:c", "bad prefix!: insufficient_funds", "dö_not_honor",
		"code;drop", strings.Repeat("a", diagnose.MaxCodeBytes+1), "x\x00"} {
		d, err := table.Lookup(in)
		require.Error(t, err, "%q", in)
		assert.ErrorIs(t, err, support.ErrInvalidInput)
		assert.ErrorIs(t, err, diagnose.ErrInvalidCode, "%q", in)
		var ie *support.InputError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, "decline_code", ie.Field)
		// Still a safe answer to show.
		assert.Equal(t, diagnose.CauseDeclined, d.ForCustomer().Cause)
		assert.False(t, d.Known())
	}
	_, err := table.Lookup(strings.Repeat(" ", diagnose.MaxInputBytes+1))
	assert.ErrorIs(t, err, support.ErrTooLong)
	var zero diagnose.Decline
	assert.Equal(t, diagnose.CauseDeclined, zero.ForCustomer().Cause)
	assert.Equal(t, diagnose.CauseUnknownDecline, zero.ForAgent().Cause)
}

func TestUnknownCodeIsSafe(t *testing.T) {
	d, err := diagnose.DefaultDeclines().Lookup("Processor-Specific-42")
	require.NoError(t, err)
	assert.False(t, d.Known())
	assert.Equal(t, "processor_specific_42", d.Code())
	c, a := d.ForCustomer(), d.ForAgent()
	assert.Equal(t, diagnose.CauseDeclined, c.Cause)
	assert.Empty(t, c.Code)
	assert.Equal(t, diagnose.CauseUnknownDecline, a.Cause)
	assert.Equal(t, "processor_specific_42", a.Code)
	e := diagnose.DefaultMessages().Explain(a, language.English)
	assert.Contains(t, e.Text, "processor_specific_42")
}

func TestHostRules(t *testing.T) {
	table, err := diagnose.NewDeclines(
		diagnose.DeclineRule{Code: "insufficient_funds", Cause: diagnose.CauseInsufficientFunds, Retry: diagnose.RetryLater, Wait: 3 * 24 * time.Hour, Article: "top-up"},
		diagnose.DeclineRule{Code: "acme_velocity", Cause: diagnose.CauseCardLimit, Retry: diagnose.RetryNever, Sensitive: true},
	)
	require.NoError(t, err)
	d, _ := table.Lookup("insufficient_funds")
	assert.Equal(t, diagnose.RetryLater, d.ForCustomer().Retry)
	assert.Equal(t, "top-up", d.ForCustomer().Article)
	e := diagnose.DefaultMessages().Explain(d.ForCustomer(), language.English)
	assert.Equal(t, "You can try again in 3 days.", e.RetryText)
	d, _ = table.Lookup("acme-velocity")
	assert.True(t, d.Known())
	assert.Equal(t, diagnose.CauseDeclined, d.ForCustomer().Cause)
	assert.Equal(t, "card-payment-declined", d.ForAgent().Article)
	// The default table is untouched.
	d, _ = diagnose.DefaultDeclines().Lookup("insufficient_funds")
	assert.Equal(t, diagnose.RetryAfterFix, d.ForCustomer().Retry)

	for _, bad := range []diagnose.DeclineRule{
		{Code: "Bad Code", Cause: "x", Retry: diagnose.RetryNever},
		{Code: "ok", Cause: "Bad", Retry: diagnose.RetryNever},
		{Code: "ok", Cause: "x"},
		{Code: "ok", Cause: "x", Retry: diagnose.RetryNow, Wait: time.Minute},
		{Code: "ok", Cause: "x", Retry: diagnose.RetryLater, Wait: -time.Minute},
		{Code: "ok", Cause: "x", Retry: diagnose.RetryNever, Article: "no spaces"},
	} {
		_, err := diagnose.NewDeclines(bad)
		assert.ErrorIs(t, err, diagnose.ErrInvalidRule, "%+v", bad)
		var re *diagnose.RuleError
		assert.True(t, errors.As(err, &re))
	}
	r := diagnose.DeclineRule{Code: "a", Cause: "x", Retry: diagnose.RetryNever}
	_, err = diagnose.NewDeclines(r, r)
	assert.ErrorIs(t, err, diagnose.ErrInvalidRule)
}

func TestDecodeDeclines(t *testing.T) {
	rules, err := diagnose.DecodeDeclines(strings.NewReader(`[
		{"code": "Acme-Soft-Decline", "cause": "issuer_unavailable", "retry": "later", "wait": "2h"},
		{"code": "acme_risk", "cause": "suspected_fraud", "retry": "never", "sensitive": true, "article": "unrecognized-transaction"}
	]`))
	require.NoError(t, err)
	require.Len(t, rules, 2)
	assert.Equal(t, diagnose.DeclineRule{Code: "acme_soft_decline", Cause: diagnose.CauseIssuerUnavailable, Retry: diagnose.RetryLater, Wait: 2 * time.Hour}, rules[0])
	assert.True(t, rules[1].Sensitive)
	_, err = diagnose.NewDeclines(rules...)
	require.NoError(t, err)

	for _, bad := range []string{
		``, `{}`, `[{"code": "a", "cause": "x", "retry": "never", "extra": 1}]`,
		`[{"code": "a", "cause": "x", "retry": "sometimes"}]`,
		`[{"code": "a", "cause": "x", "retry": "later", "wait": "soon"}]`,
		`[{"code": "a b c!", "cause": "x", "retry": "never"}]`,
		`[] []`,
	} {
		_, err := diagnose.DecodeDeclines(strings.NewReader(bad))
		assert.Error(t, err, bad)
	}
	_, err = diagnose.DecodeDeclines(strings.NewReader(`[{"code": "a", "cause": "x", "retry": "never"}, {"code": "b", "cause": "x"}]`))
	var re *diagnose.RuleError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.Index)

	// Round trip.
	for _, r := range diagnose.BuiltinDeclines() {
		b, err := r.MarshalJSON()
		require.NoError(t, err)
		var back diagnose.DeclineRule
		require.NoError(t, back.UnmarshalJSON(b))
		assert.Equal(t, r, back)
	}
}

func TestRetryText(t *testing.T) {
	for _, r := range []diagnose.Retry{diagnose.RetryNever, diagnose.RetryAfterFix, diagnose.RetryLater, diagnose.RetryNow} {
		b, err := r.MarshalText()
		require.NoError(t, err)
		var back diagnose.Retry
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, r, back)
	}
	_, err := diagnose.Retry(0).MarshalText()
	assert.Error(t, err)
	_, err = diagnose.ParseRetry("maybe")
	assert.Error(t, err)
}

func TestWaitWords(t *testing.T) {
	msgs := diagnose.DefaultMessages()
	for d, want := range map[time.Duration]string{
		15 * time.Minute: "15 minutes", time.Hour: "an hour", 90 * time.Minute: "90 minutes",
		3 * time.Hour: "3 hours", 24 * time.Hour: "a day", 36 * time.Hour: "36 hours", 72 * time.Hour: "3 days",
	} {
		e := msgs.Explain(diagnose.Finding{Text: diagnose.MsgRetryLater, Next: diagnose.MsgRetryLater, Wait: d}, language.English)
		assert.Equal(t, "You can try again in "+want+".", e.Text)
	}
}

func TestExplanationJSON(t *testing.T) {
	d, err := diagnose.DefaultDeclines().Lookup("insufficient_funds")
	if err != nil {
		t.Fatal(err)
	}
	ex := diagnose.DefaultMessages().Explain(d.ForCustomer(), language.SimplifiedChinese)
	b, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	var back diagnose.Explanation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if back.Text != ex.Text || back.Retry != ex.Retry || back.Cause != ex.Cause || !strings.Contains(string(b), `"next_step"`) {
		t.Errorf("round trip: %s → %+v", b, back)
	}
}
