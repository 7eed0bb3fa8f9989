import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import { ALL_SHARDS } from './shards.ts';

/**
 * The organisation-wide switch (`briefing pause` / `resume`). The send gate reads it in the
 * slot of the recipient's shard, so each shard holds a copy: pause writes the main key, then
 * every copy; resume clears the copies, then the main key. Once `pause` returns, every send
 * gate sees it.
 */
export interface OrgSwitch {
  pause(now?: Date): Promise<void>;
  resume(): Promise<void>;
  isPaused(): Promise<boolean>;
  /** When the switch went off (ISO), or null while briefings go out. */
  pausedSince(): Promise<string | null>;
}

export function createOrgSwitch(client: RedisClient, keys: StoreKeys): OrgSwitch {
  return {
    async pause(now = new Date()) {
      const since = (await client.get(keys.paused)) ?? now.toISOString();
      await client.set(keys.paused, since);
      await Promise.all(ALL_SHARDS.map((n) => client.set(keys.shard(n).paused, since)));
    },
    async resume() {
      await Promise.all(ALL_SHARDS.map((n) => client.del(keys.shard(n).paused)));
      await client.del(keys.paused);
    },
    async isPaused() {
      return (await client.exists(keys.paused)) === 1;
    },
    pausedSince: () => client.get(keys.paused),
  };
}
