package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden compares the whole output of a few requests with
// testdata/*.golden; run with -update after an intended change.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"transfer-de-us", []string{"-op", "transfer", "-method", "bank-transfer", "-from-country", "DE", "-to-country", "US", "-send", "1234.56 EUR", "-to", "USD"}},
		{"payout-de-cn-zh", []string{"-op", "payout", "-method", "bank-transfer", "-from-country", "DE", "-to-country", "CN", "-receive", "5000.04 CNY", "-from-currency", "EUR", "-lang", "zh-Hans"}},
		{"card-eea", []string{"-op", "payment", "-method", "card", "-from-country", "FR", "-to-country", "DE", "-send", "100 EUR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(context.Background(), tt.args, &out, fixedNow); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(want, out.Bytes()) {
				t.Errorf("output differs from %s:\n%s", path, out.String())
			}
		})
	}
}
