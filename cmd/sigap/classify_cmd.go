package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/learning"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
)

// classifyCommand runs `sigap classify train`: trains the classifier's model
// from the corpus' train split and the incidents in the server's Redis,
// saves it there (a running server loads it within a minute) and prints
// what it changes on the frozen test split.
func classifyCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "train" {
		return errors.New("usage: sigap classify train [-config-dir DIR]")
	}
	fs := flag.NewFlagSet("sigap classify train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configDir := fs.String("config-dir", getenv("SIGAP_CONFIG_DIR"), "deployment directory (default: embedded Tebing Tinggi)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	fsys, dir := deploymentFS(*configDir)
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return err
	}
	rdb, stop, err := serverRedis(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer stop()
	store := dredis.New(rdb, dredis.Options{Location: dep.Location})
	l := learning.New(learning.Config{}, store, store, dep.Taxonomy, zap.NewNop())
	m, err := l.Train(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "model trained on %d examples (%d dispatched incidents, each counted 3 times) and saved in Redis\n", m.Examples, m.FromLog)
	test := classify.TestSplit()
	fmt.Fprintln(stdout, "test split, lexicon + this model:")
	classify.Evaluate(dep.Taxonomy.Classify, test).Print(stdout)
	return nil
}
