-- Renews a fan-out claim, only for its holder. KEYS: claim. ARGV: owner, lease ms.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
