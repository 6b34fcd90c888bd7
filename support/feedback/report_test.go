package feedback_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the tests' time zones on any machine

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestGroupingStart(t *testing.T) {
	sh, ny := mustLoad(t, "Asia/Shanghai"), mustLoad(t, "America/New_York")
	cases := []struct {
		g           feedback.Grouping
		at          time.Time
		start, next string
	}{
		// Sunday 20:00 UTC is Monday 04:00 in Shanghai: a new ISO week there.
		{feedback.Grouping{Period: feedback.Week, Location: sh}, time.Date(2026, 3, 8, 20, 0, 0, 0, time.UTC), "2026-03-09T00:00:00+08:00", "2026-03-16T00:00:00+08:00"},
		{feedback.Grouping{Period: feedback.Week}, time.Date(2026, 3, 8, 20, 0, 0, 0, time.UTC), "2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"},
		// A week across a year: ISO week 1 of 2026 starts on Monday 29 December 2025.
		{feedback.Grouping{Period: feedback.Week}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z"},
		{feedback.Grouping{Period: feedback.Day, Location: sh}, time.Date(2026, 3, 8, 16, 0, 0, 0, time.UTC), "2026-03-09T00:00:00+08:00", "2026-03-10T00:00:00+08:00"},
		// The day clocks spring forward in New York has 23 hours.
		{feedback.Grouping{Period: feedback.Day, Location: ny}, time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC), "2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00"},
		{feedback.Grouping{Period: feedback.Month, Location: sh}, time.Date(2026, 2, 28, 17, 0, 0, 0, time.UTC), "2026-03-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00"},
		{feedback.Grouping{Period: feedback.Month}, time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"},
	}
	for _, c := range cases {
		start, next := c.g.Start(c.at)
		if got := start.Format(time.RFC3339); got != c.start {
			t.Errorf("%s %s: start %s, want %s", c.g, c.at, got, c.start)
		}
		if got := next.Format(time.RFC3339); got != c.next {
			t.Errorf("%s %s: next %s, want %s", c.g, c.at, got, c.next)
		}
	}
}

func TestParseGrouping(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"all", "all/all@UTC"},
		{"agent", "agent/all@UTC"},
		{"agent/week", "agent/week@UTC"},
		{"language/month@Asia/Shanghai", "language/month@Asia/Shanghai"},
		{"channel/day@UTC", "channel/day@UTC"},
		{"kind@Europe/Berlin", "kind/all@Europe/Berlin"},
	} {
		g, err := feedback.ParseGrouping(c.in)
		if err != nil || g.String() != c.want {
			t.Errorf("ParseGrouping(%q) = %q, %v; want %q", c.in, g.String(), err, c.want)
			continue
		}
		if back, err := feedback.ParseGrouping(g.String()); err != nil || back.String() != c.want {
			t.Errorf("round trip of %q: %v", c.want, err)
		}
	}
	for _, in := range []string{"", "agents", "agent/fortnight", "agent/week@", "agent/week@Local", "agent/week@Mars/Olympus", "agent/week@../etc/passwd", "agent/week/day"} {
		if _, err := feedback.ParseGrouping(in); !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("ParseGrouping(%q): %v", in, err)
		}
	}
	if _, err := feedback.NewReport(feedback.Grouping{Location: time.Local}); !errors.Is(err, support.ErrInvalidInput) {
		t.Errorf("Local: %v", err)
	}
}

// randomSurveys returns n surveys with random dimensions, kinds, times and
// answers (some unanswered), as a store would hold them.
func randomSurveys(rng *rand.Rand, n int) []feedback.Survey {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	langs := []language.Tag{language.English, language.SimplifiedChinese, language.TraditionalChinese, language.Und}
	cats := []support.Category{support.CategoryRefund, support.CategoryFees, ""}
	out := make([]feedback.Survey, n)
	for i := range out {
		k := feedback.Kind(1 + rng.IntN(3))
		sv := feedback.Survey{
			ID: fmt.Sprint("s", i), Kind: k, Trigger: feedback.Trigger(1 + rng.IntN(3)), Customer: fmt.Sprint("c", rng.IntN(50)),
			Dimensions: feedback.Dimensions{Ticket: support.ID(fmt.Sprint("t", i)), Agent: fmt.Sprint("a", rng.IntN(5)),
				Group: fmt.Sprint("g", rng.IntN(3)), Category: cats[rng.IntN(len(cats))], Channel: support.Channel(rng.IntN(6)),
				Language: langs[rng.IntN(len(langs))], Article: fmt.Sprint("art", rng.IntN(4))},
			OfferedAt: base.Add(time.Duration(rng.Int64N(int64(120 * 24 * time.Hour)))),
		}
		sv.ExpiresAt = sv.OfferedAt.Add(feedback.DefaultTTL)
		if rng.IntN(4) > 0 {
			lo, hi := k.Scale()
			sv.Score = lo + rng.IntN(hi-lo+1)
			sv.AnsweredAt = sv.OfferedAt.Add(time.Hour)
		}
		out[i] = sv
	}
	return out
}

func report(t testing.TB, g feedback.Grouping, svs []feedback.Survey) *feedback.Report {
	t.Helper()
	r, err := feedback.NewReport(g)
	if err != nil {
		t.Fatal(err)
	}
	for i := range svs {
		r.Add(&svs[i])
	}
	return r
}

func encode(t testing.TB, r *feedback.Report) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func merged(t testing.TB, rs ...*feedback.Report) *feedback.Report {
	t.Helper()
	out, err := feedback.NewReport(rs[0].Grouping())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if err := out.Merge(r); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestShardsProperty: for random surveys, groupings and shardings, the
// merge of the shards' reports, in any order and any tree, equals the
// report of all surveys in any order; merge is associative and
// commutative; every figure is within its bounds and matches a direct
// count.
func TestShardsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 3))
	zones := []*time.Location{nil, mustLoad(t, "Asia/Shanghai"), mustLoad(t, "America/New_York"), mustLoad(t, "Asia/Taipei")}
	for iter := range 60 {
		g := feedback.Grouping{By: feedback.Dimension(rng.IntN(9)), Period: feedback.Period(rng.IntN(4)), Location: zones[rng.IntN(len(zones))]}
		svs := randomSurveys(rng, 1+rng.IntN(400))
		want := encode(t, report(t, g, svs))

		shuffled := append([]feedback.Survey(nil), svs...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := encode(t, report(t, g, shuffled)); got != want {
			t.Fatalf("iter %d %s: order changed the report", iter, g)
		}

		k := 1 + rng.IntN(7)
		shards := make([][]feedback.Survey, k)
		for _, sv := range shuffled {
			i := rng.IntN(k)
			shards[i] = append(shards[i], sv)
		}
		reports := make([]*feedback.Report, k)
		for i := range shards {
			reports[i] = report(t, g, shards[i])
		}
		rng.Shuffle(k, func(i, j int) { reports[i], reports[j] = reports[j], reports[i] })
		if got := encode(t, merged(t, reports...)); got != want {
			t.Fatalf("iter %d %s: %d shards merged differ from the whole", iter, g, k)
		}
		// A random merge tree.
		for len(reports) > 1 {
			i := rng.IntN(len(reports) - 1)
			reports[i] = merged(t, reports[i], reports[i+1])
			reports = append(reports[:i+1], reports[i+2:]...)
		}
		if got := encode(t, reports[0]); got != want {
			t.Fatalf("iter %d %s: merge tree differs from the whole", iter, g)
		}

		// Associative and commutative on three random reports.
		a, b, c := report(t, g, randomSurveys(rng, 50)), report(t, g, randomSurveys(rng, 50)), report(t, g, randomSurveys(rng, 50))
		if encode(t, merged(t, merged(t, a, b), c)) != encode(t, merged(t, a, merged(t, b, c))) {
			t.Fatalf("iter %d: merge is not associative", iter)
		}
		if encode(t, merged(t, a, b)) != encode(t, merged(t, b, a)) {
			t.Fatalf("iter %d: merge is not commutative", iter)
		}

		// Bounds and a direct count of the total.
		r := report(t, g, svs)
		for _, row := range r.Rows() {
			checkBounds(t, &row.Counts)
		}
		tot := r.Total()
		checkBounds(t, &tot)
		var offered, csatN, satisfied, npsN, prom, det int64
		for _, sv := range svs {
			offered++
			if !sv.Answered() {
				continue
			}
			switch sv.Kind {
			case feedback.CSAT, feedback.CSATBinary:
				csatN++
				if (sv.Kind == feedback.CSAT && sv.Score >= 4) || (sv.Kind == feedback.CSATBinary && sv.Score == 1) {
					satisfied++
				}
			case feedback.NPS:
				npsN++
				if sv.Score >= 9 {
					prom++
				} else if sv.Score <= 6 {
					det++
				}
			}
		}
		if tot.CSAT() != (feedback.Ratio{Num: satisfied, Den: csatN}) || tot.NPS() != (feedback.Ratio{Num: prom - det, Den: npsN}) ||
			tot.ResponseRate() != (feedback.Ratio{Num: csatN + npsN, Den: offered}) {
			t.Fatalf("iter %d: totals %+v differ from a direct count", iter, tot)
		}
	}
}

func checkBounds(t *testing.T, c *feedback.Counts) {
	t.Helper()
	one, zero, minusOne := big.NewRat(1, 1), new(big.Rat), big.NewRat(-1, 1)
	in := func(r feedback.Ratio, lo, hi *big.Rat) bool {
		if !r.Valid() {
			return true
		}
		x := r.Rat()
		return x.Cmp(lo) >= 0 && x.Cmp(hi) <= 0
	}
	if !in(c.CSAT(), zero, one) || !in(c.NPS(), minusOne, one) || !in(c.ResponseRate(), zero, one) || !c.ResponseRate().Valid() {
		t.Fatalf("figures out of bounds: %+v", c)
	}
	if p := c.NPS().Percent(); p < -100 || p > 100 {
		t.Fatalf("NPS %v", p)
	}
	if c.Promoters()+c.Passives()+c.Detractors() != c.NPSAnswers() {
		t.Fatalf("NPS groups do not add up: %+v", c)
	}
}

func TestReportJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	g, _ := feedback.ParseGrouping("agent/week@Asia/Shanghai")
	r := report(t, g, randomSurveys(rng, 300))
	b := encode(t, r)
	var back feedback.Report
	if err := json.Unmarshal([]byte(b), &back); err != nil {
		t.Fatal(err)
	}
	if encode(t, &back) != b {
		t.Fatal("round trip changed the report")
	}
	if err := back.Merge(r); err != nil {
		t.Fatalf("a decoded report merges with its original: %v", err)
	}
	other := report(t, feedback.Grouping{By: feedback.ByAgent, Period: feedback.Week}, nil)
	var me *feedback.MismatchError
	if err := other.Merge(r); !errors.As(err, &me) || !errors.Is(err, feedback.ErrMismatch) {
		t.Fatalf("mismatch: %v", err)
	}
	for _, bad := range []string{
		`{"grouping":"agent/week@UTC","rows":[{"key":"a","bucket":"2026-03-03T00:00:00Z","offered":1,"csat":[0,0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"agent/week@UTC","rows":[{"key":"a","offered":1,"csat":[0,0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"agent@UTC","rows":[{"key":"a","offered":1,"csat":[0,0,0,0,1],"csat_binary":[0,1],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"agent@UTC","rows":[{"key":"a","offered":1,"csat":[0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"agent@UTC","rows":[{"key":"a","offered":0,"csat":[0,0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"all@UTC","rows":[{"key":"a","offered":1,"csat":[0,0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"agent@UTC","rows":[{"key":"a","offered":1,"csat":[0,0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]},{"key":"a","offered":1,"csat":[0,0,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
		`{"grouping":"agent@UTC","rows":[],"extra":1}`,
		`{"grouping":"agent@Local","rows":[]}`,
		`{"grouping":"agent@UTC","rows":[{"key":"a","offered":18446744073709551615,"csat":[18446744073709551615,1,0,0,0],"csat_binary":[0,0],"nps":[0,0,0,0,0,0,0,0,0,0,0]}]}`,
	} {
		var r feedback.Report
		if err := json.Unmarshal([]byte(bad), &r); !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("decoded %s: %v", bad, err)
		}
	}
}

func TestRatio(t *testing.T) {
	for _, c := range []struct {
		r    feedback.Ratio
		prec int
		want string
		pct  float64
	}{
		{feedback.Ratio{Num: 7, Den: 8}, 1, "87.5", 87.5},
		{feedback.Ratio{Num: 2, Den: 3}, 2, "66.67", 200.0 / 3},
		{feedback.Ratio{Num: -1, Den: 8}, 1, "-12.5", -12.5},
		{feedback.Ratio{Num: 1, Den: 8}, 0, "13", 12.5}, // half away from zero
		{feedback.Ratio{}, 1, "n/a", 0},
	} {
		if got := c.r.FormatPercent(c.prec); got != c.want {
			t.Errorf("%v.FormatPercent(%d) = %q, want %q", c.r, c.prec, got, c.want)
		}
		if got := c.r.Percent(); got != c.pct {
			t.Errorf("%v.Percent() = %v, want %v", c.r, got, c.pct)
		}
	}
}

func TestAnswerJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want feedback.Answer
		ok   bool
	}{
		{`{"score":4,"reason":"slow","comment":"hi"}`, feedback.Answer{Score: 4, Reason: "slow", Comment: "hi"}, true},
		{`{"score":"good"}`, feedback.Answer{Score: 1}, true},
		{`{"score":"bad"}`, feedback.Answer{Score: 0}, true},
		{`{"score":0}`, feedback.Answer{}, true},
		{`{"score":4.5}`, feedback.Answer{}, false},
		{`{"score":"4"}`, feedback.Answer{}, false},
		{`{"comment":"no score"}`, feedback.Answer{}, false},
		{`{"score":null}`, feedback.Answer{}, false},
		{`{"score":4,"admin":true}`, feedback.Answer{}, false},
		{`{"score":4} {"score":5}`, feedback.Answer{}, false},
		{`{"score":1e1}`, feedback.Answer{}, false},
	} {
		var a feedback.Answer
		err := json.Unmarshal([]byte(c.in), &a)
		if (err == nil) != c.ok || (c.ok && a != c.want) {
			t.Errorf("%s: %+v, %v", c.in, a, err)
		}
		var syntax *json.SyntaxError
		if err != nil && !errors.As(err, &syntax) && !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("%s: error %v does not match ErrInvalidInput", c.in, err)
		}
	}
}
