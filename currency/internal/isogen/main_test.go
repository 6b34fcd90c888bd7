package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGeneratedFileIsCurrent fails when iso4217_data.go was edited by hand or
// iso4217.tsv changed without running go generate.
func TestGeneratedFileIsCurrent(t *testing.T) {
	f, err := os.Open("iso4217.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := Generate(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../iso4217_data.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("currency/iso4217_data.go is stale: run go generate ./currency")
	}
}

func TestGenerateRejectsBadInput(t *testing.T) {
	for _, in := range []string{
		"usd\t840\t2\tUS Dollar\n",
		"USD\t840\t2\n",
		"USD\t840\tx\tUS Dollar\n",
		"USD\t84\t2\tUS Dollar\n",
		"USD\t840\t2\tUS Dollar\nUSD\t840\t2\tUS Dollar\n",
	} {
		if _, err := Generate(strings.NewReader(in)); err == nil {
			t.Errorf("Generate(%q): want an error", in)
		}
	}
}
