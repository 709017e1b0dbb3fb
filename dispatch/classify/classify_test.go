package classify

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// meanings lists what each reason of r says a word means.
func meanings(r Result) map[string]string {
	m := map[string]string{}
	for _, x := range r.Reasons {
		m[strings.ToLower(x.Word)] = x.Means
	}
	return m
}

func TestKeretaIsAMotorcycleButKeretaApiIsATrain(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text, word, means string
	}{
		{"Kereta tabrakan dengan mobil", "kereta", "sepeda motor"},
		{"keretanya ditabrak angkot", "keretanya", "sepeda motor"},
		{"orang ditabrak kereta api", "kereta api", "kereta api"},
		{"palang perlintasan KA tidak turun", "ka", "kereta api"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.Classify(tt.text)
			if got := meanings(r)[tt.word]; got != tt.means {
				t.Errorf("%q: %q means %q, want %q (reasons %+v)", tt.text, tt.word, got, tt.means, r.Reasons)
			}
		})
	}
	// "kereta api" is one keyword: its "kereta" is never also a motorcycle.
	r := tx.Classify("orang ditabrak kereta api")
	for _, x := range r.Reasons {
		if x.Means == "sepeda motor" {
			t.Errorf("kereta api also read as a motorcycle: %+v", r.Reasons)
		}
	}
}

func TestClassifyResults(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text     string
		category CategoryID
		agencies []agencies.AgencyID
		priority agencies.Priority
	}{
		{"rumah terbakar", "kebakaran", []agencies.AgencyID{"damkar"}, agencies.P1},
		{"kecelakaan motor, pengendaranya berdarah", "kecelakaan_korban", []agencies.AgencyID{"dinkes", "dishub"}, agencies.P1},
		{"truk terguling, sopirnya terjepit", "kecelakaan_korban", []agencies.AgencyID{"dinkes", "dishub", "damkar"}, agencies.P1},
		{"pohon tumbang menutup jalan", "pohon_tumbang", []agencies.AgencyID{"bpbd", "dishub"}, agencies.P2},
		{"banjir, ada warga yang luka", "banjir", []agencies.AgencyID{"bpbd", "dinkes"}, agencies.P1},
		{"bus mogok di tengah jalan", "kendaraan_mogok", []agencies.AgencyID{"dishub"}, agencies.P3},
		{"mau tanya jadwal buat KTP", "informasi", []agencies.AgencyID{}, agencies.P3},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.Classify(tt.text)
			if r.Category != tt.category || !slices.Equal(r.Agencies, tt.agencies) || r.Priority != tt.priority {
				t.Errorf("Classify(%q) = %s %v %v, want %s %v %v", tt.text,
					r.Category, r.Agencies, r.Priority, tt.category, tt.agencies, tt.priority)
			}
			if c, _ := tx.Category(tt.category); r.Emergency != c.Emergency || (c.Emergency && r.Lead != r.Agencies[0]) {
				t.Errorf("Classify(%q): emergency %v lead %q agencies %v", tt.text, r.Emergency, r.Lead, r.Agencies)
			}
		})
	}
}

func TestClassifyNothing(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{"", "   ", "halo", "selamat siang, saya di jalan sudirman", "12345"} {
		r := tx.Classify(text)
		if r.Category != "" || r.Lead != "" || len(r.Agencies) != 0 || r.Confidence != 0 || r.Priority != 0 || r.Emergency {
			t.Errorf("Classify(%q) = %+v, want an empty result", text, r)
		}
		if b, _ := json.Marshal(r); !strings.Contains(string(b), `"agencies":[]`) || !strings.Contains(string(b), `"reasons":[]`) {
			t.Errorf("Classify(%q) JSON %s: want empty arrays, not null", text, b)
		}
	}
}

func TestClassifyAs(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		name, text string
		id         CategoryID
		want       []agencies.AgencyID
		priority   agencies.Priority
	}{
		{"override keeps signals", "ada orang jatuh, kepalanya berdarah", "kebakaran", []agencies.AgencyID{"damkar", "dinkes"}, agencies.P1},
		{"override to the category's agencies", "halo pak", "banjir", []agencies.AgencyID{"bpbd"}, agencies.P2},
		{"no rule on override", "tabrakan, pengendara luka", "kecelakaan", []agencies.AgencyID{"dishub", "dinkes"}, agencies.P1},
		{"non-emergency dispatches nobody", "rumah terbakar, ada yang luka", "iseng", []agencies.AgencyID{}, agencies.P3},
		{"signal limited to some categories", "pohon tumbang menutup jalan", "banjir", []agencies.AgencyID{"bpbd"}, agencies.P2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tx.ClassifyAs(tt.text, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Category != tt.id || !slices.Equal(r.Agencies, tt.want) || r.Priority != tt.priority || r.Confidence != 1 {
				t.Errorf("ClassifyAs(%q, %s) = %s %v %v conf %v, want %v %v", tt.text, tt.id,
					r.Category, r.Agencies, r.Priority, r.Confidence, tt.want, tt.priority)
			}
		})
	}
	if _, err := tx.ClassifyAs("rumah terbakar", "kebakaran_besar"); err == nil {
		t.Error("ClassifyAs with an unknown category: want an error")
	}
}

func TestConfidenceOrdering(t *testing.T) {
	tx := testTaxonomy(t)
	pairs := []struct{ clear, vague string }{
		{"Rumah tetangga terbakar, apinya besar, asap tebal", "ada asap"},
		{"Banjir sudah masuk rumah setinggi lutut, sungai meluap", "hujan deras dari tadi, air naik"},
		{"Bapak saya pingsan, tidak bernapas", "bapak saya lemas"},
		{"Tabrakan dua mobil di simpang", "ada yang keserempet"},
		{"Ada ular kobra masuk kamar", "ada ular di kamar, air sungai juga naik"},
	}
	for _, p := range pairs {
		t.Run(p.clear, func(t *testing.T) {
			c, v := tx.Classify(p.clear), tx.Classify(p.vague)
			if v.Category == "" || c.Confidence <= v.Confidence {
				t.Errorf("confidence %q = %.2f, %q = %.2f (%s): want clear > vague > 0",
					p.clear, c.Confidence, p.vague, v.Confidence, v.Category)
			}
			if c.Confidence <= 0 || c.Confidence > 1 {
				t.Errorf("confidence %.2f out of (0, 1]", c.Confidence)
			}
		})
	}
}

func TestReasonsQuoteTheCaller(t *testing.T) {
	tx := testTaxonomy(t)
	text := "Tlg pak, RUMAH tetangga KEBAKARAN, apinyaaa besar"
	r := tx.Classify(text)
	want := map[string]string{"KEBAKARAN": "kebakaran", "apinyaaa": "api"}
	for _, x := range r.Reasons {
		if !strings.Contains(text, x.Word) {
			t.Errorf("reason word %q is not in the text", x.Word)
		}
		delete(want, x.Word)
	}
	if len(want) > 0 {
		t.Errorf("reasons %+v lack %v", r.Reasons, want)
	}
}

func TestCategories(t *testing.T) {
	tx := testTaxonomy(t)
	cats := tx.Categories()
	if len(cats) == 0 {
		t.Fatal("no categories")
	}
	for _, c := range cats {
		got, ok := tx.Category(c.ID)
		if !ok || got.ID != c.ID || got.Lead != c.Lead {
			t.Errorf("Category(%q) = %+v, %v", c.ID, got, ok)
		}
		if c.Emergency != (c.Lead != "") || !c.Priority.Valid() {
			t.Errorf("category %q: emergency %v lead %q priority %v", c.ID, c.Emergency, c.Lead, c.Priority)
		}
	}
	c, _ := tx.Category("kecelakaan_korban")
	c.Support[0] = "x"
	if again, _ := tx.Category("kecelakaan_korban"); again.Support[0] == "x" {
		t.Error("Category exposes the taxonomy's support slice")
	}
	if _, ok := tx.Category("nope"); ok {
		t.Error(`Category("nope") found`)
	}
}
