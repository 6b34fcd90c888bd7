package support

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// UnmarshalJSON decodes a ticket strictly: unknown fields, trailing data and
// a ticket that fails Validate are errors, and on error t is unchanged.
func (t *Ticket) UnmarshalJSON(data []byte) error {
	type plain Ticket // no methods: no recursion
	var v plain
	if err := decodeStrict(data, &v); err != nil {
		return fmt.Errorf("support: decode ticket: %w", err)
	}
	tt := Ticket(v)
	if err := tt.Validate(); err != nil {
		return fmt.Errorf("support: decode ticket: %w", err)
	}
	*t = tt
	return nil
}

// UnmarshalJSON decodes an event strictly: unknown fields, trailing data and
// an event that fails Validate are errors, and on error e is unchanged.
func (e *Event) UnmarshalJSON(data []byte) error {
	type plain Event
	var v plain
	if err := decodeStrict(data, &v); err != nil {
		return fmt.Errorf("support: decode event: %w", err)
	}
	ev := Event(v)
	if err := ev.Validate(); err != nil {
		return fmt.Errorf("support: decode event: %w", err)
	}
	*e = ev
	return nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data")
	}
	return nil
}
