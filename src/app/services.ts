import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { redisKeys, type RedisKeys } from '../keys.ts';
import { createRedis, reportConnectionState } from '../redis.ts';
import type { Logger } from '../logger.ts';
import { createRosterStore, type RosterStore } from '../recipients/roster-store.ts';
import { createOutcomeStore, type OutcomeStore } from '../delivery/outcome-store.ts';
import { createOptOutStore, type OptOutStore } from '../unsubscribe/optout-store.ts';
import { createTokenCodec, type TokenCodec } from '../unsubscribe/token.ts';
import { unknownKeyReporter } from '../unsubscribe/unknown-key-report.ts';
import { createMetricsStore } from '../metrics/metrics-store.ts';
import { createOrgSwitch, type OrgSwitch } from '../org-switch.ts';
import { SEND_QUEUE } from '../queue/send-job.ts';
import { SCHEDULE_QUEUE } from '../schedule/schedule-queue.ts';
import { enqueueBriefings, type EnqueueOptions, type EnqueueResult } from '../queue/enqueue-briefings.ts';
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
  readonly orgSwitch: OrgSwitch;
  readonly tokens: TokenCodec;
  readonly sendQueue: Queue;
  /** Holds the scheduler's repeating tick (BullMQ job scheduler); shown on the dashboard. */
  readonly scheduleQueue: Queue;
  enqueue(date: LocalDate, ids: readonly string[], trigger: Trigger, options?: EnqueueOptions): Promise<EnqueueResult>;
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
  const metrics = createMetricsStore(redis, keys);
  return {
    config,
    redis,
    keys,
    roster: createRosterStore(redis, keys),
    outcomes,
    optouts: createOptOutStore(redis, keys, { auditMaxEntries: config.optOutAuditMaxEntries }),
    orgSwitch: createOrgSwitch(redis, keys),
    tokens: createTokenCodec(config.unsubscribeKeys, {
      onUnknownKey: unknownKeyReporter({ logger: opts.logger, count: () => metrics.countUnknownKeyToken() }),
    }),
    sendQueue,
    scheduleQueue,
    enqueue: (date, ids, trigger, options) => enqueueBriefings(sendQueue, outcomes, policy, date, ids, trigger, options),
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
