import type { RedisClient } from '../redis.ts';
import type { RedisKeys } from '../keys.ts';
import type { LocalDate } from '../time/zones.ts';

// A finished claim is kept longer than the scheduler ever looks back (7 days), so that a
// group and date done once is never fanned out again.
const DONE_TTL_SECONDS = 9 * 24 * 3600;

const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const FINISH = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], 'done', 'EX', ARGV[2])
  return 1
end
return 0
`;

/**
 * Who fans out one send group for one local date, decided atomically in Redis (SET NX), so
 * that several scheduler processes, and BullMQ delivering a tick twice, still make one
 * fan-out. The claim is a lease: if its holder dies half-way, the lease runs out and the
 * next tick takes over (fan-out is idempotent per recipient and date, so redoing part of it
 * is safe). A finished claim reads "done".
 */
export interface FanOutClaims {
  /** For each (group, date): true when it is done or another scheduler holds it right now. */
  taken(items: readonly { group: string; date: LocalDate }[]): Promise<boolean[]>;
  claim(group: string, date: LocalDate): Promise<boolean>;
  /** Keeps the lease alive during a long fan-out; false when it was lost. */
  extend(group: string, date: LocalDate): Promise<boolean>;
  finish(group: string, date: LocalDate): Promise<void>;
}

export function createFanOutClaims(redis: RedisClient, keys: RedisKeys, owner: string, leaseMs: number): FanOutClaims {
  return {
    async taken(items) {
      if (items.length === 0) return [];
      const values = await redis.mget(...items.map((i) => keys.fanOutClaim(i.group, i.date)));
      return values.map((v) => v !== null);
    },
    async claim(group, date) {
      return (await redis.set(keys.fanOutClaim(group, date), owner, 'PX', leaseMs, 'NX')) === 'OK';
    },
    async extend(group, date) {
      return (await redis.eval(EXTEND, 1, keys.fanOutClaim(group, date), owner, leaseMs)) === 1;
    },
    async finish(group, date) {
      await redis.eval(FINISH, 1, keys.fanOutClaim(group, date), owner, DONE_TTL_SECONDS);
    },
  };
}
