package redact

import (
	"strings"
	"testing"
)

// TestWordLists checks that wordsStarting and wordsEnding select exactly
// the entries of codeWords starting and ending with each byte.
func TestWordLists(t *testing.T) {
	for c := 0; c < 256; c++ {
		var starting, ending []string
		for _, e := range strings.Split(strings.TrimSuffix(codeWords, "|"), "|") {
			w := e[1:]
			if w[0] == byte(c) {
				starting = append(starting, e)
			}
			if w[len(w)-1] == byte(c) {
				ending = append(ending, e)
			}
		}
		for _, tt := range []struct {
			name string
			got  string
			want []string
		}{{"wordsStarting", wordsStarting(byte(c)), starting}, {"wordsEnding", wordsEnding(byte(c)), ending}} {
			got := strings.Split(strings.TrimSuffix(tt.got, "|"), "|")
			if tt.got == "" {
				got = nil
			}
			if len(got) != len(tt.want) {
				t.Errorf("%s(%#x) = %q, want the entries %q", tt.name, c, tt.got, tt.want)
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(tt.got, w+"|") {
					t.Errorf("%s(%#x) lacks %q", tt.name, c, w)
				}
			}
		}
	}
}
