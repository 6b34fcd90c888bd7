package support

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
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
	// Each list after its length, so that items cannot move between lists.
	parts = append(parts, "transactions", strconv.Itoa(len(t.Transactions)))
	parts = append(parts, t.Transactions...)
	parts = append(parts, "tags", strconv.Itoa(len(t.Tags)))
	parts = append(parts, t.Tags...)
	parts = append(parts, "fields", strconv.Itoa(len(t.Fields)))
	for _, f := range t.Fields {
		internal := "0"
		if f.Internal {
			internal = "1"
		}
		parts = append(parts, f.Name, f.Value, internal)
	}
	return fingerprint(parts...)
}

// keyScope returns the scope of an idempotency key (KeyRecord.Scope): the
// operation, then each part quoted with strconv.Quote, separated by colons,
// such as reply:"tkt_1":"customer":"alice". Quoting makes the scope
// unambiguous whatever the parts hold: a part ends at its closing quote, and
// a quote or backslash inside it is escaped, so no ticket ID or actor ID can
// be crafted to make one operation's scope equal another's.
func keyScope(op string, parts ...string) string {
	n := len(op)
	for _, p := range parts {
		n += 3 + len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, op...)
	for _, p := range parts {
		b = append(b, ':')
		b = strconv.AppendQuote(b, p)
	}
	return string(b)
}

// openScope is the scope of Open's keys: per customer and actor, so that a
// customer's key never meets the key of an agent opening a ticket for them.
func openScope(customer string, a Actor) string {
	return keyScope("open", customer, a.Role.String(), a.ID)
}

// replyScope is the scope of Reply's keys: per ticket and actor.
func replyScope(id ID, a Actor) string {
	return keyScope("reply", string(id), a.Role.String(), a.ID)
}
