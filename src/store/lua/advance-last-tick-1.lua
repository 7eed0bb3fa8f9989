-- Moves the scheduler's last finished tick forward, never back. KEYS: last tick. ARGV: epoch ms.
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
