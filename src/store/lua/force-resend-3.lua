-- Makes a briefing sendable again on purpose (`briefing send --recipient ID --force`): a
-- sent one, one of unknown delivery or a stale one becomes pending with a reason that says
-- so. One being handed over right now is left alone. Returns the code and time found.
-- KEYS: bucket, reasons, counts. ARGV: id, now, zone, ttl, countsTtl, reason.
--@include outcome
local id, now, zone, ttl, countsTtl, reason = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local k = outcomeKeys()
local cur = readOutcome(k.bucket, id)
if cur and cur.code == 'H' then return { 'H', cur.at } end
writeOutcome(k, id, 'Q', now, zone, reason)
flushOutcomes(k, ttl, countsTtl)
if cur then return { cur.code, cur.at } end
return { '', '' }
