-- Create an incident, its log, its indexes and its queue entries atomically.
-- KEYS: 1 idem, 2 incident, 3 events, 4 code, 5 open, 6 all, then per assignment: queue stream, agency index
-- ARGV: 1 use idem (0/1), 2 request hash, 3 id, 4 incident json, 5 score (received ms),
--       6 idem ttl (s), 7 n events, 8.. events json, then per assignment: agency, station
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
local k = 7
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
