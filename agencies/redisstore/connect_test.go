package redisstore

import (
	"strings"
	"testing"
)

func TestTargetForms(t *testing.T) {
	tests := []struct {
		name     string
		target   Target
		master   string
		addrs    string
		password string
		db       int
		err      string
	}{
		{"sentinel URL", Target{URL: "redis-sentinel://:rahasia@s1:26379,s2:26380,s3/sigap/2?dial_timeout=3s"},
			"sigap", "s1:26379,s2:26380,s3:26379", "rahasia", 2, ""},
		{"redis+sentinel", Target{URL: "redis+sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster"}, "mymaster", "10.0.0.1:26379,10.0.0.2:26379", "", 0, ""},
		{"go-redis form", Target{URL: "redis://s1:26379?master_name=sigap&addr=s2:26379&addr=s3:26379"}, "sigap", "s1:26379,s2:26379,s3:26379", "", 0, ""},
		{"environment", Target{Sentinels: []string{"s1:26379", "s2:26379"}, Master: "sigap"}, "sigap", "s1:26379,s2:26379", "", 0, ""},
		{"no master", Target{URL: "redis-sentinel://s1:26379"}, "", "", "", 0, "MASTER"},
		{"master missing in env", Target{Sentinels: []string{"s1:26379"}}, "", "", "", 0, "both are needed"},
		{"both URL and env", Target{URL: "redis://x:6379", Sentinels: []string{"s1:26379"}, Master: "m"}, "", "", "", 0, "not both"},
		{"bad sentinel address", Target{Sentinels: []string{"s1"}, Master: "m"}, "", "", "", 0, "host:port"},
		{"unknown parameter", Target{URL: "redis-sentinel://s1:26379/m?dial_timout=3s"}, "", "", "", 0, "unexpected option"},
		{"replica only", Target{URL: "redis://s1:26379?master_name=m&replica_only=true"}, "", "", "", 0, "needs the master"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.target.Sentinel() {
				t.Fatalf("not recognised as Sentinel")
			}
			fo, err := tt.target.failoverOptions()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fo.MasterName != tt.master || strings.Join(fo.SentinelAddrs, ",") != tt.addrs || fo.Password != tt.password || fo.DB != tt.db {
				t.Errorf("got master %q addrs %v password %q db %d", fo.MasterName, fo.SentinelAddrs, fo.Password, fo.DB)
			}
		})
	}
	if (Target{URL: "redis://localhost:6379/0"}).Sentinel() {
		t.Error("a plain URL taken for Sentinel")
	}
	if d := (Target{URL: "redis-sentinel://:rahasia@s1:26379/m"}).Describe(); strings.Contains(d, "rahasia") {
		t.Errorf("password in the log: %s", d)
	}
	if d := (Target{URL: "redis://user:rahasia@h:6379/0"}).Describe(); strings.Contains(d, "rahasia") {
		t.Errorf("password in the log: %s", d)
	}
}
