-- Moves a recipient's lastSent (the latest date whose briefing went out: the stale check)
-- forward to `date`, never back, and only while they are on the roster.
local function raiseLastSent(record, date)
  local last = redis.call('HGET', record, 'lastSent')
  if (not last or last < date) and redis.call('EXISTS', record) == 1 then
    redis.call('HSET', record, 'lastSent', date)
  end
end
