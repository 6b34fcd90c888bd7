package fees

// indexKey locates the rules that may match a request. A rule is filed under
// every (operation, method) pair it matches, under each of its send
// currencies (or the empty string when it matches every currency) and under
// each of its sender countries (or anyCountry when it matches every country).
// A request therefore looks at four lists, and the rules in them are checked
// in full; the index never makes matching depend on the total number of rules.
type indexKey struct {
	op, method uint8
	from       uint16
	currency   string
}

const anyCountry = 0xffff

func buildIndex(rules []*rule) map[indexKey][]*rule {
	idx := make(map[indexKey][]*rule)
	for _, r := range rules {
		froms := []int{anyCountry}
		if !r.fromAll {
			froms = r.pairs.from.members()
		}
		curs := []string{""}
		if !r.send.all {
			curs = curs[:0]
			for _, c := range r.sends {
				curs = append(curs, c.Code())
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
						k := indexKey{op: uint8(op), method: uint8(m), from: uint16(from), currency: cur}
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

// candidates calls fn for every rule that matches t regardless of the amount
// band, until fn returns false.
func (s *Schedule) candidates(t *target, fn func(r *rule, sendPos int) bool) {
	keys := [4]indexKey{
		{op: uint8(t.op), method: uint8(t.method), from: uint16(t.from), currency: t.send},
		{op: uint8(t.op), method: uint8(t.method), from: anyCountry, currency: t.send},
		{op: uint8(t.op), method: uint8(t.method), from: uint16(t.from), currency: ""},
		{op: uint8(t.op), method: uint8(t.method), from: anyCountry, currency: ""},
	}
	for _, k := range keys {
		for _, r := range s.index[k] {
			if !r.matchesRoute(t) {
				continue
			}
			pos := -1
			if !r.send.all {
				pos = r.sendPos(t.send)
			}
			if !fn(r, pos) {
				return
			}
		}
	}
}

// matchesRoute reports whether r matches t's countries and receive currency
// (operation, method, send currency and sender country are the index's job).
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
