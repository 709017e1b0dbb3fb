package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/report"
)

// Report facts are kept per day of receipt (city time): one fixed-size
// record per assignment at its slot in one string per day (rpt:blob:DAY,
// slots in rpt:slots:DAY), the breaches (rpt:breach:DAY) and counters
// (rpt:counts:DAY). A record is rewritten (SETRANGE) from the incident's
// state on every event, in the same transaction as the event, so a month of
// a large city is read with one GET per day and computed exactly in Go.

func (k keys) slots(day string) string    { return k.p + "rpt:slots:" + day }
func (k keys) blob(day string) string     { return k.p + "rpt:blob:" + day }
func (k keys) breaches(day string) string { return k.p + "rpt:breach:" + day }
func (k keys) counts(day string) string   { return k.p + "rpt:counts:" + day }
func (k keys) dict() string               { return k.p + "rpt:dict" }
func (k keys) dictRev() string            { return k.p + "rpt:dict:rev" }

// dict numbers names for report records; ids never change once given.
type dict struct {
	rdb   redis.UniversalClient
	keys  keys
	mu    sync.RWMutex
	ids   map[string]uint16
	names map[uint16]string
}

// slotScript gives a record its place in the day's string, once.
var slotScript = redis.NewScript(`
local s = redis.call('HGET', KEYS[1], ARGV[1])
if s then return tonumber(s) end
s = redis.call('HLEN', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], s)
return s
`)

func (s *Store) slot(ctx context.Context, day, field string) (int64, error) {
	n, err := slotScript.Run(ctx, s.rdb, []string{s.keys.slots(day)}, field).Int64()
	if err != nil {
		return 0, unavailable("report slot", err)
	}
	return n, nil
}

var dictScript = redis.NewScript(`
local id = redis.call('HGET', KEYS[1], ARGV[1])
if id then return tonumber(id) end
id = redis.call('HLEN', KEYS[1]) + 1
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('HSET', KEYS[2], id, ARGV[1])
return id
`)

func (d *dict) ID(name string) (uint16, error) {
	d.mu.RLock()
	id, ok := d.ids[name]
	d.mu.RUnlock()
	if ok {
		return id, nil
	}
	n, err := dictScript.Run(context.Background(), d.rdb, []string{d.keys.dict(), d.keys.dictRev()}, name).Int()
	if err != nil {
		return 0, unavailable("report dictionary", err)
	}
	d.mu.Lock()
	d.ids[name], d.names[uint16(n)] = uint16(n), name
	d.mu.Unlock()
	return uint16(n), nil
}

func (d *dict) Name(id uint16) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.names[id]
}

// names is a lock-free copy of the dictionary for decoding many records.
type names []string

func (n names) ID(string) (uint16, error) { return 0, fmt.Errorf("read-only dictionary") }

func (n names) Name(id uint16) string {
	if int(id) < len(n) {
		return n[id]
	}
	return ""
}

func (d *dict) snapshot() names {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make(names, len(d.names)+1)
	for id, name := range d.names {
		if int(id) < len(out) {
			out[id] = name
		}
	}
	return out
}

// load reads every name (another instance may have added some).
func (d *dict) load(ctx context.Context) error {
	all, err := d.rdb.HGetAll(ctx, d.keys.dictRev()).Result()
	if err != nil {
		return unavailable("report dictionary", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, v := range all {
		n, _ := strconv.Atoi(k)
		d.ids[v], d.names[uint16(n)] = uint16(n), v
	}
	return nil
}

// reportWrites prepares the report records of an incident's state, to be
// written in the transaction of the event that produced it.
func (s *Store) reportWrites(inc *dispatch.Incident) (func(p redis.Pipeliner), error) {
	day := inc.ReceivedAt.In(s.opt.loc()).Format("2006-01-02")
	type row struct {
		field string
		val   []byte
	}
	type rec struct {
		offset int64
		val    []byte
	}
	var recs []rec
	for _, f := range report.FactsOf(inc, s.opt.CallProcessing) {
		b, err := report.Encode(&f, s.dict)
		if err != nil {
			return nil, err
		}
		n, err := s.slot(context.Background(), day, fmt.Sprintf("%d:%s", f.Seq, f.Agency))
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec{n * int64(report.RecordSize), b})
	}
	var breaches []row
	for _, b := range report.BreachesOf(inc) {
		j, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		breaches = append(breaches, row{fmt.Sprintf("%d:%s:%s", b.Seq, b.Agency, b.Milestone), j})
	}
	return func(p redis.Pipeliner) {
		ctx := context.Background()
		for _, r := range recs {
			p.SetRange(ctx, s.keys.blob(day), r.offset, string(r.val))
		}
		for _, r := range breaches {
			p.HSet(ctx, s.keys.breaches(day), r.field, r.val)
		}
	}, nil
}

// countEvent adds an event to its day's counters.
func (s *Store) countEvent(p redis.Pipeliner, inc *dispatch.Incident, ev dispatch.Event) {
	day := s.keys.counts(inc.ReceivedAt.In(s.opt.loc()).Format("2006-01-02"))
	ctx := context.Background()
	switch ev.Type {
	case dispatch.EventReceived:
		p.HIncrBy(ctx, day, "incidents", 1)
		p.HIncrBy(ctx, day, "calls:emergency", 1)
		p.HIncrBy(ctx, day, "category:"+string(ev.Incident.Category), 1)
	case dispatch.EventReferred:
		p.HIncrBy(ctx, day, "referred", 1)
	case dispatch.EventFalseConfirmed:
		p.HIncrBy(ctx, day, "false_confirmed", 1)
	case dispatch.EventCallerLinked:
		p.HIncrBy(ctx, day, "linked", 1)
		p.HIncrBy(ctx, day, "calls:emergency", 1)
	case dispatch.EventCallerUnlinked:
		p.HIncrBy(ctx, day, "linked", -1)
	case dispatch.EventClosed:
		p.HIncrBy(ctx, day, "closed:"+string(ev.Disposition), 1)
	case dispatch.EventRated:
		if len(inc.Assignments) > 0 {
			lead := string(inc.Assignments[0].Agency)
			p.HIncrBy(ctx, day, "rating:"+lead+":n", 1)
			p.HIncrBy(ctx, day, "rating:"+lead+":sum", int64(ev.Rating))
		}
	}
}

// Facts implements report.Source.
func (s *Store) Facts(ctx context.Context, days []string) ([]report.Fact, error) {
	if err := s.dict.load(ctx); err != nil {
		return nil, err
	}
	cmds := make([]*redis.StringCmd, len(days))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, d := range days {
			cmds[i] = p.Get(ctx, s.keys.blob(d))
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, unavailable("read report facts", err)
	}
	n := 0
	blobs := make([][]byte, len(days))
	for i, c := range cmds {
		blobs[i], _ = c.Bytes()
		n += len(blobs[i]) / report.RecordSize
	}
	out := make([]report.Fact, n)
	i := 0
	dict := s.dict.snapshot()
	for _, b := range blobs {
		for off := 0; off+report.RecordSize <= len(b); off += report.RecordSize {
			if err := report.Decode(b[off:off+report.RecordSize], dict, &out[i]); err != nil {
				return nil, err
			}
			i++
		}
	}
	return out, nil
}

// PutFacts writes facts directly (benchmarks seed a large city with it),
// their slots asked for in one pipeline.
func (s *Store) PutFacts(ctx context.Context, facts []report.Fact) error {
	days := make([]string, len(facts))
	slots := make([]*redis.Cmd, len(facts))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range facts {
			days[i] = facts[i].Received.In(s.opt.loc()).Format("2006-01-02")
			slots[i] = slotScript.EvalSha(ctx, p, []string{s.keys.slots(days[i])}, fmt.Sprintf("%d:%s", facts[i].Seq, facts[i].Agency))
		}
		return nil
	})
	if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
		if err := slotScript.Load(ctx, s.rdb).Err(); err != nil {
			return unavailable("put facts", err)
		}
		return s.PutFacts(ctx, facts)
	}
	if err != nil {
		return unavailable("put facts", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range facts {
			b, err := report.Encode(&facts[i], s.dict)
			if err != nil {
				return err
			}
			n, _ := slots[i].Int64()
			p.SetRange(ctx, s.keys.blob(days[i]), n*int64(report.RecordSize), string(b))
		}
		return nil
	})
	return err
}

// Breaches implements report.Source.
func (s *Store) Breaches(ctx context.Context, days []string) ([]report.Breach, error) {
	var out []report.Breach
	for _, d := range days {
		vals, err := s.rdb.HVals(ctx, s.keys.breaches(d)).Result()
		if err != nil {
			return nil, unavailable("read breaches", err)
		}
		for _, v := range vals {
			var b report.Breach
			if err := json.Unmarshal([]byte(v), &b); err != nil {
				return nil, err
			}
			out = append(out, b)
		}
	}
	return out, nil
}

// Counts implements report.Source.
func (s *Store) Counts(ctx context.Context, days []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, d := range days {
		m, err := s.rdb.HGetAll(ctx, s.keys.counts(d)).Result()
		if err != nil {
			return nil, unavailable("read counters", err)
		}
		for k, v := range m {
			n, _ := strconv.ParseInt(v, 10, 64)
			out[k] += n
		}
	}
	return out, nil
}

// projectCreate writes the report records and counters of a new incident.
func (s *Store) projectCreate(ctx context.Context, inc *dispatch.Incident, events []dispatch.Event) error {
	w, err := s.reportWrites(inc)
	if err != nil {
		return err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		w(p)
		for _, ev := range events {
			s.countEvent(p, inc, ev)
		}
		return nil
	})
	return err
}

// RebuildReports recomputes every report record and counter from the
// incidents' event logs and the call log. Returns how many incidents it read.
func (s *Store) RebuildReports(ctx context.Context) (int, error) {
	if err := s.dropReports(ctx); err != nil {
		return 0, err
	}
	ids, err := s.rdb.ZRange(ctx, s.keys.all(), 0, -1).Result()
	if err != nil {
		return 0, unavailable("list incidents", err)
	}
	for _, id := range ids {
		evs, err := s.Events(ctx, dispatch.IncidentID(id))
		if err != nil {
			return 0, err
		}
		inc, err := dispatch.Rebuild(evs)
		if err != nil {
			return 0, fmt.Errorf("rebuild %s: %w", id, err)
		}
		w, err := s.reportWrites(inc)
		if err != nil {
			return 0, err
		}
		if _, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			w(p)
			for _, ev := range evs {
				s.countEvent(p, inc, ev)
			}
			return nil
		}); err != nil {
			return 0, unavailable("rebuild reports", err)
		}
	}
	return len(ids), s.recountCalls(ctx)
}

// dropReports deletes the report records and counters (not the dictionary).
func (s *Store) dropReports(ctx context.Context) error {
	iter := s.rdb.Scan(ctx, 0, s.keys.p+"rpt:*:*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		k := iter.Val()
		if k == s.keys.dictRev() {
			continue
		}
		if batch = append(batch, k); len(batch) == 500 {
			if err := s.rdb.Del(ctx, batch...).Err(); err != nil {
				return unavailable("drop reports", err)
			}
			batch = batch[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return unavailable("drop reports", err)
	}
	if len(batch) > 0 {
		return s.rdb.Del(ctx, batch...).Err()
	}
	return nil
}

// recountCalls counts the calls that are not emergencies again.
func (s *Store) recountCalls(ctx context.Context) error {
	iter := s.rdb.HScan(ctx, s.keys.callData(), 0, "", 1000).Iterator()
	p := s.rdb.Pipeline()
	for iter.Next(ctx) {
		if !iter.Next(ctx) {
			break
		}
		var c dispatch.Call
		if json.Unmarshal([]byte(iter.Val()), &c) != nil || c.Type == dispatch.CallEmergency {
			continue // emergencies were counted with their incidents
		}
		p.HIncrBy(ctx, s.keys.counts(c.At.In(s.opt.loc()).Format("2006-01-02")), "calls:"+string(c.Type), 1)
	}
	if err := iter.Err(); err != nil {
		return unavailable("recount calls", err)
	}
	_, err := p.Exec(ctx)
	return err
}
