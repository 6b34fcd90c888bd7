package currency_test

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

func TestMarshalJSON(t *testing.T) {
	tests := []struct {
		a    currency.Amount
		want string
	}{
		{amt(t, "2.5", "USD"), `{"amount":"2.50","currency":"USD"}`},
		{amt(t, "12.34", "USD"), `{"amount":"12.34","currency":"USD"}`},
		{amt(t, "-0.5", "EUR"), `{"amount":"-0.50","currency":"EUR"}`},
		{amt(t, "100", "JPY"), `{"amount":"100","currency":"JPY"}`},
		{amt(t, "1", "KWD"), `{"amount":"1.000","currency":"KWD"}`},
		{amt(t, "1.2345", "USD"), `{"amount":"1.2345","currency":"USD"}`},
		{amt(t, "1.2300", "USD"), `{"amount":"1.23","currency":"USD"}`},
		{amt(t, "0", "USD"), `{"amount":"0.00","currency":"USD"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.a)
		checkErr(t, err, nil)
		if string(b) != tt.want {
			t.Errorf("Marshal(%v) = %s, want %s", tt.a, b, tt.want)
		}
	}

	// Inside a struct, through a pointer, and in a slice.
	type payment struct {
		Total currency.Amount   `json:"total"`
		Fee   *currency.Amount  `json:"fee,omitempty"`
		Parts []currency.Amount `json:"parts"`
	}
	fee := amt(t, "0.3", "USD")
	b, err := json.Marshal(payment{Total: amt(t, "10", "USD"), Fee: &fee, Parts: []currency.Amount{amt(t, "5", "USD")}})
	checkErr(t, err, nil)
	want := `{"total":{"amount":"10.00","currency":"USD"},"fee":{"amount":"0.30","currency":"USD"},"parts":[{"amount":"5.00","currency":"USD"}]}`
	if string(b) != want {
		t.Errorf("struct: %s\nwant %s", b, want)
	}

	// The zero Amount (an unset field) is null, and reads back as itself.
	type holder struct {
		Paid   currency.Amount `json:"paid"`
		Refund currency.Amount `json:"refund"`
	}
	b, err = json.Marshal(holder{Paid: amt(t, "10", "USD")})
	if err != nil || string(b) != `{"paid":{"amount":"10.00","currency":"USD"},"refund":null}` {
		t.Fatalf("struct with a zero Amount: %s, %v", b, err)
	}
	var back holder
	if err := json.Unmarshal(b, &back); err != nil || !back.Refund.Currency().IsZero() || back.Paid.String() != "10.00 USD" {
		t.Fatalf("decoded %+v, %v", back, err)
	}

	// What cannot be read back is not written.
	if v, err := (currency.Amount{}).Value(); !errors.Is(err, currency.ErrUnknownCurrency) {
		t.Errorf("zero Amount: Value = %v, %v; want ErrUnknownCurrency", v, err)
	}
	for name, a := range map[string]currency.Amount{
		"too many digits":   lookup(t, "USD").Amount(decimal.New(1, 200)),
		"too many decimals": lookup(t, "USD").Amount(decimal.New(1, -200)),
	} {
		want := currency.ErrInvalidAmount
		if b, err := a.MarshalJSON(); !errors.Is(err, want) {
			t.Errorf("%s: MarshalJSON = %s, %v; want an error matching %v", name, b, err, want)
		}
		if b, err := json.Marshal(a); err == nil {
			t.Errorf("%s: Marshal = %s, want an error", name, b)
		}
		if v, err := a.Value(); !errors.Is(err, want) {
			t.Errorf("%s: Value = %v, %v; want an error matching %v", name, v, err, want)
		}
	}
	// Trailing zeros beyond the limit are not significant.
	a := lookup(t, "USD").Amount(decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(150), nil), -150))
	if a.Number().Exponent() != -150 {
		t.Fatalf("fixture: exponent %d", a.Number().Exponent())
	}
	if b, err := json.Marshal(a); err != nil || string(b) != `{"amount":"1.00","currency":"USD"}` {
		t.Errorf("1 with 150 zero decimals: %s, %v", b, err)
	}
}

func TestDecodeJSON(t *testing.T) {
	numbers := currency.JSONDecoder{AllowNumbers: true}
	strict := currency.JSONDecoder{Strict: true}
	reg, err := currency.NewRegistry(currency.Definition{Code: "XTS", Digits: 3})
	checkErr(t, err, nil)
	withXTS := currency.JSONDecoder{Registry: reg}
	tests := []struct {
		name string
		d    currency.JSONDecoder
		in   string
		want string
		err  error
	}{
		{"string", currency.JSONDecoder{}, `{"amount":"12.34","currency":"USD"}`, "12.34 USD", nil},
		{"order", currency.JSONDecoder{}, `{"currency":"USD","amount":"12.34"}`, "12.34 USD", nil},
		{"white space", currency.JSONDecoder{}, " \n{ \"amount\" : \"2.5\" ,\t\"currency\":\"USD\" }\n", "2.50 USD", nil},
		{"escapes", currency.JSONDecoder{}, `{"amount":"1\u002e5","currency":"\u0055SD"}`, "1.50 USD", nil},
		{"escaped member names", currency.JSONDecoder{}, `{"\u0061mount":"1","curr\u0065ncy":"EUR"}`, "1.00 EUR", nil},
		{"escaped quote in code", currency.JSONDecoder{}, `{"amount":"1","currency":"U\"D"}`, "", currency.ErrUnknownCurrency},
		{"escaped newline in amount", currency.JSONDecoder{}, `{"amount":"1\n","currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"non-ASCII escape in code", currency.JSONDecoder{}, `{"amount":"1","currency":"\u00dcSD"}`, "", currency.ErrUnknownCurrency},
		{"surrogate pair", currency.JSONDecoder{}, `{"amount":"1","currency":"\ud83d\udcb5"}`, "", currency.ErrUnknownCurrency},
		{"bad escape", currency.JSONDecoder{}, `{"amount":"1\x","currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"long escaped amount", currency.JSONDecoder{}, `{"amount":"` + strings.Repeat("1", 70) + `\u0030","currency":"USD"}`, strings.Repeat("1", 70) + "0.00 USD", nil},
		{"non-ASCII in code", currency.JSONDecoder{}, `{"amount":"1","currency":"ÜSD"}`, "", currency.ErrUnknownCurrency},
		{"extra decimals kept", currency.JSONDecoder{}, `{"amount":"1.005","currency":"USD"}`, "1.005 USD", nil},
		{"yen", currency.JSONDecoder{}, `{"amount":"100","currency":"JPY"}`, "100 JPY", nil},
		{"registry", withXTS, `{"amount":"1.5","currency":"XTS"}`, "1.500 XTS", nil},
		{"number refused", currency.JSONDecoder{}, `{"amount":12.34,"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"number allowed", numbers, `{"amount":12.34,"currency":"USD"}`, "12.34 USD", nil},
		{"number exact", numbers, `{"amount":0.1000000000000000055511151231257827,"currency":"USD"}`, "0.1000000000000000055511151231257827 USD", nil},
		{"number exponent", numbers, `{"amount":1e2,"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"number negative", numbers, `{"amount":-0.5,"currency":"USD"}`, "-0.50 USD", nil},
		{"unknown currency", currency.JSONDecoder{}, `{"amount":"1","currency":"ABC"}`, "", currency.ErrUnknownCurrency},
		{"lower-case code", currency.JSONDecoder{}, `{"amount":"1","currency":"usd"}`, "", currency.ErrUnknownCurrency},
		{"XTS not in ISO list", currency.JSONDecoder{}, `{"amount":"1","currency":"XTS"}`, "", currency.ErrUnknownCurrency},
		{"empty code", currency.JSONDecoder{}, `{"amount":"1","currency":""}`, "", currency.ErrUnknownCurrency},
		{"unknown member", currency.JSONDecoder{}, `{"amount":"1","currency":"USD","memo":"x"}`, "", currency.ErrInvalidAmount},
		{"member case", currency.JSONDecoder{}, `{"Amount":"1","currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"duplicate amount", currency.JSONDecoder{}, `{"amount":"1","amount":"1000","currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"duplicate currency", currency.JSONDecoder{}, `{"amount":"1","currency":"USD","currency":"EUR"}`, "", currency.ErrInvalidAmount},
		{"missing amount", currency.JSONDecoder{}, `{"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"missing currency", currency.JSONDecoder{}, `{"amount":"1"}`, "", currency.ErrInvalidAmount},
		{"empty object", currency.JSONDecoder{}, `{}`, "", currency.ErrInvalidAmount},
		{"null amount", currency.JSONDecoder{}, `{"amount":null,"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"null currency", currency.JSONDecoder{}, `{"amount":"1","currency":null}`, "", currency.ErrInvalidAmount},
		{"bool amount", numbers, `{"amount":true,"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"object amount", numbers, `{"amount":{"value":"1"},"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"array amount", numbers, `{"amount":["1"],"currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"number currency", numbers, `{"amount":"1","currency":840}`, "", currency.ErrInvalidAmount},
		{"junk amount", currency.JSONDecoder{}, `{"amount":"1,00","currency":"EUR"}`, "", currency.ErrInvalidAmount},
		{"spaces in amount", currency.JSONDecoder{}, `{"amount":" 1","currency":"EUR"}`, "", currency.ErrInvalidAmount},
		{"empty amount", currency.JSONDecoder{}, `{"amount":"","currency":"EUR"}`, "", currency.ErrInvalidAmount},
		{"NaN amount", currency.JSONDecoder{}, `{"amount":"NaN","currency":"EUR"}`, "", currency.ErrInvalidAmount},
		{"code in amount", currency.JSONDecoder{}, `{"amount":"EUR 1","currency":"EUR"}`, "", currency.ErrInvalidAmount},
		{"strict ok", strict, `{"amount":"1.23","currency":"USD"}`, "1.23 USD", nil},
		{"strict too many", strict, `{"amount":"1.230","currency":"USD"}`, "", currency.ErrInvalidAmount},
		{"strict yen", strict, `{"amount":"1.0","currency":"JPY"}`, "", currency.ErrInvalidAmount},
		{"trailing object", currency.JSONDecoder{}, `{"amount":"1","currency":"USD"}{}`, "", currency.ErrInvalidAmount},
		{"trailing brace", currency.JSONDecoder{}, `{"amount":"1","currency":"USD"}}`, "", currency.ErrInvalidAmount},
		{"trailing bracket", currency.JSONDecoder{}, `{"amount":"1","currency":"USD"}]`, "", currency.ErrInvalidAmount},
		{"trailing junk", currency.JSONDecoder{}, `{"amount":"1","currency":"USD"} x`, "", currency.ErrInvalidAmount},
		{"trailing comma", currency.JSONDecoder{}, `{"amount":"1","currency":"USD",}`, "", currency.ErrInvalidAmount},
		{"truncated", currency.JSONDecoder{}, `{"amount":"1","currency":"USD"`, "", currency.ErrInvalidAmount},
		{"not an object", currency.JSONDecoder{}, `"12.34 USD"`, "", currency.ErrInvalidAmount},
		{"array", currency.JSONDecoder{}, `[{"amount":"1","currency":"USD"}]`, "", currency.ErrInvalidAmount},
		{"null", currency.JSONDecoder{}, `null`, "", currency.ErrInvalidAmount},
		{"empty", currency.JSONDecoder{}, ``, "", currency.ErrInvalidAmount},
		{"bad syntax", currency.JSONDecoder{}, `{"amount" "1","currency":"USD"}`, "", currency.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.d.Decode([]byte(tt.in))
			checkErr(t, err, tt.err)
			full, err := currency.DecodeJSONFull(tt.d, []byte(tt.in))
			checkErr(t, err, tt.err)
			if !full.Equal(a) || full.String() != a.String() {
				t.Errorf("full decoder gives %v, Decode %v", full, a)
			}
			if tt.err == nil && a.String() != tt.want {
				t.Errorf("Decode(%s) = %v, want %s", tt.in, a, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "currency: ") {
				t.Errorf("message %q does not start with the package name", err)
			}
		})
	}
}

func TestUnmarshalJSON(t *testing.T) {
	type payment struct {
		Total currency.Amount  `json:"total"`
		Fee   *currency.Amount `json:"fee"`
	}
	var p payment
	err := json.Unmarshal([]byte(`{"total":{"amount":"10.5","currency":"EUR"},"fee":{"amount":"0.25","currency":"EUR"}}`), &p)
	checkErr(t, err, nil)
	if p.Total.String() != "10.50 EUR" || p.Fee == nil || p.Fee.String() != "0.25 EUR" {
		t.Errorf("decoded %+v", p)
	}

	// On error, the destination is untouched.
	before := amt(t, "1.00", "USD")
	a := before
	for _, bad := range []string{
		`{"amount":"2","currency":"ABC"}`,
		`{"amount":2,"currency":"USD"}`,
		`{"amount":"2","currency":"USD","x":1}`,
		`{"amount":"2"}`,
		`"2 USD"`,
	} {
		if err := json.Unmarshal([]byte(bad), &a); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
		if a != before {
			t.Errorf("Unmarshal(%s) changed the amount to %v", bad, a)
		}
		if err := a.UnmarshalJSON([]byte(bad)); err == nil || a != before {
			t.Errorf("UnmarshalJSON(%s): err %v, amount %v", bad, err, a)
		}
	}

	// A JSON null is a no-op, as encoding/json expects of Unmarshalers.
	if err := json.Unmarshal([]byte(`{"total":null,"fee":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Total.String() != "10.50 EUR" || p.Fee != nil {
		t.Errorf("null changed the values: %+v", p)
	}

	// Errors reach the caller through encoding/json, matchable.
	err = json.Unmarshal([]byte(`{"total":{"amount":"1","currency":"ZZZ"}}`), &p)
	var unknown *currency.UnknownCurrencyError
	if !errors.As(err, &unknown) || unknown.Code != "ZZZ" {
		t.Errorf("error = %v, want an *UnknownCurrencyError", err)
	}
	err = json.Unmarshal([]byte(`{"total":{"amount":"x","currency":"USD"}}`), &p)
	var invalid *currency.InvalidAmountError
	if !errors.As(err, &invalid) {
		t.Errorf("error = %v, want an *InvalidAmountError", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, s := range []string{"0.00 USD", "2.5 USD", "-12.345 USD", "100 JPY", "0.001 KWD", "1.2345 CLF", "99999999999999999999999.99 EUR"} {
		a, err := currency.ParseAmount(s)
		checkErr(t, err, nil)
		b, err := json.Marshal(a)
		checkErr(t, err, nil)
		var back currency.Amount
		checkErr(t, json.Unmarshal(b, &back), nil)
		if !back.Equal(a) || back.String() != a.String() {
			t.Errorf("%s → %s → %v", s, b, back)
		}
	}
}

func TestSQL(t *testing.T) {
	var _ driver.Valuer = currency.Amount{}
	var _ sql.Scanner = (*currency.Amount)(nil)

	for _, s := range []string{"12.34 USD", "-0.50 EUR", "100 JPY", "0.001 KWD", "1.2345 USD"} {
		a, err := currency.ParseAmount(s)
		checkErr(t, err, nil)
		v, err := a.Value()
		checkErr(t, err, nil)
		if v != s {
			t.Errorf("Value(%v) = %#v, want %q", a, v, s)
		}
		for _, src := range []any{v, []byte(v.(string))} {
			var back currency.Amount
			checkErr(t, back.Scan(src), nil)
			if !back.Equal(a) || back.String() != s {
				t.Errorf("Scan(%#v) = %v, want %v", src, back, a)
			}
		}
	}

	before := amt(t, "1.00", "USD")
	for _, src := range []any{nil, 12.34, int64(1234), "12.34", "12.34 ABC", "", []byte("x")} {
		a := before
		if err := a.Scan(src); !errors.Is(err, currency.ErrInvalidAmount) && !errors.Is(err, currency.ErrUnknownCurrency) {
			t.Errorf("Scan(%#v) = %v, want an invalid amount or unknown currency", src, err)
		} else if !strings.HasPrefix(err.Error(), "currency: ") {
			t.Errorf("Scan(%#v) message %q", src, err)
		}
		if a != before {
			t.Errorf("Scan(%#v) changed the amount to %v", src, a)
		}
	}

	var n sql.Null[currency.Amount]
	checkErr(t, n.Scan(nil), nil)
	if n.Valid {
		t.Error("NULL scanned as valid")
	}
	checkErr(t, n.Scan("5.00 EUR"), nil)
	if !n.Valid || n.V.String() != "5.00 EUR" {
		t.Errorf("sql.Null scan: %+v", n)
	}
}
