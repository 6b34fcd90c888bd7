package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/feedback"
)

// RunFeedback runs the conformance suite of feedback.Store against the
// stores newStore returns. Each subtest gets a new, empty store.
//
// The suite checks the contract written on feedback.Store: copies in and
// out, invalid surveys refused (an error matching support.ErrInvalidInput)
// without a trace, one survey per feedback.Survey.OnceKey (a second is a
// *feedback.OfferedError holding the first, also among concurrent
// creators), answers stored exactly once (a second is a
// *feedback.AnsweredError holding the first; of concurrent answers exactly
// one wins), expiry at ExpiresAt (*feedback.ExpiredError), scores off the
// scale refused, not-found errors, and List's time range, (OfferedAt, ID)
// order and cursor pagination (a foreign cursor matches
// feedback.ErrInvalidCursor). Errors are matched with errors.Is.
func RunFeedback(t *testing.T, newStore func(t *testing.T) feedback.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s feedback.Store)
	}{
		{"CreateGet", testFeedbackCreateGet},
		{"Invalid", testFeedbackInvalid},
		{"OfferedOnce", testFeedbackOfferedOnce},
		{"AnswerOnce", testFeedbackAnswerOnce},
		{"Expiry", testFeedbackExpiry},
		{"AnswerInvalid", testFeedbackAnswerInvalid},
		{"ConcurrentCreate", testFeedbackConcurrentCreate},
		{"ConcurrentAnswers", testFeedbackConcurrentAnswers},
		{"List", testFeedbackList},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

var fbBase = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// survey returns an unanswered CSAT survey of a solved ticket, offered at
// fbBase+d and expiring a week later.
func fbSurvey(id, ticket string, d time.Duration) feedback.Survey {
	return feedback.Survey{
		ID: id, Kind: feedback.CSAT, Trigger: feedback.TriggerSolved, Customer: "c-" + ticket,
		Dimensions: feedback.Dimensions{Ticket: support.ID(ticket), Agent: "a1", Group: "g1",
			Category: support.CategoryRefund, Channel: support.ChannelApp, Language: language.SimplifiedChinese},
		OfferedAt: fbBase.Add(d), ExpiresAt: fbBase.Add(d + 7*24*time.Hour),
	}
}

func fbCreate(t *testing.T, s feedback.Store, svs ...feedback.Survey) {
	t.Helper()
	for _, sv := range svs {
		noErr(t, s.Create(context.Background(), sv), "Create ", sv.ID)
	}
}

func fbGet(t *testing.T, s feedback.Store, id string) feedback.Survey {
	t.Helper()
	sv, err := s.Get(context.Background(), id)
	noErr(t, err, "Get ", id)
	return sv
}

func testFeedbackCreateGet(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	sv := fbSurvey("s1", "t1", 0)
	fbCreate(t, s, sv)
	eq(t, sv, fbGet(t, s, "s1"), "stored survey")
	got := fbGet(t, s, "s1")
	got.Customer, got.Dimensions.Agent = "mallory", "x"
	eq(t, sv, fbGet(t, s, "s1"), "a changed copy changes nothing")
	_, err := s.Get(ctx, "nope")
	isErr(t, err, feedback.ErrNotFound, "Get of a missing survey")
	asErr[*feedback.NotFoundError](t, err)
	art := fbSurvey("s2", "", time.Minute)
	art.Trigger, art.Customer, art.Dimensions.Article = feedback.TriggerArticle, "c-9", "refund-times"
	fbCreate(t, s, art)
	eq(t, art, fbGet(t, s, "s2"), "article survey")
}

func testFeedbackInvalid(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	bad := []func(*feedback.Survey){
		func(sv *feedback.Survey) { sv.ID = "" },
		func(sv *feedback.Survey) { sv.Customer = "" },
		func(sv *feedback.Survey) { sv.Kind = 0 },
		func(sv *feedback.Survey) { sv.Trigger = 9 },
		func(sv *feedback.Survey) { sv.Dimensions.Ticket = "" },
		func(sv *feedback.Survey) { sv.ExpiresAt = sv.OfferedAt },
		func(sv *feedback.Survey) { sv.Score = 3 }, // an answer without its time
		func(sv *feedback.Survey) { sv.AnsweredAt, sv.Score = sv.OfferedAt.Add(time.Hour), 6 },
		func(sv *feedback.Survey) { sv.Dimensions.Agent = "a\xff" },
	}
	for i, f := range bad {
		sv := fbSurvey(fmt.Sprint("bad", i), fmt.Sprint("t", i), 0)
		f(&sv)
		isErr(t, s.Create(ctx, sv), support.ErrInvalidInput, "invalid survey ", i)
		_, err := s.Get(ctx, sv.ID)
		isErr(t, err, feedback.ErrNotFound, "a refused survey is not stored ", i)
	}
	// A refused survey does not hold its key either.
	fbCreate(t, s, fbSurvey("ok", "t5", 0))
}

func testFeedbackOfferedOnce(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	first := fbSurvey("s1", "t1", 0)
	fbCreate(t, s, first)
	again := fbSurvey("s2", "t1", time.Hour)
	err := s.Create(ctx, again)
	isErr(t, err, feedback.ErrAlreadyOffered, "second solved survey of t1")
	eq(t, first, asErr[*feedback.OfferedError](t, err).Survey, "the error holds the first survey")
	_, err = s.Get(ctx, "s2")
	isErr(t, err, feedback.ErrNotFound, "the second offer is not stored")

	chat := fbSurvey("s3", "t1", time.Hour)
	chat.Trigger = feedback.TriggerChatEnded
	fbCreate(t, s, chat) // another trigger, another key

	dupID := fbSurvey("s1", "t2", 0)
	isErr(t, s.Create(ctx, dupID), support.ErrInvalidInput, "a taken ID")
	fbCreate(t, s, fbSurvey("s4", "t2", 0)) // the refused create did not hold t2

	art := func(id, customer, article string) feedback.Survey {
		sv := fbSurvey(id, "", 0)
		sv.Trigger, sv.Customer, sv.Dimensions.Article = feedback.TriggerArticle, customer, article
		return sv
	}
	fbCreate(t, s, art("a1", "c1", "x"), art("a2", "c2", "x"), art("a3", "c1", "y"))
	isErr(t, s.Create(ctx, art("a4", "c1", "x")), feedback.ErrAlreadyOffered, "one article survey per customer and article")
}

func testFeedbackAnswerOnce(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	sv := fbSurvey("s1", "t1", 0)
	fbCreate(t, s, sv)
	at := fbBase.Add(time.Hour)
	got, err := s.Answer(ctx, "s1", feedback.Answer{Score: 2, Reason: "slow", Comment: "took ages"}, at)
	noErr(t, err, "Answer")
	want := sv
	want.AnsweredAt, want.Score, want.Reason, want.Comment = at, 2, "slow", "took ages"
	eq(t, want, got, "answered survey")
	eq(t, want, fbGet(t, s, "s1"), "stored answer")
	_, err = s.Answer(ctx, "s1", feedback.Answer{Score: 5}, at.Add(time.Minute))
	isErr(t, err, feedback.ErrAnswered, "second answer")
	eq(t, want, asErr[*feedback.AnsweredError](t, err).Survey, "the error holds the first answer")
	eq(t, want, fbGet(t, s, "s1"), "the first answer stands")
	_, err = s.Answer(ctx, "missing", feedback.Answer{Score: 5}, at)
	isErr(t, err, feedback.ErrNotFound, "answer to a missing survey")
}

func testFeedbackExpiry(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	sv := fbSurvey("s1", "t1", 0)
	fbCreate(t, s, sv)
	_, err := s.Answer(ctx, "s1", feedback.Answer{Score: 4}, sv.ExpiresAt)
	isErr(t, err, feedback.ErrExpired, "answer at the expiry")
	eq(t, sv.ExpiresAt, asErr[*feedback.ExpiredError](t, err).ExpiresAt, "the error holds the expiry")
	eq(t, sv, fbGet(t, s, "s1"), "an expired answer changes nothing")
	_, err = s.Answer(ctx, "s1", feedback.Answer{Score: 4}, sv.ExpiresAt.Add(-time.Nanosecond))
	noErr(t, err, "answer just before the expiry")
}

func testFeedbackAnswerInvalid(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	csat, nps, bin := fbSurvey("c", "t1", 0), fbSurvey("n", "t2", 0), fbSurvey("b", "t3", 0)
	nps.Kind, bin.Kind = feedback.NPS, feedback.CSATBinary
	fbCreate(t, s, csat, nps, bin)
	at := fbBase.Add(time.Hour)
	for _, c := range []struct {
		id    string
		score int
	}{{"c", 0}, {"c", 6}, {"n", -1}, {"n", 11}, {"b", 2}, {"b", -1}} {
		_, err := s.Answer(ctx, c.id, feedback.Answer{Score: c.score}, at)
		isErr(t, err, support.ErrInvalidInput, "score ", c.score, " for ", c.id)
		truth(t, !fbGet(t, s, c.id).Answered(), "a refused answer changes nothing")
	}
	_, err := s.Answer(ctx, "c", feedback.Answer{Score: 3, Comment: "bad\xffutf8"}, at)
	isErr(t, err, support.ErrInvalidInput, "invalid UTF-8")
	for _, c := range []struct {
		id    string
		score int
	}{{"c", 1}, {"n", 0}, {"b", 0}} {
		_, err := s.Answer(ctx, c.id, feedback.Answer{Score: c.score}, at)
		noErr(t, err, "score ", c.score, " for ", c.id)
	}
}

func testFeedbackConcurrentCreate(t *testing.T, s feedback.Store) {
	const n = 32
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = s.Create(context.Background(), fbSurvey(fmt.Sprint("s", i), "t1", time.Duration(i)*time.Second))
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			truth(t, won < 0, "two creates of one key succeeded")
			won = i
			continue
		}
		isErr(t, err, feedback.ErrAlreadyOffered, "losing create ", i)
	}
	truth(t, won >= 0, "no create succeeded")
	p, err := s.List(context.Background(), feedback.ListQuery{})
	noErr(t, err, "List")
	eq(t, 1, len(p.Surveys), "one survey stored")
	eq(t, fmt.Sprint("s", won), p.Surveys[0].ID, "the winner is stored")
}

func testFeedbackConcurrentAnswers(t *testing.T, s feedback.Store) {
	const n = 32
	sv := fbSurvey("s1", "t1", 0)
	fbCreate(t, s, sv)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = s.Answer(context.Background(), "s1", feedback.Answer{Score: 1 + i%5, Comment: fmt.Sprint("answer ", i)}, fbBase.Add(time.Minute))
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			truth(t, won < 0, "two answers succeeded")
			won = i
			continue
		}
		isErr(t, err, feedback.ErrAnswered, "losing answer ", i)
	}
	truth(t, won >= 0, "no answer succeeded")
	got := fbGet(t, s, "s1")
	eq(t, fmt.Sprint("answer ", won), got.Comment, "the winner's answer is stored")
	eq(t, 1+won%5, got.Score, "the winner's score is stored")
}

func testFeedbackList(t *testing.T, s feedback.Store) {
	ctx := context.Background()
	// 120 surveys offered in an order that is not their time order, two
	// of them at each instant.
	var want []string
	for i := range 120 {
		j := (i * 37) % 120
		sv := fbSurvey(fmt.Sprintf("s%03d", j), fmt.Sprint("t", j), time.Duration(j/2)*time.Minute)
		fbCreate(t, s, sv)
	}
	for j := range 120 {
		want = append(want, fmt.Sprintf("s%03d", j))
	}
	_, err := s.Answer(ctx, "s050", feedback.Answer{Score: 5}, fbBase.Add(time.Hour))
	noErr(t, err, "Answer")

	list := func(q feedback.ListQuery) []string {
		t.Helper()
		var ids []string
		for pages := 0; ; pages++ {
			truth(t, pages <= 200, "List does not end")
			p, err := s.List(ctx, q)
			noErr(t, err, "List")
			truth(t, q.Limit <= 0 || len(p.Surveys) <= q.Limit, "page over the limit")
			for _, sv := range p.Surveys {
				ids = append(ids, sv.ID)
				if sv.ID == "s050" {
					truth(t, sv.Answered() && sv.Score == 5, "List shows the answer")
				}
			}
			if p.Next == "" {
				return ids
			}
			truth(t, len(p.Surveys) > 0, "an empty page with a next cursor")
			q.Cursor = p.Next
		}
	}
	for _, limit := range []int{0, 1, 7, 60, 1000} {
		eq(t, want, list(feedback.ListQuery{Limit: limit}), "all, limit ", limit)
		from, to := fbBase.Add(10*time.Minute), fbBase.Add(20*time.Minute)
		eq(t, want[20:40], list(feedback.ListQuery{From: from, To: to, Limit: limit}), "[10m, 20m), limit ", limit)
		eq(t, want[100:], list(feedback.ListQuery{From: fbBase.Add(50 * time.Minute), Limit: limit}), "from 50m, limit ", limit)
		eq(t, []string(nil), list(feedback.ListQuery{From: fbBase.Add(time.Hour), Limit: limit}), "after the last, limit ", limit)
		eq(t, []string(nil), list(feedback.ListQuery{To: fbBase, Limit: limit}), "before the first, limit ", limit)
	}
	for _, c := range []string{"x", "f1.", "f1.AAAA.AAAA", "garbage.cursor.here"} {
		_, err := s.List(ctx, feedback.ListQuery{Cursor: c})
		isErr(t, err, feedback.ErrInvalidCursor, "cursor ", c)
	}
}
