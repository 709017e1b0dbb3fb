// Package redisstore keeps incidents, their event logs, the agencies'
// assignment queues and the SMS send ledger in Redis. Writes that belong
// together go in one Lua script or one MULTI/EXEC transaction.
package redisstore

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// Store implements dispatch.Store, dispatch.Queue and dispatch.Ledger on one Redis.
type Store struct {
	rdb   redis.UniversalClient
	keys  keys
	opt   Options
	dict  *dict
	codes *codeMark
}

// Options tunes the store.
type Options struct {
	// Prefix starts every key; default "sigap:". Lets several deployments share a Redis.
	Prefix string
	// Agencies whose queues (and consumer groups) are created by Init.
	Agencies []agencies.AgencyID
	// IdempotencyTTL is how long an idempotency key is remembered; default 24h.
	IdempotencyTTL int64 // seconds
	// ClaimIdle is how long an entry may stay unacknowledged before another
	// worker takes it over (XAUTOCLAIM); default 5s. A live worker keeps the
	// entries it is working on claimed (Touch), so only a dead or frozen
	// instance's entries are taken over.
	ClaimIdleMillis int64
	// Location is the city's time zone: report days are its days. Default WIB.
	Location *time.Location
	// CallProcessing is the charter's target for call processing (reports).
	CallProcessing time.Duration
	// MinReplicas, ReplicaWait, OnFewReplicas: see replicas.go.
	MinReplicas   int
	ReplicaWait   time.Duration
	OnFewReplicas func(connected, want int)
}

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return o.Location
}

// New returns a store; call Init before use.
func New(rdb redis.UniversalClient, opt Options) *Store {
	if opt.Prefix == "" {
		opt.Prefix = "sigap:"
	}
	if opt.IdempotencyTTL <= 0 {
		opt.IdempotencyTTL = 24 * 3600
	}
	if opt.ClaimIdleMillis <= 0 {
		opt.ClaimIdleMillis = 5_000
	}
	k := keys{p: opt.Prefix}
	return &Store{rdb: rdb, keys: k, opt: opt, dict: &dict{rdb: rdb, keys: k, ids: map[string]uint16{}, names: map[uint16]string{}},
		codes: &codeMark{}}
}

// Init creates each agency's queue stream and consumer group if missing.
func (s *Store) Init(ctx context.Context) error {
	for _, a := range s.opt.Agencies {
		if err := s.ensureGroup(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// ensureGroup creates an agency's queue stream and consumer group if missing.
func (s *Store) ensureGroup(ctx context.Context, a agencies.AgencyID) error {
	err := s.rdb.XGroupCreateMkStream(ctx, s.keys.queue(a), group, "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return unavailable("create queue "+string(a), err)
	}
	return nil
}

// CheckQueues reports an error naming the first agency whose queue has no
// consumer group: entries queued there would reach nobody (/readyz).
func (s *Store) CheckQueues(ctx context.Context) error {
	for _, a := range s.opt.Agencies {
		groups, err := s.rdb.XInfoGroups(ctx, s.keys.queue(a)).Result()
		if err != nil && !strings.Contains(err.Error(), "no such key") {
			return unavailable("check queue "+string(a), err)
		}
		found := false
		for _, g := range groups {
			found = found || g.Name == group
		}
		if !found {
			return fmt.Errorf("queue %s has no consumer group: %w", a, dispatch.ErrUnavailable)
		}
	}
	return nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return unavailable("ping", err)
	}
	return nil
}

const group = "notifier"

type keys struct{ p string }

func (k keys) incident(id dispatch.IncidentID) string { return k.p + "incident:" + string(id) }
func (k keys) events(id dispatch.IncidentID) string {
	return k.p + "incident:" + string(id) + ":events"
}
func (k keys) eventKeys(id dispatch.IncidentID) string {
	return k.p + "incident:" + string(id) + ":evkeys"
}
func (k keys) code(code string) string             { return k.p + "code:" + strings.ToUpper(code) }
func (k keys) open() string                        { return k.p + "incidents:open" }
func (k keys) all() string                         { return k.p + "incidents:all" }
func (k keys) seq() string                         { return k.p + "seq:incident" }
func (k keys) idem(key string) string              { return k.p + "idem:" + key }
func (k keys) queue(a agencies.AgencyID) string    { return k.p + "queue:" + string(a) }
func (k keys) dead(a agencies.AgencyID) string     { return k.p + "queue:" + string(a) + ":dead" }
func (k keys) ledger(key string) string            { return k.p + "sms:" + key }
func (k keys) byAgency(a agencies.AgencyID) string { return k.p + "incidents:agency:" + string(a) }
func (k keys) callerCalls(phone string) string     { return k.p + "calls:caller:" + phone }
func (k keys) calls() string                       { return k.p + "calls" }
func (k keys) callData() string                    { return k.p + "calls:data" }
func (k keys) channel() string                     { return k.p + "events" }
func (k keys) timers() string                      { return k.p + "timers" }
func (k keys) timerData() string                   { return k.p + "timers:data" }
func (k keys) sid(id agencies.MessageID) string    { return k.p + "sid:" + string(id) }

// unavailable marks a Redis failure as dispatch.ErrUnavailable.
func unavailable(op string, err error) error {
	return fmt.Errorf("%s: %w: %v", op, dispatch.ErrUnavailable, err)
}

//go:embed create.lua
var createSrc string

var createScript = redis.NewScript(createSrc)

type idemRecord struct {
	ID   dispatch.IncidentID `json:"id"`
	Hash string              `json:"hash"`
}

// Create implements dispatch.Store.
func (s *Store) Create(ctx context.Context, events []dispatch.Event, timers []dispatch.Timer, idem dispatch.Idempotency) (*dispatch.Incident, bool, error) {
	for i := range events {
		events[i].Seq = i + 1
	}
	inc, err := dispatch.Rebuild(events)
	if err != nil {
		return nil, false, err
	}
	incJSON, err := json.Marshal(inc)
	if err != nil {
		return nil, false, err
	}
	keyList := []string{s.keys.idem(idem.Key), s.keys.incident(inc.ID), s.keys.events(inc.ID), s.keys.code(inc.Code),
		s.keys.open(), s.keys.all(), s.keys.timers(), s.keys.timerData(),
		s.keys.callerCalls(inc.CallerPhone), s.keys.calls(), s.keys.callData()}
	args := []any{boolArg(idem.Key != ""), idem.Hash, string(inc.ID), incJSON, inc.ReceivedAt.UnixMilli(), s.opt.IdempotencyTTL, len(events)}
	for _, ev := range events {
		b, err := json.Marshal(ev)
		if err != nil {
			return nil, false, err
		}
		args = append(args, b)
	}
	args = append(args, len(timers))
	for _, t := range timers {
		b, err := json.Marshal(t)
		if err != nil {
			return nil, false, err
		}
		args = append(args, t.ID(), t.Due.UnixMilli(), b)
	}
	call, err := json.Marshal(dispatch.Call{ID: string(inc.ID), Type: dispatch.CallEmergency, CallerPhone: inc.CallerPhone,
		At: inc.ReceivedAt, Actor: events[0].Actor, IncidentID: inc.ID, IncidentCode: inc.Code})
	if err != nil {
		return nil, false, err
	}
	note, err := json.Marshal(s.notice(inc, events[len(events)-1]))
	if err != nil {
		return nil, false, err
	}
	args = append(args, call, s.keys.channel(), note)
	for _, a := range inc.Assignments {
		keyList = append(keyList, s.keys.queue(a.Agency), s.keys.byAgency(a.Agency))
		args = append(args, string(a.Agency), string(a.Station))
	}
	res, err := s.runCreate(ctx, keyList, args)
	if err != nil {
		return nil, false, unavailable("create incident "+inc.Code, err)
	}
	if created, _ := res[0].(int64); created == 1 {
		// Report records follow in their own write: should this one fail, the
		// incident's next event rewrites them (or `sigap reports rebuild`).
		_ = s.projectCreate(ctx, inc, events)
		return inc, true, nil
	}
	prev, _ := res[1].(string)
	first, err := s.fromIdem(ctx, prev, idem)
	return first, false, err
}

func boolArg(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Lookup implements dispatch.Store.
func (s *Store) Lookup(ctx context.Context, idem dispatch.Idempotency) (*dispatch.Incident, error) {
	raw, err := s.rdb.Get(ctx, s.keys.idem(idem.Key)).Result()
	if errors.Is(err, redis.Nil) {
		return nil, dispatch.ErrIncidentNotFound
	}
	if err != nil {
		return nil, unavailable("idempotency lookup", err)
	}
	return s.fromIdem(ctx, raw, idem)
}

func (s *Store) fromIdem(ctx context.Context, raw string, idem dispatch.Idempotency) (*dispatch.Incident, error) {
	var rec idemRecord
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return nil, fmt.Errorf("idempotency record %q: %w", idem.Key, err)
	}
	if rec.Hash != idem.Hash {
		return nil, dispatch.ErrIdempotencyConflict
	}
	return s.Get(ctx, string(rec.ID))
}
