package cases

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/support/redact"
)

// Evidence is what a dispute puts before the card network: values for the
// items of its reason's checklist and references to attached files. The
// files themselves live in the host's file storage; a case holds only their
// references, names, media types and sizes, and no event ever carries their
// contents. Evidence is plain data, not safe for concurrent modification.
type Evidence struct {
	// Fields holds the text, date, ID and amount items, by checklist name.
	Fields map[string]string `json:"fields,omitempty"`
	// Attachments are the files, each for an attachment item.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment references a file of the evidence.
type Attachment struct {
	Item string `json:"item"` // the checklist item it supports, of kind ItemAttachment
	Name string `json:"name"` // the file name shown to people
	Type string `json:"type"` // the media type, one of Limits.Types
	Size int64  `json:"size"` // in bytes, at most Limits.MaxAttachmentBytes
	Ref  string `json:"ref"`  // the host's reference to the stored file
}

// IsZero reports whether e holds nothing.
func (e Evidence) IsZero() bool { return len(e.Fields) == 0 && len(e.Attachments) == 0 }

// Equal reports whether e and o hold the same items and the same
// attachments in the same order.
func (e Evidence) Equal(o Evidence) bool {
	if len(e.Fields) != len(o.Fields) || !slices.Equal(e.Attachments, o.Attachments) {
		return false
	}
	for k, v := range e.Fields {
		if w, ok := o.Fields[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Clone returns a deep copy of e.
func (e Evidence) Clone() Evidence {
	var d Evidence
	if e.Fields != nil {
		d.Fields = maps.Clone(e.Fields)
	}
	if e.Attachments != nil {
		d.Attachments = slices.Clone(e.Attachments)
	}
	return d
}

// Default limits of evidence, close to what card networks accept.
const (
	DefaultMaxTextBytes       = 20000
	DefaultMaxTotalTextBytes  = 150000
	DefaultMaxAttachments     = 20
	DefaultMaxAttachmentBytes = 5 << 20
	DefaultMaxTotalBytes      = 10 << 20
	// MaxEvidenceJSONBytes is the largest document DecodeEvidence reads.
	MaxEvidenceJSONBytes = 1 << 20
)

// Limits bound the evidence of a case. A Limits is a plain value, safe for
// concurrent reads.
type Limits struct {
	MaxTextBytes       int      // one field's text
	MaxTotalTextBytes  int      // all fields together
	MaxAttachments     int      // number of attachments
	MaxAttachmentBytes int64    // one attachment's Size
	MaxTotalBytes      int64    // all attachments together
	Types              []string // allowed media types
}

// DefaultLimits returns the default limits: 20,000 bytes of text per field
// and 150,000 in all, 20 attachments of at most 5 MiB each and 10 MiB in
// all, of types application/pdf, image/jpeg and image/png.
func DefaultLimits() Limits {
	return Limits{
		MaxTextBytes: DefaultMaxTextBytes, MaxTotalTextBytes: DefaultMaxTotalTextBytes,
		MaxAttachments: DefaultMaxAttachments, MaxAttachmentBytes: DefaultMaxAttachmentBytes,
		MaxTotalBytes: DefaultMaxTotalBytes,
		Types:         []string{"application/pdf", "image/jpeg", "image/png"},
	}
}

// withDefaults fills zero limits with the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxTextBytes > 0 {
		d.MaxTextBytes = l.MaxTextBytes
	}
	if l.MaxTotalTextBytes > 0 {
		d.MaxTotalTextBytes = l.MaxTotalTextBytes
	}
	if l.MaxAttachments > 0 {
		d.MaxAttachments = l.MaxAttachments
	}
	if l.MaxAttachmentBytes > 0 {
		d.MaxAttachmentBytes = l.MaxAttachmentBytes
	}
	if l.MaxTotalBytes > 0 {
		d.MaxTotalBytes = l.MaxTotalBytes
	}
	if len(l.Types) > 0 {
		d.Types = slices.Clone(l.Types)
	}
	return d
}

// Check validates e against the checklist of reason r and the limits l
// (zero limits take the defaults): every field and attachment names an item
// of the checklist with a value of its kind, and nothing is over a limit.
// It does not require the required items; Missing lists those. The errors
// are *support.InputError naming the item, with reasons ErrUnknownItem,
// ErrTooLarge, ErrAttachmentType or support.ErrInvalidInput.
func (e Evidence) Check(r Reason, l Limits) error {
	return e.check(r, l.withDefaults())
}

func (e Evidence) check(r Reason, l Limits) error {
	if !r.IsValid() {
		return inputErr("reason", nil, "unknown dispute reason")
	}
	list := r.Checklist()
	total, seen := 0, 0
	for _, it := range list {
		v, ok := e.Fields[it.Name]
		if !ok {
			continue
		}
		seen++
		field := "evidence.fields." + it.Name
		switch {
		case it.Kind == ItemAttachment:
			return inputErr(field, nil, "an attachment item takes attachments, not text")
		case !utf8.ValidString(v):
			return inputErr(field, nil, "not valid UTF-8")
		case len(v) > l.MaxTextBytes:
			return inputErr(field, ErrTooLarge, fmt.Sprintf("%d bytes, limit %d", len(v), l.MaxTextBytes))
		case strings.TrimSpace(v) == "":
			return inputErr(field, nil, "empty")
		}
		if err := checkValue(field, it.Kind, v); err != nil {
			return err
		}
		total += len(v)
	}
	if seen < len(e.Fields) {
		for _, name := range slices.Sorted(maps.Keys(e.Fields)) {
			if !slices.ContainsFunc(list, func(it Item) bool { return it.Name == name }) {
				return inputErr("evidence.fields."+clip(name), ErrUnknownItem, fmt.Sprintf("not on the %s checklist", r))
			}
		}
	}
	if total > l.MaxTotalTextBytes {
		return inputErr("evidence.fields", ErrTooLarge, fmt.Sprintf("%d bytes of text, limit %d", total, l.MaxTotalTextBytes))
	}
	if len(e.Attachments) > l.MaxAttachments {
		return inputErr("evidence.attachments", ErrTooLarge, fmt.Sprintf("%d attachments, limit %d", len(e.Attachments), l.MaxAttachments))
	}
	var size int64
	for i, a := range e.Attachments {
		field := fmt.Sprintf("evidence.attachments[%d]", i)
		i := slices.IndexFunc(list, func(it Item) bool { return it.Name == a.Item })
		it, ok := Item{}, i >= 0
		if ok {
			it = list[i]
		}
		switch {
		case !ok:
			return inputErr(field+".item", ErrUnknownItem, fmt.Sprintf("%q is not on the %s checklist", clip(a.Item), r))
		case it.Kind != ItemAttachment:
			return inputErr(field+".item", nil, fmt.Sprintf("%q takes a %s, not an attachment", a.Item, it.Kind))
		case a.Name == "" || len(a.Name) > 255 || !printable(a.Name) || strings.ContainsAny(a.Name, `/\`):
			return inputErr(field+".name", nil, "1 to 255 printable bytes, no path")
		case !slices.Contains(l.Types, a.Type):
			return inputErr(field+".type", ErrAttachmentType, fmt.Sprintf("%q; allowed: %s", clip(a.Type), strings.Join(l.Types, ", ")))
		case a.Size <= 0:
			return inputErr(field+".size", nil, "positive")
		case a.Size > l.MaxAttachmentBytes:
			return inputErr(field+".size", ErrTooLarge, fmt.Sprintf("%d bytes, limit %d", a.Size, l.MaxAttachmentBytes))
		case a.Ref == "" || len(a.Ref) > 255 || !printable(a.Ref) || strings.ContainsRune(a.Ref, ' '):
			return inputErr(field+".ref", nil, "1 to 255 printable bytes without spaces")
		}
		size += a.Size
		if size > l.MaxTotalBytes {
			return inputErr("evidence.attachments", ErrTooLarge, fmt.Sprintf("more than %d bytes in all", l.MaxTotalBytes))
		}
	}
	return nil
}

// checkValue checks the value of a date, ID or amount item.
func checkValue(field string, k ItemKind, v string) error {
	switch k {
	case ItemDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return inputErr(field, nil, "a date written YYYY-MM-DD")
		}
	case ItemID:
		if !ident(v) {
			return inputErr(field, nil, "1 to 64 printable ASCII bytes without spaces")
		}
	case ItemAmount:
		a, err := currency.ParseAmount(v)
		if err != nil || a.IsNegative() {
			return inputErr(field, nil, `an amount such as "12.34 USD"`)
		}
	}
	return nil
}

// Missing returns the names of the required items of r's checklist that e
// lacks, in checklist order.
func (e Evidence) Missing(r Reason) []string {
	var out []string
	for _, it := range r.Checklist() {
		if !it.Required {
			continue
		}
		if it.Kind == ItemAttachment {
			if !slices.ContainsFunc(e.Attachments, func(a Attachment) bool { return a.Item == it.Name }) {
				out = append(out, it.Name)
			}
		} else if strings.TrimSpace(e.Fields[it.Name]) == "" {
			out = append(out, it.Name)
		}
	}
	return out
}

// redacted returns e with card numbers and other secrets masked in its
// texts and file names, as the Desk masks every text it stores.
func (e Evidence) redacted(r *redact.Redactor) Evidence {
	d := e.Clone()
	for k, v := range d.Fields {
		d.Fields[k] = r.Redact(v).Text
	}
	for i := range d.Attachments {
		d.Attachments[i].Name = r.Redact(d.Attachments[i].Name).Text
	}
	return d
}

// DecodeEvidence reads one evidence submission as JSON, strictly: at most
// MaxEvidenceJSONBytes, no unknown members, no trailing data, no null or
// duplicate field names. It does not check the evidence against a
// checklist (Evidence.Check and the Service do). Errors are
// *support.InputError.
func DecodeEvidence(r io.Reader) (Evidence, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxEvidenceJSONBytes+1))
	if err != nil {
		return Evidence{}, fmt.Errorf("cases: reading evidence: %w", err)
	}
	if len(data) > MaxEvidenceJSONBytes {
		return Evidence{}, inputErr("evidence", ErrTooLarge, fmt.Sprintf("more than %d bytes", MaxEvidenceJSONBytes))
	}
	var e Evidence
	if err := e.UnmarshalJSON(data); err != nil {
		return Evidence{}, err
	}
	return e, nil
}

type evidenceJSON Evidence

// UnmarshalJSON decodes evidence strictly (see DecodeEvidence), except for
// the size limit.
func (e *Evidence) UnmarshalJSON(data []byte) error {
	if err := checkDuplicateKeys(data); err != nil {
		return inputErr("evidence", nil, err.Error())
	}
	var v evidenceJSON
	if err := strictJSON(data, &v); err != nil {
		return inputErr("evidence", nil, err.Error())
	}
	if len(v.Fields) == 0 {
		v.Fields = nil
	}
	if len(v.Attachments) == 0 {
		v.Attachments = nil
	}
	*e = Evidence(v)
	return nil
}
