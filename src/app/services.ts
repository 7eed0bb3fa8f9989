import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { redisKeys, type RedisKeys } from '../keys.ts';
import { createRedis, reportConnectionState } from '../redis.ts';
import type { Logger } from '../logger.ts';
import { createRosterStore, type RosterStore } from '../recipients/roster-store.ts';
import { createOutcomeStore, type OutcomeStore } from '../delivery/outcome-store.ts';
import { createOptOutStore, type OptOutStore } from '../unsubscribe/optout-store.ts';
import { createPreferencesStore, type PreferencesStore } from '../preferences/preferences-store.ts';
import { createFocusBookingStore, type FocusBookingStore } from '../focus/focus-booking-store.ts';
import { createTokenCodec, type TokenCodec } from '../unsubscribe/token.ts';
import { createOrgSwitch, type OrgSwitch } from '../org-switch.ts';
import { SEND_QUEUE } from '../queue/send-job.ts';
import { SCHEDULE_QUEUE } from '../schedule/schedule-queue.ts';
import { enqueueBriefings, type EnqueueResult } from '../queue/enqueue-briefings.ts';
import type { Trigger } from '../queue/send-job.ts';
import type { LocalDate } from '../time/zones.ts';

/**
 * The parts every process shares, built from config in one place (the composition root)
 * and closed in reverse order. Nothing here starts at import time.
 */
export interface Services {
  readonly config: Config;
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly roster: RosterStore;
  readonly outcomes: OutcomeStore;
  readonly optouts: OptOutStore;
  /** The recipient's own settings (preferences page), overlaid on the roster by `roster`'s reads. */
  readonly preferences: PreferencesStore;
  /** Focus blocks already sent as invitations (one per block). */
  readonly focusBookings: FocusBookingStore;
  readonly orgSwitch: OrgSwitch;
  readonly tokens: TokenCodec;
  readonly sendQueue: Queue;
  /** Holds the scheduler's repeating tick (BullMQ job scheduler); shown on the dashboard. */
  readonly scheduleQueue: Queue;
  enqueue(date: LocalDate, ids: readonly string[], trigger: Trigger): Promise<EnqueueResult>;
  close(): Promise<void>;
  /** Drops the connections at once, without waiting for Redis (which may not be there). */
  disconnect(): void;
}

export function createServices(config: Config, opts: { name: string; blocking?: boolean; logger?: Logger }): Services {
  // Long-running processes wait for Redis to come back instead of failing a command
  // (`blocking`); CLI commands fail fast with a clear message.
  const redis = createRedis(config.redisUrl, { forWorker: opts.blocking, name: opts.name, autoPipelining: true });
  // The queues get a connection of their own: BullMQ defines its ~50 Lua scripts on the
  // connection it is given, and ioredis copies every defined script onto each auto-pipeline
  // it builds, which made each one-click request pay for all of them.
  const queueRedis = createRedis(config.redisUrl, { forWorker: opts.blocking, name: `${opts.name}-queues` });
  reportConnectionState(redis, opts.name, opts.logger);
  reportConnectionState(queueRedis, `${opts.name}-queues`, opts.logger);
  const keys = redisKeys(config.prefix);
  const outcomes = createOutcomeStore(redis, keys);
  const sendQueue = new Queue(SEND_QUEUE, { connection: queueRedis, prefix: config.prefix });
  const scheduleQueue = new Queue(SCHEDULE_QUEUE, { connection: queueRedis, prefix: config.prefix });
  const policy = { attempts: config.sendAttempts, retryBaseMs: config.retryBaseMs };
  return {
    config,
    redis,
    keys,
    roster: createRosterStore(redis, keys),
    outcomes,
    optouts: createOptOutStore(redis, keys),
    preferences: createPreferencesStore(redis, keys),
    focusBookings: createFocusBookingStore(redis, keys),
    orgSwitch: createOrgSwitch(redis, keys),
    tokens: createTokenCodec(config.unsubscribeKeys),
    sendQueue,
    scheduleQueue,
    enqueue: (date, ids, trigger) => enqueueBriefings(sendQueue, outcomes, policy, date, ids, trigger),
    async close() {
      await scheduleQueue.close();
      await sendQueue.close();
      await queueRedis.quit().catch(() => queueRedis.disconnect());
      await redis.quit().catch(() => redis.disconnect());
    },
    disconnect() {
      queueRedis.disconnect();
      redis.disconnect();
    },
  };
}
