package redisstore_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/learning"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

// corpusSample is every 20th call of the train split: training on the whole
// split takes minutes under the race detector, and what these tests show
// (logged incidents change a later proposal; Redis down still trains) does
// not depend on its size.
func corpusSample() []classify.Example {
	var out []classify.Example
	for i, e := range classify.TrainSplit() {
		if i%20 == 0 {
			out = append(out, e)
		}
	}
	return out
}

// TestLearningFromDispatchedIncidentsChangesALaterProposal: calls in words
// the word lists do not know are dispatched by the call-taker as an animal
// rescue; after training on the logged incidents, a later call in similar
// words is proposed as an animal rescue. The model is saved in Redis and a
// second server picks it up.
func TestLearningFromDispatchedIncidentsChangesALaterProposal(t *testing.T) {
	ctx := context.Background()
	store, _, _ := newStore(t)
	dep, err := deployment.Load(configs.FS, configs.Default) // own taxonomy: the model is installed in it
	if err != nil {
		t.Fatal(err)
	}
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: store, Timers: store, Calls: store, Callers: store, Hoax: dep.Hoax, Taxonomy: dep.Taxonomy,
		Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	later := "kerbau pak lurah kejeblos ke rawa, tinggal kepalanya"
	if r := dep.Taxonomy.Classify(later); r.Category == "hewan" {
		t.Fatalf("before learning the proposal is already %q: the test proves nothing", r.Category)
	}
	for _, d := range []string{
		"kerbau warga kejeblos di rawa belakang kampung, cuma kelihatan kepalanya",
		"ada kerbau kejeblos ke rawa dekat sawah, gak bisa naik",
		"kerbau terperosok di rawa-rawa, tinggal kepala yang kelihatan",
		"sapi kejeblos di rawa, pemiliknya sudah coba tarik pakai tali",
	} {
		_, _, err := intake.NewService(svc).Intake(ctx, dispatch.Report{CallerPhone: "0812-3456-7890", Description: d,
			Lat: 3.319242, Lon: 99.155676, Category: "hewan", Channel: dispatch.ChannelAPI}, "")
		if err != nil {
			t.Fatal(err)
		}
	}
	corpus := corpusSample()
	l := learning.New(learning.Config{Corpus: corpus}, store, store, dep.Taxonomy, zap.NewNop())
	m, err := l.Train(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.FromLog != 4 {
		t.Errorf("trained on %d logged incidents, want 4", m.FromLog)
	}
	r := dep.Taxonomy.Classify(later)
	if r.Category != "hewan" || r.Lead != "damkar" || r.Model == nil {
		t.Errorf("after learning: %q lead %q (model %+v), want hewan led by damkar", r.Category, r.Lead, r.Model)
	}
	if r2 := dep.Taxonomy.ClassifyLexicon(later); r2.Category == "hewan" {
		t.Error("the word lists alone changed: the model did not make the difference")
	}

	// Another instance with its own taxonomy loads the saved model.
	dep2, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	data, err := store.LoadModel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := classify.UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	dep2.Taxonomy.SetModel(saved)
	if r := dep2.Taxonomy.Classify(later); r.Category != "hewan" {
		t.Errorf("with the saved model: %q, want hewan", r.Category)
	}
}

// TestLearnerWithoutRedisTrainsOnTheCorpus: Redis down at training time
// never leaves the classifier without a model, and says so.
func TestLearnerWithoutRedisTrainsOnTheCorpus(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1}) // nothing listens there
	defer rdb.Close()
	store := redisstore.New(rdb, redisstore.Options{})
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	corpus := corpusSample()
	l := learning.New(learning.Config{Corpus: corpus}, store, store, dep.Taxonomy, zap.NewNop())
	m, err := l.Train(ctx)
	if err == nil {
		t.Error("saving the model with Redis down: want an error")
	}
	if m == nil || dep.Taxonomy.Model() != m || m.FromLog != 0 || m.Examples != len(corpus) {
		t.Fatalf("model %+v not installed from the corpus", m)
	}
}

// TestLearnerServesTheSavedModelWhileRetraining: after a restart the model
// saved in Redis is installed at once, before the (long) training on the
// corpus finishes; then the new one replaces it.
func TestLearnerServesTheSavedModelWhileRetraining(t *testing.T) {
	store, _, _ := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	corpus := corpusSample()
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	saved := dep.Taxonomy.TrainModel(corpus[:60], 0)
	data, err := classify.MarshalModel(saved)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SaveModel(ctx, data); err != nil {
		t.Fatal(err)
	}
	restarted, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	l := learning.New(learning.Config{Corpus: corpus, Every: time.Hour}, store, store, restarted.Taxonomy, zap.NewNop())
	done := make(chan struct{})
	go func() { defer close(done); l.Run(ctx) }()
	var first *classify.Model
	deadline := time.Now().Add(2 * time.Minute)
	for {
		m := restarted.Taxonomy.Model()
		if first == nil && m != nil {
			first = m
		}
		if m != nil && m.Examples == len(corpus) || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if first == nil || first.Examples != saved.Examples {
		t.Errorf("first model served after the restart: %+v, want the saved one (%d examples)", first, saved.Examples)
	}
	if m := restarted.Taxonomy.Model(); m == nil || m.Examples != len(corpus) {
		t.Errorf("after training: %+v, want the model trained on the %d corpus calls", m, len(corpus))
	}
}

// countingModels counts the reads of the whole saved model.
type countingModels struct {
	*redisstore.Store
	loads atomic.Int32
}

func (c *countingModels) LoadModel(ctx context.Context) ([]byte, error) {
	c.loads.Add(1)
	return c.Store.LoadModel(ctx)
}

// TestLearnerReadsTheSavedModelOnlyWhenItChanged: the model in Redis is
// tens of megabytes; an instance checking for a newer one reads only its
// stamp until another instance (or `sigap classify train`) saves one, then
// installs that one once.
func TestLearnerReadsTheSavedModelOnlyWhenItChanged(t *testing.T) {
	store, _, _ := newStore(t)
	models := &countingModels{Store: store}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	corpus := corpusSample()[:200]
	l := learning.New(learning.Config{Corpus: corpus, Every: time.Hour, Check: 20 * time.Millisecond}, store, models, dep.Taxonomy, zap.NewNop())
	done := make(chan struct{})
	go func() { defer close(done); l.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("waited a minute for %s", what)
			}
		}
	}
	waitFor("the first training to be saved", func() bool { s, _ := store.ModelStamp(ctx); return s != "" })
	own := dep.Taxonomy.Model()
	before := models.loads.Load()      // the read at start, before anything was saved
	time.Sleep(300 * time.Millisecond) // about fifteen checks
	if n := models.loads.Load() - before; n != 0 {
		t.Errorf("the model this instance saved was read back %d times", n)
	}

	// Another instance saves a newer model.
	newer := *own
	newer.TrainedAt = own.TrainedAt.Add(time.Hour)
	data, err := classify.MarshalModel(&newer)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SaveModel(ctx, data); err != nil {
		t.Fatal(err)
	}
	waitFor("the newer model to be installed", func() bool { return dep.Taxonomy.Model().TrainedAt.Equal(newer.TrainedAt) })
	time.Sleep(300 * time.Millisecond)
	if n := models.loads.Load() - before; n != 1 {
		t.Errorf("the newer model was read %d times, want once", n)
	}
}
