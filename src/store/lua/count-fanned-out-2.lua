-- Counts the people one send group's fan-out of one date left out in one shard because the
-- date is not one of their workdays (no per-person record is kept for them), and marks it
-- done. Idempotent: a fan-out run again after a crash counts them once. 1 the first time.
-- KEYS: fannedOut, counts. ARGV: group, zone, notWorkday, mark ttl, countsTtl.
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[1], ARGV[4])
if tonumber(ARGV[3]) > 0 then
  redis.call('HINCRBY', KEYS[2], 'W|' .. ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
return 1
