-- A recipient's own undo of their opt-out by link, at most ARGV[5] times an hour. Since an
-- opt-out of someone opted out writes nothing, this bounds the audit entries one token (a
-- forwarded email, say) can add by toggling in a loop to twice that, plus one, an hour; every
-- entry is still a change that happened. The opt-out itself is never limited.
-- KEYS: optouts, audit, resubscribes (one shard). ARGV: id, at (ISO), source, audit cap, per hour.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'none' end
local done = tonumber(redis.call('GET', KEYS[3]) or '0')
if done >= tonumber(ARGV[5]) then return 'limited' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-in', 'source', ARGV[3])
if redis.call('INCR', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], 3600) end
return 'removed'
