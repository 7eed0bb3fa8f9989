import { Queue } from 'bullmq';
import type { Config } from '../config.ts';
import { createRedisClient, reportConnectionState, type RedisClient, type RedisHealth } from '../redis.ts';
import type { Logger } from '../logger.ts';
import { createStore, type Store } from '../store/store.ts';
import { createTokenCodec, type TokenCodec } from '../unsubscribe/token.ts';
import { unknownKeyReporter } from '../unsubscribe/unknown-key-report.ts';
import { createSendQueues, FAN_OUT_QUEUE, SCHEDULE_QUEUE, type SendQueues } from '../queue/send-queues.ts';
import { enqueueBriefings, enqueueForced, type EnqueueResult, type EnqueueTarget, type ForcedResult } from '../queue/enqueue-briefings.ts';
import type { Trigger } from '../queue/send-job.ts';
import type { LocalDate } from '../time/zones.ts';

/**
 * The parts every process shares, built from config in one place (the composition root)
 * and closed in reverse order. Nothing here starts at import time. Redis is reached only
 * through the stores (`src/store/`) and the queues; callers take the narrow parts they need.
 */
export interface Services extends Store {
  readonly config: Config;
  readonly tokens: TokenCodec;
  readonly sendQueues: SendQueues;
  /** The main connection's ping and errors: start-up checks and /readyz (nothing else reaches Redis but the stores). */
  readonly health: RedisHealth;
  /** Holds the scheduler's repeating tick (BullMQ job scheduler); shown on the dashboard. */
  readonly scheduleQueue: Queue;
  /** The fan-out jobs the tick splits a day into, and the admin's send-all jobs: any worker process takes them. */
  readonly fanOutQueue: Queue;
  /** Queues briefings for a date; ids are looked up on the roster (those not on it are left out). */
  enqueue(date: LocalDate, who: readonly (string | EnqueueTarget)[], trigger: Trigger, opts?: { dueAt?: number }): Promise<EnqueueResult>;
  /** `send --force`: queues them again on purpose, whatever they had (but one being handed over now). */
  resend(date: LocalDate, targets: readonly EnqueueTarget[]): Promise<ForcedResult>;
  /** A connection of its own, e.g. for a BullMQ worker (blocking commands); closed by its user. */
  connection(name: string): RedisClient;
  close(): Promise<void>;
  /** Drops the connections at once, without waiting for Redis (which may not be there). */
  disconnect(): void;
}

export function createServices(config: Config, opts: { name: string; blocking?: boolean; logger?: Logger }): Services {
  // Long-running processes wait for Redis to come back instead of failing a command
  // (`blocking`); CLI commands fail fast with a clear message.
  const redis = createRedisClient(config.redis, { blocking: opts.blocking, name: opts.name, autoPipelining: true });
  // The queues get a connection of their own: BullMQ defines its ~50 Lua scripts on the
  // connection it is given, and ioredis copies every defined script onto each auto-pipeline
  // it builds, which made each one-click request pay for all of them.
  const queueRedis = createRedisClient(config.redis, { blocking: opts.blocking, name: `${opts.name}-queues` });
  reportConnectionState(redis, opts.name, opts.logger);
  reportConnectionState(queueRedis, `${opts.name}-queues`, opts.logger);
  const store = createStore(redis, {
    prefix: config.prefix,
    retentionSeconds: Math.round(config.outcomeRetentionMs / 1000),
    auditMaxEntries: config.optOutAuditMaxEntries,
  });
  const sendQueues = createSendQueues(queueRedis, config.prefix, config.sendQueues);
  const scheduleQueue = new Queue(SCHEDULE_QUEUE, { connection: queueRedis, prefix: config.prefix });
  const fanOutQueue = new Queue(FAN_OUT_QUEUE, { connection: queueRedis, prefix: config.prefix });
  const enqueueDeps = { queues: sendQueues, outcomes: store.outcomes, zones: store.zones, attempts: config.sendAttempts };
  return {
    ...store,
    config,
    tokens: createTokenCodec(config.unsubscribeKeys, {
      onUnknownKey: unknownKeyReporter({ logger: opts.logger, count: () => store.metrics.countUnknownKeyToken() }),
    }),
    sendQueues,
    health: redis,
    scheduleQueue,
    fanOutQueue,
    async enqueue(date, who, trigger, enqueueOpts) {
      const ids = who.filter((w): w is string => typeof w === 'string');
      const found = ids.length > 0 ? await store.roster.getMany(ids) : new Map();
      const targets = who.flatMap((w) => (typeof w === 'string' ? (found.has(w) ? [found.get(w)!] : []) : [w]));
      return enqueueBriefings(enqueueDeps, date, targets, trigger, enqueueOpts);
    },
    resend: (date, targets) => enqueueForced(enqueueDeps, date, targets),
    connection: (name) => createRedisClient(config.redis, { blocking: true, name }),
    async close() {
      // A queue still connecting when its connection is closed makes BullMQ emit an 'error'
      // that nothing listens to any more, which ends the process (seen on a cluster, where
      // connecting outlasts a short CLI command): let them finish connecting, for at most 2 s.
      const connected = Promise.all([scheduleQueue, fanOutQueue, ...sendQueues.all].map((q) => q.waitUntilReady())).catch(() => undefined);
      await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await fanOutQueue.close();
      await scheduleQueue.close();
      await sendQueues.close();
      await queueRedis.quit().catch(() => queueRedis.disconnect());
      await redis.quit().catch(() => redis.disconnect());
    },
    disconnect() {
      queueRedis.disconnect();
      redis.disconnect();
    },
  };
}
