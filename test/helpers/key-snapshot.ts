import type { Redis } from 'ioredis';

/** The keys under a prefix, sorted (small test installations only). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

/**
 * Every key under a prefix with its value (DUMP, which covers type and content) and whether
 * it expires: two snapshots are equal when nothing under the prefix was written.
 */
export async function snapshotKeys(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const key of await keysUnder(redis, prefix)) {
    const [dump, ttl] = await Promise.all([redis.dumpBuffer(key), redis.pttl(key)]);
    snapshot.set(key, `${ttl >= 0 ? 'expires' : 'persists'} ${dump?.toString('hex') ?? '(gone)'}`);
  }
  return snapshot;
}
