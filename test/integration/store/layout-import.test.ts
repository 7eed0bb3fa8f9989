import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis.ts';
import { testConfig } from '../../helpers/test-config.ts';
import type { LegacyAuditEntry } from '../../../src/store/legacy/legacy-records.ts';
import { createStore, type Store } from '../../../src/store/store.ts';
import { allOutcomes, auditOf } from '../../helpers/outcomes.ts';
import { deletePrefix } from '../../helpers/redis-cleanup.ts';
import { person } from '../../helpers/person.ts';
import { uniquePrefix } from '../../helpers/test-config.ts';

// What `briefing migrate` writes, each write done twice (a re-run after a crash) and then
// read back through the ordinary stores: done twice must read as done once.


describe('moving data into the layout', () => {
  let redis: RedisClient;
  let store: Store;
  const prefix = uniquePrefix('layout-import');
  const ids = Array.from({ length: 200 }, (_, i) => `m-${i}`);
  beforeAll(async () => {
    redis = createRedisClient(testConfig().redis, { name: 'test-layout-import' });
    store = createStore(redis, { prefix, retentionSeconds: 86_400 });
    await store.roster.upsertMany(ids.map((id, i) => person(id, { timeZone: i % 2 ? 'Europe/Amsterdam' : 'Asia/Tokyo' })));
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('copies audit entries once, in their original order and under their original ids, however often the copy runs', async () => {
    // Stream ids of one earlier stream: several in one millisecond, across many shards.
    const entries: LegacyAuditEntry[] = ids.map((id, i) => ({
      streamId: `1764000000${String(Math.floor(i / 7)).padStart(3, '0')}-${i % 7}`,
      at: new Date(1_764_000_000_000 + i).toISOString(), id, action: i % 5 ? 'opt-out' : 'opt-in', source: 'link',
    }));
    const into = store.migration.into;
    expect(await into.audit(entries.slice(0, 120))).toBe(120);
    // A re-run that starts over, overlapping what the crashed run copied (and a fresh process).
    const again = createStore(redis, { prefix, retentionSeconds: 86_400 }).migration.into;
    expect(await again.audit(entries)).toBe(80);
    expect(await again.audit(entries)).toBe(0);
    expect(await auditOf({ services: store })).toEqual(entries.map(({ streamId: _, ...e }) => e));
  });

  it('keeps a date’s counts equal to its records when its outcomes are written twice; lastSent only moves forward', async () => {
    const targets = [...(await store.roster.getMany(ids)).values()];
    const rows = targets.map((target, i) => ({
      target,
      outcome: i % 3 ? { status: 'sent' as const, at: '2026-11-20T06:30:00.000Z' } : { status: 'failed' as const, at: '2026-11-20T06:31:00.000Z', reason: '550 no such user' },
    }));
    await store.migration.into.outcomes('2026-11-20', rows, 3600);
    await store.migration.into.outcomes('2026-11-20', rows, 3600);
    await store.migration.into.raiseLastSent([{ id: 'm-1', date: '2026-11-20' }, { id: 'm-2', date: '2026-11-20' }]);
    await store.migration.into.raiseLastSent([{ id: 'm-1', date: '2026-11-19' }]);
    const read = await allOutcomes(store.outcomes, '2026-11-20');
    expect(read.size).toBe(200);
    const { byStatus, byZone } = await store.outcomes.counts('2026-11-20');
    expect([byStatus.sent, byStatus.failed]).toEqual([133, 67]);
    expect(byZone.get('Asia/Tokyo')!.failed + byZone.get('Europe/Amsterdam')!.failed).toBe(67);
    // Never moved back.
    expect((await store.roster.get('m-1'))!.lastSent).toBe('2026-11-20');
  });

  it('counts a day past retention once: shard counts written twice, summed twice, then dropped', async () => {
    const into = store.migration.into;
    const counts = [{ status: 'sent' as const, timeZone: 'Asia/Tokyo', n: 40 }, { status: 'skipped:missed' as const, timeZone: 'Europe/Amsterdam', n: 2 }];
    for (const shard of [3, 90]) {
      await into.shardDayCounts(shard, '2025-01-02', counts, 60_000);
      await into.shardDayCounts(shard, '2025-01-02', counts, 60_000);
    }
    expect(await into.summariseDay('2025-01-02', 60_000)).toBe(84);
    expect(await into.summariseDay('2025-01-02', 60_000)).toBe(84);
    await into.dropShardDayCounts('2025-01-02');
    const { byStatus, byZone } = await store.outcomes.counts('2025-01-02');
    expect([byStatus.sent, byStatus['skipped:missed']]).toEqual([80, 4]);
    expect(byZone.get('Asia/Tokyo')!.sent).toBe(80);
  });

  it('adds the earlier metrics once, however often it is asked', async () => {
    await store.metrics.observeSend({ status: 'sent', renderSeconds: 0.004 });
    const earlier = { 'le:0.005': '3', 'le:0.05': '1', sum: '0.061', count: '4' };
    expect(await store.migration.into.metrics('render', earlier)).toBe(true);
    expect(await store.migration.into.metrics('render', earlier)).toBe(false);
    const render = await store.metrics.histogram('render');
    expect(render.count).toBe(5);
    expect(render.sum).toBeCloseTo(0.065, 9);
  });
});
