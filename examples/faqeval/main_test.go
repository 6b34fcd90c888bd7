package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
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
			if err := run(args, &out); err != nil {
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
		{"bad header", "question,label\nx,y\n", good, nil, "must name the columns"},
		{"empty file", "", good, nil, "empty file"},
		{"no rows", "text,category\n", good, nil, "no data rows"},
		{"empty field", "text,category\n,a\n", good, nil, "empty text or category"},
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
			err := run(args, &out)
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
	if err := run([]string{"-kb", kb, "-queries", q, "-per-row"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !lastLine.MatchString(last) || !strings.Contains(last, "top1=1.0000") || !strings.HasSuffix(last, "queries=2 entries=4") {
		t.Errorf("last line %q", last)
	}
}
