package support

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Size limits on ticket data. The description and message limit is a Desk
// option (Options.MaxBodyBytes); these are fixed.
const (
	// DefaultMaxBodyBytes is the default limit on a description, reply or note.
	DefaultMaxBodyBytes = 1 << 20
	// MaxSubjectBytes limits a subject.
	MaxSubjectBytes = 1024
	// MaxTags limits the tags on a ticket.
	MaxTags = 64
	// MaxFields limits the custom fields on a ticket.
	MaxFields = 128
	// MaxTransactions limits the transaction references on a ticket.
	MaxTransactions = 64
	// MaxFieldValueBytes limits a custom field's value.
	MaxFieldValueBytes = 4096

	maxNameBytes  = 256 // IDs: customer, agent, group, ticket, idempotency key
	maxIdentBytes = 64  // identifiers: tags, field names, host statuses
)

// checkText reports an *InputError when s is not valid UTF-8, holds a NUL
// byte, or is longer than max bytes.
func checkText(field, s string, max int) error {
	if len(s) > max {
		return inputErr(field, ErrTooLong, fmt.Sprintf("%d bytes, limit %d", len(s), max))
	}
	if !utf8.ValidString(s) {
		return inputErr(field, ErrInvalidUTF8, "")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return inputErr(field, ErrInvalidInput, "contains a NUL byte")
	}
	return nil
}

// checkLine is checkText for single-line text: no control characters.
func checkLine(field, s string, max int) error {
	if err := checkText(field, s, max); err != nil {
		return err
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return inputErr(field, ErrInvalidInput, "contains a control character")
	}
	return nil
}

// checkName validates an ID-like name (customer, agent, group, reference):
// non-empty single-line text of at most maxNameBytes.
func checkName(field, s string, missing error) error {
	if strings.TrimSpace(s) == "" {
		return inputErr(field, missing, "")
	}
	return checkLine(field, s, maxNameBytes)
}

// checkIdent validates an identifier: 1-64 bytes of lower-case ASCII
// letters, digits, '_', '-', '.' and ':'.
func checkIdent(field, s string) error {
	if s == "" {
		return inputErr(field, ErrInvalidInput, "empty")
	}
	if len(s) > maxIdentBytes {
		return inputErr(field, ErrTooLong, fmt.Sprintf("%d bytes, limit %d", len(s), maxIdentBytes))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':') {
			return inputErr(field, ErrInvalidInput, fmt.Sprintf("%q: use lower-case letters, digits, '_', '-', '.', ':'", s))
		}
	}
	return nil
}

// normalizeTags lower-cases, sorts and de-duplicates tags and validates them.
// It returns a new slice.
func normalizeTags(tags []string) ([]string, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if err := checkIdent("tags", t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > MaxTags {
		return nil, inputErr("tags", ErrTooLong, fmt.Sprintf("%d tags, limit %d", len(out), MaxTags))
	}
	return slices.Clip(out), nil
}

// normalizeTransactions validates references and removes duplicates,
// keeping the first occurrence's order. It returns a new slice.
func normalizeTransactions(refs []string) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		r = strings.TrimSpace(r)
		if err := checkName("transactions", r, ErrInvalidInput); err != nil {
			return nil, err
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) > MaxTransactions {
		return nil, inputErr("transactions", ErrTooLong, fmt.Sprintf("%d references, limit %d", len(out), MaxTransactions))
	}
	return slices.Clip(out), nil
}

// normalizeFields validates fields and returns them sorted by name, as a
// new slice. Names must be unique.
func normalizeFields(fields []Field) ([]Field, error) {
	if len(fields) == 0 {
		return nil, nil
	}
	if len(fields) > MaxFields {
		return nil, inputErr("fields", ErrTooLong, fmt.Sprintf("%d fields, limit %d", len(fields), MaxFields))
	}
	out := slices.Clone(fields)
	for _, f := range out {
		if err := checkIdent("fields.name", f.Name); err != nil {
			return nil, err
		}
		if err := checkText("fields."+f.Name, f.Value, MaxFieldValueBytes); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b Field) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(out); i++ {
		if out[i].Name == out[i-1].Name {
			return nil, inputErr("fields."+out[i].Name, ErrInvalidInput, "defined twice")
		}
	}
	return out, nil
}

// Validate reports whether t is a well-formed stored ticket: an ID, a
// customer, a subject, a defined category, status and channel, a defined
// priority (or none, in a customer's view), a well-formed category code,
// text within limits, an amount at stake (if any) with a currency and not
// negative, and a version of at least 1. Stores may call it before writing; JSON decoding
// calls it. It does not check the body limit, which is a Desk option.
func (t *Ticket) Validate() error {
	if err := checkName("id", string(t.ID), ErrInvalidInput); err != nil {
		return err
	}
	if err := checkName("customer", t.Customer, ErrMissingCustomer); err != nil {
		return err
	}
	if strings.TrimSpace(t.Subject) == "" {
		return inputErr("subject", ErrEmptySubject, "")
	}
	if err := checkLine("subject", t.Subject, MaxSubjectBytes); err != nil {
		return err
	}
	if !utf8.ValidString(t.Description) {
		return inputErr("description", ErrInvalidUTF8, "")
	}
	if !t.Category.WellFormed() {
		return inputErr("category", malformedCategory(string(t.Category)), "")
	}
	if t.Priority != 0 && !t.Priority.IsValid() {
		return inputErr("priority", &UnknownPriorityError{Input: t.Priority.String()}, "")
	}
	if !t.Status.IsValid() {
		return inputErr("status", ErrUnknownStatus, t.Status.String())
	}
	if t.HostStatus != "" {
		if err := checkIdent("host_status", t.HostStatus); err != nil {
			return err
		}
	}
	if !t.Channel.IsValid() {
		return inputErr("channel", ErrInvalidInput, "unknown channel")
	}
	for _, r := range t.Transactions {
		if err := checkName("transactions", r, ErrInvalidInput); err != nil {
			return err
		}
	}
	if len(t.Transactions) > MaxTransactions {
		return inputErr("transactions", ErrTooLong, "")
	}
	if len(t.Tags) > MaxTags {
		return inputErr("tags", ErrTooLong, "")
	}
	for i, tag := range t.Tags {
		if err := checkIdent("tags", tag); err != nil {
			return err
		}
		if i > 0 && t.Tags[i-1] >= tag {
			return inputErr("tags", ErrInvalidInput, "not sorted and unique")
		}
	}
	for _, f := range []struct{ name, v string }{{"assignee", t.Assignee}, {"group", t.Group}, {"follow_up_of", string(t.FollowUpOf)}, {"merged_into", string(t.MergedInto)}} {
		if f.v != "" {
			if err := checkLine(f.name, f.v, maxNameBytes); err != nil {
				return err
			}
		}
	}
	if len(t.Fields) > MaxFields {
		return inputErr("fields", ErrTooLong, "")
	}
	for i, f := range t.Fields {
		if err := checkIdent("fields.name", f.Name); err != nil {
			return err
		}
		if err := checkText("fields."+f.Name, f.Value, MaxFieldValueBytes); err != nil {
			return err
		}
		if i > 0 && t.Fields[i-1].Name >= f.Name {
			return inputErr("fields", ErrInvalidInput, "not sorted by unique name")
		}
	}
	if _, err := checkAmount(t.Amount); err != nil {
		return err
	}
	for i, c := range t.SLA {
		if !c.Target.IsValid() || !c.Status.IsValid() {
			return inputErr("sla", ErrInvalidInput, "a clock needs a valid target and status")
		}
		if c.Budget < 0 {
			return inputErr("sla", ErrInvalidInput, "negative budget")
		}
		for _, d := range t.SLA[:i] {
			if d.Target == c.Target {
				return inputErr("sla", ErrInvalidInput, "two clocks for one target")
			}
		}
	}
	if t.MergedInto != "" && t.Status != StatusClosed {
		return inputErr("merged_into", ErrInvalidInput, "a merged ticket must be closed")
	}
	if t.Version < 1 {
		return inputErr("version", ErrInvalidInput, "must be at least 1")
	}
	return nil
}
