import type { RedisClient } from '../src/redis.ts';
import { createStore } from '../src/store/store.ts';

/**
 * The roster the one-click benchmarks post opt-outs for: `count` recipients `bench-0…`,
 * half en and half nl, so the confirmation page is looked up in both languages.
 */
export async function seedOneClickRoster(redis: RedisClient, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `bench-${i}`);
  await createStore(redis, { prefix, retentionSeconds: 86_400 }).roster.upsertMany(
    ids.map((id, i) => ({
      id,
      email: `${id}@example.com`,
      name: '',
      locale: i % 2 ? 'nl' : 'en',
      timeZone: 'Europe/Amsterdam',
      sendAt: '07:30',
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      workHours: { start: '09:00', end: '17:00' },
      enabled: true,
    })),
  );
  return ids;
}
