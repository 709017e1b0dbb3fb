package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sigap112/sigap/dispatch/deployment"
)

// configCommand is `sigap config check [DIR]`: a city editing its deployment
// files loads them exactly as the server does, without Redis or Twilio, and
// sees every problem (file:line, field, the key meant) or a summary of what
// the server would run with. DIR defaults to the embedded deployment.
func configCommand(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return fmt.Errorf("usage: sigap config check [DIR]")
	}
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("usage: sigap config check [DIR]")
	}
	dir := fs.Arg(0)
	fsys, root := deploymentFS(dir)
	if dir == "" {
		dir = "(embedded) " + root
	}
	dep, err := deployment.Load(fsys, root)
	if err != nil {
		problems := splitErrors(err)
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		return fmt.Errorf("config check %s: %d problem(s); the server would refuse to start", dir, len(problems))
	}
	printSummary(stdout, dir, dep)
	return nil
}

// splitErrors lists the problems of a joined error one per line.
func splitErrors(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		out = append(out, e.Error())
	}
	walk(err)
	return out
}

func printSummary(w io.Writer, dir string, dep *deployment.Deployment) {
	d := dep.Directory
	stations, examples, supervisors := 0, 0, 0
	var agencies []string
	for _, a := range d.Agencies() {
		agencies = append(agencies, string(a.ID))
		for _, s := range d.Stations(a.ID) {
			stations++
			if s.Example {
				examples++
			}
			supervisors += len(d.Supervisors(s.ID))
		}
	}
	fmt.Fprintf(w, "config check %s: OK\n", dir)
	fmt.Fprintf(w, "city:        %s (%s), %s, incident codes %s-NNNN\n", dep.City.Name, dep.City.Code, dep.City.Timezone, dep.City.IncidentPrefix)
	fmt.Fprintf(w, "boundaries:  %d kecamatan, %d kelurahan, %d neighbouring area(s)\n",
		len(dep.Atlas.Districts()), len(dep.Atlas.Villages()), len(dep.Atlas.Neighbours()))
	fmt.Fprintf(w, "agencies:    %d (%s), %d stations, %d supervisors\n", len(agencies), strings.Join(agencies, ", "), stations, supervisors)
	fmt.Fprintf(w, "charter:     %d standards from %s, warning at %.0f%%, call processing %v\n",
		len(dep.Charter.Standards()), dep.Charter.ValidFrom.Format("2006-01-02"), dep.Charter.WarningAt*100, dep.Charter.CallProcessing)
	fmt.Fprintf(w, "taxonomy:    %d categories\n", len(dep.Taxonomy.Categories()))
	fmt.Fprintf(w, "hoax:        verify ≥ %v, suspected ≥ %v, %d duplicate groups\n",
		dep.Hoax.Levels.Verify, dep.Hoax.Levels.Suspected, len(dep.Hoax.Duplicates.Groups))
	if dep.City.FeedbackDelay > 0 {
		fmt.Fprintf(w, "feedback:    rating SMS %v after an incident is resolved\n", dep.City.FeedbackDelay)
	} else {
		fmt.Fprintln(w, "feedback:    rating SMS off (feedback_sms_after is 0 or absent)")
	}
	if examples > 0 {
		fmt.Fprintf(w, "warning:     %d station(s) still hold example data (contoh): replace them before going live\n", examples)
	}
	for _, msg := range d.Warnings {
		fmt.Fprintf(w, "warning:     %s\n", msg)
	}
}
