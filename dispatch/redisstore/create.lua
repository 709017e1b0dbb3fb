-- Create an incident, its log, its indexes, its charter timers and its queue
-- entries atomically.
-- KEYS: 1 idem, 2 incident, 3 events, 4 code, 5 open, 6 all, 7 timers, 8 timer data,
--       9 caller's calls, 10 all calls, 11 call data, then per assignment: queue stream, agency index
-- ARGV: 1 use idem (0/1), 2 request hash, 3 id, 4 incident json, 5 score (received ms),
--       6 idem ttl (s), 7 n events, events json..., n timers, (id, due ms, json)...,
--       call json, then per assignment: agency, station
if ARGV[1] == '1' then
  local prev = redis.call('GET', KEYS[1])
  if prev then return {0, prev} end
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('incident ' .. ARGV[3] .. ' exists')
end
redis.call('SET', KEYS[2], ARGV[4])
local n = tonumber(ARGV[7])
for i = 1, n do
  redis.call('RPUSH', KEYS[3], ARGV[7 + i])
end
redis.call('SET', KEYS[4], ARGV[3])
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[3])
redis.call('ZADD', KEYS[6], ARGV[5], ARGV[3])
local a = 8 + n
local nt = tonumber(ARGV[a])
for i = 0, nt - 1 do
  local base = a + 1 + i * 3
  redis.call('ZADD', KEYS[7], ARGV[base + 1], ARGV[base])
  redis.call('HSET', KEYS[8], ARGV[base], ARGV[base + 2])
end
a = a + 1 + nt * 3
redis.call('ZADD', KEYS[9], ARGV[5], ARGV[3])
redis.call('ZADD', KEYS[10], ARGV[5], ARGV[3])
redis.call('HSET', KEYS[11], ARGV[3], ARGV[a])
a = a + 1
redis.call('PUBLISH', ARGV[a], ARGV[a + 1])
a = a + 2
local k = 12
while KEYS[k] do
  redis.call('XADD', KEYS[k], '*', 'incident', ARGV[3], 'agency', ARGV[a], 'station', ARGV[a + 1])
  redis.call('ZADD', KEYS[k + 1], ARGV[5], ARGV[3])
  k = k + 2
  a = a + 2
end
if ARGV[1] == '1' then
  redis.call('SET', KEYS[1], cjson.encode({id = ARGV[3], hash = ARGV[2]}), 'EX', tonumber(ARGV[6]))
end
return {1, ''}
