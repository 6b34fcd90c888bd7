package currency_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/paydesk/paydesk/currency"
)

// The committed seed corpora live in testdata/fuzz/<FuzzTarget>/; the f.Add
// calls below are the hand-picked seeds that document what each target is about.

// FuzzParseAmount checks that ParseAmount never panics, that what it accepts
// prints (String) to text it reads back as an equal amount, that Strict
// rejects exactly the inputs written with more decimals than the currency's
// minor units, and that every error matches a sentinel.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{
		"USD 12.34", "12.34 USD", "usd 1", "JPY 100", "KWD 1.234", "USD 12.345", "USD 12.340",
		"USD -0", "USD +1.50", "EUR 0007.50", "USD12", "12USD", "  CHF 1.05 ", "USD  1", "USD",
		"USD 1e3", "USD NaN", "NaN", "Inf USD", "USD 1,000.00", "USD .5", "USD 5.", "USD --1",
		"USD １２", "XYZ 1", "", " ", "USD 123456789012345678901234567890.123456789",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := currency.ParseAmount(s)
		_, strictErr := currency.Parser{Strict: true}.Parse(s)
		if err != nil {
			if !errors.Is(err, currency.ErrInvalidAmount) && !errors.Is(err, currency.ErrUnknownCurrency) {
				t.Fatalf("ParseAmount(%q): error %v matches no sentinel", s, err)
			}
			if strictErr == nil {
				t.Fatalf("Strict accepts %q, which the lenient parser rejects (%v)", s, err)
			}
			return
		}
		// Printing and parsing back is exact.
		out := a.String()
		back, err := currency.ParseAmount(out)
		if err != nil {
			t.Fatalf("ParseAmount(%q) = %v, whose String %q does not parse: %v", s, a, out, err)
		}
		if !back.Equal(a) || back.String() != out {
			t.Fatalf("ParseAmount(%q) = %v, read back as %v", s, a, back)
		}
		// Strict rejects exactly the inputs with too many written decimals
		// (the parsed number keeps them as its exponent).
		tooMany := -a.Number().Exponent() > int32(a.Currency().Digits())
		if tooMany != (strictErr != nil) {
			t.Fatalf("Strict on %q (%d decimals, %s has %d): error %v", s, -a.Number().Exponent(), a.CurrencyCode(), a.Currency().Digits(), strictErr)
		}
		if strictErr != nil && !errors.Is(strictErr, currency.ErrInvalidAmount) {
			t.Fatalf("Strict error %v is not an invalid amount", strictErr)
		}
		// Everything parsed can be encoded and decoded.
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", a, err)
		}
		var fromJSON currency.Amount
		if err := json.Unmarshal(b, &fromJSON); err != nil || !fromJSON.Equal(a) {
			t.Fatalf("JSON %s of %v read back as %v, %v", b, a, fromJSON, err)
		}
	})
}

// FuzzJSONDecode checks that decoding never panics and that decode → encode →
// decode is exact for every decoder configuration, and that
// Amount.UnmarshalJSON agrees with the zero JSONDecoder.
func FuzzJSONDecode(f *testing.F) {
	for _, s := range []string{
		`{"amount":"12.34","currency":"USD"}`,
		`{"currency":"JPY","amount":"100"}`,
		`{"amount":"2.5","currency":"USD"}`,
		`{"amount":12.34,"currency":"USD"}`,
		`{"amount":1e2,"currency":"USD"}`,
		`{"amount":"1.005","currency":"KWD"}`,
		`{"amount":"1","currency":"usd"}`,
		`{"amount":"1","currency":"USD","x":1}`,
		`{"amount":"1","amount":"2","currency":"USD"}`,
		`{"amount":"1","currency":"USD"}}`,
		`{"amount":"\u0031","currency":"\u0055SD"}`,
		`{"amount":null,"currency":"USD"}`,
		`null`, `[]`, `{}`, `"1 USD"`, ``,
	} {
		f.Add([]byte(s))
	}
	decoders := []currency.JSONDecoder{{}, {AllowNumbers: true}, {Strict: true}, {AllowNumbers: true, Strict: true}}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range decoders {
			a, err := d.Decode(data)
			// The plain-shape shortcut and the full decoder agree.
			full, fullErr := currency.DecodeJSONFull(d, data)
			if (err == nil) != (fullErr == nil) || !full.Equal(a) || full.String() != a.String() ||
				errors.Is(err, currency.ErrUnknownCurrency) != errors.Is(fullErr, currency.ErrUnknownCurrency) {
				t.Fatalf("%+v on %q: Decode %v, %v; full decoder %v, %v", d, data, a, err, full, fullErr)
			}
			if err != nil {
				if !errors.Is(err, currency.ErrInvalidAmount) && !errors.Is(err, currency.ErrUnknownCurrency) {
					t.Fatalf("%+v.Decode(%q): error %v matches no sentinel", d, data, err)
				}
				continue
			}
			b, err := a.MarshalJSON()
			if err != nil {
				t.Fatalf("%+v.Decode(%q) = %v, which does not encode: %v", d, data, a, err)
			}
			back, err := d.Decode(b)
			if err != nil {
				t.Fatalf("%+v: %q → %v → %s does not decode: %v", d, data, a, b, err)
			}
			b2, err := back.MarshalJSON()
			if err != nil || !back.Equal(a) || !bytes.Equal(b, b2) {
				t.Fatalf("%+v: %q → %v → %s → %v → %s (%v)", d, data, a, b, back, b2, err)
			}
			if d.Strict && !a.IsRounded() {
				t.Fatalf("Strict decoded %q to %v, which has extra decimals", data, a)
			}
		}

		// encoding/json and the zero decoder agree (json.Unmarshal passes a
		// null to UnmarshalJSON, which by convention ignores it).
		want, wantErr := currency.JSONDecoder{}.Decode(data)
		var got currency.Amount
		gotErr := json.Unmarshal(data, &got)
		isNull := string(bytes.TrimSpace(data)) == "null"
		switch {
		case wantErr == nil && (gotErr != nil || !got.Equal(want)):
			t.Fatalf("Unmarshal(%q) = %v, %v; Decode gives %v", data, got, gotErr, want)
		case wantErr != nil && gotErr == nil && !isNull:
			t.Fatalf("Unmarshal(%q) accepted %v; Decode says %v", data, got, wantErr)
		case gotErr != nil && got != (currency.Amount{}):
			t.Fatalf("Unmarshal(%q) failed but wrote %v", data, got)
		}
	})
}

// FuzzParserStrict checks a strict Parser with a default currency: it never
// panics, accepts only amounts at the currency's scale, accepts nothing the
// lenient parser rejects, and reads back what it accepts.
func FuzzParserStrict(f *testing.F) {
	for _, tc := range [][2]string{
		{"12.34", "USD"}, {"12.345", "USD"}, {"12.340", "USD"}, {"USD 12.34", "USD"}, {"12.34 EUR", "USD"},
		{"100", "JPY"}, {"100.0", "JPY"}, {"1.234", "kwd"}, {"1.5", ""}, {"CHF 0.05", "CHF"},
		{"-0.01", "USD"}, {"1e2", "USD"}, {"NaN", "USD"}, {"1", "ABC"}, {"92233720368547758.08", "USD"},
	} {
		f.Add(tc[0], tc[1])
	}
	f.Fuzz(func(t *testing.T, s, code string) {
		strict := currency.Parser{Currency: code, Strict: true}
		lenient := currency.Parser{Currency: code}
		a, err := strict.Parse(s)
		l, lerr := lenient.Parse(s)
		if err != nil {
			if !errors.Is(err, currency.ErrInvalidAmount) && !errors.Is(err, currency.ErrUnknownCurrency) && !errors.Is(err, currency.ErrCurrencyMismatch) {
				t.Fatalf("Parse(%q) with %q: error %v matches no sentinel", s, code, err)
			}
			if lerr == nil {
				// Only too many decimals separates the two.
				if !errors.Is(err, currency.ErrInvalidAmount) || l.IsRounded() && -l.Number().Exponent() <= int32(l.Currency().Digits()) {
					t.Fatalf("strict rejects %q (%v) but lenient accepts %v", s, err, l)
				}
			}
			return
		}
		if lerr != nil || !l.Equal(a) {
			t.Fatalf("strict accepts %q as %v, lenient gives %v, %v", s, a, l, lerr)
		}
		if !a.IsRounded() {
			t.Fatalf("strict accepted %q as %v with extra decimals", s, a)
		}
		if _, err := a.MinorUnits(); err != nil && !errors.Is(err, currency.ErrOverflow) {
			t.Fatalf("MinorUnits(%v): %v", a, err)
		}
		back, err := strict.Parse(a.String())
		if err != nil || !back.Equal(a) {
			t.Fatalf("strict: %q → %v → %q → %v, %v", s, a, a.String(), back, err)
		}
	})
}
