-- `briefing migrate`: adds the earlier layout's counters of one metrics hash to this layout's,
-- once: the name goes into the done hash in the same step, so a re-run adds nothing.
-- KEYS: done, target (one slot: {metrics}). ARGV: name, then field, value pairs (whole numbers, or decimals for a sum).
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
for i = 2, #ARGV, 2 do
  if string.find(ARGV[i + 1], '^-?%d+$') then
    redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
  else
    redis.call('HINCRBYFLOAT', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
return 1
