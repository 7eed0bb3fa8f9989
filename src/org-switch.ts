import type { RedisClient } from './redis.ts';
import type { RedisKeys } from './keys.ts';

/** The organisation-wide switch (`briefing pause` / `resume`), read by the send gate. */
export interface OrgSwitch {
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): Promise<boolean>;
}

export function createOrgSwitch(redis: RedisClient, keys: RedisKeys): OrgSwitch {
  return {
    async pause() {
      await redis.set(keys.paused, new Date().toISOString());
    },
    async resume() {
      await redis.del(keys.paused);
    },
    async isPaused() {
      return (await redis.exists(keys.paused)) === 1;
    },
  };
}
