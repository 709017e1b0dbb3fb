package redisstore

import (
	"context"
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
//	complaint:{n}         hash: at, name, contact, text, status, answer, answered_at, answered_by
//	complaints            sorted set of complaint numbers, scored by number (= order of arrival)
//	complaint:limit:{ip}  complaints sent from an address in the current window
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
// stores it, in one step. The complaint's hash key is built from its new
// number (ARGV[3] .. n): one Redis, never a cluster.
// KEYS: limit counter, sequence, index. ARGV: limit, window ms, hash prefix,
// at, name, contact, text.
var submitComplaint = redis.NewScript(`
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then
  return redis.error_reply('LIMITED')
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local n = redis.call('INCR', KEYS[2])
redis.call('HSET', ARGV[3] .. n, 'at', ARGV[4], 'name', ARGV[5], 'contact', ARGV[6], 'text', ARGV[7], 'status', 'open')
redis.call('ZADD', KEYS[3], n, n)
return n`)

// answerComplaint records an answer to an existing complaint.
// KEYS: the complaint. ARGV: answer, answered_at, answered_by.
var answerComplaint = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOTFOUND') end
redis.call('HSET', KEYS[1], 'status', 'answered', 'answer', ARGV[1], 'answered_at', ARGV[2], 'answered_by', ARGV[3])
return 1`)

func (s *Complaints) key(id string) string { return s.opt.Prefix + "complaint:" + id }

// Submit implements hotline.Complaints.
func (s *Complaints) Submit(ctx context.Context, c hotline.Complaint, ip string) (hotline.Complaint, error) {
	keys := []string{s.opt.Prefix + "complaint:limit:" + limitKey(ip), s.opt.Prefix + "complaint:seq", s.opt.Prefix + "complaints"}
	n, err := submitComplaint.Run(ctx, s.rdb, keys, s.opt.PerWindow, s.opt.Window.Milliseconds(), s.opt.Prefix+"complaint:",
		c.At.UTC().Format(time.RFC3339Nano), c.Name, c.Contact, c.Text).Int64()
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
	return hotline.Complaint{ID: id, At: at, Name: m["name"], Contact: m["contact"], Text: m["text"],
		Status: hotline.ComplaintStatus(m["status"]), Answer: m["answer"], AnsweredAt: answered, AnsweredBy: m["answered_by"]}
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
