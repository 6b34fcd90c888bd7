package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// ChangeRequest asks to change a contact or payout detail of Account. The
// change is held pending and applies only after its code is verified
// (Apply).
//
// For ChangeEmail and ChangePhone, Old is the current address or number:
// the code goes to it (over e-mail or SMS), never to New, and New gets a
// notice without a code; Channel and To must be empty or name Old. For
// ChangeAddress and ChangePayout, Channel and To name the account's
// verified contact that receives the code, and Old is not needed (it is
// kept only to tell the host what was replaced). Ticket and Language are as
// in StartRequest.
type ChangeRequest struct {
	Account  string
	Ticket   support.ID
	Kind     ChangeKind
	Old      string
	New      string
	Language language.Tag
	Channel  Channel
	To       string
}

// ApplyFunc makes an account change in the host's user store. It is called
// at most once per change, after the change's challenge was verified and
// consumed; an error marks the change failed.
type ApplyFunc func(ctx context.Context, account string, ch Change) error

// changeChannel returns the channel of an e-mail or phone change's
// contacts.
func changeChannel(k ChangeKind) Channel {
	if k == ChangePhone {
		return ChannelSMS
	}
	return ChannelEmail
}

// RequestChange validates r, holds the change pending in a new challenge
// and sends its code: for an e-mail or phone change to the old contact,
// with a notice (no code) to the new one. It returns the challenge (without
// its hash); its ID is the change's. Errors are those of Start; a new value
// equal to the old one matches ErrUnchanged, a malformed one
// ErrInvalidEmail or ErrInvalidPhone.
func (s *Service) RequestChange(ctx context.Context, a support.Actor, r ChangeRequest) (Challenge, error) {
	ch, sr, err := s.checkChange(r)
	if err != nil {
		return Challenge{}, err
	}
	if _, err := s.checkStart(a, sr); err != nil {
		return Challenge{}, err
	}
	if err := s.checkTicket(ctx, a, sr.Ticket); err != nil {
		return Challenge{}, err
	}
	c, err := s.start(ctx, sr, ch)
	if err != nil {
		return Challenge{}, err
	}
	if ch.Kind == ChangeEmail || ch.Kind == ChangePhone {
		s.notify(ctx, &c, c.Channel, ch.New, MsgNoticeNew, s.msgs.kindText(c.Language, ch.Kind))
	}
	s.record(ctx, &c, "change_requested", false, ch.Kind.String(), MsgEventRequested, s.msgs.kindText(c.Language, ch.Kind), maskDest(c.Channel, c.To))
	return c.public(), nil
}

// checkChange validates and normalizes r, and returns the pending change
// and the request for its challenge.
func (s *Service) checkChange(r ChangeRequest) (*Change, StartRequest, error) {
	sr := StartRequest{Account: r.Account, Ticket: r.Ticket, Purpose: r.Kind.Purpose(), Channel: r.Channel, To: r.To, Language: r.Language}
	ch := &Change{Kind: r.Kind, Status: ChangePending}
	var err error
	switch r.Kind {
	case ChangeEmail, ChangePhone:
		parse := ParseEmail
		if r.Kind == ChangePhone {
			parse = ParsePhone
		}
		if ch.New, err = parse(r.New); err != nil {
			return nil, sr, field(err, "new")
		}
		if ch.Old, err = parse(r.Old); err != nil {
			return nil, sr, field(err, "old")
		}
		if strings.EqualFold(ch.New, ch.Old) {
			return nil, sr, inputErr("new", ErrUnchanged, "")
		}
		want := changeChannel(r.Kind)
		if r.Channel != 0 && r.Channel != want {
			return nil, sr, inputErr("channel", nil, fmt.Sprintf("the code for a %s change goes by %s to the old contact", r.Kind, want))
		}
		if r.To != "" {
			if to, err := parse(r.To); err != nil || to != ch.Old {
				return nil, sr, inputErr("to", nil, "the code for a contact change goes to the old contact (Old)")
			}
		}
		sr.Channel, sr.To = want, ch.Old
	case ChangeAddress, ChangePayout:
		limit := maxAddressBytes
		if r.Kind == ChangePayout {
			limit = maxPayoutBytes
		}
		ch.New, ch.Old = strings.TrimSpace(r.New), strings.TrimSpace(r.Old)
		if ch.New == "" {
			return nil, sr, inputErr("new", nil, "empty")
		}
		if err := checkText("new", ch.New, limit); err != nil {
			return nil, sr, err
		}
		if err := checkText("old", ch.Old, limit); err != nil {
			return nil, sr, err
		}
		if ch.New == ch.Old {
			return nil, sr, inputErr("new", ErrUnchanged, "")
		}
		if !r.Channel.IsValid() || r.To == "" {
			return nil, sr, inputErr("to", nil, "name the account's verified contact (Channel and To) for the code")
		}
	default:
		return nil, sr, inputErr("kind", nil, fmt.Sprintf("unknown change kind %v", r.Kind))
	}
	return ch, sr, nil
}

// field renames the field of an *support.InputError.
func field(err error, name string) error {
	var ie *support.InputError
	if errors.As(err, &ie) {
		c := *ie
		c.Field = name
		return &c
	}
	return err
}

// Apply applies the change of challenge id, exactly once, after its code is
// verified. With a code, Apply verifies it first, exactly as Verify does
// (attempts, lock-out and records included); with an empty code the
// challenge must already be verified by Verify (ErrNotVerified otherwise).
// Then it consumes the challenge — of concurrent calls only one gets past
// this point, the others get ErrUsed — and calls apply once. On success the
// change is marked applied, recorded, and both contacts are notified; if
// apply fails, the change is marked failed for good and the error is a
// *ChangeError. An expired, locked, used or canceled challenge is refused
// with its *StateError and apply is not called; an ID that is not a change
// is ErrNotFound.
func (s *Service) Apply(ctx context.Context, a support.Actor, id, code string, apply ApplyFunc) (Challenge, error) {
	if err := a.Validate(); err != nil {
		return Challenge{}, err
	}
	if apply == nil {
		return Challenge{}, inputErr("apply", nil, "no ApplyFunc")
	}
	if code != "" {
		norm, err := NormalizeCode(code)
		if err != nil {
			return Challenge{}, err
		}
		if c, err := s.reach(ctx, a, id); err != nil {
			return Challenge{}, err
		} else if c.Change == nil {
			return Challenge{}, &NotFoundError{ID: id}
		}
		if _, err := s.verify(ctx, a, id, norm); err != nil {
			return Challenge{}, err
		}
	}
	var used Challenge
	for i := 0; ; i++ {
		if i == maxRetries {
			return Challenge{}, stateErr(id, ErrConflict)
		}
		c, err := s.reach(ctx, a, id)
		if err != nil {
			return Challenge{}, err
		}
		if c.Change == nil {
			return Challenge{}, &NotFoundError{ID: id}
		}
		used, err = s.use(ctx, c)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Challenge{}, err
		}
		break
	}
	// Only this call consumed the challenge: the change is ours to apply.
	ch := *used.Change
	applyErr := apply(ctx, used.Account, ch)
	used.Change.Status, used.Change.AppliedAt = ChangeApplied, s.clock()
	if applyErr != nil {
		used.Change.Status = ChangeFailed
	}
	final, err := s.finish(ctx, used)
	if err != nil {
		s.log.WarnContext(ctx, "verify: storing the outcome of a change failed", "challenge", used.ID, "applied", applyErr == nil, "err", err)
		final = used
	}
	kind := s.msgs.kindText(final.Language, ch.Kind)
	if applyErr != nil {
		s.record(ctx, &final, "change_failed", true, ChangeFailed.String(), MsgEventFailed, kind)
		return Challenge{}, &ChangeError{Change: final.ID, Err: applyErr}
	}
	s.record(ctx, &final, "change_applied", false, ChangeApplied.String(), MsgEventApplied, kind)
	s.notify(ctx, &final, final.Channel, final.To, MsgNoticeChanged, kind)
	if ch.Kind == ChangeEmail || ch.Kind == ChangePhone {
		s.notify(ctx, &final, final.Channel, ch.New, MsgNoticeChanged, kind)
	}
	return final.public(), nil
}

// finish stores the outcome of used's change, rereading on a conflict (only
// the consuming call writes a used challenge's change, so a conflict is a
// store's own retry).
func (s *Service) finish(ctx context.Context, used Challenge) (Challenge, error) {
	outcome := *used.Change
	for range maxRetries {
		stored, err := s.store.Update(ctx, used)
		if !errors.Is(err, ErrConflict) {
			return stored, err
		}
		cur, err := s.store.Get(ctx, used.ID)
		if err != nil {
			return Challenge{}, err
		}
		cur.Change = &outcome
		used = cur
	}
	return Challenge{}, stateErr(used.ID, ErrConflict)
}
