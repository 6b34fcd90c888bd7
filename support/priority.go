package support

import (
	"fmt"
	"maps"
)

// UnknownPriorityError reports an input that is not a priority.
// It matches ErrUnknownPriority.
type UnknownPriorityError struct {
	Input string // the offending code, truncated to 64 bytes, or the numeric value
}

// Error describes the refused input and the valid codes.
func (e *UnknownPriorityError) Error() string {
	return fmt.Sprintf("support: unknown priority %q (want low, normal, high or urgent)", e.Input)
}

// Is reports whether target is ErrUnknownPriority.
func (e *UnknownPriorityError) Is(target error) bool { return target == ErrUnknownPriority }

// Priority is how urgently a ticket needs attention. It selects the ticket's
// SLA targets (see SLAPolicy) and orders an agent's queue.
//
// The zero value is not a valid priority: it means "not set", so a ticket
// created without one gets its starting priority from the Desk's
// PriorityRules instead of silently becoming Normal. Valid priorities compare
// in order of urgency: PriorityLow < PriorityNormal < PriorityHigh <
// PriorityUrgent.
//
// The text form (String, MarshalText, ParsePriority) is the stable lower-case
// code: "low", "normal", "high", "urgent". Priority is a plain value and safe
// for concurrent use.
type Priority uint8

// The four priorities, from least to most urgent.
const (
	PriorityLow Priority = iota + 1
	PriorityNormal
	PriorityHigh
	PriorityUrgent
)

var priorityCodes = [...]string{
	PriorityLow:    "low",
	PriorityNormal: "normal",
	PriorityHigh:   "high",
	PriorityUrgent: "urgent",
}

// Priorities returns the four valid priorities from least to most urgent, in a
// new slice.
func Priorities() []Priority {
	return []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}
}

// IsValid reports whether p is one of the four priorities.
func (p Priority) IsValid() bool { return p >= PriorityLow && p <= PriorityUrgent }

// String returns the priority's code, or "Priority(n)" for an invalid value.
func (p Priority) String() string {
	if !p.IsValid() {
		return fmt.Sprintf("Priority(%d)", uint8(p))
	}
	return priorityCodes[p]
}

// ParsePriority returns the priority with the given code ("low", "normal",
// "high" or "urgent"; exact, lower case). Any other input, including the empty
// string, gets an *UnknownPriorityError.
func ParsePriority(code string) (Priority, error) {
	for p := PriorityLow; p <= PriorityUrgent; p++ {
		if priorityCodes[p] == code {
			return p, nil
		}
	}
	return 0, &UnknownPriorityError{Input: clipInput(code)}
}

// MarshalText implements encoding.TextMarshaler. An invalid priority, including
// the zero value, is an error rather than a code that could not be read back.
func (p Priority) MarshalText() ([]byte, error) {
	if !p.IsValid() {
		return nil, &UnknownPriorityError{Input: fmt.Sprint(uint8(p))}
	}
	return []byte(priorityCodes[p]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParsePriority. On
// error *p is left unchanged.
func (p *Priority) UnmarshalText(text []byte) error {
	v, err := ParsePriority(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// PriorityRules decide the priority a new ticket starts with when its creator
// does not set one: a default, and optional per-category overrides. A host
// replaces the rules by building its own with NewPriorityRules.
//
// The zero value starts every ticket at PriorityNormal. A PriorityRules is
// immutable once built (With returns a modified copy), so it is safe for
// concurrent use and can be copied freely.
type PriorityRules struct {
	def   Priority
	byCat map[Category]Priority // never mutated after construction
}

// DefaultPriorityRules returns the built-in rules, a fresh value on each call:
// every category starts at PriorityNormal except
//
//   - security (suspected fraud or account takeover) starts PriorityHigh,
//   - account_locked (the customer cannot reach their money) starts PriorityHigh,
//   - dispute (card-network and bank deadlines run from the first contact)
//     starts PriorityHigh.
//
// Nothing starts urgent: urgency is an agent's or a host rule's judgment
// (for example on the amount at stake), not a property of a category.
func DefaultPriorityRules() PriorityRules {
	return PriorityRules{def: PriorityNormal, byCat: map[Category]Priority{
		CategorySecurity:      PriorityHigh,
		CategoryAccountLocked: PriorityHigh,
		CategoryDispute:       PriorityHigh,
	}}
}

// NewPriorityRules returns rules that start a ticket of category c at
// byCategory[c], and every other ticket at def. The map is copied. Invalid
// priorities are an *UnknownPriorityError and malformed categories an
// *UnknownCategoryError; categories are not checked against a CategorySet,
// so a host's own categories may be used.
func NewPriorityRules(def Priority, byCategory map[Category]Priority) (PriorityRules, error) {
	if !def.IsValid() {
		return PriorityRules{}, fmt.Errorf("support: default priority: %w", &UnknownPriorityError{Input: fmt.Sprint(uint8(def))})
	}
	for c, p := range byCategory {
		if !c.WellFormed() {
			return PriorityRules{}, fmt.Errorf("support: priority rules: %w", malformedCategory(string(c)))
		}
		if !p.IsValid() {
			return PriorityRules{}, fmt.Errorf("support: priority rules for %s: %w", c, &UnknownPriorityError{Input: fmt.Sprint(uint8(p))})
		}
	}
	return PriorityRules{def: def, byCat: maps.Clone(byCategory)}, nil
}

// For returns the starting priority of a ticket in category c.
func (r PriorityRules) For(c Category) Priority {
	if p, ok := r.byCat[c]; ok {
		return p
	}
	if r.def.IsValid() {
		return r.def
	}
	return PriorityNormal
}

// Default returns the priority of categories without an override.
func (r PriorityRules) Default() Priority {
	if r.def.IsValid() {
		return r.def
	}
	return PriorityNormal
}

// Overrides returns a copy of the per-category overrides.
func (r PriorityRules) Overrides() map[Category]Priority {
	out := make(map[Category]Priority, len(r.byCat))
	maps.Copy(out, r.byCat)
	return out
}

// With returns a copy of r in which category c starts at priority p; r itself
// is unchanged. It reports the same errors as NewPriorityRules.
func (r PriorityRules) With(c Category, p Priority) (PriorityRules, error) {
	m := r.Overrides()
	m[c] = p
	return NewPriorityRules(r.Default(), m)
}

// clipInput shortens untrusted input quoted in error messages.
func clipInput(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
