package currency

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
)

// MarshalJSON encodes a as {"amount":"12.34","currency":"USD"}, the amount a
// string at the currency's scale ("2.50", never "2.5") so that no JSON reader
// turns it into a float. The zero Amount, which has no currency (an unset
// field), encodes as null, which UnmarshalJSON reads back into a fresh
// value as the zero Amount; a zero in a currency is {"amount":"0.00","currency":"USD"}.
// Amounts too long for the decoder to read back give an error.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a.c.d == nil {
		return []byte("null"), nil
	}
	if err := a.encodable(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 64)
	b = append(b, `{"amount":"`...)
	b = a.appendScaled(b)
	b = append(b, `","currency":"`...)
	b = append(b, a.c.d.code...)
	b = append(b, `"}`...)
	return b, nil
}

// UnmarshalJSON decodes {"amount":"12.34","currency":"USD"} with the zero
// JSONDecoder: ISO 4217 currencies only, amounts as strings only. Following
// the encoding/json convention, a JSON null leaves a unchanged, so the null
// that MarshalJSON writes for the zero Amount decodes into a fresh value as
// the zero Amount; on error, a is left unchanged too.
func (a *Amount) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	v, err := JSONDecoder{}.Decode(data)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// JSONDecoder decodes amounts from JSON with options. The zero JSONDecoder is
// what Amount.UnmarshalJSON uses. It is a value that is safe for concurrent use.
type JSONDecoder struct {
	// Registry resolves currency codes; nil means the ISO 4217 list.
	Registry *Registry
	// AllowNumbers accepts a JSON number ({"amount":12.34}) as well as a
	// string. The number's text is read as a decimal, never through float64,
	// and must still be a plain decimal (no exponent).
	AllowNumbers bool
	// Strict rejects amounts written with more decimals than the currency's
	// minor units.
	Strict bool
}

// Decode decodes one JSON object holding exactly the members "amount" (a
// string with a plain decimal number, see Parser) and "currency" (an
// upper-case code). Unknown, duplicated or missing members, a member name
// in another case, an unknown currency (*UnknownCurrencyError), an amount
// that is not a string (unless AllowNumbers), anything after the object and
// anything Parser would reject are errors; all but the unknown currency
// match ErrInvalidAmount.
func (d JSONDecoder) Decode(data []byte) (Amount, error) {
	var bufs [3][jsonBufLen]byte
	num, code, isString, res, reason := scanAmountObject(data, &bufs)
	switch res {
	case scanDone:
		return d.amount(string(num), string(code), isString)
	case scanInvalid:
		return Amount{}, &InvalidAmountError{Input: truncate(string(data)), Reason: reason}
	}
	return d.decodeFull(data)
}

// jsonBufLen bounds the unescaped length of the strings scanAmountObject
// decodes; longer ones go to decodeFull.
const jsonBufLen = 64

// scanResult says what scanAmountObject made of its input.
type scanResult uint8

const (
	scanDone    scanResult = iota // both members found
	scanInvalid                   // certainly not an acceptable amount object
	scanUnsure                    // a string the scanner does not decode: decodeFull decides
)

// scanAmountObject reads, without allocating, a JSON object with exactly the
// members "amount" (a string, or a number) and "currency" (a string), in
// either order, and returns their texts and whether the amount was a
// string; unescaped strings are written to bufs. It reports scanInvalid,
// with a reason, at the first byte that makes
// the input unacceptable (bad JSON, unknown, repeated or missing members,
// values of other types, trailing data), and scanUnsure when a string holds
// characters other than printable ASCII, which decodeFull then handles: the
// tests check that both read every input alike.
func scanAmountObject(data []byte, bufs *[3][jsonBufLen]byte) (num, code []byte, isString bool, res scanResult, reason string) {
	invalid := func(reason string) ([]byte, []byte, bool, scanResult, string) {
		return nil, nil, false, scanInvalid, reason
	}
	i := skipJSONSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return invalid("not a JSON object")
	}
	var haveNum, haveCode bool
	for member := 0; ; member++ {
		i = skipJSONSpace(data, i+1) // after '{' or ','
		if member == 0 && i < len(data) && data[i] == '}' {
			return invalid(`"amount" and "currency" are required`)
		}
		key, next, res := jsonString(data, i, bufs[0][:0])
		if res != scanDone {
			if res == scanInvalid {
				return invalid("malformed JSON")
			}
			return nil, nil, false, res, ""
		}
		switch {
		case string(key) == "amount" && haveNum, string(key) == "currency" && haveCode:
			return invalid(fmt.Sprintf("member %q appears twice", string(key)))
		case string(key) != "amount" && string(key) != "currency":
			return invalid(fmt.Sprintf("unknown member %q", string(key)))
		}
		if i = skipJSONSpace(data, next); i == len(data) || data[i] != ':' {
			return invalid("malformed JSON")
		}
		i = skipJSONSpace(data, i+1)
		if i == len(data) {
			return invalid("malformed JSON")
		}
		var val []byte
		switch c := data[i]; {
		case c == '"':
			val, next, res = jsonString(data, i, bufs[1+member][:0])
			if res != scanDone {
				if res == scanInvalid {
					return invalid("malformed JSON")
				}
				return nil, nil, false, res, ""
			}
		case c == '-' || (c >= '0' && c <= '9'):
			var ok bool
			if val, next, ok = jsonNumber(data, i); !ok {
				return invalid("malformed JSON")
			}
			if string(key) != "amount" {
				return invalid(`"currency" must be a string`)
			}
		case c == 't' || c == 'f' || c == 'n' || c == '{' || c == '[':
			return invalid(fmt.Sprintf("%q must be a string", string(key)))
		default:
			return invalid("malformed JSON")
		}
		if string(key) == "amount" {
			num, isString, haveNum = val, data[i] == '"', true
		} else {
			code, haveCode = val, true
		}
		if i = skipJSONSpace(data, next); i == len(data) {
			return invalid("malformed JSON")
		}
		switch data[i] {
		case ',':
			continue
		case '}':
			if !haveNum || !haveCode {
				return invalid(`"amount" and "currency" are required`)
			}
			if skipJSONSpace(data, i+1) != len(data) {
				return invalid("data after the JSON object")
			}
			return num, code, isString, scanDone, ""
		default:
			return invalid("malformed JSON")
		}
	}
}

// jsonNumber returns the JSON number starting at data[i] (RFC 8259 grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?) and the index after it.
func jsonNumber(data []byte, i int) (s []byte, next int, ok bool) {
	start := i
	digits := func() bool {
		j := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case !digits():
		return nil, 0, false
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			return nil, 0, false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			return nil, 0, false
		}
	}
	return data[start:i], i, true
}

// skipJSONSpace returns the index of the first byte at or after i that is
// not JSON white space.
func skipJSONSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// jsonString returns the contents of the JSON string starting at data[i]
// and the index after it: a slice of data when it has no escape, else the
// unescaped text appended to buf. It reports scanInvalid for anything that
// is not a well-formed JSON string, and scanUnsure for one holding other
// characters than printable ASCII (escaped or not) or too long for buf.
func jsonString(data []byte, i int, buf []byte) (s []byte, next int, res scanResult) {
	if i >= len(data) || data[i] != '"' {
		return nil, 0, scanInvalid
	}
	start := i + 1
	escaped := false
	for j := start; j < len(data); j++ {
		c := data[j]
		switch {
		case c == '"':
			if !escaped {
				return data[start:j], j + 1, scanDone
			}
			return buf, j + 1, scanDone
		case c < 0x20:
			return nil, 0, scanInvalid // control characters must be escaped
		case c >= 0x7f:
			return nil, 0, scanUnsure
		case c == '\\':
			r, n := jsonEscape(data[j:])
			if n == 0 {
				return nil, 0, scanInvalid
			}
			if r < 0x20 || r >= 0x7f {
				return nil, 0, scanUnsure
			}
			if !escaped {
				if j-start >= cap(buf) {
					return nil, 0, scanUnsure
				}
				escaped = true
				buf = append(buf[:0], data[start:j]...)
			}
			if len(buf) == cap(buf) {
				return nil, 0, scanUnsure
			}
			buf = append(buf, byte(r))
			j += n - 1
		default:
			if escaped {
				if len(buf) == cap(buf) {
					return nil, 0, scanUnsure
				}
				buf = append(buf, c)
			}
		}
	}
	return nil, 0, scanInvalid // unterminated
}

// jsonEscape decodes the JSON escape sequence at the start of e (which begins
// with a backslash) and returns the character and the sequence's length, or
// a length of 0 for an invalid sequence.
func jsonEscape(e []byte) (rune, int) {
	if len(e) < 2 {
		return 0, 0
	}
	switch e[1] {
	case '"', '\\', '/':
		return rune(e[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		if len(e) < 6 {
			return 0, 0
		}
		var r rune
		for _, h := range e[2:6] {
			switch {
			case h >= '0' && h <= '9':
				r = r<<4 | rune(h-'0')
			case h >= 'a' && h <= 'f':
				r = r<<4 | rune(h-'a'+10)
			case h >= 'A' && h <= 'F':
				r = r<<4 | rune(h-'A'+10)
			default:
				return 0, 0
			}
		}
		return r, 6
	}
	return 0, 0
}

// decodeFull is Decode for any input, through encoding/json's tokenizer.
func (d JSONDecoder) decodeFull(data []byte) (Amount, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(reason string, err error) (Amount, error) {
		return Amount{}, &InvalidAmountError{Input: truncate(string(data)), Reason: reason, Err: err}
	}
	if tok, err := dec.Token(); err != nil {
		return fail("not a JSON object", err)
	} else if tok != json.Delim('{') {
		return fail("not a JSON object", nil)
	}
	var (
		num, code         string
		haveNum, haveCode bool
		numIsString       bool
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail("malformed JSON", err)
		}
		key, _ := tok.(string)
		switch key {
		case "amount", "currency":
		default:
			return fail(fmt.Sprintf("unknown member %q", key), nil)
		}
		if (key == "amount" && haveNum) || (key == "currency" && haveCode) {
			return fail(fmt.Sprintf("member %q appears twice", key), nil)
		}
		val, err := dec.Token()
		if err != nil {
			return fail("malformed JSON", err)
		}
		switch v := val.(type) {
		case string:
			if key == "amount" {
				num, haveNum, numIsString = v, true, true
			} else {
				code, haveCode = v, true
			}
		case json.Number:
			if key != "amount" {
				return fail(`"currency" must be a string`, nil)
			}
			num, haveNum = string(v), true
		default:
			return fail(fmt.Sprintf("%q must be a string", key), nil)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return fail("malformed JSON", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("data after the JSON object", err)
	}
	if !haveNum || !haveCode {
		return fail(`"amount" and "currency" are required`, nil)
	}
	return d.amount(num, code, numIsString)
}

// amount finishes decoding once the members are known.
func (d JSONDecoder) amount(num, code string, numIsString bool) (Amount, error) {
	if !numIsString && !d.AllowNumbers {
		return Amount{}, invalidAmount(num, "JSON numbers are not accepted; send the amount as a string")
	}
	c, err := d.Registry.Lookup(code)
	if err != nil {
		return Amount{}, err
	}
	if c.Code() != code {
		return Amount{}, &UnknownCurrencyError{Code: code} // JSON codes must be upper case
	}
	n, err := parseNumber(num, -1)
	if err != nil {
		return Amount{}, err
	}
	if d.Strict && -n.Exponent() > c.digits() {
		return Amount{}, invalidAmount(num, "too many decimals for the currency")
	}
	return Amount{n: n, c: c}, nil
}

// Value implements driver.Valuer: a is stored as text "12.34 USD" (see
// String), which Scan reads back exactly. Hosts that keep the number and the
// code in two columns store Number() and CurrencyCode() instead. The zero
// Amount and amounts too long for Scan to read back give an error.
func (a Amount) Value() (driver.Value, error) {
	if a.c.d == nil {
		return nil, fmt.Errorf("currency: cannot store an amount without a currency: %w", ErrUnknownCurrency)
	}
	if err := a.encodable(); err != nil {
		return nil, err
	}
	return a.String(), nil
}

// Scan implements sql.Scanner for text written by Value, resolving codes with
// the ISO 4217 list (for a Registry's own currencies, scan into a string and
// parse it with a Parser using that Registry). A NULL is an error (scan into
// a sql.Null[Amount] to allow it). On error, a is left unchanged.
func (a *Amount) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case nil:
		return fmt.Errorf("currency: cannot scan NULL into an Amount (use sql.Null[currency.Amount]): %w", ErrInvalidAmount)
	default:
		return fmt.Errorf("currency: cannot scan %T into an Amount: %w", src, ErrInvalidAmount)
	}
	v, err := ParseAmount(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}
