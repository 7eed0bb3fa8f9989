import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import type { Services } from '../src/app/services.ts';
import type { Logger } from '../src/logger.ts';
import { redactText } from '../src/redact.ts';
import { withRedactedErrors } from './redacted-error.ts';
import { createTicker, type Tick, type TickResult } from '../src/schedule/tick.ts';
import { dispatchFanOut } from '../src/schedule/fan-out-jobs.ts';
import { FAN_OUT_LEASE_MS, SCHEDULE_QUEUE, TICK_SCHEDULER_ID } from '../src/schedule/schedule-queue.ts';

export interface SchedulerOptions {
  /** How often the tick runs (default 30 s). */
  readonly tickMs?: number;
  readonly leaseMs?: number;
  /** The clock; tests move it instead of waiting. */
  readonly now?: () => Date;
  /** Called after every tick that BullMQ ran (tests wait on it). */
  readonly onTick?: (result: TickResult) => void;
}

export interface RunningScheduler {
  /** Runs one tick at once, outside BullMQ (tests; the claims keep it from doubling a BullMQ tick). */
  readonly tick: Tick;
  close(): Promise<void>;
}

/**
 * The scheduler of one `worker`/`start` process. A BullMQ job scheduler (upserted by every
 * process; the same id makes it one) puts a `tick` job in the schedule queue every `tickMs`;
 * one of the processes' tick workers takes it. Claims in Redis make a tick that runs twice,
 * or two processes ticking at once, still queue each group and date's fan-out once; the
 * fan-out jobs themselves are any worker's (workers/fan-out-worker.ts).
 */
/** The tick of one scheduler process, built from the shared services (tests call it with their own clock). */
export function createSchedulerTick(services: Services, logger: Logger, opts: { leaseMs?: number } = {}): Tick {
  const leaseMs = opts.leaseMs ?? FAN_OUT_LEASE_MS;
  return createTicker({
    roster: services.roster,
    outcomes: services.outcomes,
    schedule: services.schedule,
    dispatch: (task, sizes) => dispatchFanOut(services.fanOutQueue, task, sizes),
    catchUpMs: services.config.catchUpMs,
    leaseMs,
    // Unique per process and start: a claim names its holder, so only it can renew or finish it.
    claims: services.schedule.claims(`${process.pid}:${randomUUID()}`, leaseMs),
    logger,
  });
}

export async function startScheduler(services: Services, logger: Logger, opts: SchedulerOptions = {}): Promise<RunningScheduler> {
  const { config } = services;
  const tickMs = opts.tickMs ?? services.config.schedulerTickMs;
  const now = opts.now ?? (() => new Date());
  const log = logger.child({ part: 'scheduler' });
  const tick = createSchedulerTick(services, log, { leaseMs: opts.leaseMs });

  await services.scheduleQueue.upsertJobScheduler(
    TICK_SCHEDULER_ID,
    { every: tickMs },
    { name: 'tick', opts: { removeOnComplete: true, removeOnFail: 50 } },
  );
  const connection = services.connection('briefing-scheduler');
  const worker = new Worker(
    SCHEDULE_QUEUE,
    withRedactedErrors(async () => {
      const result = await tick(now());
      opts.onTick?.(result);
      return { dispatched: result.done.length };
    }),
    // One tick at a time per process; a tick that overruns is not started twice here.
    { connection, prefix: config.prefix, concurrency: 1 },
  );
  worker.on('error', (err) => log.error({ err: redactText(err.message) }, 'scheduler worker error'));
  worker.on('failed', (_job, err) => log.error({ err: redactText(err.message) }, 'tick failed; the next one retries'));
  await worker.waitUntilReady();
  log.info({ tickMs, catchUpMs: config.catchUpMs }, 'scheduler started');
  return {
    tick,
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
