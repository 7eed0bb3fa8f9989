import type { RedisClient } from '../src/redis.ts';
import type { RedisKeys } from '../src/keys.ts';
import { createRosterStore } from '../src/recipients/roster-store.ts';

/**
 * The roster the one-click benchmarks post opt-outs for: `count` recipients `bench-0…`,
 * half en and half nl, so the confirmation page is looked up in both languages.
 */
export async function seedOneClickRoster(redis: RedisClient, keys: RedisKeys, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `bench-${i}`);
  await createRosterStore(redis, keys).upsertAll(
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
