package fees_test

import (
	"context"
	"testing"

	"github.com/paydesk/paydesk/fees"
	"golang.org/x/text/language"
)

// TestCountries checks the country list against CLDR (golang.org/x/text):
// every code accepted is a country CLDR knows with an alpha-3 code, there are
// the 249 codes ISO 3166-1 assigns, and reserved, deprecated and
// user-assigned codes are refused.
func TestCountries(t *testing.T) {
	s, err := fees.New(fees.Definition{Name: "any", Rules: []fees.Rule{{ID: "all", Operations: []fees.Operation{fees.Payment}}}})
	noErr(t, err)
	q := &fees.Quoter{Schedule: s}
	accepts := func(code string) bool {
		_, err := q.Forward(context.Background(), fees.Request{Operation: fees.Payment, Method: fees.Card, FromCountry: code, ToCountry: "US"}, amount(t, "1 USD"))
		return err == nil
	}
	accepted := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if !accepts(code) {
				continue
			}
			accepted++
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || r.ISO3() == "ZZZ" {
				t.Errorf("%s accepted, but CLDR does not know it as a country", code)
			}
		}
	}
	eq(t, 249, accepted)
	for _, code := range []string{"UK", "EU", "EA", "XK", "AN", "CS", "ZZ", "QO", "U", "USA", ""} {
		truth(t, !accepts(code), code)
	}
}
