package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/deployment"
)

// evalClassify runs `sigap eval classify`: the deployment's classifier on the
// corpus' frozen test split (or -corpus FILE), lexicon alone and combined
// with the model learned from the train split, against issue 11's targets.
func evalClassify(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sigap eval classify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "", "JSON lines of labelled calls (default: the embedded test split)")
	configDir := fs.String("config-dir", getenv("SIGAP_CONFIG_DIR"), "deployment directory (default: embedded Tebing Tinggi)")
	showErrors := fs.Bool("errors", false, "list the calls whose lead or agencies are wrong (for tuning on the TRAIN split only)")
	cv := fs.Bool("cv", false, "5-fold cross-validation of the model on -corpus (the train split) instead")
	model := fs.String("model", "lr+heads", "learned model: lr+heads (logistic regression with victim and non-emergency heads), lr, nb (naive Bayes) or nb+heads")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts, ok := modelChoices[*model]
	if !ok {
		return fmt.Errorf("-model %q: want lr+heads, lr, nb or nb+heads", *model)
	}
	fsys, dir := deploymentFS(*configDir)
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return err
	}
	test, name := classify.TestSplit(), "test split (embedded, hand-written, never used for tuning)"
	if *corpus != "" {
		f, err := os.Open(*corpus)
		if err != nil {
			return err
		}
		defer f.Close()
		if test, err = classify.ReadCorpus(f, *corpus); err != nil {
			return err
		}
		name = *corpus
	}
	tax := dep.Taxonomy
	fmt.Fprintf(stdout, "sigap eval classify: %s, %d calls, deployment %s\n", name, len(test), dep.City.Name)
	fmt.Fprintln(stdout, "lexicon alone:")
	lex := classify.Evaluate(tax.ClassifyLexicon, test)
	lex.Print(stdout)
	if *showErrors {
		printErrors(tax.Classify, test, stdout)
	}
	if *cv {
		crossValidate(tax, test, stdout, opts, *model)
		return nil
	}
	return evalCombined(tax, test, stdout, *showErrors, opts, *model)
}

// modelChoices are the learned models -model can measure.
var modelChoices = map[string]classify.TrainOptions{
	"lr+heads": {Kind: classify.KindLR, Heads: true},
	"lr":       {Kind: classify.KindLR},
	"nb":       {Kind: classify.KindNB},
	"nb+heads": {Kind: classify.KindNB, Heads: true},
}

// errTargets is returned when a target is missed, so scripts can tell.
var errTargets = errors.New("a target was missed")

// evalCombined trains the model on the train split (never on the calls
// measured), installs it and measures again.
func evalCombined(tax *classify.Taxonomy, test []classify.Example, stdout io.Writer, showErrors bool, opts classify.TrainOptions, name string) error {
	train := classify.TrainSplit()
	started := time.Now()
	m := tax.TrainModelWith(train, 0, opts)
	tax.SetModel(m)
	defer tax.SetModel(nil)
	took := time.Since(started).Round(time.Millisecond)
	size := "?"
	if data, err := classify.MarshalModel(m); err == nil {
		size = fmt.Sprintf("%.1f MB", float64(len(data))/1e6)
	}
	fmt.Fprintf(stdout, "lexicon + model (%s on %d train calls, trained in %v, %s as saved in Redis):\n", name, m.Examples, took, size)
	comb := classify.Evaluate(tax.Classify, test)
	comb.Print(stdout)
	if showErrors {
		printErrors(tax.Classify, test, stdout)
	}
	if !comb.Met() {
		return errTargets
	}
	return nil
}

// crossValidate measures the combination on k folds of ex (the train
// split): how the thresholds were chosen without touching the test split.
func crossValidate(tax *classify.Taxonomy, ex []classify.Example, stdout io.Writer, opts classify.TrainOptions, name string) {
	const k = 5
	var all []classify.Metrics
	for f := range k {
		var train, held []classify.Example
		for i, e := range ex {
			if i%k == f {
				held = append(held, e)
			} else {
				train = append(train, e)
			}
		}
		tax.SetModel(tax.TrainModelWith(train, 0, opts))
		all = append(all, classify.Evaluate(tax.Classify, held))
	}
	tax.SetModel(nil)
	fmt.Fprintf(stdout, "lexicon + model (%s), %d-fold cross-validation:\n", name, k)
	classify.Sum(all).Print(stdout)
}

// printErrors lists each call whose agency set is wrong, with the proposal.
func printErrors(propose func(string) classify.Result, ex []classify.Example, w io.Writer) {
	for _, e := range ex {
		r := propose(e.Text)
		got := r.Agencies
		if !r.Emergency {
			got = nil
		}
		if fmt.Sprint(sorted(got)) == fmt.Sprint(sorted(e.Agencies)) {
			continue
		}
		doubt := ""
		if r.Doubt != nil {
			doubt = " doubt=" + r.Doubt.Kind
		}
		fmt.Fprintf(w, "%-18s %-22v got %-16s %-22v%s | %s\n", e.Category, e.Agencies, r.Category, got, doubt, e.Text)
	}
}

func sorted(a []agencies.AgencyID) []string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	sort.Strings(out)
	return out
}
