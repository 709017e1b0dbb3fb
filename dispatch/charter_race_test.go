package dispatch_test

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	aredis "github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
)

// Two instances of Sigap on one Redis, two admins changing a standard at the
// same moment: both changes are kept, numbered one after the other, and the
// charter in force carries both. Before versions were numbered in Redis,
// each instance numbered its change itself and 50 of 50 trials lost one.
func TestConcurrentCharterChangesOnTwoInstancesAreBothKept(t *testing.T) {
	srv := redistest.Start(t)
	dep := shipped(t)
	instance := func() *dispatch.Service {
		return dispatch.NewService(dispatch.Config{CodePrefix: "TT"}, dispatch.ServiceDeps{Store: newMemStore(),
			Hoax: dep.Hoax, Taxonomy: dep.Taxonomy, Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter,
			Charters: aredis.NewCharters(srv.Client(), "sigap:"), Log: zap.NewNop()})
	}
	a, b := instance(), instance()
	store := aredis.NewCharters(srv.Client(), "sigap:")
	const trials = 50
	for trial := range trials {
		ackA := time.Minute + time.Duration(trial+1)*time.Second
		ackB := 2*time.Minute + time.Duration(trial+1)*time.Second
		changes := []struct {
			svc   *dispatch.Service
			std   agencies.Standard
			actor string
		}{
			{a, agencies.Standard{Agency: agencies.Damkar, Category: "*", Priority: agencies.P1,
				Targets: agencies.Targets{Acknowledge: ackA, Arrive: 15 * time.Minute, Resolve: 3 * time.Hour}}, "user:ani"},
			{b, agencies.Standard{Agency: agencies.Dinkes, Category: "*", Priority: agencies.P1,
				Targets: agencies.Targets{Acknowledge: ackB, Arrive: 20 * time.Minute, Resolve: 2 * time.Hour}}, "user:budi"},
		}
		got := make([]*agencies.Charter, len(changes))
		errs := make([]error, len(changes))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, ch := range changes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				got[i], errs[i] = ch.svc.ChangeStandard(ctx, ch.std, time.Time{}, ch.actor)
			}()
		}
		close(start)
		wg.Wait()
		for i := range changes {
			if errs[i] != nil {
				t.Fatalf("trial %d: change %d: %v", trial, i, errs[i])
			}
		}
		if lo, hi := min(got[0].Version, got[1].Version), max(got[0].Version, got[1].Version); lo != 2+2*trial || hi != lo+1 {
			t.Fatalf("trial %d: versions %d and %d, want %d and %d", trial, got[0].Version, got[1].Version, 2+2*trial, 3+2*trial)
		}
		vs, err := store.Versions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2*(trial+1) {
			t.Fatalf("trial %d: %d versions stored, want %d", trial, len(vs), 2*(trial+1))
		}
		// What any instance holds in force after reading the store.
		book := agencies.NewCharterBook(dep.Charter)
		for _, v := range vs {
			book.Add(v)
		}
		now := book.At(time.Now())
		if now.Version != 3+2*trial {
			t.Errorf("trial %d: version in force %d, want the latest %d", trial, now.Version, 3+2*trial)
		}
		if tg, _ := now.Targets(agencies.Damkar, "kebakaran", agencies.P1); tg.Acknowledge != ackA {
			t.Errorf("trial %d: damkar P1 acknowledge %v, want %v: a change was lost", trial, tg.Acknowledge, ackA)
		}
		if tg, _ := now.Targets(agencies.Dinkes, "medis", agencies.P1); tg.Acknowledge != ackB {
			t.Errorf("trial %d: dinkes P1 acknowledge %v, want %v: a change was lost", trial, tg.Acknowledge, ackB)
		}
	}
	log, err := store.Log(ctx)
	if err != nil || len(log) != 2*trials {
		t.Fatalf("log: %d lines, %v; want %d", len(log), err, 2*trials)
	}
	for i, line := range log {
		if line.Version != 2+i {
			t.Errorf("log line %d has version %d, want %d (in order)", i, line.Version, 2+i)
		}
	}
}
