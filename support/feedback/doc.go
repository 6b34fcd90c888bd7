// Package feedback is customer feedback for a paydesk help center: CSAT
// and NPS surveys after a solved ticket, an ended chat or an article view,
// their answers, and reports a support lead acts on — CSAT %, NPS and
// response rate by agent, group, category, channel, language, article,
// trigger or kind and by day, week or month in any time zone — aggregated
// in constant memory, mergeable across shards and exactly reproducible.
//
// # Surveys
//
// A Survey asks one customer one question (Kind):
//
//   - CSAT: 1 (very dissatisfied) to 5 (very satisfied); 4 and 5 count as
//     satisfied.
//   - CSATBinary: good (1) or bad (0), the form Zendesk uses; it counts
//     into the same CSAT % (good is satisfied).
//   - NPS: 0 to 10; promoters 9–10, passives 7–8, detractors 0–6; the
//     score is the share of promoters minus that of detractors, −100 to 100.
//
// A low score (Kind.Low: CSAT 1–3, bad, NPS 0–6) may give a reason from the
// host's list (Options.Reasons, default DefaultReasons) and any answer a
// free-text comment, masked for card numbers and codes before it is stored.
// A survey carries the Dimensions a report groups by, copied from the
// ticket when it is offered, so a report credits the agent and group who
// handled it even after the ticket moves on.
//
// # Offered once, answered once, expires
//
// Service.Offer creates a survey. It is unique per Survey.OnceKey — a
// ticket and trigger, or a customer and article — so a survey is offered
// once: a second offer is an *OfferedError holding the first. With a Desk
// (Options.Desk) Offer reads the ticket and refuses, with an
// *EligibilityError:
//
//   - a ticket merged into another (ErrMerged), for any trigger;
//   - for TriggerSolved, a ticket that is not solved (ErrNotSolved), or
//     that the auto-close sweep (support.Desk.CloseSolved) closed
//     (ErrAutoClosed): its survey was due when it was solved, not again
//     when it closed; a ticket an agent closed after solving it is
//     eligible;
//   - a ticket the host opts out (Options.OptOut, ErrOptedOut).
//
// Service.Answer takes one answer, once: the first answer stands and a
// second is an *AnsweredError holding it, however close together they
// come (Store.Answer is atomic; of concurrent answers exactly one wins).
// There is no grace window for changing an answer: a stored answer never
// changes, so a report made yesterday stays true, shards' reports merge
// without double counts, and the ticket's history never contradicts
// itself. A UI that lets a customer pick a score and then a reason sends
// both in one answer. A survey takes answers for Options.TTL after it is
// offered (default 7 days); later answers are an *ExpiredError.
//
// Only the survey's customer answers it (or the host's automation, a
// support.RoleSystem actor, such as a handler of signed e-mail links).
// Someone else's survey looks not found (*NotFoundError), as the Desk
// treats tickets; an agent or admin answering for a customer is a
// *support.AccessError. These refusals are logged at Warn on
// Options.Logger with the actor and the survey; duplicates and expired
// answers at Info. Scores off the scale and unknown reasons are a
// *support.InputError matching support.ErrInvalidInput and ErrScoreRange
// or ErrUnknownReason. A refused answer changes nothing.
//
// # One history
//
// With a Desk, the answer to a ticket survey is written into the ticket's
// history through support.Desk.Record, as the system actor "feedback": an
// EventCustom with Field FieldAnswered ("feedback.answered"), To the kind
// and score ("csat:4", "nps:9", "csat_binary:bad"), From the reason code
// and Body the comment. It is public: agents see it with the ticket and the
// customer sees their own rating. A ticket closed since the survey was
// offered keeps its frozen history; the answer is in the Store all the
// same. (support.Desk.AddFeedback records a bare 1–5 rating without a
// survey; this package is the full survey system.)
//
// # Reports
//
// A Report aggregates surveys into Counts per group of a Grouping — a
// Dimension and a Period (Day, Week: ISO weeks from Monday, Month) in a
// *time.Location — written as text "agent/week@Asia/Shanghai"
// (ParseGrouping). Surveys are bucketed by the time they were offered, so a
// bucket's answers are a part of its offers and the response rate
// (answered ÷ offered) is at most 100 %.
//
// Counts hold integers only: the offers and the number of answers of each
// score (5 CSAT, 2 good/bad, 11 NPS). CSAT %, NPS and response rate are
// computed at the end as exact fractions (Ratio, with Rat, Percent and
// FormatPercent): no floats are accumulated, so the same surveys give the
// same report in any order and any sharding, to the last digit. A Report
// holds one Counts (152 bytes) per group whatever the number of surveys,
// and Merge adds another Report's counts: associative and commutative, so
// a host aggregates per instance, store or day and combines. Reports
// encode to JSON (rows sorted: equal reports encode to equal bytes) and
// decode with validation, to be shipped between shards.
//
// Service.Aggregate streams the surveys offered in a time range from the
// Store a page at a time into a Report. Adding a survey to a report costs
// a map lookup and, when its bucket differs from the last one, a time-zone
// conversion: BenchmarkAggregate adds over 20 million responses per second
// on one core.
//
// # Texts
//
// Messages render the survey texts (the question per kind and trigger, the
// scale, the good and bad choices, the reason prompt and reason labels,
// thanks, expired, answered) through package l10n, in English, Simplified
// and Traditional Chinese; a host rewording them, adding a language or
// labelling its own reasons (MsgReasonPrefix + code) builds on
// DefaultCatalog.
//
// # Storage
//
// Store is the package's storage interface with its contract written on
// it; memstore.NewFeedback implements it in memory, and
// storetest.RunFeedback is the conformance suite every implementation
// passes.
//
// A Service is safe for concurrent use and starts no goroutines; a Report
// is not (aggregate each stream into its own and merge).
package feedback
