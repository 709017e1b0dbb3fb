package dispatch_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/intake"
)

var ctx = context.Background()

var (
	depOnce sync.Once
	dep     *deployment.Deployment
	depErr  error
)

func shipped(t testing.TB) *deployment.Deployment {
	t.Helper()
	depOnce.Do(func() { dep, depErr = deployment.Load(configs.FS, configs.Default) })
	if depErr != nil {
		t.Fatal(depErr)
	}
	return dep
}

// memStore is a hand-written in-memory dispatch.Store for unit tests.
type memStore struct {
	mu     sync.Mutex
	logs   map[dispatch.IncidentID][]dispatch.Event
	idem   map[string]dispatch.IncidentID
	seq    int64
	failed error // returned by every call when set
	timers []dispatch.Timer
}

func (m *memStore) Schedule(_ context.Context, ts ...dispatch.Timer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.timers = append(m.timers, ts...)
	return nil
}

func (m *memStore) Fire(context.Context, time.Time, int) (int, error) {
	return 0, errors.New("not used")
}

func newMemStore() *memStore {
	return &memStore{logs: map[dispatch.IncidentID][]dispatch.Event{}, idem: map[string]dispatch.IncidentID{}}
}

func (m *memStore) Create(_ context.Context, evs []dispatch.Event, timers []dispatch.Timer, idem dispatch.Idempotency) (*dispatch.Incident, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failed != nil {
		return nil, false, m.failed
	}
	if id, ok := m.idem[idem.Key]; ok && idem.Key != "" {
		inc, _ := dispatch.Rebuild(m.logs[id])
		return inc, false, nil
	}
	for i := range evs {
		evs[i].Seq = i + 1
	}
	inc, err := dispatch.Rebuild(evs)
	if err != nil {
		return nil, false, err
	}
	m.logs[inc.ID] = evs
	m.timers = append(m.timers, timers...)
	if idem.Key != "" {
		m.idem[idem.Key] = inc.ID
	}
	return inc, true, nil
}

func (m *memStore) Lookup(_ context.Context, idem dispatch.Idempotency) (*dispatch.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.idem[idem.Key]; ok {
		return dispatch.Rebuild(m.logs[id])
	}
	return nil, dispatch.ErrIncidentNotFound
}

func (m *memStore) Append(_ context.Context, id dispatch.IncidentID, ev dispatch.Event, ts ...dispatch.Timer) (*dispatch.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	log, ok := m.logs[id]
	if !ok {
		return nil, dispatch.ErrIncidentNotFound
	}
	ev.Seq = len(log) + 1
	if _, err := dispatch.Rebuild(append(append([]dispatch.Event(nil), log...), ev)); err != nil {
		return nil, err
	}
	m.logs[id] = append(log, ev)
	m.timers = append(m.timers, ts...)
	return dispatch.Rebuild(m.logs[id])
}

func (m *memStore) Get(_ context.Context, id string) (*dispatch.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if log, ok := m.logs[dispatch.IncidentID(id)]; ok {
		return dispatch.Rebuild(log)
	}
	return nil, dispatch.ErrIncidentNotFound
}

func (m *memStore) List(context.Context, dispatch.ListFilter) ([]*dispatch.Incident, error) {
	return nil, errors.New("not used")
}

func (m *memStore) Events(_ context.Context, id dispatch.IncidentID) ([]dispatch.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.logs[id], nil
}

func (m *memStore) NextCode(context.Context) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failed != nil {
		return 0, m.failed
	}
	m.seq++
	return m.seq, nil
}

func newService(t *testing.T, st dispatch.Store) *dispatch.Service {
	d := shipped(t)
	tm, _ := st.(dispatch.Timers)
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: d.Referrals()}, dispatch.ServiceDeps{
		Store: st, Timers: tm, Taxonomy: d.Taxonomy, Directory: d.Directory, Atlas: d.Atlas, Charter: d.Charter, Log: zap.NewNop()})
	svc.SetClock(func() time.Time { return time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC) })
	return svc
}

func TestIntakeRoutesEachAgencyByGeofence(t *testing.T) {
	tests := []struct {
		name      string
		desc      string
		lat, lon  float64
		kelurahan string
		stations  map[agencies.AgencyID]agencies.StationID
	}{
		{"fire with trapped person in Bandar Sono", "rumah terbakar, ada orang terjebak di dalam", 3.319242, 99.155676, "Bandar Sono",
			map[agencies.AgencyID]agencies.StationID{agencies.Damkar: "damkar-padang-hulu", agencies.Dinkes: "psc119-rsud"}},
		{"breathing difficulty in Lalang", "bapak saya sesak napas berat", 3.361591, 99.164030, "Lalang",
			map[agencies.AgencyID]agencies.StationID{agencies.Dinkes: "ambulans-rambutan"}},
		{"flood in Tambangan", "banjir sudah masuk rumah setinggi pinggang", 3.345507, 99.184944, "Tambangan",
			map[agencies.AgencyID]agencies.StationID{agencies.BPBD: "bpbd-pusdalops"}},
		{"snake in Rambung", "ada ular kobra masuk rumah", 3.322394, 99.165179, "Rambung",
			map[agencies.AgencyID]agencies.StationID{agencies.Damkar: "damkar-induk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, created, err := intake.NewService(newService(t, newMemStore())).Intake(ctx, dispatch.Report{
				CallerPhone: "0812 3456 7890", Description: tt.desc, Lat: tt.lat, Lon: tt.lon}, "")
			if err != nil || !created {
				t.Fatalf("intake: %v", err)
			}
			if inc.Code != "TT-0001" || inc.CallerPhone != "+6281234567890" || inc.Status != dispatch.StatusDispatched {
				t.Errorf("code %s phone %s status %s", inc.Code, inc.CallerPhone, inc.Status)
			}
			if inc.Location.Kelurahan == nil || inc.Location.Kelurahan.Name != tt.kelurahan {
				t.Errorf("kelurahan %+v, want %s", inc.Location.Kelurahan, tt.kelurahan)
			}
			got := map[agencies.AgencyID]agencies.StationID{}
			for _, a := range inc.Assignments {
				got[a.Agency] = a.Station
				if a.Status != dispatch.AssignQueued || !a.Deadlines.Acknowledge.After(inc.ReceivedAt) || !a.ByGeofence {
					t.Errorf("assignment %+v", a)
				}
			}
			if len(got) != len(tt.stations) {
				t.Errorf("agencies %v, want %v", got, tt.stations)
			}
			for ag, st := range tt.stations {
				if got[ag] != st {
					t.Errorf("%s → %s, want %s", ag, got[ag], st)
				}
			}
		})
	}
}

func TestIntakeOutsideTheCityIsReferred(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon float64
		referral string
	}{
		{"Serdang Bedagai, just north of the city", 3.40, 99.16, "Kabupaten Serdang Bedagai"},
		{"Medan, far away", 3.5952, 98.6722, "luar wilayah (outside the covered area)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, _, err := intake.NewService(newService(t, newMemStore())).Intake(ctx, dispatch.Report{
				CallerPhone: "081234567890", Description: "kebakaran rumah", Lat: tt.lat, Lon: tt.lon}, "")
			if err != nil {
				t.Fatal(err)
			}
			if inc.Status != dispatch.StatusReferred || inc.Referral == nil || inc.Referral.Name != tt.referral {
				t.Errorf("status %s referral %+v", inc.Status, inc.Referral)
			}
			if len(inc.Assignments) != 0 || inc.Location.InCity {
				t.Errorf("an out-of-city incident must not be dispatched automatically: %+v", inc.Assignments)
			}
			if !inc.Status.Open() {
				t.Error("a referral stays open until a call-taker hands it over")
			}
		})
	}
}

func TestIntakeOverridesAndValidation(t *testing.T) {
	svc := newService(t, newMemStore())
	inc, _, err := intake.NewService(svc).Intake(ctx, dispatch.Report{CallerPhone: "withheld", Description: "tolong cepat datang",
		Category: "kebakaran", Priority: agencies.P2, Lat: 3.319242, Lon: 99.155676}, "")
	if err != nil {
		t.Fatal(err)
	}
	if inc.Category != "kebakaran" || inc.Priority != agencies.P2 || !inc.Overridden || inc.CallerPhone != dispatch.Withheld {
		t.Errorf("override: category %s priority %v overridden %v phone %s", inc.Category, inc.Priority, inc.Overridden, inc.CallerPhone)
	}
	_, _, err = intake.NewService(svc).Intake(ctx, dispatch.Report{CallerPhone: "x", Description: "", Lat: 0, Lon: 0}, "")
	var ve *dispatch.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 3 {
		t.Fatalf("want errors on caller_phone, description and location, got %v", err)
	}
}

func TestIntakeStoreDownLosesNothingSilently(t *testing.T) {
	st := newMemStore()
	st.failed = dispatch.ErrUnavailable
	_, _, err := intake.NewService(newService(t, st)).Intake(ctx, dispatch.Report{CallerPhone: "081234567890", Description: "rumah terbakar",
		Lat: 3.319242, Lon: 99.155676}, "")
	if !errors.Is(err, dispatch.ErrUnavailable) {
		t.Errorf("the caller must learn the report was not saved: %v", err)
	}
}

func TestRebuildReplaysTheLog(t *testing.T) {
	st := newMemStore()
	inc, _, err := intake.NewService(newService(t, st)).Intake(ctx, dispatch.Report{CallerPhone: "081234567890",
		Description: "rumah terbakar ada yang terjebak", Lat: 3.319242, Lon: 99.155676}, "")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 22, 3, 1, 0, 0, time.UTC)
	if _, err := st.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventNotified, At: at, Agency: agencies.Damkar,
		Notified: []dispatch.Notification{{Responder: "r1", MessageID: "SM1", At: at}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventUndeliverable, At: at, Agency: agencies.Dinkes, Reason: "no phone"}); err != nil {
		t.Fatal(err)
	}
	evs, _ := st.Events(ctx, inc.ID)
	got, err := dispatch.Rebuild(evs)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != len(evs) || got.Assignment(agencies.Damkar).Status != dispatch.AssignNotified ||
		got.Assignment(agencies.Dinkes).Status != dispatch.AssignUndeliverable || got.Assignment(agencies.Dinkes).Problem != "no phone" {
		t.Errorf("rebuilt: %+v", got)
	}
	bad := []dispatch.Event{{Type: dispatch.EventNotified, Agency: agencies.Damkar}}
	if _, err := dispatch.Rebuild(bad); !errors.Is(err, dispatch.ErrInvalidEvent) {
		t.Errorf("a log must start with %s: %v", dispatch.EventReceived, err)
	}
}
