package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
)

var ctx = context.Background()

func TestOutboxShowsWhatWouldHaveBeenSent(t *testing.T) {
	ob := redisstore.NewOutbox(redistest.NewClient(t), "sigap:", 0)
	start := time.Now().Add(-time.Second)
	id1, err := ob.Send(ctx, agencies.SMS{To: "+6281100000111", Body: "112 TT-0001 KEBAKARAN", IncidentID: "inc-1", Tag: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Send(ctx, agencies.SMS{To: "+6281100000112", Body: "112 TT-0002 BANJIR", IncidentID: "inc-2"}); err != nil {
		t.Fatal(err)
	}
	all, err := ob.List(ctx, 10, "")
	if err != nil || len(all) != 2 || all[0].IncidentID != "inc-2" || all[1].ID != id1 {
		t.Fatalf("list newest first: %+v %v", all, err)
	}
	if all[1].Segments != 1 || all[1].At.Before(start) {
		t.Errorf("message details: %+v", all[1])
	}
	only, _ := ob.List(ctx, 10, "inc-1")
	if len(only) != 1 || only[0].To != "+6281100000111" {
		t.Errorf("filter by incident: %+v", only)
	}
	if id, found, err := ob.Find(ctx, "+6281100000111", "112 TT-0001 KEBAKARAN", start); err != nil || !found || id != id1 {
		t.Errorf("find: %v %v %v", id, found, err)
	}
	if _, found, _ := ob.Find(ctx, "+6281100000111", "another body", start); found {
		t.Error("find matched a different body")
	}
	if _, found, _ := ob.Find(ctx, "+6281100000111", "112 TT-0001 KEBAKARAN", time.Now().Add(time.Hour)); found {
		t.Error("find matched a message older than since")
	}
}

func TestEmbeddedServerKeepsDataAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	start := func() (*redisstore.Embedded, *redis.Client) {
		e, err := redisstore.StartServer(ctx, redisstore.ServerOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		opt, _ := redis.ParseURL(e.URL)
		return e, redis.NewClient(opt)
	}
	e, c := start()
	if !e.Durable {
		t.Fatal("a redis-server child must be durable")
	}
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e, c = start()
	defer e.Close()
	defer c.Close()
	if v, err := c.Get(ctx, "k").Result(); err != nil || v != "v" {
		t.Errorf("after restart: %q %v (the append-only file must bring it back)", v, err)
	}
}

func TestDemoServerIsMarkedNotDurable(t *testing.T) {
	e, err := redisstore.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Durable {
		t.Error("the in-process server keeps nothing: it must not claim to be durable")
	}
	opt, _ := redis.ParseURL(e.URL)
	c := redis.NewClient(opt)
	defer c.Close()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Error(err)
	}
}

func TestStartServerWithoutBinary(t *testing.T) {
	_, err := redisstore.StartServer(ctx, redisstore.ServerOptions{Dir: t.TempDir(), Binary: "/nonexistent/redis-server"})
	if err == nil {
		t.Error("a missing binary must be an error")
	}
}
