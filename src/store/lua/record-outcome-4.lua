-- Records one outcome; a `sent` one also moves the recipient's lastSent forward (the stale check).
-- KEYS: bucket, reasons, counts, recipient. ARGV: id, now, zone, ttl, countsTtl, code, reason, date.
--@include outcome
local id, now, zone, ttl, countsTtl, code, reason, date =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
writeOutcome(outcomeKeys(), id, code, now, zone, reason, ttl, countsTtl)
if code == 'S' or code == 'F' then
  local last = redis.call('HGET', KEYS[4], 'lastSent')
  if (not last or last < date) and redis.call('EXISTS', KEYS[4]) == 1 then
    redis.call('HSET', KEYS[4], 'lastSent', date)
  end
end
return 1
