package feedback_test

import (
	"encoding/json"
	"testing"

	"github.com/paydesk/paydesk/support/feedback"
)

// FuzzAnswerJSON checks that decoding an answer never panics, and that an
// answer that decodes survives a round trip unchanged.
func FuzzAnswerJSON(f *testing.F) {
	for _, s := range []string{`{"score":4,"reason":"slow","comment":"took ages"}`, `{"score":"good"}`, `{"score":"bad","comment":"卡号 4111"}`, `{"score":10}`, `{"score":-1}`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a feedback.Answer
		if err := json.Unmarshal(data, &a); err != nil {
			return
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("cannot encode a decoded answer: %v", err)
		}
		var back feedback.Answer
		if err := json.Unmarshal(b, &back); err != nil || back != a {
			t.Fatalf("round trip of %s: %+v, %v", b, back, err)
		}
	})
}

// FuzzSurveyJSON checks that decoding a survey never panics, that what
// decodes is valid, and that it survives a round trip unchanged.
func FuzzSurveyJSON(f *testing.F) {
	f.Add([]byte(`{"id":"S-1","kind":"csat","trigger":"solved","customer":"mei","dimensions":{"ticket":"T-1","agent":"a1","group":"g1","category":"refund","channel":"app","language":"zh-Hans"},"offered_at":"2026-03-02T09:00:00Z","expires_at":"2026-03-09T09:00:00Z","answered_at":"2026-03-02T10:00:00Z","score":2,"reason":"slow","comment":"x"}`))
	f.Add([]byte(`{"id":"S-2","kind":"csat_binary","trigger":"article","customer":"c","dimensions":{"article":"refund-times"},"offered_at":"2026-03-02T09:00:00Z","expires_at":"2026-03-09T09:00:00Z","score":0}`))
	f.Add([]byte(`{"id":"S-3","kind":"nps","trigger":"chat_ended","customer":"c","dimensions":{"ticket":"T"},"offered_at":"2026-03-02T09:00:00Z","expires_at":"2026-03-02T09:00:00Z","score":0}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var sv feedback.Survey
		if err := json.Unmarshal(data, &sv); err != nil {
			return
		}
		if err := sv.Validate(); err != nil {
			t.Fatalf("decoded an invalid survey: %v", err)
		}
		b, err := json.Marshal(&sv)
		if err != nil {
			t.Fatalf("cannot encode a decoded survey: %v", err)
		}
		var back feedback.Survey
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot decode %s: %v", b, err)
		}
		if b2, _ := json.Marshal(&back); string(b2) != string(b) {
			t.Fatalf("round trip changed the survey:\n%s\n%s", b, b2)
		}
	})
}

// FuzzReportJSON checks that decoding a report never panics, that a
// decoded report encodes back to what decodes to it again, and that it
// merges with itself into twice its counts.
func FuzzReportJSON(f *testing.F) {
	f.Add([]byte(`{"grouping":"agent/week@Asia/Shanghai","rows":[{"key":"a1","bucket":"2026-03-02T00:00:00+08:00","offered":3,"csat":[0,0,1,0,1],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,1]}]}`))
	f.Add([]byte(`{"grouping":"all/month@UTC","rows":[{"key":"","bucket":"2026-03-01T00:00:00Z","offered":1,"csat":[0,0,0,0,0],"csat_binary":[0,1],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`))
	f.Add([]byte(`{"grouping":"language@UTC","rows":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r feedback.Report
		if err := json.Unmarshal(data, &r); err != nil {
			return
		}
		b, err := json.Marshal(&r)
		if err != nil {
			t.Fatalf("cannot encode a decoded report: %v", err)
		}
		var back feedback.Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot decode %s: %v", b, err)
		}
		if b2, _ := json.Marshal(&back); string(b2) != string(b) {
			t.Fatalf("round trip changed the report:\n%s\n%s", b, b2)
		}
		if err := back.Merge(&r); err != nil {
			t.Fatalf("a report does not merge with its copy: %v", err)
		}
		if back.Len() != r.Len() {
			t.Fatalf("merging a copy changed the groups")
		}
		tot, tot2 := r.Total(), back.Total()
		if tot2.Offered != 2*tot.Offered {
			t.Fatalf("merged offers %d, want %d", tot2.Offered, 2*tot.Offered)
		}
	})
}

// FuzzParseGrouping checks that parsing a grouping never panics and that
// what parses prints to a form that parses to the same grouping.
func FuzzParseGrouping(f *testing.F) {
	for _, s := range []string{"agent/week@Asia/Shanghai", "all", "language/month@UTC", "channel/day@America/New_York", "kind@Local", "group/week@../../etc", "category/day@Asia/Taipei"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := feedback.ParseGrouping(s)
		if err != nil {
			return
		}
		back, err := feedback.ParseGrouping(g.String())
		if err != nil || back.String() != g.String() {
			t.Fatalf("%q parsed to %q, which parses to %q, %v", s, g.String(), back.String(), err)
		}
		if _, err := feedback.NewReport(g); err != nil {
			t.Fatalf("%q parsed to a grouping NewReport refuses: %v", s, err)
		}
	})
}
