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

// Add stores a new version and its log line (who changed which standard) together.
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
	_, err = c.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, c.prefix+"charter:versions", doc)
		p.RPush(ctx, c.prefix+"charter:log", line)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store charter version %d: %w", v.Version, err)
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
