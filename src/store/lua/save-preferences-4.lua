-- Saves a recipient's own choices (the preferences page: p.* fields of their record), moves
-- them between send-group sets when their zone or time changed, and audits it, in one step.
-- The caller read the record and names the group it was in and the one it goes to; if an
-- import moved the person in between, nothing is written and 'moved' comes back.
-- KEYS: recipient, old group set, new group set, preferences audit (one shard).
-- ARGV: id, expected old group, expected new group, at (ISO), the kept choices (JSON, for
-- the audit), audit cap, then field, value pairs (an empty value deletes the field).
--@include group
local id = ARGV[1]
local before = effectiveGroup(KEYS[1])
if before == '' then return 'missing' end
if before ~= ARGV[2] then return 'moved' end
for i = 7, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i]) else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
local after = effectiveGroup(KEYS[1])
if after ~= ARGV[3] then return redis.error_reply('save-preferences: group ' .. after .. ' is not the one named (' .. ARGV[3] .. ')') end
if before ~= after then redis.call('SREM', KEYS[2], id) end
redis.call('SADD', KEYS[3], id)
redis.call('XADD', KEYS[4], 'MAXLEN', ARGV[6], '*', 'at', ARGV[4], 'id', id, 'kept', ARGV[5])
return 'ok'
