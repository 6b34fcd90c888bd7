package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTour runs the whole tour on the embedded defaults and checks one
// result of each package, so the README's first command keeps working.
func TestTour(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out), out.String())
	for _, want := range []string{
		"100.00 USD split three ways: [33.34 USD 33.33 USD 33.33 USD]",
		"de     1.234,50\u00a0€",
		"en-IN  ₹1,23,456.00",
		"100.00 USD = 15671 JPY",
		"stale exchange rate",
		"recipient gets 1074.60 USD",
		"to deliver exactly 1074.60 USD, send 1000.00 EUR",
		"bank-transfer costs 12.80 EUR (+0.00 EUR over the cheapest)",
		`"what's the weather tomorrow" → no good answer: offer live chat`,
		"another customer asking: support: ticket",
		"mei's history: #3 status by agent",
		"4 business hours after Friday 16:00: Mon 11:00",
	} {
		assert.Contains(t, out.String(), want)
	}
}
