import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.ts';

export type LuaScript = (redis: RedisClient, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * A Lua script run by its SHA-1 (EVALSHA) and sent in full only when Redis does not know it
 * yet (after a restart or SCRIPT FLUSH). The hot scripts (the send gate, twice per briefing;
 * the opt-out, once per unsubscribe POST) are about 1 KB each: sending them every time costs
 * more than running them.
 */
export function luaScript(lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
