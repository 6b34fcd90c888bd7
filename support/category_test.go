package support_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/support"
)

func TestCategories(t *testing.T) {
	want := []support.Category{
		"account_registration", "payment_failed", "payment_delayed", "account_locked", "refund", "dispute",
		"fees", "currency_exchange", "security", "account_details_change", "complaint", "other",
	}
	got := support.Categories()
	mustEqual(t, want, got)
	got[0] = "mutated"
	wantEqual(t, want, support.Categories(), "Categories returned shared storage")
	for _, c := range want {
		wantTrue(t, c.IsValid() && c.WellFormed(), string(c))
		parsed, err := support.ParseCategory(string(c))
		mustNoError(t, err)
		wantEqual(t, c, parsed)
		b, err := json.Marshal(c)
		mustNoError(t, err)
		wantEqual(t, `"`+string(c)+`"`, string(b))
		var back support.Category
		mustNoError(t, json.Unmarshal(b, &back))
		wantEqual(t, c, back)
	}
}

func TestParseCategoryErrors(t *testing.T) {
	tests := []struct {
		code, reason string
	}{
		{"", "a code is"},
		{"Refund", "a code is"},
		{"payment failed", "a code is"},
		{"_refund", "a code is"},
		{"1refund", "a code is"},
		{strings.Repeat("a", 65), "a code is"},
		{"refund\x00", "a code is"},
		{"crypto_transfer", "not in the category set"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			_, err := support.ParseCategory(tt.code)
			wantErrorIs(t, err, support.ErrUnknownCategory)
			var ce *support.UnknownCategoryError
			if wantTrue(t, errors.As(err, &ce), "%T", err) {
				wantTrue(t, strings.HasPrefix(ce.Reason, tt.reason), ce.Reason)
				wantTrue(t, strings.HasPrefix(err.Error(), "support: unknown category"), err.Error())
			}
		})
	}
}

func TestCategoryHostCodes(t *testing.T) {
	const crypto support.Category = "crypto_transfer"
	wantTrue(t, crypto.WellFormed() && !crypto.IsValid())

	// Stored tickets with a host's category decode without the host's set.
	var c support.Category
	mustNoError(t, json.Unmarshal([]byte(`"crypto_transfer"`), &c))
	wantEqual(t, crypto, c)
	err := json.Unmarshal([]byte(`"Crypto Transfer"`), &c)
	wantErrorIs(t, err, support.ErrUnknownCategory)
	wantEqual(t, crypto, c, "a failed UnmarshalText changed the value")
	_, err = support.Category("Bad Code").MarshalText()
	wantErrorIs(t, err, support.ErrUnknownCategory)

	set, err := support.NewCategorySet(append(support.Categories(), crypto)...)
	mustNoError(t, err)
	wantTrue(t, set.Contains(crypto) && set.Contains(support.CategoryRefund))
	got, err := set.Parse("crypto_transfer")
	mustNoError(t, err)
	wantEqual(t, crypto, got)
	wantEqual(t, 13, len(set.Categories()))
	set.Categories()[0] = "mutated"
	wantEqual(t, support.CategoryAccountRegistration, set.Categories()[0])

	small, err := support.NewCategorySet(crypto, support.CategoryOther)
	mustNoError(t, err)
	_, err = small.Parse("refund")
	wantErrorIs(t, err, support.ErrUnknownCategory)
	wantEqual(t, []support.Category{crypto, support.CategoryOther}, small.Categories())

	var builtin *support.CategorySet
	wantTrue(t, builtin.Contains(support.CategoryRefund) && !builtin.Contains(crypto))
	wantEqual(t, support.Categories(), builtin.Categories())
}

func TestNewCategorySetErrors(t *testing.T) {
	for name, cats := range map[string][]support.Category{
		"empty":     nil,
		"malformed": {"refund", "Refund"},
		"duplicate": {"refund", "other", "refund"},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := support.NewCategorySet(cats...)
			wantTrue(t, s == nil)
			wantErrorIs(t, err, support.ErrUnknownCategory)
		})
	}
}

func FuzzParseCategory(f *testing.F) {
	for _, seed := range []string{"refund", "payment_failed", "other", "", "Refund", "crypto_transfer", "a", "z9_"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		c, err := support.ParseCategory(code)
		if err == nil {
			if !c.IsValid() || string(c) != code {
				t.Fatalf("ParseCategory(%q) = %q", code, c)
			}
		} else if !errors.Is(err, support.ErrUnknownCategory) {
			t.Fatalf("ParseCategory(%q): %v does not match ErrUnknownCategory", code, err)
		}
		var u support.Category
		if err := u.UnmarshalText([]byte(code)); err == nil {
			if !u.WellFormed() || string(u) != code {
				t.Fatalf("UnmarshalText(%q) = %q", code, u)
			}
			text, err := u.MarshalText()
			if err != nil || string(text) != code {
				t.Fatalf("MarshalText of %q = %q, %v", u, text, err)
			}
		} else if !errors.Is(err, support.ErrUnknownCategory) {
			t.Fatalf("UnmarshalText(%q): %v does not match ErrUnknownCategory", code, err)
		}
	})
}
