import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis.ts';
import { createStore, type Store } from '../../../src/store/store.ts';
import { ALL_SHARDS } from '../../../src/store/shards.ts';
import { deletePrefix } from '../../helpers/redis-cleanup.ts';
import { person } from '../../helpers/person.ts';
import { testConfig, uniquePrefix } from '../../helpers/test-config.ts';

async function membersOf(store: Store, group: string): Promise<string[]> {
  const ids: string[] = [];
  for (const shard of ALL_SHARDS) for await (const batch of store.roster.groupMembers(group, shard)) ids.push(...batch);
  return ids.sort();
}

describe('the roster store', () => {
  let redis: RedisClient;
  let store: Store;
  const prefix = uniquePrefix('roster');
  beforeAll(() => {
    redis = createRedisClient(testConfig().redis, { name: 'test-store' });
    store = createStore(redis, { prefix, retentionSeconds: 86_400 });
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('upserts by id, moves people between send groups, and reads every field back as imported', async () => {
    expect(await store.roster.upsertMany([person('a', { calendar: '/cal/a.ics' }), person('b')])).toEqual({ created: 2, updated: 0 });
    expect(await store.roster.upsertMany([person('a', { timeZone: 'Asia/Tokyo', sendAt: '08:00' }), person('c')])).toEqual({ created: 1, updated: 1 });
    expect(await membersOf(store, 'Europe/Amsterdam|07:30')).toEqual(['b', 'c']);
    expect(await membersOf(store, 'Asia/Tokyo|08:00')).toEqual(['a']);
    const a = await store.roster.get('a');
    // The calendar was left out of the second import: it is gone, not kept from the first.
    expect(a).toMatchObject({ ...person('a', { timeZone: 'Asia/Tokyo', sendAt: '08:00' }) });
    expect(a).not.toHaveProperty('calendar');
    expect(await store.roster.count()).toBe(3);
    expect((await store.roster.groups()).sort()).toEqual(['Asia/Tokyo|08:00', 'Europe/Amsterdam|07:30']);
  });

  it('finds a person by address, whatever its case, and forgets the old address when it changes', async () => {
    expect(await store.roster.idByEmail('B@Example.COM')).toBe('b');
    await store.roster.upsertMany([person('b', { email: 'bea@example.org' })]);
    expect(await store.roster.idByEmail('b@example.com')).toBeNull();
    expect(await store.roster.idByEmail('bea@example.org')).toBe('b');
  });

  it('takes people off the roster and out of their group, and keeps their opt-out', async () => {
    await store.optouts.optOut('c', 'link');
    expect(await store.roster.remove(['c', 'ghost'])).toEqual(['c']);
    expect(await store.roster.get('c')).toBeNull();
    expect(await membersOf(store, 'Europe/Amsterdam|07:30')).toEqual(['b']);
    expect(await store.roster.idByEmail('c@example.com')).toBeNull();
    expect(await store.optouts.get('c')).toMatchObject({ source: 'link' });
    // Someone re-imported later is still opted out.
    await store.roster.upsertMany([person('c')]);
    expect(await store.optouts.get('c')).not.toBeNull();
  });

  it('walks the whole roster in batches and in pages', async () => {
    await store.roster.upsertMany(Array.from({ length: 250 }, (_, i) => person(`w-${i}`)));
    const walked: string[] = [];
    for await (const batch of store.roster.batches(40)) walked.push(...batch.map((r) => r.id));
    expect(new Set(walked).size).toBe(await store.roster.count());
    const ids: string[] = [];
    for await (const batch of store.roster.ids(40)) ids.push(...batch);
    expect(ids.sort()).toEqual([...walked].sort());
    const paged = new Set<string>();
    let cursor: string | undefined = '0';
    while (cursor) {
      const page = await store.roster.page(cursor, 60);
      page.recipients.forEach((r) => paged.add(r.id));
      cursor = page.nextCursor ?? undefined;
    }
    expect(paged.size).toBe(await store.roster.count());
  });
});
