//go:build race

package dispatch

// raceEnabled is true under go test -race, whose instrumentation allocates
// and runs several times slower: allocation counts and timings do not hold.
const raceEnabled = true
