import type { OutcomeStore } from '../store/outcome-store.ts';
import type { StoredRecipient } from '../store/recipient-fields.ts';
import type { LocalDate } from '../time/zones.ts';
import { sendJobId, type SendJob, type Trigger } from './send-job.ts';
import type { SendQueues } from './send-queues.ts';

export interface SendPolicy {
  readonly attempts: number;
  readonly retryBaseMs: number;
}

export interface EnqueueResult {
  /** Newly queued. */
  readonly queued: number;
  /** Already waiting in the queue for that date (left alone). */
  readonly alreadyQueued: number;
  /** Already sent, or being handed to SMTP (left alone). */
  readonly alreadySent: number;
  /** Of unknown delivery (the worker stopped while handing it over): left alone, re-send with --force. */
  readonly unknown: number;
}

export type EnqueueTarget = Pick<StoredRecipient, 'id' | 'seq' | 'timeZone'>;

export function jobOptions(policy: SendPolicy, jobId: string) {
  return {
    jobId,
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.retryBaseMs },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function jobData(t: EnqueueTarget, date: LocalDate, trigger: Trigger, extra: Pick<SendJob, 'dueAt' | 'force'> = {}): SendJob {
  return { recipientId: t.id, date, trigger, seq: t.seq, timeZone: t.timeZone, ...extra };
}

/**
 * Queues one send job per recipient for a local date. Safe to run twice: recipients whose
 * briefing is sent, being sent, already queued or of unknown delivery are left alone, as the
 * pending mark (one atomic step per outcome bucket) reports them; the worker's gate is the
 * final word.
 */
export async function enqueueBriefings(
  queues: SendQueues,
  outcomes: OutcomeStore,
  policy: SendPolicy,
  date: LocalDate,
  targets: readonly EnqueueTarget[],
  trigger: Trigger,
  opts: { dueAt?: number; now?: Date } = {},
): Promise<EnqueueResult> {
  const result = { queued: 0, alreadyQueued: 0, alreadySent: 0, unknown: 0 };
  const before = await outcomes.markPending(date, targets, opts.now);
  const toAdd = new Map<(typeof queues.all)[number], { name: string; data: SendJob; opts: ReturnType<typeof jobOptions> }[]>();
  for (const t of targets) {
    const was = before.get(t.id) ?? null;
    if (was === 'sent' || was === 'sending') result.alreadySent += 1;
    else if (was === 'unknown') result.unknown += 1;
    else {
      // A pending one is added again on purpose: BullMQ ignores the duplicate id, and a job
      // lost with a wiped queue comes back.
      if (was === 'pending') result.alreadyQueued += 1;
      else result.queued += 1;
      const queue = queues.of(t.id);
      const jobId = sendJobId(date, t.id);
      // A failed job is kept for the dashboard; remove it so a re-send can reuse its id.
      if (was === 'failed') await queue.remove(jobId);
      const list = toAdd.get(queue) ?? [];
      list.push({ name: 'briefing', data: jobData(t, date, trigger, opts.dueAt === undefined ? {} : { dueAt: opts.dueAt }), opts: jobOptions(policy, jobId) });
      toAdd.set(queue, list);
    }
  }
  await Promise.all([...toAdd].map(([queue, jobs]) => queue.addBulk(jobs)));
  return result;
}

export interface ForcedResult {
  /** Queued again on purpose, with what they had before. */
  readonly queued: readonly { id: string; was: string | null }[];
  /** Being handed to SMTP right now: left alone (try again in a minute). */
  readonly inHandover: readonly string[];
}

/**
 * `send --recipient ID --force`: sends again on purpose, even a delivered briefing, one of
 * unknown delivery or a stale date; recorded as a forced re-send. Each call queues one job
 * of its own id, so a run sends at most one copy however its job is retried.
 */
export async function enqueueForced(
  queues: SendQueues,
  outcomes: OutcomeStore,
  policy: SendPolicy,
  date: LocalDate,
  targets: readonly EnqueueTarget[],
  now: Date = new Date(),
): Promise<ForcedResult> {
  const queued: { id: string; was: string | null }[] = [];
  const inHandover: string[] = [];
  for (const t of targets) {
    const { previous, inHandover: busy } = await outcomes.forceResend(date, t, `forced re-send requested at ${now.toISOString()}`, now);
    if (busy) {
      inHandover.push(t.id);
      continue;
    }
    const jobId = `${sendJobId(date, t.id)}.force-${now.getTime()}`;
    await queues.of(t.id).add('briefing', jobData(t, date, 'recipient', { force: true }), jobOptions(policy, jobId));
    queued.push({ id: t.id, was: previous?.status ?? null });
  }
  return { queued, inHandover };
}
