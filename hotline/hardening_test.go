package hotline

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestParallelWrongPasswordsCheckedAtMostFive: 60 wrong passwords posted at
// once for one name; the attempt is counted before the password is checked,
// so at most 5 reach the password check. (Checking first and counting
// after let all 60 through.)
func TestParallelWrongPasswordsCheckedAtMostFive(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "admin", RoleAdmin, "kunci-rahasia-kantor", false)
	b := f.browser(t)
	token := b.csrf("/login")
	var wg sync.WaitGroup
	statuses := make(chan int, 60)
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := b.do("POST", "/login", url.Values{"name": {"admin"}, "password": {"tebakan-salah"}, "_csrf": {token}})
			statuses <- r.status
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if f.acc.checks > LoginMaxFailures || count[http.StatusTooManyRequests] < 60-LoginMaxFailures {
		t.Errorf("%d passwords checked (want ≤ %d); statuses %v", f.acc.checks, LoginMaxFailures, count)
	}
	if r := f.browser(t).login("admin", "kunci-rahasia-kantor", "/"); r.status != http.StatusTooManyRequests {
		t.Errorf("the right password from the same address while locked: %d", r.status)
	}
}

func TestAdminUnlocksAndEnables(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "admin", RoleAdmin, "kunci-rahasia-kantor", false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	admin := f.browser(t)
	admin.login("admin", "kunci-rahasia-kantor", "/")
	budi := f.browser(t)
	for range LoginMaxFailures {
		budi.login("budi", "salah-sekali-lagi", "/")
	}
	if r := budi.login("budi", "kuda-lari-cepat", "/"); r.status != http.StatusTooManyRequests {
		t.Fatalf("not locked: %d", r.status)
	}
	token := admin.csrf("/admin/users")
	if r := admin.do("POST", "/admin/users/budi/unlock", url.Values{"_csrf": {token}}); r.status != 200 || !strings.Contains(r.body, "Kunci masuk untuk budi dibuka") {
		t.Fatalf("unlock: %d", r.status)
	}
	if r := budi.login("budi", "kuda-lari-cepat", "/"); r.status != http.StatusSeeOther {
		t.Errorf("after unlock: %d", r.status)
	}
	admin.do("POST", "/admin/users/budi/disable", url.Values{"_csrf": {token}})
	if r := budi.do("GET", "/board", nil); r.status != http.StatusSeeOther {
		t.Errorf("disabled user's session: %d", r.status)
	}
	r := admin.do("POST", "/admin/users/budi/enable", url.Values{"_csrf": {token}})
	if r.status != 200 || !strings.Contains(r.body, "budi diaktifkan kembali") {
		t.Fatalf("enable: %d", r.status)
	}
	if r := budi.login("budi", "kuda-lari-cepat", "/"); r.status != http.StatusSeeOther {
		t.Errorf("sign in after enable: %d", r.status)
	}
}

func TestPasswordChangeNeedsCurrentAndEndsOtherSessions(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	here, there := f.browser(t), f.browser(t)
	here.login("budi", "kuda-lari-cepat", "/")
	there.login("budi", "kuda-lari-cepat", "/")
	token := here.csrf("/password")
	form := url.Values{"_csrf": {token}, "password": {"gajah-terbang-pelan"}, "confirm": {"gajah-terbang-pelan"}}
	if r := here.do("POST", "/password", form); r.status != 400 || !strings.Contains(r.body, "Kata sandi sekarang wajib diisi") {
		t.Errorf("without the current password: %d", r.status)
	}
	form.Set("current", "tebakan-orang-lain")
	if r := here.do("POST", "/password", form); r.status != 400 || !strings.Contains(r.body, "Kata sandi sekarang salah") {
		t.Errorf("wrong current password: %d", r.status)
	}
	form.Set("current", "kuda-lari-cepat")
	if r := here.do("POST", "/password", form); r.status != http.StatusSeeOther {
		t.Fatalf("change: %d %s", r.status, r.body)
	}
	if r := here.do("GET", "/board", nil); r.status != 200 {
		t.Errorf("the session that changed it: %d", r.status)
	}
	if r := there.do("GET", "/board", nil); r.status != http.StatusSeeOther {
		t.Errorf("the other session still works: %d", r.status)
	}
}

func TestTokensAPI(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "admin", RoleAdmin, "kunci-rahasia-kantor", false)
	f.acc.add(t, "cad", RoleCallTaker, "", true)
	adminTok, _ := f.acc.IssueToken(context.Background(), "admin")
	b := f.browser(t)
	auth := "Bearer " + adminTok
	post := func(path, body string) response {
		req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", "application/json")
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return response{status: resp.StatusCode, header: resp.Header, body: string(data)}
	}
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"unknown field", `{"label":"x","expires_in":3}`, 400, `"expires_in"`},
		{"null", `null`, 400, "empty_body"},
		{"too long", `{"days":9999}`, 400, `"days"`},
		{"ok", `{"label":"CAD","days":30}`, 201, `"token":"sgp_`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := post("/api/v1/users/cad/tokens", tt.body); r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Errorf("%d %s, want %d with %s", r.status, r.body, tt.status, tt.want)
			}
		})
	}
	r := b.do("GET", "/api/v1/users/cad/tokens", nil, "Authorization", auth)
	if r.status != 200 || strings.Count(r.body, `"id"`) != 1 {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	toks, _ := f.acc.Tokens(context.Background(), "cad")
	if r := b.do("DELETE", "/api/v1/users/cad/tokens/"+toks[0].ID, nil, "Authorization", auth); r.status != http.StatusNoContent {
		t.Errorf("revoke: %d %s", r.status, r.body)
	}
	if r := b.do("DELETE", "/api/v1/users/cad/tokens/"+toks[0].ID, nil, "Authorization", auth); r.status != http.StatusNotFound {
		t.Errorf("revoke twice: %d %s", r.status, r.body)
	}
	cadTok, _ := f.acc.IssueToken(context.Background(), "cad")
	if r := b.do("GET", "/api/v1/users/admin/tokens", nil, "Authorization", "Bearer "+cadTok); r.status != http.StatusForbidden {
		t.Errorf("a call-taker lists the admin's tokens: %d", r.status)
	}
	if r := b.do("GET", "/api/v1/users/cad/tokens", nil, "Authorization", "Bearer "+cadTok); r.status != 200 {
		t.Errorf("own tokens: %d", r.status)
	}
}
