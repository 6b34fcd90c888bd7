package verify_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/verify"
)

// model is what the property test expects of one challenge.
type model struct {
	id       string
	code     string
	status   verify.Status
	attempts int
	expires  time.Time
	sentAt   time.Time
}

// TestProperties runs random sequences of Start, Resend, Verify (right,
// wrong, malformed), Consume and clock moves on a few accounts and checks
// every result against a simple model of the rules: codes expire, die after
// 5 attempts, verify once, are consumed once, and each account is sent at
// most 5 codes an hour with 30 seconds between resends.
func TestProperties(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		f := newFixture(t, func(o *verify.Options) { o.Desk = nil })
		accounts := []string{"a", "b", "c"}
		sends := map[string][]time.Time{}
		var all []*model
		owner := map[string]string{}
		countSends := func(acct string, now time.Time) int {
			n := 0
			for _, s := range sends[acct] {
				if now.Sub(s) < time.Hour {
					n++
				}
			}
			return n
		}
		for step := range 400 {
			now := f.clock.Now()
			switch op := rng.IntN(100); {
			case op < 15: // Start
				acct := accounts[rng.IntN(len(accounts))]
				c, err := f.svc.Start(ctx, support.Customer(acct), verify.StartRequest{Account: acct, Purpose: verify.PurposeDispute, Channel: verify.ChannelPush, To: "dev-" + acct})
				if countSends(acct, now) >= 5 {
					if !errors.Is(err, verify.ErrRateLimited) {
						t.Fatalf("seed %d step %d: start over quota: %v", seed, step, err)
					}
					continue
				}
				must(t, err)
				sends[acct] = append(sends[acct], now)
				m := &model{id: c.ID, code: f.out.lastCode(t, "dev-"+acct), status: verify.StatusPending, expires: now.Add(10 * time.Minute), sentAt: now}
				all = append(all, m)
				owner[c.ID] = acct
			case op < 25 && len(all) > 0: // Resend
				m := all[rng.IntN(len(all))]
				acct := owner[m.id]
				_, err := f.svc.Resend(ctx, support.Customer(acct), m.id)
				switch {
				case m.status == verify.StatusLocked:
					is(t, err, verify.ErrLocked)
				case m.status == verify.StatusUsed:
					is(t, err, verify.ErrUsed)
				case !now.Before(m.expires):
					is(t, err, verify.ErrExpired)
				case m.status == verify.StatusVerified:
					is(t, err, verify.ErrUsed)
				case now.Sub(m.sentAt) < 30*time.Second, countSends(acct, now) >= 5:
					is(t, err, verify.ErrRateLimited)
				default:
					must(t, err)
					sends[acct] = append(sends[acct], now)
					m.code, m.sentAt, m.expires = f.out.lastCode(t, "dev-"+acct), now, now.Add(10*time.Minute)
				}
			case op < 70 && len(all) > 0: // Verify
				m := all[rng.IntN(len(all))]
				code := m.code
				right := rng.IntN(3) == 0
				if !right {
					code = wrong(code)
				}
				if rng.IntN(10) == 0 {
					code = "12a" // malformed: never an attempt
				}
				_, err := f.svc.Verify(ctx, support.Customer(owner[m.id]), m.id, code)
				switch {
				case code == "12a":
					is(t, err, verify.ErrMalformedCode)
				case m.status == verify.StatusLocked:
					is(t, err, verify.ErrLocked)
				case m.status == verify.StatusUsed:
					is(t, err, verify.ErrUsed)
				case !now.Before(m.expires):
					is(t, err, verify.ErrExpired)
				case m.status == verify.StatusVerified:
					is(t, err, verify.ErrUsed)
				case right:
					must(t, err)
					m.attempts++
					m.status = verify.StatusVerified
				default:
					m.attempts++
					var wce *verify.WrongCodeError
					if !errors.As(err, &wce) || wce.Left != 5-m.attempts {
						t.Fatalf("seed %d step %d: wrong code: %v (attempts %d)", seed, step, err, m.attempts)
					}
					if m.attempts == 5 {
						m.status = verify.StatusLocked
					}
				}
			case op < 80 && len(all) > 0: // Consume
				m := all[rng.IntN(len(all))]
				_, err := f.svc.Consume(ctx, support.Customer(owner[m.id]), m.id, verify.PurposeDispute)
				switch {
				case m.status == verify.StatusLocked:
					is(t, err, verify.ErrLocked)
				case m.status == verify.StatusUsed:
					is(t, err, verify.ErrUsed)
				case !now.Before(m.expires):
					is(t, err, verify.ErrExpired)
				case m.status == verify.StatusPending:
					is(t, err, verify.ErrNotVerified)
				default:
					must(t, err)
					m.status = verify.StatusUsed
				}
			default: // time passes
				f.clock.Advance(time.Duration(rng.IntN(240)) * time.Second)
			}
			// The store agrees with the model.
			for _, m := range all {
				got, err := f.store.Get(ctx, m.id)
				must(t, err)
				if got.Status != m.status || got.Attempts != m.attempts {
					t.Fatalf("seed %d step %d: %s is %v/%d, model %v/%d", seed, step, m.id, got.Status, got.Attempts, m.status, m.attempts)
				}
			}
		}
	}
}
