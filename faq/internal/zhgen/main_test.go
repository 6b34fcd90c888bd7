package main

import (
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	occ := map[string][]byte{
		"package.json":                       []byte(`{"name":"opencc-js","version":"9.9.9","license":"MIT AND Apache-2.0"}`),
		"dist/esm-lib/dict/TSCharacters.js":  []byte(`export default "帳 账|戶 户|乾 干 乾|臺灣 台湾"`),
		"dist/esm-lib/dict/HKVariantsRev.js": []byte(`export default "戸 戶"`),
		"dist/esm-lib/dict/TWVariantsRev.js": []byte(`export default ""`),
	}
	py := map[string][]byte{
		"package.json":      []byte(`{"name":"pinyin","version":"8.8.8","license":"MIT"}`),
		"lib/esm/pinyin.js": []byte("dict[0x9000] = \"tuì,tùn\"; /* 退 */\ndict[0x6b3e] = \"kuǎn\";\ndict[0x5bbd] = \"kuān\";\ndict[0x7eff] = \"lǜ,lù\";\n"),
	}
	src, err := generate(occ, py)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, want := range []string{"opencc-js 9.9.9", "MIT AND Apache-2.0", "pinyin 8.8.8", "licence MIT", "4 entries", `"kuan lv tui"`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
}

func TestToneless(t *testing.T) {
	for in, want := range map[string]string{"tuì": "tui", "lǜ": "lv", "kuǎn": "kuan", "ā": "a"} {
		if got := toneless(in); got != want {
			t.Errorf("toneless(%q) = %q, want %q", in, got, want)
		}
	}
}
