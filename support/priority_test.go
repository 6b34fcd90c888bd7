package support_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/paydesk/paydesk/support"
)

func TestPriorityText(t *testing.T) {
	tests := []struct {
		p    support.Priority
		code string
	}{
		{support.PriorityLow, "low"},
		{support.PriorityNormal, "normal"},
		{support.PriorityHigh, "high"},
		{support.PriorityUrgent, "urgent"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			wantEqual(t, tt.code, tt.p.String())
			wantTrue(t, tt.p.IsValid())
			got, err := support.ParsePriority(tt.code)
			mustNoError(t, err)
			wantEqual(t, tt.p, got)
			b, err := json.Marshal(tt.p)
			mustNoError(t, err)
			wantEqual(t, `"`+tt.code+`"`, string(b))
			var back support.Priority
			mustNoError(t, json.Unmarshal(b, &back))
			wantEqual(t, tt.p, back)
		})
	}
	wantEqual(t, []support.Priority{support.PriorityLow, support.PriorityNormal, support.PriorityHigh, support.PriorityUrgent}, support.Priorities())
	wantTrue(t, support.PriorityLow < support.PriorityNormal && support.PriorityHigh < support.PriorityUrgent, "priorities order by urgency")
}

func TestPriorityInvalid(t *testing.T) {
	for _, code := range []string{"", "High", "URGENT", " low", "critical", "0", "1"} {
		_, err := support.ParsePriority(code)
		wantErrorIs(t, err, support.ErrUnknownPriority, code)
		var pe *support.UnknownPriorityError
		if wantTrue(t, errors.As(err, &pe), "%T", err) {
			wantEqual(t, code, pe.Input)
		}
	}
	for _, p := range []support.Priority{0, 5, 255} {
		wantTrue(t, !p.IsValid(), "%d is valid", p)
		_, err := p.MarshalText()
		wantErrorIs(t, err, support.ErrUnknownPriority)
	}
	wantEqual(t, "Priority(0)", support.Priority(0).String())

	p := support.PriorityHigh
	wantErrorIs(t, p.UnmarshalText([]byte("soon")), support.ErrUnknownPriority)
	wantEqual(t, support.PriorityHigh, p, "a failed UnmarshalText changed the value")
}

func TestDefaultPriorityRules(t *testing.T) {
	r := support.DefaultPriorityRules()
	high := map[support.Category]bool{support.CategorySecurity: true, support.CategoryAccountLocked: true, support.CategoryDispute: true}
	for _, c := range support.Categories() {
		want := support.PriorityNormal
		if high[c] {
			want = support.PriorityHigh
		}
		wantEqual(t, want, r.For(c), string(c))
	}
	wantEqual(t, support.PriorityNormal, r.For("crypto_transfer"), "a host category without a rule")
	wantEqual(t, support.PriorityNormal, r.Default())

	// Each call returns an independent value.
	r.Overrides()[support.CategorySecurity] = support.PriorityLow
	wantEqual(t, support.PriorityHigh, support.DefaultPriorityRules().For(support.CategorySecurity))
	wantEqual(t, support.PriorityHigh, r.For(support.CategorySecurity))

	var zero support.PriorityRules
	wantEqual(t, support.PriorityNormal, zero.For(support.CategorySecurity), "the zero rules start everything normal")
	wantEqual(t, support.PriorityNormal, zero.Default())
}

func TestPriorityRulesWith(t *testing.T) {
	base := support.DefaultPriorityRules()
	r, err := base.With(support.CategoryPaymentFailed, support.PriorityUrgent)
	mustNoError(t, err)
	wantEqual(t, support.PriorityUrgent, r.For(support.CategoryPaymentFailed))
	wantEqual(t, support.PriorityNormal, base.For(support.CategoryPaymentFailed), "With changed its receiver")
	wantEqual(t, support.PriorityHigh, r.For(support.CategorySecurity))

	_, err = base.With(support.CategoryFees, 0)
	wantErrorIs(t, err, support.ErrUnknownPriority)
	_, err = base.With("Not A Code", support.PriorityLow)
	wantErrorIs(t, err, support.ErrUnknownCategory)
}

func TestNewPriorityRules(t *testing.T) {
	src := map[support.Category]support.Priority{support.CategoryFees: support.PriorityLow}
	r, err := support.NewPriorityRules(support.PriorityHigh, src)
	mustNoError(t, err)
	src[support.CategoryFees] = support.PriorityUrgent // the rules hold a copy
	wantEqual(t, support.PriorityLow, r.For(support.CategoryFees))
	wantEqual(t, support.PriorityHigh, r.For(support.CategoryOther))
	wantEqual(t, map[support.Category]support.Priority{support.CategoryFees: support.PriorityLow}, r.Overrides())

	_, err = support.NewPriorityRules(0, nil)
	wantErrorIs(t, err, support.ErrUnknownPriority)
	_, err = support.NewPriorityRules(support.PriorityLow, map[support.Category]support.Priority{"": support.PriorityLow})
	wantErrorIs(t, err, support.ErrUnknownCategory)
	_, err = support.NewPriorityRules(support.PriorityLow, map[support.Category]support.Priority{support.CategoryFees: 9})
	wantErrorIs(t, err, support.ErrUnknownPriority)
}

func FuzzParsePriority(f *testing.F) {
	for _, seed := range []string{"low", "normal", "high", "urgent", "", "High", "critical"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		p, err := support.ParsePriority(code)
		if err != nil {
			if !errors.Is(err, support.ErrUnknownPriority) {
				t.Fatalf("ParsePriority(%q): %v does not match ErrUnknownPriority", code, err)
			}
			return
		}
		if !p.IsValid() || p.String() != code {
			t.Fatalf("ParsePriority(%q) = %v", code, p)
		}
		text, err := p.MarshalText()
		if err != nil || string(text) != code {
			t.Fatalf("MarshalText of %v = %q, %v", p, text, err)
		}
	})
}
