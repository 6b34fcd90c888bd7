package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedFilesAreCurrent regenerates both files from the CLDR packages
// named by $CLDRGEN_NUMBERS and $CLDRGEN_CORE (unpacked cldr-numbers-full
// and cldr-core directories) and compares them with the committed ones. It
// is skipped without them: the data is not vendored.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	numbers, core := os.Getenv("CLDRGEN_NUMBERS"), os.Getenv("CLDRGEN_CORE")
	if numbers == "" || core == "" {
		t.Skip("set CLDRGEN_NUMBERS and CLDRGEN_CORE to unpacked CLDR npm packages")
	}
	c, err := Load(os.DirFS(numbers), os.DirFS(core))
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := os.ReadFile("iso4217.tsv")
	ret, _ := os.ReadFile("iso4217-retired.tsv")
	iso, err := GenerateISO(c, string(cur), string(ret))
	if err != nil {
		t.Fatal(err)
	}
	format, err := GenerateFormat(c)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"../../iso4217_data.go": iso, "../../format_data.go": format} {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./currency", name)
		}
	}
}

func TestParseISORejectsBadInput(t *testing.T) {
	for _, in := range []string{
		"usd\t840\t2\tUS Dollar\n",
		"USD\t840\t2\n",
		"USD\t840\tx\tUS Dollar\n",
		"USD\t84\t2\tUS Dollar\n",
		"USD\t840\t2\tUS Dollar\nUSD\t840\t2\tUS Dollar\n",
	} {
		if _, _, err := parseISO(in, map[string]bool{}); err == nil {
			t.Errorf("parseISO(%q): want an error", in)
		}
	}
}

func TestApplyCLDR(t *testing.T) {
	c := &CLDR{Fractions: map[string]Fraction{
		"CHF": {Digits: 2, CashDigits: 2, CashRounding: 5},
		"HUF": {Digits: 0, CashDigits: 0, CashRounding: 5},
		"SEK": {Digits: 2, CashDigits: 0},
	}}
	for _, tt := range []struct {
		code                 string
		digits               int
		display, cd, cashInc int
	}{
		{"CHF", 2, 2, 2, 5}, {"HUF", 2, 0, 0, 5}, {"SEK", 2, 2, 0, 1}, {"KWD", 3, 3, 3, 1},
	} {
		e := isoEntry{code: tt.code, digits: tt.digits}
		applyCLDR(c, &e)
		if e.displayDigits != tt.display || e.cashDigits != tt.cd || e.cashIncr != tt.cashInc {
			t.Errorf("%s: display %d cash %d×%d, want %d %d×%d", tt.code, e.displayDigits, e.cashIncr, e.cashDigits, tt.display, tt.cashInc, tt.cd)
		}
	}
}
