package redact_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support/redact"
)

// TestConcurrentUse shares one Redactor and one Explainer among goroutines
// (run with -race).
func TestConcurrentUse(t *testing.T) {
	r := &redact.Redactor{KeepFirst: -1}
	e := redact.DefaultExplainer()
	langs := []language.Tag{language.English, language.SimplifiedChinese, language.TraditionalChinese}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 50 {
				res := r.Redact("card 4111 1111 1111 1111 cvv 123")
				assert.Equal(t, "card **** **** **** 1111 cvv ***", res.Text)
				assert.NotEmpty(t, e.Explain(res, langs[i%3]))
				assert.NotEmpty(t, e.ScamWarning(langs[i%3]))
			}
		})
	}
	wg.Wait()
}
