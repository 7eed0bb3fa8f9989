import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis.ts';
import { createStore, type Store } from '../../../src/store/store.ts';
import { deletePrefix } from '../../helpers/redis-cleanup.ts';
import { person } from '../../helpers/person.ts';
import { testConfig, uniquePrefix } from '../../helpers/test-config.ts';

const DATE = '2026-12-01';

describe('the outcome store', () => {
  let redis: RedisClient;
  let store: Store;
  const prefix = uniquePrefix('outcomes');
  beforeAll(async () => {
    redis = createRedisClient(testConfig().redis, { name: 'test-store' });
    store = createStore(redis, { prefix, retentionSeconds: 86_400 });
    // 300 people: more than one outcome bucket in some shards, people in two zones.
    await store.roster.upsertMany(Array.from({ length: 300 }, (_, i) => person(`p-${i}`, { timeZone: i % 3 ? 'Europe/Amsterdam' : 'Asia/Tokyo' })));
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('keeps the counts of a day equal to its records through every change of outcome', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `p-${i}`);
    const everyone = [...(await store.roster.getMany(ids)).values()];
    await store.outcomes.markPending(DATE, everyone);
    for (const [i, r] of everyone.entries()) {
      if (i % 5 === 0) await store.outcomes.record(DATE, r, { status: 'failed', at: new Date().toISOString(), reason: '550 no such user' });
      else if (i % 7 === 0) await store.outcomes.gate(DATE, r, 'handover');
      else await store.outcomes.record(DATE, r, { status: 'sent', at: new Date().toISOString() });
    }
    const listed = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await store.outcomes.list(DATE, { cursor, limit: 50 });
      for (const row of page.rows) listed.set(row.id, row.status);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(listed.size).toBe(300);
    const byStatus: Record<string, number> = {};
    for (const s of listed.values()) byStatus[s === 'sending' ? 'pending' : s] = (byStatus[s === 'sending' ? 'pending' : s] ?? 0) + 1;
    const { byStatus: counted, byZone } = await store.outcomes.counts(DATE);
    for (const [status, n] of Object.entries(byStatus)) expect(counted[status as keyof typeof counted], status).toBe(n);
    expect(counted.pending + counted.sent + counted.failed).toBe(300);
    expect(byZone.get('Asia/Tokyo')!.failed + byZone.get('Europe/Amsterdam')!.failed).toBe(counted.failed);
  });

  it('lists one outcome with its reasons, and pages through it', async () => {
    const failed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.outcomes.list(DATE, { status: 'failed', cursor, limit: 7 });
      for (const row of page.rows) {
        expect(row).toMatchObject({ status: 'failed', reason: '550 no such user' });
        failed.push(row.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(failed.sort()).toEqual(Array.from({ length: 60 }, (_, i) => `p-${i * 5}`).sort());
  });

  it('gives one person’s history by date, and nothing for an id that is not on the roster', async () => {
    await store.outcomes.record('2026-11-30', 'p-1', { status: 'skipped:empty', at: '2026-11-30T06:30:00.000Z' });
    const history = await store.outcomes.history('p-1', ['2026-11-29', '2026-11-30', DATE]);
    expect(history.map((o) => o?.status ?? null)).toEqual([null, 'skipped:empty', 'sent']);
    expect(history[1]!.at).toBe('2026-11-30T06:30:00.000Z');
    expect(await store.outcomes.history('ghost', [DATE])).toEqual([null]);
  });
});
