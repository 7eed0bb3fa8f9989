-- `briefing migrate`: how many of the ids are not fields of a hash (the earlier roster), in
-- one round trip per batch. KEYS: hash. ARGV: ids.
local n = 0
for i = 1, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then n = n + 1 end
end
return n
