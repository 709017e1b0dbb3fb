package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/hotline"
)

// Surveys implements hotline.Surveys and dispatch.SurveyIssuer on Redis.
// Keys (under the prefix):
//
//	survey:token:{token}  the agencies a link is about ("bpbd,damkar"), expires after SurveyLinkTTL
//	survey:resp:{day}     list of answers given that day: "bpbd,damkar|434343434"
//
// An answer keeps the agencies and the day only: the link is deleted when
// it is used, and nothing ties it to a number or an incident.
type Surveys struct {
	rdb    redis.UniversalClient
	prefix string
}

// SurveyLinkTTL is how long a survey link stays usable.
const SurveyLinkTTL = 30 * 24 * time.Hour

var (
	_ hotline.Surveys         = (*Surveys)(nil)
	_ escalation.SurveyIssuer = (*Surveys)(nil)
)

// NewSurveys returns the store; prefix defaults to "sigap:".
func NewSurveys(rdb redis.UniversalClient, prefix string) *Surveys {
	if prefix == "" {
		prefix = "sigap:"
	}
	return &Surveys{rdb: rdb, prefix: prefix}
}

func (s *Surveys) tokenKey(t string) string { return s.prefix + "survey:token:" + t }

// IssueSurvey implements dispatch.SurveyIssuer.
func (s *Surveys) IssueSurvey(ctx context.Context, ags []agencies.AgencyID) (string, error) {
	names := make([]string, len(ags))
	for i, a := range ags {
		names[i] = string(a)
	}
	token := hotline.NewSecret(16)
	if err := s.rdb.Set(ctx, s.tokenKey(token), strings.Join(names, ","), SurveyLinkTTL).Err(); err != nil {
		return "", unavailable("issue survey link", err)
	}
	return token, nil
}

// validToken bounds what a stranger can put in a key name.
func validToken(t string) bool {
	if len(t) == 0 || len(t) > 64 {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Open implements hotline.Surveys.
func (s *Surveys) Open(ctx context.Context, token string) error {
	if !validToken(token) {
		return hotline.ErrSurveyUsed
	}
	n, err := s.rdb.Exists(ctx, s.tokenKey(token)).Result()
	if err != nil {
		return unavailable("open survey", err)
	}
	if n == 0 {
		return hotline.ErrSurveyUsed
	}
	return nil
}

// useSurvey stores an answer and deletes its link in one step.
// KEYS: link, the day's list. ARGV: scores. Returns 0 when the link is gone.
var useSurvey = redis.NewScript(`
local ags = redis.call('GET', KEYS[1])
if not ags then return 0 end
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[2], ags .. '|' .. ARGV[1])
return 1`)

// Submit implements hotline.Surveys.
func (s *Surveys) Submit(ctx context.Context, token, day string, scores [hotline.IKMElements]int) error {
	if !validToken(token) {
		return hotline.ErrSurveyUsed
	}
	var b strings.Builder
	for _, v := range scores {
		if v < 1 || v > 4 {
			return fmt.Errorf("survey score %d out of 1–4", v)
		}
		b.WriteByte(byte('0' + v))
	}
	ok, err := useSurvey.Run(ctx, s.rdb, []string{s.tokenKey(token), s.prefix + "survey:resp:" + day}, b.String()).Int()
	if err != nil {
		return unavailable("store survey answer", err)
	}
	if ok == 0 {
		return hotline.ErrSurveyUsed
	}
	return nil
}

// Responses implements hotline.Surveys.
func (s *Surveys) Responses(ctx context.Context, days []string) ([]hotline.SurveyResponse, error) {
	cmds := make([]*redis.StringSliceCmd, len(days))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, d := range days {
			cmds[i] = p.LRange(ctx, s.prefix+"survey:resp:"+d, 0, -1)
		}
		return nil
	})
	if err != nil {
		return nil, unavailable("load survey answers", err)
	}
	var out []hotline.SurveyResponse
	for i, d := range days {
		for _, raw := range cmds[i].Val() {
			if r, ok := parseSurveyAnswer(d, raw); ok {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

func parseSurveyAnswer(day, raw string) (hotline.SurveyResponse, bool) {
	ags, scores, ok := strings.Cut(raw, "|")
	r := hotline.SurveyResponse{Day: day}
	if !ok || len(scores) != hotline.IKMElements {
		return r, false
	}
	for i := range scores {
		n, err := strconv.Atoi(scores[i : i+1])
		if err != nil {
			return r, false
		}
		r.Scores[i] = n
	}
	for _, a := range strings.Split(ags, ",") {
		if a != "" {
			r.Agencies = append(r.Agencies, agencies.AgencyID(a))
		}
	}
	return r, true
}
