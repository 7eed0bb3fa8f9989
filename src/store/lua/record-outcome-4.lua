-- Records one outcome; a `sent` one also moves the recipient's lastSent forward (the stale check).
-- KEYS: bucket, reasons, counts, recipient. ARGV: id, now, zone, ttl, countsTtl, code, reason, date.
--@include outcome
--@include last-sent
local id, now, zone, ttl, countsTtl, code, reason, date =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local k = outcomeKeys()
writeOutcome(k, id, code, now, zone, reason)
flushOutcomes(k, ttl, countsTtl)
if code == 'S' or code == 'F' then raiseLastSent(KEYS[4], date) end
return 1
