package classify

import (
	"fmt"
	"math"

	"github.com/sigap112/sigap/agencies"
)

// Result is the classifier's proposal for one description.
type Result struct {
	// Category is "" when nothing was recognised: the console then asks the
	// call-taker to choose, and Confidence is 0.
	Category CategoryID        `json:"category"`
	Lead     agencies.AgencyID `json:"lead"`
	// Agencies to send: the lead first, then support, then those signals
	// add; no duplicates. Empty for non-emergency calls.
	Agencies []agencies.AgencyID `json:"agencies"`
	// Priority is the category's default escalated by signals; 0 when there
	// is no category.
	Priority agencies.Priority `json:"priority"`
	// Confidence in [0, 1]: high when strong keywords agree, low when the
	// proposal rests on weak or conflicting words. 1 after an override.
	Confidence float64  `json:"confidence"`
	Reasons    []Reason `json:"reasons"`
	Emergency  bool     `json:"emergency"`
	// NeedsConfirmation: the proposal is too unsure to pre-fill; the console
	// asks the key questions and lets the call-taker choose.
	NeedsConfirmation bool `json:"needs_confirmation"`
	// Doubt is set when the words name an emergency but the call may not be
	// one (a question about a past event, an event that is over, a denied
	// one): nothing is proposed for dispatch, the reading stays one click
	// away, and the call-taker decides.
	Doubt *Doubt `json:"doubt,omitempty"`
	// Model is the learned model's reading, when one is installed.
	Model *Prediction `json:"model,omitempty"`
	// Questions are the category's key questions (the default ones when no
	// category is recognised), with the answers given (WithAnswers).
	Questions []Question `json:"questions"`
	// AnswerNote says what the answers found, for the SMS: "2 korban, 1 tidak sadar".
	AnswerNote string `json:"answer_note,omitempty"`
}

// Reason is one piece of evidence behind a Result, shown to the call-taker
// so that a wrong proposal is easy to spot.
type Reason struct {
	Word     string     `json:"word"`  // as the caller wrote it
	Means    string     `json:"means"` // the keyword or concept it matched
	Category CategoryID `json:"category,omitempty"`
	Signal   string     `json:"signal,omitempty"`
	// Weight is the contribution to the category's score; 0 for signals,
	// which change the agencies and priority instead.
	Weight float64 `json:"weight"`
}

// confidenceHalf is the score at which a lone category gets confidence 0.5.
const confidenceHalf = 0.5

// ClassifyLexicon is the word lists' proposal alone, without the learned
// model: kept to measure what the model adds.
func (t *Taxonomy) ClassifyLexicon(description string) Result {
	s := t.analyse(description)
	defer t.pool.Put(s)
	best, runner := t.choose(s)
	if best < 0 {
		r := Result{Agencies: []agencies.AgencyID{}, Reasons: []Reason{}, NeedsConfirmation: true}
		r.Doubt = t.negatedDoubt(s)
		r.Questions = t.questionsFor("")
		return r
	}
	final := t.refile(s, best)
	sc := s.score[best]
	conf := sc / (sc + confidenceHalf) * sc / (sc + runner)
	r := t.result(s, best, final, math.Round(conf*100)/100)
	t.doubt(s, description, best, &r)
	r.NeedsConfirmation = r.Doubt != nil || r.Confidence < t.confirmBelow
	r.Questions = t.questionsFor(r.Category)
	return r
}

// doubt turns an emergency reading into a "bukan darurat?" proposal when
// the words say it may not be one; the reading stays in Doubt.Category.
func (t *Taxonomy) doubt(s *scratch, description string, cat int32, r *Result) {
	if !r.Emergency {
		return
	}
	d := t.victimDoubt(s, description)
	if d == nil {
		d = t.infoDoubt(s, description, cat)
	}
	if d == nil {
		if w, ok := t.allFigurative(s); ok {
			d = figureDoubt(w)
		}
	}
	// A patient's condition (tier 3: unconscious, in labour, …) is a victim
	// by itself: generic "over" or "past" words never doubt it.
	final := t.refile(s, cat)
	if d == nil && !t.victimFor(s, final) && t.cats[final].Tier != patientTier {
		d = t.markDoubt(s, description, cat)
		if d == nil {
			if w, ok := t.figurative(s, cat); ok {
				d = figureDoubt(w)
			}
		}
		if d == nil {
			d = t.negatedDoubt(s, cat)
		}
	}
	if d != nil {
		d.Category = r.Category
		r.Doubt, r.Category, r.Lead, r.Priority, r.Emergency = d, "", "", 0, false
		r.Agencies = []agencies.AgencyID{}
	}
}

// patientTier is the tier of the categories that name a patient's
// condition (taxonomy: tiers).
const patientTier = 3

// refile applies the rules: a crash with casualties is led by the ambulance.
func (t *Taxonomy) refile(s *scratch, best int32) int32 {
	final := best
	for _, r := range t.rules {
		if r.cat == final && s.sigOn[r.sig] != r.unless {
			final = r.then
		}
	}
	return final
}

// ClassifyAs applies the call-taker's choice of category: its agencies and
// priority, plus whatever the signals found in the text add (a casualty
// still brings the ambulance).
func (t *Taxonomy) ClassifyAs(description string, id CategoryID) (Result, error) {
	ci, ok := t.catIndex[id]
	if !ok {
		return Result{}, fmt.Errorf("classify: unknown category %q", id)
	}
	s := t.analyse(description)
	defer t.pool.Put(s)
	r := t.result(s, int32(ci), int32(ci), 1)
	r.Questions = t.questionsFor(r.Category)
	return r, nil
}

// analyse tokenises, matches and scores a description.
func (t *Taxonomy) analyse(text string) *scratch {
	s := t.pool.Get().(*scratch)
	s.tokenize(&t.lex, text)
	s.match(&t.lex)
	t.score(s)
	return s
}

// choose picks the best category. Among emergencies the lowest tier that
// reaches min_score wins (the incident before the rescue before the
// patient), unless a higher tier's score is tier_ratio times stronger: "fell
// from a tree (pohon), his leg is broken" is an injury, not a fallen tree. A
// non-emergency reading wins only when clearly stronger. It returns -1 when
// nothing reaches min_score, and the score of the strongest competitor that
// would send another lead agency (two readings that dispatch the same lead
// do not make the proposal doubtful).
func (t *Taxonomy) choose(s *scratch) (best int32, runner float64) {
	best = -1
	for tier := 1; tier <= 3; tier++ {
		b := t.bestOf(s, true, tier)
		if b >= 0 && (best < 0 || s.score[b] >= t.tierRatio*s.score[best]) {
			best = b
		}
	}
	if ne := t.bestOf(s, false, 0); ne >= 0 && (best < 0 || s.score[ne] >= s.score[best]+t.margin) {
		best = ne
	}
	if best < 0 {
		return -1, 0
	}
	c := &t.cats[best]
	for i := range t.cats {
		o := &t.cats[i]
		if o.Lead != c.Lead && o.Emergency == c.Emergency {
			runner = max(runner, s.score[i])
		}
	}
	return best, runner
}

func (t *Taxonomy) bestOf(s *scratch, emergency bool, tier int) int32 {
	best := int32(-1)
	for i := range t.cats {
		c := &t.cats[i]
		if c.Emergency != emergency || c.Tier != tier || s.score[i] < t.minScore {
			continue
		}
		if best < 0 || s.score[i] > s.score[best] {
			best = int32(i)
		}
	}
	return best
}
