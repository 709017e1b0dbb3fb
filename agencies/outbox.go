package agencies

import "time"

// OutboxMessage is one SMS that would have been sent when no provider is
// configured (demo and outbox mode): the console and the API list them.
type OutboxMessage struct {
	ID         MessageID `json:"id"`
	To         string    `json:"to"`
	Body       string    `json:"body"`
	IncidentID string    `json:"incident_id,omitempty"`
	Tag        string    `json:"tag,omitempty"`
	Segments   int       `json:"segments"`
	At         time.Time `json:"at"`
}
