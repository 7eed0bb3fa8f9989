-- Writes the imported fields of several recipients of one shard, keeping what is theirs
-- (p.* preferences), their sequence number, when they joined and lastSent, and moves each between send-group
-- sets. The caller read the records first (read-heads-n) and names, for each, the group set
-- it was in and the one it goes to; one whose record changed in between is left alone and
-- comes back as 'retry'. One call writes a few dozen people: each is a handful of commands,
-- so Redis answers others in between calls, never stalls on an import.
-- KEYS: ids, seq, then for each recipient: record, old group set (any key of the shard when
-- new), new group set.
-- ARGV: for each recipient, one JSON array (one argument instead of two dozen: the client's
-- cost is per argument): id, expected old group ('' when new), expected new group, then
-- field, value pairs (an empty value deletes the field); last, '1' to note when a new record
-- joined (epoch seconds), '0' not to (a migrated roster).
-- Returns 'created', 'updated' or 'retry' for each.
--@include group
local out = {}
local count = (#KEYS - 2) / 3
local stampJoined = ARGV[count + 1] == '1'
for n = 1, count do
  local record, oldSet, newSet = KEYS[3 * n], KEYS[3 * n + 1], KEYS[3 * n + 2]
  local w = cjson.decode(ARGV[n])
  local id, expectOld, expectNew = w[1], w[2], w[3]
  local r = redis.call('HMGET', record, 'tz', 'sendAt', 'p.tz', 'p.sendAt')
  local before = groupOfFields(r[1], r[2], r[3], r[4])
  if before ~= expectOld then
    out[n] = 'retry'
  else
    local set, del, tz, sendAt = {}, {}, nil, nil
    for i = 4, #w, 2 do
      local field, value = w[i], w[i + 1]
      if value == '' then del[#del + 1] = field else set[#set + 1] = field; set[#set + 1] = value end
      if field == 'tz' then tz = value elseif field == 'sendAt' then sendAt = value end
    end
    local created = before == ''
    if created then
      set[#set + 1] = 'seq'
      set[#set + 1] = redis.call('INCR', KEYS[2]) - 1
      -- When they joined (epoch seconds): `status --recipient` says which dates were before it.
      if stampJoined then
        set[#set + 1] = 'joined'
        set[#set + 1] = redis.call('TIME')[1]
      end
      redis.call('SADD', KEYS[1], id)
    end
    if #del > 0 then redis.call('HDEL', record, unpack(del)) end
    if #set > 0 then redis.call('HSET', record, unpack(set)) end
    -- The group it is in now: its own choices (kept) over the imported zone and time.
    local after = groupOfFields(tz, sendAt, r[3], r[4])
    if after ~= expectNew then return redis.error_reply('upsert-recipients: group ' .. after .. ' of ' .. id .. ' is not the one named (' .. expectNew .. ')') end
    if not created and before ~= after then redis.call('SREM', oldSet, id) end
    redis.call('SADD', newSet, id)
    out[n] = created and 'created' or 'updated'
  end
end
return out
