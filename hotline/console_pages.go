package hotline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
)

// jsDict is every console string in one language, for the page scripts.
func jsDict(lang Lang) map[string]string {
	out := make(map[string]string, len(consoleTexts)+len(boardTexts))
	for k := range consoleTexts {
		out[k] = uiText(lang, k)
	}
	for k := range boardTexts {
		out[k] = uiText(lang, k)
	}
	return out
}

type callTypeOption struct {
	Value, Key, Label string
	Checked           bool
}

type villageOption struct {
	Code, Name, District string
	Lat, Lon             float64
}

// HandleIntakePage is the call-taker's screen. ?caller=NUMBER pre-fills the
// number (a telephony screen-pop), so focus starts on the description.
func (s *Server) HandleIntakePage() gin.HandlerFunc {
	return func(c *gin.Context) {
		lang := uiLang(c)
		types := []callTypeOption{{"emergency", "D", "", true}, {"information", "I", "", false}, {"non_emergency", "N", "", false},
			{"silent", "S", "", false}, {"prank", "P", "", false}, {"dropped", "T", "", false}}
		for i := range types {
			types[i].Label = uiText(lang, "type_"+types[i].Value)
		}
		var villages []villageOption
		for _, v := range s.dep.Atlas.Villages() {
			d, _ := s.dep.Atlas.Parent(v.Code)
			ct := v.Shape.Centroid()
			if !v.Shape.Contains(ct) { // a concave kelurahan: take a point that is inside
				ct = insidePoint(s.dep, v.Code, ct)
			}
			villages = append(villages, villageOption{Code: v.Code, Name: v.Name, District: d.Name, Lat: ct[1], Lon: ct[0]})
		}
		sort.Slice(villages, func(i, j int) bool { return villages[i].Name < villages[j].Name })
		var cats []struct {
			ID, Name string
			Priority int
		}
		for _, cat := range s.dep.Taxonomy.Categories() {
			if cat.Emergency {
				name := cat.Name
				if lang == langEN && cat.NameEN != "" {
					name = cat.NameEN
				}
				cats = append(cats, struct {
					ID, Name string
					Priority int
				}{string(cat.ID), name, int(cat.Priority)})
			}
		}
		var cues []callTypeOption
		for _, cue := range []string{"child_voice", "laughter", "asks_money", "obscene"} {
			cues = append(cues, callTypeOption{Value: cue, Label: uiText(lang, "cue_"+cue)})
		}
		s.render(c, http.StatusOK, "intake", "nav_intake", gin.H{
			"Dict": jsDict(lang), "CallTypes": types, "Cues": cues, "Villages": villages, "Categories": cats,
			"Map": s.cityMap.SVG, "Caller": c.Query("caller"), "WarningAt": s.dep.Charter.WarningAt,
			"ServerNow": s.intake.Now().UnixMilli(), "GazetteerExample": s.dep.Gazetteer != nil && s.dep.Gazetteer.Example(),
		})
	}
}

// HandleBoardPage is the live board of open incidents.
func (s *Server) HandleBoardPage() gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		s.render(c, http.StatusOK, "board", "nav_board", gin.H{"Dict": jsDict(uiLang(c)), "WarningAt": s.dep.Charter.WarningAt,
			"Map": s.cityMap.SVG, "Kecamatan": s.dep.Atlas.Districts(), "Agencies": s.dep.Directory.Agencies(),
			"CanAct": u != nil && u.Dispatches(), "Complaints": u != nil && (u.Role == RoleSupervisor || u.Role == RoleAdmin)})
	}
}

// HandleIncidentPage shows one incident with its timeline and actions.
func (s *Server) HandleIncidentPage() gin.HandlerFunc {
	return func(c *gin.Context) {
		inc, err := s.store.Get(c.Request.Context(), c.Param("id"))
		if err != nil || !mayseeIncident(currentUser(c), inc) {
			s.render(c, http.StatusNotFound, "forbidden", "not_found_title", nil)
			return
		}
		stations := map[agencies.AgencyID][]gin.H{}
		for _, a := range s.dep.Directory.Agencies() {
			for _, st := range s.dep.Directory.Stations(a.ID) {
				stations[a.ID] = append(stations[a.ID], gin.H{"id": st.ID, "name": st.Name})
			}
		}
		u := currentUser(c)
		s.render(c, http.StatusOK, "incident", "incident_title", gin.H{
			"ID": inc.ID, "Dict": jsDict(uiLang(c)), "Stations": stations, "CanAct": u != nil && u.Dispatches(),
			"Supervisor":   u != nil && (u.Role == RoleSupervisor || u.Role == RoleAdmin),
			"Statuses":     []string{"acknowledged", "en_route", "on_scene", "resolved", "false_report", "declined"},
			"Dispositions": []string{"resolved", "false_report", "duplicate", "referred", "cancelled", "no_action"},
		})
	}
}

// HandleOutboxPage lists the SMS that would have been sent (demo).
func (s *Server) HandleOutboxPage() gin.HandlerFunc {
	return func(c *gin.Context) {
		var msgs []outboxRow
		if s.outbox != nil {
			list, err := s.outbox.List(c.Request.Context(), 200, "")
			if err != nil {
				s.fail(c, err)
				return
			}
			for _, m := range list {
				msgs = append(msgs, outboxRow{At: m.At.In(s.dep.Location), To: m.To, Body: m.Body, Segments: m.Segments})
			}
		}
		s.render(c, http.StatusOK, "outbox", "nav_outbox", gin.H{"Messages": msgs})
	}
}

type outboxRow struct {
	At       time.Time
	To, Body string
	Segments int
}

// HandleSimulatorPage lets a demo visitor play the responders.
func (s *Server) HandleSimulatorPage() gin.HandlerFunc {
	return func(c *gin.Context) {
		s.render(c, http.StatusOK, "simulator", "nav_simulator", gin.H{"Dict": jsDict(uiLang(c))})
	}
}

// HandleSimulatorReply sends a responder's reply the way Twilio would: a
// form signed with the auth token, posted to the public webhook URL.
func (s *Server) HandleSimulatorReply() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct{ Phone, Body string }
		if !s.readJSON(c, &req) {
			return
		}
		answer, err := s.simulateReply(c.Request.Context(), req.Phone, req.Body)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"answer": answer})
	}
}

// WebhookSigner signs a form posted to url as the SMS provider signs its
// webhooks (cmd sets the Twilio one), so that the simulator's replies pass
// the same signature check as a real SMS.
type WebhookSigner interface {
	Sign(url string, form url.Values) string
}

func (s *Server) simulateReply(ctx context.Context, phone, body string) (string, error) {
	if s.signer == nil {
		return "", fmt.Errorf("%w: the responder simulator has no webhook signer", dispatch.ErrUnavailable)
	}
	path := "/webhooks/twilio/sms"
	form := url.Values{"MessageSid": {fmt.Sprintf("SMsim%027d", time.Now().UnixNano())}, "From": {phone}, "To": {"112"},
		"Body": {body}, "NumMedia": {"0"}}
	sig := s.signer.Sign(strings.TrimRight(s.cfg.PublicURL, "/")+path, form)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(s.cfg.SelfURL, "/")+path, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", errors.New("webhook answered " + resp.Status)
	}
	if s.outbox == nil {
		return "", nil
	}
	last, err := s.outbox.List(ctx, 20, "")
	for _, m := range last {
		if m.To == phone {
			return m.Body, err
		}
	}
	return "", err
}

// insidePoint finds a point inside a kelurahan whose centroid falls outside
// it, on a grid over its bounding box.
func insidePoint(dep *deployment.Deployment, code string, ct [2]float64) [2]float64 {
	a, _ := dep.Atlas.Area(code)
	b := a.Shape.Bound()
	for i := 1; i < 50; i++ {
		for j := 1; j < 50; j++ {
			p := [2]float64{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/50, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/50}
			if a.Shape.Contains(p) {
				return p
			}
		}
	}
	return ct
}
