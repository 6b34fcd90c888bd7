package currency

import (
	"math/big"
	"testing"
)

// TestRateDecimalLen checks the digit count on both sides of every power of
// ten and of two up to hundreds of digits, where the bit-length estimate is
// most likely to be off.
func TestRateDecimalLen(t *testing.T) {
	check := func(v *big.Int) {
		t.Helper()
		if got, want := rateDecimalLen(v), len(v.String()); got != want {
			t.Fatalf("rateDecimalLen(%s) = %d, want %d", v, got, want)
		}
	}
	check(big.NewInt(0))
	one := big.NewInt(1)
	p := big.NewInt(1)
	for range 200 {
		check(p)
		check(new(big.Int).Sub(p, one))
		p.Mul(p, big.NewInt(10))
	}
	for b := range 700 {
		v := new(big.Int).Lsh(one, uint(b))
		check(v)
		check(new(big.Int).Add(v, one))
	}
}
