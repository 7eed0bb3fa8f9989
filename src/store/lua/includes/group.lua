-- A recipient's send group: their own zone and send time where they chose one (the p.*
-- preference fields), else the imported ones. Every script that moves someone between the
-- group sets computes it here, the same way src/store/recipient-fields.ts does.
local function effectiveGroup(record)
  local r = redis.call('HMGET', record, 'tz', 'sendAt', 'p.tz', 'p.sendAt')
  if not r[1] then return '' end
  return (r[3] or r[1]) .. '|' .. (r[4] or r[2])
end
