package verify

import (
	"context"
	"errors"
	"fmt"

	"github.com/paydesk/paydesk/support"
)

// Verify checks a submitted code against challenge id. The customer whose
// account it checks, or staff (a customer reading the code to an agent),
// may submit it. The code is normalized first (NormalizeCode): malformed
// input, or a code of the wrong length, is a *support.InputError matching
// ErrMalformedCode and costs no attempt.
//
// Every other try is an attempt, counted atomically in the store: the right
// code moves the challenge to verified; a wrong one is a *WrongCodeError
// with the attempts left, and the last allowed wrong one locks the
// challenge (the error then also matches ErrLocked). A challenge that is
// expired, locked, canceled, already verified or used is refused with a
// *StateError (ErrExpired, ErrLocked, ErrCanceled, ErrUsed) and changes
// nothing. Each outcome is recorded in the challenge's ticket; the code
// never is.
//
// A verified challenge authorizes one action: Consume it, or Apply its
// change.
func (s *Service) Verify(ctx context.Context, a support.Actor, id, code string) (Challenge, error) {
	if err := a.Validate(); err != nil {
		return Challenge{}, err
	}
	code, err := NormalizeCode(code)
	if err != nil {
		return Challenge{}, err
	}
	c, err := s.verify(ctx, a, id, code)
	if err != nil {
		return Challenge{}, err
	}
	return c.public(), nil
}

// verify is Verify on a normalized code.
func (s *Service) verify(ctx context.Context, a support.Actor, id, code string) (Challenge, error) {
	for range maxRetries {
		c, err := s.reach(ctx, a, id)
		if err != nil {
			return Challenge{}, err
		}
		now := s.clock()
		if err := s.live(&c, now); err != nil {
			s.refused(ctx, &c, err)
			return Challenge{}, err
		}
		if c.Status == StatusVerified {
			err := stateErr(c.ID, ErrUsed)
			s.refused(ctx, &c, err)
			return Challenge{}, err
		}
		if len(code) != c.Digits {
			return Challenge{}, inputErr("code", ErrMalformedCode, fmt.Sprintf("the code has %d digits", c.Digits))
		}
		match, known := s.keys.check(&c, code)
		if !known {
			err := stateErr(c.ID, ErrUnknownKey)
			s.refused(ctx, &c, err)
			return Challenge{}, err
		}
		c.Attempts++
		switch {
		case match:
			c.Status, c.VerifiedAt = StatusVerified, now
		case c.Attempts >= c.MaxAttempts:
			c.Status = StatusLocked
		}
		stored, err := s.store.Update(ctx, c)
		if errors.Is(err, ErrConflict) {
			continue // someone else attempted first: count again from their write
		}
		if err != nil {
			return Challenge{}, fmt.Errorf("verify: storing the attempt: %w", err)
		}
		switch stored.Status {
		case StatusVerified:
			s.record(ctx, &stored, "verified", false, stored.Status.String(), MsgEventVerified)
			return stored, nil
		case StatusLocked:
			s.record(ctx, &stored, "locked", true, stored.Status.String(), MsgEventLocked)
		default:
			s.record(ctx, &stored, "failed", true, stored.Status.String(), MsgEventWrong, stored.AttemptsLeft())
		}
		return Challenge{}, &WrongCodeError{Challenge: stored.ID, Left: stored.AttemptsLeft()}
	}
	return Challenge{}, stateErr(id, ErrConflict)
}

// refused records an attempt on a challenge that could not take one.
func (s *Service) refused(ctx context.Context, c *Challenge, err error) {
	reason := "state"
	for _, r := range []struct {
		err  error
		name string
	}{{ErrExpired, "expired"}, {ErrLocked, "locked"}, {ErrUsed, "used"}, {ErrCanceled, "canceled"}, {ErrUnknownKey, "key_retired"}, {ErrNotVerified, "not_verified"}, {ErrPurpose, "purpose"}} {
		if errors.Is(err, r.err) {
			reason = r.name
			break
		}
	}
	s.record(ctx, c, "refused", true, reason, MsgEventRefused, reason)
}

// Consume spends a verified challenge on the action it guards, exactly
// once: of any number of concurrent calls, one succeeds and the others get
// ErrUsed. purpose must be the challenge's (ErrPurpose otherwise); a
// pending challenge is refused with ErrNotVerified, an expired one with
// ErrExpired. A challenge guarding an account change is consumed by Apply,
// not here (ErrPurpose). The use is recorded in the challenge's ticket.
func (s *Service) Consume(ctx context.Context, a support.Actor, id string, purpose Purpose) (Challenge, error) {
	for range maxRetries {
		c, err := s.reach(ctx, a, id)
		if err != nil {
			return Challenge{}, err
		}
		if c.Purpose != purpose || c.Change != nil {
			err := stateErr(c.ID, ErrPurpose)
			s.refused(ctx, &c, err)
			return Challenge{}, err
		}
		stored, err := s.use(ctx, c)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Challenge{}, err
		}
		s.record(ctx, &stored, "used", false, stored.Status.String(), MsgEventUsed, s.msgs.purposeText(stored.Language, stored.Purpose, "…"))
		return stored.public(), nil
	}
	return Challenge{}, stateErr(id, ErrConflict)
}

// use moves verified challenge c to used. A conflict is returned as is,
// for the caller to reload and retry; a refusal is recorded.
func (s *Service) use(ctx context.Context, c Challenge) (Challenge, error) {
	now := s.clock()
	if err := s.live(&c, now); err != nil {
		s.refused(ctx, &c, err)
		return Challenge{}, err
	}
	if c.Status != StatusVerified {
		err := stateErr(c.ID, ErrNotVerified)
		s.refused(ctx, &c, err)
		return Challenge{}, err
	}
	c.Status, c.UsedAt = StatusUsed, now
	stored, err := s.store.Update(ctx, c)
	if err != nil && !errors.Is(err, ErrConflict) {
		return Challenge{}, fmt.Errorf("verify: storing the use: %w", err)
	}
	return stored, err
}
