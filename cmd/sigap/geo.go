package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/geo/gazetteer/osmimport"
)

// geoCommand runs `sigap geo import CITY.osm.pbf [-o FILE]`: build the
// deployment's gazetteer (streets and landmarks inside the city) from an
// OpenStreetMap extract.
func geoCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 1 || args[0] != "import" {
		return errors.New("usage: sigap geo import CITY.osm.pbf [-o gazetteer.json]")
	}
	fs := flag.NewFlagSet("geo import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "gazetteer.json", "where to write the gazetteer (then name it in city.yaml: gazetteer: geo/gazetteer.json)")
	// The extract may come before or after the flags.
	var files []string
	rest := args[1:]
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) != 1 {
		return errors.New("usage: sigap geo import CITY.osm.pbf [-o gazetteer.json]")
	}
	fsys, dir := deploymentFS(getenv("SIGAP_CONFIG_DIR"))
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return err
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	info, _ := f.Stat()
	source := fmt.Sprintf("OpenStreetMap contributors (ODbL), %s of %s", filepath.Base(files[0]), info.ModTime().UTC().Format(time.DateOnly))
	g, stats, err := osmimport.Import(ctx, f, dep.Atlas, source)
	if err != nil {
		return err
	}
	data, err := osmimport.Encode(g)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d streets and %d landmarks in %s (read %d nodes, %d ways; dropped %d unnamed, %d outside the city)\n",
		*out, stats.Streets, stats.Landmarks, dep.City.Name, stats.Nodes, stats.Ways, stats.Unnamed, stats.OutsideCity)
	return nil
}
