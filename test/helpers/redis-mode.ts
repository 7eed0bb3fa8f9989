import { inject } from 'vitest';

/** Which kind of Redis a test project runs against (vitest.config.ts, one project per mode). */
export type RedisMode = 'single' | 'sentinel' | 'cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The mode of this project; set in vitest.config.ts. */
    redisMode: RedisMode;
    /** REDIS_URL, or REDIS_SENTINELS + REDIS_SENTINEL_MASTER, or REDIS_CLUSTER_NODES: from the project's global setup. */
    redisEnv: Record<string, string>;
  }
}

const SHARED_REDIS = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };

function provided<K extends 'redisMode' | 'redisEnv'>(key: K) {
  try {
    return inject(key);
  } catch {
    // Outside vitest (the benchmarks reuse these helpers): the shared single server.
    return undefined;
  }
}

export function redisMode(): RedisMode {
  return provided('redisMode') ?? 'single';
}

/** The environment variables that point a process at this project's Redis. */
export function testRedisEnv(): Record<string, string> {
  return provided('redisEnv') ?? SHARED_REDIS;
}
