-- Marks one send group's fan-out of one date done in one shard and counts the people it left
-- out because the date is not one of their workdays (no per-person record is kept for them).
-- Idempotent: a fan-out run again after a crash counts them once. Returns 1 the first time.
-- KEYS: fannedOut, counts. ARGV: group, zone, notWorkday, ttl, countsTtl.
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[1], ARGV[4])
if tonumber(ARGV[3]) > 0 then
  redis.call('HINCRBY', KEYS[2], 'W|' .. ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
return 1
