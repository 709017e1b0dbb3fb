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

// Model is the learned classifier, trained from labelled examples (the
// corpus' train split and the incidents a call-taker dispatched): a
// category model, multinomial logistic regression (Kind "lr", the default)
// or naive Bayes, over words, word pairs and character n-grams, and two
// binary heads, "someone needs medical help" (Victim) and "nothing to
// dispatch" (NonEmergency). Pure Go, no network, seeded. It is combined
// with the word lists (Taxonomy.SetModel): the lexicon's reasons and
// signals stay, the model decides where the lexicon is unsure or silent.
type Model struct {
	// Kind is "lr" (logistic regression, Softmax) or "" / "nb" (naive
	// Bayes: LogPrior, Features, Unseen; what older builds saved).
	Kind     string               `json:"kind,omitempty"`
	Classes  []CategoryID         `json:"classes"`
	LogPrior []float64            `json:"log_prior,omitempty"`
	Features map[string][]float64 `json:"features,omitempty"` // feature → log P(feature | class)
	Unseen   []float64            `json:"unseen,omitempty"`   // log P(unseen feature | class)
	Softmax  *Softmax             `json:"softmax,omitempty"`
	// Heads read what the category alone misses: someone needing medical
	// help, and a call with nothing to dispatch. Nil when not trained.
	Victim       *Head     `json:"victim,omitempty"`
	NonEmergency *Head     `json:"non_emergency,omitempty"`
	Examples     int       `json:"examples"`
	FromLog      int       `json:"from_log"` // examples from logged incidents
	TrainedAt    time.Time `json:"trained_at"`
	// Calibration turns a combined proposal into a calibrated confidence.
	Calibration *Calibration `json:"calibration,omitempty"`
	// MLP: a small neural network whose probabilities are averaged with
	// the regression's (mlp.go); absent in models saved before session 8.
	MLP *MLP `json:"mlp,omitempty"`
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

// classesOf lists the categories of examples in order of first use, with
// each one's index; examples without a category are skipped.
func classesOf(examples []Example) ([]CategoryID, map[CategoryID]int) {
	var classes []CategoryID
	idx := map[CategoryID]int{}
	for _, e := range examples {
		if _, ok := idx[e.Category]; !ok && e.Category != "" {
			idx[e.Category] = len(classes)
			classes = append(classes, e.Category)
		}
	}
	return classes, idx
}

// Train builds a model from examples; fromLog counts those taken from
// logged incidents (reported, not used). Examples without a category are skipped.
func Train(examples []Example, fromLog int) *Model {
	m := &Model{Features: map[string][]float64{}, TrainedAt: time.Now().UTC(), FromLog: fromLog}
	var idx map[CategoryID]int
	m.Classes, idx = classesOf(examples)
	k := len(m.Classes)
	docs := make([]int, k)
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
	// Probability of Category: the softmax's, or for naive Bayes its
	// scores tempered by the number of features (naive Bayes alone is far
	// too sure of itself).
	Probability float64 `json:"probability"`
	// Victim and NonEmergency are the heads' probabilities that someone
	// needs medical help and that there is nothing to dispatch (0 without
	// heads).
	Victim       float64 `json:"victim,omitempty"`
	NonEmergency float64 `json:"non_emergency,omitempty"`
	// Emergency is the model's most likely emergency category (logistic
	// regression only), whatever Category is, and its probability.
	Emergency            CategoryID `json:"emergency,omitempty"`
	EmergencyProbability float64    `json:"emergency_probability,omitempty"`
	// tails are the readings of the call from each of its sentence breaks
	// on (Taxonomy.predict; a pointer, so that a Prediction stays
	// comparable).
	tails *[]Prediction
}

// Predict returns the most likely category. Features never seen in
// training are ignored (they carry no evidence either way).
func (m *Model) Predict(text string) Prediction { return m.predictWith(text, nil) }

// predictWith is Predict; emergency (may be nil) says which classes are
// emergencies, for Prediction.Emergency.
func (m *Model) predictWith(text string, emergency func(CategoryID) bool) Prediction {
	if m == nil || len(m.Classes) == 0 {
		return Prediction{}
	}
	if m.Softmax != nil {
		return m.predictLRWith(text, emergency)
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
	em := -1
	for c := range score {
		sum += math.Exp((score[c] - score[best]) / t)
		if emergency != nil && emergency(m.Classes[c]) && (em < 0 || score[c] > score[em]) {
			em = c
		}
	}
	p := Prediction{Category: m.Classes[best], Probability: 1 / sum}
	if em >= 0 {
		p.Emergency, p.EmergencyProbability = m.Classes[em], math.Exp((score[em]-score[best])/t)/sum
	}
	if m.Victim != nil || m.NonEmergency != nil {
		p.Victim, p.NonEmergency = m.Victim.Prob(text), m.NonEmergency.Prob(text)
	}
	return p
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
	if err := m.Victim.validate("victim"); err != nil {
		return nil, err
	}
	if err := m.NonEmergency.validate("non_emergency"); err != nil {
		return nil, err
	}
	switch m.Kind {
	case KindLR:
		if s := m.Softmax; s == nil || s.Bits < 1 || s.Bits > 24 || len(s.W) != k<<s.Bits || len(s.Bias) != k || k == 0 {
			return nil, fmt.Errorf("classify: model: logistic regression weights do not match %d classes", k)
		}
		if err := m.MLP.validate(k, m.Softmax.Bits, m.Softmax.Shape); err != nil {
			return nil, err
		}
		return &m, nil
	case "", KindNB:
		if m.Softmax != nil || m.MLP != nil {
			return nil, fmt.Errorf("classify: model: naive Bayes with logistic regression or network weights")
		}
	default:
		return nil, fmt.Errorf("classify: model: unknown kind %q (want %q or %q)", m.Kind, KindNB, KindLR)
	}
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

// Model kinds.
const (
	KindNB = "nb"
	KindLR = "lr"
)

// TrainLR builds a logistic-regression model from examples, with the
// victim and non-emergency heads when heads is set; fromLog counts those
// taken from logged incidents (reported, not used).
func TrainLR(examples []Example, fromLog int, heads bool) *Model {
	return trainLR(examples, fromLog, heads, mlpOn)
}

// trainLR is TrainLR with or without the network (with the heads only).
func trainLR(examples []Example, fromLog int, heads, network bool) *Model {
	m := &Model{Kind: KindLR, TrainedAt: time.Now().UTC(), FromLog: fromLog}
	var idx map[CategoryID]int
	m.Classes, idx = classesOf(examples)
	if len(m.Classes) == 0 {
		return m
	}
	ex := lrExamples(examples, idx, lrBits, func(int) float32 { return 1 })
	m.Examples = len(ex)
	m.Softmax = trainSoftmax(ex, len(m.Classes), lrBits, defaultLR)
	if heads {
		m.Victim, m.NonEmergency = trainHeads(ex)
		if network && len(ex) >= mlpMinExamples {
			m.MLP = trainMLP(ex, len(m.Classes), lrBits, defaultLR)
		}
	}
	return m
}

// trainHeads fits the victim and non-emergency heads.
func trainHeads(ex []lrExample) (victim, nonEmergency *Head) {
	return trainHead(ex, lrBits, func(e *lrExample) bool { return e.victim }, defaultLR),
		trainHead(ex, lrBits, func(e *lrExample) bool { return e.nonEm }, defaultLR)
}

// TrainNBWithHeads is Train (naive Bayes for the category) with the
// logistic-regression heads.
func TrainNBWithHeads(examples []Example, fromLog int) *Model {
	m := Train(examples, fromLog)
	idx := map[CategoryID]int{}
	for i, c := range m.Classes {
		idx[c] = i
	}
	m.Victim, m.NonEmergency = trainHeads(lrExamples(examples, idx, lrBits, func(int) float32 { return 1 }))
	return m
}

func (m *Model) predictLR(text string) Prediction { return m.predictLRWith(text, nil) }

// predictLRWith is predictLR; emergency (may be nil) says which classes
// are emergencies, for Prediction.Emergency.
func (m *Model) predictLRWith(text string, emergency func(CategoryID) bool) Prediction {
	s := m.Softmax
	x := hashed(text, s.Bits, s.Shape, make([]uint32, 0, 8*len(text)/5+8))
	if len(x) == 0 {
		return Prediction{}
	}
	v := float32(1 / math.Sqrt(float64(len(x))))
	var buf [64]float64
	p := buf[:0]
	if len(m.Classes) > len(buf) {
		p = make([]float64, 0, len(m.Classes))
	}
	p = p[:len(m.Classes)]
	s.scores(x, v, p)
	softmaxInPlace(p)
	var nv, nn float64
	if n := m.MLP; n != nil {
		var qb [64]float64
		q := qb[:0]
		if len(p) <= len(qb) {
			q = qb[:len(p)]
		} else {
			q = make([]float64, len(p))
		}
		nv, nn = n.probs(x, v, q)
		for c := range p {
			p[c] = (1-n.Mix)*p[c] + n.Mix*q[c]
		}
	}
	best, em := 0, -1
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
		if emergency != nil && emergency(m.Classes[c]) && (em < 0 || p[c] > p[em]) {
			em = c
		}
	}
	out := Prediction{Category: m.Classes[best], Probability: p[best]}
	if em >= 0 {
		out.Emergency, out.EmergencyProbability = m.Classes[em], p[em]
	}
	if m.Victim != nil && m.Victim.Bits == s.Bits && m.Victim.Shape == s.Shape {
		out.Victim = m.Victim.calibrated(m.Victim.prob(x, v))
	} else {
		out.Victim = m.Victim.Prob(text)
	}
	if m.NonEmergency != nil && m.NonEmergency.Bits == s.Bits && m.NonEmergency.Shape == s.Shape {
		out.NonEmergency = m.NonEmergency.calibrated(m.NonEmergency.prob(x, v))
	} else {
		out.NonEmergency = m.NonEmergency.Prob(text)
	}
	if n := m.MLP; n != nil {
		out.Victim = (1-n.Mix)*out.Victim + n.Mix*nv
		out.NonEmergency = (1-n.Mix)*out.NonEmergency + n.Mix*nn
	}
	return out
}
