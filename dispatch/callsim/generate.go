// Package callsim generates labelled synthetic call streams — a city's 112
// lines over some days: mostly silent, dropped, prank and information calls,
// repeat pranksters, real incidents reported by several callers, genuine
// callers with withheld numbers — and replays them through the real intake
// to measure the hoax-risk score and duplicate linking.
package callsim

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"time"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
)

// Truth is what a simulated call really was.
type Truth string

// Labels of simulated calls.
const (
	TruthGenuine   Truth = "genuine"   // a real emergency
	TruthFake      Truth = "fake"      // a prankster reporting an emergency that is not there
	TruthPrank     Truth = "prank"     // a prank call logged as such
	TruthSilent    Truth = "silent"    // ghost call
	TruthDropped   Truth = "dropped"   // cut off
	TruthInfo      Truth = "info"      // information request
	TruthComplaint Truth = "complaint" // non-emergency
)

// SimCall is one call of the stream with its ground truth.
type SimCall struct {
	At          time.Time
	Phone       string // E.164 or "withheld"
	Truth       Truth
	Description string
	Address     string // the street the caller names when asked where ("" when none is given)
	Lat, Lon    float64
	Cues        []dispatch.Cue
	// Event is what the call reports: > 0 a real event (its callers share it),
	// < 0 a prankster's fake one (repeated within 30 min, it is the same fake).
	Event    int
	Offender bool
	// Category is what the caller says when the call-taker asks (a callback
	// names none by itself).
	Category classify.CategoryID
	Family   bool // a genuine call from a phone a prankster uses (a family phone)
	OneOff   bool // a fake report from a number with no prank history
	Callback bool // the caller was cut off after reporting and calls back
}

// CallbackText is what a caller cut off says when calling back: no
// category words.
const CallbackText = "saya yang tadi telepon, terputus, tolong cepat"

// Config shapes a stream.
type Config struct {
	Seed        int64
	Start       time.Time
	Days        int
	CallsPerDay int     // all calls, most of them not emergencies
	Events      float64 // real incidents per day (a fraction: some days have one more)
	Pranksters  int     // numbers that call again and again
	Withheld    float64 // share of genuine callers with no caller ID
	// FamilyPhones is the share of genuine callers on a phone a prankster
	// (a child of the house) uses; OneOffFakes the fake reports per day from
	// numbers with no history; Callbacks the share of genuine callers cut off
	// after reporting who call back without saying what happened again.
	FamilyPhones float64
	OneOffFakes  float64
	Callbacks    float64
	// NoAddresses: no caller names a street (the desk compares nothing but
	// points): to see what the linking rules do without addresses.
	NoAddresses bool
	// Places are [lat, lon] points to scatter incidents around (kelurahan centres).
	Places [][2]float64
}

// kind is a sort of real incident and how its callers stand in the field.
type kind struct {
	category classify.CategoryID // what the caller names when asked
	texts    []string
	spreadM  float64 // how far apart the callers are (m)
	minT     float64 // how late other callers report it (min), from…
	spreadT  float64 // …to
	line     bool    // callers along a line (a road, a river bank)
	share    float64
}

// kinds of genuine incidents. Spreads follow what Indonesian centres see:
// relatives of a patient calling back from the house 5–25 min later;
// callers of a crash along the road up to ~600 m; of a drowning along the
// river 200–400 m; neighbours of a fire from their own streets, some more
// than a kilometre off.
var kinds = []kind{
	{"tidak_sadar", []string{"bapak saya tiba-tiba pingsan tidak sadarkan diri", "ibu saya sesak napas berat", "anak kejang-kejang demam tinggi", "ada orang pingsan di pinggir jalan"}, 120, 5, 25, false, 0.33},
	{"kecelakaan_korban", []string{"tabrakan kereta dengan mobil, pengendaranya berdarah", "kecelakaan di simpang, ada korban luka", "truk terguling, sopirnya terjepit"}, 600, 1, 20, true, 0.24},
	{"kebakaran", []string{"rumah terbakar apinya besar", "ada asap tebal dari gudang, kebakaran", "kebakaran ruko, apinya sudah besar"}, 900, 1, 40, false, 0.2},
	{"banjir", []string{"banjir masuk rumah setinggi lutut", "air banjir naik masuk rumah warga"}, 300, 1, 60, false, 0.06},
	{"pohon_tumbang", []string{"pohon tumbang menimpa rumah warga", "pohon besar roboh menutup jalan"}, 200, 1, 30, false, 0.06},
	{"tenggelam", []string{"ada anak tenggelam di sungai", "orang hanyut terbawa arus sungai"}, 400, 1, 20, true, 0.05},
	{"hewan", []string{"ada ular kobra masuk rumah", "sarang tawon besar di plafon"}, 50, 1, 10, false, 0.06},
}

var fakeTexts = []string{"ada kebakaran besar cepat datang", "tolong ada orang meninggal di jalan", "ada bom di pajak", "rumah saya kebakaran hahaha", "kecelakaan parah banyak korban"}

// Generate builds a stream, sorted by time. The same config gives the same stream.
func Generate(cfg Config) []SimCall {
	r := rand.New(rand.NewSource(cfg.Seed))
	// Addresses draw from their own source: the rest of the stream is the
	// same with or without them.
	g := &gen{r: r, ar: rand.New(rand.NewSource(cfg.Seed + 7919)), cfg: cfg, last: map[string]SimCall{}}
	pranksters := make([]string, cfg.Pranksters)
	for i := range pranksters {
		pranksters[i] = fmt.Sprintf("+62813%08d", 10000000+i)
	}
	var out []SimCall
	for d := 0; d < cfg.Days; d++ {
		day := cfg.Start.Add(time.Duration(d) * 24 * time.Hour)
		out = append(out, g.events(day, pranksters)...)
		out = append(out, g.noise(day, pranksters)...)
		out = append(out, g.oneOffs(day)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	g.numberFakes(out)
	return out
}

// numberFakes gives each fake report an event: a prankster repeating a fake
// within 30 minutes reports the same (non-)event again.
func (g *gen) numberFakes(calls []SimCall) {
	for i := range calls {
		c := &calls[i]
		if c.Truth != TruthFake {
			continue
		}
		if prev, ok := g.last[c.Phone]; ok && c.At.Sub(prev.At) <= 30*time.Minute {
			c.Event = prev.Event
		} else {
			g.fakes++
			c.Event = -g.fakes
		}
		g.last[c.Phone] = *c
	}
}

type gen struct {
	r     *rand.Rand
	ar    *rand.Rand // addresses
	cfg   Config
	event int
	fakes int
	last  map[string]SimCall // a prankster's last fake report
}

func (g *gen) at(day time.Time) time.Time {
	return day.Add(time.Duration(g.r.Int63n(int64(24 * time.Hour))))
}

func (g *gen) phone() string { return fmt.Sprintf("+62812%08d", g.r.Intn(90000000)+10000000) }

// near scatters a point within m metres.
func (g *gen) near(lat, lon, m float64) (float64, float64) {
	d, a := m*math.Sqrt(g.r.Float64()), g.r.Float64()*2*math.Pi
	return lat + d*math.Cos(a)/111319.5, lon + d*math.Sin(a)/(111319.5*math.Cos(lat*math.Pi/180))
}

// count turns a daily rate into a whole number for one day.
func (g *gen) count(rate float64) int {
	n := int(rate)
	if g.r.Float64() < rate-float64(n) {
		n++
	}
	return n
}

// events are the day's real incidents, each with one to four callers.
func (g *gen) events(day time.Time, pranksters []string) []SimCall {
	var out []SimCall
	for i, n := 0, g.count(g.cfg.Events); i < n; i++ {
		g.event++
		k := g.kind()
		place := g.cfg.Places[g.r.Intn(len(g.cfg.Places))]
		lat, lon := g.near(place[0], place[1], 400)
		bearing := g.r.Float64() * 2 * math.Pi
		start := g.at(day)
		callers := 1 + g.r.Intn(4)
		for c := 0; c < callers; c++ {
			sc := SimCall{At: start, Phone: g.phone(), Truth: TruthGenuine, Event: g.event, Category: k.category,
				Description: k.texts[g.r.Intn(len(k.texts))], Lat: lat, Lon: lon}
			if c > 0 {
				sc.At = start.Add(time.Duration((k.minT + g.r.Float64()*(k.spreadT-k.minT)) * float64(time.Minute)))
				sc.Lat, sc.Lon = g.spread(k, lat, lon, bearing)
			}
			sc.Address = g.address(k, c, lat, lon, sc.Lat, sc.Lon)
			switch x := g.r.Float64(); {
			case x < g.cfg.Withheld:
				sc.Phone = dispatch.Withheld
			case x < g.cfg.Withheld+g.cfg.FamilyPhones && len(pranksters) > 0:
				sc.Phone, sc.Family = pranksters[g.r.Intn(len(pranksters))], true
			}
			if g.r.Float64() < 0.1 && sc.Phone != dispatch.Withheld { // cut off before saying anything, then called back
				out = append(out, SimCall{At: sc.At.Add(-2 * time.Minute), Phone: sc.Phone, Truth: TruthDropped})
			}
			out = append(out, sc)
			if g.r.Float64() < g.cfg.Callbacks && sc.Phone != dispatch.Withheld { // cut off after reporting
				cb := sc
				cb.At, cb.Description, cb.Callback = sc.At.Add(time.Duration(2+g.r.Intn(7))*time.Minute), CallbackText, true
				out = append(out, cb)
			}
		}
	}
	return out
}

// spread places another caller of an event: along the line of a road or a
// river, or around the place, a few from a street farther off.
func (g *gen) spread(k kind, lat, lon, bearing float64) (float64, float64) {
	if k.line {
		d := (g.r.Float64()*2 - 1) * k.spreadM
		la := lat + d*math.Cos(bearing)/111319.5
		lo := lon + d*math.Sin(bearing)/(111319.5*math.Cos(lat*math.Pi/180))
		return g.near(la, lo, 30)
	}
	m := k.spreadM
	if g.r.Float64() < 0.05 { // seen from afar, or the address given is the caller's own street
		m *= 1.6
	}
	return g.near(lat, lon, m)
}

// oneOffs are fake reports from numbers that never called before.
func (g *gen) oneOffs(day time.Time) []SimCall {
	var out []SimCall
	for i, n := 0, g.count(g.cfg.OneOffFakes); i < n; i++ {
		place := g.cfg.Places[g.r.Intn(len(g.cfg.Places))]
		sc := SimCall{At: g.at(day), Phone: g.phone(), Truth: TruthFake, OneOff: true, Offender: true,
			Description: fakeTexts[g.r.Intn(len(fakeTexts))], Category: "kebakaran"}
		sc.Lat, sc.Lon = g.near(place[0], place[1], 500)
		if g.ar.Float64() < 0.6 && !g.cfg.NoAddresses {
			sc.Address = streetAt(sc.Lat, sc.Lon)
		}
		if g.r.Float64() < 0.3 {
			sc.Cues = []dispatch.Cue{[]dispatch.Cue{dispatch.CueLaughter, dispatch.CueChildVoice}[g.r.Intn(2)]}
		}
		out = append(out, sc)
	}
	return out
}

func (g *gen) kind() kind {
	x := g.r.Float64()
	for _, k := range kinds {
		if x < k.share {
			return k
		}
		x -= k.share
	}
	return kinds[0]
}

// noise is the rest of the day: strangers' silent, dropped, information and
// complaint calls, and the pranksters' calls (some of them fake emergencies).
func (g *gen) noise(day time.Time, pranksters []string) []SimCall {
	var out []SimCall
	n := g.cfg.CallsPerDay - int(g.cfg.Events*5/2)
	for i := 0; i < n; i++ {
		sc := SimCall{At: g.at(day), Phone: g.phone()}
		x := g.r.Float64()
		switch {
		case x < 0.30 && len(pranksters) > 0:
			sc = g.prank(sc, pranksters[g.r.Intn(len(pranksters))])
		case x < 0.60:
			sc.Truth = TruthSilent
		case x < 0.80:
			sc.Truth = TruthDropped
		case x < 0.92:
			sc.Truth, sc.Description = TruthInfo, "mau tanya nomor telepon PLN"
		default:
			sc.Truth, sc.Description = TruthComplaint, "sampah di depan rumah belum diangkut"
		}
		if g.r.Float64() < 0.05 {
			sc.Phone = dispatch.Withheld
		}
		out = append(out, sc)
	}
	return out
}

func (g *gen) prank(sc SimCall, phone string) SimCall {
	sc.Phone, sc.Offender = phone, true
	switch y := g.r.Float64(); {
	case y < 0.08:
		place := g.cfg.Places[g.r.Intn(len(g.cfg.Places))]
		sc.Truth, sc.Description, sc.Category = TruthFake, fakeTexts[g.r.Intn(len(fakeTexts))], "kebakaran"
		sc.Lat, sc.Lon = g.near(place[0], place[1], 500)
		if g.ar.Float64() < 0.6 && !g.cfg.NoAddresses {
			sc.Address = streetAt(sc.Lat, sc.Lon)
		}
	case y < 0.7:
		sc.Truth, sc.Description = TruthPrank, "hahaha halo ini siapa"
	default:
		sc.Truth = TruthSilent
	}
	if g.r.Float64() < 0.5 {
		sc.Cues = []dispatch.Cue{[]dispatch.Cue{dispatch.CueLaughter, dispatch.CueChildVoice, dispatch.CueAsksMoney}[g.r.Intn(3)]}
	}
	return sc
}

// address is the street a caller of an event names when asked where, or ""
// (a third of callers in distress give none, or only a landmark the desk
// does not compare). The first caller names the scene's street; along a road
// or a river every caller names that road; other callers near the scene
// (within 150 m) mostly name the scene's street, farther ones — neighbours
// who see the smoke — mostly their own.
func (g *gen) address(k kind, c int, lat, lon, myLat, myLon float64) string {
	if g.ar.Float64() < 0.33 || g.cfg.NoAddresses {
		return ""
	}
	scene := streetAt(lat, lon)
	if c == 0 || k.line {
		return scene
	}
	d := math.Hypot((myLat-lat)*111319.5, (myLon-lon)*111319.5*math.Cos(lat*math.Pi/180))
	own := 0.25
	if d > 150 {
		own = 0.6
	}
	if g.ar.Float64() < own {
		return streetAt(myLat, myLon)
	}
	return scene
}

var (
	streetNames = []string{"Sudirman", "Imam Bonjol", "Gatot Subroto", "Diponegoro", "Thamrin", "Ahmad Yani", "Sutomo",
		"Veteran", "Pahlawan", "Merdeka", "Kartini", "Cut Nyak Dien", "Iskandar Muda", "Teuku Umar", "Sisingamangaraja",
		"Yos Sudarso", "Hang Tuah", "Pattimura", "Setia Budi", "Asahan", "Bakti", "Karya", "Sentosa", "Bersama"}
	laneNames = []string{"Mawar", "Melati", "Kenanga", "Anggrek", "Dahlia", "Teratai", "Cempaka", "Flamboyan", "Rambutan",
		"Durian", "Mangga", "Jambu", "Kelapa", "Nangka", "Salak", "Belimbing", "Damai", "Rukun", "Murni", "Sepakat"}
)

// streetAt names the nearest street of a grid: streets every 200 m running
// east–west, lanes (gang) every 200 m running north–south.
func streetAt(lat, lon float64) string {
	const spacing = 200.0
	y, x := lat*111319.5, lon*111319.5*math.Cos(3.3*math.Pi/180)
	iy, ix := math.Round(y/spacing), math.Round(x/spacing)
	if math.Abs(y-iy*spacing) <= math.Abs(x-ix*spacing) {
		return "Jl. " + streetNames[int(math.Abs(iy))%len(streetNames)] + fmt.Sprintf(" No. %d", 1+int(math.Abs(x))%150)
	}
	return "Gg. " + laneNames[int(math.Abs(ix))%len(laneNames)] + fmt.Sprintf(" No. %d", 1+int(math.Abs(y))%90)
}
