package currency_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/currency"
)

func TestISOFacts(t *testing.T) {
	tests := []struct {
		code          string
		digits        int
		display       int
		cashIncrement string
		numeric       string
	}{
		{"USD", 2, 2, "0.01", "840"},
		{"EUR", 2, 2, "0.01", "978"},
		{"GBP", 2, 2, "0.01", "826"},
		{"CNY", 2, 2, "0.01", "156"},
		{"JPY", 0, 0, "1", "392"},
		{"KRW", 0, 0, "1", "410"},
		{"BHD", 3, 3, "0.001", "048"},
		{"IQD", 3, 0, "1", "368"},
		{"KWD", 3, 3, "0.001", "414"},
		{"JOD", 3, 3, "0.001", "400"},
		{"LYD", 3, 3, "0.001", "434"},
		{"OMR", 3, 3, "0.001", "512"},
		{"TND", 3, 3, "0.001", "788"},
		{"CLF", 4, 4, "0.0001", "990"},
		{"UYW", 4, 4, "0.0001", "927"},
		{"CHF", 2, 2, "0.05", "756"},
		{"SEK", 2, 2, "1", "752"},
		{"NOK", 2, 2, "1", "578"},
		{"HUF", 2, 0, "5", "348"}, // CLDR 48: shown without decimals, paid in cash to 5 Ft
		{"TWD", 2, 2, "1", "901"},
		{"IDR", 2, 0, "1", "360"},
		{"COP", 2, 0, "1", "170"},
		{"PKR", 2, 0, "1", "586"},
		// Current codes that x/text's CLDR 32 data lacks.
		{"MRU", 2, 2, "0.01", "929"},
		{"SLE", 2, 2, "0.01", "925"},
		{"VES", 2, 2, "0.01", "928"},
		{"VED", 2, 2, "0.01", "926"},
		{"ZWG", 2, 2, "0.01", "924"},
		{"XCG", 2, 2, "0.01", "532"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := currency.Lookup(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.code, c.Code())
			assert.Equal(t, tt.digits, c.Digits(), "minor units")
			assert.Equal(t, tt.display, c.DisplayDigits(), "display digits")
			assert.Equal(t, tt.cashIncrement, c.CashIncrement().String(), "cash increment")
			assert.Equal(t, tt.numeric, c.Numeric())
		})
	}
}

func TestLookupRejectsWithdrawnAndUnitlessCodes(t *testing.T) {
	for _, code := range []string{"HRK", "ANG", "ZWL", "VEF", "MRO", "BGN"} {
		_, err := currency.Lookup(code)
		var rerr *currency.RetiredCurrencyError
		if !errors.Is(err, currency.ErrRetiredCurrency) || !errors.Is(err, currency.ErrUnknownCurrency) || !errors.As(err, &rerr) || rerr.Code != code || rerr.Until == "" {
			t.Errorf("Lookup(%q) = %v, want *RetiredCurrencyError", code, err)
		}
		if _, err := currency.NewAmount("1.00", code); !errors.Is(err, currency.ErrRetiredCurrency) {
			t.Errorf("NewAmount(1.00, %s) = %v, want ErrRetiredCurrency", code, err)
		}
		c, err := currency.LookupAny(code)
		if err != nil || !c.Retired() || c.LegalTenderUntil() == "" {
			t.Errorf("LookupAny(%q) = %v, %v; want the retired currency", code, c, err)
		}
	}
	for _, code := range []string{"XAU", "XAG", "XDR", "XTS", "XXX", "", "US", "USDX", "U$D", "ÜSD"} {
		_, err := currency.Lookup(code)
		var uerr *currency.UnknownCurrencyError
		if !errors.Is(err, currency.ErrUnknownCurrency) || !errors.As(err, &uerr) || uerr.Code != code {
			t.Errorf("Lookup(%q) = %v, want *UnknownCurrencyError", code, err)
		}
	}
}

func TestLookupIsCaseInsensitive(t *testing.T) {
	c, err := currency.Lookup("usd")
	if err != nil || c.Code() != "USD" {
		t.Fatalf("Lookup(usd) = %v, %v", c, err)
	}
}

func TestCodesAreSortedAndComplete(t *testing.T) {
	codes := currency.Codes()
	if len(codes) < 150 {
		t.Fatalf("only %d codes", len(codes))
	}
	for i, code := range codes {
		if i > 0 && codes[i-1] >= code {
			t.Fatalf("codes not sorted at %d: %s >= %s", i, codes[i-1], code)
		}
		if _, err := currency.Lookup(code); err != nil {
			t.Fatalf("Lookup(%s): %v", code, err)
		}
	}
	codes[0] = "ZZZ" // the caller's copy: must not affect the table
	if currency.Codes()[0] == "ZZZ" {
		t.Fatal("Codes returned the package's own array")
	}
}

func TestRegistryDefinesAndOverridesPerUse(t *testing.T) {
	reg, err := currency.NewRegistry(
		currency.Definition{Code: "XAU", Name: "Gold (troy ounce)", Digits: 4},
		currency.Definition{Code: "CHF", Numeric: "756", Digits: 2, CashIncrement: "0.10", DisplayDigits: 2},
	)
	if err != nil {
		t.Fatal(err)
	}
	xau, err := reg.Lookup("xau")
	if err != nil || xau.Digits() != 4 || xau.DisplayDigits() != 4 {
		t.Fatalf("XAU = %v (%d digits), %v", xau, xau.Digits(), err)
	}
	chf, _ := reg.Lookup("CHF")
	if chf.CashIncrement().String() != "0.1" {
		t.Errorf("overridden CHF cash increment = %s", chf.CashIncrement())
	}
	// The override is per registry: the ISO table is unchanged.
	iso, _ := currency.Lookup("CHF")
	if iso.CashIncrement().String() != "0.05" {
		t.Errorf("ISO CHF changed: %s", iso.CashIncrement())
	}
	if _, err := currency.Lookup("XAU"); err == nil {
		t.Error("XAU leaked into the ISO table")
	}
	// Registries fall back to ISO.
	if usd, err := reg.Lookup("USD"); err != nil || usd.Digits() != 2 {
		t.Errorf("registry USD = %v, %v", usd, err)
	}
	var nilReg *currency.Registry
	if _, err := nilReg.Lookup("EUR"); err != nil {
		t.Errorf("nil registry: %v", err)
	}
}

func TestNewRegistryRejectsBadDefinitions(t *testing.T) {
	for _, def := range []currency.Definition{
		{Code: "xau", Digits: 2},
		{Code: "XA", Digits: 2},
		{Code: "XAU", Digits: -1},
		{Code: "XAU", Digits: 19},
		{Code: "XAU", Digits: 2, Numeric: "95"},
		{Code: "XAU", Digits: 2, CashIncrement: "-0.05"},
		{Code: "XAU", Digits: 2, CashIncrement: "abc"},
		{Code: "XAU", Digits: 2, DisplayDigits: -1},
	} {
		if _, err := currency.NewRegistry(def); err == nil {
			t.Errorf("NewRegistry(%+v): want an error", def)
		}
	}
	if _, err := currency.NewRegistry(currency.Definition{Code: "XAU", Digits: 4}, currency.Definition{Code: "XAU", Digits: 2}); err == nil {
		t.Error("duplicate definition accepted")
	}
}

func TestRetiredCodes(t *testing.T) {
	retired := currency.RetiredCodes()
	for _, want := range []string{"HRK", "LTL", "LVL", "EEK", "SKK", "CYP", "MTL", "SIT", "VEF", "BGN"} {
		if !slices.Contains(retired, want) {
			t.Errorf("RetiredCodes lacks %s", want)
		}
	}
	for _, code := range retired {
		if slices.Contains(currency.Codes(), code) {
			t.Errorf("%s is both current and retired", code)
		}
	}
	hrk, err := currency.LookupAny("hrk")
	if err != nil || hrk.Code() != "HRK" || hrk.LegalTenderUntil() != "2023-01-14" || hrk.Digits() != 2 {
		t.Fatalf("LookupAny(hrk) = %v (until %q), %v", hrk, hrk.LegalTenderUntil(), err)
	}
	// A host that keeps books of the past allows the code in its registry.
	reg, err := (*currency.Registry)(nil).AllowRetired("HRK")
	if err != nil {
		t.Fatal(err)
	}
	a, err := currency.Parser{Registry: reg}.Parse("HRK 7.53")
	if err != nil || a.String() != "7.53 HRK" {
		t.Fatalf("Parse with AllowRetired: %v, %v", a, err)
	}
	if _, err := (currency.Parser{Registry: reg}).Parse("LTL 1"); !errors.Is(err, currency.ErrRetiredCurrency) {
		t.Errorf("LTL allowed by an HRK-only registry: %v", err)
	}
	if _, err := (currency.JSONDecoder{Registry: reg}).Decode([]byte(`{"amount":"7.53","currency":"HRK"}`)); err != nil {
		t.Errorf("JSONDecoder with AllowRetired: %v", err)
	}
	if _, err := (currency.JSONDecoder{}).Decode([]byte(`{"amount":"7.53","currency":"HRK"}`)); !errors.Is(err, currency.ErrRetiredCurrency) {
		t.Errorf("JSONDecoder without AllowRetired: %v", err)
	}
	for _, bad := range []string{"USD", "XYZ", ""} {
		if _, err := (*currency.Registry)(nil).AllowRetired(bad); !errors.Is(err, currency.ErrInvalidDefinition) {
			t.Errorf("AllowRetired(%q) = %v, want ErrInvalidDefinition", bad, err)
		}
	}
}

func TestXAD(t *testing.T) {
	c, err := currency.Lookup("XAD")
	if err != nil || c.Numeric() != "396" || c.Digits() != 2 || c.Retired() {
		t.Fatalf("Lookup(XAD) = %v (%s, %d), %v", c, c.Numeric(), c.Digits(), err)
	}
}
