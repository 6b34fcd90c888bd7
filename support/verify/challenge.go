package verify

import (
	"fmt"
	"slices"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// Purpose is what a challenge guards. Consume checks it, so a code verified
// for one action does not authorize another. It is a plain value, safe for
// concurrent use; the zero Purpose is invalid.
type Purpose uint8

// The purposes: the four account changes (see ChangeKind) and a staff
// action on a high-value dispute.
const (
	PurposeEmail   Purpose = iota + 1 // change the account's e-mail address
	PurposePhone                      // change the account's phone number
	PurposeAddress                    // change the postal address
	PurposePayout                     // change the payout details (bank account, card)
	PurposeDispute                    // let staff act on a high-value dispute
)

var purposeNames = [...]string{"", "email", "phone", "address", "payout", "dispute"}

// String returns the purpose's name, such as "email".
func (p Purpose) String() string {
	if p.IsValid() {
		return purposeNames[p]
	}
	return fmt.Sprintf("Purpose(%d)", uint8(p))
}

// IsValid reports whether p is a defined purpose.
func (p Purpose) IsValid() bool { return p >= PurposeEmail && p <= PurposeDispute }

// ParsePurpose parses a purpose name as written by String.
func ParsePurpose(s string) (Purpose, error) {
	if i := slices.Index(purposeNames[1:], s); i >= 0 {
		return Purpose(i + 1), nil
	}
	return 0, inputErr("purpose", nil, fmt.Sprintf("unknown purpose %q", trunc(s)))
}

// MarshalText encodes p as its name.
func (p Purpose) MarshalText() ([]byte, error) {
	if !p.IsValid() {
		return nil, inputErr("purpose", nil, p.String())
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes a purpose name.
func (p *Purpose) UnmarshalText(b []byte) error {
	v, err := ParsePurpose(string(b))
	if err == nil {
		*p = v
	}
	return err
}

// Channel is how a code or notice reaches the customer. It is a plain
// value, safe for concurrent use; the zero Channel is invalid.
type Channel uint8

// The channels. A destination (Message.To) is an e-mail address for
// ChannelEmail, a phone number in E.164 form for ChannelSMS, and the host's
// device or installation ID for ChannelPush.
const (
	ChannelSMS Channel = iota + 1
	ChannelEmail
	ChannelPush
)

var channelNames = [...]string{"", "sms", "email", "push"}

// String returns the channel's name: "sms", "email" or "push".
func (c Channel) String() string {
	if c.IsValid() {
		return channelNames[c]
	}
	return fmt.Sprintf("Channel(%d)", uint8(c))
}

// IsValid reports whether c is a defined channel.
func (c Channel) IsValid() bool { return c >= ChannelSMS && c <= ChannelPush }

// ParseChannel parses a channel name as written by String.
func ParseChannel(s string) (Channel, error) {
	if i := slices.Index(channelNames[1:], s); i >= 0 {
		return Channel(i + 1), nil
	}
	return 0, inputErr("channel", nil, fmt.Sprintf("unknown channel %q", trunc(s)))
}

// MarshalText encodes c as its name.
func (c Channel) MarshalText() ([]byte, error) {
	if !c.IsValid() {
		return nil, inputErr("channel", nil, c.String())
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes a channel name.
func (c *Channel) UnmarshalText(b []byte) error {
	v, err := ParseChannel(string(b))
	if err == nil {
		*c = v
	}
	return err
}

// Status is where a challenge is in its life:
//
//	pending ──right code──▶ verified ──Consume / Apply──▶ used
//	   │  └──MaxAttempts wrong codes──▶ locked
//	   └──code not sent──▶ canceled
//
// A pending or verified challenge past its ExpiresAt is expired (see
// Challenge.Live); locked, used and canceled are final. Status is a plain
// value, safe for concurrent use; the zero Status is invalid.
type Status uint8

// The statuses.
const (
	StatusPending Status = iota + 1
	StatusVerified
	StatusUsed
	StatusLocked
	StatusCanceled
)

var statusNames = [...]string{"", "pending", "verified", "used", "locked", "canceled"}

// String returns the status's name, such as "pending".
func (s Status) String() string {
	if s.IsValid() {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// IsValid reports whether s is a defined status.
func (s Status) IsValid() bool { return s >= StatusPending && s <= StatusCanceled }

// MarshalText encodes s as its name.
func (s Status) MarshalText() ([]byte, error) {
	if !s.IsValid() {
		return nil, inputErr("status", nil, s.String())
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a status name.
func (s *Status) UnmarshalText(b []byte) error {
	if i := slices.Index(statusNames[1:], string(b)); i >= 0 {
		*s = Status(i + 1)
		return nil
	}
	return inputErr("status", nil, fmt.Sprintf("unknown status %q", trunc(string(b))))
}

// Challenge is one step-up check: a code sent to a destination, stored only
// as a keyed hash, that may be tried MaxAttempts times until ExpiresAt. The
// Service creates and changes challenges; a Store keeps them. Challenge is
// plain data, not safe for concurrent modification; Clone copies it.
type Challenge struct {
	ID       string       `json:"id"`
	Account  string       `json:"account"`          // the customer account the code checks
	Ticket   support.ID   `json:"ticket,omitempty"` // where attempts are recorded; empty: nowhere
	Purpose  Purpose      `json:"purpose"`
	Channel  Channel      `json:"channel"`
	To       string       `json:"to"` // the destination the code was sent to
	Language language.Tag `json:"language"`

	// KeyID names the Keyring key of Hash; Hash is HMAC-SHA256 under that
	// key of the challenge ID and the code. The code itself is never
	// stored.
	KeyID  string `json:"key_id"`
	Hash   []byte `json:"hash"`
	Digits int    `json:"digits"` // the code's length

	Status      Status `json:"status"`
	Attempts    int    `json:"attempts"` // codes tried, right or wrong
	MaxAttempts int    `json:"max_attempts"`
	Sends       int    `json:"sends"` // codes sent: 1 + resends

	CreatedAt  time.Time `json:"created_at"`
	SentAt     time.Time `json:"sent_at"` // the last send
	ExpiresAt  time.Time `json:"expires_at"`
	VerifiedAt time.Time `json:"verified_at,omitzero"`
	UsedAt     time.Time `json:"used_at,omitzero"`

	// Change is the account change the challenge guards, nil for a plain
	// challenge.
	Change *Change `json:"change,omitempty"`

	// Version is the store's optimistic-concurrency counter: 1 when
	// created, one more with every Update.
	Version int64 `json:"version"`
}

// Clone returns a deep copy of c.
func (c Challenge) Clone() Challenge {
	c.Hash = slices.Clone(c.Hash)
	if c.Change != nil {
		ch := *c.Change
		c.Change = &ch
	}
	return c
}

// Live reports whether c can still be verified or consumed at now: pending
// or verified, and not expired.
func (c *Challenge) Live(now time.Time) bool {
	return (c.Status == StatusPending || c.Status == StatusVerified) && now.Before(c.ExpiresAt)
}

// AttemptsLeft returns how many codes may still be tried.
func (c *Challenge) AttemptsLeft() int { return max(0, c.MaxAttempts-c.Attempts) }

// public returns what the Service hands out: a copy without the hash.
func (c Challenge) public() Challenge {
	c = c.Clone()
	c.Hash = nil
	return c
}

// ChangeKind is what an account change changes. It is a plain value, safe
// for concurrent use; the zero ChangeKind is invalid.
type ChangeKind uint8

// The kinds of account change. For ChangeEmail and ChangePhone the code goes
// to the old contact and the new one gets a notice; for the others it goes
// to the destination the request names.
const (
	ChangeEmail ChangeKind = iota + 1
	ChangePhone
	ChangeAddress
	ChangePayout
)

var changeNames = [...]string{"", "email", "phone", "address", "payout"}

// String returns the kind's name, such as "email".
func (k ChangeKind) String() string {
	if k.IsValid() {
		return changeNames[k]
	}
	return fmt.Sprintf("ChangeKind(%d)", uint8(k))
}

// IsValid reports whether k is a defined kind.
func (k ChangeKind) IsValid() bool { return k >= ChangeEmail && k <= ChangePayout }

// Purpose returns the purpose of a challenge guarding a change of kind k.
func (k ChangeKind) Purpose() Purpose { return Purpose(k) }

// ParseChangeKind parses a kind name as written by String.
func ParseChangeKind(s string) (ChangeKind, error) {
	if i := slices.Index(changeNames[1:], s); i >= 0 {
		return ChangeKind(i + 1), nil
	}
	return 0, inputErr("kind", nil, fmt.Sprintf("unknown change kind %q", trunc(s)))
}

// MarshalText encodes k as its name.
func (k ChangeKind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, inputErr("kind", nil, k.String())
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a kind name.
func (k *ChangeKind) UnmarshalText(b []byte) error {
	v, err := ParseChangeKind(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// ChangeStatus is where an account change is: pending until Apply consumes
// its challenge, then applied, or failed when the apply function failed. It
// is a plain value, safe for concurrent use.
type ChangeStatus uint8

// The change statuses.
const (
	ChangePending ChangeStatus = iota + 1
	ChangeApplied
	ChangeFailed
)

var changeStatusNames = [...]string{"", "pending", "applied", "failed"}

// String returns "pending", "applied" or "failed".
func (s ChangeStatus) String() string {
	if s >= ChangePending && s <= ChangeFailed {
		return changeStatusNames[s]
	}
	return fmt.Sprintf("ChangeStatus(%d)", uint8(s))
}

// MarshalText encodes s as its name.
func (s ChangeStatus) MarshalText() ([]byte, error) {
	if s < ChangePending || s > ChangeFailed {
		return nil, inputErr("change.status", nil, s.String())
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a change status name.
func (s *ChangeStatus) UnmarshalText(b []byte) error {
	if i := slices.Index(changeStatusNames[1:], string(b)); i >= 0 {
		*s = ChangeStatus(i + 1)
		return nil
	}
	return inputErr("change.status", nil, fmt.Sprintf("unknown change status %q", trunc(string(b))))
}

// Change is an account change that applies only after its challenge is
// verified. It lives in its challenge (Challenge.Change) and has the
// challenge's ID. Old and New are normalized (an e-mail address as
// net/mail reads it, a phone number as +digits). Change is plain data, not
// safe for concurrent modification.
type Change struct {
	Kind      ChangeKind   `json:"kind"`
	Old       string       `json:"old,omitempty"`
	New       string       `json:"new"`
	Status    ChangeStatus `json:"status"`
	AppliedAt time.Time    `json:"applied_at,omitzero"` // when it was applied or failed
}

// trunc shortens s for an error message.
func trunc(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
