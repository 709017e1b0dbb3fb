package main

import (
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies/redisstore"
)

// redisTarget is the Redis this process uses: url (REDIS_URL, or the
// embedded server's), or the Sentinel-watched master of
// SIGAP_REDIS_SENTINELS/SIGAP_REDIS_MASTER.
func (o Options) redisTarget(url string) redisstore.Target {
	t := redisstore.Target{URL: url, Master: o.RedisMaster}
	for _, s := range strings.Split(o.Sentinels, ",") {
		if s = strings.TrimSpace(s); s != "" {
			t.Sentinels = append(t.Sentinels, s)
		}
	}
	return t
}

// usesSentinel reports whether Redis is reached through Sentinel (then no
// embedded server is started).
func (o Options) usesSentinel() bool { return o.Sentinels != "" || o.RedisMaster != "" }

// newRedisClient is how the server and the command-line tools make their
// client: one constructor for a single server and for Sentinel.
func (o Options) newRedisClient(url string) (*redis.Client, error) {
	return redisstore.Connect(o.redisTarget(url))
}

// validateRedis checks the Redis settings before anything starts.
func (o Options) validateRedis() []error {
	var errs []error
	if err := o.redisTarget(o.RedisURL).Validate(); err != nil {
		errs = append(errs, err)
	}
	if o.MinReplicas > 0 && o.RedisURL == "" && !o.usesSentinel() {
		errs = append(errs, errors.New("SIGAP_REDIS_MIN_REPLICAS: needs a replicated Redis (REDIS_URL or SIGAP_REDIS_SENTINELS); the embedded server has no replica"))
	}
	return errs
}

// maskRedisURL hides passwords for the start-up log.
func maskRedisURL(o Options) string {
	if o.RedisURL == "" && !o.usesSentinel() {
		return ""
	}
	return o.redisTarget(o.RedisURL).Describe()
}

// fewReplicas is told when an incident was accepted with fewer replicas
// than SIGAP_REDIS_MIN_REPLICAS because fewer are connected (see
// dispatch/redisstore/replicas.go): someone must bring a replica back.
func (a *App) fewReplicas(connected, want int) {
	a.log.Warn("incident accepted with fewer Redis replicas than required: only these are connected; restore a replica",
		zap.Int("connected", connected), zap.Int("min_replicas", want))
}
