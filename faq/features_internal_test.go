package faq

import (
	"math/rand/v2"
	"testing"
)

// TestHashTable checks the open-addressing table against a Go map on random
// keys, colliding keys and the zero key.
func TestHashTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	want := map[uint64]int32{0: 5}
	for i := range 1000 {
		want[rng.Uint64()] = int32(i)
	}
	for i := range 50 { // keys that share their low bits collide
		want[uint64(i)<<40|3] = int32(2000 + i)
	}
	tab := newHashTable(len(want))
	for k, v := range want {
		tab.put(k, v)
	}
	for k, v := range want {
		if got, ok := tab.get(k); !ok || got != v {
			t.Fatalf("get(%#x) = %d, %v; want %d", k, got, ok, v)
		}
	}
	for range 1000 {
		k := rng.Uint64()
		if _, in := want[k]; in {
			continue
		}
		if _, ok := tab.get(k); ok {
			t.Fatalf("get(%#x) found a missing key", k)
		}
	}
	empty := newHashTable(0)
	if _, ok := empty.get(0); ok {
		t.Error("empty table has the zero key")
	}
}
