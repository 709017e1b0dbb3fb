package classify

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Model is a multinomial naive Bayes classifier over words, word pairs and
// character n-grams, trained from labelled examples (the corpus' train
// split and the incidents a call-taker dispatched). Pure Go, no network. It
// is combined with the word lists (Taxonomy.SetModel): the lexicon's
// reasons and signals stay, the model decides where the lexicon is unsure.
type Model struct {
	Classes   []CategoryID         `json:"classes"`
	LogPrior  []float64            `json:"log_prior"`
	Features  map[string][]float64 `json:"features"` // feature → log P(feature | class)
	Unseen    []float64            `json:"unseen"`   // log P(unseen feature | class)
	Examples  int                  `json:"examples"`
	FromLog   int                  `json:"from_log"` // examples from logged incidents
	TrainedAt time.Time            `json:"trained_at"`
	// Calibration turns a combined proposal into a calibrated confidence.
	Calibration *Calibration `json:"calibration,omitempty"`
}

// smoothing is the Laplace/Lidstone constant.
const smoothing = 0.2

// features lists a text's features: words, adjacent word pairs, and the
// 3- and 4-letter pieces of each word (which survive typos and affixes).
func features(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]string, 0, len(words)*8)
	for i, w := range words {
		out = append(out, "w:"+w)
		if i > 0 {
			out = append(out, "b:"+words[i-1]+"_"+w)
		}
		g := "<" + w + ">"
		r := []rune(g)
		for n := 3; n <= 4; n++ {
			for j := 0; j+n <= len(r); j++ {
				out = append(out, "c:"+string(r[j:j+n]))
			}
		}
	}
	return out
}

// Train builds a model from examples; fromLog counts those taken from
// logged incidents (reported, not used). Examples without a category are skipped.
func Train(examples []Example, fromLog int) *Model {
	m := &Model{Features: map[string][]float64{}, TrainedAt: time.Now().UTC(), FromLog: fromLog}
	idx := map[CategoryID]int{}
	var docs []int
	for _, e := range examples {
		if e.Category == "" {
			continue
		}
		if _, ok := idx[e.Category]; !ok {
			idx[e.Category] = len(m.Classes)
			m.Classes = append(m.Classes, e.Category)
			docs = append(docs, 0)
		}
	}
	k := len(m.Classes)
	totals := make([]float64, k)
	for _, e := range examples {
		c, ok := idx[e.Category]
		if !ok {
			continue
		}
		docs[c]++
		m.Examples++
		for _, f := range features(e.Text) {
			v := m.Features[f]
			if v == nil {
				v = make([]float64, k)
				m.Features[f] = v
			}
			v[c]++
			totals[c]++
		}
	}
	vocab := float64(len(m.Features))
	m.LogPrior, m.Unseen = make([]float64, k), make([]float64, k)
	for c := range k {
		m.LogPrior[c] = math.Log(float64(docs[c]) / float64(m.Examples))
		denom := totals[c] + smoothing*(vocab+1)
		m.Unseen[c] = math.Log(smoothing / denom)
		for _, v := range m.Features {
			v[c] = math.Log((v[c] + smoothing) / denom)
		}
	}
	return m
}

// Prediction is the model's reading of a description.
type Prediction struct {
	Category CategoryID `json:"category"`
	// Probability of Category, from the model's scores tempered by the
	// number of features (naive Bayes alone is far too sure of itself).
	Probability float64 `json:"probability"`
}

// Predict returns the most likely category. Features never seen in
// training are ignored (they carry no evidence either way).
func (m *Model) Predict(text string) Prediction {
	if m == nil || len(m.Classes) == 0 {
		return Prediction{}
	}
	score := slices.Clone(m.LogPrior)
	n := 0
	for _, f := range features(text) {
		v, ok := m.Features[f]
		if !ok {
			continue
		}
		n++
		for c := range score {
			score[c] += v[c]
		}
	}
	if n == 0 {
		return Prediction{}
	}
	// Temper: features of one text are far from independent.
	t := math.Sqrt(float64(n))
	best, sum := 0, 0.0
	for c := range score {
		if score[c] > score[best] {
			best = c
		}
	}
	for c := range score {
		sum += math.Exp((score[c] - score[best]) / t)
	}
	return Prediction{Category: m.Classes[best], Probability: 1 / sum}
}

// MarshalModel and UnmarshalModel store a model (e.g. in Redis).
func MarshalModel(m *Model) ([]byte, error) { return json.Marshal(m) }

// UnmarshalModel reads a model written by MarshalModel.
func UnmarshalModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("classify: model: %w", err)
	}
	k := len(m.Classes)
	if len(m.LogPrior) != k || len(m.Unseen) != k {
		return nil, fmt.Errorf("classify: model: %d classes but %d priors", k, len(m.LogPrior))
	}
	for f, v := range m.Features {
		if len(v) != k {
			return nil, fmt.Errorf("classify: model: feature %q has %d weights, want %d", f, len(v), k)
		}
	}
	return &m, nil
}
