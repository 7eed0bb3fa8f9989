import { afterAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/redis.ts';
import { luaScript } from '../../src/redis-script.ts';
import { deletePrefix } from '../helpers/redis-cleanup.ts';
import { uniquePrefix } from '../helpers/test-config.ts';

describe('Lua scripts run by SHA', () => {
  const redis = createRedisClient({ kind: 'single', url: 'redis://127.0.0.1:6379' }, { name: 'test-lua' });
  const prefix = uniquePrefix('lua');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('works on first use and again after Redis forgot every script (restart, SCRIPT FLUSH)', async () => {
    // A script of its own (the prefix is in it), so Redis cannot already know it.
    const incr = luaScript(`-- ${prefix}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const key = `${prefix}:n`;
    expect(await incr(redis, [key], [2])).toBe(2);
    expect(await incr(redis, [key], [3])).toBe(5);
    // Other tests' scripts are dropped too; every script of ours falls back the same way.
    await redis.script('FLUSH');
    expect(await incr(redis, [key], [4])).toBe(9);
  });
});
