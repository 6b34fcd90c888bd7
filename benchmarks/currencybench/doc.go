// Package currencybench compares paydesk's currency package with two peer
// money libraries, github.com/bojanz/currency (apd decimals, CLDR formatting)
// and github.com/govalues/money (fixed 19-digit decimals), on the operations a
// payment service repeats: parse, add, round, split, convert-and-round and
// format.
//
// Each benchmark file covers one operation; within it, the sub-benchmarks
// paydesk, bojanz and govalues do the same work on the same inputs, and the
// tests in equal_test.go check that they produce the same results. Where a
// peer has no equivalent operation, its sub-benchmark is left out and the file
// says why. The package has no non-test code besides this file.
package currencybench
