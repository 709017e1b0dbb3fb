package classify

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"unicode"
)

// The discriminative model: multinomial logistic regression (softmax, L2)
// over hashed features (words, word pairs, character 3- to 5-grams), and
// two binary heads on the same features: "someone needs medical help"
// (victim) and "nothing to dispatch" (non_emergency). Pure Go, seeded, so
// the same examples always give the same model.

// lrBits: the features are hashed into 2^lrBits buckets. Session 4 (one
// writer out over twelve writers) found 2^17 not worth four times the
// memory: 92.3 / 97.0 / 5.0 % against 92.1 / 97.1 / 5.3 % (lead / dinkes /
// non-emergencies dispatched). With the corpus four times larger (session
// 7, one batch out over twenty folds, 44,254 calls) fewer collisions pay:
// 2^15 93.0 / 97.2 / 3.5 % (doubted emergencies 4.2 %), 2^16 93.2 / 97.3 /
// 3.3 % (4.0 %), 2^17 93.3 / 97.4 / 3.3 % (3.9 %, and 40 % longer to
// train). 2^16 keeps most of it at twice the memory (a 12 MB regression;
// session 8's network over the same buckets brings the model to 34 MB).
const lrBits = 16

// lrShape: the models trained now also hash the sentence's shape (a
// question mark, an exclamation mark, the first and last words and pairs,
// the length): 92.2 / 97.2 / 5.1 % against 92.1 / 97.1 / 5.3 % one writer
// out over twelve writers. A model saved without them (Shape false) is
// read with the features it was trained on.
const lrShape = true

// Softmax is the weights of a multinomial logistic regression over hashed
// features: W[bucket*K+class], one bias per class.
type Softmax struct {
	Bits  int       `json:"bits"`
	Shape bool      `json:"shape,omitempty"` // sentence-shape features (lrShape)
	W     f32s      `json:"w"`
	Bias  []float64 `json:"bias"`
}

// Head is a binary logistic regression over the same hashed features.
type Head struct {
	Bits  int     `json:"bits"`
	Shape bool    `json:"shape,omitempty"`
	W     f32s    `json:"w"`
	Bias  float64 `json:"bias"`
	// Positives and Examples it was trained on (reported, not used).
	Positives int `json:"positives"`
	Examples  int `json:"examples"`
	// Platt maps the head's raw probability to a calibrated one,
	// sigmoid(Platt[0]·logit(p) + Platt[1]), fitted on held-out folds
	// (TrainModel), so that the combination's thresholds keep their
	// meaning when the training data grows. Zero: not calibrated.
	Platt [2]float64 `json:"platt"`
}

// calibrated applies the Platt scaling to a raw probability.
func (h *Head) calibrated(p float64) float64 {
	if h.Platt[0] == 0 {
		return p
	}
	return 1 / (1 + math.Exp(-(h.Platt[0]*logit(p) + h.Platt[1])))
}

func logit(p float64) float64 {
	p = min(max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

// f32s is stored as base64 of little-endian float32s: a JSON array of
// two million numbers would be ten times larger.
type f32s []float32

func (v f32s) MarshalJSON() ([]byte, error) {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return json.Marshal(base64.StdEncoding.EncodeToString(b))
}

func (v *f32s) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	if len(b)%4 != 0 {
		return fmt.Errorf("%d bytes is not a whole number of float32", len(b))
	}
	out := make(f32s, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	*v = out
	return nil
}

// FNV-1a.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// hashed appends the bucket of each feature of text to out: words,
// adjacent word pairs, and the 3-, 4- and 5-letter pieces of each word
// marked with its edges ("<banjr>"), which survive typos, affixes and
// spelling variants. Digits and letters make words; everything else splits.
// With shape, also the sentence's shape: a question or exclamation mark,
// the first and last words and pairs ("yang … itu", "… gak ya"), and the
// length in five bands.
func hashed(text string, bits int, shape bool, out []uint32) []uint32 {
	mask := uint64(1)<<bits - 1
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if shape && len(words) > 0 {
		add := func(s string) { out = append(out, uint32(fnvAdd(fnvOffset, s)&mask)) }
		if strings.Contains(text, "?") {
			add("p:?")
		}
		if strings.Contains(text, "!") {
			add("p:!")
		}
		add("s:" + words[0])
		add("e:" + words[len(words)-1])
		if len(words) > 1 {
			add("s2:" + words[0] + "_" + words[1])
			add("e2:" + words[len(words)-2] + "_" + words[len(words)-1])
		}
		switch n := len(words); {
		case n <= 2:
			add("n:2")
		case n <= 5:
			add("n:5")
		case n <= 10:
			add("n:10")
		case n <= 20:
			add("n:20")
		default:
			add("n:big")
		}
	}
	var offs [64]int
	for i, w := range words {
		out = append(out, uint32(fnvAdd(fnvAdd(fnvOffset, "w:"), w)&mask))
		if i > 0 {
			h := fnvAdd(fnvAdd(fnvOffset, "b:"), words[i-1])
			h = fnvAdd(fnvAdd(h, "_"), w)
			out = append(out, uint32(h&mask))
		}
		// rune offsets of "<" + w + ">"
		g := "<" + w + ">"
		n := 0
		for j := range g {
			if n < len(offs) {
				offs[n] = j
				n++
			}
		}
		if n == len(offs) {
			continue // a 60-letter "word" is noise
		}
		offs[n] = len(g)
		for k := 3; k <= 5; k++ {
			for j := 0; j+k <= n; j++ {
				h := fnvAdd(fnvOffset, string(rune('0'+k)))
				out = append(out, uint32(fnvAdd(h, g[offs[j]:offs[j+k]])&mask))
			}
		}
	}
	return out
}

// example is one training text as hashed features and its labels.
type lrExample struct {
	x      []uint32
	v      float32 // value of each feature: 1/sqrt(len(x))
	class  int
	victim bool
	nonEm  bool
	weight float32
}

// lrOptions are the training's hyper-parameters.
type lrOptions struct {
	Epochs int
	Rate   float64 // initial learning rate
	L2     float64
	Seed   uint64
	// Average: the weights returned are the mean of this many snapshots
	// per epoch over the second half of the run (0: the last weights).
	Average int
}

var defaultLR = lrOptions{Epochs: 8, Rate: 3, L2: 1e-3, Seed: 112, Average: 16}

// trainSoftmax fits the class weights by stochastic gradient descent with
// a decaying rate, in a seeded order.
func trainSoftmax(ex []lrExample, k, bits int, o lrOptions) *Softmax {
	m := &Softmax{Bits: bits, Shape: lrShape, W: make(f32s, (1<<bits)*k), Bias: make([]float64, k)}
	p := make([]float64, k)
	biases := make([]*float64, k)
	for c := range biases {
		biases[c] = &m.Bias[c]
	}
	avg := averager{w: m.W, b: biases}
	defer avg.finish()
	sgd(len(ex), o, 0x5ca1ab1e, avg.snap, func(i int, eta float64) {
		e := &ex[i]
		m.scores(e.x, e.v, p)
		softmaxInPlace(p)
		decay := float32(1 - eta*o.L2)
		for c := range k {
			g := p[c]
			if c == e.class {
				g--
			}
			g *= float64(e.weight)
			if math.Abs(g) < 1e-4 {
				continue
			}
			m.Bias[c] -= eta * g
			d := float32(eta*g) * e.v
			for _, b := range e.x {
				w := &m.W[int(b)*k+c]
				*w = *w*decay - d
			}
		}
	})
	return m
}

// averager sums snapshots of weights w and biases b during training
// (lrOptions.Average) and, at finish, leaves their mean in place (nothing
// when no snapshot was taken).
type averager struct {
	w     []float32
	b     []*float64
	sumW  []float32
	sumB  []float64
	snaps int
}

func (a *averager) snap() {
	if a.sumW == nil {
		a.sumW, a.sumB = make([]float32, len(a.w)), make([]float64, len(a.b))
	}
	for i, w := range a.w {
		a.sumW[i] += w
	}
	for i, b := range a.b {
		a.sumB[i] += *b
	}
	a.snaps++
}

func (a *averager) finish() {
	if a.snaps == 0 {
		return
	}
	for i := range a.sumW {
		a.w[i] = a.sumW[i] / float32(a.snaps)
	}
	for i, b := range a.b {
		*b = a.sumB[i] / float64(a.snaps)
	}
}

// sgd runs o.Epochs passes of stochastic gradient descent over n examples
// in a seeded random order (salt tells the models apart), calling update
// with each example and its learning rate, which decays over the run.
func sgd(n int, o lrOptions, salt uint64, snap func(), update func(i int, eta float64)) {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, salt))
	step := 0
	total := float64(o.Epochs * n)
	every := 0
	if o.Average > 0 {
		every = max(1, n/o.Average)
	}
	for epoch := range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for j, i := range order {
			update(i, o.Rate/(1+4*float64(step)/total))
			step++
			if every > 0 && 2*epoch >= o.Epochs && (j+1)%every == 0 {
				snap()
			}
		}
	}
}

func (m *Softmax) scores(x []uint32, v float32, out []float64) {
	k := len(m.Bias)
	copy(out, m.Bias)
	for _, b := range x {
		row := m.W[int(b)*k : int(b)*k+k]
		for c, w := range row {
			out[c] += float64(w * v)
		}
	}
}

func softmaxInPlace(p []float64) {
	mx := math.Inf(-1)
	for _, s := range p {
		mx = max(mx, s)
	}
	sum := 0.0
	for c, s := range p {
		p[c] = math.Exp(s - mx)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
}

// trainHead fits a binary head; label picks the positive examples.
func trainHead(ex []lrExample, bits int, label func(*lrExample) bool, o lrOptions) *Head {
	h := &Head{Bits: bits, Shape: lrShape, W: make(f32s, 1<<bits), Examples: len(ex)}
	for i := range ex {
		if label(&ex[i]) {
			h.Positives++
		}
	}
	avg := averager{w: h.W, b: []*float64{&h.Bias}}
	defer avg.finish()
	sgd(len(ex), o, 0x4ead, avg.snap, func(i int, eta float64) {
		e := &ex[i]
		y := 0.0
		if label(e) {
			y = 1
		}
		g := (h.prob(e.x, e.v) - y) * float64(e.weight)
		if math.Abs(g) < 1e-4 {
			return
		}
		h.Bias -= eta * g
		d := float32(eta*g) * e.v
		decay := float32(1 - eta*o.L2)
		for _, b := range e.x {
			h.W[b] = h.W[b]*decay - d
		}
	})
	return h
}

func (h *Head) prob(x []uint32, v float32) float64 {
	z := h.Bias
	for _, b := range x {
		z += float64(h.W[b] * v)
	}
	return 1 / (1 + math.Exp(-z))
}

// Prob is the head's probability for a description.
func (h *Head) Prob(text string) float64 {
	if h == nil {
		return 0
	}
	x := hashed(text, h.Bits, h.Shape, make([]uint32, 0, 8*len(text)/5+8))
	if len(x) == 0 {
		return 0
	}
	return h.calibrated(h.prob(x, float32(1/math.Sqrt(float64(len(x))))))
}

func (h *Head) validate(name string) error {
	if h == nil {
		return nil
	}
	if h.Bits < 1 || h.Bits > 24 || len(h.W) != 1<<h.Bits {
		return fmt.Errorf("classify: model: %s head: %d weights for %d bits", name, len(h.W), h.Bits)
	}
	return nil
}

// lrExamples hashes the examples; classes gets the category index.
func lrExamples(examples []Example, idx map[CategoryID]int, bits int, weight func(int) float32) []lrExample {
	out := make([]lrExample, 0, len(examples))
	for i, e := range examples {
		c, ok := idx[e.Category]
		if !ok {
			continue
		}
		x := hashed(e.Text, bits, lrShape, nil)
		if len(x) == 0 {
			continue
		}
		out = append(out, lrExample{x: x, v: float32(1 / math.Sqrt(float64(len(x)))), class: c,
			victim: e.Victim, nonEm: e.NonEmergency, weight: weight(i)})
	}
	return out
}
