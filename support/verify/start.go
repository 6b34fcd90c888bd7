package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// StartRequest asks for a challenge: a code for Account, sent over Channel
// to To, guarding Purpose. Ticket, when set, is the ticket whose history
// records the challenge's attempts, success and lock-out; the actor must be
// able to reach it. Language chooses the texts (the zero Tag: English).
type StartRequest struct {
	Account  string
	Ticket   support.ID
	Purpose  Purpose
	Channel  Channel
	To       string
	Language language.Tag
}

// Start creates a challenge and sends its code. A customer may start
// challenges only for their own account (Account is the customer's ID);
// staff for any. The code goes to To alone; the returned challenge has no
// hash.
//
// Errors: bad input is a *support.InputError; a ticket the actor cannot
// reach is the Desk's not-found error, and a closed one matches
// support.ErrClosed; too many codes for the account is a *RateLimitError
// (recorded in the ticket); a customer asking for another account matches
// support.ErrForbidden. When the Sender fails, the challenge is canceled
// and the error wraps the Sender's (the send still counts against the
// account's quota).
func (s *Service) Start(ctx context.Context, a support.Actor, r StartRequest) (Challenge, error) {
	to, err := s.checkStart(a, r)
	if err != nil {
		return Challenge{}, err
	}
	r.To = to
	if err := s.checkTicket(ctx, a, r.Ticket); err != nil {
		return Challenge{}, err
	}
	c, err := s.start(ctx, r, nil)
	if err != nil {
		return Challenge{}, err
	}
	s.record(ctx, &c, "sent", false, c.Status.String(), MsgEventSent, maskDest(c.Channel, c.To))
	return c.public(), nil
}

// checkStart validates r and a's right to ask for r.Account, and returns
// the normalized destination.
func (s *Service) checkStart(a support.Actor, r StartRequest) (string, error) {
	if err := a.Validate(); err != nil {
		return "", err
	}
	if err := checkID("account", r.Account); err != nil {
		return "", err
	}
	if r.Ticket != "" {
		if err := checkID("ticket", string(r.Ticket)); err != nil {
			return "", err
		}
		if s.desk == nil {
			return "", inputErr("ticket", nil, "this Service has no Desk to record in (Options.Desk)")
		}
	}
	if !r.Purpose.IsValid() {
		return "", inputErr("purpose", nil, fmt.Sprintf("unknown purpose %v", r.Purpose))
	}
	if !r.Channel.IsValid() {
		return "", inputErr("channel", nil, fmt.Sprintf("unknown channel %v", r.Channel))
	}
	if a.Role == support.RoleCustomer && a.ID != r.Account {
		return "", &support.AccessError{Op: "start a verification for another account", Role: a.Role}
	}
	return parseDest(r.Channel, r.To)
}

// checkTicket checks that a can reach ticket id and that it is open to
// new events.
func (s *Service) checkTicket(ctx context.Context, a support.Actor, id support.ID) error {
	if id == "" {
		return nil
	}
	t, err := s.desk.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if t.Status == support.StatusClosed {
		return &support.TransitionError{Ticket: id, From: support.StatusClosed, To: support.StatusClosed}
	}
	return nil
}

// start creates and stores the challenge of r (with change ch, if any) and
// sends its code.
func (s *Service) start(ctx context.Context, r StartRequest, ch *Change) (Challenge, error) {
	now := s.clock()
	id, err := s.newID()
	if err != nil {
		return Challenge{}, err
	}
	code, err := s.newCode()
	if err != nil {
		return Challenge{}, err
	}
	c := Challenge{
		ID: id, Account: r.Account, Ticket: r.Ticket, Purpose: r.Purpose, Channel: r.Channel, To: r.To,
		Language: r.Language, KeyID: s.keys.Current(), Digits: s.digits,
		Status: StatusPending, MaxAttempts: s.maxAttempts, Sends: 1,
		CreatedAt: now, SentAt: now, ExpiresAt: now.Add(s.ttl), Change: ch, Version: 1,
	}
	c.Hash, _ = s.keys.sum(nil, c.KeyID, c.ID, code)
	if err := s.store.Create(ctx, c, s.quota(now)); err != nil {
		if errors.Is(err, ErrRateLimited) {
			return Challenge{}, s.rateLimited(ctx, &c, now)
		}
		return Challenge{}, fmt.Errorf("verify: storing the challenge: %w", err)
	}
	if err := s.sendCode(ctx, &c, code); err != nil {
		s.cancel(ctx, c)
		return Challenge{}, err
	}
	return c, nil
}

// quota is the per-account send limit at now: the sends of the last
// window, those after now-window (so that a send leaves the window exactly
// a window after it was made, when RetryAfter says).
func (s *Service) quota(now time.Time) Quota {
	return Quota{Max: s.maxSends, Since: now.Add(-s.window + time.Nanosecond)}
}

// rateLimited records a refused send on c's ticket and returns the error
// with when the oldest counted send leaves the window.
func (s *Service) rateLimited(ctx context.Context, c *Challenge, now time.Time) error {
	s.record(ctx, c, "rate_limited", true, "", MsgEventRateLimits)
	retry := s.window
	if sends, err := s.store.Sends(ctx, c.Account, s.quota(now).Since); err == nil && len(sends) >= s.maxSends {
		retry = sends[len(sends)-s.maxSends].Add(s.window).Sub(now)
	}
	return &RateLimitError{RetryAfter: max(retry, time.Nanosecond)}
}

// sendCode sends code for c to its destination.
func (s *Service) sendCode(ctx context.Context, c *Challenge, code string) error {
	newMasked := ""
	if c.Change != nil && (c.Change.Kind == ChangeEmail || c.Change.Kind == ChangePhone) {
		newMasked = maskDest(changeChannel(c.Change.Kind), c.Change.New)
	}
	lang := c.Language
	m := Message{
		Kind: KindCode, Channel: c.Channel, To: c.To, Code: code, Language: s.msgs.Language(lang),
		Text: s.msgs.Text(lang, MsgCode, code, s.msgs.purposeText(lang, c.Purpose, newMasked), int(s.ttl/time.Minute)),
	}
	if err := s.send(ctx, m); err != nil {
		return fmt.Errorf("verify: sending the code of challenge %q: %w", c.ID, err)
	}
	return nil
}

// cancel marks c canceled after its code could not be sent.
func (s *Service) cancel(ctx context.Context, c Challenge) {
	for range maxRetries {
		c.Status = StatusCanceled
		if _, err := s.store.Update(ctx, c); err == nil {
			s.record(ctx, &c, "canceled", true, c.Status.String(), MsgEventCanceled)
			return
		} else if !errors.Is(err, ErrConflict) {
			s.log.WarnContext(ctx, "verify: canceling a challenge failed", "challenge", c.ID, "err", err)
			return
		}
		cur, err := s.store.Get(ctx, c.ID)
		if err != nil {
			return
		}
		c = cur
	}
}

// Resend sends a new code for a pending challenge: the previous code stops
// working, the expiry starts again, and the attempts made so far still
// count. It is refused with a *RateLimitError sooner than
// Options.ResendAfter after the last send, or beyond the account's quota.
func (s *Service) Resend(ctx context.Context, a support.Actor, id string) (Challenge, error) {
	for range maxRetries {
		c, err := s.reach(ctx, a, id)
		if err != nil {
			return Challenge{}, err
		}
		now := s.clock()
		if err := s.live(&c, now); err != nil {
			return Challenge{}, err
		}
		if c.Status != StatusPending {
			return Challenge{}, stateErr(c.ID, ErrUsed)
		}
		if wait := c.SentAt.Add(s.resendAfter).Sub(now); wait > 0 {
			return Challenge{}, &RateLimitError{RetryAfter: wait, Resend: true}
		}
		code, err := s.newCode()
		if err != nil {
			return Challenge{}, err
		}
		c.KeyID = s.keys.Current()
		c.Hash, _ = s.keys.sum(c.Hash[:0:0], c.KeyID, c.ID, code)
		c.SentAt, c.ExpiresAt = now, now.Add(s.ttl)
		c.Sends++
		stored, err := s.store.Resend(ctx, c, s.quota(now))
		switch {
		case errors.Is(err, ErrConflict):
			continue
		case errors.Is(err, ErrRateLimited):
			return Challenge{}, s.rateLimited(ctx, &c, now)
		case err != nil:
			return Challenge{}, fmt.Errorf("verify: storing the challenge: %w", err)
		}
		if err := s.sendCode(ctx, &stored, code); err != nil {
			return Challenge{}, err
		}
		s.record(ctx, &stored, "resent", false, stored.Status.String(), MsgEventResent, maskDest(c.Channel, c.To))
		return stored.public(), nil
	}
	return Challenge{}, stateErr(id, ErrConflict)
}

// live returns the error for a challenge that can no longer be verified or
// consumed at now, or nil.
func (s *Service) live(c *Challenge, now time.Time) error {
	switch c.Status {
	case StatusUsed:
		return stateErr(c.ID, ErrUsed)
	case StatusLocked:
		return stateErr(c.ID, ErrLocked)
	case StatusCanceled:
		return stateErr(c.ID, ErrCanceled)
	}
	if !now.Before(c.ExpiresAt) {
		return stateErr(c.ID, ErrExpired)
	}
	return nil
}

// idLetters is the alphabet of challenge IDs: letters only, so that no
// redaction rule for digits ever touches an ID in a ticket's history.
const idLetters = "abcdefghijklmnopqrstuvwxyz"

// newID returns "vc_" and 22 random letters (about 103 bits).
func (s *Service) newID() (string, error) {
	var out [3 + 22]byte
	copy(out[:], "vc_")
	if err := s.uniform(out[3:], idLetters); err != nil {
		return "", err
	}
	return string(out[:]), nil
}

// newCode returns a code of s.digits uniform random digits.
func (s *Service) newCode() (string, error) {
	var out [MaxDigits]byte
	if err := s.uniform(out[:s.digits], "0123456789"); err != nil {
		return "", err
	}
	return string(out[:s.digits]), nil
}

// uniform fills out with symbols of alphabet drawn uniformly from s.rand:
// a random byte b is used only when b < 256 - 256 % len(alphabet)
// (rejection sampling), so b % len(alphabet) has no modulo bias.
func (s *Service) uniform(out []byte, alphabet string) error {
	n := len(alphabet)
	limit := 256 - 256%n
	var buf [32]byte
	for i := 0; i < len(out); {
		if _, err := io.ReadFull(s.rand, buf[:]); err != nil {
			return fmt.Errorf("verify: reading randomness: %w", err)
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out[i] = alphabet[int(b)%n]
			if i++; i == len(out) {
				break
			}
		}
	}
	return nil
}
