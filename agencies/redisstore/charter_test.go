package redisstore_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
)

func charterVersion(n int) *agencies.Charter {
	return agencies.FromDoc(agencies.CharterDoc{Version: n, ValidFrom: time.Date(2026, 1, n, 0, 0, 0, 0, time.UTC), WarningAt: 0.8,
		Standards: []agencies.Standard{{Agency: agencies.Damkar, Category: "*", Targets: agencies.Targets{Acknowledge: time.Minute, Arrive: 2 * time.Minute, Resolve: time.Hour}}}})
}

// The store takes a version only on top of the latest one: a version built
// on an older one is refused with ErrCharterConflict and nothing is stored.
func TestCharterVersionsAreNumberedInRedis(t *testing.T) {
	rdb := redistest.NewClient(t)
	cs := redisstore.NewCharters(rdb, "sigap:")
	std := agencies.Standard{Agency: agencies.Damkar, Category: "*"}
	if err := cs.Add(ctx, charterVersion(2), std, "user:a"); err != nil {
		t.Fatal(err)
	}
	if err := cs.Add(ctx, charterVersion(2), std, "user:b"); !errors.Is(err, agencies.ErrCharterConflict) {
		t.Fatalf("a second version 2: err = %v, want ErrCharterConflict", err)
	}
	if err := cs.Add(ctx, charterVersion(4), std, "user:b"); !errors.Is(err, agencies.ErrCharterConflict) {
		t.Fatalf("version 4 after 2: err = %v, want ErrCharterConflict", err)
	}
	if err := cs.Add(ctx, charterVersion(3), std, "user:b"); err != nil {
		t.Fatal(err)
	}
	vs, _ := cs.Versions(ctx)
	log, _ := cs.Log(ctx)
	if len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 3 || len(log) != 2 || log[1].Actor != "user:b" {
		t.Fatalf("stored %d versions, %d log lines: %+v", len(vs), len(log), log)
	}
}

// A store written before the counter existed (versions 2 and 5 in the list)
// continues after its highest version.
func TestCharterCounterStartsAfterStoredVersions(t *testing.T) {
	rdb := redistest.NewClient(t)
	for _, n := range []int{2, 5} {
		doc, _ := json.Marshal(charterVersion(n).Doc())
		rdb.RPush(ctx, "sigap:charter:versions", doc)
	}
	cs := redisstore.NewCharters(rdb, "sigap:")
	std := agencies.Standard{Agency: agencies.Damkar, Category: "*"}
	if err := cs.Add(ctx, charterVersion(3), std, "user:a"); !errors.Is(err, agencies.ErrCharterConflict) {
		t.Fatalf("version 3 after a stored 5: err = %v", err)
	}
	if err := cs.Add(ctx, charterVersion(6), std, "user:a"); err != nil {
		t.Fatal(err)
	}
}
