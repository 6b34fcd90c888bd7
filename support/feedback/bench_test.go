package feedback_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
	"github.com/paydesk/paydesk/support/memstore"
)

// benchSurveys returns n random surveys in offer-time order, as a store
// lists them.
func benchSurveys(n int) []feedback.Survey {
	svs := randomSurveys(rand.New(rand.NewPCG(1, 2)), n)
	slices.SortFunc(svs, func(a, b feedback.Survey) int { return a.OfferedAt.Compare(b.OfferedAt) })
	return svs
}

// BenchmarkAggregate aggregates 1,000,000 responses per operation (a ring
// of 65,536 distinct surveys over 120 days, in time order) into a report
// by each grouping, and reports responses per second.
func BenchmarkAggregate(b *testing.B) {
	const perOp = 1_000_000
	svs := benchSurveys(1 << 16)
	for _, spec := range []string{"all", "agent/week@Asia/Shanghai", "language/day@America/New_York", "channel/month@UTC"} {
		g, err := feedback.ParseGrouping(spec)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(spec, func(b *testing.B) {
			b.ReportAllocs()
			var rows int
			for b.Loop() {
				r, _ := feedback.NewReport(g)
				for i := range perOp {
					r.Add(&svs[i&(1<<16-1)])
				}
				rows = r.Len()
			}
			b.ReportMetric(float64(perOp)*float64(b.N)/b.Elapsed().Seconds(), "responses/s")
			b.ReportMetric(float64(rows), "groups")
		})
	}
}

// BenchmarkMerge merges 16 shards' reports by agent and day over 120 days
// (about 600 groups each).
func BenchmarkMerge(b *testing.B) {
	svs := benchSurveys(1 << 16)
	g, _ := feedback.ParseGrouping("agent/day@Asia/Shanghai")
	shards := make([]*feedback.Report, 16)
	for i := range shards {
		shards[i], _ = feedback.NewReport(g)
	}
	for i := range svs {
		shards[i%16].Add(&svs[i])
	}
	b.ReportAllocs()
	for b.Loop() {
		r, _ := feedback.NewReport(g)
		for _, s := range shards {
			if err := r.Merge(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkServiceAggregate streams 100,000 stored surveys from a
// memstore.FeedbackStore through Service.Aggregate, a page at a time.
func BenchmarkServiceAggregate(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	store := memstore.NewFeedback()
	for i, sv := range benchSurveys(n) {
		sv.ID, sv.Trigger, sv.Dimensions.Ticket = fmt.Sprint("s", i), feedback.TriggerSolved, support.ID(fmt.Sprint("t", i))
		if err := store.Create(ctx, sv); err != nil {
			b.Fatal(err)
		}
	}
	svc, err := feedback.New(feedback.Options{Store: store})
	if err != nil {
		b.Fatal(err)
	}
	g, _ := feedback.ParseGrouping("agent/week@Asia/Shanghai")
	b.ReportAllocs()
	for b.Loop() {
		r, _ := feedback.NewReport(g)
		if err := svc.Aggregate(ctx, time.Time{}, time.Time{}, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "responses/s")
}
