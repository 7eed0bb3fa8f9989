-- Takes one recipient off the roster: their record, their place in the id and group sets.
-- Their opt-out stays (someone re-imported later must not be mailed again), and so do their
-- outcomes until retention drops them. Returns their address, or false when they were not there.
-- KEYS: ids, recipient, group set. ARGV: id, expected group.
--@include group
local group = effectiveGroup(KEYS[2])
if group == '' then return false end
if group ~= ARGV[2] then return redis.error_reply('retry') end
local email = redis.call('HGET', KEYS[2], 'email')
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[2])
return email
