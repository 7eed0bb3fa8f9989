-- Turns sections and remote feeds off or on for the whole organisation and audits what
-- changed, in one step. Returns { number of changes, the settings hash after }.
-- KEYS: settings hash, audit stream.
-- ARGV: at (ISO), source, audit cap, remote feeds ("on", "off" or "" to leave it),
--       number of sections to turn off, those sections, then the sections to turn on.
local at, source, cap, feeds, nOff = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local changes = {}
for i = 6, 5 + nOff do
  if redis.call('HSETNX', KEYS[1], 'off:' .. ARGV[i], at) == 1 then changes[#changes + 1] = ARGV[i] .. ' off' end
end
for i = 6 + nOff, #ARGV do
  if redis.call('HDEL', KEYS[1], 'off:' .. ARGV[i]) == 1 then changes[#changes + 1] = ARGV[i] .. ' on' end
end
if feeds == 'off' then
  if redis.call('HSETNX', KEYS[1], 'remote-feeds', 'off') == 1 then changes[#changes + 1] = 'remote-feeds off' end
elseif feeds == 'on' then
  if redis.call('HDEL', KEYS[1], 'remote-feeds') == 1 then changes[#changes + 1] = 'remote-feeds on' end
end
if #changes > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', cap, '*', 'at', at, 'source', source, 'change', table.concat(changes, ', '))
end
return { #changes, redis.call('HGETALL', KEYS[1]) }
