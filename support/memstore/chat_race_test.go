//go:build race

package memstore_test

// raceEnabled reports a build with the race detector, under which the chat
// benchmarks skip their largest queues: building them would take seconds
// and the figures mean nothing there.
const raceEnabled = true
