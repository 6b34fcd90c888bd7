// Command cldrgen generates the currency package's data tables from a pinned
// Unicode CLDR release in its JSON form and the dated ISO 4217 lists:
//
//   - format_data.go: the locale tables behind currency.Formatter, for every
//     locale of the npm package cldr-numbers-full (every CLDR locale with
//     currency formats, root included): the default numbering system's
//     digits, decimal and group symbols and minus sign, the standard and
//     accounting currency patterns with their alphaNextToNumber variants,
//     minimum grouping digits, the parent locale (CLDR parentLocales, else
//     truncation) and, per locale, the standard and narrow currency symbols
//     that differ from its parent's;
//   - iso4217_data.go: the ISO 4217 currencies (iso4217.tsv, list one) and
//     the retired codes paydesk ships for historical rates
//     (iso4217-retired.tsv, from list three), with CLDR's display digits and
//     cash rounding (cldr-core supplemental/currencyData.json) and, for the
//     retired codes, CLDR's last legal-tender date.
//
// It is run by the //go:generate line in currency/format_data.go:
//
//	go generate ./currency
//
// Where CLDR comes from, in order:
//
//	-numbers DIR -core DIR   unpacked npm packages (directories holding package.json);
//	neither                  it runs `npm pack cldr-numbers-full@VERSION cldr-core@VERSION`
//	                         (-version, pinned in the go:generate line) in a temporary
//	                         directory, so npm must be installed and reach the registry.
//
// The generated files record the CLDR version and the Unicode licence
// (Unicode License v3) under which the data is redistributed.
package main

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	numbers := flag.String("numbers", "", "unpacked cldr-numbers-full package directory")
	core := flag.String("core", "", "unpacked cldr-core package directory")
	version := flag.String("version", "48.2.0", "CLDR npm package version, when -numbers and -core are not given")
	isoList := flag.String("iso", "internal/cldrgen/iso4217.tsv", "ISO 4217 list one, tab separated")
	isoRetired := flag.String("retired", "internal/cldrgen/iso4217-retired.tsv", "retired ISO 4217 codes, tab separated")
	formatOut := flag.String("format", "format_data.go", "locale tables to write")
	isoOut := flag.String("isoout", "iso4217_data.go", "ISO 4217 table to write")
	flag.Parse()
	if err := run(*numbers, *core, *version, *isoList, *isoRetired, *formatOut, *isoOut); err != nil {
		fmt.Fprintln(os.Stderr, "cldrgen:", err)
		os.Exit(1)
	}
}

func run(numbers, core, version, isoList, isoRetired, formatOut, isoOut string) error {
	if (numbers == "") != (core == "") {
		return errors.New("give both -numbers and -core, or neither")
	}
	if numbers == "" {
		dir, err := os.MkdirTemp("", "cldrgen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if numbers, err = npmPack(dir, "cldr-numbers-full", version); err != nil {
			return err
		}
		if core, err = npmPack(dir, "cldr-core", version); err != nil {
			return err
		}
	}
	data, err := Load(os.DirFS(numbers), os.DirFS(core))
	if err != nil {
		return err
	}
	cur, err := os.ReadFile(isoList)
	if err != nil {
		return err
	}
	ret, err := os.ReadFile(isoRetired)
	if err != nil {
		return err
	}
	isoSrc, err := GenerateISO(data, string(cur), string(ret))
	if err != nil {
		return err
	}
	formatSrc, err := GenerateFormat(data)
	if err != nil {
		return err
	}
	if err := os.WriteFile(isoOut, isoSrc, 0o644); err != nil {
		return err
	}
	return os.WriteFile(formatOut, formatSrc, 0o644)
}

// npmPack fetches name@version with npm into dir and unpacks it; it returns
// the package directory.
func npmPack(dir, name, version string) (string, error) {
	cmd := exec.Command("npm", "pack", "--silent", name+"@"+version)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s@%s: %w", name, version, err)
	}
	fields := strings.Fields(string(out))
	if len(fields) == 0 {
		return "", errors.New("npm pack printed no file name")
	}
	dest := filepath.Join(dir, name)
	if err := untar(filepath.Join(dir, fields[len(fields)-1]), dest); err != nil {
		return "", err
	}
	return filepath.Join(dest, "package"), nil
}

// untar unpacks the regular files of a .tgz into dest.
func untar(tgz, dest string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := filepath.Clean(h.Name)
		if filepath.IsAbs(name) || strings.HasPrefix(name, "..") {
			return fmt.Errorf("bad path %q in %s", h.Name, tgz)
		}
		p := filepath.Join(dest, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
}
