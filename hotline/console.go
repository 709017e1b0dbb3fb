package hotline

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed web/templates/*.html web/static
var webFS embed.FS

// page is what every console template gets.
type page struct {
	Title string
	User  *User
	Lang  Lang
	CSRF  string
	Demo  bool // in-process Redis or outbox mode: show the banner and demo aids
	Sim   bool // the responder simulator is served
	Path  string
	Data  any
}

// T translates a UI string key into the page's language.
func (p page) T(key string) string { return uiText(p.Lang, key) }

// console holds the parsed templates: each page parsed with the layout.
type console struct {
	pages map[string]*template.Template
}

func newConsole() (*console, error) {
	names, err := fs.Glob(webFS, "web/templates/*.html")
	if err != nil {
		return nil, err
	}
	c := &console{pages: map[string]*template.Template{}}
	funcs := template.FuncMap{"lower": strings.ToLower}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "web/templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(webFS, "web/templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		c.pages[base] = t
	}
	return c, nil
}

// render writes a console page in the user's language.
func (s *Server) render(c *gin.Context, status int, name, title string, data any) {
	t, ok := s.console.pages[name]
	if !ok {
		c.String(http.StatusInternalServerError, "no page "+name)
		return
	}
	p := page{User: currentUser(c), Lang: uiLang(c), CSRF: csrfToken(c), Demo: s.cfg.Demo(), Sim: s.cfg.SimulatorOn(), Path: c.Request.URL.Path, Data: data}
	p.Title = p.T(title)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Status(status)
	if err := t.ExecuteTemplate(c.Writer, "layout", p); err != nil {
		s.log.Error("render " + name + ": " + err.Error())
	}
}

// staticFS serves the embedded assets: no CDN, nothing from the internet.
func staticFS() http.FileSystem {
	sub, _ := fs.Sub(webFS, "web/static")
	return http.FS(sub)
}

// uiLang is the console language: the lang cookie, else Bahasa Indonesia.
func uiLang(c *gin.Context) Lang {
	if q := c.Query("lang"); q == "en" || q == "id" {
		return Lang(q)
	}
	if v, err := c.Cookie("lang"); err == nil && v == "en" {
		return langEN
	}
	return langID
}
