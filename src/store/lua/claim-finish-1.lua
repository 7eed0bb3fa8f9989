-- Marks a fan-out claim done, only for its holder. KEYS: claim. ARGV: owner, seconds to keep it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], 'done', 'EX', ARGV[2])
  return 1
end
return 0
