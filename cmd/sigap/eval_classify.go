package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
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
	corpus := fs.String("corpus", "", "JSON lines of labelled calls, or several files separated by commas, each measured on its own with one trained model (default: the embedded test split)")
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
	// Every file is read before the model is trained (minutes): a wrong
	// name fails at once.
	sets := []evalSet{{classify.TestSplit(), "test split (embedded, hand-written, never used for tuning)"}}
	if *corpus != "" {
		sets = nil
		for _, p := range strings.Split(*corpus, ",") {
			test, err := readCorpusFile(strings.TrimSpace(p))
			if err != nil {
				return err
			}
			sets = append(sets, evalSet{test, strings.TrimSpace(p)})
		}
	}
	if *cv && len(sets) != 1 {
		return fmt.Errorf("-cv: one -corpus file (the train split), not %d", len(sets))
	}
	tax := dep.Taxonomy
	if *cv {
		printLexicon(tax, sets[0], dep.City.Name, *showErrors, stdout)
		crossValidate(tax, sets[0].calls, stdout, opts, *model)
		return nil
	}
	return evalCombined(tax, sets, dep.City.Name, stdout, *showErrors, opts, *model)
}

// evalSet is one labelled file measured by `sigap eval classify`.
type evalSet struct {
	calls []classify.Example
	name  string
}

func readCorpusFile(path string) ([]classify.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return classify.ReadCorpus(f, path)
}

// printLexicon prints a set's heading and the word lists' figures alone.
func printLexicon(tax *classify.Taxonomy, set evalSet, city string, showErrors bool, stdout io.Writer) {
	fmt.Fprintf(stdout, "sigap eval classify: %s, %d calls, deployment %s\n", set.name, len(set.calls), city)
	fmt.Fprintln(stdout, "lexicon alone:")
	classify.Evaluate(tax.ClassifyLexicon, set.calls).Print(stdout)
	if showErrors {
		printErrors(tax.ClassifyLexicon, set.calls, stdout)
	}
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

// evalCombined trains the model on the train split once (never on the
// calls measured), installs it and measures each set, lexicon alone and
// combined.
func evalCombined(tax *classify.Taxonomy, sets []evalSet, city string, stdout io.Writer, showErrors bool, opts classify.TrainOptions, name string) error {
	train := classify.TrainSplit()
	started := time.Now()
	m := tax.TrainModelWith(train, 0, opts)
	took := time.Since(started).Round(time.Millisecond)
	size := "?"
	if data, err := classify.MarshalModel(m); err == nil {
		size = fmt.Sprintf("%.1f MB", float64(len(data))/1e6)
	}
	var missed []string
	for i, set := range sets {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		printLexicon(tax, set, city, showErrors, stdout)
		tax.SetModel(m)
		fmt.Fprintf(stdout, "lexicon + model (%s on %d train calls, trained in %v, %s as saved in Redis):\n", name, m.Examples, took, size)
		comb := classify.Evaluate(tax.Classify, set.calls)
		comb.Print(stdout)
		if showErrors {
			printErrors(tax.Classify, set.calls, stdout)
		}
		tax.SetModel(nil)
		if !comb.Met() {
			missed = append(missed, set.name)
		}
	}
	if len(missed) > 0 {
		return fmt.Errorf("%w on %s", errTargets, strings.Join(missed, ", "))
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
