-- Who of one send group's members in one shard is due a briefing on a weekday, read in one
-- step for a batch, so that fan-out never loads whole records: for each record, their
-- sequence number (it places their outcome) when the weekday is one of their workdays, -1
-- when it is not, and -2 when they are gone or now belong to another group (their new group
-- sends for them). Read-only.
-- KEYS: recipient records, all of one shard. ARGV: group, weekday (mon … sun).
--@include group
local group, day = ARGV[1], ' ' .. ARGV[2] .. ' '
local out = {}
for i, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'tz', 'sendAt', 'p.tz', 'p.sendAt', 'workdays', 'p.workdays', 'seq')
  if groupOfFields(r[1], r[2], r[3], r[4]) ~= group then
    out[i] = -2
  elseif not string.find(' ' .. (r[6] or r[5] or '') .. ' ', day, 1, true) then
    out[i] = -1
  else
    out[i] = tonumber(r[7])
  end
end
return out
