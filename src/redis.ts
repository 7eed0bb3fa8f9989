import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';
import { isConnectionFailure, redisUnreachable, unreachableReason } from './redis-unreachable.ts';

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
    // disconnect() ends the socket and destroys it if the server has not closed its side
    // by then: 2 s by default, which a CLI command whose Redis does not answer waited out.
    disconnectTimeout: 200,
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

/** What start-up checks and readiness probes need of a connection: a ping, and its errors. */
export interface RedisHealth {
  ping(): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  off(event: 'error', listener: (err: Error) => void): unknown;
}

/** Fails with a message that says what to do when Redis does not answer. */
export async function assertRedisReachable(redis: RedisHealth, url: string, timeoutMs = 3000): Promise<void> {
  // The ping fails with ioredis' "max retries" or not at all; the connection's own error
  // ("connect ECONNREFUSED") says what happened.
  let connectionError: Error | undefined;
  const onError = (err: Error) => (connectionError = err);
  redis.on('error', onError);
  const ping = redis.ping();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), timeoutMs);
  });
  try {
    await Promise.race([ping, timeout]);
  } catch (err) {
    const failure = err instanceof Error ? err : new Error(String(err));
    const cause = isConnectionFailure(failure) || failure.message === 'no answer' ? (connectionError ?? failure) : failure;
    throw redisUnreachable(redactUrl(url), unreachableReason(cause, timeoutMs));
  } finally {
    clearTimeout(timer);
    redis.off('error', onError);
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
