import type { Config } from '../../src/config.ts';
import { createRedisClient } from '../../src/redis.ts';
import { mastersOf } from './redis-cleanup.ts';

/**
 * A connection for what tests do to Redis itself (CLIENT PAUSE…), on every master of the
 * project's mode: the server, the Sentinel master, or each master of a cluster.
 */
export interface RedisAdmin {
  onEveryMaster(...args: string[]): Promise<void>;
  close(): Promise<void>;
}

export function createRedisAdmin(config: Config, name = 'test-admin'): RedisAdmin {
  const client = createRedisClient(config.redis, { name });
  return {
    async onEveryMaster(...args) {
      if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
      await Promise.all(mastersOf(client).map((node) => node.call(args[0]!, ...args.slice(1))));
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
