package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
)

// Outbox stands in for the SMS provider when no Twilio credentials are
// configured: every message that would have been sent is kept in a Redis
// stream, newest last, so a demo shows exactly what responders would read.
type Outbox struct {
	rdb    redis.UniversalClient
	key    string
	maxLen int64
	now    func() time.Time
}

// OutboxMessage is one message that would have been sent.
type OutboxMessage = agencies.OutboxMessage

// NewOutbox returns an outbox keeping the newest maxLen messages under prefix+"outbox".
func NewOutbox(rdb redis.UniversalClient, prefix string, maxLen int64) *Outbox {
	if maxLen <= 0 {
		maxLen = 10000
	}
	return &Outbox{rdb: rdb, key: prefix + "outbox", maxLen: maxLen, now: time.Now}
}

// Send records the message and returns its outbox id.
func (o *Outbox) Send(ctx context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	id, err := o.rdb.XAdd(ctx, &redis.XAddArgs{
		Stream: o.key,
		MaxLen: o.maxLen,
		Approx: true,
		Values: map[string]any{
			"to": msg.To, "body": msg.Body, "incident_id": msg.IncidentID, "tag": msg.Tag,
			"at": o.now().UTC().Format(time.RFC3339Nano),
		},
	}).Result()
	if err != nil {
		return "", fmt.Errorf("outbox send to %s: %w", agencies.MaskPhone(msg.To), err)
	}
	return agencies.MessageID("OB" + id), nil
}

// List returns up to limit messages, newest first; for incidentID != "" only that incident's.
func (o *Outbox) List(ctx context.Context, limit int, incidentID string) ([]OutboxMessage, error) {
	if limit <= 0 {
		limit = 100
	}
	var out []OutboxMessage
	end := "+"
	for len(out) < limit {
		batch, err := o.rdb.XRevRangeN(ctx, o.key, end, "-", 500).Result()
		if err != nil {
			return nil, fmt.Errorf("outbox list: %w", err)
		}
		for _, x := range batch {
			m := decodeOutbox(x)
			if incidentID == "" || m.IncidentID == incidentID {
				out = append(out, m)
			}
			if len(out) == limit {
				break
			}
		}
		if len(batch) < 500 {
			break
		}
		end = "(" + batch[len(batch)-1].ID
	}
	return out, nil
}

// Find looks for a message with this recipient and body recorded since since.
func (o *Outbox) Find(ctx context.Context, to, body string, since time.Time) (agencies.MessageID, bool, error) {
	start := strconv.FormatInt(since.UnixMilli(), 10)
	xs, err := o.rdb.XRange(ctx, o.key, start, "+").Result()
	if err != nil {
		return "", false, fmt.Errorf("outbox find: %w", err)
	}
	for _, x := range xs {
		if m := decodeOutbox(x); m.To == to && m.Body == body {
			return m.ID, true, nil
		}
	}
	return "", false, nil
}

func decodeOutbox(x redis.XMessage) OutboxMessage {
	str := func(k string) string { s, _ := x.Values[k].(string); return s }
	at, _ := time.Parse(time.RFC3339Nano, str("at"))
	body := str("body")
	return OutboxMessage{
		ID: agencies.MessageID("OB" + x.ID), To: str("to"), Body: body,
		IncidentID: str("incident_id"), Tag: str("tag"), At: at,
		Segments: agencies.Segments(body),
	}
}
