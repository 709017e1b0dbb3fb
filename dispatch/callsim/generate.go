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
	Lat, Lon    float64
	Cues        []dispatch.Cue
	// Event is what the call reports: > 0 a real event (its callers share it),
	// < 0 a prankster's fake one (repeated within 30 min, it is the same fake).
	Event    int
	Offender bool
}

// Config shapes a stream.
type Config struct {
	Seed        int64
	Start       time.Time
	Days        int
	CallsPerDay int     // all calls, most of them not emergencies
	Events      int     // real incidents per day
	Pranksters  int     // numbers that call again and again
	Withheld    float64 // share of genuine callers with no caller ID
	// Places are [lat, lon] points to scatter incidents around (kelurahan centres).
	Places [][2]float64
}

// descriptions of genuine incidents by kind, with how far apart (m) and
// how late (min) other callers of the same event report it.
var kinds = []struct {
	texts   []string
	spreadM float64
	spreadT float64
	share   float64
}{
	{[]string{"bapak saya tiba-tiba pingsan tidak sadarkan diri", "ibu saya sesak napas berat", "anak kejang-kejang demam tinggi", "ada orang pingsan di pinggir jalan"}, 60, 8, 0.35},
	{[]string{"tabrakan kereta dengan mobil, pengendaranya berdarah", "kecelakaan di simpang, ada korban luka", "truk terguling, sopirnya terjepit"}, 300, 20, 0.25},
	{[]string{"rumah terbakar apinya besar", "ada asap tebal dari gudang, kebakaran", "kebakaran ruko di jalan sudirman"}, 700, 40, 0.2},
	{[]string{"banjir masuk rumah setinggi lutut", "pohon tumbang menimpa rumah warga", "tebing longsor dekat rumah"}, 600, 45, 0.12},
	{[]string{"ada ular kobra masuk rumah", "sarang tawon besar di plafon"}, 50, 10, 0.08},
}

var fakeTexts = []string{"ada kebakaran besar cepat datang", "tolong ada orang meninggal di jalan", "ada bom di pajak", "rumah saya kebakaran hahaha", "kecelakaan parah banyak korban"}

// Generate builds a stream, sorted by time. The same config gives the same stream.
func Generate(cfg Config) []SimCall {
	r := rand.New(rand.NewSource(cfg.Seed))
	g := &gen{r: r, cfg: cfg, last: map[string]SimCall{}}
	pranksters := make([]string, cfg.Pranksters)
	for i := range pranksters {
		pranksters[i] = fmt.Sprintf("+62813%08d", 10000000+i)
	}
	var out []SimCall
	for d := 0; d < cfg.Days; d++ {
		day := cfg.Start.Add(time.Duration(d) * 24 * time.Hour)
		out = append(out, g.events(day, d)...)
		out = append(out, g.noise(day, pranksters)...)
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

// events are the day's real incidents, each with one to four callers.
func (g *gen) events(day time.Time, d int) []SimCall {
	var out []SimCall
	for i := 0; i < g.cfg.Events; i++ {
		g.event++
		k := g.kind()
		place := g.cfg.Places[g.r.Intn(len(g.cfg.Places))]
		lat, lon := g.near(place[0], place[1], 400)
		start := g.at(day)
		callers := 1 + g.r.Intn(4)
		for c := 0; c < callers; c++ {
			sc := SimCall{At: start, Phone: g.phone(), Truth: TruthGenuine, Event: g.event,
				Description: k.texts[g.r.Intn(len(k.texts))], Lat: lat, Lon: lon}
			if c > 0 {
				sc.At = start.Add(time.Duration(g.r.Float64() * k.spreadT * float64(time.Minute)))
				spread := k.spreadM
				if g.r.Float64() < 0.05 { // seen from afar, or the address given is the caller's own
					spread = k.spreadM * 2.5
				}
				sc.Lat, sc.Lon = g.near(lat, lon, spread)
			}
			if g.r.Float64() < g.cfg.Withheld {
				sc.Phone = dispatch.Withheld
			}
			if g.r.Float64() < 0.1 && sc.Phone != dispatch.Withheld { // cut off once, then called back
				out = append(out, SimCall{At: sc.At.Add(-2 * time.Minute), Phone: sc.Phone, Truth: TruthDropped})
			}
			out = append(out, sc)
		}
	}
	return out
}

func (g *gen) kind() struct {
	texts   []string
	spreadM float64
	spreadT float64
	share   float64
} {
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
	n := g.cfg.CallsPerDay - g.cfg.Events*5/2
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
		sc.Truth, sc.Description = TruthFake, fakeTexts[g.r.Intn(len(fakeTexts))]
		sc.Lat, sc.Lon = g.near(place[0], place[1], 500)
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
