package classify

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpus guards the corpus: its size, its labels and the split.
func TestCorpus(t *testing.T) {
	tx := testTaxonomy(t)
	train, test := TrainSplit(), TestSplit()
	if len(train)+len(test) < 2000 || len(test) < 500 {
		t.Errorf("corpus %d train + %d test, want >= 2000 with >= 500 test", len(train), len(test))
	}
	seen := map[string]bool{}
	for _, e := range train {
		seen[e.Text] = true
	}
	cats := map[CategoryID]bool{}
	for _, e := range test {
		if seen[e.Text] {
			t.Errorf("test line also in train: %q", e.Text)
		}
		cats[e.Category] = true
	}
	for _, split := range [][]Example{train, test} {
		for _, e := range split {
			c, ok := tx.Category(e.Category)
			if !ok {
				t.Fatalf("%q: unknown category %q", e.Text, e.Category)
			}
			if e.NonEmergency != !c.Emergency || e.NonEmergency != (len(e.Agencies) == 0) || len(e.Agencies) > 0 && e.Agencies[0] != e.Lead {
				t.Errorf("%q: inconsistent labels %+v", e.Text, e)
			}
		}
	}
	for _, c := range tx.Categories() {
		if !cats[c.ID] {
			t.Errorf("category %s has no call in the test split", c.ID)
		}
	}
}

// TestModelLearnsAndRoundTrips: the model learns wording the word lists do
// not know, and survives being stored.
func TestModelLearnsAndRoundTrips(t *testing.T) {
	ex := []Example{
		{Text: "kerbau kejeblos di rawa", Category: "hewan"},
		{Text: "sapi kejeblos ke rawa belakang", Category: "hewan"},
		{Text: "rumah terbakar api besar", Category: "kebakaran"},
		{Text: "kebakaran gudang asap hitam", Category: "kebakaran"},
	}
	m := Train(ex, 0)
	if p := m.Predict("kambing kejeblos rawa"); p.Category != "hewan" || p.Probability <= 0.5 || p.Probability > 1 {
		t.Errorf("prediction %+v, want hewan", p)
	}
	if p := m.Predict("zzz qqq"); p.Category != "" {
		t.Errorf("no known feature: %+v, want nothing", p)
	}
	sameAfterRoundTrip(t, m, "kerbau di rawa")
	if _, err := UnmarshalModel([]byte(`{"classes":["a"],"log_prior":[]}`)); err == nil {
		t.Error("an inconsistent model was accepted")
	}
}

// BenchmarkClassifyWithModel: word lists plus the learned model, as the
// server runs it.
func BenchmarkClassifyWithModel(b *testing.B) {
	tx, err := Parse(mustRead(b, "../../configs/tebingtinggi/taxonomy.yaml"), "taxonomy.yaml")
	if err != nil {
		b.Fatal(err)
	}
	tx.SetModel(tx.TrainModel(TrainSplit(), 0))
	var texts []string
	for _, c := range readCalls(b, "calls.jsonl") {
		texts = append(texts, c.Text)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		tx.Classify(texts[i%len(texts)])
		i++
	}
}

// TestBlindSetsStayOutOfTrain: no call of a blind set (outside*.jsonl) is
// in the train split word for word, and each writer batch's record of who
// wrote which train lines (tools/train_writers*.writers, read by
// tools/batch_folds.py --writers) still adds up to its source.
func TestBlindSetsStayOutOfTrain(t *testing.T) {
	inTrain := map[string]bool{}
	for _, e := range TrainSplit() {
		inTrain[e.Text] = true
	}
	blind, err := filepath.Glob("testdata/corpus/outside*.jsonl")
	if err != nil || len(blind) < 6 {
		t.Fatalf("blind sets %v: %v", blind, err)
	}
	for _, p := range blind {
		ex, err := ReadCorpus(bytes.NewReader(mustRead(t, p)), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ex {
			if inTrain[e.Text] {
				t.Errorf("%s: a blind call is in train: %q", p, e.Text)
			}
		}
	}
	sides, err := filepath.Glob("testdata/corpus/tools/train_writers*.writers")
	if err != nil || len(sides) < 2 {
		t.Fatalf("writer records %v: %v", sides, err)
	}
	for _, side := range sides {
		rec, src := mustRead(t, side), mustRead(t, strings.TrimSuffix(side, ".writers")+".src")
		named := 0
		for _, line := range strings.Split(strings.TrimSpace(string(rec)), "\n") {
			var who string
			var n int
			if _, err := fmt.Sscan(line, &who, &n); err != nil || n <= 0 {
				t.Fatalf("%s: %q: %v", side, line, err)
			}
			named += n
		}
		if lines := strings.Count(strings.TrimSpace(string(src)), "\n") + 1; named != lines {
			t.Errorf("%s names %d lines, its source has %d", side, named, lines)
		}
	}
}

// TestAgreementSetIsTrainCalls: the second labelling (agreement.jsonl,
// tools/agreement.py) is of train calls only, valid under the taxonomy, so
// measuring agreement never reads a test or blind call.
func TestAgreementSetIsTrainCalls(t *testing.T) {
	tx := testTaxonomy(t)
	inTrain := map[string]bool{}
	for _, e := range TrainSplit() {
		inTrain[strings.Join(strings.Fields(e.Text), " ")] = true
	}
	const p = "testdata/corpus/agreement.jsonl"
	ex, err := ReadCorpus(bytes.NewReader(mustRead(t, p)), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 600 {
		t.Errorf("%s: %d calls, want 600", p, len(ex))
	}
	for _, e := range ex {
		if !inTrain[strings.Join(strings.Fields(e.Text), " ")] {
			t.Errorf("%s: not a train call: %q", p, e.Text)
		}
		if c, ok := tx.Category(e.Category); !ok || c.Emergency == e.NonEmergency {
			t.Errorf("%s: %q: category %q does not fit non_emergency %v", p, e.Text, e.Category, e.NonEmergency)
		}
	}
}
