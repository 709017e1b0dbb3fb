package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

var ctx = context.Background()

func newStore(t *testing.T) (*redisstore.Store, *redis.Client, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t)
	rdb := srv.Client()
	s := redisstore.New(rdb, redisstore.Options{
		Agencies:        []agencies.AgencyID{agencies.Damkar, agencies.Dinkes},
		ClaimIdleMillis: 200,
	})
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	return s, rdb, srv
}

// fireEvents is the log of a freshly logged fire with damkar and dinkes assignments.
func fireEvents(id, code string) []dispatch.Event {
	at := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	inc := &dispatch.Incident{ID: dispatch.IncidentID(id), Code: code, Status: dispatch.StatusDispatched,
		CallerPhone: "+6281234567890", Description: "rumah terbakar, ada orang terjebak", Category: "kebakaran",
		Priority: agencies.P1, ReceivedAt: at}
	evs := []dispatch.Event{{Type: dispatch.EventReceived, At: at, Actor: "api", Channel: dispatch.ChannelAPI, Incident: inc}}
	for _, a := range []agencies.AgencyID{agencies.Damkar, agencies.Dinkes} {
		evs = append(evs, dispatch.Event{Type: dispatch.EventQueued, At: at, Actor: "api", Channel: dispatch.ChannelAPI, Agency: a,
			Assignment: &dispatch.Assignment{Agency: a, Station: agencies.StationID(a + "-1"), Status: dispatch.AssignQueued, QueuedAt: at}})
	}
	return evs
}

func TestCreateStoresIncidentLogAndQueuesAtomically(t *testing.T) {
	s, rdb, _ := newStore(t)
	_, created, err := s.Create(ctx, fireEvents("inc-1", "TT-0001"), nil, dispatch.Idempotency{})
	if err != nil || !created {
		t.Fatalf("create: %v created=%v", err, created)
	}
	got, err := s.Get(ctx, "TT-0001")
	if err != nil {
		t.Fatalf("get by code: %v", err)
	}
	if got.ID != "inc-1" || len(got.Assignments) != 2 || got.Version != 3 {
		t.Errorf("stored incident: %+v", got)
	}
	for _, a := range []string{"damkar", "dinkes"} {
		if n := rdb.XLen(ctx, "sigap:queue:"+a).Val(); n != 1 {
			t.Errorf("queue %s holds %d entries, want 1", a, n)
		}
	}
	evs, err := s.Events(ctx, "inc-1")
	if err != nil || len(evs) != 3 || evs[0].Seq != 1 || evs[2].Seq != 3 {
		t.Fatalf("events: %v %+v", err, evs)
	}
	rebuilt, err := dispatch.Rebuild(evs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalize(rebuilt), normalize(got)) {
		t.Errorf("state rebuilt from the log differs from the stored record:\n%+v\n%+v", rebuilt, got)
	}
	open, _ := s.List(ctx, dispatch.ListFilter{OpenOnly: true})
	if len(open) != 1 || open[0].ID != "inc-1" {
		t.Errorf("open list: %v", open)
	}
}

// normalize drops monotonic clock readings so that DeepEqual compares instants.
func normalize(inc *dispatch.Incident) *dispatch.Incident {
	cp := *inc
	cp.ReceivedAt, cp.UpdatedAt = cp.ReceivedAt.UTC().Round(0), cp.UpdatedAt.UTC().Round(0)
	cp.Assignments = nil
	for _, a := range inc.Assignments {
		a.QueuedAt = a.QueuedAt.UTC().Round(0)
		a.Notified = nil
		cp.Assignments = append(cp.Assignments, a)
	}
	return &cp
}

func TestCreateIsIdempotent(t *testing.T) {
	s, rdb, _ := newStore(t)
	idem := dispatch.Idempotency{Key: "call-77", Hash: "h1"}
	first, created, err := s.Create(ctx, fireEvents("inc-1", "TT-0001"), nil, idem)
	if err != nil || !created {
		t.Fatal(err)
	}
	again, created, err := s.Create(ctx, fireEvents("inc-2", "TT-0002"), nil, idem)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat: created=%v id=%s err=%v; want the first incident", created, again.ID, err)
	}
	if n := rdb.XLen(ctx, "sigap:queue:damkar").Val(); n != 1 {
		t.Errorf("a repeated request queued again: %d entries", n)
	}
	if _, err := s.Get(ctx, "inc-2"); !errors.Is(err, dispatch.ErrIncidentNotFound) {
		t.Errorf("a repeated request created a second incident: %v", err)
	}
	if _, _, err := s.Create(ctx, fireEvents("inc-3", "TT-0003"), nil, dispatch.Idempotency{Key: "call-77", Hash: "other"}); !errors.Is(err, dispatch.ErrIdempotencyConflict) {
		t.Errorf("same key, different request: want ErrIdempotencyConflict, got %v", err)
	}
	if inc, err := s.Lookup(ctx, idem); err != nil || inc.ID != first.ID {
		t.Errorf("lookup: %v %v", inc, err)
	}
}

func TestConcurrentIdempotentCreatesMakeOneIncident(t *testing.T) {
	s, rdb, _ := newStore(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	createdN := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, created, err := s.Create(ctx, fireEvents(fmt.Sprintf("inc-%d", i), fmt.Sprintf("TT-%04d", i)), nil, dispatch.Idempotency{Key: "k", Hash: "h"})
			if err != nil {
				t.Error(err)
			}
			if created {
				mu.Lock()
				createdN++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if createdN != 1 || rdb.XLen(ctx, "sigap:queue:damkar").Val() != 1 {
		t.Errorf("created %d incidents and %d queue entries, want 1 and 1", createdN, rdb.XLen(ctx, "sigap:queue:damkar").Val())
	}
}

func TestAppendIsAtomicAndDeduplicatedByKey(t *testing.T) {
	s, _, _ := newStore(t)
	if _, _, err := s.Create(ctx, fireEvents("inc-1", "TT-0001"), nil, dispatch.Idempotency{}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := dispatch.Event{Type: dispatch.EventNotified, At: time.Now(), Actor: "system", Agency: agencies.Damkar,
				Notified: []dispatch.Notification{{Responder: "r1", MessageID: "SM1"}}, Key: "notified:damkar"}
			if _, err := s.Append(ctx, "inc-1", ev); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	evs, _ := s.Events(ctx, "inc-1")
	if len(evs) != 4 {
		t.Fatalf("10 concurrent appends of one keyed event logged %d events, want 4 in all", len(evs))
	}
	inc, _ := s.Get(ctx, "inc-1")
	if a := inc.Assignment(agencies.Damkar); a.Status != dispatch.AssignNotified || len(a.Notified) != 1 || inc.Version != 4 {
		t.Errorf("damkar assignment after append: %+v (version %d)", a, inc.Version)
	}
	_, err := s.Append(ctx, "inc-1", dispatch.Event{Type: dispatch.EventNotified, Agency: agencies.BPBD, At: time.Now()})
	if !errors.Is(err, dispatch.ErrInvalidEvent) {
		t.Errorf("event for an agency without assignment: want ErrInvalidEvent, got %v", err)
	}
	if _, err := s.Append(ctx, "nope", dispatch.Event{Type: dispatch.EventNotified}); !errors.Is(err, dispatch.ErrIncidentNotFound) {
		t.Errorf("unknown incident: %v", err)
	}
}

func TestQueueRedeliversUnacknowledgedAndDeadLetters(t *testing.T) {
	s, rdb, _ := newStore(t)
	if _, _, err := s.Create(ctx, fireEvents("inc-1", "TT-0001"), nil, dispatch.Idempotency{}); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Fetch(ctx, agencies.Damkar, "w1", 10, 10*time.Millisecond)
	if err != nil || len(ds) != 1 || ds[0].IncidentID != "inc-1" || ds[0].Attempts != 1 {
		t.Fatalf("first fetch: %+v %v", ds, err)
	}
	// w1 "dies" without acknowledging; after the claim time w2 gets the entry.
	if again, _ := s.Fetch(ctx, agencies.Damkar, "w2", 10, 10*time.Millisecond); len(again) != 0 {
		t.Fatalf("entry redelivered before the claim time: %+v", again)
	}
	time.Sleep(250 * time.Millisecond)
	again, err := s.Fetch(ctx, agencies.Damkar, "w2", 10, 10*time.Millisecond)
	if err != nil || len(again) != 1 || again[0].EntryID != ds[0].EntryID || again[0].Attempts != 2 {
		t.Fatalf("reclaimed: %+v %v", again, err)
	}
	if err := s.DeadLetter(ctx, again[0], "poison"); err != nil {
		t.Fatal(err)
	}
	dead, _ := s.DeadLetters(ctx, agencies.Damkar)
	if len(dead) != 1 || dead[0]["reason"] != "poison" || dead[0]["incident"] != "inc-1" {
		t.Errorf("dead letters: %v", dead)
	}
	time.Sleep(250 * time.Millisecond)
	if left, _ := s.Fetch(ctx, agencies.Damkar, "w3", 10, 10*time.Millisecond); len(left) != 0 {
		t.Errorf("a dead-lettered entry came back: %+v", left)
	}
	st, _ := s.Stats(ctx, agencies.Damkar)
	if st.Pending != 0 || st.Dead != 1 || st.Lag != 0 {
		t.Errorf("stats: %+v", st)
	}
	// A malformed entry is reported as such, not dropped silently.
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: "sigap:queue:dinkes", Values: map[string]any{"junk": "1"}})
	ds, _ = s.Fetch(ctx, agencies.Dinkes, "w1", 10, 10*time.Millisecond)
	if len(ds) != 2 || ds[1].Malformed == "" {
		t.Errorf("malformed entry: %+v", ds)
	}
}

func TestLedgerClaims(t *testing.T) {
	s, _, _ := newStore(t)
	claimed, _, _, err := s.Claim(ctx, "k1", "w1", 100*time.Millisecond)
	if err != nil || !claimed {
		t.Fatalf("first claim: %v %v", claimed, err)
	}
	claimed, rec, _, _ := s.Claim(ctx, "k1", "w2", time.Second)
	if claimed || rec.State != dispatch.SendSending || rec.Owner != "w1" {
		t.Fatalf("claim held by w1 must not be taken: claimed=%v rec=%+v", claimed, rec)
	}
	time.Sleep(150 * time.Millisecond)
	claimed, _, prev, _ := s.Claim(ctx, "k1", "w2", time.Second)
	if !claimed || prev.State != dispatch.SendSending || prev.Owner != "w1" {
		t.Fatalf("an expired claim must be taken over with the previous record: claimed=%v prev=%+v", claimed, prev)
	}
	if err := s.Finish(ctx, "k1", dispatch.SendRecord{State: dispatch.SendSent, Owner: "w2", Since: time.Now(), MessageID: "SM9"}); err != nil {
		t.Fatal(err)
	}
	claimed, rec, _, _ = s.Claim(ctx, "k1", "w3", time.Second)
	if claimed || rec.State != dispatch.SendSent || rec.MessageID != "SM9" {
		t.Errorf("a sent message must never be claimed again: claimed=%v rec=%+v", claimed, rec)
	}
}

func TestRedisDownIsUnavailable(t *testing.T) {
	s, _, srv := newStore(t)
	srv.Kill()
	_, _, err := s.Create(ctx, fireEvents("inc-1", "TT-0001"), nil, dispatch.Idempotency{})
	if !errors.Is(err, dispatch.ErrUnavailable) {
		t.Errorf("create with Redis down: want ErrUnavailable, got %v", err)
	}
	if _, err := s.Get(ctx, "inc-1"); !errors.Is(err, dispatch.ErrUnavailable) {
		t.Errorf("get with Redis down: want ErrUnavailable, got %v", err)
	}
	if err := s.Ping(ctx); !errors.Is(err, dispatch.ErrUnavailable) {
		t.Errorf("ping: %v", err)
	}
}
