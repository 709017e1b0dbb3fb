package hotline

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/report"
)

// The public charter page (/piagam) tells citizens what the 112 service
// promises, how a call is handled and how well the promise was kept: only
// the charter and aggregates per agency, never an incident code, a number,
// a name, an address or a place. It needs no sign-in.

// Public page settings.
const (
	publicCacheTTL   = 5 * time.Minute     // the page's figures are recomputed at most this often
	publicCSRFCookie = "sigap_public_csrf" // double-submit token of the complaint form (no session exists)
	publicFormLimit  = 64 << 10            // a 1,000-character message, URL-encoded, fits easily
	securityPolicy   = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
)

// publicRoutes registers the public charter page and its complaint form (no sign-in).
func (s *Server) publicRoutes(r *gin.Engine) {
	cache := &publicCache{ttl: publicCacheTTL}
	box := s.complaintStore()
	r.GET("/piagam", s.HandlePublicPage(cache, box))
	r.POST("/piagam/pengaduan", s.HandleComplaintSubmit(cache, box))
	r.GET("/piagam/aduan", s.HandleReceiptLookup())
	r.GET("/piagam/aduan/:nomor", s.HandleReceiptPage(box))
	s.surveyRoutes(r)
}

// publicData is the language-specific content of the page, cached.
type publicData struct {
	City, Intro string
	Charters    []publicCharter // the version in force, then any announced for later
	Flow, Chart template.HTML
	Months      []publicMonth
	FiguresDown bool // the figures could not be computed (storage down)
	Updated     string
	Citizen     publicCitizen // rights and obligations, vision, mission, channels, survey (public_citizen.go)
}

// publicCharter is one version of the charter in plain words.
type publicCharter struct {
	ValidFrom string
	Current   bool
	Agencies  []publicAgency
}

type publicAgency struct {
	Name  string
	Lines []string
}

type publicMonth struct {
	Label string
	Rows  []publicRow
}

// publicRow is one agency's month: counts and shares only.
type publicRow struct {
	Agency                       string
	Incidents                    int
	Ack, Arrive, Resolve, Median string
}

// publicView is what public.html gets.
type publicView struct {
	P      *publicData
	Form   formView
	Sent   string // confirmation after a complaint was stored
	Closed bool   // complaints cannot be received now
	Other  Lang   // the language switch
}

// publicCache keeps the page's content per language for ttl.
type publicCache struct {
	ttl     time.Duration
	mu      sync.Mutex
	entries map[Lang]publicEntry
}

type publicEntry struct {
	at   time.Time
	data *publicData
}

// get returns the cached content or builds it; one build at a time, so a
// burst of visitors computes the figures once. Content built while storage
// was down is not kept.
func (pc *publicCache) get(lang Lang, now time.Time, build func() *publicData) *publicData {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e, ok := pc.entries[lang]; ok && now.Sub(e.at) < pc.ttl && now.Sub(e.at) >= 0 {
		return e.data
	}
	d := build()
	if pc.entries == nil {
		pc.entries = map[Lang]publicEntry{}
	}
	if !d.FiguresDown {
		pc.entries[lang] = publicEntry{at: now, data: d}
	}
	return d
}

// HandlePublicPage shows the charter page (GET /piagam).
func (s *Server) HandlePublicPage(pc *publicCache, box Complaints) gin.HandlerFunc {
	return func(c *gin.Context) {
		if q := c.Query("lang"); q == "id" || q == "en" {
			http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
				Secure: s.auth.secureCookies, SameSite: http.SameSiteLaxMode})
		}
		v := publicView{Form: formView{Values: map[string]string{}, Errors: map[string]string{}}}
		if id := c.Query("terkirim"); id != "" {
			if _, err := strconv.ParseUint(id, 10, 64); err == nil {
				v.Sent = fill(uiText(uiLang(c), "pub_sent"), id)
			}
		}
		s.renderPublic(c, pc, box, http.StatusOK, v)
	}
}

// renderPublic writes the page with its own minimal layout (no console
// navigation, no demo aids) and the console's security headers.
func (s *Server) renderPublic(c *gin.Context, pc *publicCache, box Complaints, status int, v publicView) {
	lang := uiLang(c)
	token, err := c.Cookie(publicCSRFCookie)
	if err != nil || len(token) != 43 {
		token = NewSecret(32)
		s.auth.setCookie(c, publicCSRFCookie, token, 24*3600)
	}
	v.P = pc.get(lang, s.intake.Now(), func() *publicData { return s.publicData(c.Request.Context(), lang) })
	v.Closed, v.Other = box == nil, langID
	if lang == langID {
		v.Other = langEN
	}
	p := page{Lang: lang, CSRF: token, Path: c.Request.URL.Path, Data: v}
	p.Title = p.T("pub_title")
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Content-Security-Policy", securityPolicy)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-store") // the form carries this visitor's token
	c.Status(status)
	if err := s.console.pages["public"].ExecuteTemplate(c.Writer, "public", p); err != nil {
		s.log.Error("render public: " + err.Error())
	}
}

// publicData builds the page's content in one language.
func (s *Server) publicData(ctx context.Context, lang Lang) *publicData {
	t := func(k string) string { return uiText(lang, k) }
	now := s.intake.Now()
	versions := s.chartersFrom(ctx, now)
	d := &publicData{City: s.dep.City.Name, Intro: fill(t("pub_intro"), humanDuration(versions[0].CallProcessing, lang)),
		Updated: now.In(s.dep.Location).Format("2006-01-02 15:04 MST")}
	for i, v := range versions {
		d.Charters = append(d.Charters, publicCharter{ValidFrom: v.ValidFrom.In(s.dep.Location).Format("2006-01-02"),
			Current: i == 0, Agencies: s.publicStandards(v, lang)})
	}
	var steps []string
	for i := 1; i <= 5; i++ {
		steps = append(steps, t("pub_flow_"+strconv.Itoa(i)))
	}
	d.Flow = flowDiagram{Title: t("pub_flow_title"), Steps: steps}.SVG()
	s.publicFigures(ctx, d, lang)
	d.Citizen = s.publicCitizen(ctx, lang, versions[0])
	return d
}

// chartersFrom returns the charter version in force at now, then the
// versions announced to start later, oldest first.
func (s *Server) chartersFrom(ctx context.Context, now time.Time) []*agencies.Charter {
	current := s.dep.Charter
	var later []*agencies.Charter
	for _, v := range s.intake.Charters(ctx) { // oldest first
		if v.ValidFrom.After(now) {
			later = append(later, v)
		} else {
			current = v
		}
	}
	return append([]*agencies.Charter{current}, later...)
}

// publicStandards words every line of a charter in plain language, per
// agency: "DAMKAR — semua kejadian gawat (P1): diterima dalam 1 menit, …".
func (s *Server) publicStandards(ch *agencies.Charter, lang Lang) []publicAgency {
	std := ch.Standards()
	var out []publicAgency
	for _, a := range s.dep.Directory.Agencies() {
		pa := publicAgency{Name: a.Name}
		for _, p := range []agencies.Priority{agencies.P1, agencies.P2, agencies.P3, 0} { // the general line last
			for _, st := range std {
				if st.Agency == a.ID && st.Priority == p {
					pa.Lines = append(pa.Lines, fill(uiText(lang, "pub_standard"), a.ShortName, s.standardScope(st, std, lang),
						humanDuration(st.Targets.Acknowledge, lang), humanDuration(st.Targets.Arrive, lang), humanDuration(st.Targets.Resolve, lang)))
				}
			}
		}
		if len(pa.Lines) > 0 {
			out = append(out, pa)
		}
	}
	return out
}

// standardScope says which calls a charter line covers: the category
// ("semua kejadian" for "*") and the priority; a line for any priority is
// "other priorities" when the agency has lines for specific ones.
func (s *Server) standardScope(st agencies.Standard, all []agencies.Standard, lang Lang) string {
	what := uiText(lang, "pub_all_incidents")
	if cat, ok := s.dep.Taxonomy.Category(classify.CategoryID(st.Category)); ok && st.Category != "*" {
		what = strings.ToLower(categoryName(cat, lang))
	}
	if st.Priority != 0 {
		return what + " " + uiText(lang, "p"+strconv.Itoa(int(st.Priority))) + " (" + st.Priority.String() + ")"
	}
	for _, o := range all {
		if o.Agency == st.Agency && o.Category == st.Category && o.Priority != 0 {
			return what + " " + uiText(lang, "pub_other_priorities")
		}
	}
	return what
}

// publicFigures adds last month's and this month's compliance per agency
// and a chart of this month's shares. Aggregates only.
func (s *Server) publicFigures(ctx context.Context, d *publicData, lang Lang) {
	if s.reports == nil {
		d.FiguresDown = true
		return
	}
	now := s.intake.Now().In(s.dep.Location)
	this := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.dep.Location)
	var current *report.Report
	for _, from := range []time.Time{this.AddDate(0, -1, 0), this} {
		r, err := s.reports.Compliance(ctx, report.Query{From: from, To: from.AddDate(0, 1, 0), GroupBy: report.ByAgency})
		if err != nil {
			s.log.Error("public page figures", zap.Error(err))
			d.FiguresDown, d.Months = true, nil
			return
		}
		d.Months = append(d.Months, s.publicMonth(r, monthName(from, lang), lang))
		current = r
	}
	t := func(k string) string { return uiText(lang, k) }
	c := shareChart{Title: t("pub_chart") + " " + monthName(this, lang), Desc: t("rp_chart_share_desc"),
		XLabel: t("rp_axis_within"), Empty: t("rp_no_data"), NoValue: t("rp_not_judged"), Lang: lang,
		Series: []string{t("rp_series_ack"), t("rp_series_arrive"), t("rp_series_resolve")}}
	for _, g := range current.Groups {
		c.Groups = append(c.Groups, shareGroup{Label: s.dimLabel(report.ByAgency, g.Key, lang), Values: withinOf(g)})
	}
	d.Chart = c.SVG()
}

// publicMonth is one row per agency of the city, those without incidents too.
func (s *Server) publicMonth(r *report.Report, label string, lang Lang) publicMonth {
	byKey := map[string]*report.Group{}
	for _, g := range r.Groups {
		byKey[g.Key] = g
	}
	m := publicMonth{Label: label}
	for _, a := range s.dep.Directory.Agencies() {
		row := publicRow{Agency: a.ShortName, Ack: "–", Arrive: "–", Resolve: "–", Median: "–"}
		if g, ok := byKey[string(a.ID)]; ok {
			row.Incidents = g.Incidents
			w := withinOf(g)
			for i, dst := range []*string{&row.Ack, &row.Arrive, &row.Resolve} {
				if w[i] >= 0 {
					*dst = pctLabel(lang, w[i])
				}
			}
			if med := g.Intervals[report.Total.String()].Median; med >= 0 {
				row.Median = humanDuration(roughly(time.Duration(med)*time.Millisecond), lang)
			}
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// HandleComplaintSubmit stores a complaint from the public form (POST
// /piagam/pengaduan): double-submit token, validation, a limit per address.
func (s *Server) HandleComplaintSubmit(pc *publicCache, box Complaints) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, publicFormLimit)
		lang := uiLang(c)
		f := formView{Errors: map[string]string{}, Values: map[string]string{"name": strings.TrimSpace(c.PostForm("name")),
			"contact": strings.TrimSpace(c.PostForm("contact")), "message": strings.TrimSpace(c.PostForm("message")),
			"topic": c.PostForm("topic")}}
		v := publicView{Form: f}
		cookie, _ := c.Cookie(publicCSRFCookie)
		if !sameSecret(c.PostForm("_csrf"), cookie) {
			v.Form.Error = uiText(lang, "pub_form_expired")
			s.renderPublic(c, pc, box, http.StatusForbidden, v)
			return
		}
		if validateComplaint(f, lang); len(f.Errors) > 0 {
			v.Form.Error = uiText(lang, "pub_form_invalid")
			s.renderPublic(c, pc, box, http.StatusBadRequest, v)
			return
		}
		s.submitComplaint(c, pc, box, v)
	}
}

// validateComplaint puts every field error on f.
func validateComplaint(f formView, lang Lang) {
	switch n := utf8.RuneCountInString(f.Values["message"]); {
	case n == 0:
		f.Errors["message"] = uiText(lang, "pub_message_required")
	case n > ComplaintMaxText:
		f.Errors["message"] = fill(uiText(lang, "pub_message_long"), strconv.Itoa(ComplaintMaxText), strconv.Itoa(n))
	}
	if t := f.Values["topic"]; t != "" && !slices.Contains(complaintTopics, t) {
		f.Errors["topic"] = uiText(lang, "cmp_topic_invalid")
	}
	for _, k := range []string{"name", "contact"} {
		if utf8.RuneCountInString(f.Values[k]) > ComplaintMaxField {
			f.Errors[k] = fill(uiText(lang, "pub_field_long"), strconv.Itoa(ComplaintMaxField))
		}
	}
}

// submitComplaint stores a valid complaint and sends the visitor back to
// the page with a confirmation (no double submit on reload).
func (s *Server) submitComplaint(c *gin.Context, pc *publicCache, box Complaints, v publicView) {
	lang := uiLang(c)
	if box == nil {
		v.Form.Error = uiText(lang, "pub_closed")
		s.renderPublic(c, pc, box, http.StatusServiceUnavailable, v)
		return
	}
	now := s.intake.Now()
	cp, err := box.Submit(c.Request.Context(), Complaint{At: now, Name: v.Form.Values["name"],
		Contact: v.Form.Values["contact"], Text: v.Form.Values["message"], Topic: v.Form.Values["topic"],
		Channel: ChannelWeb, Receipt: receiptPrefix(now, s.dep.Location)}, c.ClientIP())
	switch {
	case errors.Is(err, ErrTooManyComplaints):
		v.Form.Error = uiText(lang, "pub_too_many")
		s.renderPublic(c, pc, box, http.StatusTooManyRequests, v)
	case err != nil:
		s.log.Error("store complaint", zap.Error(err))
		v.Form.Error = uiText(lang, "pub_unavailable")
		s.renderPublic(c, pc, box, http.StatusServiceUnavailable, v)
	default:
		s.log.Info("complaint received", zap.String("complaint", cp.ID))
		c.Redirect(http.StatusSeeOther, "/piagam/aduan/"+cp.Receipt+"?baru=1")
	}
}

// fill replaces {0}, {1}, … in a string table entry.
func fill(s string, args ...string) string {
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", a)
	}
	return s
}

// humanDuration words a duration to the second: "1 jam 30 menit",
// "1 minute 30 seconds", "0 detik".
func humanDuration(d time.Duration, lang Lang) string {
	d = d.Round(time.Second)
	var parts []string
	for _, u := range []struct {
		size time.Duration
		name string
	}{{time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if n := int(d / u.size); n > 0 {
			parts = append(parts, unit(n, u.name, lang))
			d -= time.Duration(n) * u.size
		}
	}
	if len(parts) == 0 {
		return unit(0, "second", lang)
	}
	return strings.Join(parts, " ")
}

// roughly rounds a measured time for the public: to the minute from a minute on.
func roughly(d time.Duration) time.Duration {
	if d >= time.Minute {
		return d.Round(time.Minute)
	}
	return d.Round(time.Second)
}

// unit writes "3 jam" or "3 hours" / "1 hour".
func unit(n int, name string, lang Lang) string {
	key := "pub_unit_" + name
	if n != 1 {
		key += "s"
	}
	return strconv.Itoa(n) + " " + uiText(lang, key)
}

// idMonths are the month names in Bahasa Indonesia.
var idMonths = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

func monthName(t time.Time, lang Lang) string {
	name := t.Month().String()
	if lang == langID {
		name = idMonths[t.Month()-1]
	}
	return name + " " + strconv.Itoa(t.Year())
}
