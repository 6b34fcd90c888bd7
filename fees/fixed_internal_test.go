package fees

import (
	"math/rand/v2"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

var allModes = []currency.RoundingMode{currency.HalfUp, currency.HalfEven, currency.Up, currency.Down, currency.Ceiling, currency.Floor}

// TestFracRoundMatchesDecimal checks the fast path's rounding against
// currency.Round on random values, ties included.
func TestFracRoundMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 20000; i++ {
		k := int32(rng.IntN(8))
		n := rng.Int64N(1_000_000_000)
		if i%3 == 0 && k > 0 {
			n = n/pow10(k)*pow10(k) + 5*pow10(k-1) // a tie
		}
		f := frac{n: n, k: k}
		for _, m := range allModes {
			got := f.round(m)
			want := currency.Round(decimal.New(n, -k), 0, m)
			if !want.Equal(decimal.New(got, 0)) {
				t.Fatalf("round(%d / 10^%d, %s) = %d, want %s", n, k, m, got, want)
			}
			if k <= 19 {
				b := rng.Int64N(1_000_000) + 1
				got, ok := mulDivRound(n, b, k, m)
				want := currency.Round(decimal.New(n, -k).Mul(decimal.New(b, 0)), 0, m)
				if ok && !want.Equal(decimal.New(got, 0)) {
					t.Fatalf("mulDivRound(%d, %d, %d, %s) = %d, want %s", n, b, k, m, got, want)
				}
			}
		}
	}
}

// TestFastPathMatchesDecimal prices random amounts with the fast path and
// the decimal path and requires the same lines and totals.
func TestFastPathMatchesDecimal(t *testing.T) {
	s, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, scope := range []Scope{PerLine, OnTotal} {
		for _, m := range allModes {
			sc := *s
			sc.rounding = Rounding{Mode: m, Scope: scope}
			for _, r := range sc.rules {
				pos := 0
				places := int32(2)
				if r.send.all {
					pos = -1
				}
				for i := 0; i < 300; i++ {
					sm := 1 + rng.Int64N(10_000_000)
					if r.send.all && i%2 == 0 {
						// Rules of every currency: only percentages; try JPY too.
						places = 0
					}
					send := decimal.New(sm, -places)
					cross := i%3 == 0
					var buf [8]fastLine
					_, fast, ok := sc.priceFast(r, pos, sm, cross, buf[:0])
					if !ok {
						t.Fatalf("%s: fast path refused %s", r.id, send)
					}
					slow := sc.totalFeeDecimal(r, pos, send, cross, places)
					if !slow.Equal(decimal.New(fast, -places)) {
						t.Fatalf("%s %s %s: fast %d, decimal %s on %s", r.id, m, scope, fast, slow, send)
					}
				}
			}
		}
	}
}
