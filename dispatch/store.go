package dispatch

import (
	"context"
	"errors"
	"time"

	"github.com/sigap112/sigap/agencies"
)

// ErrIdempotencyConflict is returned when an idempotency key is reused for a
// different request: returning the first result would hide the second call.
var ErrIdempotencyConflict = errors.New("idempotency key reused for a different request")

// ErrUnavailable wraps storage failures (Redis down): the caller should retry
// and the console must say the call was not saved.
var ErrUnavailable = errors.New("store unavailable")

// Idempotency identifies a client's request so that a retry creates nothing new.
type Idempotency struct {
	Key  string // client-chosen (Idempotency-Key header or client request id)
	Hash string // digest of the request; a reuse with another digest is a conflict
}

// Store keeps incidents and their logs. Implementations write an incident,
// its first events and its queue entries atomically: a crash never leaves an
// incident without its assignments queued, nor a queued assignment without
// its incident.
type Store interface {
	// Create saves a new incident built from events (the first is
	// EventReceived) and queues an entry for each EventQueued. With a
	// non-empty idem.Key that was seen before, it creates nothing and returns
	// the first incident with created=false, or ErrIdempotencyConflict.
	// The timers (charter clocks) are scheduled in the same write.
	Create(ctx context.Context, events []Event, timers []Timer, idem Idempotency) (inc *Incident, created bool, err error)
	// Lookup returns the incident created under an idempotency key, or
	// ErrIncidentNotFound; ErrIdempotencyConflict as for Create.
	Lookup(ctx context.Context, idem Idempotency) (*Incident, error)
	// Append applies ev to the incident and logs it, atomically, scheduling
	// the timers that follow from it in the same write. An event whose Key was
	// already logged changes nothing and returns the current incident.
	// Returns ErrIncidentNotFound, or an error wrapping ErrInvalidEvent.
	Append(ctx context.Context, id IncidentID, ev Event, timers ...Timer) (*Incident, error)
	// Get returns an incident by id or by code (TT-0427); ErrIncidentNotFound.
	Get(ctx context.Context, idOrCode string) (*Incident, error)
	// List returns incidents, newest first.
	List(ctx context.Context, f ListFilter) ([]*Incident, error)
	// Events returns an incident's log in order; ErrIncidentNotFound.
	Events(ctx context.Context, id IncidentID) ([]Event, error)
	// NextCode returns the next incident number of the deployment.
	NextCode(ctx context.Context) (int64, error)
}

// ListFilter selects incidents for List.
type ListFilter struct {
	OpenOnly bool
	Since    time.Time         // received at or after (zero: any time)
	Agency   agencies.AgencyID // only incidents with an assignment for this agency
	Limit    int               // default 100
	Offset   int               // skip this many of the index first (paging through every open incident)
}

// openPage is how many incidents AllOpen reads from the store at a time.
const openPage = 1000

// AllOpen returns every open incident, newest first; only those with an
// assignment for agency when it is set. It reads the store a page at a
// time, so that a centre with more open incidents than one page never
// loses the oldest (the most likely breached) from the board, from the
// reconciler's check or from a reply sent without a code. An incident
// closed while paging shifts the index: one read twice is returned once.
func AllOpen(ctx context.Context, s Store, agency agencies.AgencyID) ([]*Incident, error) {
	var out []*Incident
	seen := map[IncidentID]bool{}
	for offset := 0; ; offset += openPage {
		page, err := s.List(ctx, ListFilter{OpenOnly: true, Limit: openPage, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, inc := range page {
			if !seen[inc.ID] && (agency == "" || inc.Assignment(agency) != nil) {
				seen[inc.ID] = true
				out = append(out, inc)
			}
		}
		if len(page) < openPage {
			return out, nil
		}
	}
}

// Delivery is one queue entry handed to a worker: an assignment to notify,
// or a timer that fired.
type Delivery struct {
	EntryID    string
	Agency     agencies.AgencyID
	IncidentID IncidentID
	Timer      *Timer // nil: notify the assignment's station
	// Attempts counts how many times the entry was handed out, this one included.
	Attempts int64
	// Malformed is set when the entry could not be decoded; it goes to the dead letters.
	Malformed string
}

// Queue is an agency's assignment queue with at-least-once delivery: an
// entry fetched and not acknowledged is handed out again after a while
// (to this or another worker).
type Queue interface {
	// Fetch returns new entries and entries left unacknowledged for longer than
	// the queue's claim time, waiting up to block for something to arrive.
	Fetch(ctx context.Context, agency agencies.AgencyID, consumer string, max int, block time.Duration) ([]Delivery, error)
	// Ack marks an entry done.
	Ack(ctx context.Context, agency agencies.AgencyID, entryID string) error
	// DeadLetter moves an entry that cannot be processed to the agency's
	// dead-letter stream with the reason, and acknowledges it, atomically.
	DeadLetter(ctx context.Context, d Delivery, reason string) error
}

// SendState is where one SMS stands in the send ledger.
type SendState string

// Ledger states. "sending" with an expired lease means a worker died between
// asking the provider and recording the answer: the provider must be asked
// before sending again.
const (
	SendSending SendState = "sending"
	SendSent    SendState = "sent"
	SendFailed  SendState = "failed" // permanently rejected by the provider
)

// SendRecord is the ledger entry of one SMS.
type SendRecord struct {
	State     SendState          `json:"state"`
	Owner     string             `json:"owner"`
	Since     time.Time          `json:"since"`
	MessageID agencies.MessageID `json:"message_id,omitempty"`
	Error     string             `json:"error,omitempty"`
	// What the message was about, so that a delivery receipt (which names
	// only the provider's message id) finds its assignment.
	IncidentID IncidentID           `json:"incident_id,omitempty"`
	Agency     agencies.AgencyID    `json:"agency,omitempty"`
	Responder  agencies.ResponderID `json:"responder,omitempty"`
	Attempt    int                  `json:"attempt,omitempty"`
}

// Ledger records every assignment SMS so that none is sent twice, whatever
// crashes and redeliveries happen.
type Ledger interface {
	// Claim takes the right to send the message key for lease. claimed is
	// false when the record exists and its lease (if sending) has not expired;
	// rec is then the current record. An expired "sending" record is taken
	// over (claimed=true) and returned as prev so that the caller can check
	// with the provider first.
	Claim(ctx context.Context, key, owner string, lease time.Duration) (claimed bool, rec, prev SendRecord, err error)
	// Finish records the outcome of a claimed send.
	Finish(ctx context.Context, key string, rec SendRecord) error
	// ByMessageID finds the record of a sent message; found=false if unknown.
	ByMessageID(ctx context.Context, id agencies.MessageID) (rec SendRecord, found bool, err error)
}

// Change tells live screens that an incident changed, so they fetch it again.
type Change struct {
	IncidentID IncidentID          `json:"incident_id"`
	Code       string              `json:"code"`
	Type       EventType           `json:"type"`
	Agencies   []agencies.AgencyID `json:"agencies"` // who may see it (agency users see their own only)
}

// Changes streams changes of any incident, to every server instance.
type Changes interface {
	// Subscribe delivers changes until ctx ends; the channel is closed then.
	Subscribe(ctx context.Context) (<-chan Change, error)
}

// Nearby is a spatial index of recent incidents (open and recently closed)
// and of the numbers that reported them, so that duplicate suggestions
// consider every candidate in the window — not only the newest few — at a
// cost that grows with the candidates near the point, not with the city's
// whole day. Entries are kept for keep after they are written and are
// rebuilt from the store by Reindex (at start, or after Redis lost them).
type Nearby interface {
	// Index records the incident's point and its linked callers' points in
	// a layer (the duplicate group of its category), and every number that
	// reported it. Indexing again adds what is new.
	Index(ctx context.Context, inc *Incident, layer string, keep time.Duration) error
	// Near returns the incidents of a layer received in [since, until] with
	// the incident's or a linked caller's point within radiusM metres of p,
	// at most limit per hour of reception, nearest first.
	Near(ctx context.Context, layer string, p Point, radiusM float64, since, until time.Time, limit int) ([]*Incident, error)
	// ByCaller returns incidents received since that phone reported (first
	// or linked caller).
	ByCaller(ctx context.Context, phone string, since time.Time) ([]*Incident, error)
	// Reindex indexes every stored incident received since; it returns how many.
	Reindex(ctx context.Context, since time.Time, keep time.Duration, layer func(*Incident) string) (int, error)
}
