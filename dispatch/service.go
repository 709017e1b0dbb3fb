package dispatch

import (
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Config of the dispatch service.
type Config struct {
	// CodePrefix starts every incident code (TT → TT-0427).
	CodePrefix string
	// Referrals names the neighbouring authorities by their boundary code.
	Referrals map[string]Referral
	// FeedbackDelay, when set, is how long after an incident is closed as
	// resolved the caller gets an SMS asking for a rating from 1 to 5.
	FeedbackDelay time.Duration
	// CityName signs the feedback SMS.
	CityName string
}

// Service takes calls in and turns them into dispatched incidents, and
// carries out what dispatchers decide afterwards (status on a responder's
// behalf, close, breach explanations).
type Service struct {
	Cfg     Config
	Store   Store
	timers  Timers
	Calls   CallLog
	Callers Callers
	Nearby  Nearby
	Hoax    *HoaxConfig
	Tax     *classify.Taxonomy
	Dir     *agencies.Directory
	Atlas   *geo.Atlas
	Charter *charters
	Log     *zap.Logger
	now     func() time.Time
}

// ServiceDeps are the service's collaborators.
type ServiceDeps struct {
	Store     Store
	Timers    Timers
	Calls     CallLog
	Callers   Callers
	Nearby    Nearby // optional: without it duplicates are looked for among the newest 1,000
	Hoax      *HoaxConfig
	Taxonomy  *classify.Taxonomy
	Directory *agencies.Directory
	Atlas     *geo.Atlas
	Charter   *agencies.Charter
	// Charters keeps the versions an admin adds later; nil: the configured one only.
	Charters CharterStore
	Log      *zap.Logger
}

// NewService wires the intake.
func NewService(cfg Config, d ServiceDeps) *Service {
	if cfg.CodePrefix == "" {
		cfg.CodePrefix = "INC"
	}
	return &Service{Cfg: cfg, Store: d.Store, timers: d.Timers, Calls: d.Calls, Callers: d.Callers, Nearby: d.Nearby, Hoax: d.Hoax, Tax: d.Taxonomy, Dir: d.Directory, Atlas: d.Atlas,
		Charter: &charters{book: agencies.NewCharterBook(d.Charter), store: d.Charters}, Log: d.Log.Named("intake"), now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Now is the service's time: screens count charter deadlines down from it,
// not from the workstation's clock, which may be wrong.
func (s *Service) Now() time.Time { return s.now() }

// Taxonomy returns the classifier's taxonomy.
func (s *Service) Taxonomy() *classify.Taxonomy { return s.Tax }
