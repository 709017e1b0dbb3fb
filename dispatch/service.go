package dispatch

import (
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Config of the deployment that every use case reads.
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

// Service is the shared base of the use cases (dispatch/intake, linking,
// hoax, manage): the store and the deployment they work with, the charter
// versions and one clock. It holds no state of its own beyond the charter
// book, so a use-case service built on it is cheap, and every instance of
// the server sees the same incidents through the store.
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

// NewService builds the base the use cases share.
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
