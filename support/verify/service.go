package verify

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// MessageKind says whether a Message carries a code.
type MessageKind uint8

// The message kinds.
const (
	// KindCode carries a one-time code: Message.Code is set and
	// Message.Text contains it.
	KindCode MessageKind = iota + 1
	// KindNotice carries no code: a notice that an account change was
	// requested or made, sent to the contacts it concerns.
	KindNotice
)

// String returns "code" or "notice".
func (k MessageKind) String() string {
	switch k {
	case KindCode:
		return "code"
	case KindNotice:
		return "notice"
	}
	return fmt.Sprintf("MessageKind(%d)", uint8(k))
}

// Message is what a Sender delivers: a code or a notice, its localized text,
// and where it goes. It holds nothing else about the account. Its String
// and LogValue methods leave out the code and text, so a Message that is
// printed or logged does not leak the code.
type Message struct {
	Kind     MessageKind
	Channel  Channel
	To       string // the destination: an e-mail address, an E.164 phone number or a push target
	Code     string // KindCode only: the code, ASCII digits
	Text     string // the whole localized text to deliver; for KindCode it contains Code
	Language language.Tag
}

// String describes the message without its code or text.
func (m Message) String() string {
	return fmt.Sprintf("verify.Message{%s via %s to %s, %s}", m.Kind, m.Channel, maskDest(m.Channel, m.To), m.Language)
}

// GoString is String, so that %#v does not print the code either.
func (m Message) GoString() string { return m.String() }

// LogValue logs the message without its code, text or full destination.
func (m Message) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", m.Kind.String()), slog.String("channel", m.Channel.String()),
		slog.String("to", maskDest(m.Channel, m.To)), slog.String("language", m.Language.String()))
}

// Sender delivers codes and notices through the host's SMS, e-mail or push
// provider. Send returns when the provider has accepted the message; an
// error means it was not sent. Implementations must be safe for concurrent
// use and must not log Message.Code or Message.Text. The Service keeps
// nothing a Sender returns: an error that contains the code is replaced.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, m Message) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

// The defaults and limits of Options.
const (
	DefaultDigits      = 6
	MaxDigits          = 10
	DefaultTTL         = 10 * time.Minute // also the longest allowed
	DefaultMaxAttempts = 5                // also the most allowed
	DefaultMaxSends    = 5
	DefaultWindow      = time.Hour
	DefaultResendAfter = 30 * time.Second
)

// Options configure a Service. Store, Keys and Sender are required;
// everything else has a default. Values out of range make New fail rather
// than weaken a check. The values given must be safe for concurrent use.
type Options struct {
	// Store keeps the challenges (memstore.NewVerify in memory).
	Store Store
	// Keys hash the codes; see Keyring for rotation.
	Keys *Keyring
	// Sender delivers codes and notices.
	Sender Sender
	// Desk records attempts, successes and lock-outs in a request's
	// ticket; nil: requests with a Ticket are refused.
	Desk *support.Desk
	// Messages localize the codes, notices and history texts; default
	// DefaultMessages().
	Messages *Messages
	// Digits is the code length, 6 to MaxDigits; default 6.
	Digits int
	// TTL is how long a code is valid, 1 minute to 10 minutes; default 10
	// minutes. A resend starts it again.
	TTL time.Duration
	// MaxAttempts is how many codes may be tried on one challenge, 1 to 5;
	// default 5. The last wrong one locks it.
	MaxAttempts int
	// MaxSends is how many codes (new challenges and resends) one account
	// may be sent per Window; default 5.
	MaxSends int
	// Window is the period MaxSends counts over, at least a minute;
	// default an hour.
	Window time.Duration
	// ResendAfter is the least time between two sends of one challenge, at
	// least a second; default 30 seconds.
	ResendAfter time.Duration
	// Rand is the source of codes and challenge IDs; default
	// crypto/rand.Reader. Tests inject a deterministic reader.
	Rand io.Reader
	// Now returns the current time; default time.Now.
	Now func() time.Time
	// Logger receives failures that do not fail the operation (a history
	// record or a notice that could not be written); never a code.
	// Default slog.Default().
	Logger *slog.Logger
}

// Service runs step-up checks: it starts challenges and sends their codes,
// verifies codes, lets a verified challenge authorize one action, and
// applies account changes after their challenge. See the package
// documentation.
//
// A Service is safe for concurrent use and keeps no state of its own: the
// challenges are in the Store, so several instances may serve them. It
// starts no goroutines.
type Service struct {
	store       Store
	keys        *Keyring
	sender      Sender
	desk        *support.Desk
	msgs        *Messages
	digits      int
	ttl         time.Duration
	maxAttempts int
	maxSends    int
	window      time.Duration
	resendAfter time.Duration
	rand        io.Reader
	now         func() time.Time
	log         *slog.Logger
}

// actor is who the Service writes history events as.
var actor = support.System("verify")

// New returns a Service, or an error naming the missing or invalid option.
func New(o Options) (*Service, error) {
	switch {
	case o.Store == nil:
		return nil, errors.New("verify: New: Options.Store is required")
	case o.Keys == nil:
		return nil, errors.New("verify: New: Options.Keys is required (a Keyring with at least one key)")
	case o.Sender == nil:
		return nil, errors.New("verify: New: Options.Sender is required")
	}
	s := &Service{
		store: o.Store, keys: o.Keys, sender: o.Sender, desk: o.Desk, msgs: o.Messages,
		digits: or(o.Digits, DefaultDigits), ttl: or(o.TTL, DefaultTTL), maxAttempts: or(o.MaxAttempts, DefaultMaxAttempts),
		maxSends: or(o.MaxSends, DefaultMaxSends), window: or(o.Window, DefaultWindow), resendAfter: or(o.ResendAfter, DefaultResendAfter),
		rand: o.Rand, now: o.Now, log: o.Logger,
	}
	switch {
	case s.digits < DefaultDigits || s.digits > MaxDigits:
		return nil, fmt.Errorf("verify: New: Options.Digits %d: use %d to %d", s.digits, DefaultDigits, MaxDigits)
	case s.ttl < time.Minute || s.ttl > DefaultTTL:
		return nil, fmt.Errorf("verify: New: Options.TTL %s: use 1m to %s", s.ttl, DefaultTTL)
	case s.maxAttempts < 1 || s.maxAttempts > DefaultMaxAttempts:
		return nil, fmt.Errorf("verify: New: Options.MaxAttempts %d: use 1 to %d", s.maxAttempts, DefaultMaxAttempts)
	case s.maxSends < 1:
		return nil, fmt.Errorf("verify: New: Options.MaxSends %d: use at least 1", s.maxSends)
	case s.window < time.Minute:
		return nil, fmt.Errorf("verify: New: Options.Window %s: use at least 1m", s.window)
	case s.resendAfter < time.Second:
		return nil, fmt.Errorf("verify: New: Options.ResendAfter %s: use at least 1s", s.resendAfter)
	}
	if s.msgs == nil {
		s.msgs = DefaultMessages()
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// or returns v, or def when v is zero.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func (s *Service) clock() time.Time { return s.now().UTC().Round(0) }

// maxRetries bounds the optimistic-concurrency retries of one operation. A
// challenge takes few writes in its life (MaxAttempts attempts, one use,
// a few resends), so a caller can lose only a few races.
const maxRetries = 32

// reach returns the challenge with id if a may act on it: staff, or the
// customer whose account it checks. Someone else's looks like a missing one.
func (s *Service) reach(ctx context.Context, a support.Actor, id string) (Challenge, error) {
	if err := a.Validate(); err != nil {
		return Challenge{}, err
	}
	if id == "" || len(id) > maxIDBytes {
		return Challenge{}, &NotFoundError{ID: trunc(id)}
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Challenge{}, &NotFoundError{ID: id}
		}
		return Challenge{}, fmt.Errorf("verify: loading challenge %q: %w", id, err)
	}
	if a.Role == support.RoleCustomer && a.ID != c.Account {
		return Challenge{}, &NotFoundError{ID: id}
	}
	return c, nil
}

// Get returns the challenge with id, without its hash, if a may reach it.
func (s *Service) Get(ctx context.Context, a support.Actor, id string) (Challenge, error) {
	c, err := s.reach(ctx, a, id)
	if err != nil {
		return Challenge{}, err
	}
	return c.public(), nil
}

// Purge deletes from the store the challenges that expired more than a
// Window ago and the sends older than a Window, which no rate limit counts
// any more. Hosts call it from their own scheduler; it returns how many
// challenges it deleted.
func (s *Service) Purge(ctx context.Context) (int, error) {
	n, err := s.store.Purge(ctx, s.clock().Add(-s.window))
	if err != nil {
		return n, fmt.Errorf("verify: purging: %w", err)
	}
	return n, nil
}

// record writes an event about c into its ticket, if it has one, in c's
// language. A failure is logged, not returned: the operation it records has
// happened. Bodies and fields never hold a code.
func (s *Service) record(ctx context.Context, c *Challenge, name string, internal bool, to, key string, args ...any) {
	if c.Ticket == "" || s.desk == nil {
		return
	}
	_, err := s.desk.Record(ctx, actor, c.Ticket, support.Event{
		Kind: support.EventCustom, Field: "verify." + name, Internal: internal,
		From: c.ID, To: to, Body: s.msgs.Text(c.Language, key, args...),
	})
	if err != nil {
		s.log.WarnContext(ctx, "verify: recording in the ticket failed", "challenge", c.ID, "ticket", string(c.Ticket), "event", name, "err", err)
	}
}

// send delivers m; an error that mentions the code is replaced, so that
// the code never travels up in an error.
func (s *Service) send(ctx context.Context, m Message) error {
	err := s.sender.Send(ctx, m)
	if err == nil {
		return nil
	}
	if m.Code != "" && strings.Contains(err.Error(), m.Code) {
		return errors.New("verify: the sender failed (its error mentioned the code and is withheld)")
	}
	return err
}

// notify sends a notice and logs a failure: notices never fail an operation.
func (s *Service) notify(ctx context.Context, c *Challenge, ch Channel, to string, key string, args ...any) {
	m := Message{Kind: KindNotice, Channel: ch, To: to, Language: s.msgs.Language(c.Language), Text: s.msgs.Text(c.Language, key, args...)}
	if err := s.send(ctx, m); err != nil {
		s.log.WarnContext(ctx, "verify: a notice could not be sent", "challenge", c.ID, "message", m, "err", err)
	}
}
