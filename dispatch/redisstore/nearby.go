package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
)

// The duplicate index: one GEO set per duplicate group and hour of reception
// (so a search looks only at compatible incidents of the hours of its
// window, each a sorted-set range search), and one
// sorted set of incidents per caller number. Members of the GEO sets are the
// incident id (its point) or "id#n" (the n-th linked caller's point).
func (k keys) nearbyHour(layer string, h int64) string {
	return k.p + "nearby:geo:" + layer + ":" + strconv.FormatInt(h, 10)
}
func (k keys) nearbyCaller(p string) string { return k.p + "nearby:caller:" + p }

func hourOf(t time.Time) int64 { return t.Unix() / 3600 }

// Index implements dispatch.Nearby.
func (s *Store) Index(ctx context.Context, inc *dispatch.Incident, layer string, keep time.Duration) error {
	ttl := keep + time.Hour
	geoKey := s.keys.nearbyHour(layer, hourOf(inc.ReceivedAt))
	locs := []*redis.GeoLocation{{Name: string(inc.ID), Longitude: inc.Location.Lon, Latitude: inc.Location.Lat}}
	phones := []string{inc.CallerPhone}
	for i, c := range inc.Callers {
		if c.Lat != 0 || c.Lon != 0 {
			locs = append(locs, &redis.GeoLocation{Name: fmt.Sprintf("%s#%d", inc.ID, i), Longitude: c.Lon, Latitude: c.Lat})
		}
		phones = append(phones, c.Phone)
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.GeoAdd(ctx, geoKey, locs...)
		p.Expire(ctx, geoKey, ttl)
		for _, ph := range phones {
			if ph == "" || ph == dispatch.Withheld {
				continue
			}
			k := s.keys.nearbyCaller(ph)
			p.ZAdd(ctx, k, redis.Z{Score: float64(inc.ReceivedAt.UnixMilli()), Member: string(inc.ID)})
			p.Expire(ctx, k, ttl)
		}
		return nil
	})
	if err != nil {
		return unavailable("index incident "+inc.Code, err)
	}
	return nil
}

// Near implements dispatch.Nearby.
func (s *Store) Near(ctx context.Context, layer string, pt dispatch.Point, radiusM float64, since, until time.Time, limit int) ([]*dispatch.Incident, error) {
	from, to := hourOf(since), hourOf(until)
	if to-from > 24*14 {
		return nil, fmt.Errorf("nearby search over %d hours: window too long", to-from)
	}
	cmds := make([]*redis.StringSliceCmd, 0, to-from+1)
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for h := from; h <= to; h++ {
			cmds = append(cmds, p.GeoSearch(ctx, s.keys.nearbyHour(layer, h), &redis.GeoSearchQuery{
				Longitude: pt.Lon, Latitude: pt.Lat, Radius: radiusM, RadiusUnit: "m", Sort: "ASC", Count: limit}))
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, unavailable("nearby search", err)
	}
	seen := map[string]bool{}
	var ids []string
	for _, c := range cmds {
		for _, m := range c.Val() {
			id, _, _ := strings.Cut(m, "#")
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return s.recent(ctx, ids, since, until)
}

// ByCaller implements dispatch.Nearby.
func (s *Store) ByCaller(ctx context.Context, phone string, since time.Time) ([]*dispatch.Incident, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.nearbyCaller(phone), &redis.ZRangeBy{
		Min: strconv.FormatInt(since.UnixMilli(), 10), Max: "+inf"}).Result()
	if err != nil {
		return nil, unavailable("incidents of a caller", err)
	}
	return s.recent(ctx, ids, since, time.Time{})
}

// recent reads incidents and keeps those received in [since, until].
func (s *Store) recent(ctx context.Context, ids []string, since, until time.Time) ([]*dispatch.Incident, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	incs, err := s.readMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := incs[:0]
	for _, inc := range incs {
		if !inc.ReceivedAt.Before(since) && (until.IsZero() || !inc.ReceivedAt.After(until)) {
			out = append(out, inc)
		}
	}
	return out, nil
}

// Reindex implements dispatch.Nearby: every incident received since is
// indexed again from the store (idempotent).
func (s *Store) Reindex(ctx context.Context, since time.Time, keep time.Duration, layer func(*dispatch.Incident) string) (int, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.all(), &redis.ZRangeBy{
		Min: strconv.FormatInt(since.UnixMilli(), 10), Max: "+inf"}).Result()
	if err != nil {
		return 0, unavailable("reindex", err)
	}
	n := 0
	for start := 0; start < len(ids); start += 500 {
		incs, err := s.readMany(ctx, ids[start:min(start+500, len(ids))])
		if err != nil {
			return n, err
		}
		for _, inc := range incs {
			if err := s.Index(ctx, inc, layer(inc), keep); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
