import { Cluster } from 'ioredis';
import type { Redis } from 'ioredis';
import type { RedisClient } from '../../src/redis.ts';

/** Every master a client writes to: the server itself, or each master of a cluster. */
export function mastersOf(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * Deletes exactly the keys under one test's prefix (never FLUSHALL: other tests share this
 * Redis), on every master of a cluster. One key per UNLINK: a cluster refuses one command on
 * keys of several slots, even on one node.
 */
export async function deletePrefix(redis: RedisClient, prefix: string): Promise<void> {
  for (const node of mastersOf(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      if (redis instanceof Cluster) await Promise.all(keys.map((key) => node.unlink(key)));
      else await node.unlink(...keys);
    } while (cursor !== '0');
  }
}

/** The connection of a test that needs one server (the earlier layout never ran on a cluster). */
export function asSingle(redis: RedisClient): Redis {
  if (redis instanceof Cluster) throw new Error('this test needs one Redis server, not a cluster');
  return redis;
}
