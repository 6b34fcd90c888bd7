// Package memstore is an in-memory support.Store: the default store of a
// paydesk Desk, for development, tests, demos and single-process hosts that
// can afford to lose tickets on restart.
//
//	desk, err := support.NewDesk(memstore.New(), support.Options{})
//
// A Store keeps every ticket, its history and the idempotency keys in maps
// and sorted slices behind one sync.RWMutex: reads run in parallel, commits
// one at a time, and a commit is applied completely or not at all. It passes
// the conformance suite in support/storetest.
//
// Costs: Get and History are map lookups; a customer's list is a binary
// search in that customer's tickets, kept in newest-activity order, so its
// cost does not depend on the number of tickets in the store. An agent's
// queue (an assignee with active statuses only, as Desk.SearchQueue asks by
// default) walks that agent's active tickets in creation order, however many
// closed ones the agent has; other searches by assignee walk all of the
// agent's tickets. Desk.CheckSLA's sweep for due SLA clocks (a Query with
// SLADue) walks only the tickets whose clock runs, and a search for one
// status (Desk.CloseSolved's sweep of solved tickets) only the tickets in
// that status, both in creation order. Other searches without a customer
// (several statuses, or a team's queue by Group) scan all tickets in
// creation order until the page is full, so a filter that few tickets match
// scans many; a database store answers those from indexes. Idempotency keys
// are kept until
// SweepKeys deletes those older than the host's retention period.
//
// Memory is laid out for the garbage collector, whose work grows with the
// pointers it must follow on every cycle: a history is a compact byte log
// rather than a slice of Events, the indexes are lists of int32 slot
// numbers rather than pointers, and tickets are found by a 64-bit hash of
// their ID. A ticket is then its snapshot, its log and a few index words: with
// three events (short texts, SLA clocks) about 1.3 KB, which BenchmarkDesk
// reports as store-B/ticket.
//
// The Store is also a support.OutboxStore (the transactional outbox of
// Options.Outbox; OutboxLen counts what is pending) and answers LatestSeq,
// which the polling hub of support/sqlstore asks.
//
// # The other stores
//
// The package also implements the stores that support's subpackages own,
// each a value of its own that passes that store's suite in storetest:
//
//   - NewChat: chat.Store, the routing state of live chat (agents, the
//     queue, holders, receipts, handling times). Routing decisions use
//     per-skill-set pools and ordered trees, so AssignBest, TakeNext and
//     Position stay around a microsecond however many agents and waiting
//     chats there are.
//   - NewFeedback: feedback.Store, surveys by ID, by offer key and in
//     offer-time order; an answer is taken atomically, once.
//   - NewCases: cases.Store, refund and dispute cases and their refund
//     ledgers; a refund is checked against what remains and appended in
//     one atomic step, so concurrent refunds never overdraw.
//   - NewVerify: verify.Store, one-time-code challenges with optimistic
//     versions and the per-account send log; quotas are checked and
//     recorded in one atomic step.
package memstore
