package main

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var (
	scriptRe  = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	attrRe    = regexp.MustCompile(`(?is)<[a-z][a-z0-9-]*\b[^>]*?\s(style|on[a-z]+)\s*=`)
	styleRe   = regexp.MustCompile(`(?is)<style\b`)
	extRe     = regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`)
	i18nRe    = regexp.MustCompile(`data-i18n(?:-placeholder)?="([^"]+)"`)
	jsKeyRe   = regexp.MustCompile(`\bt\("([a-zA-Z.]+)"\)`)
	srcAttrRe = regexp.MustCompile(`(?i)\bsrc\s*=\s*"/[^"]+\.js"`)
)

// TestPagesHaveNoInlineCode parses the embedded pages: every script is an
// external file of the server's own, with no body; no style attribute,
// style element, event-handler attribute or external asset.
func TestPagesHaveNoInlineCode(t *testing.T) {
	root := webRoot()
	pages, err := fs.Glob(root, "*.html")
	if err != nil || len(pages) < 2 {
		t.Fatalf("pages: %v %v", pages, err)
	}
	for _, p := range pages {
		data, err := fs.ReadFile(root, p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		scripts := scriptRe.FindAllStringSubmatch(s, -1)
		if len(scripts) == 0 {
			t.Errorf("%s: no scripts", p)
		}
		for _, m := range scripts {
			if strings.TrimSpace(m[2]) != "" {
				t.Errorf("%s: inline script body %q", p, m[2])
			}
			if !srcAttrRe.MatchString(m[1]) {
				t.Errorf("%s: script without a local src: %q", p, m[1])
			}
		}
		if strings.Count(strings.ToLower(s), "<script") != len(scripts) {
			t.Errorf("%s: unparsed script tags", p)
		}
		if m := attrRe.FindString(s); m != "" {
			t.Errorf("%s: inline style or handler attribute: %q", p, m)
		}
		if styleRe.MatchString(s) {
			t.Errorf("%s: style element", p)
		}
		if m := extRe.FindString(s); m != "" {
			t.Errorf("%s: external asset %q", p, m)
		}
		if !strings.Contains(s, `name="viewport"`) {
			t.Errorf("%s: no viewport meta for phones", p)
		}
	}
}

// TestCatalogs checks that the three catalogs have the same keys and hold
// every key the pages and scripts use.
func TestCatalogs(t *testing.T) {
	root := webRoot()
	var keys map[string]bool
	for _, lang := range []string{"en", "zh-Hans", "zh-Hant"} {
		data, err := fs.ReadFile(root, "i18n/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var cat map[string]string
		if err := json.Unmarshal(data, &cat); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		got := map[string]bool{}
		for k, v := range cat {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: empty %s", lang, k)
			}
			got[k] = true
		}
		if keys == nil {
			keys = got
		} else if len(keys) != len(got) {
			t.Errorf("%s: %d keys, en has %d", lang, len(got), len(keys))
		}
		for k := range keys {
			if !got[k] {
				t.Errorf("%s: missing %s", lang, k)
			}
		}
	}
	var used []string
	for _, f := range []string{"index.html", "agent.html", "app.js", "agent.js"} {
		data, err := fs.ReadFile(root, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range []*regexp.Regexp{i18nRe, jsKeyRe} {
			for _, m := range re.FindAllStringSubmatch(string(data), -1) {
				used = append(used, m[1])
			}
		}
	}
	sort.Strings(used)
	for _, k := range used {
		if !keys[k] {
			t.Errorf("key %q used but not in the catalogs", k)
		}
	}
}

func TestPagesServed(t *testing.T) {
	e := newEnv(t)
	for _, p := range []struct{ path, ctype string }{
		{"/", "text/html"}, {"/agent.html", "text/html"}, {"/app.css", "text/css"},
		{"/app.js", "javascript"}, {"/i18n/zh-Hant.json", "application/json"},
	} {
		r := e.call(t, "", "GET", p.path, nil)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), p.ctype) {
			t.Errorf("%s: %d %s", p.path, r.status, r.header.Get("Content-Type"))
		}
	}
}
