import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../src/redis.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { deletePrefix } from '../helpers/redis-cleanup.ts';
import { testConfig, uniquePrefix } from '../helpers/test-config.ts';

const GROUP = 'Europe/Amsterdam|07:30';
const DATE = '2026-11-24';

describe('fan-out claims', () => {
  let redis: RedisClient;
  let other: RedisClient;
  let one: Store;
  let two: Store;
  const prefix = uniquePrefix('claims');

  beforeEach(() => {
    const { redis: target } = testConfig();
    redis = createRedisClient(target, { name: 'test-claims' });
    other = createRedisClient(target, { name: 'test-claims-other' });
    one = createStore(redis, { prefix, retentionSeconds: 86_400 });
    two = createStore(other, { prefix, retentionSeconds: 86_400 });
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
    await other.quit();
  });

  it('lets exactly one of many schedulers racing for a group and date win', async () => {
    const contenders = Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).schedule.claims(`owner-${i}`, 60_000));
    const won = await Promise.all(contenders.map((c) => c.claim(GROUP, DATE)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('keeps a finished group done, and lets only the holder finish it', async () => {
    const a = one.schedule.claims('a', 60_000);
    const b = two.schedule.claims('b', 60_000);
    expect(await a.claim(GROUP, DATE)).toBe(true);
    await b.finish(GROUP, DATE); // not the holder: no effect
    expect(await b.claim(GROUP, DATE)).toBe(false);
    await a.finish(GROUP, DATE);
    // Done: nobody claims it again, not even after the lease would have run out.
    expect(await a.claim(GROUP, DATE)).toBe(false);
    expect(await b.claim(GROUP, DATE)).toBe(false);
    expect(await b.taken([{ group: GROUP, date: DATE }, { group: GROUP, date: '2026-11-25' }])).toEqual([true, false]);
  });

  it('hands a group over when its holder died and the lease ran out', async () => {
    const dead = one.schedule.claims('dead', 50);
    const next = two.schedule.claims('next', 60_000);
    expect(await dead.claim(GROUP, DATE)).toBe(true);
    expect(await next.claim(GROUP, DATE)).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(await next.claim(GROUP, DATE)).toBe(true);
  });
});
