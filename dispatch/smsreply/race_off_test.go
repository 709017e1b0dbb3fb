//go:build !race

package smsreply

const raceEnabled = false
