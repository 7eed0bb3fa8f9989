-- Removes an opt-out and audits it. Returns 0 when there was none (nothing written).
-- KEYS: optouts, audit. ARGV: id, at (ISO), source, audit cap.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], '*', 'at', ARGV[2], 'id', ARGV[1], 'action', 'opt-in', 'source', ARGV[3])
return 1
