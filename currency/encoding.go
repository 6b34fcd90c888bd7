package currency

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
)

// MarshalJSON encodes a as {"amount":"12.34","currency":"USD"}, the amount a
// string at the currency's scale ("2.50", never "2.5") so that no JSON reader
// turns it into a float.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a.c.d == nil {
		return nil, errors.New("currency: cannot encode an amount without a currency")
	}
	num := a.scaled()
	b := make([]byte, 0, len(num)+34)
	b = append(b, `{"amount":"`...)
	b = append(b, num...)
	b = append(b, `","currency":"`...)
	b = append(b, a.c.d.code...)
	b = append(b, `"}`...)
	return b, nil
}

// UnmarshalJSON decodes {"amount":"12.34","currency":"USD"} with the default
// JSONDecoder: ISO 4217 currencies only, amounts as strings only. On error, a
// is left unchanged.
func (a *Amount) UnmarshalJSON(data []byte) error {
	v, err := JSONDecoder{}.Decode(data)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// JSONDecoder decodes amounts from JSON with options. The zero JSONDecoder is
// what Amount.UnmarshalJSON uses. It is safe for concurrent use.
type JSONDecoder struct {
	// Registry resolves currency codes; nil means the ISO 4217 list.
	Registry *Registry
	// AllowNumbers accepts a JSON number ({"amount":12.34}) as well as a
	// string. The number's text is read as a decimal, never through float64.
	AllowNumbers bool
	// Strict rejects amounts with more decimals than the currency's minor units.
	Strict bool
}

type jsonAmount struct {
	Amount   json.RawMessage `json:"amount"`
	Currency *string         `json:"currency"`
}

// Decode decodes one JSON object holding "amount" and "currency". Unknown
// fields, a missing field, an unknown currency, an amount that is not a string
// (unless AllowNumbers) and anything Parser would reject are errors.
func (d JSONDecoder) Decode(data []byte) (Amount, error) {
	var raw jsonAmount
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return Amount{}, fmt.Errorf("currency: decode amount: %w", err)
	}
	if dec.More() {
		return Amount{}, errors.New("currency: decode amount: trailing data")
	}
	if raw.Currency == nil || len(raw.Amount) == 0 {
		return Amount{}, errors.New(`currency: decode amount: "amount" and "currency" are required`)
	}
	c, err := d.Registry.Lookup(*raw.Currency)
	if err != nil {
		return Amount{}, err
	}
	if c.Code() != *raw.Currency {
		return Amount{}, &UnknownCurrencyError{Code: *raw.Currency} // JSON codes must be upper case
	}
	var num string
	switch raw.Amount[0] {
	case '"':
		if err := json.Unmarshal(raw.Amount, &num); err != nil {
			return Amount{}, fmt.Errorf("currency: decode amount: %w", err)
		}
	case 'n':
		return Amount{}, invalidAmount(string(raw.Amount), "null")
	default:
		if !d.AllowNumbers {
			return Amount{}, invalidAmount(string(raw.Amount), "JSON numbers are not accepted; send the amount as a string")
		}
		num = string(raw.Amount)
	}
	max := -1
	if d.Strict {
		max = c.Digits()
	}
	n, err := parseNumber(num, max)
	if err != nil {
		return Amount{}, err
	}
	return Amount{n: n, c: c}, nil
}

// Value implements driver.Valuer: a is stored as text "12.34 USD" (see
// String), which Scan reads back exactly. Hosts that keep the number and the
// code in two columns store Number() and CurrencyCode() instead.
func (a Amount) Value() (driver.Value, error) {
	if a.c.d == nil {
		return nil, errors.New("currency: cannot store an amount without a currency")
	}
	return a.String(), nil
}

// Scan implements sql.Scanner for text written by Value. On error, a is left
// unchanged.
func (a *Amount) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("currency: cannot scan %T into an Amount", src)
	}
	v, err := ParseAmount(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}
