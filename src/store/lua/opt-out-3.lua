-- Records an opt-out and audits it in one step, so the audit log can never miss an opt-out
-- that took effect. A second opt-out keeps the first time and source and writes no audit
-- entry (idempotent). The recipient's language comes back in the same round trip: the
-- confirmation page is in their language.
-- KEYS: optouts, audit, recipient. ARGV: id, at (ISO), source, audit cap.
local id, at, source, cap = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local r = redis.call('HMGET', KEYS[3], 'p.locale', 'locale')
local locale = r[1] or r[2] or false
local existing = redis.call('HGET', KEYS[1], id)
if existing then return { existing, 0, locale } end
local record = at .. '|' .. source
redis.call('HSET', KEYS[1], id, record)
redis.call('XADD', KEYS[2], 'MAXLEN', cap, '*', 'at', at, 'id', id, 'action', 'opt-out', 'source', source)
return { record, 1, locale }
