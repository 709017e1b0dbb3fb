package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigap112/sigap/geo/gazetteer"
	"github.com/sigap112/sigap/geo/gazetteer/osmimport/osmtest"
)

func TestGeoImportWritesAGazetteer(t *testing.T) {
	dir := t.TempDir()
	pbf := filepath.Join(dir, "tebingtinggi.osm.pbf")
	nodes, ways := osmtest.TebingTinggiExample()
	var buf bytes.Buffer
	if err := osmtest.WritePBF(&buf, nodes, ways); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pbf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "gazetteer.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"geo", "import", pbf, "-o", out}, func(string) string { return "" }, &stderr)
	_ = stdout
	if err != nil {
		t.Fatalf("sigap geo import: %v (%s)", err, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gazetteer.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Streets()) != 8 || !strings.Contains(g.Source(), "tebingtinggi.osm.pbf") || g.Example() {
		t.Fatalf("imported %d streets, source %q, example %v", len(g.Streets()), g.Source(), g.Example())
	}
	if err := run(context.Background(), []string{"geo", "import"}, func(string) string { return "" }, &stderr); err == nil {
		t.Fatal("geo import without a file: no error")
	}
}
