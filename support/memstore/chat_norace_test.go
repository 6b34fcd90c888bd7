//go:build !race

package memstore_test

// raceEnabled reports a build with the race detector (see chat_race_test.go).
const raceEnabled = false
