import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis.ts';
import type { Recipient } from '../../../src/recipients/recipient.ts';
import { createStore, type Store } from '../../../src/store/store.ts';
import { addDays } from '../../../src/time/zones.ts';
import { deletePrefix, mastersOf } from '../../helpers/redis-cleanup.ts';
import { testConfig, uniquePrefix } from '../../helpers/test-config.ts';

const person = (id: string): Recipient => ({
  id, email: `${id}@example.com`, name: id, locale: 'en', timeZone: 'Europe/Amsterdam', sendAt: '07:30',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], workHours: { start: '09:00', end: '17:00' }, enabled: true,
});

describe('the counts of a day once its per-person outcomes are gone', () => {
  let redis: RedisClient;
  let store: Store;
  const prefix = uniquePrefix('day-counts');
  const now = new Date('2026-12-01T10:00:00Z');
  // OUTCOME_RETENTION of 3 days: the detail of 2026-11-27 and earlier is expiring on 1 December.
  const old = addDays('2026-12-01', -4);
  const recent = addDays('2026-12-01', -1);

  beforeAll(async () => {
    redis = createRedisClient(testConfig().redis, { name: 'test-day-counts' });
    store = createStore(redis, { prefix, retentionSeconds: 3 * 86_400 });
    await store.roster.upsertMany(Array.from({ length: 200 }, (_, i) => person(`p-${i}`)));
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  /** What Redis does once the retention and the counters' grace have passed: the date's keys in every shard go. */
  async function expire(date: string): Promise<void> {
    for (const node of mastersOf(redis)) {
      for (const pattern of [`${prefix}:*:o:${date}:*`, `${prefix}:*:why:${date}`, `${prefix}:*:n:${date}`]) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          // One key per UNLINK: a cluster refuses one command on keys of several slots.
          await Promise.all(keys.map((key) => node.unlink(key)));
          cursor = next;
        } while (cursor !== '0');
      }
    }
  }

  it('keeps them in one summary, rolled up before the detail expires, and reads them from there', async () => {
    const everyone = [...(await store.roster.getMany(Array.from({ length: 200 }, (_, i) => `p-${i}`))).values()];
    for (const date of [old, recent]) {
      await store.outcomes.markPending(date, everyone);
      for (const r of everyone.slice(0, 150)) await store.outcomes.record(date, r, { status: 'sent', at: now.toISOString() });
      await store.outcomes.record(date, everyone[150]!, { status: 'failed', at: now.toISOString(), reason: '550 no such user' });
    }
    const before = await store.outcomes.counts(old);
    expect(before.byStatus).toMatchObject({ sent: 150, failed: 1, pending: 49 });

    // Only the date whose detail is expiring is rolled up; yesterday's still has all of it.
    expect(await store.outcomes.rollUpDays(now)).toEqual([old]);
    await expire(old);
    expect(await store.outcomes.get(old, 'p-1')).toBeNull();
    const after = await store.outcomes.counts(old);
    expect(after.byStatus).toEqual(before.byStatus);
    expect([...after.byZone.keys()]).toEqual(['Europe/Amsterdam']);

    await expire(recent);
    expect((await store.outcomes.counts(recent)).byStatus.sent).toBe(0);
  });
});
