package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
)

// Charters keeps the charter versions an admin added after the configured
// one, and the log of who changed what.
type Charters struct {
	rdb    redis.UniversalClient
	prefix string
}

// NewCharters returns the charter store under prefix (e.g. "sigap:").
func NewCharters(rdb redis.UniversalClient, prefix string) *Charters {
	return &Charters{rdb: rdb, prefix: prefix}
}

// CharterChange is one line of the charter's log.
type CharterChange struct {
	At        time.Time         `json:"at"`
	Actor     string            `json:"actor"`
	Version   int               `json:"version"`
	ValidFrom time.Time         `json:"valid_from"`
	Standard  agencies.Standard `json:"standard"`
}

// Versions returns the stored versions, oldest first.
func (c *Charters) Versions(ctx context.Context) ([]*agencies.Charter, error) {
	raws, err := c.rdb.LRange(ctx, c.prefix+"charter:versions", 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("read charter versions: %w", err)
	}
	out := make([]*agencies.Charter, 0, len(raws))
	for _, r := range raws {
		var d agencies.CharterDoc
		if err := json.Unmarshal([]byte(r), &d); err != nil {
			return nil, fmt.Errorf("decode charter version: %w", err)
		}
		out = append(out, agencies.FromDoc(d))
	}
	return out, nil
}

// addVersion numbers charter versions atomically: it stores the version
// and its log line only when the highest stored number is the one the
// version was built on (ARGV[1]), and then moves the counter on. Otherwise
// it stores nothing and returns the current number, so the caller rebuilds
// its change on top. A store written before the counter existed starts it
// at its highest stored version (1: the configured charter).
//
// KEYS: versions list, log list, counter. ARGV: base version, doc, log line.
// Returns {1, new number} or {0, current number}.
var addVersion = redis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[3]) or '0')
if cur == 0 then
  cur = 1
  for _, d in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
    local v = tonumber(cjson.decode(d)['version'])
    if v and v > cur then cur = v end
  end
end
if cur ~= tonumber(ARGV[1]) then
  return {0, cur}
end
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], cur + 1)
return {1, cur + 1}
`)

// Add stores a new version and its log line (who changed which standard)
// together. v.Version must be one more than the highest stored version;
// when another change took that number first, nothing is stored and the
// error wraps agencies.ErrCharterConflict.
func (c *Charters) Add(ctx context.Context, v *agencies.Charter, changed agencies.Standard, actor string) error {
	ch := CharterChange{At: time.Now().UTC(), Actor: actor, Version: v.Version, ValidFrom: v.ValidFrom, Standard: changed}
	doc, err := json.Marshal(v.Doc())
	if err != nil {
		return err
	}
	line, err := json.Marshal(ch)
	if err != nil {
		return err
	}
	keys := []string{c.prefix + "charter:versions", c.prefix + "charter:log", c.prefix + "charter:version"}
	res, err := addVersion.Run(ctx, c.rdb, keys, v.Version-1, doc, line).Int64Slice()
	if err != nil {
		return fmt.Errorf("store charter version %d: %w", v.Version, err)
	}
	if len(res) != 2 {
		return fmt.Errorf("store charter version %d: unexpected answer %v", v.Version, res)
	}
	if res[0] != 1 {
		return fmt.Errorf("store charter version %d: version %d is the latest: %w", v.Version, res[1], agencies.ErrCharterConflict)
	}
	return nil
}

// Log returns the changes, oldest first.
func (c *Charters) Log(ctx context.Context) ([]CharterChange, error) {
	raws, err := c.rdb.LRange(ctx, c.prefix+"charter:log", 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("read charter log: %w", err)
	}
	out := make([]CharterChange, 0, len(raws))
	for _, r := range raws {
		var ch CharterChange
		if err := json.Unmarshal([]byte(r), &ch); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}
