// Package storetest is the conformance suite for support.Store
// implementations. A store's tests call Run with a function that returns a
// new, empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) support.Store { return memstore.New() })
//	}
//
// The suite checks the contract written on support.Store: not-found errors,
// copies in and out, optimistic concurrency (a stale write is a
// *support.VersionError and changes nothing, even in a multi-ticket commit),
// idempotency keys (claimed atomically with the change, a second claim is a
// *support.KeyError holding the first record), history order and sequence
// numbers, filters and cursor pagination in every order, and concurrent
// writers that lose no update. It ends with a Desk running on the store, whose
// histories must replay to the stored tickets, and with two Desks whose
// writers race on one ticket: every plain reply must succeed, which needs a
// lost race reported as an error matching support.ErrStaleVersion.
//
// The stores of support's subpackages have suites of their own, run the same
// way: RunChat for chat.Store; RunFeedback for feedback.Store (one survey
// per offer key, one answer per survey also under concurrency, expiry,
// listing by offer time with cursors); RunCases for cases.Store (copies, one
// case per ticket, version conflicts, frozen evidence, the refund ledger's
// arithmetic, concurrent refunds that never overdraw); RunVerify for
// verify.Store (copies, version conflicts, atomic quotas, concurrent
// attempts and writers). RunOutbox checks a support.OutboxStore, the
// transactional outbox: messages commit atomically with the change (a
// failed commit stores none), claims lease them, concurrent claims and
// dispatchers never hand one out twice while its lease holds, failures
// retry at their time, and a support.Dispatcher delivers every notification
// even when a dispatcher dies between the commit and the send.
package storetest
