package support

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// fingerprint returns a hash identifying a request by its parts, stored with
// its idempotency key so that the same key sent with a different request is
// refused instead of silently answered with the first result.
func fingerprint(parts ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// openFingerprint identifies the ticket an Open request describes, after
// validation and defaults.
func openFingerprint(t *Ticket) string {
	parts := []string{t.Customer, t.Subject, t.Description, string(t.Category), t.Priority.String(),
		t.Language.String(), t.Channel.String(), t.Assignee, t.Group, string(t.FollowUpOf)}
	if t.Amount != nil {
		parts = append(parts, t.Amount.String())
	} else {
		parts = append(parts, "")
	}
	parts = append(parts, "transactions")
	parts = append(parts, t.Transactions...)
	parts = append(parts, "tags")
	parts = append(parts, t.Tags...)
	parts = append(parts, "fields")
	for _, f := range t.Fields {
		internal := "0"
		if f.Internal {
			internal = "1"
		}
		parts = append(parts, f.Name, f.Value, internal)
	}
	return fingerprint(parts...)
}
