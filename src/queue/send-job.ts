import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../time/zones.ts';

/**
 * Why the job exists. `schedule` and `all` respect the recipient's workdays; `recipient` is
 * an explicit request for one person (a re-send) and does not.
 */
export const TRIGGERS = ['schedule', 'all', 'recipient'] as const;
export type Trigger = (typeof TRIGGERS)[number];

const TRIGGER_CODES = { schedule: 's', all: 'a', recipient: 'r' } as const satisfies Record<Trigger, string>;
const TRIGGER_OF = { s: 'schedule', a: 'all', r: 'recipient' } as const;

/** A send job as the processor reads it. */
export interface SendJob {
  readonly recipientId: string;
  readonly date: LocalDate;
  readonly trigger: Trigger;
  /** Where the recipient's outcomes are kept: their shard sequence number, and their zone (a name, or its number in the zone table) at queue time. */
  readonly seq: number;
  readonly zone: string | number;
  /** When it was due (epoch ms): the scheduled send time, or when it was queued by hand. */
  readonly dueAt?: number;
  /** `send --force`: sent again on purpose, past the stale check. */
  readonly force?: boolean;
}

const recipientId = z.string().min(1).max(128);
const date = z.string().refine(isLocalDate, 'a date as YYYY-MM-DD');
const seq = z.number().int().nonnegative();

/**
 * What a send job stores, kept small: a million of them wait in Redis at once. The job's
 * name is the recipient id; every stored field stays under Redis's 64-byte limit for a
 * compact hash (`hash-max-listpack-value`), which takes a queued job from ~870 to ~300 bytes.
 */
const compactData = z.object({
  d: date,
  q: seq,
  z: z.number().int().nonnegative(),
  t: z.enum(['s', 'a', 'r']),
  /** dueAt in epoch seconds */
  a: z.number().int().nonnegative().optional(),
  f: z.literal(1).optional(),
});

/** The data of jobs queued by earlier versions (still in a queue after an upgrade). */
const earlierData = z.object({
  recipientId,
  date,
  trigger: z.enum(TRIGGERS),
  seq,
  timeZone: z.string().min(1).max(64),
  dueAt: z.number().int().nonnegative().optional(),
  force: z.boolean().optional(),
});

export function sendJobData(job: Omit<SendJob, 'recipientId' | 'zone'> & { zone: number }): z.infer<typeof compactData> {
  return {
    d: job.date,
    q: job.seq,
    z: job.zone,
    t: TRIGGER_CODES[job.trigger],
    ...(job.dueAt === undefined ? {} : { a: Math.floor(job.dueAt / 1000) }),
    ...(job.force ? { f: 1 as const } : {}),
  };
}

/** A job's name and data as the processor trusts them, or what is wrong with them. */
export function parseSendJob(job: { name: string; data: unknown }): { ok: true; job: SendJob } | { ok: false; problem: string } {
  const compact = compactData.safeParse(job.data);
  if (compact.success) {
    const id = recipientId.safeParse(job.name);
    if (!id.success) return { ok: false, problem: 'the job name is not a recipient id' };
    const d = compact.data;
    return {
      ok: true,
      job: { recipientId: id.data, date: d.d, seq: d.q, zone: d.z, trigger: TRIGGER_OF[d.t], ...(d.a === undefined ? {} : { dueAt: d.a * 1000 }), ...(d.f ? { force: true } : {}) },
    };
  }
  const earlier = earlierData.safeParse(job.data);
  if (earlier.success) {
    const { timeZone, ...rest } = earlier.data;
    return { ok: true, job: { ...rest, zone: timeZone } };
  }
  return { ok: false, problem: compact.error.issues[0]?.message ?? 'unreadable' };
}

/**
 * One job per recipient and date: BullMQ drops a second add with the same id while the first
 * exists. Built from what identifies a roster entry (its shard and sequence number, which
 * never change) and the day, in base 36, so that it stays short (~10 characters): the id is
 * also stored inside the job's options, under the same 64-byte limit as its data.
 */
export function sendJobId(date: LocalDate, shard: number, seq: number): string {
  return `${shard.toString(36)}.${seq.toString(36)}.${(Date.parse(`${date}T00:00:00Z`) / 86_400_000).toString(36)}`;
}
