package fees

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// randomRecipientRule returns a rule borne by the recipient with random
// percentage, fixed, capped and tiered components, in cur.
func randomRecipientRule(rng *rand.Rand, cur string) Rule {
	m := func(v int64) Money { return Money{cur: decimal.New(v, -2)} }
	r := Rule{ID: "r", Operations: []Operation{Payout}, Currencies: []string{cur}, Payer: Recipient}
	for i, n := 0, 1+rng.IntN(3); i < n; i++ {
		c := Component{Code: fmt.Sprintf("c%d", i)}
		switch rng.IntN(4) {
		case 0:
			c.Kind, c.Percent = Percentage, decimal.New(rng.Int64N(5000), -3)
			if rng.IntN(2) == 0 {
				lo := 1 + rng.Int64N(5000)
				c.Min, c.Max = m(lo), m(lo+rng.Int64N(500000))
			}
		case 1:
			c.Kind, c.Amounts = Fixed, m(rng.Int64N(1000))
		case 2, 3:
			c.Kind = Graduated
			if rng.IntN(2) == 0 {
				c.Kind = Volume
			}
			up := int64(0)
			for t, nt := 0, 1+rng.IntN(3); t < nt; t++ {
				tier := Tier{Percent: decimal.New(rng.Int64N(400), -2)}
				if t < nt-1 {
					up += 1 + rng.Int64N(1_000_000)
					tier.UpTo = m(up)
				}
				c.Tiers = append(c.Tiers, tier)
			}
		}
		r.Components = append(r.Components, c)
	}
	return r
}

// TestInverseFastMatchesDecimal checks that the integer versions of the
// inverse search (netsFast, scanFast) agree with the decimal ones.
func TestInverseFastMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	modes := []currency.RoundingMode{currency.HalfUp, currency.HalfEven, currency.Up, currency.Down, currency.Ceiling, currency.Floor}
	usd, _ := currency.Lookup("USD")
	for i := 0; i < 300; i++ {
		def := Definition{Name: "x", Rounding: Rounding{Mode: modes[rng.IntN(6)], Scope: Scope(rng.IntN(2)), Received: modes[rng.IntN(6)]},
			Rules: []Rule{randomRecipientRule(rng, "USD")}}
		s, err := New(def)
		if err != nil {
			t.Fatal(err)
		}
		recv, _ := currency.Lookup([]string{"EUR", "JPY", "KWD", "USD"}[rng.IntN(4)])
		rate := &currency.Rate{From: "USD", To: recv.Code(), Value: decimal.New(1+rng.Int64N(9_999_999), -int32(rng.IntN(9)))}
		if i%3 == 0 {
			// Simple rates divide exactly, which puts bounds on cell edges.
			simple := []string{"1", "2", "0.5", "0.8", "1.25", "100", "0.01"}
			rate.Value = decimal.RequireFromString(simple[rng.IntN(len(simple))])
		}
		r := s.rules[0]
		for j := 0; j < 20; j++ {
			want := recv.FromMinor(1 + rng.Int64N(100_000_000)).Number()
			v := &inversion{q: &Quoter{Schedule: s}, t: &target{from: 1, to: 2}, want: want, rate: rate,
				sendCur: usd, recvCur: recv, places: 2, unit: decimal.New(1, -2), atLeast: j%4 == 0}
			if recv == usd && j%2 == 0 {
				v.rate = nil
			}
			fast := candidate{r: r, pos: 0}
			slow := candidate{r: r, pos: 0}
			v.nets(&fast)
			if v.rate != nil {
				v.netsDecimal(&slow, v.rate.Value.Mul(r.factor))
				if !fast.lo.Equal(slow.lo) || !fast.hi.Equal(slow.hi) {
					t.Fatalf("nets of %s at %s %s: fast [%s, %s], decimal [%s, %s]", want, rate.Value, def.Rounding.Received, fast.lo, fast.hi, slow.lo, slow.hi)
				}
			}
			sg := segment{lo: v.unit, c: &fast}
			a, foundA, ok := v.scanFast(sg)
			if !ok {
				t.Fatalf("scanFast refused %s", want)
			}
			b, foundB := v.scanDecimal(sg)
			if foundA != foundB || (foundA && !a.Equal(b)) {
				t.Fatalf("scan for [%s, %s] (at least %v) in %+v: fast %s %v, decimal %s %v", fast.lo, fast.hi, v.atLeast, def, a, foundA, b, foundB)
			}
		}
	}
}
