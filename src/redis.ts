import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';
import { redactUrl } from './redact.ts';

/**
 * The one place Redis connections are built. `forWorker` connections block (BullMQ's
 * workers wait on BZPOPMIN) and must retry forever, so `maxRetriesPerRequest` is null there.
 */
export function createRedis(url: string, opts: { forWorker?: boolean; name?: string; autoPipelining?: boolean } = {}): Redis {
  const options: RedisOptions = {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.forWorker ? null : 2,
    enableOfflineQueue: true,
    // Commands issued in one tick go out in one write. Pays where many short requests share
    // a connection (the HTTP pages: about twice the one-click throughput, bench/unsubscribe.ts).
    enableAutoPipelining: opts.autoPipelining ?? false,
    // Keep trying to reconnect (at most every 2 s); commands fail fast meanwhile.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  return new Redis(url, options);
}

/**
 * One log line when a connection fails and one when it is back, instead of ioredis's
 * "Unhandled error event" on stderr at every reconnect attempt. Without a logger the errors
 * are left to the commands that fail (CLI commands, tests).
 */
export function reportConnectionState(redis: Redis, name: string, logger?: Logger): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ connection: name, err: err.message }, 'Redis unreachable: retrying');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ connection: name }, 'Redis reachable again');
  });
}

/** Fails with a message that says what to do when Redis does not answer. */
export async function assertRedisReachable(redis: Redis, url: string, timeoutMs = 3000): Promise<void> {
  const ping = redis.ping();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), timeoutMs);
  });
  try {
    await Promise.race([ping, timeout]);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `REDIS_URL=${redactUrl(url)}: ${reason} — is Redis running? (docker compose up redis, or redis-server)`,
    );
  } finally {
    clearTimeout(timer);
  }
}
