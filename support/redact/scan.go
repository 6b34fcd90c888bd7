package redact

import "strings"

// Card number bounds, in digits.
const (
	minCard = 13
	maxCard = 19
	ring    = 32 // > maxCard: the groups a window can span
	head    = 10 // leading groups of a chain kept for code detection
)

// classes marks the bytes the scanner stops at: 1 an ASCII digit, 2 'p' or
// 'P' (password, passwd, pwd), 3 0xEF (the lead byte of a full-width digit
// or separator), 4 0xE5 (the lead byte of 密). It is a constant string, not
// a table variable, so that there is no package-level state.
const classes = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

// firstInteresting returns the index of the first byte where a secret may
// start, or -1 when s can hold none.
func firstInteresting(s string) int {
	for i := 0; i < len(s); i++ {
		switch classes[s[i]] {
		case 0:
		case 1:
			return i
		case 2:
			if passwordKeyword(s, i) > 0 {
				return i
			}
		case 3:
			if _, w := digitAt(s, i); w > 0 {
				return i
			}
		case 4:
			if passwordKeyword(s, i) > 0 {
				return i
			}
		}
	}
	return -1
}

// digitAt returns the value and width of the digit at s[i]: an ASCII digit
// (width 1) or a full-width digit U+FF10..U+FF19 (EF BC 90..99, width 3);
// width 0 when there is none.
func digitAt(s string, i int) (byte, int) {
	if i >= len(s) {
		return 0, 0
	}
	if c := s[i] - '0'; c < 10 {
		return c, 1
	}
	if s[i] == 0xEF && i+2 < len(s) && s[i+1] == 0xBC {
		if c := s[i+2] - 0x90; c < 10 {
			return c, 3
		}
	}
	return 0, 0
}

// sepAt returns the width of the digit separator at s[i], 0 when there is
// none. Separators: space, '-', '.', NO-BREAK SPACE U+00A0, THIN SPACE
// U+2009, NARROW NO-BREAK SPACE U+202F, the hyphens and dashes
// U+2010..U+2013, IDEOGRAPHIC SPACE U+3000, FULLWIDTH HYPHEN-MINUS U+FF0D
// and FULLWIDTH FULL STOP U+FF0E.
func sepAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case ' ', '-', '.':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 {
			switch s[i+2] {
			case 0x89, 0x90, 0x91, 0x92, 0x93, 0xAF:
				return 3
			}
		}
	case 0xE3:
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
			return 3
		}
	case 0xEF:
		if i+2 < len(s) && s[i+1] == 0xBC && (s[i+2] == 0x8D || s[i+2] == 0x8E) {
			return 3
		}
	}
	return 0
}

// sepBefore returns the width of the separator ending at s[:i], 0 when
// there is none.
func sepBefore(s string, i int) int {
	for _, w := range [...]int{1, 2, 3} {
		if i-w >= 0 && sepAt(s, i-w) == w {
			return w
		}
	}
	return 0
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isAlnum(c byte) bool { return isLetter(c) || c-'0' < 10 }

// op is one masking operation, in byte offsets of the input.
type op struct {
	kind        Kind
	start, end  int
	ga, gb      int // first and last group of the chain (not for passwords)
	keepFirst   int
	keepLast    int
	whole       bool // replace the whole span by the password mask
	noKeepFirst bool // a code ran into the card from the left
	noKeepLast  bool // a code ran into the card and ends it
}

// scanner holds the state of one Redact call.
type scanner struct {
	s                   string
	ops                 []op
	keepFirst, keepLast int
	mask, maskWide      string
	maskRune            rune
	chainFirst          int        // index in ops of the current chain's first op
	groups              [ring]span // the last groups of the current chain
	heads               [head]span // the first groups of the current chain
}

// scan runs over s from i, which is at or before the first secret.
func (sc *scanner) scan(i int) {
	s := sc.s
	for i < len(s) {
		switch classes[s[i]] {
		case 1:
			i = sc.chain(i)
			continue
		case 2, 4:
			if n := passwordKeyword(s, i); n > 0 {
				i = sc.password(i, i+n)
				continue
			}
		case 3:
			if _, w := digitAt(s, i); w > 0 {
				i = sc.chain(i)
				continue
			}
		}
		i++
	}
}

// span is one group of a chain: a run of digits without separators.
type span struct{ start, end, n int }

// chain reads the chain of digits starting at s[i]: digit groups joined by
// single separators. It records the card numbers and codes in it and
// returns the index after it.
func (sc *scanner) chain(i int) int {
	s := sc.s
	sc.chainFirst = len(sc.ops)
	pos, g := i, 0
	for {
		start, n := pos, 0
		for {
			if pos < len(s) && s[pos]-'0' < 10 {
				pos++
				n++
				continue
			}
			if _, w := digitAt(s, pos); w > 0 {
				pos += w
				n++
				continue
			}
			break
		}
		sp := span{start, pos, n}
		sc.groups[g%ring] = sp
		if g < head {
			sc.heads[g] = sp
		}
		if g > 0 || n >= minCard {
			sc.windows(g)
		}
		g++
		w := sepAt(s, pos)
		if w == 0 {
			break
		}
		if _, dw := digitAt(s, pos+w); dw == 0 {
			break
		}
		pos += w
	}
	sc.finishChain(i, sc.heads[:min(g, head)], g)
	return pos
}

// windows records the Luhn-valid windows of 13 to 19 digits, made of whole
// groups, that end with group b.
func (sc *scanner) windows(b int) {
	total := 0
	for a := b; a >= 0 && b-a < maxCard; a-- {
		total += sc.groups[a%ring].n
		if total > maxCard {
			return
		}
		if total >= minCard && sc.luhn(a, b) {
			sc.addCard(a, b, sc.groups[a%ring].start, sc.groups[b%ring].end)
		}
	}
}

// luhn reports whether the digits of groups a..b pass the Luhn check.
func (sc *scanner) luhn(a, b int) bool {
	s := sc.s
	sum, dbl := 0, false
	for g := b; g >= a; g-- {
		gr := sc.groups[g%ring]
		for p := gr.end; p > gr.start; {
			// A group holds digits only: a last byte that is no ASCII
			// digit ends a full-width one (EF BC 90..99).
			d := int(s[p-1] - '0')
			if d < 10 && d >= 0 {
				p--
			} else {
				d = int(s[p-1] - 0x90)
				p -= 3
			}
			if dbl {
				d *= 2
				if d > 9 {
					d -= 9
				}
			}
			sum += d
			dbl = !dbl
		}
	}
	return sum%10 == 0
}

// addCard records the card window of groups a..b, merging it with the
// windows of the chain it overlaps.
func (sc *scanner) addCard(a, b, start, end int) {
	for len(sc.ops) > sc.chainFirst {
		last := &sc.ops[len(sc.ops)-1]
		if last.gb < a {
			break
		}
		if last.ga < a {
			a, start = last.ga, last.start
		}
		sc.ops = sc.ops[:len(sc.ops)-1]
	}
	sc.ops = append(sc.ops, op{kind: CardNumber, start: start, end: end, ga: a, gb: b})
}

// finishChain looks for a code at the head of the chain starting at s[i]
// with ng groups, then decides which card digits stay visible.
func (sc *scanner) finishChain(i int, heads []span, ng int) {
	first := sc.chainFirst
	if kind, v0, vk, ok := sc.code(i, heads); ok {
		c := op{kind: kind, start: heads[v0].start, end: heads[vk].end, ga: v0, gb: vk, whole: kind == Password}
		// Cards the code runs into are masked with it as one card number,
		// keeping no digit on the code's side.
		k := first
		for k < len(sc.ops) && sc.ops[k].ga <= vk {
			k++
		}
		if k == first {
			sc.ops = append(sc.ops, op{})
			copy(sc.ops[first+1:], sc.ops[first:])
			sc.ops[first] = c
		} else {
			u := sc.ops[first]
			u.noKeepFirst = true
			u.gb, u.end = sc.ops[k-1].gb, sc.ops[k-1].end
			if v0 < u.ga {
				u.ga, u.start = v0, c.start
			}
			if vk >= u.gb {
				u.gb, u.end = vk, c.end
				u.noKeepLast = true
			}
			sc.ops[first] = u
			sc.ops = append(sc.ops[:first+1], sc.ops[k:]...)
		}
	}
	for k := first; k < len(sc.ops); k++ {
		o := &sc.ops[k]
		if o.kind != CardNumber {
			continue
		}
		// A digit right next to a card in its chain that stays visible
		// would join the kept digits into a longer visible run: keep
		// digits only where the neighbour is masked or absent.
		prevVisible := o.ga > 0 && !(k > first && sc.ops[k-1].gb == o.ga-1)
		nextVisible := o.gb < ng-1 && !(k+1 < len(sc.ops) && sc.ops[k+1].ga == o.gb+1)
		if !prevVisible && !o.noKeepFirst {
			o.keepFirst = sc.keepFirst
		}
		if !nextVisible && !o.noKeepLast {
			o.keepLast = sc.keepLast
		}
	}
}

// code returns the code at the head of the chain starting at s[i]: its
// kind and its first and last group.
func (sc *scanner) code(i int, heads []span) (kind Kind, v0, vk int, ok bool) {
	s := sc.s
	if i > 0 && isLetter(s[i-1]) {
		v0 = 1 // the first group belongs to a word, as in "CVV2 123"
	}
	if v0 >= len(heads) || sc.maskedBefore(heads[v0].start) {
		return 0, 0, 0, false
	}
	// The longest value a code can have; without 3 digits, no code.
	if most := greedy(heads[v0:], 8); most < 3 {
		return 0, 0, 0, false
	}
	kind, either, ok := sc.keywordBefore(heads[v0].start)
	lo, hi := 4, 8
	switch {
	case either:
		lo = 3
	case ok && kind == SecurityCode:
		lo, hi = 3, 4
	}
	total := 0
	vk = -1
	for g := v0; g < len(heads); g++ {
		if total+heads[g].n > hi {
			break
		}
		total += heads[g].n
		vk = g
	}
	if vk < 0 || total < lo {
		return 0, 0, 0, false
	}
	end := heads[vk].end
	if end < len(s) && isLetter(s[end]) || sc.maskedAfter(end) {
		return 0, 0, 0, false
	}
	if !ok {
		if kind, ok = sc.keywordAfter(end); !ok {
			return 0, 0, 0, false
		}
		if kind == SecurityCode && total > 4 {
			return 0, 0, 0, false
		}
	}
	if either && total <= 4 {
		kind = SecurityCode
	}
	return kind, v0, vk, true
}

// isMaskAt reports whether a mask rune starts at s[i].
func (sc *scanner) isMaskAt(i int) bool {
	t := sc.s[i:]
	return strings.HasPrefix(t, "*") || strings.HasPrefix(t, "＊") || strings.HasPrefix(t, sc.mask)
}

// maskedBefore reports whether a mask, possibly one separator away, ends at
// s[:i]: the digits at i are what is left visible of a masked number.
func (sc *scanner) maskedBefore(i int) bool {
	s := sc.s
	i -= sepBefore(s, i)
	for _, m := range [...]string{"*", "＊", sc.mask} {
		if strings.HasSuffix(s[:i], m) {
			return true
		}
	}
	return false
}

// maskedAfter reports whether a mask, possibly one separator away, starts
// at s[i].
func (sc *scanner) maskedAfter(i int) bool {
	if i >= len(sc.s) {
		return false
	}
	if sc.isMaskAt(i) {
		return true
	}
	if w := sepAt(sc.s, i); w > 0 && i+w < len(sc.s) {
		return sc.isMaskAt(i + w)
	}
	return false
}

// greedy returns how many digits the leading groups of heads hold, taking
// groups while they fit in hi digits.
func greedy(heads []span, hi int) int {
	total := 0
	for _, h := range heads {
		if total+h.n > hi {
			break
		}
		total += h.n
	}
	return total
}
