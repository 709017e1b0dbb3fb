package redisstore

import (
	"context"
	"encoding/json"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// notice is what is published when an incident changes.
func (s *Store) notice(inc *dispatch.Incident, ev dispatch.Event) dispatch.Change {
	ags := make([]agencies.AgencyID, 0, len(inc.Assignments))
	for _, a := range inc.Assignments {
		ags = append(ags, a.Agency)
	}
	return dispatch.Change{IncidentID: inc.ID, Code: inc.Code, Type: ev.Type, Agencies: ags}
}

// Subscribe implements dispatch.Changes with Redis pub/sub: every instance
// hears every change. A change missed while disconnected is caught up by
// the screen reloading its list on reconnect.
func (s *Store) Subscribe(ctx context.Context) (<-chan dispatch.Change, error) {
	sub := s.rdb.Subscribe(ctx, s.keys.channel())
	if _, err := sub.Receive(ctx); err != nil {
		_ = sub.Close()
		return nil, unavailable("subscribe", err)
	}
	out := make(chan dispatch.Change, 64)
	go func() {
		defer close(out)
		defer sub.Close()
		msgs := sub.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-msgs:
				if !ok {
					return
				}
				var c dispatch.Change
				if json.Unmarshal([]byte(m.Payload), &c) != nil {
					continue
				}
				select {
				case out <- c:
				default: // a slow screen skips a change; it reloads on the next one
				}
			}
		}
	}()
	return out, nil
}
