package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/fees"
)

var fixedNow = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"forward with conversion", []string{"-op", "transfer", "-method", "bank-transfer", "-from-country", "DE", "-to-country", "US", "-send", "1234.56 EUR", "-to", "usd"},
			[]string{"rule transfer-international", "0.6% of 1000.00 EUR + 0.4% of 234.56 EUR", "€8.74", "$1,326.65", "In words (en):", "The recipient gets $1,326.65."}},
		{"inverse in Chinese", []string{"-op", "payout", "-method", "bank-transfer", "-from-country", "DE", "-to-country", "CN", "-receive", "5000.04 CNY", "-from-currency", "EUR", "-lang", "zh"},
			[]string{"¥5,000.04", "In words (zh-Hans):", "收款人收到 ¥5,000.04。"}},
		{"domestic card payment", []string{"-send", "100 USD"},
			[]string{"rule card-payment-usd", "2.9% of 100.00 USD", "$3.20"}},
		// The two commands of the package documentation.
		{"doc: transfer", []string{"-op", "transfer", "-method", "bank-transfer", "-from-country", "US", "-to-country", "DE", "-send", "1000 USD", "-to", "EUR"},
			[]string{"rule transfer-international", "€921.29"}},
		{"doc: payout", []string{"-op", "payout", "-method", "bank-transfer", "-from-country", "GB", "-to-country", "CN", "-receive", "5000.01 CNY", "-from-currency", "GBP", "-lang", "zh"},
			[]string{"¥5,000.01", "In words (zh-Hans):"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(context.Background(), tt.args, &out, fixedNow); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestRunSchedule(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	doc := `{"name":"file","rounding":{"mode":"half-up","scope":"line","received":"down"},
	  "rules":[{"id":"tops","operations":["top-up"],"components":[{"code":"top-up","kind":"percentage","percent":"3"}]}]}`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-schedule", path, "-op", "top-up", "-send", "10 EUR", "-from-country", "FR", "-to-country", "FR"}, &out, fixedNow); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "schedule file, rule tops") || !strings.Contains(out.String(), "3% of 10.00 EUR") {
		t.Errorf("unexpected output:\n%s", out.String())
	}
}

// TestRunExactLines checks that the lines of a schedule that rounds only the
// total are printed exactly, so that they add up to the total fee.
func TestRunExactLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	doc := `{"name":"file","rounding":{"mode":"half-up","scope":"total","received":"down"},
	  "rules":[{"id":"tops","operations":["top-up"],"components":[
	    {"code":"top-up","kind":"percentage","percent":"1.5"},{"code":"network","kind":"percentage","percent":"0.3"}]}]}`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-schedule", path, "-op", "top-up", "-send", "10.33 USD"}, &out, fixedNow); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"$0.15495", "$0.03099", "$0.19"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		is   error
		text string
	}{
		{"no amount", nil, nil, "exactly one of -send and -receive"},
		{"both amounts", []string{"-send", "1 USD", "-receive", "1 USD"}, nil, "exactly one"},
		{"bad amount", []string{"-send", "lots"}, nil, "-send"},
		{"bad language", []string{"-send", "1 USD", "-lang", "!!"}, nil, "-lang"},
		{"unknown country", []string{"-send", "1 USD", "-to-country", "XX"}, fees.ErrUnknownCountry, "XX"},
		{"no rule", []string{"-send", "1 USD", "-op", "withdrawal", "-method", "card"}, fees.ErrNoRule, "withdrawal"},
		{"missing schedule", []string{"-send", "1 USD", "-schedule", "/nonexistent/s.json"}, os.ErrNotExist, "nonexistent"},
		{"bad flag", []string{"-bogus"}, nil, "bogus"},
		{"-to disagrees with -receive", []string{"-receive", "10 EUR", "-to", "USD"}, fees.ErrInvalidRequest, "ReceiveCurrency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, &out, fixedNow)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not match %v", err, tt.is)
			}
			if !strings.Contains(err.Error()+out.String(), tt.text) {
				t.Errorf("error %q lacks %q", err, tt.text)
			}
		})
	}
}
