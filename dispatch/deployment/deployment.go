package deployment

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
	"github.com/sigap112/sigap/geo/gazetteer"
)

// City describes the deployment: which city, its time zone, how incident codes look.
type City struct {
	Code           string              `yaml:"code"`
	Name           string              `yaml:"name"`
	Timezone       string              `yaml:"timezone"`
	ZoneLabel      string              `yaml:"zone_label"`
	IncidentPrefix string              `yaml:"incident_prefix"`
	Referrals      []dispatch.Referral `yaml:"referrals"`
	// FeedbackDelay: after an incident is closed as resolved, the caller is
	// asked to rate the service by SMS this much later; 0 = never.
	FeedbackDelay time.Duration `yaml:"feedback_sms_after"`
	// PublicPage is what the public charter page (/piagam) says on the
	// city's behalf: vision, mission, the legal basis against prank calls,
	// the other complaint channels (citizen_charter.go).
	PublicPage PublicPage `yaml:"public_page"`
}

type deploymentFile struct {
	City       City `yaml:"city"`
	Boundaries struct {
		City       string   `yaml:"city"`
		Districts  string   `yaml:"districts"`
		Villages   string   `yaml:"villages"`
		Neighbours []string `yaml:"neighbours"`
	} `yaml:"boundaries"`
	Agencies string `yaml:"agencies"`
	Charter  string `yaml:"charter"`
	Taxonomy string `yaml:"taxonomy"`
	Hoax     string `yaml:"hoax"`
	// Gazetteer (optional): streets and landmarks, from `sigap geo import`.
	Gazetteer string `yaml:"gazetteer"`
}

// Deployment is a city's whole configuration, loaded and cross-checked once at start-up.
type Deployment struct {
	City      City
	Location  *time.Location
	Atlas     *geo.Atlas
	Directory *agencies.Directory
	Charter   *agencies.Charter
	Taxonomy  *classify.Taxonomy
	Hoax      *dispatch.HoaxConfig
	// Gazetteer finds streets and landmarks by name; nil when none is configured.
	Gazetteer *gazetteer.Gazetteer
}

// Load reads dir/city.yaml and every file it names from fsys. An
// error names the file, the field and the reason; the process must not start.
func Load(fsys fs.FS, dir string) (*Deployment, error) {
	file := path.Join(dir, "city.yaml")
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	var doc deploymentFile
	if err := agencies.DecodeConfig(data, file, &doc); err != nil {
		return nil, err
	}
	if err := checkCity(file, &doc); err != nil {
		return nil, err
	}
	if err := doc.City.PublicPage.validate(file); err != nil {
		return nil, err
	}
	d := &Deployment{City: doc.City}
	if d.Location, err = time.LoadLocation(doc.City.Timezone); err != nil {
		return nil, &agencies.ConfigError{File: file, Field: "city.timezone", Reason: err.Error()}
	}
	b := doc.Boundaries
	d.Atlas, err = geo.LoadAtlas(fsys, geo.Files{
		City: path.Join(dir, b.City), Districts: path.Join(dir, b.Districts), Villages: path.Join(dir, b.Villages),
		Neighbours: joinAll(dir, b.Neighbours),
	})
	if err != nil {
		return nil, fmt.Errorf("%s: boundaries: %w", file, err)
	}
	if d.Directory, err = agencies.Load(fsys, path.Join(dir, doc.Agencies), d.Atlas, d.Location); err != nil {
		return nil, err
	}
	if d.Charter, err = loadCharter(fsys, path.Join(dir, doc.Charter), d.Directory); err != nil {
		return nil, err
	}
	var ids []agencies.AgencyID
	for _, a := range d.Directory.Agencies() {
		ids = append(ids, a.ID)
	}
	if d.Taxonomy, err = classify.Load(fsys, path.Join(dir, doc.Taxonomy), ids...); err != nil {
		return nil, err
	}
	if d.Hoax, err = dispatch.LoadHoax(fsys, path.Join(dir, doc.Hoax), d.Taxonomy); err != nil {
		return nil, err
	}
	if d.Gazetteer, err = loadGazetteer(fsys, dir, doc.Gazetteer); err != nil {
		return nil, err
	}
	return d, d.crossCheck(dir, doc)
}

func loadGazetteer(fsys fs.FS, dir, name string) (*gazetteer.Gazetteer, error) {
	if name == "" {
		return nil, nil
	}
	file := path.Join(dir, name)
	f, err := fsys.Open(file)
	if err != nil {
		return nil, &agencies.ConfigError{File: path.Join(dir, "city.yaml"), Field: "gazetteer", Reason: err.Error()}
	}
	defer f.Close()
	g, err := gazetteer.Read(f)
	if err != nil {
		return nil, &agencies.ConfigError{File: file, Field: "(document)", Reason: err.Error()}
	}
	return g, nil
}

func checkCity(file string, doc *deploymentFile) error {
	var missing []string
	for field, v := range map[string]string{
		"city.code": doc.City.Code, "city.name": doc.City.Name, "city.timezone": doc.City.Timezone,
		"city.incident_prefix": doc.City.IncidentPrefix, "boundaries.city": doc.Boundaries.City,
		"boundaries.districts": doc.Boundaries.Districts, "boundaries.villages": doc.Boundaries.Villages,
		"agencies": doc.Agencies, "charter": doc.Charter, "taxonomy": doc.Taxonomy, "hoax": doc.Hoax,
	} {
		if v == "" {
			missing = append(missing, field)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return &agencies.ConfigError{File: file, Field: missing[0], Reason: fmt.Sprintf("required (missing: %v)", missing)}
	}
	return nil
}

func loadCharter(fsys fs.FS, file string, dir *agencies.Directory) (*agencies.Charter, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read charter: %w", err)
	}
	known := map[agencies.AgencyID]bool{}
	for _, a := range dir.Agencies() {
		known[a.ID] = true
	}
	return agencies.ParseCharter(data, file, known)
}

// crossCheck verifies references between files: the taxonomy's agencies
// exist, the charter's categories exist, the city code matches the boundaries.
func (d *Deployment) crossCheck(dir string, doc deploymentFile) error {
	if d.Atlas.City().Code != d.City.Code {
		return &agencies.ConfigError{File: path.Join(dir, "city.yaml"), Field: "city.code",
			Reason: fmt.Sprintf("%q but the city boundary file has code %q", d.City.Code, d.Atlas.City().Code)}
	}
	for _, c := range d.Taxonomy.Categories() {
		for _, a := range append([]agencies.AgencyID{c.Lead}, c.Support...) {
			if _, ok := d.Directory.Agency(a); a != "" && !ok {
				return &agencies.ConfigError{File: path.Join(dir, doc.Taxonomy), Field: "categories." + string(c.ID),
					Reason: fmt.Sprintf("agency %q is not in %s", a, doc.Agencies)}
			}
		}
	}
	for _, s := range d.Charter.Standards() {
		if _, ok := d.Taxonomy.Category(classify.CategoryID(s.Category)); s.Category != "*" && !ok {
			return &agencies.ConfigError{File: path.Join(dir, doc.Charter), Field: "standards",
				Reason: fmt.Sprintf("unknown category %q", s.Category)}
		}
	}
	return nil
}

// Referrals indexes the configured referral authorities by boundary code.
func (d *Deployment) Referrals() map[string]dispatch.Referral {
	out := map[string]dispatch.Referral{}
	for _, r := range d.City.Referrals {
		out[r.Code] = r
	}
	return out
}

func joinAll(dir string, files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = path.Join(dir, f)
	}
	return out
}
