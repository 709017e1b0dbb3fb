package twiliosms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies/twiliosms"
)

func TestConfigValidate(t *testing.T) {
	good := twiliosms.Config{
		AccountSID: "AC0123456789abcdef0123456789ABCDEF",
		AuthToken:  "0123456789abcdef0123456789abcdef",
		From:       "+6261123456",
	}
	tests := []struct {
		name     string
		edit     func(*twiliosms.Config)
		badField []string // empty: valid
	}{
		{"minimal", func(*twiliosms.Config) {}, nil},
		{"all set", func(c *twiliosms.Config) {
			c.APIURL, c.StatusCallbackURL = "http://127.0.0.1:8099", "https://sigap.example/sms/status?city=tt"
			c.Timeout = 5 * time.Second
		}, nil},
		{"API URL with path prefix", func(c *twiliosms.Config) { c.APIURL = "https://proxy.example/twilio" }, nil},
		{"empty SID", func(c *twiliosms.Config) { c.AccountSID = "" }, []string{"AccountSID"}},
		{"API key instead of account", func(c *twiliosms.Config) { c.AccountSID = "SK0123456789abcdef0123456789abcdef" },
			[]string{"AccountSID"}},
		{"short SID", func(c *twiliosms.Config) { c.AccountSID = "AC0123" }, []string{"AccountSID"}},
		{"empty token", func(c *twiliosms.Config) { c.AuthToken = "" }, []string{"AuthToken"}},
		{"token with symbols", func(c *twiliosms.Config) { c.AuthToken = "abc-123" }, []string{"AuthToken"}},
		{"local From", func(c *twiliosms.Config) { c.From = "061123456" }, []string{"From"}},
		{"alphanumeric sender", func(c *twiliosms.Config) { c.From = "SIGAP112" }, []string{"From"}},
		{"API URL without scheme", func(c *twiliosms.Config) { c.APIURL = "localhost:8099" }, []string{"APIURL"}},
		{"API URL with query", func(c *twiliosms.Config) { c.APIURL = "http://localhost:8099?x=1" }, []string{"APIURL"}},
		{"callback not http", func(c *twiliosms.Config) { c.StatusCallbackURL = "ftp://sigap.example/s" },
			[]string{"StatusCallbackURL"}},
		{"callback without host", func(c *twiliosms.Config) { c.StatusCallbackURL = "https:///status" },
			[]string{"StatusCallbackURL"}},
		{"negative timeout", func(c *twiliosms.Config) { c.Timeout = -time.Second }, []string{"Timeout"}},
		{"several at once", func(c *twiliosms.Config) { c.AuthToken, c.From = "", "" },
			[]string{"AuthToken", "From"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			err := cfg.Validate()
			if len(tt.badField) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want error naming %v", tt.badField)
			}
			for _, f := range tt.badField {
				if !strings.Contains(err.Error(), "Config."+f+":") {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
			if _, err := twiliosms.New(cfg, nil); err == nil {
				t.Error("New accepted an invalid config")
			}
		})
	}
}
