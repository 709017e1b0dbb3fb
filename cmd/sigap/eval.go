package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/callsim"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
)

// evalCommand runs `sigap eval hoax`: a labelled synthetic stream replayed
// through the real intake on a real Redis (REDIS_URL, or a redis-server
// started in a temporary directory), printing the figures and the targets.
func evalCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "hoax" {
		return errors.New("usage: sigap eval hoax [-days N] [-calls N] [-events N] [-pranksters N] [-seed N]")
	}
	fs := flag.NewFlagSet("sigap eval hoax", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := callsim.Config{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Withheld: 0.1}
	fs.IntVar(&cfg.Days, "days", 3, "days of calls")
	fs.IntVar(&cfg.CallsPerDay, "calls", 1500, "calls per day")
	fs.IntVar(&cfg.Events, "events", 40, "real incidents per day (each with 1–4 callers)")
	fs.IntVar(&cfg.Pranksters, "pranksters", 25, "numbers that prank again and again")
	fs.Int64Var(&cfg.Seed, "seed", 112, "random seed (same seed, same stream)")
	configDir := fs.String("config-dir", getenv("SIGAP_CONFIG_DIR"), "deployment directory (default: embedded Tebing Tinggi)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	fsys, dir := deploymentFS(*configDir)
	dep, err := dispatch.LoadDeployment(fsys, dir)
	if err != nil {
		return err
	}
	rdb, stop, err := evalRedis(ctx, getenv("REDIS_URL"))
	if err != nil {
		return err
	}
	defer stop()
	store := dredis.New(rdb, dredis.Options{Prefix: fmt.Sprintf("sigap-eval-%d:", time.Now().UnixNano()), Agencies: deploymentAgencies(dep)})
	if err := store.Init(ctx); err != nil {
		return err
	}
	now := cfg.Start
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "EV", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: store, Timers: store, Calls: store, Callers: store, Hoax: dep.Hoax, Taxonomy: dep.Taxonomy,
		Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	svc.SetClock(func() time.Time { return now })
	for _, v := range dep.Atlas.Villages() {
		if c := v.Shape.Centroid(); v.Shape.Contains(c) {
			cfg.Places = append(cfg.Places, [2]float64{c[1], c[0]})
		}
	}
	stream := callsim.Generate(cfg)
	fmt.Fprintf(stdout, "sigap eval hoax: %d days, %d calls/day, %d incidents/day, %d pranksters, seed %d, deployment %s\n",
		cfg.Days, cfg.CallsPerDay, cfg.Events, cfg.Pranksters, cfg.Seed, dep.City.Name)
	started := time.Now()
	res, err := callsim.Replay(ctx, svc, func(t time.Time) { now = t }, stream)
	if err != nil {
		return err
	}
	ok := res.Print(stdout)
	fmt.Fprintf(stdout, "replayed in %v\n", time.Since(started).Round(time.Millisecond))
	if !ok {
		return errors.New("a target was missed")
	}
	return nil
}

// evalRedis connects to REDIS_URL or starts a throw-away redis-server.
func evalRedis(ctx context.Context, url string) (*redis.Client, func(), error) {
	if url != "" {
		c, err := redisstore.Connect(redisstore.Target{URL: url})
		if err != nil {
			return nil, nil, err
		}
		return c, func() { _ = c.Close() }, nil
	}
	dir, err := os.MkdirTemp("", "sigap-eval-")
	if err != nil {
		return nil, nil, err
	}
	e, err := redisstore.StartServer(ctx, redisstore.ServerOptions{Dir: dir})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("the evaluation needs a real Redis (set REDIS_URL or install redis-server): %w", err)
	}
	c, err := redisstore.Connect(redisstore.Target{URL: e.URL})
	if err != nil {
		_ = e.Close()
		return nil, nil, err
	}
	return c, func() { _ = c.Close(); _ = e.Close(); _ = os.RemoveAll(dir) }, nil
}

func deploymentAgencies(dep *dispatch.Deployment) []agencies.AgencyID {
	var ids []agencies.AgencyID
	for _, a := range dep.Directory.Agencies() {
		ids = append(ids, a.ID)
	}
	return ids
}
