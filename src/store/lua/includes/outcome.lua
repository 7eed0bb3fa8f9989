-- One date's outcomes in one shard: a bucket hash (id -> code..seconds.."|"..zone), a reasons
-- hash (id -> code..seconds.."|"..reason, only for outcomes that carry one) and a counts hash
-- ("code|zone" -> n). Every write goes through writeOutcome, so the counts always match the
-- records. `k` holds the three keys (same slot); the caller passes them as KEYS[1..3].
-- A script ends with flushOutcomes: one HINCRBY per changed count and one EXPIRE per key for
-- the whole call, however many people it wrote (mark-pending writes up to 128 at once).
local function readOutcome(bucket, id)
  local v = redis.call('HGET', bucket, id)
  if not v then return nil end
  local bar = string.find(v, '|', 2, true)
  return { code = string.sub(v, 1, 1), at = string.sub(v, 2, bar - 1), zone = string.sub(v, bar + 1) }
end

local function count(k, field, n)
  k.deltas[field] = (k.deltas[field] or 0) + n
end

local function writeOutcome(k, id, code, at, zone, reason)
  local old = readOutcome(k.bucket, id)
  if old then count(k, old.code .. '|' .. old.zone, -1) end
  redis.call('HSET', k.bucket, id, code .. at .. '|' .. zone)
  count(k, code .. '|' .. zone, 1)
  if reason ~= '' then
    redis.call('HSET', k.reasons, id, code .. at .. '|' .. reason)
    k.reasoned = true
  elseif old then
    redis.call('HDEL', k.reasons, id)
  end
  k.written = true
  return old
end

local function flushOutcomes(k, ttl, countsTtl)
  if not k.written then return end
  for field, n in pairs(k.deltas) do
    if n ~= 0 then redis.call('HINCRBY', k.counts, field, n) end
  end
  redis.call('EXPIRE', k.bucket, ttl)
  redis.call('EXPIRE', k.counts, countsTtl)
  if k.reasoned then redis.call('EXPIRE', k.reasons, ttl) end
end

local function outcomeKeys()
  return { bucket = KEYS[1], reasons = KEYS[2], counts = KEYS[3], deltas = {}, written = false, reasoned = false }
end
