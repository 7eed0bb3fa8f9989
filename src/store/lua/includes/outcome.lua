-- One date's outcomes in one shard: a bucket hash (id -> code..seconds.."|"..zone), a reasons
-- hash (id -> code..seconds.."|"..reason, only for outcomes that carry one) and a counts hash
-- ("code|zone" -> n). Every write goes through writeOutcome, so the counts always match the
-- records. `k` holds the three keys (same slot); the caller passes them as KEYS[1..3].
local function readOutcome(bucket, id)
  local v = redis.call('HGET', bucket, id)
  if not v then return nil end
  local bar = string.find(v, '|', 2, true)
  return { code = string.sub(v, 1, 1), at = string.sub(v, 2, bar - 1), zone = string.sub(v, bar + 1) }
end

local function writeOutcome(k, id, code, at, zone, reason, ttl, countsTtl)
  local old = readOutcome(k.bucket, id)
  if old then redis.call('HINCRBY', k.counts, old.code .. '|' .. old.zone, -1) end
  redis.call('HSET', k.bucket, id, code .. at .. '|' .. zone)
  redis.call('HINCRBY', k.counts, code .. '|' .. zone, 1)
  if reason ~= '' then
    redis.call('HSET', k.reasons, id, code .. at .. '|' .. reason)
    redis.call('EXPIRE', k.reasons, ttl)
  elseif old then
    redis.call('HDEL', k.reasons, id)
  end
  redis.call('EXPIRE', k.bucket, ttl)
  redis.call('EXPIRE', k.counts, countsTtl)
  return old
end

local function outcomeKeys()
  return { bucket = KEYS[1], reasons = KEYS[2], counts = KEYS[3] }
end
