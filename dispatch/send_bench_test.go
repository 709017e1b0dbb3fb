package dispatch_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

// firstSMS records when each incident's first SMS was accepted.
type firstSMS struct {
	next agencies.Notifier
	mu   sync.Mutex
	at   map[string]time.Time
}

func (f *firstSMS) Send(c context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	id, err := f.next.Send(c, msg)
	if err == nil {
		f.mu.Lock()
		if _, ok := f.at[msg.IncidentID]; !ok {
			f.at[msg.IncidentID] = time.Now()
		}
		f.mu.Unlock()
	}
	return id, err
}

// BenchmarkFirstSMSDelay measures the delay from intake to the first
// assignment SMS accepted, with a Twilio-compatible fake answering every
// message in 250 ms, at 10 and 100 incidents/s for 5 s (fire with a person
// trapped: damkar + dinkes, two responders each), through the real
// twiliosms client, Redis and one worker per agency.
//
//	go test ./dispatch/ -run '^$' -bench FirstSMSDelay -benchtime 1x
func BenchmarkFirstSMSDelay(b *testing.B) {
	for _, rate := range []int{10, 100} {
		b.Run(fmt.Sprintf("rate=%d/s", rate), func(b *testing.B) {
			for range b.N {
				benchFirstSMS(b, rate, 5*time.Second)
			}
		})
	}
}

func benchFirstSMS(b *testing.B, rate int, span time.Duration) {
	tw := twiliotest.New("AC0123456789abcdef0123456789abcdef", "faketoken123")
	defer tw.Close()
	tw.SetLatency(250 * time.Millisecond)
	client, err := twiliosms.New(twiliosms.Config{AccountSID: tw.AccountSID(), AuthToken: tw.AuthToken(), From: "+6281100000001",
		APIURL: tw.URL()}, nil)
	if err != nil {
		b.Fatal(err)
	}
	sms := &firstSMS{next: client, at: map[string]time.Time{}}
	rdb := redistest.NewClient(b)
	ags := []agencies.AgencyID{agencies.Damkar, agencies.Dinkes, agencies.BPBD, agencies.Dishub}
	st := redisstore.New(rdb, redisstore.Options{Agencies: ags})
	if err := st.Init(ctx); err != nil {
		b.Fatal(err)
	}
	d := shipped(b)
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: d.Referrals()}, dispatch.ServiceDeps{
		Store: st, Timers: st, Taxonomy: d.Taxonomy, Directory: d.Directory, Atlas: d.Atlas, Charter: d.Charter, Log: zap.NewNop()})
	wctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, ag := range ags {
		w := escalation.NewWorker(escalation.WorkerConfig{Consumer: "bench-" + string(ag), SendLease: time.Minute}, ag,
			escalation.WorkerDeps{Queue: st, Store: st, Ledger: st, Timers: st, SMS: sms, Directory: d.Directory, Taxonomy: d.Taxonomy, Log: zap.NewNop()})
		w.SetClock(func() time.Time { return time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC).Add(time.Since(benchEpoch)) })
		wg.Add(1)
		go func() { defer wg.Done(); _ = w.Run(wctx) }()
	}
	defer func() { stop(); wg.Wait() }()
	created := map[string]time.Time{}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for i := 0; i < rate*int(span/time.Second); i++ {
		<-tick.C
		t0 := time.Now()
		inc, _, err := intake.NewService(svc).Intake(ctx, dispatch.Report{CallerPhone: fmt.Sprintf("08123%07d", i),
			Description: "Tolong! Rumah terbakar, ada nenek terjebak di dalam kamar", Address: "Jl. Gunung Leuser",
			Lat: 3.319242 + float64(i%50)*0.0002, Lon: 99.155676}, "")
		if err != nil {
			b.Fatal(err)
		}
		created[string(inc.ID)] = t0
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		sms.mu.Lock()
		n := len(sms.at)
		sms.mu.Unlock()
		if n >= len(created) {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d incidents got an SMS within 60 s", n, len(created))
		}
		time.Sleep(50 * time.Millisecond)
	}
	var delays []time.Duration
	for id, t0 := range created {
		delays = append(delays, sms.at[id].Sub(t0))
	}
	sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
	b.ReportMetric(float64(delays[len(delays)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(delays[len(delays)*99/100].Milliseconds()), "p99-ms")
	b.ReportMetric(float64(len(delays)), "incidents")
}

var benchEpoch = time.Now()
