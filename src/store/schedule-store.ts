import type { LocalDate } from '../time/zones.ts';
import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import type { Scripts } from './scripts.ts';

// A finished claim is kept longer than the scheduler ever looks back (7 days), so that a
// group and date done once is never fanned out again.
const DONE_TTL_SECONDS = 9 * 24 * 3600;

/**
 * Who queues the fan-out of one send group for one local date, decided atomically in Redis
 * (SET NX), so that several scheduler processes, and BullMQ delivering a tick twice, still
 * queue it once. The claim is a lease: if its holder dies before the jobs are queued, the
 * lease runs out and the next tick takes over (the jobs have fixed ids, and fan-out is
 * idempotent per shard, so queuing part of it again is safe). A finished claim reads "done".
 */
export interface FanOutClaims {
  /** For each (group, date): true when it is done or another scheduler holds it right now. */
  taken(items: readonly { group: string; date: LocalDate }[]): Promise<boolean[]>;
  claim(group: string, date: LocalDate): Promise<boolean>;
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
  /** True for one caller per `everyMs` across every process: whose turn the upkeep is. */
  upkeepDue(everyMs: number): Promise<boolean>;
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
    upkeepDue: async (everyMs) => (await client.set(keys.upkeep, String(Date.now()), 'PX', everyMs, 'NX')) === 'OK',
    claims(owner, leaseMs) {
      return {
        async taken(items) {
          return Promise.all(items.map(async (i) => (await client.exists(keys.fanOutClaim(i.group, i.date))) === 1));
        },
        async claim(group, date) {
          return (await client.set(keys.fanOutClaim(group, date), owner, 'PX', leaseMs, 'NX')) === 'OK';
        },
        async finish(group, date) {
          await scripts.run('claim-finish', [keys.fanOutClaim(group, date)], [owner, DONE_TTL_SECONDS]);
        },
      };
    },
  };
}
