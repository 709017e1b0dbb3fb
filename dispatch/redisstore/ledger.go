package redisstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// ledgerTTL bounds how long a send record is kept: far longer than any
// redelivery can happen.
const ledgerTTL = 30 * 24 * time.Hour

// claimScript takes a send claim when there is no record or the record is an
// expired "sending" claim (its worker died). The record keeps the first
// claim's time so the provider is asked about the whole window.
var claimScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) -- Redis's clock: one clock for every instance
local lease = tonumber(ARGV[3])
if not cur then
  redis.call('SET', KEYS[1], cjson.encode({state='sending', owner=ARGV[1], since=ARGV[4], lease_until=now+lease}), 'PX', ARGV[5])
  return {1, '', ''}
end
local r = cjson.decode(cur)
if r.state == 'sending' and (r.lease_until == nil or tonumber(r.lease_until) < now) then
  redis.call('SET', KEYS[1], cjson.encode({state='sending', owner=ARGV[1], since=r.since, lease_until=now+lease}), 'PX', ARGV[5])
  return {1, '', cur}
end
return {0, cur, ''}
`)

type ledgerDoc struct {
	State      dispatch.SendState   `json:"state"`
	Owner      string               `json:"owner"`
	Since      string               `json:"since"`
	MessageID  string               `json:"message_id,omitempty"`
	Error      string               `json:"error,omitempty"`
	LeaseUntil int64                `json:"lease_until,omitempty"`
	IncidentID dispatch.IncidentID  `json:"incident_id,omitempty"`
	Agency     agencies.AgencyID    `json:"agency,omitempty"`
	Responder  agencies.ResponderID `json:"responder,omitempty"`
	Attempt    int                  `json:"attempt,omitempty"`
}

func (d ledgerDoc) record() dispatch.SendRecord {
	since, _ := time.Parse(time.RFC3339Nano, d.Since)
	return dispatch.SendRecord{State: d.State, Owner: d.Owner, Since: since, MessageID: agencies.MessageID(d.MessageID), Error: d.Error,
		IncidentID: d.IncidentID, Agency: d.Agency, Responder: d.Responder, Attempt: d.Attempt}
}

// Claim implements dispatch.Ledger.
func (s *Store) Claim(ctx context.Context, key, owner string, lease time.Duration) (bool, dispatch.SendRecord, dispatch.SendRecord, error) {
	now := time.Now()
	res, err := claimScript.Run(ctx, s.rdb, []string{s.keys.ledger(key)},
		owner, now.UnixMilli(), lease.Milliseconds(), now.UTC().Format(time.RFC3339Nano), ledgerTTL.Milliseconds()).Slice()
	if err != nil {
		return false, dispatch.SendRecord{}, dispatch.SendRecord{}, unavailable("claim "+key, err)
	}
	claimed, _ := res[0].(int64)
	cur, prev := decodeLedger(res[1]), decodeLedger(res[2])
	return claimed == 1, cur, prev, nil
}

func decodeLedger(v any) dispatch.SendRecord {
	s, _ := v.(string)
	if s == "" {
		return dispatch.SendRecord{}
	}
	var d ledgerDoc
	if json.Unmarshal([]byte(s), &d) != nil {
		return dispatch.SendRecord{}
	}
	return d.record()
}

// Finish implements dispatch.Ledger.
func (s *Store) Finish(ctx context.Context, key string, rec dispatch.SendRecord) error {
	b, err := json.Marshal(ledgerDoc{State: rec.State, Owner: rec.Owner, Since: rec.Since.UTC().Format(time.RFC3339Nano),
		MessageID: string(rec.MessageID), Error: rec.Error, IncidentID: rec.IncidentID, Agency: rec.Agency,
		Responder: rec.Responder, Attempt: rec.Attempt})
	if err != nil {
		return err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.keys.ledger(key), b, ledgerTTL)
		if rec.MessageID != "" {
			p.Set(ctx, s.keys.sid(rec.MessageID), b, ledgerTTL)
		}
		return nil
	})
	if err != nil {
		return unavailable("record send "+key, err)
	}
	return nil
}

// ByMessageID implements dispatch.Ledger.
func (s *Store) ByMessageID(ctx context.Context, id agencies.MessageID) (dispatch.SendRecord, bool, error) {
	raw, err := s.rdb.Get(ctx, s.keys.sid(id)).Result()
	if err == redis.Nil {
		return dispatch.SendRecord{}, false, nil
	}
	if err != nil {
		return dispatch.SendRecord{}, false, unavailable("find message "+string(id), err)
	}
	return decodeLedger(raw), true, nil
}

// Record reads a send record (tests and the console).
func (s *Store) Record(ctx context.Context, key string) (dispatch.SendRecord, bool, error) {
	raw, err := s.rdb.Get(ctx, s.keys.ledger(key)).Result()
	if err == redis.Nil {
		return dispatch.SendRecord{}, false, nil
	}
	if err != nil {
		return dispatch.SendRecord{}, false, unavailable("read send "+key, err)
	}
	return decodeLedger(raw), true, nil
}
