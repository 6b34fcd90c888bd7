// Package verify is step-up identity checking for a paydesk help center:
// one-time codes sent before sensitive account changes (e-mail, phone,
// postal address, payout details) and before staff act on a high-value
// dispute, and account changes that apply only after their code is
// verified. It follows NIST SP 800-63B's rules for out-of-band
// authenticators.
//
// # Challenges
//
// A Challenge is one check. Service.Start creates it and sends a code to
// one destination through the host's Sender (SMS, e-mail or push); the
// customer submits the code to Service.Verify; a verified challenge then
// authorizes exactly one action, which Service.Consume spends (or
// Service.Apply, for an account change). The codes:
//
//   - are uniform random digits from crypto/rand (Options.Rand), drawn
//     with rejection sampling so that no digit is likelier than another;
//     6 by default, up to 10 (Options.Digits);
//   - expire within 10 minutes (Options.TTL, at most 10 minutes);
//   - are single use: a verified code cannot be verified again, a verified
//     challenge is consumed once;
//   - allow at most 5 attempts (Options.MaxAttempts, at most 5): the last
//     wrong one locks the challenge for good;
//   - are stored only as HMAC-SHA256 under a host key (Keyring) of the
//     challenge ID and the code, and compared with hmac.Equal in constant
//     time;
//   - are rate-limited per account: at most Options.MaxSends codes (new
//     challenges and resends) per Options.Window, 5 per hour by default,
//     and Options.ResendAfter (30 seconds) between two sends of one
//     challenge; refusals are *RateLimitError with a RetryAfter.
//
// Codes never appear in errors, logs or ticket histories: the Sender is
// the only one who sees them, in Message.Code and Message.Text, and a
// Message prints and logs without them. A Sender's error that mentions
// the code is replaced.
//
// Submitted codes are normalized (NormalizeCode): spaces and dashes are
// dropped and full-width digits ０-９ read as 0-9; anything else is a
// *support.InputError matching ErrMalformedCode and costs no attempt.
//
// # Concurrency and brute force
//
// Every change of a challenge is a Store.Update that succeeds only on the
// version it read, and the Service retries a lost race from a fresh read.
// Two concurrent attempts therefore can never both count as the third
// attempt: however many run at once, at most MaxAttempts codes are ever
// compared with a challenge's hash, and one verified challenge is consumed
// by one caller. Quotas are checked in the same atomic step as the send
// they count (Store.Create, Store.Resend).
//
// # Keys
//
// A Keyring holds HMAC-SHA256 keys of at least 32 bytes by ID. New codes
// are hashed with its first (current) key; each challenge stores its key's
// ID, so after a rotation (a new Keyring with the new key first and the
// old ones after) the old key still verifies the challenges it made. Drop
// the old key once its challenges have expired; New refuses a Service
// without keys.
//
// # Account changes
//
// Service.RequestChange validates the new value (net/mail for an e-mail
// address, E.164 for a phone number, length and character limits for a
// postal address and payout details), holds the change pending in a new
// challenge, and sends the code. When the change is the e-mail address or
// the phone number itself, the code goes to the OLD contact — whoever
// controls the account today approves the change, not whoever claims the
// new address — and the new contact gets a notice without a code.
// Service.Apply verifies the code, consumes the challenge and calls the
// host's ApplyFunc once; both contacts are then notified. An unverified,
// expired or already applied change is refused with a typed error and
// ApplyFunc is not called.
//
// # History
//
// A request may name a ticket (the customer's request for help, or the
// dispute staff act on); the actor must be able to reach it. Every send,
// attempt, success, lock-out, refusal, use and change outcome is then an
// EventCustom in the ticket's history, written through support.Desk.Record
// by the system actor "verify" with a Field in the "verify." namespace
// ("verify.sent", "verify.resent", "verify.failed", "verify.locked",
// "verify.verified", "verify.refused", "verify.rate_limited",
// "verify.used", "verify.canceled", "verify.change_requested",
// "verify.change_applied", "verify.change_failed"), From the challenge
// ID, To the resulting status or reason, and a Body in the customer's
// language. Failures and lock-outs are internal. A challenge without a
// ticket records nothing.
//
// # Access
//
// A customer may start challenges and changes for their own account only,
// and reach only their own challenges; staff reach all. Someone else's
// challenge looks like a missing one (ErrNotFound).
//
// # Storage
//
// Challenges and the send log live behind Store, a small interface with a
// written contract. memstore.NewVerify keeps them in memory;
// storetest.RunVerify is the conformance suite every implementation runs.
// Service.Purge deletes what no check needs any more; hosts call it from
// their own scheduler (the package starts no goroutines).
//
// # Texts
//
// Codes, notices and history texts come from an l10n catalog in English,
// Simplified and Traditional Chinese (DefaultCatalog); a host rewords them
// or adds languages through NewMessages.
package verify
