import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../src/redis.ts';
import { createStore } from '../../../src/store/store.ts';
import { startPrivateRedis, type PrivateRedis } from '../../helpers/private-redis.ts';

describe('the store’s Lua scripts', () => {
  let server: PrivateRedis;
  let redis: RedisClient;
  beforeAll(async () => {
    // SCRIPT FLUSH drops every client's scripts: never on the shared Redis.
    server = await startPrivateRedis();
    redis = createRedisClient({ kind: 'single', url: server.url }, { name: 'scripts-test' });
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.kill();
  });

  it('run on first use and again after Redis forgot every script (a restart, a failover, SCRIPT FLUSH)', async () => {
    const store = createStore(redis, { prefix: 'scripts', retentionSeconds: 86_400 });
    await store.roster.upsertMany([
      { id: 'u-1', email: 'ada@example.com', name: 'Ada', locale: 'en', timeZone: 'UTC', sendAt: '07:30',
        workdays: ['mon'], workHours: { start: '09:00', end: '17:00' }, enabled: true },
    ]);
    expect((await store.optouts.optOut('u-1', 'link')).created).toBe(true);
    await redis.script('FLUSH');
    expect((await store.optouts.optIn('u-1', 'admin'))).toBe(true);
    expect(await store.optouts.get('u-1')).toBeNull();
  });
});
