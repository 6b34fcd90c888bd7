package fees

// indexKey locates the rules that may match a request. A rule is filed under
// every (operation, method) pair it matches, under each of its send
// currencies (or anyCurrency when it matches every currency) and under each
// of its sender countries (or anyCountry when it matches every country).
// A request therefore looks at four lists, and the rules in them are checked
// in full; the index never makes matching depend on the total number of rules.
//
// A rule that names many countries or currencies is filed under the
// wildcards instead (see maxIndexFanOut), and candidates checks its countries
// and currencies: otherwise a small hostile document (rules "from" 200
// countries in 30 currencies) would expand into millions of index entries.
type indexKey uint64

// maxIndexFanOut bounds the number of (sender country, send currency) keys a
// rule is filed under for each of its (operation, method) pairs, and so the
// size of the index: at most 7 × 5 × maxIndexFanOut entries per rule.
const maxIndexFanOut = 16

// anyCountry and anyCurrency stand for the wildcards in an indexKey.
const (
	anyCountry  = 0x3ff
	anyCurrency = -1
)

// key packs an index key: 3 bits of operation, 3 of method, 10 of sender
// country and the rest for the schedule-local currency number (+1, so that
// 0 is the wildcard).
func key(op, method, from, cur int) indexKey {
	return indexKey(uint64(op) | uint64(method)<<3 | uint64(from)<<6 | uint64(cur+1)<<16)
}

func buildIndex(rules []*rule, curIDs map[string]int) map[indexKey][]*rule {
	idx := make(map[indexKey][]*rule)
	for _, r := range rules {
		// Prefer filing by currency (rules name few) over filing by country.
		nfrom, ncur := r.pairs.from.count(), len(r.sends)
		byCountry := !r.fromAll && nfrom <= maxIndexFanOut
		byCurrency := !r.send.all && ncur <= maxIndexFanOut
		if byCountry && byCurrency && nfrom*ncur > maxIndexFanOut {
			byCountry = false
		}
		froms := []int{anyCountry}
		if byCountry {
			froms = r.pairs.from.members()
		}
		curs := []int{anyCurrency}
		if byCurrency {
			curs = curs[:0]
			for _, c := range r.sends {
				curs = append(curs, curIDs[c.Code()])
			}
		}
		for op := 0; op < numOperations; op++ {
			if r.ops&(1<<op) == 0 {
				continue
			}
			for m := 0; m < numMethods; m++ {
				if r.methods&(1<<m) == 0 {
					continue
				}
				for _, cur := range curs {
					for _, from := range froms {
						k := key(op, m, from, cur)
						idx[k] = append(idx[k], r)
					}
				}
			}
		}
	}
	return idx
}

// target is a validated request, resolved for matching.
type target struct {
	opName           Operation
	methodName       Method
	fromCode, toCode string
	op, method       int
	from, to         int // country bit indexes
	send, recv       string
	recvID           int // schedule-local id of the receive currency, -1 if none
}

// noRule returns the error for a request that no rule matches.
func (t *target) noRule() *NoRuleError {
	return &NoRuleError{
		Operation: t.opName, Method: t.methodName,
		FromCountry: t.fromCode, ToCountry: t.toCode,
		SendCurrency: t.send, ReceiveCurrency: t.recv,
	}
}

// candidates calls fn for every rule that matches t regardless of the amount
// band, until fn returns false.
func (s *Schedule) candidates(t *target, fn func(r *rule, sendPos int) bool) {
	sendID, ok := s.curIDs[t.send]
	keys := [4]indexKey{
		key(t.op, t.method, t.from, sendID),
		key(t.op, t.method, anyCountry, sendID),
		key(t.op, t.method, t.from, anyCurrency),
		key(t.op, t.method, anyCountry, anyCurrency),
	}
	first := 0
	if !ok {
		first = 2 // no rule names the send currency
	}
	for _, k := range keys[first:] {
		for _, r := range s.index[k] {
			if !r.matchesRoute(t) {
				continue
			}
			pos := -1
			if !r.send.all {
				// A rule of many currencies is filed under anyCurrency.
				if pos = r.sendPos(t.send); pos < 0 {
					continue
				}
			}
			if !fn(r, pos) {
				return
			}
		}
	}
}

// matchesRoute reports whether r matches t's countries and receive currency
// (operation and method are the index's job; candidates checks the send
// currency).
func (r *rule) matchesRoute(t *target) bool {
	if !r.pairs.to.has(t.to) {
		return false
	}
	switch r.pairs.corridor {
	case Domestic:
		if t.from != t.to {
			return false
		}
	case CrossBorder:
		if t.from == t.to {
			return false
		}
	}
	if !r.pairs.from.has(t.from) {
		return false
	}
	if r.recv.all {
		return true
	}
	return r.recv.has(t.recvID)
}
