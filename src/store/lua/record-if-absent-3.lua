-- Records a scheduler verdict (skipped:missed) for recipients of one bucket who have no
-- outcome for the date yet. Returns how many were recorded.
-- KEYS: bucket, reasons, counts. ARGV: now, ttl, countsTtl, code, reason, then id, zone pairs.
--@include outcome
local now, ttl, countsTtl, code, reason = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local k = outcomeKeys()
local n = 0
for i = 6, #ARGV, 2 do
  if not readOutcome(k.bucket, ARGV[i]) then
    writeOutcome(k, ARGV[i], code, now, ARGV[i + 1], reason)
    n = n + 1
  end
end
flushOutcomes(k, ttl, countsTtl)
return n
