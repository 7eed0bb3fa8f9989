-- Settles a briefing whose job BullMQ gave up without the processor recording why: a pending
-- (or missing) one becomes failed, one marked as being handed over becomes unknown (it may
-- have gone out); final ones are left alone. Returns the code found ('' for none).
-- KEYS: bucket, reasons, counts. ARGV: id, now, zone, ttl, countsTtl, reasonIfPending, reasonIfSending.
--@include outcome
local id, now, zone, ttl, countsTtl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local k = outcomeKeys()
local cur = readOutcome(k.bucket, id)
local c = cur and cur.code or ''
if c == '' or c == 'P' or c == 'Q' then
  writeOutcome(k, id, 'X', now, zone, ARGV[6])
elseif c == 'H' then
  writeOutcome(k, id, 'U', now, zone, ARGV[7])
end
flushOutcomes(k, ttl, countsTtl)
return c
