package fees

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
)

// TestPairsExact checks emptiness, intersection and inclusion of pair sets
// against brute force over a universe of three countries.
func TestPairsExact(t *testing.T) {
	codes := []int{countryIndex("AD"), countryIndex("AE"), countryIndex("AF")}
	var all []pairs
	for f := 0; f < 8; f++ {
		for to := 0; to < 8; to++ {
			for _, c := range []Corridor{AnyCorridor, Domestic, CrossBorder} {
				var p pairs
				for i, code := range codes {
					if f&(1<<i) != 0 {
						p.from.add(code)
					}
					if to&(1<<i) != 0 {
						p.to.add(code)
					}
				}
				p.corridor = c
				all = append(all, p)
			}
		}
	}
	set := func(p pairs) map[[2]int]bool {
		m := map[[2]int]bool{}
		for _, a := range codes {
			for _, b := range codes {
				if p.from.has(a) && p.to.has(b) && (p.corridor != Domestic || a == b) && (p.corridor != CrossBorder || a != b) {
					m[[2]int{a, b}] = true
				}
			}
		}
		return m
	}
	for _, p := range all {
		np, sp := p.normalized(), set(p)
		if np.empty() != (len(sp) == 0) {
			t.Fatalf("%+v: empty %v, brute force %d pairs", p, np.empty(), len(sp))
		}
		if np.empty() {
			continue
		}
		for _, q := range all {
			nq, sq := q.normalized(), set(q)
			if nq.empty() {
				continue
			}
			inter, within := false, true
			for k := range sp {
				if sq[k] {
					inter = true
				} else {
					within = false
				}
			}
			if got := np.intersects(nq); got != inter {
				t.Fatalf("%+v ∩ %+v: got %v, want %v", p, q, got, inter)
			}
			if got := np.within(nq); got != within {
				t.Fatalf("%+v ⊆ %+v: got %v, want %v", p, q, got, within)
			}
		}
	}
}

// TestIndexMatchesLinearScan checks that the index finds exactly the rules a
// scan of every rule finds, on a large random schedule.
func TestIndexMatchesLinearScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	ops := []Operation{Payment, Transfer, Withdrawal, TopUp, Exchange, Refund, Payout}
	methods := []Method{Card, BankTransfer, DirectDebit, Balance, Cash}
	countries := []string{"US", "GB", "DE", "FR", "JP", "CN", "IN", "BR"}
	curs := []string{"USD", "EUR", "GBP", "JPY"}
	def := Definition{Name: "random"}
	// Disjoint rules: each (operation, method, from, currency) at most once,
	// some with every method, country or currency.
	seen := map[string]bool{}
	for i := 0; i < 400; i++ {
		r := Rule{ID: fmt.Sprintf("r%d", i), Operations: []Operation{ops[rng.IntN(len(ops))]}}
		key := string(r.Operations[0])
		if rng.IntN(4) > 0 {
			r.Methods = []Method{methods[rng.IntN(len(methods))]}
		}
		if rng.IntN(3) > 0 {
			r.From = []string{countries[rng.IntN(len(countries))]}
		}
		if rng.IntN(3) > 0 {
			r.Currencies = []string{curs[rng.IntN(len(curs))]}
		}
		if rng.IntN(4) == 0 {
			r.Corridor = CrossBorder
		}
		key += fmt.Sprint(r.Methods, r.From, r.Currencies, r.Corridor)
		if seen[key] {
			continue
		}
		seen[key] = true
		def.Rules = append(def.Rules, r)
		if _, err := New(def); err != nil {
			def.Rules = def.Rules[:len(def.Rules)-1] // overlapping: leave it out
		}
	}
	s, err := New(def)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.rules) < 100 {
		t.Fatalf("only %d rules", len(s.rules))
	}
	for i := 0; i < 3000; i++ {
		op, m := ops[rng.IntN(len(ops))], methods[rng.IntN(len(methods))]
		tg := target{op: op.index(), method: m.index(),
			from: countryIndex(countries[rng.IntN(len(countries))]), to: countryIndex(countries[rng.IntN(len(countries))]),
			send: curs[rng.IntN(len(curs))], recv: curs[rng.IntN(len(curs))], recvID: -1}
		if id, ok := s.curIDs[tg.recv]; ok {
			tg.recvID = id
		}
		var got, want []string
		s.candidates(&tg, func(r *rule, _ int) bool { got = append(got, r.id); return true })
		for _, r := range s.rules {
			if r.ops&(1<<tg.op) != 0 && r.methods&(1<<tg.method) != 0 && r.pairs.from.has(tg.from) &&
				r.send.has(s.curIDs[tg.send]) && (r.send.all || r.sendPos(tg.send) >= 0) && r.matchesRoute(&tg) {
				want = append(want, r.id)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("request %+v: index found %v, scan found %v", tg, got, want)
		}
	}
}

// TestPieceMatchesCharge checks that the linear pieces the inverse search
// relies on give the exact fee at every amount they claim to cover.
func TestPieceMatchesCharge(t *testing.T) {
	s, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	usd, _ := currency.Lookup("USD")
	unit := decimal.New(1, -2)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, r := range s.rules {
		pos := r.sendPos("USD")
		if pos < 0 && !r.send.all {
			continue
		}
		for _, c := range r.comps {
			for i := 0; i < 200; i++ {
				x := usd.FromMinor(1 + rng.Int64N(5_000_000)).Number()
				p := c.piece(x, pos, true, unit, 2)
				for k := 0; k < 5; k++ {
					y := x.Add(usd.FromMinor(rng.Int64N(100_000)).Number())
					if p.bounded && y.Cmp(p.next) >= 0 {
						y = p.next.Sub(unit)
					}
					fee, _, _ := c.charge(y, pos, true)
					if lin := y.Mul(p.a).Add(p.b); !lin.Equal(fee) {
						t.Fatalf("%s/%s at %s: piece from %s gives %s, charge %s", r.id, c.code, y, x, lin, fee)
					}
				}
			}
		}
	}
}
