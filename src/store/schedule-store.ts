import type { LocalDate } from '../time/zones.ts';
import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import type { Scripts } from './scripts.ts';

// A finished claim is kept longer than the scheduler ever looks back (7 days), so that a
// group and date done once is never fanned out again.
const DONE_TTL_SECONDS = 9 * 24 * 3600;

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

export interface ScheduleStore {
  /** Epoch ms of the last finished tick, or null before the first. */
  lastTick(): Promise<number | null>;
  /** Moves it forward (never back); the first call also notes the scheduler's first tick ever. */
  advanceLastTick(ms: number): Promise<void>;
  /** Epoch ms of the scheduler's first tick ever: send times before it were never looked at. */
  firstTick(): Promise<number | null>;
  /** Claims held as `owner` (unique per process and start), lasting `leaseMs` without renewal. */
  claims(owner: string, leaseMs: number): FanOutClaims;
}

export function createScheduleStore(client: RedisClient, keys: StoreKeys, scripts: Scripts): ScheduleStore {
  const asNumber = (v: string | null) => (v === null ? null : Number(v));
  return {
    lastTick: async () => asNumber(await client.get(keys.lastTick)),
    async advanceLastTick(ms) {
      await client.set(keys.firstTick, String(ms), 'NX');
      await scripts.run('advance-last-tick', [keys.lastTick], [String(ms)]);
    },
    firstTick: async () => asNumber(await client.get(keys.firstTick)),
    claims(owner, leaseMs) {
      return {
        async taken(items) {
          return Promise.all(items.map(async (i) => (await client.exists(keys.fanOutClaim(i.group, i.date))) === 1));
        },
        async claim(group, date) {
          return (await client.set(keys.fanOutClaim(group, date), owner, 'PX', leaseMs, 'NX')) === 'OK';
        },
        async extend(group, date) {
          return (await scripts.run('claim-extend', [keys.fanOutClaim(group, date)], [owner, leaseMs])) === 1;
        },
        async finish(group, date) {
          await scripts.run('claim-finish', [keys.fanOutClaim(group, date)], [owner, DONE_TTL_SECONDS]);
        },
      };
    },
  };
}
