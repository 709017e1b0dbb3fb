//go:build race

package smsreply

// raceEnabled is true under go test -race, whose instrumentation allocates
// and runs several times slower: allocation counts and timings do not hold.
const raceEnabled = true
