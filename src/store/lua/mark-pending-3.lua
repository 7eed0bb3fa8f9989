-- Marks recipients of one bucket pending for a date, unless their briefing is sent, being
-- handed over, pending already (forced or not) or of unknown delivery. Returns the code found
-- for each (or '').
-- KEYS: bucket, reasons, counts. ARGV: now, ttl, countsTtl, then id, zone pairs.
--@include outcome
local now, ttl, countsTtl = ARGV[1], ARGV[2], ARGV[3]
local k = outcomeKeys()
local found = {}
for i = 4, #ARGV, 2 do
  local id, zone = ARGV[i], ARGV[i + 1]
  local cur = readOutcome(k.bucket, id)
  local c = cur and cur.code or ''
  if c ~= 'S' and c ~= 'F' and c ~= 'H' and c ~= 'P' and c ~= 'Q' and c ~= 'U' then writeOutcome(k, id, 'P', now, zone, '') end
  found[#found + 1] = c
end
flushOutcomes(k, ttl, countsTtl)
return found
