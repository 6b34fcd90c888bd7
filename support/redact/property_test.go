package redact_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/support/redact"
)

// randomCard returns a Luhn-valid card number of 13 to 19 digits.
func randomCard(rng *rand.Rand) string {
	n := 13 + rng.IntN(7)
	var b strings.Builder
	b.WriteByte(byte('2' + rng.IntN(5)))
	for b.Len() < n-1 {
		b.WriteByte(byte('0' + rng.IntN(10)))
	}
	p := b.String()
	return p + string(checkDigit(p))
}

// format writes the digits of card in random groups, separators and widths.
func format(rng *rand.Rand, card string) string {
	seps := []string{" ", "-", ".", "\u00a0", "\u3000", "－", "．", "\u2013"}
	var b strings.Builder
	grouped := rng.IntN(3) > 0
	group := 4 + rng.IntN(3)
	wide := rng.IntN(3)
	for i, c := range card {
		if grouped && i > 0 && i%group == 0 {
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		if wide == 1 || wide == 2 && rng.IntN(2) == 0 {
			b.WriteString(fullWidth(string(c)))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// filler returns random chat text around the cards.
func filler(rng *rand.Rand) string {
	parts := []string{
		"Hi, ", "my card ", "卡号是", "请帮我查一下，", "order 2024-01-02 ", "paid ¥1,234.56 ", "thanks! ",
		"退款 300 元 ", "ref #88123 ", "x", "。", "，", " ", "号码：", "\xff", "cvv ", "验证码 ",
	}
	var b strings.Builder
	for range rng.IntN(4) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// TestPropertyCardsAreMasked embeds random card numbers in random text and
// checks that each is covered by a card finding (or a password or code
// finding next to its word) and that no card survives.
func TestPropertyCardsAreMasked(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		type pos struct{ start, end int }
		var cards []pos
		b.WriteString(filler(rng))
		for range 1 + rng.IntN(3) {
			c := format(rng, randomCard(rng))
			start := b.Len()
			b.WriteString(c)
			cards = append(cards, pos{start, b.Len()})
			b.WriteString(" " + filler(rng) + " ")
		}
		in := b.String()
		r := redact.Redact(in)
		checkResult(t, in, r)
		for _, c := range cards {
			covered := false
			for _, f := range r.Findings {
				if f.Start <= c.start && c.end <= f.End {
					covered = true
				}
			}
			require.True(t, covered, "card %q not covered in %q → %q %v", in[c.start:c.end], in, r.Text, r.Findings)
		}
	}
}

// TestPropertyDigitsWithoutCards checks that random numbers that are no
// card number are left alone.
func TestPropertyDigitsWithoutCards(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			n := 1 + rng.IntN(12)
			for range n {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
			b.WriteString([]string{" apples, ", "/", " 元，", ": ", "\n"}[rng.IntN(5)])
		}
		in := b.String()
		if len(cardNumbers(in)) > 0 {
			continue
		}
		r := redact.Redact(in)
		require.Equal(t, in, r.Text)
		require.Empty(t, r.Findings)
	}
}
