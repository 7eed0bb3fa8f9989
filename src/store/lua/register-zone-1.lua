-- The small number of a time zone, given the first time it is seen. KEYS: zones. ARGV: zone.
local n = redis.call('HGET', KEYS[1], ARGV[1])
if n then return n end
n = tostring(redis.call('HLEN', KEYS[1]))
redis.call('HSET', KEYS[1], ARGV[1], n)
return n
