package redisstore

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Target says which Redis Sigap uses: one server, or the master a set of
// Redis Sentinels watches (high availability: the client follows a failover).
type Target struct {
	// URL is one of
	//   redis://[user:pass@]host:port[/db]    one server (also rediss://, unix://)
	//   redis-sentinel://[:pass@]h1:26379,h2:26379,h3:26379/MASTER[/db][?params]
	//     (also redis+sentinel://); pass is the master's password, the
	//     sentinels' goes in ?sentinel_password=
	//   redis://h1:26379?master_name=MASTER&addr=h2:26379&addr=h3:26379
	//     go-redis's own Sentinel form (redis.ParseFailoverURL)
	URL string
	// Sentinels and Master are the Sentinel form without a URL
	// (SIGAP_REDIS_SENTINELS, SIGAP_REDIS_MASTER); then URL must be empty.
	Sentinels []string
	Master    string
}

// Sentinel reports whether the target is a Sentinel-watched master.
func (t Target) Sentinel() bool {
	if len(t.Sentinels) > 0 || t.Master != "" {
		return true
	}
	if isSentinelScheme(t.URL) {
		return true
	}
	u, err := url.Parse(t.URL)
	return err == nil && u.Query().Has("master_name")
}

func isSentinelScheme(s string) bool {
	return strings.HasPrefix(s, "redis-sentinel://") || strings.HasPrefix(s, "redis+sentinel://")
}

// Connect returns the client of t: the one place Sigap makes a Redis
// client, so every part follows a Sentinel failover alike.
func Connect(t Target) (*redis.Client, error) {
	if !t.Sentinel() {
		if t.URL == "" {
			return nil, errors.New("redis: no URL and no sentinels")
		}
		opt, err := redis.ParseURL(t.URL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		return redis.NewClient(opt), nil
	}
	fo, err := t.failoverOptions()
	if err != nil {
		return nil, err
	}
	return redis.NewFailoverClient(fo), nil
}

// Validate checks the target without connecting; an empty target (the
// embedded server) is valid.
func (t Target) Validate() error {
	if t.Sentinel() {
		_, err := t.failoverOptions()
		return err
	}
	if t.URL == "" {
		return nil
	}
	_, err := redis.ParseURL(t.URL)
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	return nil
}

// failoverOptions reads the Sentinel forms.
func (t Target) failoverOptions() (*redis.FailoverOptions, error) {
	if len(t.Sentinels) > 0 || t.Master != "" {
		if t.URL != "" {
			return nil, errors.New("SIGAP_REDIS_SENTINELS: set either REDIS_URL or SIGAP_REDIS_SENTINELS with SIGAP_REDIS_MASTER, not both")
		}
		if len(t.Sentinels) == 0 || t.Master == "" {
			return nil, errors.New("SIGAP_REDIS_SENTINELS and SIGAP_REDIS_MASTER: both are needed")
		}
		for _, a := range t.Sentinels {
			if h, p, err := net.SplitHostPort(a); err != nil || h == "" || p == "" {
				return nil, fmt.Errorf("SIGAP_REDIS_SENTINELS: %q is not host:port", a)
			}
		}
		return &redis.FailoverOptions{MasterName: t.Master, SentinelAddrs: t.Sentinels}, nil
	}
	if !isSentinelScheme(t.URL) {
		fo, err := redis.ParseFailoverURL(t.URL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		return checkFailover(fo)
	}
	return parseSentinelURL(t.URL)
}

// parseSentinelURL reads redis-sentinel://[:pass@]h1,h2,h3/MASTER[/db]?params
// by rewriting it into go-redis's form, so the query parameters (timeouts,
// pool) mean exactly what they mean there. net/url cannot parse a host
// list, so the authority is split here.
func parseSentinelURL(raw string) (*redis.FailoverOptions, error) {
	rest := raw[strings.Index(raw, "://")+3:]
	rest, rawQuery, _ := strings.Cut(rest, "?")
	authority, path, _ := strings.Cut(rest, "/")
	var user *url.Userinfo
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		u, err := url.Parse("redis://" + authority[:i+1] + "x")
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: user info: %w", err)
		}
		user, authority = u.User, authority[i+1:]
	}
	hosts := strings.Split(authority, ",")
	if authority == "" {
		return nil, errors.New("REDIS_URL: a Sentinel URL needs the sentinels, e.g. redis-sentinel://s1:26379,s2:26379,s3:26379/mymaster")
	}
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	if len(parts) == 0 || len(parts) > 2 {
		return nil, fmt.Errorf("REDIS_URL: path %q must be /MASTER or /MASTER/DB", "/"+path)
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	sentinelPassword := q.Get("sentinel_password")
	q.Del("sentinel_password")
	q.Set("master_name", parts[0])
	if len(parts) == 2 {
		q.Set("db", parts[1])
	}
	if pw, ok := user.Password(); ok && user != nil {
		q.Set("password", pw)
	}
	for i, h := range hosts {
		if _, _, err := net.SplitHostPort(h); err != nil {
			hosts[i] = net.JoinHostPort(h, "26379")
		}
	}
	for _, h := range hosts[1:] {
		q.Add("addr", h)
	}
	first := hosts[0]
	fo, err := redis.ParseFailoverURL((&url.URL{Scheme: "redis", Host: first, RawQuery: q.Encode()}).String())
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	fo.SentinelPassword = sentinelPassword
	return checkFailover(fo)
}

func checkFailover(fo *redis.FailoverOptions) (*redis.FailoverOptions, error) {
	if fo.MasterName == "" {
		return nil, errors.New("REDIS_URL: the Sentinel form needs the master's name (master_name)")
	}
	if fo.ReplicaOnly {
		return nil, errors.New("REDIS_URL: replica_only: Sigap writes, it needs the master")
	}
	return fo, nil
}

// Describe is the target for the start-up log, without secrets.
func (t Target) Describe() string {
	if len(t.Sentinels) > 0 {
		return fmt.Sprintf("sentinel master %q via %s", t.Master, strings.Join(t.Sentinels, ","))
	}
	if t.Sentinel() {
		if fo, err := t.failoverOptions(); err == nil {
			return fmt.Sprintf("sentinel master %q via %s", fo.MasterName, strings.Join(fo.SentinelAddrs, ","))
		}
	}
	if t.Sentinel() {
		return "(invalid Sentinel URL)"
	}
	u, err := url.Parse(t.URL)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User("****")
	}
	q := u.Query()
	for _, k := range []string{"password", "sentinel_password"} {
		if q.Has(k) {
			q.Set(k, "****")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
