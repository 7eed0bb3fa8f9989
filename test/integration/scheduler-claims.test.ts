import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../src/redis.ts';
import { redisKeys } from '../../src/keys.ts';
import { createFanOutClaims } from '../../src/schedule/fan-out-claim.ts';
import { deletePrefix } from '../helpers/redis-cleanup.ts';
import { testConfig, uniquePrefix } from '../helpers/test-config.ts';

const GROUP = 'Europe/Amsterdam|07:30';
const DATE = '2026-11-24';

describe('fan-out claims', () => {
  let redis: RedisClient;
  let other: RedisClient;
  const prefix = uniquePrefix('claims');
  const keys = redisKeys(prefix);

  beforeEach(() => {
    const { redis: target } = testConfig();
    redis = createRedisClient(target, { name: 'test-claims' });
    other = createRedisClient(target, { name: 'test-claims-other' });
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
    await other.quit();
  });

  it('lets exactly one of many schedulers racing for a group and date win', async () => {
    const contenders = Array.from({ length: 8 }, (_, i) => createFanOutClaims(i % 2 ? redis : other, keys, `owner-${i}`, 60_000));
    const won = await Promise.all(contenders.map((c) => c.claim(GROUP, DATE)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('keeps a finished group done, and lets only the holder finish or renew it', async () => {
    const a = createFanOutClaims(redis, keys, 'a', 60_000);
    const b = createFanOutClaims(other, keys, 'b', 60_000);
    expect(await a.claim(GROUP, DATE)).toBe(true);
    expect(await b.extend(GROUP, DATE)).toBe(false);
    await b.finish(GROUP, DATE); // not the holder: no effect
    expect(await redis.get(keys.fanOutClaim(GROUP, DATE))).toBe('a');
    await a.finish(GROUP, DATE);
    expect(await redis.get(keys.fanOutClaim(GROUP, DATE))).toBe('done');
    expect(await b.claim(GROUP, DATE)).toBe(false);
    expect(await b.taken([{ group: GROUP, date: DATE }, { group: GROUP, date: '2026-11-25' }])).toEqual([true, false]);
  });

  it('hands a group over when its holder died and the lease ran out', async () => {
    const dead = createFanOutClaims(redis, keys, 'dead', 50);
    const next = createFanOutClaims(other, keys, 'next', 60_000);
    expect(await dead.claim(GROUP, DATE)).toBe(true);
    expect(await next.claim(GROUP, DATE)).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(await next.claim(GROUP, DATE)).toBe(true);
  });
});
