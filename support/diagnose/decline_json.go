package diagnose

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// MaxTableBytes limits a JSON table given to DecodeDeclines.
const MaxTableBytes = 1 << 20

// declineJSON is the JSON form of a DeclineRule.
type declineJSON struct {
	Code      string `json:"code"`
	Cause     Cause  `json:"cause"`
	Retry     Retry  `json:"retry"`
	Wait      string `json:"wait,omitempty"`
	Sensitive bool   `json:"sensitive,omitempty"`
	Article   string `json:"article,omitempty"`
}

// MarshalJSON encodes r in the form DecodeDeclines reads.
func (r DeclineRule) MarshalJSON() ([]byte, error) {
	j := declineJSON{Code: r.Code, Cause: r.Cause, Retry: r.Retry, Sensitive: r.Sensitive, Article: r.Article}
	if r.Wait != 0 {
		j.Wait = r.Wait.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes one rule strictly: unknown fields, a wait that is
// not a Go duration and a rule that does not validate are errors, and on
// error r is unchanged. The code is normalized (see NormalizeCode).
func (r *DeclineRule) UnmarshalJSON(data []byte) error {
	var j declineJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return fmt.Errorf("diagnose: decline rule: %w", err)
	}
	v := DeclineRule{Cause: j.Cause, Retry: j.Retry, Sensitive: j.Sensitive, Article: j.Article}
	code, err := NormalizeCode(j.Code)
	if err != nil {
		return &RuleError{Table: "declines", Index: -1, Code: clip(j.Code), Reason: err.Error()}
	}
	v.Code = code
	if j.Wait != "" {
		if v.Wait, err = time.ParseDuration(j.Wait); err != nil {
			return &RuleError{Table: "declines", Index: -1, Code: code, Reason: "wait is not a duration such as 15m or 24h"}
		}
	}
	if reason := v.validate(); reason != "" {
		return &RuleError{Table: "declines", Index: -1, Code: code, Reason: reason}
	}
	*r = v
	return nil
}

// DecodeDeclines reads a host's decline rules from a JSON array of rules
// (see DeclineRule) for NewDeclines. It is strict: unknown fields,
// trailing data, more than MaxTableBytes, and a rule that does not
// validate are errors; a bad rule is a *RuleError naming its position.
func DecodeDeclines(r io.Reader) ([]DeclineRule, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTableBytes+1))
	if err != nil {
		return nil, fmt.Errorf("diagnose: reading declines: %w", err)
	}
	if len(data) > MaxTableBytes {
		return nil, fmt.Errorf("diagnose: declines table over %d bytes", MaxTableBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw []json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("diagnose: declines: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("diagnose: declines: data after the table")
	}
	rules := make([]DeclineRule, len(raw))
	for i, m := range raw {
		if err := rules[i].UnmarshalJSON(m); err != nil {
			var re *RuleError
			if errors.As(err, &re) {
				c := *re
				c.Index = i
				return nil, &c
			}
			return nil, fmt.Errorf("diagnose: declines entry %d: %w", i, err)
		}
	}
	return rules, nil
}
