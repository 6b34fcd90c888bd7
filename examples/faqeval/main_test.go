package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var lastLine = regexp.MustCompile(`^top1=\d\.\d{4} top3=\d\.\d{4} mrr=\d\.\d{4} p50_us=\d+\.\d p99_us=\d+\.\d queries=\d+ entries=\d+$`)

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRun(t *testing.T) {
	const kbEN = "\ufefftext,category\r\n" +
		"\"my card was declined, why?\",card_declined\r\n" +
		"payment refused at the shop,card_declined\r\n" +
		"card payment failed,card_declined\r\n" +
		"where is my refund,refund\r\n" +
		"\"the merchant said \"\"refunded\"\" but nothing\",refund\r\n" +
		"how long do refunds take,refund\r\n" +
		"what exchange rate do you use,exchange_rate\r\n" +
		"currency conversion rate,exchange_rate\r\n"
	const qEN = "category,text\n" +
		"card_declined,why was my card declined\n" +
		"refund,still waiting for my refund\n" +
		"exchange_rate,which rate for currency exchange\n"
	const kbZH = "text,category\n我的卡被拒了,拒付\n支付失败怎么办,拒付\n退款什么时候到账,退款\n还没收到退款,退款\n汇率是多少,汇率\n换汇用什么汇率,汇率\n"
	const qZH = "text,category\n刷卡被拒绝,拒付\n退款多久到,退款\n今天的汇率,汇率\n"
	tests := []struct {
		name     string
		kb, q    string
		lang     string
		wantTail string
		wantTop1 string
	}{
		{"english with BOM, CRLF and quotes", kbEN, qEN, "", "queries=3 entries=3", "top1=1.0000"},
		{"chinese", kbZH, qZH, "zh", "queries=3 entries=3", "top1=1.0000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-kb", write(t, "kb.csv", tc.kb), "-queries", write(t, "q.csv", tc.q)}
			if tc.lang != "" {
				args = append(args, "-lang", tc.lang)
			}
			var out bytes.Buffer
			if err := run(args, &out, io.Discard); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			last := lines[len(lines)-1]
			if !lastLine.MatchString(last) || !strings.HasSuffix(last, tc.wantTail) || !strings.HasPrefix(last, tc.wantTop1) {
				t.Errorf("last line %q", last)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	good := "text,category\nhello,a\nbye,b\n"
	tests := []struct {
		name    string
		kb, q   string
		args    []string
		wantErr string
	}{
		{"missing flags", good, good, []string{}, "required"},
		{"bad header", "foo,bar\nx,y\n", good, nil, "must name a text column"},
		{"empty file", "", good, nil, "empty file"},
		{"no rows", "text,category\n", good, nil, "no data rows"},
		{"empty field", "text,category\n,a\n", good, nil, "empty text or label"},
		{"bad quotes", "text,category\n\"unterminated,a\n", good, nil, "kb.csv"},
		{"invalid utf8", "text,category\n\xff,a\n", good, nil, "not valid UTF-8"},
		{"bad lang", good, good, []string{"-lang", "not a tag!"}, "-lang"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args == nil || len(args) > 0 {
				args = append([]string{"-kb", write(t, "kb.csv", tc.kb), "-queries", write(t, "q.csv", tc.q)}, args...)
			}
			var out bytes.Buffer
			err := run(args, &out, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
}

func TestRunPerRow(t *testing.T) {
	kb := write(t, "kb.csv", "text,category\nmy card was declined,card\ncard payment failed,card\nwhere is my refund,refund\nwhat exchange rate do you use,fx\n")
	q := write(t, "q.csv", "text,category\nwhy was my card declined,card\nstill waiting for my refund,refund\n")
	var out bytes.Buffer
	if err := run([]string{"-kb", kb, "-queries", q, "-per-row"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !lastLine.MatchString(last) || !strings.Contains(last, "top1=1.0000") || !strings.HasSuffix(last, "queries=2 entries=4") {
		t.Errorf("last line %q", last)
	}
}

// Regression (issue 14): -h exited 1. It prints the usage to stdout and
// succeeds; a bad flag is a usage error (exit status 2) with the usage on
// stderr.
func TestHelpAndUsage(t *testing.T) {
	for _, h := range []string{"-h", "-help", "--help"} {
		var out, errOut bytes.Buffer
		if err := run([]string{h}, &out, &errOut); err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		if !strings.Contains(out.String(), "usage:") || !strings.Contains(out.String(), "-split") || errOut.Len() != 0 {
			t.Errorf("%s: stdout %q, stderr %q", h, out.String(), errOut.String())
		}
	}
	for _, args := range [][]string{{"-nope"}, {"-kb", "x.csv"}, {"-kb", "x.csv", "-split", "1.5"},
		{"-kb", "x.csv", "-queries", "q.csv", "-split", "0.5"}, {"-kb", "builtin", "-split", "0.5"}, {"-kb", "x.csv", "-queries", "q.csv", "extra"}} {
		var out, errOut bytes.Buffer
		err := run(args, &out, &errOut)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(errOut.String(), "usage:") {
			t.Errorf("%q: err %v, stderr %q; want a usage error with the usage", args, err, errOut.String())
		}
	}
}

// Regression (issue 14): faqeval refused the repository's own evaluation
// files (header text,article). With -kb builtin they run against the
// built-in KB and give the figures faq's TestBuiltinEvaluation pins.
func TestBuiltinEvalFiles(t *testing.T) {
	for _, tc := range []struct{ file, lang, top1 string }{
		{"../../faq/testdata/builtin_eval_en.csv", "en", "top1=0.7464"},
		{"../../faq/testdata/builtin_eval_zh.csv", "zh-Hans", "top1=0.7717"},
	} {
		var out bytes.Buffer
		if err := run([]string{"-kb", "builtin", "-queries", tc.file, "-lang", tc.lang}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		last := lines[len(lines)-1]
		if !lastLine.MatchString(last) || !strings.HasPrefix(last, tc.top1) || !strings.HasSuffix(last, "queries=276 entries=46") {
			t.Errorf("%s: %q", tc.file, out.String())
		}
	}
	// A text,article file also works as a KB of its own (article = label).
	kb := write(t, "kb.csv", "text,article\nmy card was declined,card\ncard payment failed,card\nwhere is my refund,refund\nrefund not here,refund\n")
	q := write(t, "q.csv", "article,text\ncard,why was my card declined\nrefund,still waiting for my refund\n")
	var out bytes.Buffer
	if err := run([]string{"-kb", kb, "-queries", q}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "top1=1.0000") {
		t.Errorf("text,article KB: %q", out.String())
	}
}

// TestSplit checks -split on the shipped sample: deterministic for a seed,
// different for another, stratified (every label in the KB, 12 of 15 rows
// each at 0.8), and runs end to end.
func TestSplit(t *testing.T) {
	const sample = "testdata/banking77_sample.csv"
	runSplit := func(seed string) string {
		var out bytes.Buffer
		if err := run([]string{"-kb", sample, "-split", "0.8", "-seed", seed}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	a, b := runSplit("7"), runSplit("7")
	if !strings.Contains(a, "96 rows to the knowledge base, 24 queries") || !strings.Contains(a, "queries=24 entries=8") {
		t.Fatalf("split output %q", a)
	}
	strip := func(s string) string { // latencies and build time vary between runs
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if i := strings.Index(l, " p50_us="); i >= 0 {
				l = l[:i]
			}
			if !strings.HasPrefix(l, "indexed ") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	if strip(a) != strip(b) {
		t.Errorf("same seed, different results:\n%s\n%s", a, b)
	}

	rows, err := readLabeled(sample)
	if err != nil {
		t.Fatal(err)
	}
	kb1, q1 := splitRows(rows, 0.8, 7)
	kb2, q2 := splitRows(rows, 0.8, 7)
	kb3, _ := splitRows(rows, 0.8, 8)
	if !slices.Equal(kb1, kb2) || !slices.Equal(q1, q2) {
		t.Error("splitRows is not deterministic")
	}
	if slices.Equal(kb1, kb3) {
		t.Error("seeds 7 and 8 gave the same split")
	}
	per := map[string]int{}
	for _, r := range kb1 {
		per[r.category]++
	}
	if len(per) != 8 {
		t.Errorf("KB labels %v, want all 8", per)
	}
	for l, n := range per {
		if n != 12 {
			t.Errorf("label %s: %d KB rows, want 12", l, n)
		}
	}
	if len(kb1)+len(q1) != len(rows) {
		t.Errorf("split lost rows: %d + %d != %d", len(kb1), len(q1), len(rows))
	}
	// A label with one row goes to the KB; a file of such labels has no queries.
	one := write(t, "one.csv", "text,category\na,x\nb,y\n")
	if err := run([]string{"-kb", one, "-split", "0.5"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no queries") {
		t.Errorf("split of single rows: %v", err)
	}
}
