package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/faq"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support/sqlstore"
	"github.com/paydesk/paydesk/support/verify"
)

type testEnv struct {
	srv  *Server
	ts   *httptest.Server
	stop func() // shuts the instance down (a restart's first half); at the latest when the test ends

	mu    sync.Mutex
	codes map[string]string // destination → last code
}

var (
	kbOnce sync.Once
	kb     *faq.KB
)

func sharedKB(t testing.TB) *faq.KB {
	kbOnce.Do(func() {
		var err error
		if kb, err = faq.Builtin(faq.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
			panic(err)
		}
	})
	return kb
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	return newEnvOn(t, testDB)
}

// newEnvOn is newEnv on database db (see Config.DB), with the server's
// Run loop running until the test ends.
func newEnvOn(t *testing.T, db string) *testEnv {
	t.Helper()
	env := &testEnv{codes: map[string]string{}}
	srv, err := NewServer(Config{
		DB:        db,
		CodeKey:   []byte("the tests' one-time-code key, shared by their instances"),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Heartbeat: 50 * time.Millisecond,
		KB:        sharedKB(t),
		OnDemoCode: func(m verify.Message) {
			if m.Kind == verify.KindCode {
				env.mu.Lock()
				env.codes[m.To] = m.Code
				env.mu.Unlock()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	env.srv = srv
	env.ts = httptest.NewServer(srv.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx) }()
	var once sync.Once
	env.stop = func() {
		once.Do(func() {
			srv.BeginShutdown()
			env.ts.Close()
			cancel()
			if err := <-ran; err != nil {
				t.Errorf("Run: %v", err)
			}
			if err := srv.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	t.Cleanup(env.stop)
	return env
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response %d is not a JSON object: %v: %s", r.status, err, r.body)
	}
	return m
}

func (r resp) code(t *testing.T) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// call sends body (a string, or a value encoded as JSON) as user.
func (e *testEnv) call(t *testing.T, user, method, path string, body any) resp {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ct = strings.NewReader(string(data)), "application/json"
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if user != "" {
		req.Header.Set("X-Demo-User", user)
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: data}
}

func (e *testEnv) must(t *testing.T, want int, user, method, path string, body any) map[string]any {
	t.Helper()
	r := e.call(t, user, method, path, body)
	if r.status != want {
		t.Fatalf("%s %s as %s: status %d, want %d: %s", method, path, user, r.status, want, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(t)
}

const (
	mei  = "customer:mei"
	ann  = "customer:ann"
	li   = "agent:li"
	wang = "agent:wang"
)

func TestIdentityAndHeaders(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/me", "/", "/agent.html", "/app.js", "/nope"} {
		r := e.call(t, mei, "GET", path, nil)
		h := r.header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	if m := e.must(t, 200, mei, "GET", "/api/me", nil); m["actor"] != "customer:mei" || m["email"] != "mei@example.com" {
		t.Errorf("me = %v", m)
	}
	for _, user := range []string{"", "customer:eve", "admin:root", "agent:LI"} {
		r := e.call(t, user, "GET", "/api/me", nil)
		if r.status != 401 || r.code(t) != "unauthenticated" {
			t.Errorf("user %q: %d %s", user, r.status, r.body)
		}
	}
	// The cookie works as well as the header (EventSource cannot set headers).
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/me", nil)
	req.AddCookie(&http.Cookie{Name: "demo_user", Value: "agent:wang"})
	res, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("cookie identity: %d", res.StatusCode)
	}
	if r := e.call(t, mei, "GET", "/api/nothing-here", nil); r.status != 404 || r.code(t) != "no_such_endpoint" {
		t.Errorf("unknown endpoint: %d %s", r.status, r.body)
	}
	if r := e.call(t, mei, "POST", "/", "{}"); r.status != 405 {
		t.Errorf("POST /: %d", r.status)
	}
}

func TestBodyRules(t *testing.T) {
	e := newEnv(t)
	path := "/api/diagnose/email"
	cases := []struct {
		name, ct, body string
		status         int
		code           string
	}{
		{"wrong content type", "text/plain", `{"address":"a@b.com"}`, 415, "unsupported_media_type"},
		{"no content type", "", `{"address":"a@b.com"}`, 415, "unsupported_media_type"},
		{"malformed", "application/json", `{"address":`, 400, "malformed_json"},
		{"empty", "application/json", ``, 400, "malformed_json"},
		{"unknown field", "application/json", `{"address":"a@b.com","admin":true}`, 400, "unknown_field"},
		{"two values", "application/json", `{"address":"a@b.com"}{}`, 400, "malformed_json"},
		{"wrong type", "application/json", `{"address":12}`, 400, "invalid_field"},
		{"huge", "application/json", `{"address":"` + strings.Repeat("a", maxBody) + `"}`, 413, "body_too_large"},
		{"ok with charset", "application/json; charset=utf-8", `{"address":"mei@mailinator.com"}`, 200, ""},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(c.body))
		if c.ct != "" {
			req.Header.Set("Content-Type", c.ct)
		}
		req.Header.Set("X-Demo-User", mei)
		res, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		r := resp{status: res.StatusCode, body: data}
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, r.status, c.status, data)
			continue
		}
		if c.code != "" && r.code(t) != c.code {
			t.Errorf("%s: code %q, want %q", c.name, r.code(t), c.code)
		}
		if c.code == "" && r.json(t)["problem"] != "disposable" {
			t.Errorf("%s: %s", c.name, data)
		}
	}
}

func TestFAQ(t *testing.T) {
	e := newEnv(t)
	m := e.must(t, 200, ann, "GET", "/api/faq/search?q="+urlq("退款多久到账")+"&lang=zh-Hans", nil)
	hits := m["hits"].([]any)
	if len(hits) == 0 || m["language"] != "zh-Hans" {
		t.Fatalf("search: %v", m)
	}
	first := hits[0].(map[string]any)
	if first["id"] != "refund-how-long" {
		t.Errorf("first hit %v", first["id"])
	}
	// The snippet comes as parts from faq.Snippet.Parts, matched ones flagged.
	marked := false
	for _, p := range first["snippet"].([]any) {
		part := p.(map[string]any)
		if part["hit"] == true && part["text"] != "" {
			marked = true
		}
	}
	if !marked {
		t.Errorf("snippet has no marked part: %v", first["snippet"])
	}
	if m := e.must(t, 200, ann, "GET", "/api/faq/search?q=", nil); len(m["hits"].([]any)) != 0 {
		t.Errorf("empty query: %v", m)
	}
	if r := e.call(t, ann, "GET", "/api/faq/search?q="+strings.Repeat("x", 5000), nil); r.status != 400 {
		t.Errorf("long query: %d %s", r.status, r.body)
	}
	a := e.must(t, 200, ann, "GET", "/api/faq/articles/refund-how-long?lang=zh-TW", nil)
	if a["title"] == "" || a["body"] == "" {
		t.Errorf("article: %v", a)
	}
	if r := e.call(t, ann, "GET", "/api/faq/articles/no-such-article", nil); r.status != 404 || r.code(t) != "not_found" {
		t.Errorf("unknown article: %d %s", r.status, r.body)
	}
	e.must(t, 204, ann, "POST", "/api/faq/articles/refund-how-long/vote", map[string]any{"helpful": true, "lang": "en"})
	if r := e.call(t, ann, "POST", "/api/faq/articles/nope/vote", map[string]any{"helpful": true}); r.status != 404 {
		t.Errorf("vote unknown: %d", r.status)
	}
	if r := e.call(t, ann, "POST", "/api/faq/articles/refund-how-long/vote", `{}`); r.status != 400 {
		t.Errorf("vote without helpful: %d", r.status)
	}
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "+").Replace(queryEscape(s))
}

func queryEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func TestTicketsAccess(t *testing.T) {
	e := newEnv(t)
	list := e.must(t, 200, mei, "GET", "/api/tickets", nil)["tickets"].([]any)
	if len(list) != 2 {
		t.Fatalf("mei's seeded tickets: %d", len(list))
	}
	var complaintID, refundID string
	for _, x := range list {
		tk := x.(map[string]any)
		switch tk["category"] {
		case "complaint":
			complaintID = tk["id"].(string)
		case "refund":
			refundID = tk["id"].(string)
		}
	}
	if got := e.must(t, 200, ann, "GET", "/api/tickets", nil)["tickets"].([]any); len(got) != 0 {
		t.Errorf("ann sees %d tickets", len(got))
	}
	c := e.must(t, 200, mei, "GET", "/api/tickets/"+complaintID, nil)
	if cp := c["complaint"].(map[string]any); cp["stage"] != "verifying" || cp["next"] == "" {
		t.Errorf("complaint: %v", cp)
	}
	rf := e.must(t, 200, mei, "GET", "/api/tickets/"+refundID, nil)
	if cs := rf["case"].(map[string]any); cs["kind"] != "refund" {
		t.Errorf("case: %v", cs)
	}
	// Another customer's ticket looks like one that does not exist.
	for _, p := range []string{"/api/tickets/" + refundID, "/api/tickets/" + complaintID + "/surveys", "/api/tickets/tkt_nope"} {
		if r := e.call(t, ann, "GET", p, nil); r.status != 404 || r.code(t) != "not_found" {
			t.Errorf("ann GET %s: %d %s", p, r.status, r.body)
		}
	}
	if r := e.call(t, ann, "POST", "/api/tickets/"+refundID+"/replies", map[string]any{"body": "mine now"}); r.status != 404 {
		t.Errorf("ann replies on mei's: %d", r.status)
	}
	// Agent-only endpoints refuse customers.
	for _, p := range []struct{ method, path string }{
		{"POST", "/api/tickets/" + refundID + "/notes"}, {"GET", "/api/agent/queue"}, {"POST", "/api/agent/presence"},
		{"GET", "/api/agent/feedback?period=day"}, {"POST", "/api/agent/chats/" + refundID + "/take"},
	} {
		if r := e.call(t, mei, p.method, p.path, `{}`); r.status != 403 {
			t.Errorf("mei %s %s: %d %s", p.method, p.path, r.status, r.body)
		}
	}
	// Customer replies; agent notes, replies, sets status; the customer never sees the note.
	e.must(t, 201, mei, "POST", "/api/tickets/"+refundID+"/replies", map[string]any{"body": "Any news? My card 4111 1111 1111 1111"})
	e.must(t, 201, li, "POST", "/api/tickets/"+refundID+"/notes", map[string]any{"body": "internal: merchant confirmed"})
	e.must(t, 201, li, "POST", "/api/tickets/"+refundID+"/replies", map[string]any{"body": "We are on it.", "status": "pending"})
	e.must(t, 200, li, "POST", "/api/tickets/"+refundID+"/priority", map[string]any{"priority": "high"})
	if r := e.call(t, li, "POST", "/api/tickets/"+refundID+"/priority", map[string]any{"priority": "meh"}); r.status != 400 {
		t.Errorf("bad priority: %d", r.status)
	}
	view := e.must(t, 200, mei, "GET", "/api/tickets/"+refundID, nil)
	hist, _ := json.Marshal(view["history"])
	if strings.Contains(string(hist), "merchant confirmed") || strings.Contains(string(hist), "4111 1111 1111 1111") {
		t.Errorf("customer history leaks: %s", hist)
	}
	if !strings.Contains(string(hist), "We are on it.") {
		t.Errorf("reply missing: %s", hist)
	}
	staff := e.must(t, 200, li, "GET", "/api/tickets/"+refundID, nil)
	if h, _ := json.Marshal(staff["history"]); !strings.Contains(string(h), "merchant confirmed") {
		t.Errorf("agent history lacks the note")
	}
	// Lifecycle errors: a forbidden move is 409, a bad status 400, a stale version 409.
	if r := e.call(t, li, "POST", "/api/tickets/"+refundID+"/status", map[string]any{"status": "closed"}); r.status != 409 {
		t.Errorf("pending→closed: %d %s", r.status, r.body)
	}
	if r := e.call(t, li, "POST", "/api/tickets/"+refundID+"/status", map[string]any{"status": "bogus"}); r.status != 400 {
		t.Errorf("bogus status: %d", r.status)
	}
	if r := e.call(t, li, "POST", "/api/tickets/"+refundID+"/replies", map[string]any{"body": "x", "if_version": 1}); r.status != 409 || r.code(t) != "version_conflict" {
		t.Errorf("stale version: %d %s", r.status, r.body)
	}
	if r := e.call(t, li, "POST", "/api/tickets/"+refundID+"/replies", map[string]any{"body": ""}); r.status != 400 || r.code(t) != "invalid_input" {
		t.Errorf("empty reply: %d %s", r.status, r.body)
	}
	// Queues.
	if m := e.must(t, 200, li, "GET", "/api/tickets?queue=unassigned", nil); len(m["tickets"].([]any)) != 2 {
		t.Errorf("unassigned: %v", m)
	}
	if r := e.call(t, li, "GET", "/api/tickets?queue=weird", nil); r.status != 400 {
		t.Errorf("queue=weird: %d", r.status)
	}
	// Complaint moves: staff only, forbidden moves 409.
	e.must(t, 200, li, "POST", "/api/tickets/"+complaintID+"/complaint/stage", map[string]any{"to": "investigating", "reason": "bank asked"})
	if r := e.call(t, li, "POST", "/api/tickets/"+complaintID+"/complaint/stage", map[string]any{"to": "received", "reason": "back"}); r.status != 409 {
		t.Errorf("backwards move: %d %s", r.status, r.body)
	}
	if r := e.call(t, mei, "POST", "/api/tickets/"+complaintID+"/complaint/stage", map[string]any{"to": "resolved", "reason": "x"}); r.status != 403 {
		t.Errorf("customer move: %d", r.status)
	}
	fc := e.must(t, 201, ann, "POST", "/api/complaints", map[string]any{"subject": "Rude answer", "description": "I was treated badly."})
	if fc["complaint"].(map[string]any)["stage"] != "received" {
		t.Errorf("filed: %v", fc)
	}
	if r := e.call(t, mei, "GET", "/api/tickets/"+fc["ticket"].(string), nil); r.status != 404 {
		t.Errorf("mei reads ann's complaint: %d", r.status)
	}
}

func TestSurveysAndFeedbackReport(t *testing.T) {
	e := newEnv(t)
	tk := e.must(t, 201, mei, "POST", "/api/tickets", map[string]any{"subject": "Card blocked", "category": "other"})
	id := tk["id"].(string)
	if m := e.must(t, 200, mei, "GET", "/api/tickets/"+id+"/surveys", nil); len(m["surveys"].([]any)) != 0 {
		t.Errorf("surveys before solve: %v", m)
	}
	e.must(t, 201, li, "POST", "/api/tickets/"+id+"/replies", map[string]any{"body": "Unblocked.", "status": "solved"})
	m := e.must(t, 200, mei, "GET", "/api/tickets/"+id+"/surveys", nil)
	svs := m["surveys"].([]any)
	if len(svs) != 1 {
		t.Fatalf("surveys: %v", m)
	}
	sv := svs[0].(map[string]any)
	if sv["kind"] != "csat" || sv["question"] == "" {
		t.Errorf("survey: %v", sv)
	}
	sid := sv["id"].(string)
	path := "/api/tickets/" + id + "/surveys/" + sid + "/answer"
	if r := e.call(t, mei, "POST", path, map[string]any{"score": 9}); r.status != 400 {
		t.Errorf("score 9 on CSAT: %d %s", r.status, r.body)
	}
	if r := e.call(t, ann, "POST", path, map[string]any{"score": 5}); r.status != 404 {
		t.Errorf("ann answers mei's survey: %d %s", r.status, r.body)
	}
	e.must(t, 200, mei, "POST", path, map[string]any{"score": 5, "comment": "fast"})
	if r := e.call(t, mei, "POST", path, map[string]any{"score": 1}); r.status != 409 || r.code(t) != "already_answered" {
		t.Errorf("second answer: %d %s", r.status, r.body)
	}
	rep := e.must(t, 200, wang, "GET", "/api/agent/feedback?period=day", nil)
	tot := rep["total"].(map[string]any)
	if tot["csat_percent"] != "100.0" || tot["answered"].(float64) != 1 {
		t.Errorf("report: %v", rep)
	}
	if r := e.call(t, wang, "GET", "/api/agent/feedback?period=year", nil); r.status != 400 {
		t.Errorf("period=year: %d", r.status)
	}
}

func TestFees(t *testing.T) {
	e := newEnv(t)
	req := map[string]any{"operation": "transfer", "method": "bank-transfer", "from_country": "DE", "to_country": "US", "receive_currency": "USD"}
	r := e.call(t, mei, "POST", "/api/fees/quote", map[string]any{"mode": "send", "amount": map[string]string{"amount": "1000.00", "currency": "EUR"}, "request": req, "lang": "zh-Hans"})
	if r.status != 200 {
		t.Fatalf("quote: %d %s", r.status, r.body)
	}
	var out struct {
		Quote       fees.Quote `json:"quote"` // the API's quotes decode into the library's type
		Explanation struct {
			Language string   `json:"language"`
			Summary  string   `json:"summary"`
			Lines    []string `json:"lines"`
		} `json:"explanation"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("quote does not decode: %v: %s", err, r.body)
	}
	q := &out.Quote
	conv, converts := q.Conversion()
	if !converts || !conv.Applied.IsPositive() || q.Received().Currency().Code() != "USD" || len(q.Lines()) == 0 || q.Sent().String() != "1000.00 EUR" {
		t.Errorf("quote: %v", q)
	}
	if diff, err := q.Charged().Sub(q.Fee()); err != nil || !diff.Equal(q.Converted()) {
		t.Errorf("charged − fee ≠ converted: %v %v %v", q.Charged(), q.Fee(), q.Converted())
	}
	if out.Explanation.Language != "zh-Hans" || out.Explanation.Summary == "" {
		t.Errorf("explanation: %+v", out.Explanation)
	}
	// Inverse: the recipient gets exactly 500.00 USD.
	r = e.call(t, mei, "POST", "/api/fees/quote", map[string]any{"mode": "receive", "amount": map[string]string{"amount": "500.00", "currency": "USD"},
		"request": map[string]any{"operation": "transfer", "method": "bank-transfer", "from_country": "DE", "to_country": "US", "send_currency": "EUR"}})
	if r.status != 200 {
		t.Fatalf("inverse: %d %s", r.status, r.body)
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if want, _ := currency.NewAmount("500.00", "USD"); !out.Quote.Received().Equal(want) {
		t.Errorf("inverse received %v", out.Quote.Received())
	}
	// Compare: ranked, cheapest first and marked.
	m := e.must(t, 200, mei, "POST", "/api/fees/compare", map[string]any{"amount": map[string]string{"amount": "200.00", "currency": "EUR"}, "options": []map[string]any{
		{"operation": "transfer", "method": "card", "from_country": "DE", "to_country": "FR"},
		{"operation": "transfer", "method": "bank-transfer", "from_country": "DE", "to_country": "FR"},
		{"operation": "transfer", "method": "cash", "from_country": "DE", "to_country": "FR"},
	}})
	opts := m["options"].([]any)
	if len(opts) != 3 || opts[0].(map[string]any)["cheapest"] != true {
		t.Fatalf("compare: %v", m)
	}
	for _, bad := range []struct {
		body   any
		status int
	}{
		{map[string]any{"amount": map[string]string{"amount": "10", "currency": "XYZ"}, "request": req}, 400},
		{map[string]any{"amount": map[string]string{"amount": "10.00", "currency": "EUR"}, "request": map[string]any{"operation": "teleport", "method": "card", "from_country": "DE", "to_country": "US"}}, 400},
		{map[string]any{"amount": map[string]string{"amount": "10.00", "currency": "EUR"}, "request": map[string]any{"operation": "transfer", "method": "card", "from_country": "ZZ", "to_country": "US"}}, 400},
		{map[string]any{"request": req}, 400},
		{map[string]any{"mode": "sideways", "amount": map[string]string{"amount": "10.00", "currency": "EUR"}, "request": req}, 400},
	} {
		if r := e.call(t, mei, "POST", "/api/fees/quote", bad.body); r.status != bad.status {
			t.Errorf("%v: %d %s", bad.body, r.status, r.body)
		}
	}
	if r := e.call(t, mei, "POST", "/api/fees/compare", map[string]any{"amount": map[string]string{"amount": "1.00", "currency": "EUR"}, "options": []any{}}); r.status != 400 {
		t.Errorf("compare without options: %d", r.status)
	}
}

func TestDiagnose(t *testing.T) {
	e := newEnv(t)
	cust := e.must(t, 200, mei, "GET", "/api/diagnose/declines/stolen_card?lang=en", nil)
	agent := e.must(t, 200, li, "GET", "/api/diagnose/declines/stolen_card?lang=en", nil)
	if cust["view"] != "customer" || agent["view"] != "agent" || agent["known"] != true {
		t.Errorf("views: %v / %v", cust, agent)
	}
	if strings.Contains(strings.ToLower(fmt.Sprint(cust)), "stolen") {
		t.Errorf("customer told the sensitive cause: %v", cust)
	}
	if zh := e.must(t, 200, mei, "GET", "/api/diagnose/declines/insufficient_funds?lang=zh-Hans", nil); zh["language"] != "zh-Hans" || zh["text"] == "" {
		t.Errorf("zh: %v", zh)
	}
	if r := e.call(t, mei, "GET", "/api/diagnose/declines/"+strings.Repeat("x", 300), nil); r.status != 400 {
		t.Errorf("long code: %d %s", r.status, r.body)
	}
	if m := e.must(t, 200, mei, "POST", "/api/diagnose/email", map[string]any{"address": "li@gmial.com"}); m["suggestion"] == "" {
		t.Errorf("typo: %v", m)
	}
}

func TestEmailChange(t *testing.T) {
	e := newEnv(t)
	if r := e.call(t, li, "POST", "/api/account/email-change", map[string]any{"new_email": "x@example.org"}); r.status != 403 {
		t.Errorf("agent: %d", r.status)
	}
	if r := e.call(t, mei, "POST", "/api/account/email-change", map[string]any{"new_email": "not an address"}); r.status != 400 {
		t.Errorf("bad address: %d %s", r.status, r.body)
	}
	c := e.must(t, 201, mei, "POST", "/api/account/email-change", map[string]any{"new_email": "mei@example.org"})
	id := c["id"].(string)
	e.mu.Lock()
	code := e.codes["mei@example.com"] // to the OLD address
	e.mu.Unlock()
	if code == "" || e.codes["mei@example.org"] != "" {
		t.Fatalf("codes sent: %v", e.codes)
	}
	confirm := "/api/account/email-change/" + id + "/confirm"
	if r := e.call(t, ann, "POST", confirm, map[string]any{"code": code}); r.status != 404 {
		t.Errorf("ann confirms mei's change: %d %s", r.status, r.body)
	}
	wrong := "000000"
	if wrong == code {
		wrong = "111111"
	}
	if r := e.call(t, mei, "POST", confirm, map[string]any{"code": wrong}); r.status != 422 || r.code(t) != "wrong_code" {
		t.Errorf("wrong code: %d %s", r.status, r.body)
	}
	done := e.must(t, 200, mei, "POST", confirm, map[string]any{"code": code})
	if done["email"] != "mei@example.org" {
		t.Errorf("after change: %v", done)
	}
	if r := e.call(t, mei, "POST", confirm, map[string]any{"code": code}); r.status != 409 {
		t.Errorf("replay: %d %s", r.status, r.body)
	}
	// Rate limit: 5 codes per account and hour.
	var last resp
	for i := 0; i < 6; i++ {
		last = e.call(t, ann, "POST", "/api/account/email-change", map[string]any{"new_email": fmt.Sprintf("ann%d@example.org", i)})
	}
	if last.status != 429 || last.header.Get("Retry-After") == "" {
		t.Errorf("rate limit: %d %v %s", last.status, last.header, last.body)
	}
}

// sseReader reads a Server-Sent Events stream.
type sseReader struct {
	res *http.Response
	sc  *bufio.Scanner
}

type sseMsg struct {
	id, event, data string
}

func (e *testEnv) stream(t *testing.T, ctx context.Context, user, ticket string, lastID string) *sseReader {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.ts.URL+"/api/chats/"+ticket+"/events", nil)
	req.Header.Set("X-Demo-User", user)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		t.Fatalf("stream: %d %s", res.StatusCode, data)
	}
	t.Cleanup(func() { res.Body.Close() })
	return &sseReader{res: res, sc: bufio.NewScanner(res.Body)}
}

// next returns the next message, skipping comments.
func (s *sseReader) next(t *testing.T) sseMsg {
	t.Helper()
	var m sseMsg
	for s.sc.Scan() {
		line := s.sc.Text()
		switch {
		case line == "":
			if m.event != "" || m.data != "" {
				return m
			}
		case strings.HasPrefix(line, ":"), strings.HasPrefix(line, "retry:"):
		case strings.HasPrefix(line, "id: "):
			m.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			m.event = line[7:]
		case strings.HasPrefix(line, "data: "):
			m.data = line[6:]
		}
	}
	t.Fatalf("stream ended: %v", s.sc.Err())
	return m
}

// until reads events until one whose data contains want, returning the ids seen.
func (s *sseReader) until(t *testing.T, want string) []string {
	t.Helper()
	var ids []string
	for {
		m := s.next(t)
		if m.id != "" {
			ids = append(ids, m.id)
		}
		if strings.Contains(m.data, want) {
			return ids
		}
	}
}

func TestChatEndToEnd(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	turn := e.must(t, 201, mei, "POST", "/api/chats", map[string]any{"message": "退款多久能到账？", "lang": "zh-Hans", "category": "refund"})
	id := turn["ticket"].(string)
	if len(turn["replies"].([]any)) == 0 {
		t.Fatalf("no bot answer: %v", turn)
	}
	if r := e.call(t, ann, "GET", "/api/chats/"+id+"/transcript", nil); r.status != 404 {
		t.Errorf("ann reads mei's chat: %d", r.status)
	}
	if r := e.call(t, ann, "GET", "/api/chats/"+id+"/events", nil); r.status != 404 {
		t.Errorf("ann subscribes to mei's chat: %d", r.status)
	}
	if r := e.call(t, ann, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "hi"}); r.status != 404 {
		t.Errorf("ann writes in mei's chat: %d", r.status)
	}
	if r := e.call(t, li, "POST", "/api/chats", map[string]any{"message": "hi"}); r.status != 403 {
		t.Errorf("agent starts chat: %d", r.status)
	}
	if r := e.call(t, mei, "GET", "/api/chats/"+id+"/events?after=9999", nil); r.status != 400 || r.code(t) != "seq_ahead" {
		t.Errorf("resume beyond end: %d %s", r.status, r.body)
	}
	if r := e.call(t, mei, "GET", "/api/chats/"+id+"/events?after=x", nil); r.status != 400 {
		t.Errorf("resume x: %d", r.status)
	}

	tr := e.must(t, 200, mei, "GET", "/api/chats/"+id+"/transcript", nil)
	last := int64(tr["last"].(float64))
	custStream := e.stream(t, ctx, mei, id, fmt.Sprint(last))

	e.must(t, 200, mei, "POST", "/api/chats/"+id+"/handoff", nil)
	custStream.until(t, "chat.handoff")

	e.must(t, 200, li, "POST", "/api/agent/presence", map[string]any{"presence": "online", "capacity": 2})
	q := e.must(t, 200, li, "GET", "/api/agent/queue", nil)
	_ = q
	// li came online and was routed the chat, or takes it.
	if r := e.call(t, li, "POST", "/api/agent/chats/"+id+"/take", nil); r.status != 200 && r.code(t) != "not_waiting" {
		t.Fatalf("take: %d %s", r.status, r.body)
	}
	agentStream := e.stream(t, ctx, li, id, "")
	e.must(t, 204, li, "POST", "/api/chats/"+id+"/typing", map[string]any{"typing": true})
	e.must(t, 201, li, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "您好，我来帮您查。"})
	var sawTyping bool
	var seen []string
	for {
		m := custStream.next(t)
		if m.event == "signal" && strings.Contains(m.data, `"typing"`) {
			sawTyping = true
			if m.id != "" {
				t.Errorf("signal with id %q", m.id)
			}
		}
		if m.id != "" {
			seen = append(seen, m.id)
		}
		if strings.Contains(m.data, "我来帮您查") {
			break
		}
	}
	if !sawTyping {
		t.Error("no typing signal")
	}
	agentStream.until(t, "我来帮您查")

	// Resume: a new stream after the last id seen delivers only what came later.
	lastSeen := seen[len(seen)-1]
	cancelFirst := custStream.res.Body.Close
	_ = cancelFirst()
	e.must(t, 201, mei, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "谢谢，请快一点"})
	resumed := e.stream(t, ctx, mei, id, lastSeen)
	ids := resumed.until(t, "请快一点")
	lastN, _ := strconv.ParseInt(lastSeen, 10, 64)
	for _, x := range ids {
		if n, _ := strconv.ParseInt(x, 10, 64); n <= lastN {
			t.Errorf("resumed stream repeats id %s (last seen %s)", x, lastSeen)
		}
	}
	if len(ids) == 0 {
		t.Error("resumed stream delivered no events")
	}

	e.must(t, 200, mei, "POST", "/api/chats/"+id+"/read", map[string]any{"seq": 1})
	if r := e.call(t, mei, "POST", "/api/chats/"+id+"/read", map[string]any{"seq": 99999}); r.status != 400 {
		t.Errorf("read beyond end: %d %s", r.status, r.body)
	}
	e.must(t, 200, mei, "GET", "/api/chats/"+id+"/queue", nil)

	// Transfer to wang, who is online.
	e.must(t, 200, wang, "POST", "/api/agent/presence", map[string]any{"presence": "online"})
	e.must(t, 200, li, "POST", "/api/agent/chats/"+id+"/transfer", map[string]any{"agent": "wang"})
	if r := e.call(t, li, "POST", "/api/agent/chats/"+id+"/transfer", map[string]any{}); r.status != 400 {
		t.Errorf("transfer nowhere: %d", r.status)
	}
	if r := e.call(t, li, "POST", "/api/agent/presence", map[string]any{"presence": "dancing"}); r.status != 400 {
		t.Errorf("bad presence: %d", r.status)
	}

	// Solve: the customer gets CSAT and NPS surveys.
	e.must(t, 200, wang, "POST", "/api/tickets/"+id+"/status", map[string]any{"status": "solved"})
	svs := e.must(t, 200, mei, "GET", "/api/tickets/"+id+"/surveys", nil)["surveys"].([]any)
	if len(svs) != 2 {
		t.Errorf("chat surveys: %v", svs)
	}
	lines := e.must(t, 200, mei, "GET", "/api/chats/"+id+"/transcript", nil)["lines"].([]any)
	if len(lines) < 4 {
		t.Errorf("transcript: %v", lines)
	}
}

func TestResolveByBot(t *testing.T) {
	e := newEnv(t)
	turn := e.must(t, 201, ann, "POST", "/api/chats", map[string]any{"message": "How long does a refund take?", "lang": "en"})
	id := turn["ticket"].(string)
	e.must(t, 200, ann, "POST", "/api/chats/"+id+"/resolve", map[string]any{"article": "refund-how-long"})
	tk := e.must(t, 200, ann, "GET", "/api/tickets/"+id, nil)["ticket"].(map[string]any)
	if tk["status"] != "solved" {
		t.Errorf("status after resolve: %v", tk["status"])
	}
	if r := e.call(t, ann, "POST", "/api/chats/tkt_nope/messages", map[string]any{"text": "x"}); r.status != 404 {
		t.Errorf("unknown chat: %d", r.status)
	}
}

// TestShutdownNoLeak starts the real serve loop with open event streams,
// shuts it down and checks that no goroutine is left behind.
//
// It runs in memory and on each database, where the hub's loop (listening
// on PostgreSQL, polling on SQLite) and the database's connections must
// end with the server too.
func TestShutdownNoLeak(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testShutdownNoLeak(t, "") })
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) { testShutdownNoLeak(t, d.db(t)) })
	}
}

func testShutdownNoLeak(t *testing.T, db string) {
	// os/signal starts one goroutine for the life of the process on first use.
	_, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt)
	stopSignals()
	before := runtime.NumGoroutine()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := NewServer(Config{DB: db, Logger: logger, Heartbeat: time.Hour, KB: sharedKB(t)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, srv, logger) }()

	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{}}
	post := func(path, body string) map[string]any {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Demo-User", mei)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(res.Body).Decode(&m)
		return m
	}
	id := post("/api/chats", `{"message":"hello, my card does not work"}`)["ticket"].(string)
	var streams []*http.Response
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequest("GET", base+"/api/chats/"+id+"/events", nil)
		req.Header.Set("X-Demo-User", mei)
		res, err := client.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("stream: %v %v", err, res)
		}
		streams = append(streams, res)
	}
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown hangs on the open streams")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	for _, s := range streams {
		_, _ = io.Copy(io.Discard, s.Body)
		s.Body.Close()
	}
	client.CloseIdleConnections()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before, %d after\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// TestRunUnknownDB: a -db URL of a database the example does not speak is
// refused, without its password in the error, and is not taken for an
// SQLite file name.
func TestRunUnknownDB(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, db := range []string{"mysql://paydesk:hunter2@127.0.0.1/paydesk", "ftp://example.com/paydesk.db"} {
		var stderr strings.Builder
		err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", db}, slog.New(slog.NewTextHandler(io.Discard, nil)), &stderr)
		if err == nil || !strings.Contains(err.Error(), "-db") || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("run -db %q: %v", db, err)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) > 0 {
		t.Errorf("files made for unknown -db values: %v", entries)
	}
}

// TestRunDatabaseDown: a -db that cannot be reached stops the start with
// an error that says so.
func TestRunDatabaseDown(t *testing.T) {
	var stderr strings.Builder
	err := run(context.Background(), []string{"-db", "postgres://paydesk@127.0.0.1:1/paydesk?connect_timeout=5"}, slog.New(slog.NewTextHandler(io.Discard, nil)), &stderr)
	if !errors.Is(err, sqlstore.ErrUnavailable) {
		t.Errorf("run -db on a closed port: %v, want sqlstore.ErrUnavailable", err)
	}
}

// TestMaintain: the host's periodic work runs on the demo data without
// errors, and records an SLA breach once the first-response target passed.
func TestMaintain(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	var logs strings.Builder
	srv, err := NewServer(Config{DB: testDB, Logger: slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)), KB: sharedKB(t), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.Maintain(context.Background())
	now = now.Add(72 * time.Hour)
	srv.Maintain(context.Background())
	if out := logs.String(); strings.Contains(out, "level=ERROR") || !strings.Contains(out, "maintenance: SLA") {
		t.Errorf("maintenance log:\n%s", out)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
