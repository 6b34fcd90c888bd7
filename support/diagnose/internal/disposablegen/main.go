// Command disposablegen writes support/diagnose's embedded list of
// disposable (temporary) e-mail domains from the npm package
// disposable-email-domains-js (CC0-1.0), which republishes the
// community-maintained list of github.com/disposable-email-domains.
//
// It is run by the //go:generate line in support/diagnose/domains.go:
//
//	go generate ./support/diagnose
//
// Where the package comes from, in order:
//
//	-pkg DIR   an unpacked package (the directory holding package.json);
//	-tgz FILE  a tarball from `npm pack disposable-email-domains-js`;
//	neither    it runs `npm pack disposable-email-domains-js@VERSION`
//	           (-version, default "latest") in a temporary directory, so
//	           npm must be installed and reach the registry.
//
// It reads package.json (name, version, license), the licence named in the
// LICENSE file, and dist/dict/disposable_email_blocklist.json; normalizes
// every domain (trim, lower-case, trailing dot removed), keeps only
// well-formed ASCII host names (paydesk has no IDNA dependency, so a
// non-ASCII entry is skipped and named in the header), dedupes, sorts, and
// writes -o (default disposable_domains.txt) with a header recording the
// package, version, licence, source URL and generation date (-date,
// default today in UTC). The output is the format diagnose.ParseDomains
// reads: '#' comments, one domain per line.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const npmName = "disposable-email-domains-js"

const listPath = "dist/dict/disposable_email_blocklist.json"

func main() {
	pkgDir := flag.String("pkg", "", "unpacked npm package directory (holding package.json)")
	tgz := flag.String("tgz", "", "npm package tarball")
	version := flag.String("version", "latest", "package version for npm pack, when neither -pkg nor -tgz is given")
	out := flag.String("o", "disposable_domains.txt", "output file")
	date := flag.String("date", time.Now().UTC().Format(time.DateOnly), "generation date recorded in the header")
	flag.Parse()
	if err := run(*pkgDir, *tgz, *version, *out, *date); err != nil {
		fmt.Fprintln(os.Stderr, "disposablegen:", err)
		os.Exit(1)
	}
}

func run(pkgDir, tgz, version, out, date string) error {
	var files map[string][]byte
	var err error
	switch {
	case pkgDir != "":
		files, err = readDir(pkgDir)
	case tgz != "":
		files, err = readTarball(tgz)
	default:
		tgz, err = npmPack(version)
		if err != nil {
			return err
		}
		defer os.RemoveAll(filepath.Dir(tgz))
		files, err = readTarball(tgz)
	}
	if err != nil {
		return err
	}
	data, err := generate(files, date)
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

var wanted = []string{"package.json", "LICENSE", listPath}

func readDir(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, name := range wanted {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil && !(name == "LICENSE" && errors.Is(err, os.ErrNotExist)) {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

func readTarball(name string) (map[string][]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		// npm tarballs hold everything under "package/".
		_, rel, _ := strings.Cut(path.Clean(h.Name), "/")
		if !slices.Contains(wanted, rel) {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 16<<20))
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, h.Name, err)
		}
		files[rel] = b
	}
	return files, nil
}

// npmPack downloads the package tarball into a new temporary directory
// and returns its path.
func npmPack(version string) (string, error) {
	dir, err := os.MkdirTemp("", "disposablegen")
	if err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "pack", "--silent", npmName+"@"+version)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("npm pack: %w", err)
	}
	lines := strings.Fields(string(outb))
	if len(lines) == 0 {
		os.RemoveAll(dir)
		return "", errors.New("npm pack printed no file name")
	}
	return filepath.Join(dir, lines[len(lines)-1]), nil
}

type packageJSON struct {
	Name       string `json:"name"`
	Version    string `json:"version"`
	License    string `json:"license"`
	Repository struct {
		URL string `json:"url"`
	} `json:"repository"`
}

// generate returns the data file for the package files.
func generate(files map[string][]byte, date string) ([]byte, error) {
	var pkg packageJSON
	if err := json.Unmarshal(files["package.json"], &pkg); err != nil {
		return nil, fmt.Errorf("package.json: %w", err)
	}
	if pkg.Name != npmName || pkg.Version == "" {
		return nil, fmt.Errorf("package.json: package %q version %q, want %s", pkg.Name, pkg.Version, npmName)
	}
	var raw []string
	if err := json.Unmarshal(files[listPath], &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", listPath, err)
	}
	domains, skipped := normalize(raw)
	if len(domains) == 0 {
		return nil, fmt.Errorf("%s: no domains", listPath)
	}
	licenceFile := licenceTitle(files["LICENSE"])

	var b bytes.Buffer
	fmt.Fprintf(&b, "# Disposable (temporary) e-mail domains, one a line; a domain also covers its subdomains.\n")
	fmt.Fprintf(&b, "# Generated by support/diagnose/internal/disposablegen (go generate ./support/diagnose). DO NOT EDIT.\n")
	fmt.Fprintf(&b, "# package: %s\n", pkg.Name)
	fmt.Fprintf(&b, "# version: %s\n", pkg.Version)
	fmt.Fprintf(&b, "# license: %s (package.json); LICENSE file: %s\n", pkg.License, licenceFile)
	fmt.Fprintf(&b, "# source: https://registry.npmjs.org/%s/-/%s-%s.tgz (%s)\n", pkg.Name, pkg.Name, pkg.Version, listPath)
	if pkg.Repository.URL != "" {
		fmt.Fprintf(&b, "# repository: %s\n", strings.TrimPrefix(pkg.Repository.URL, "git+"))
	}
	fmt.Fprintf(&b, "# upstream list: https://github.com/disposable-email-domains/disposable-email-domains\n")
	fmt.Fprintf(&b, "# generated: %s\n", date)
	fmt.Fprintf(&b, "# domains: %d\n", len(domains))
	for _, s := range skipped {
		fmt.Fprintf(&b, "# skipped: %s\n", s)
	}
	for _, d := range domains {
		b.WriteString(d)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// licenceTitle returns the line of a LICENSE file that names the licence:
// the first mentioning CC0, or else the first non-blank line.
func licenceTitle(b []byte) string {
	first := ""
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if strings.Contains(line, "CC0") {
			return line
		}
		if first == "" {
			first = line
		}
	}
	if first == "" {
		return "(no LICENSE file)"
	}
	return first
}

// normalize returns the well-formed domains of raw, lower-cased, deduped
// and sorted, and a note for each entry it skipped.
func normalize(raw []string) (domains, skipped []string) {
	seen := map[string]bool{}
	for _, r := range raw {
		d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(r)), ".")
		if d == "" {
			continue
		}
		if why := invalid(d); why != "" {
			skipped = append(skipped, fmt.Sprintf("%q (%s)", r, why))
			continue
		}
		if !seen[d] {
			seen[d] = true
			domains = append(domains, d)
		}
	}
	slices.Sort(domains)
	return domains, skipped
}

// invalid says why d is not an ASCII host name, or returns "".
func invalid(d string) string {
	if len(d) > 253 {
		return "longer than 253 bytes"
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" || len(label) > 63 {
			return "empty label or label over 63 bytes"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "label starts or ends with a hyphen"
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if c >= 0x80 {
				return "not ASCII; no IDNA dependency to convert it to punycode"
			}
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return "character outside a-z, 0-9 and hyphen"
			}
		}
	}
	return ""
}
