package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/callsim"
	"github.com/sigap112/sigap/dispatch/deployment"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
)

// evalProfiles are the streams `sigap eval hoax` replays: a mid-size city,
// a dense city (3,000 calls a day, as the independent check used)
// and Kota Tebing Tinggi's own rates (~6,100 calls in 11 months, ~1 % real).
var evalProfiles = map[string]callsim.Config{
	"city": {Days: 3, CallsPerDay: 1500, Events: 40, Pranksters: 25, Withheld: 0.1, FamilyPhones: 0.03, OneOffFakes: 3, Callbacks: 0.1},
	"dense": {Days: 3, CallsPerDay: 3000, Events: 150, Pranksters: 60, Withheld: 0.1, FamilyPhones: 0.03, OneOffFakes: 10,
		Callbacks: 0.1},
	"tebingtinggi": {Days: 90, CallsPerDay: 18, Events: 0.3, Pranksters: 4, Withheld: 0.1, FamilyPhones: 0.05, OneOffFakes: 0.2,
		Callbacks: 0.1},
}

var evalOrder = []string{"city", "dense", "tebingtinggi"}

var evalVerbose = new(bool)

// evalCommand runs `sigap eval hoax`: labelled synthetic streams replayed
// through the real intake on a real Redis (REDIS_URL, or a redis-server
// started in a temporary directory), printing the figures and the targets
// for each profile and seed.
func evalCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "classify" {
		return evalClassify(args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "hoax" {
		return errors.New("usage: sigap eval hoax [-profile city|dense|tebingtinggi|all] [-seeds 1,2,3] [-days N] [-calls N] [-events N] [-pranksters N]\n       sigap eval classify")
	}
	fs := flag.NewFlagSet("sigap eval hoax", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := fs.String("profile", "all", "stream profile: city, dense, tebingtinggi or all")
	seeds := fs.String("seeds", "112", "random seeds, comma-separated (same seed, same stream)")
	fs.BoolVar(evalVerbose, "v", false, "list every wrong link")
	var over callsim.Config
	fs.IntVar(&over.Days, "days", 0, "days of calls (default: the profile's)")
	fs.IntVar(&over.CallsPerDay, "calls", 0, "calls per day (default: the profile's)")
	fs.Float64Var(&over.Events, "events", 0, "real incidents per day, each with 1–4 callers (default: the profile's)")
	fs.IntVar(&over.Pranksters, "pranksters", 0, "numbers that prank again and again (default: the profile's)")
	fs.BoolVar(&over.NoAddresses, "no-addresses", false, "no caller names a street (only points are compared)")
	configDir := fs.String("config-dir", getenv("SIGAP_CONFIG_DIR"), "deployment directory (default: embedded Tebing Tinggi)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	names := evalOrder
	if *profile != "all" {
		if _, ok := evalProfiles[*profile]; !ok {
			return fmt.Errorf("-profile: unknown profile %q (city, dense, tebingtinggi, all)", *profile)
		}
		names = []string{*profile}
	}
	var seedList []int64
	for _, f := range strings.Split(*seeds, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return fmt.Errorf("-seeds: %q is not a number", f)
		}
		seedList = append(seedList, n)
	}
	fsys, dir := deploymentFS(*configDir)
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return err
	}
	rdb, stop, err := evalRedis(ctx, getenv("REDIS_URL"))
	if err != nil {
		return err
	}
	defer stop()
	missed := 0
	for _, name := range names {
		for _, seed := range seedList {
			cfg := withOverrides(evalProfiles[name], over)
			cfg.Seed, cfg.Start = seed, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			ok, err := evalRun(ctx, rdb, dep, name, cfg, stdout)
			if err != nil {
				return err
			}
			if !ok {
				missed++
			}
		}
	}
	if missed > 0 {
		return fmt.Errorf("%d runs missed a target", missed)
	}
	return nil
}

func withOverrides(cfg, over callsim.Config) callsim.Config {
	if over.Days > 0 {
		cfg.Days = over.Days
	}
	if over.CallsPerDay > 0 {
		cfg.CallsPerDay = over.CallsPerDay
	}
	if over.Events > 0 {
		cfg.Events = over.Events
	}
	if over.Pranksters > 0 {
		cfg.Pranksters = over.Pranksters
	}
	cfg.NoAddresses = cfg.NoAddresses || over.NoAddresses
	return cfg
}

// evalRun replays one stream on a fresh key space.
func evalRun(ctx context.Context, rdb *redis.Client, dep *deployment.Deployment, name string, cfg callsim.Config, stdout io.Writer) (bool, error) {
	store := dredis.New(rdb, dredis.Options{Prefix: fmt.Sprintf("sigap-eval-%d:", time.Now().UnixNano()), Agencies: deploymentAgencies(dep)})
	if err := store.Init(ctx); err != nil {
		return false, err
	}
	now := cfg.Start
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "EV", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: store, Timers: store, Calls: store, Callers: store, Nearby: store, Hoax: dep.Hoax, Taxonomy: dep.Taxonomy,
		Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	svc.SetClock(func() time.Time { return now })
	for _, v := range dep.Atlas.Villages() {
		if c := v.Shape.Centroid(); v.Shape.Contains(c) {
			cfg.Places = append(cfg.Places, [2]float64{c[1], c[0]})
		}
	}
	stream := callsim.Generate(cfg)
	fmt.Fprintf(stdout, "\n== sigap eval hoax: profile %s, seed %d: %d days, %d calls/day, %g real incidents/day, %d pranksters, %g one-off fakes/day, deployment %s\n",
		name, cfg.Seed, cfg.Days, cfg.CallsPerDay, cfg.Events, cfg.Pranksters, cfg.OneOffFakes, dep.City.Name)
	started := time.Now()
	res, err := callsim.Replay(ctx, svc, func(t time.Time) { now = t }, stream)
	if err != nil {
		return false, err
	}
	ok := res.Print(stdout)
	if *evalVerbose {
		for _, w := range res.WrongLinks {
			fmt.Fprintln(stdout, "  wrong link: "+w)
		}
		for _, l := range res.Lost {
			fmt.Fprintln(stdout, "  never dispatched: "+l)
		}
	}
	fmt.Fprintf(stdout, "replayed in %v\n", time.Since(started).Round(time.Millisecond))
	return ok, nil
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

func deploymentAgencies(dep *deployment.Deployment) []agencies.AgencyID {
	var ids []agencies.AgencyID
	for _, a := range dep.Directory.Agencies() {
		ids = append(ids, a.ID)
	}
	return ids
}
