-- Writes one recipient's imported fields, keeping what is theirs (p.* preferences), their
-- sequence number and lastSent, and moves them between send-group sets. The caller read the
-- record first and names the group set it was in and the one it goes to; if the record
-- changed in between, nothing is written and 'retry' comes back.
-- KEYS: ids, seq, recipient, old group set (any key of the shard when new), new group set.
-- ARGV: id, expected old group ('' when new), expected new group, then field, value pairs
-- (an empty value deletes the field).
--@include group
local id, expectOld, expectNew = ARGV[1], ARGV[2], ARGV[3]
local before = effectiveGroup(KEYS[3])
if before ~= expectOld then return { 'retry', before } end
for i = 4, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[3], ARGV[i]) else redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
end
local created = before == ''
if created then
  redis.call('HSET', KEYS[3], 'seq', redis.call('INCR', KEYS[2]) - 1)
  redis.call('SADD', KEYS[1], id)
end
local after = effectiveGroup(KEYS[3])
if after ~= expectNew then return redis.error_reply('upsert-recipient: group ' .. after .. ' is not the one named (' .. expectNew .. ')') end
if not created and before ~= after then redis.call('SREM', KEYS[4], id) end
redis.call('SADD', KEYS[5], id)
return { created and 'created' or 'updated', after }
