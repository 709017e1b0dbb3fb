package redisstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	agencyredis "github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
	"github.com/sigap112/sigap/hotline/redisstore"
)

// complaintBackends are the servers the store must work on: redis-server,
// and the in-process server of demo mode (its Lua error replies differ).
func complaintBackends(t *testing.T) map[string]redis.UniversalClient {
	t.Helper()
	demo, err := agencyredis.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = demo.Close() })
	opt, _ := redis.ParseURL(demo.URL)
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	return map[string]redis.UniversalClient{"redis-server": redistest.NewClient(t), "demo": rdb}
}

func TestComplaintsSubmitListAnswer(t *testing.T) {
	for name, rdb := range complaintBackends(t) {
		t.Run(name, func(t *testing.T) {
			s := redisstore.NewComplaints(rdb, redisstore.ComplaintOptions{})
			at := time.Date(2026, 11, 22, 3, 4, 5, 6, time.UTC)
			in := []hotline.Complaint{
				{At: at, Text: "Petugas lama sekali mengangkat telepon."},
				{At: at.Add(time.Minute), Name: "Budi", Contact: "0812 1111 2222", Text: "Terima kasih, ambulans cepat datang. <b>mantap</b>"},
			}
			for i, c := range in {
				got, err := s.Submit(ctx, c, "10.0.0.1")
				if err != nil || got.ID != []string{"1", "2"}[i] || got.Status != hotline.ComplaintOpen {
					t.Fatalf("submit %d: %+v %v", i, got, err)
				}
			}
			list, err := s.List(ctx, 10)
			if err != nil || len(list) != 2 {
				t.Fatalf("list: %+v %v", list, err)
			}
			if list[0].ID != "2" || list[0].Name != "Budi" || list[0].Contact != "0812 1111 2222" || list[0].Text != in[1].Text ||
				!list[0].At.Equal(in[1].At) || list[1].Name != "" || list[1].Status != hotline.ComplaintOpen {
				t.Errorf("newest first, every field kept: %+v", list)
			}
			if err := s.Answer(ctx, "1", "Sudah kami tindak lanjuti.", "sari", at.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			list, _ = s.List(ctx, 1)
			if len(list) != 1 || list[0].ID != "2" {
				t.Errorf("limit: %+v", list)
			}
			list, _ = s.List(ctx, 10)
			if a := list[1]; a.Status != hotline.ComplaintAnswered || a.Answer != "Sudah kami tindak lanjuti." || a.AnsweredBy != "sari" ||
				!a.AnsweredAt.Equal(at.Add(time.Hour)) || a.Text != in[0].Text {
				t.Errorf("answered: %+v", a)
			}
			for _, id := range []string{"3", "abc", "", "1:x"} {
				if err := s.Answer(ctx, id, "x", "sari", at); !errors.Is(err, hotline.ErrComplaintNotFound) {
					t.Errorf("answer %q: %v, want ErrComplaintNotFound", id, err)
				}
			}
		})
	}
}

func TestComplaintsLimitPerAddress(t *testing.T) {
	for name, rdb := range complaintBackends(t) {
		t.Run(name, func(t *testing.T) {
			s := redisstore.NewComplaints(rdb, redisstore.ComplaintOptions{PerWindow: 2, Window: 300 * time.Millisecond})
			c := hotline.Complaint{At: time.Now(), Text: "lagi"}
			steps := []struct {
				ip      string
				wait    time.Duration
				limited bool
			}{
				{"10.0.0.1", 0, false}, {"10.0.0.1", 0, false}, {"10.0.0.1", 0, true}, {"10.0.0.1", 0, true},
				{"10.0.0.2", 0, false}, // another address has its own count
				{"10.0.0.1", 400 * time.Millisecond, false},
			}
			if name == "demo" {
				steps = steps[:5] // the in-process server does not expire keys by itself
			}
			stored := 0
			for i, st := range steps {
				time.Sleep(st.wait)
				_, err := s.Submit(ctx, c, st.ip)
				if limited := errors.Is(err, hotline.ErrTooManyComplaints); limited != st.limited || (err != nil && !limited) {
					t.Fatalf("step %d (%s): err %v, want limited=%v", i, st.ip, err, st.limited)
				}
				if err == nil {
					stored++
				}
			}
			if list, _ := s.List(ctx, 100); len(list) != stored {
				t.Errorf("%d complaints stored, want %d (a refused one is not kept)", len(list), stored)
			}
		})
	}
}

func TestComplaintsOfAccountsShareTheirRedis(t *testing.T) {
	a, rdb := newAccounts(t, redisstore.Options{Prefix: "kota:"})
	if _, err := a.Complaints().Submit(ctx, hotline.Complaint{At: time.Now(), Text: "halo"}, "::1"); err != nil {
		t.Fatal(err)
	}
	list, err := redisstore.NewComplaints(rdb, redisstore.ComplaintOptions{Prefix: "kota:"}).List(ctx, 10)
	if err != nil || len(list) != 1 || list[0].Text != "halo" {
		t.Errorf("complaint through the accounts store: %+v %v", list, err)
	}
	if n, _ := rdb.Exists(ctx, "kota:complaints").Result(); n != 1 {
		t.Error("the accounts' key prefix must be used")
	}
}

func TestComplaintsRedisDownIsUnavailable(t *testing.T) {
	srv := redistest.Start(t)
	opt, _ := redis.ParseURL(srv.URL)
	opt.MaxRetries = -1
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	s := redisstore.NewComplaints(rdb, redisstore.ComplaintOptions{})
	srv.Kill()
	_, errSubmit := s.Submit(ctx, hotline.Complaint{Text: "x"}, "::1")
	_, errList := s.List(ctx, 10)
	errAnswer := s.Answer(ctx, "1", "x", "sari", time.Now())
	for i, err := range []error{errSubmit, errList, errAnswer} {
		if !errors.Is(err, dispatch.ErrUnavailable) {
			t.Errorf("call %d: %v, want ErrUnavailable", i, err)
		}
	}
}
