package support

import "github.com/paydesk/paydesk/support/redact"

// Redact returns s with every secret masked the way the Desk masks the texts
// it stores (Options.Redactor), and what was masked. The Desk masks every
// text it is given — subject, description, reply, note, feedback comment,
// field values, transaction references and the texts of custom events —
// before it validates, fingerprints or stores it, so a card number never
// reaches the store. A host that wants to tell the author what was hidden
// (the chat package does) calls Redact on the text first, passes Result.Text
// on, and renders the Result with a redact.Explainer; masking a masked text
// changes nothing.
func (d *Desk) Redact(s string) redact.Result { return d.redactor.Redact(s) }

// mask returns s with every secret masked.
func (d *Desk) mask(s string) string { return d.redactor.Redact(s).Text }

// maskFields masks the values of fields, a slice the caller owns.
func (d *Desk) maskFields(fields []Field) {
	for i := range fields {
		fields[i].Value = d.mask(fields[i].Value)
	}
}

// maskEach masks each string of refs, a slice the caller owns.
func (d *Desk) maskEach(refs []string) {
	for i := range refs {
		refs[i] = d.mask(refs[i])
	}
}
