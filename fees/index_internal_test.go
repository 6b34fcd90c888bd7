package fees

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestIndexBoundedFanOut checks that rules naming many countries and
// currencies do not blow up the index (a 30 KB document used to expand into
// millions of entries and take seconds to compile) and are still found.
func TestIndexBoundedFanOut(t *testing.T) {
	countries := strings.Fields(iso3166)
	curs := strings.Fields("USD EUR GBP JPY CNY CHF CAD AUD SEK NOK DKK PLN CZK HUF INR MXN BRL ZAR SGD HKD NZD KRW TRY ILS AED SAR THB MYR IDR PHP")
	all := []Operation{Payment, Transfer, Withdrawal, TopUp, Exchange, Refund, Payout}
	def := Definition{Name: "broad"}
	for i := range 20 {
		to := countries[i]
		from := slices.DeleteFunc(slices.Clone(countries), func(c string) bool { return c == to })[:200]
		def.Rules = append(def.Rules, Rule{ID: fmt.Sprintf("r%d", i), Operations: all, From: from, To: []string{to}, Currencies: curs})
	}
	// Narrow rules, filed by country and currency, next to the broad ones.
	for i := range 20 {
		def.Rules = append(def.Rules, Rule{ID: fmt.Sprintf("n%d", i), Operations: []Operation{Payment}, Methods: []Method{Card},
			From: []string{countries[100+i]}, To: []string{countries[i]}, Currencies: curs[:2]})
	}
	s, err := New(def)
	if err != nil {
		t.Fatal(err)
	}
	entries := 0
	for _, l := range s.index {
		entries += len(l)
	}
	if limit := len(def.Rules) * numOperations * numMethods * maxIndexFanOut; entries > limit {
		t.Fatalf("index has %d entries, want at most %d", entries, limit)
	}
	for _, from := range []string{countries[0], countries[5], countries[105], countries[210], countries[248]} {
		for _, to := range countries[:22] {
			for _, cur := range []string{"USD", "EUR", "PHP", "XOF"} {
				for _, op := range []Operation{Payment, Payout} {
					tg := target{op: op.index(), method: Card.index(), from: countryIndex(from), to: countryIndex(to), send: cur, recv: cur, recvID: -1}
					var got, want []string
					s.candidates(&tg, func(r *rule, pos int) bool {
						if pos < 0 || r.sends[pos].Code() != cur {
							t.Errorf("rule %s: send position %d for %s", r.id, pos, cur)
						}
						got = append(got, r.id)
						return true
					})
					for _, r := range s.rules {
						if r.ops&(1<<tg.op) != 0 && r.methods&(1<<tg.method) != 0 && r.sendPos(cur) >= 0 && r.matchesRoute(&tg) {
							want = append(want, r.id)
						}
					}
					slices.Sort(got)
					slices.Sort(want)
					if !slices.Equal(got, want) {
						t.Fatalf("%s %s→%s in %s: index found %v, scan found %v", op, from, to, cur, got, want)
					}
				}
			}
		}
	}
}
