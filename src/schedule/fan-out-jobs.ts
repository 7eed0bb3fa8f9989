import { z } from 'zod';
import type { Queue } from 'bullmq';
import { isLocalDate, type LocalDate } from '../time/zones.ts';
import { SHARDS } from '../store/shards.ts';
import type { FanOutTask } from './fan-out.ts';
import { parseSendGroup, sendGroupName } from './send-group.ts';

/**
 * A fan-out job covers about this many members of a group: big groups are split into
 * ranges of whole shards so that several worker processes share them, small groups are one
 * job. At ~7,800 people per shard (a million over 128 shards) this is two shards a job.
 */
export const FAN_OUT_JOB_MEMBERS = 15_000;

const groupJob = z.object({
  g: z.string().refine((g) => parseSendGroup(g) !== null, 'a send group "zone|HH:MM"'),
  d: z.string().refine(isLocalDate, 'a date as YYYY-MM-DD'),
  a: z.enum(['send', 'missed']),
  /** the send instant, epoch ms */
  at: z.number().int(),
  from: z.number().int().min(0).max(SHARDS),
  to: z.number().int().min(0).max(SHARDS),
});

export const FAN_OUT_JOB = 'group';

/** Splits the shards [0, SHARDS) into ranges of about FAN_OUT_JOB_MEMBERS members (sizes: members per shard). */
export function splitShards(sizes: readonly number[], perJob = FAN_OUT_JOB_MEMBERS): [from: number, to: number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  let members = 0;
  for (let shard = 0; shard < SHARDS; shard += 1) {
    members += sizes[shard] ?? 0;
    if (members >= perJob && shard + 1 < SHARDS) {
      ranges.push([from, shard + 1]);
      from = shard + 1;
      members = 0;
    }
  }
  ranges.push([from, SHARDS]);
  return ranges;
}

/**
 * The fan-out jobs of one group and date. Their ids are fixed by what they cover (BullMQ
 * ids may not hold ':', so the send time's colon becomes '-'), so that a tick that runs the
 * dispatch twice after a crash adds each job once.
 */
export function fanOutJobs(task: Omit<FanOutTask, 'from' | 'to'>, ranges: readonly [number, number][]) {
  const group = sendGroupName(task.group);
  return ranges.map(([from, to]) => ({
    name: FAN_OUT_JOB,
    data: { g: group, d: task.date, a: task.action, at: task.at.getTime(), from, to } satisfies z.infer<typeof groupJob>,
    opts: {
      jobId: `${task.date}.${task.action}.${group.replace(/:/g, '-')}.${from}`,
      // A worker killed mid-way: another takes the job over once its lock expires, and the
      // shards it finished are skipped. A fan-out that keeps failing is logged and kept.
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  }));
}

export function parseFanOutJob(data: unknown): { ok: true; task: FanOutTask } | { ok: false; problem: string } {
  const parsed = groupJob.safeParse(data);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message ?? 'unreadable' };
  const { g, d, a, at, from, to } = parsed.data;
  return { ok: true, task: { group: parseSendGroup(g)!, date: d as LocalDate, action: a, at: new Date(at), from, to } };
}

/** Queues the fan-out of one group and date as jobs that any worker process takes. */
export async function dispatchFanOut(queue: Queue, task: Omit<FanOutTask, 'from' | 'to'>, sizes: readonly number[]): Promise<number> {
  const jobs = fanOutJobs(task, splitShards(sizes));
  await queue.addBulk(jobs);
  return jobs.length;
}
