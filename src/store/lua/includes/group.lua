-- A recipient's send group: their own zone and send time where they chose one (the p.*
-- preference fields), else the imported ones. Every script that moves someone between the
-- group sets, or reads who is in one, computes it here, the same way src/store/recipient-fields.ts does.
local function groupOfFields(tz, sendAt, ownTz, ownSendAt)
  if not tz then return '' end
  return (ownTz or tz) .. '|' .. (ownSendAt or sendAt)
end

local function effectiveGroup(record)
  local r = redis.call('HMGET', record, 'tz', 'sendAt', 'p.tz', 'p.sendAt')
  return groupOfFields(r[1], r[2], r[3], r[4])
end
