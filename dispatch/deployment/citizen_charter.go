package deployment

import (
	"fmt"
	"strings"

	"github.com/sigap112/sigap/agencies"
)

// Text is a sentence in Bahasa Indonesia and English, as the city writes it
// in city.yaml. An empty English text falls back to Bahasa Indonesia.
type Text struct {
	ID string `yaml:"id"`
	EN string `yaml:"en"`
}

// In returns the text in a language ("en" or anything else for Bahasa Indonesia).
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.ID
}

// PublicPage is the part of a citizen's charter (maklumat pelayanan) that
// only the city can write: its vision and mission, the legal basis it cites
// against prank calls, and where else a citizen may complain (Law 25/2009
// lets a citizen complain to the Ombudsman and the DPRD too).
type PublicPage struct {
	// NeedsConfirmation marks shipped example text the city has not yet
	// confirmed; the page says so next to it.
	NeedsConfirmation bool   `yaml:"needs_confirmation"`
	Vision            Text   `yaml:"vision"`
	Mission           []Text `yaml:"mission"`
	// PrankLegalBasis is the law the city cites for the obligation not to
	// make prank or false calls.
	PrankLegalBasis Text `yaml:"prank_legal_basis"`
	// ComplaintChannels are the other places a citizen may complain.
	ComplaintChannels []ComplaintChannel `yaml:"complaint_channels"`
}

// ComplaintChannel is one other complaint channel (Ombudsman RI, DPRD, SP4N-LAPOR!).
type ComplaintChannel struct {
	Name    string `yaml:"name"`
	Contact string `yaml:"contact"`
	URL     string `yaml:"url"`
	Note    Text   `yaml:"note"`
}

// validate names the first field of public_page that cannot be shown.
func (p PublicPage) validate(file string) error {
	bad := func(field, reason string) error {
		return &agencies.ConfigError{File: file, Field: "city.public_page." + field, Reason: reason}
	}
	for i, m := range p.Mission {
		if strings.TrimSpace(m.ID) == "" {
			return bad(fmt.Sprintf("mission[%d].id", i), "required: the mission in Bahasa Indonesia")
		}
	}
	for i, c := range p.ComplaintChannels {
		f := fmt.Sprintf("complaint_channels[%d]", i)
		switch {
		case strings.TrimSpace(c.Name) == "":
			return bad(f+".name", "required")
		case c.Contact == "" && c.URL == "":
			return bad(f, "needs a contact or a url")
		case c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://"):
			return bad(f+".url", fmt.Sprintf("%q must start with https:// or http://", c.URL))
		}
	}
	return nil
}
