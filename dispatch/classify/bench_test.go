package classify

import "testing"

// BenchmarkClassify measures one classification of a typical description,
// cycling through the sample calls.
func BenchmarkClassify(b *testing.B) {
	tx := testTaxonomy(b)
	var texts []string
	for _, c := range readCalls(b, "calls.jsonl") {
		texts = append(texts, c.Text)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tx.Classify(texts[i%len(texts)])
		i++
	}
}

// TestClassifyAllocations keeps Classify allocation-light: it runs on every
// keystroke, and only the result (agencies and reasons) may be allocated.
func TestClassifyAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	tx := testTaxonomy(t)
	tx.Classify("warm up the pool")
	for _, text := range []string{
		"Kecelakaan truk terguling di jalan lintas, sopirnya terjepit",
		"tlg pak ada kbakaran di gang mesjid, rmh papan udah abis dimakan api",
		"tidak ada apa-apa",
	} {
		n := testing.AllocsPerRun(100, func() { tx.Classify(text) })
		if n > 2 {
			t.Errorf("Classify(%q) allocates %v times per call, want at most 2", text, n)
		}
	}
}
