-- What an upsert must know of records before it writes them: for each (KEYS, one shard) its
-- address, its send group ('' when there is no such record) and the zone and send time the
-- person chose themselves ('' when they did not), which decide the group it goes to. Read-only.
-- KEYS: recipient records. Returns four values for each.
--@include group
local out = {}
for i, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'email', 'tz', 'sendAt', 'p.tz', 'p.sendAt')
  local j = 4 * (i - 1)
  out[j + 1] = r[1] or ''
  out[j + 2] = groupOfFields(r[2], r[3], r[4], r[5])
  out[j + 3] = r[4] or ''
  out[j + 4] = r[5] or ''
end
return out
