package fees

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/paydesk/paydesk/currency"
)

// MaxScheduleSize is the largest schedule document Decode reads, in bytes.
const MaxScheduleSize = 8 << 20

// Decode reads a schedule definition in JSON from r and compiles it with New.
// Decoding is strict: unknown fields, fields given twice, trailing data, a
// missing "rounding" object or a missing field of it, JSON null anywhere
// ({"percent": null} is refused, not read as 0%) and values of the wrong
// type are errors. A
// problem inside a rule is a *RuleError naming the rule (by position and id);
// any other problem is a *ScheduleError. Both match ErrInvalidSchedule.
// Decimal values (percentages, amounts) may be JSON strings or numbers; either
// way their text is read exactly, never through float64.
//
// The document's shape is the one of Definition:
//
//	{
//	  "name": "example",
//	  "rounding": {"mode": "half-up", "scope": "line", "received": "down"},
//	  "regions": {"NORDICS": ["DK", "FI", "IS", "NO", "SE"]},
//	  "rules": [{
//	    "id": "card-domestic",
//	    "operations": ["payment"], "methods": ["card"], "corridor": "domestic",
//	    "currencies": ["USD"],
//	    "components": [
//	      {"code": "processing", "kind": "percentage", "percent": "2.9"},
//	      {"code": "fixed", "kind": "fixed", "amounts": {"USD": "0.30"}}
//	    ]
//	  }]
//	}
func Decode(r io.Reader) (*Schedule, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScheduleSize+1))
	if err != nil {
		return nil, &ScheduleError{Err: fmt.Errorf("read: %w", err)}
	}
	if len(data) > MaxScheduleSize {
		return nil, &ScheduleError{Err: fmt.Errorf("larger than %d bytes", MaxScheduleSize)}
	}
	def, err := decodeDefinition(data)
	if err != nil {
		return nil, err
	}
	return New(def)
}

type jsonDefinition struct {
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Rounding    *jsonRounding       `json:"rounding"`
	Regions     map[string][]string `json:"regions"`
	Rules       []json.RawMessage   `json:"rules"`
}

type jsonRounding struct {
	Mode     *currency.RoundingMode `json:"mode"`
	Scope    *Scope                 `json:"scope"`
	Received *currency.RoundingMode `json:"received"`
}

// strict decodes one JSON value into v, refusing unknown fields and trailing data.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func decodeDefinition(data []byte) (Definition, error) {
	var jd jsonDefinition
	if err := strict(data, &jd); err != nil {
		return Definition{}, &ScheduleError{Err: err}
	}
	if err := noDuplicateKeys(data); err != nil {
		// Inside the rules this is reported below, naming the rule.
		var top jsonDefinition
		_ = json.Unmarshal(data, &top)
		for i, raw := range top.Rules {
			if err := noDuplicateKeys(raw); err != nil {
				return Definition{}, &RuleError{Index: i, ID: peekID(raw), Err: err}
			}
		}
		return Definition{}, &ScheduleError{Err: err}
	}
	if jd.Rounding == nil {
		return Definition{}, &ScheduleError{Field: "rounding", Err: errors.New("missing: fee rounding must be explicit")}
	}
	if jd.Rounding.Mode == nil || jd.Rounding.Scope == nil || jd.Rounding.Received == nil {
		return Definition{}, &ScheduleError{Field: "rounding", Err: errors.New(`"mode", "scope" and "received" are all required`)}
	}
	def := Definition{
		Name:        jd.Name,
		Description: jd.Description,
		Rounding:    Rounding{Mode: *jd.Rounding.Mode, Scope: *jd.Rounding.Scope, Received: *jd.Rounding.Received},
		Regions:     jd.Regions,
		Rules:       make([]Rule, len(jd.Rules)),
	}
	for i, raw := range jd.Rules {
		if err := strict(raw, &def.Rules[i]); err != nil {
			return Definition{}, &RuleError{Index: i, ID: peekID(raw), Err: err}
		}
	}
	return def, nil
}

// peekID returns the id of a rule document, best effort, to name it in errors.
func peekID(raw []byte) string {
	var peek struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &peek)
	return truncate(peek.ID)
}

// noDuplicateKeys refuses a JSON document in which an object has the same
// member twice: encoding/json would silently keep the last one. Names are
// compared the way encoding/json matches them to fields, without regard to
// case, so that {"percent":"1.5","PERCENT":"15"} is refused too. It also
// refuses JSON null anywhere: encoding/json would read {"percent": null} as
// the zero value, 0%, where the author meant something else; a field that
// is not wanted is left out.
func noDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// The document has already been decoded strictly, so its depth is
	// bounded by the shape of Definition.
	var walk func(key string) error
	walk = func(key string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == nil {
			if key == "" {
				return errors.New("null is not a value: leave the element out or give a value")
			}
			return fmt.Errorf("field %q is null: give a value or leave the field out", truncate(key))
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if seen[foldKey(key)] {
					return fmt.Errorf("duplicate field %q", truncate(key))
				}
				seen[foldKey(key)] = true
				if err := walk(key); err != nil {
					return err
				}
			}
			_, err = dec.Token() // '}'
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(key); err != nil {
					return err
				}
			}
			_, err = dec.Token() // ']'
			return err
		}
		return nil
	}
	return walk("")
}

// foldKey returns k case-folded: two names have the same foldKey exactly when
// strings.EqualFold (which is how encoding/json matches a member to a field)
// says they are equal.
func foldKey(k string) string {
	return strings.Map(func(r rune) rune {
		// The smallest rune of r's orbit under simple case folding.
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, k)
}
