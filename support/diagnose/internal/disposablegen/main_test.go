package main

import (
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	files := map[string][]byte{
		"package.json": []byte(`{"name":"disposable-email-domains-js","version":"9.9.9","license":"CC0-1.0"}`),
		"LICENSE":      []byte("Creative Commons Legal Code\n\nCC0 1.0 Universal\n"),
		listPath:       []byte(`[" B.example ", "a.example.", "b.example", "例子.中国", "bad_domain.example", ""]`),
	}
	out, err := generate(files, "2026-01-02")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"# version: 9.9.9\n", "# license: CC0-1.0 (package.json); LICENSE file: CC0 1.0 Universal\n",
		"# generated: 2026-01-02\n", "# domains: 2\n", `# skipped: "例子.中国" (not ASCII`, `# skipped: "bad_domain.example"`,
		"\na.example\nb.example\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	files["package.json"] = []byte(`{"name":"other","version":"1"}`)
	if _, err := generate(files, "x"); err == nil {
		t.Error("wrong package accepted")
	}
}
