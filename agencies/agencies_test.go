package agencies_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/geo"
)

var wib = time.FixedZone("WIB", 7*3600)

func loadAtlas(t testing.TB) *geo.Atlas {
	t.Helper()
	a, err := geo.LoadAtlas(configs.FS, geo.Files{
		City: "tebingtinggi/geo/regency/12.76.geojson", Districts: "tebingtinggi/geo/districts/*.geojson",
		Villages: "tebingtinggi/geo/villages/*.geojson", Neighbours: []string{"tebingtinggi/geo/regency/12.18.geojson"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func loadDirectory(t testing.TB) *agencies.Directory {
	t.Helper()
	d, err := agencies.Load(configs.FS, "tebingtinggi/agencies.yaml", loadAtlas(t), wib)
	if err != nil {
		t.Fatalf("the shipped agencies.yaml must load: %v", err)
	}
	return d
}

func TestShippedDirectoryHasNoRosterGaps(t *testing.T) {
	d := loadDirectory(t)
	if len(d.Warnings) > 0 {
		t.Errorf("the default deployment must have somebody on duty at every station at all times: %v", d.Warnings)
	}
	for _, id := range []agencies.AgencyID{agencies.BPBD, agencies.Damkar, agencies.Dinkes, agencies.Dishub} {
		if len(d.Stations(id)) == 0 {
			t.Errorf("agency %s has no station", id)
		}
	}
}

func TestStationForUsesGeofenceThenNearest(t *testing.T) {
	d := loadDirectory(t)
	tests := []struct {
		name    string
		agency  agencies.AgencyID
		at      orb.Point // lon, lat
		want    agencies.StationID
		byFence bool
	}{
		// Kelurahan centroids from configs/tebingtinggi/geo/PROVENANCE.md.
		{"Pabatu (Padang Hulu) → southern fire post", agencies.Damkar, orb.Point{99.125014, 3.300785}, "damkar-padang-hulu", true},
		{"Tambangan (Padang Hilir) → southern fire post", agencies.Damkar, orb.Point{99.184944, 3.345507}, "damkar-padang-hulu", true},
		{"Lalang (Rambutan) → main fire station", agencies.Damkar, orb.Point{99.164030, 3.361591}, "damkar-induk", true},
		{"Berohol (Bajenis) → Rambutan ambulance", agencies.Dinkes, orb.Point{99.139960, 3.342440}, "ambulans-rambutan", true},
		{"Satria (Padang Hilir) → Satria ambulance", agencies.Dinkes, orb.Point{99.169456, 3.331048}, "ambulans-satria", true},
		{"Pasar Baru (Tebing Tinggi Kota) → PSC 119", agencies.Dinkes, orb.Point{99.157613, 3.328163}, "psc119-rsud", true},
		{"outside the city, north → nearest fire station", agencies.Damkar, orb.Point{99.16, 3.40}, "damkar-induk", false},
		{"outside the city, south → nearest fire station", agencies.Damkar, orb.Point{99.14, 3.26}, "damkar-padang-hulu", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := d.StationFor(tt.agency, tt.at)
			if !ok {
				t.Fatal("no station")
			}
			if m.Station.ID != tt.want || m.ByGeofence != tt.byFence {
				t.Errorf("got %s (geofence=%v), want %s (geofence=%v)", m.Station.ID, m.ByGeofence, tt.want, tt.byFence)
			}
			if m.Metres < 0 || m.Metres > 15000 {
				t.Errorf("distance %.0f m is not plausible", m.Metres)
			}
		})
	}
}

func TestRosterRotations(t *testing.T) {
	d := loadDirectory(t)
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, wib)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	ids := func(rs []*agencies.Responder) string {
		var out []string
		for _, r := range rs {
			out = append(out, string(r.ID))
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		station agencies.StationID
		when    string
		want    string
	}{
		{"damkar-induk", "2026-01-01 08:00", "damkar-induk-a1,damkar-induk-a2"},
		{"damkar-induk", "2026-01-02 07:59", "damkar-induk-a1,damkar-induk-a2"},
		{"damkar-induk", "2026-01-02 08:00", "damkar-induk-b1,damkar-induk-b2"},
		{"damkar-induk", "2026-01-03 20:00", "damkar-induk-c1,damkar-induk-c2"},
		{"damkar-induk", "2026-01-04 09:00", "damkar-induk-a1,damkar-induk-a2"},
		{"damkar-induk", "2026-11-22 03:00", "damkar-induk-a1,damkar-induk-a2"}, // shift of Nov 21, 324 days = 108 cycles after the anchor
		{"psc119-rsud", "2026-03-10 06:59", "psc119-rsud-malam1,psc119-rsud-malam2"},
		{"psc119-rsud", "2026-03-10 07:00", "psc119-rsud-pagi1,psc119-rsud-pagi2"},
		{"psc119-rsud", "2026-03-10 19:00", "psc119-rsud-malam1,psc119-rsud-malam2"},
	}
	for _, tt := range tests {
		t.Run(string(tt.station)+" "+tt.when, func(t *testing.T) {
			if got := ids(d.OnDuty(tt.station, at(tt.when))); got != tt.want {
				t.Errorf("on duty: got %s, want %s", got, tt.want)
			}
		})
	}
	if sup := d.Supervisors("damkar-induk"); len(sup) != 1 || sup[0].Role != agencies.RoleSupervisor {
		t.Errorf("supervisors of damkar-induk: %v", sup)
	}
}

func TestDirectoryValidationNamesFileAndField(t *testing.T) {
	atlas := loadAtlas(t)
	base := `
agencies: [{id: damkar, name: Damkar}]
stations:
  - {id: pos1, agency: damkar, name: Pos 1, location: [3.33, 99.15], service_area: ["12.76"]}
responders:
  - {id: r1, name: Satu, phone: "0811-0000-0101", station: pos1}
shifts:
  - {name: Pagi, station: pos1, start: "07:00", hours: 24, responders: [r1]}
`
	tests := []struct {
		name, from, to, field string
	}{
		{"unknown agency", "agency: damkar, name: Pos 1", "agency: damkr, name: Pos 1", "stations[0].agency"},
		{"bad phone", `"0811-0000-0101"`, `"12345"`, "responders[0].phone"},
		{"unknown area code", `["12.76"]`, `["12.99.01"]`, "stations[0].service_area[0]"},
		{"latitude out of range", "[3.33, 99.15]", "[93.33, 99.15]", "stations[0].location"},
		{"bad shift time", `"07:00"`, `"7 pagi"`, "shifts[0].start"},
		{"unknown responder in shift", "responders: [r1]", "responders: [r9]", "shifts[0].responders[0]"},
		{"bad role", "station: pos1}", "station: pos1, role: boss}", "responders[0].role"},
		{"bad station phone", `service_area: ["12.76"]}`, `service_area: ["12.76"], phone: "12"}`, "stations[0].phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(base, tt.from, tt.to, 1)
			if doc == base {
				t.Fatalf("fixture replacement %q not found", tt.from)
			}
			_, err := agencies.Parse([]byte(doc), "agencies.yaml", atlas, wib)
			var ce *agencies.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("want a ConfigError, got %v", err)
			}
			if !strings.Contains(err.Error(), "agencies.yaml: "+tt.field+":") {
				t.Errorf("error %q does not name field %s", err, tt.field)
			}
		})
	}
	if _, err := agencies.Parse([]byte(base), "agencies.yaml", atlas, wib); err != nil {
		t.Fatalf("the valid fixture must load: %v", err)
	}
}

func TestStationPhoneLoads(t *testing.T) {
	d := loadDirectory(t)
	st, ok := d.Station("damkar-induk")
	if !ok || st.Phone != "+62621210001" {
		t.Fatalf("damkar-induk duty phone: %+v", st)
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0812-3456-7890", "+6281234567890"},
		{"081234567890", "+6281234567890"},
		{"6281234567890", "+6281234567890"},
		{"+62 812 3456 7890", "+6281234567890"},
		{"+62-812-3456-7890", "+6281234567890"},
		{"(0621) 21234", "+6262121234"},
		{"12345", ""},
		{"halo", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := agencies.NormalizePhone(tt.in)
			if tt.want == "" {
				if !errors.Is(err, agencies.ErrInvalidPhone) {
					t.Errorf("want ErrInvalidPhone, got %q, %v", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if got := agencies.MaskPhone("+6281234567890"); got != "••••••••••7890" {
		t.Errorf("mask: %q", got)
	}
}

func TestNextCrewIsTheNextShift(t *testing.T) {
	d := loadDirectory(t)
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, wib) // regu A on duty at the fire station
	var got []string
	for _, r := range d.NextCrew("damkar-induk", at) {
		got = append(got, string(r.ID))
	}
	if strings.Join(got, ",") != "damkar-induk-b1,damkar-induk-b2" {
		t.Errorf("next crew: %v, want regu B", got)
	}
}
