-- `briefing migrate`: writes outcomes moved from the earlier layout into one bucket, each
-- through writeOutcome, so the counts stay equal to the records, and a re-run after a crash
-- rewrites the same records without counting them twice.
-- KEYS: bucket, reasons, counts. ARGV: ttl, countsTtl, then id, code, at (epoch s), zone, reason per outcome.
--@include outcome
local ttl, countsTtl = ARGV[1], ARGV[2]
local k = outcomeKeys()
for i = 3, #ARGV, 5 do
  writeOutcome(k, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4])
end
flushOutcomes(k, ttl, countsTtl)
return 1
