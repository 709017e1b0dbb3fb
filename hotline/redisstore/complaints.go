package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/hotline"
)

// Complaints implements hotline.Complaints on Redis. Keys (under the prefix):
//
//	complaint:seq         last complaint number (INCR)
//	complaint:{n}         hash: at, name, contact, text, status, answer, answered_at, answered_by,
//	                      receipt, channel, topic, officer, assigned_at, assigned_by, incident
//	complaints            sorted set of complaint numbers, scored by number (= order of arrival)
//	complaint:limit:{ip}  complaints sent from an address in the current window
//	complaint:receipt:{r} the complaint number of a receipt number
//	complaint:msg:{sid}   the complaint number of an SMS (7 days: a redelivery is stored once)
type Complaints struct {
	rdb redis.UniversalClient
	opt ComplaintOptions
}

var _ hotline.Complaints = (*Complaints)(nil)

// ComplaintOptions tunes the store; the zero value is production.
type ComplaintOptions struct {
	// Prefix starts every key; default "sigap:".
	Prefix string
	// PerWindow and Window default to hotline.ComplaintsPerWindow per hotline.ComplaintWindow.
	PerWindow int
	Window    time.Duration
}

// NewComplaints returns the store. It needs no initialisation.
func NewComplaints(rdb redis.UniversalClient, opt ComplaintOptions) *Complaints {
	if opt.Prefix == "" {
		opt.Prefix = "sigap:"
	}
	if opt.PerWindow <= 0 {
		opt.PerWindow = hotline.ComplaintsPerWindow
	}
	if opt.Window <= 0 {
		opt.Window = hotline.ComplaintWindow
	}
	return &Complaints{rdb: rdb, opt: opt}
}

// Complaints returns a complaint store on the accounts' Redis and prefix, so
// a server given only its account store can still receive complaints.
func (a *Accounts) Complaints() hotline.Complaints {
	return NewComplaints(a.rdb, ComplaintOptions{Prefix: a.opt.Prefix})
}

// submitComplaint checks the address's limit, numbers the complaint and
// stores it with its receipt, in one step. The complaint's hash key is built
// from its new number (ARGV[3] .. n): one Redis, never a cluster. A message
// id already stored returns the stored complaint (a provider's redelivery).
// KEYS: limit counter, sequence, index. ARGV: limit, window ms, hash prefix,
// at, name, contact, text, receipt prefix, receipt suffix, channel, topic,
// message id. Returns {n, receipt}.
var submitComplaint = redis.NewScript(`
local msgkey = ARGV[3] .. 'msg:' .. ARGV[12]
if ARGV[12] ~= '' then
  local prev = redis.call('GET', msgkey)
  if prev then return {tonumber(prev), redis.call('HGET', ARGV[3] .. prev, 'receipt')} end
end
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then
  return redis.error_reply('LIMITED')
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local n = redis.call('INCR', KEYS[2])
local receipt = ARGV[8] .. '-' .. string.format('%04d', n) .. '-' .. ARGV[9]
redis.call('HSET', ARGV[3] .. n, 'at', ARGV[4], 'name', ARGV[5], 'contact', ARGV[6], 'text', ARGV[7], 'status', 'open',
  'receipt', receipt, 'channel', ARGV[10], 'topic', ARGV[11])
redis.call('SET', ARGV[3] .. 'receipt:' .. receipt, n)
if ARGV[12] ~= '' then redis.call('SET', msgkey, n, 'EX', 604800) end
redis.call('ZADD', KEYS[3], n, n)
return {n, receipt}`)

// updateComplaint records a follow-up; a changed officer gets who and when.
// KEYS: the complaint. ARGV: officer, topic, incident code, by, at.
var updateComplaint = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOTFOUND') end
if (redis.call('HGET', KEYS[1], 'officer') or '') ~= ARGV[1] then
  redis.call('HSET', KEYS[1], 'officer', ARGV[1], 'assigned_by', ARGV[4], 'assigned_at', ARGV[5])
end
redis.call('HSET', KEYS[1], 'topic', ARGV[2], 'incident', ARGV[3])
return 1`)

// answerComplaint records an answer to an existing complaint. The first
// answer's time and author stay (the 14-day deadline was met, or not, then);
// a changed answer records who changed it and when.
// KEYS: the complaint. ARGV: answer, answered_at, answered_by.
var answerComplaint = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOTFOUND') end
if redis.call('HGET', KEYS[1], 'status') == 'answered' then
  redis.call('HSET', KEYS[1], 'answer', ARGV[1], 'revised_at', ARGV[2], 'revised_by', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'status', 'answered', 'answer', ARGV[1], 'answered_at', ARGV[2], 'answered_by', ARGV[3])
end
return 1`)

func (s *Complaints) key(id string) string { return s.opt.Prefix + "complaint:" + id }

// Submit implements hotline.Complaints.
func (s *Complaints) Submit(ctx context.Context, c hotline.Complaint, ip string) (hotline.Complaint, error) {
	keys := []string{s.opt.Prefix + "complaint:limit:" + limitKey(ip), s.opt.Prefix + "complaint:seq", s.opt.Prefix + "complaints"}
	if c.Receipt == "" {
		c.Receipt = "ADU-" + c.At.UTC().Format("20060102")
	}
	if c.Channel == "" {
		c.Channel = hotline.ChannelWeb
	}
	res, err := submitComplaint.Run(ctx, s.rdb, keys, s.opt.PerWindow, s.opt.Window.Milliseconds(), s.opt.Prefix+"complaint:",
		c.At.UTC().Format(time.RFC3339Nano), c.Name, c.Contact, c.Text, c.Receipt, hotline.ReceiptSuffix(),
		c.Channel, c.Topic, limitKey(c.MessageID)).Slice()
	var n int64
	if err == nil && len(res) == 2 {
		n, _ = res[0].(int64)
		c.Receipt, _ = res[1].(string)
	}
	if err != nil {
		if strings.TrimPrefix(err.Error(), "ERR ") == "LIMITED" {
			return c, fmt.Errorf("complaint from %s: %w", ip, hotline.ErrTooManyComplaints)
		}
		return c, unavailable("submit complaint", err)
	}
	c.ID, c.Status = strconv.FormatInt(n, 10), hotline.ComplaintOpen
	return c, nil
}

// List implements hotline.Complaints.
func (s *Complaints) List(ctx context.Context, limit int) ([]hotline.Complaint, error) {
	ids, err := s.rdb.ZRevRange(ctx, s.opt.Prefix+"complaints", 0, int64(limit)-1).Result()
	if err != nil {
		return nil, unavailable("list complaints", err)
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, s.key(id))
		}
		return nil
	})
	if err != nil {
		return nil, unavailable("load complaints", err)
	}
	out := make([]hotline.Complaint, 0, len(ids))
	for i, id := range ids {
		if m := cmds[i].Val(); len(m) > 0 {
			out = append(out, complaintOf(id, m))
		}
	}
	return out, nil
}

func complaintOf(id string, m map[string]string) hotline.Complaint {
	at, _ := time.Parse(time.RFC3339Nano, m["at"])
	answered, _ := time.Parse(time.RFC3339Nano, m["answered_at"])
	assigned, _ := time.Parse(time.RFC3339Nano, m["assigned_at"])
	return hotline.Complaint{ID: id, At: at, Name: m["name"], Contact: m["contact"], Text: m["text"],
		Status: hotline.ComplaintStatus(m["status"]), Answer: m["answer"], AnsweredAt: answered, AnsweredBy: m["answered_by"],
		Receipt: m["receipt"], Channel: m["channel"], Topic: m["topic"], Officer: m["officer"], AssignedAt: assigned,
		AssignedBy: m["assigned_by"], IncidentCode: m["incident"]}
}

// ByReceipt implements hotline.Complaints.
func (s *Complaints) ByReceipt(ctx context.Context, receipt string) (hotline.Complaint, error) {
	if receipt == "" || len(receipt) > 64 {
		return hotline.Complaint{}, fmt.Errorf("complaint %q: %w", receipt, hotline.ErrComplaintNotFound)
	}
	id, err := s.rdb.Get(ctx, s.opt.Prefix+"complaint:receipt:"+receipt).Result()
	if errors.Is(err, redis.Nil) {
		return hotline.Complaint{}, fmt.Errorf("complaint %q: %w", receipt, hotline.ErrComplaintNotFound)
	}
	if err != nil {
		return hotline.Complaint{}, unavailable("find complaint", err)
	}
	m, err := s.rdb.HGetAll(ctx, s.key(id)).Result()
	if err != nil {
		return hotline.Complaint{}, unavailable("load complaint", err)
	}
	if len(m) == 0 {
		return hotline.Complaint{}, fmt.Errorf("complaint %q: %w", receipt, hotline.ErrComplaintNotFound)
	}
	return complaintOf(id, m), nil
}

// Update implements hotline.Complaints.
func (s *Complaints) Update(ctx context.Context, id string, u hotline.ComplaintUpdate) error {
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return fmt.Errorf("update complaint %q: %w", id, hotline.ErrComplaintNotFound)
	}
	err := updateComplaint.Run(ctx, s.rdb, []string{s.key(id)}, u.Officer, u.Topic, u.IncidentCode, u.By,
		u.At.UTC().Format(time.RFC3339Nano)).Err()
	switch {
	case err == nil:
		return nil
	case strings.TrimPrefix(err.Error(), "ERR ") == "NOTFOUND":
		return fmt.Errorf("update complaint %s: %w", id, hotline.ErrComplaintNotFound)
	}
	return unavailable("update complaint "+id, err)
}

// Answer implements hotline.Complaints.
func (s *Complaints) Answer(ctx context.Context, id, answer, by string, at time.Time) error {
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return fmt.Errorf("answer complaint %q: %w", id, hotline.ErrComplaintNotFound)
	}
	err := answerComplaint.Run(ctx, s.rdb, []string{s.key(id)}, answer, at.UTC().Format(time.RFC3339Nano), by).Err()
	switch {
	case err == nil:
		return nil
	case strings.TrimPrefix(err.Error(), "ERR ") == "NOTFOUND":
		return fmt.Errorf("answer complaint %s: %w", id, hotline.ErrComplaintNotFound)
	}
	return unavailable("answer complaint "+id, err)
}
