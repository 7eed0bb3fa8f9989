-- The send gate, run twice per briefing: before its content is loaded ("check") and
-- immediately before it is handed to SMTP ("handover"). In one atomic step it reads whether
-- this briefing went out already, the recipient's opt-out, the admin's switch, their own
-- pause and whether a later briefing already went out, and the organisation switch; and in
-- "handover" mode it marks the briefing as being handed over. An opt-out recorded before
-- this runs is always seen, and two workers can never both pass it for one recipient and date.
-- KEYS: bucket, reasons, counts, recipient, optouts, paused (one shard).
-- ARGV: id, now (epoch s), zone, ttl, countsTtl, mode, date, force ("1": a forced re-send).
--@include outcome
local id, now, zone, ttl, countsTtl, mode, date, force =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local k = outcomeKeys()
local cur = readOutcome(k.bucket, id)
if cur then
  if cur.code == 'S' or cur.code == 'F' then return { 'duplicate', cur.code, cur.at } end
  if cur.code == 'H' then return { 'in-handover', cur.code, cur.at } end
  if cur.code == 'U' then return { 'unknown', cur.code, cur.at } end
end
local code, reason = nil, ''
if redis.call('HEXISTS', KEYS[5], id) == 1 then
  code = 'O'
else
  local r = redis.call('HMGET', KEYS[4], 'enabled', 'lastSent', 'p.pausedUntil')
  if not r[1] then
    code = 'X'; reason = 'not on the roster (removed after the send was queued?)'
  elseif r[1] == '0' then
    code = 'D'
  elseif r[3] and r[3] >= date then
    code = 'Z'; reason = 'paused by the recipient until ' .. r[3]
  elseif force ~= '1' and r[2] and r[2] > date then
    code = 'T'; reason = 'the briefing of ' .. r[2] .. ' has gone out already: this date is over for them'
  end
end
if code then
  writeOutcome(k, id, code, now, zone, reason)
  flushOutcomes(k, ttl, countsTtl)
  return { 'stopped', code, now, reason }
end
-- Paused: nothing is recorded as final; the caller holds the briefing until resume.
local paused = redis.call('GET', KEYS[6])
if paused then return { 'held', 'P', now, paused } end
if mode == 'handover' then
  writeOutcome(k, id, 'H', now, zone, '')
  flushOutcomes(k, ttl, countsTtl)
end
return { 'ok' }
