import { Queue, type Job } from 'bullmq';
import { z } from 'zod';
import type { RedisClient } from '../store/client.ts';
import type { Decoded } from '../store/legacy/legacy-records.ts';
import { isLocalDate, type LocalDate } from '../time/zones.ts';
import { TRIGGERS, type Trigger } from './send-job.ts';

/**
 * The earlier version's BullMQ queues, not hash-tagged (commit 09a10b8: `SEND_QUEUE` in
 * src/queue/send-job.ts, `SCHEDULE_QUEUE` in src/schedule/schedule-queue.ts).
 */
const LEGACY_QUEUE_NAMES = ['send', 'schedule'] as const;

/**
 * The states of a briefing not done yet. An active one whose worker is gone (no worker may be
 * attached during a migration) would have been picked up again after its lock ran out.
 */
const UNDONE_STATES = ['wait', 'paused', 'prioritized', 'delayed', 'active'] as const;
export type UndoneState = (typeof UNDONE_STATES)[number];

/** The earlier send job's data (commit 09a10b8, src/queue/send-job.ts). */
const legacyJobSchema = z.object({
  recipientId: z.string().min(1).max(128),
  date: z.string().refine(isLocalDate, 'a date as YYYY-MM-DD'),
  trigger: z.enum(TRIGGERS),
});

export interface LegacyJob {
  readonly recipientId: string;
  readonly date: LocalDate;
  readonly trigger: Trigger;
  /** When it was queued (epoch ms): CATCH_UP counts from here while the organisation is paused. */
  readonly queuedAt: number;
}

export interface LegacyQueues {
  /** Workers attached to either queue (BullMQ names their connections). */
  workers(): Promise<number>;
  /** Briefings not done yet in the earlier send queue, per state. */
  counts(): Promise<Record<UndoneState, number>>;
  /** Those briefings, a batch at a time. */
  jobs(size?: number): AsyncIterable<Decoded<LegacyJob>[]>;
  /** Removes both queues with every job in them. */
  remove(): Promise<void>;
  close(): Promise<void>;
}

function decodeJob(job: Job): Decoded<LegacyJob> {
  const parsed = legacyJobSchema.safeParse(job.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `queued job ${job.id}: ${issue.path.join('.') || 'data'}: ${issue.message}` };
  }
  return { ok: true, value: { ...parsed.data, queuedAt: job.timestamp } };
}

export function openLegacyQueues(connection: RedisClient, prefix: string): LegacyQueues {
  // skipMetasUpdate: opening a queue must not write its meta key (a dry run changes nothing).
  const [send, schedule] = LEGACY_QUEUE_NAMES.map((name) => new Queue(name, { connection, prefix, skipMetasUpdate: true })) as [Queue, Queue];
  return {
    async workers() {
      const lists = await Promise.all([send.getWorkers(), schedule.getWorkers()]);
      return lists.reduce((n, list) => n + list.length, 0);
    },
    async counts() {
      const counts = await send.getJobCounts(...UNDONE_STATES);
      return Object.fromEntries(UNDONE_STATES.map((s) => [s, counts[s] ?? 0])) as Record<UndoneState, number>;
    },
    async *jobs(size = 500) {
      // Nothing moves these jobs during a migration (no worker is attached), so positions are stable.
      for (const state of UNDONE_STATES) {
        for (let start = 0; ; start += size) {
          const page = await send.getJobs([state], start, start + size - 1, true);
          const jobs = page.filter((j): j is Job => Boolean(j));
          if (jobs.length > 0) yield jobs.map(decodeJob);
          if (page.length < size) break;
        }
      }
    },
    async remove() {
      for (const queue of [send, schedule]) await queue.obliterate({ force: true });
    },
    async close() {
      await Promise.all([send.close(), schedule.close()]);
    },
  };
}
