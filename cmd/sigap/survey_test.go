package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
)

// After a resolved incident the caller's feedback SMS carries, besides the
// quick 1–5 question, a single-use link to the official survey (IKM); the
// link opens on the running server and takes one answer.
func TestFeedbackSMSLinksToTheOfficialSurvey(t *testing.T) {
	cfg := copyDeployment(t, "city.yaml", "feedback_sms_after: 10m", "feedback_sms_after: 1s")
	h := newHarnessWith(t, func(o *Options) { o.ConfigDir = cfg })
	h.runWorkers(t.Context())
	inc := h.createFire()
	h.waitNotified(inc.ID, 2)
	if resp, body := h.post("/api/v1/incidents/"+inc.Code+"/close", map[string]string{"disposition": "resolved"}, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("close: %d %s", resp.StatusCode, body)
	}
	const caller = "+6281234567890"
	link := regexp.MustCompile(`Survei resmi \(9 pertanyaan, 1 menit\): (http://\S+/survei/[A-Za-z0-9_-]{22})$`)
	var survey string
	h.waitFor(func() bool {
		for _, m := range h.messagesTo(caller) {
			if s := link.FindStringSubmatch(m.Body); s != nil && strings.Contains(m.Body, "Balas angka 1") {
				survey = s[1]
				if n := agencies.Segments(m.Body); n > 2 {
					t.Errorf("the feedback SMS takes %d segments: %q", n, m.Body)
				}
				return true
			}
		}
		return false
	}, 10*time.Second)
	if !strings.HasPrefix(survey, h.http.URL+"/survei/") {
		t.Fatalf("the link must point at the public URL: %q", survey)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(survey)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("survey page: %d", res.StatusCode)
	}
	form := url.Values{"_csrf": {string(m[1])}}
	for _, k := range []string{"requirements", "procedure", "time", "cost", "product", "competence", "conduct", "complaints", "facilities"} {
		form.Set(k, "4")
	}
	for i, want := range []int{http.StatusSeeOther, http.StatusGone} {
		res, err := client.PostForm(survey, form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("submit %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
	// The quick reply still works alongside.
	if got := h.reply(caller, "5"); !strings.Contains(got, "5/5") {
		t.Errorf("the 1–5 reply: %q", got)
	}
}
