package paydesk_test

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestLibraryDependencies keeps the library packages (everything but
// examples, generators under internal/, and tests) on the standard library,
// shopspring/decimal and golang.org/x/text, as DESIGN.md promises hosts:
// database drivers and browser drivers belong in tests and examples only.
func TestLibraryDependencies(t *testing.T) {
	gobin := runtime.GOROOT() + "/bin/go"
	if _, err := exec.LookPath(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Fatal("the go command is needed to list dependencies:", err)
		}
	}
	pkgs, err := exec.Command(gobin, "list", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var lib []string
	for _, p := range strings.Fields(string(pkgs)) {
		if !strings.Contains(p, "/examples/") && !strings.Contains(p, "/internal/") {
			lib = append(lib, p)
		}
	}
	args := append([]string{"list", "-f", `{{if not .Standard}}{{.ImportPath}}{{end}}`, "-deps"}, lib...)
	out, err := exec.Command(gobin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := []string{
		"github.com/paydesk/paydesk",
		"github.com/shopspring/decimal",
		"golang.org/x/text/",
	}
	for _, p := range strings.Fields(string(out)) {
		ok := false
		for _, a := range allowed {
			if p == a || strings.HasPrefix(p, a+"/") || strings.HasSuffix(a, "/") && strings.HasPrefix(p, a) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("a library package depends on %s; DESIGN.md allows only the standard library, shopspring/decimal and golang.org/x/text (give a reason in the README to add one)", p)
		}
	}
}
