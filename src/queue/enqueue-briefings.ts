import type { Queue } from 'bullmq';
import type { OutcomeStore } from '../delivery/outcome-store.ts';
import type { LocalDate } from '../time/zones.ts';
import { sendJobId, type SendJob, type Trigger } from './send-job.ts';

export interface SendPolicy {
  readonly attempts: number;
  readonly retryBaseMs: number;
}

const BATCH = 1000;

export interface EnqueueOptions {
  /** Send again over a `sent` or `unknown` outcome (recorded as forced). For `--recipient` only. */
  readonly force?: boolean;
}

export interface EnqueueResult {
  /** Newly queued (forced re-sends included). */
  readonly queued: number;
  /** Of those, re-sends forced over a `sent` or `unknown` outcome. */
  readonly forced: number;
  /** Already waiting in the queue for that date (left alone). */
  readonly alreadyQueued: number;
  /** Already sent, or being handed to SMTP (left alone). */
  readonly alreadySent: number;
  /** Of unknown delivery (left alone: only a forced re-send sends them). */
  readonly unknown: number;
}

/**
 * Queues one send job per recipient for a local date. Safe to run twice: recipients whose
 * briefing is sent, being sent, of unknown delivery or already queued are left alone (the
 * worker's gate is the final word; this only avoids needless jobs). With `force`, sent and
 * unknown ones are queued once more, each as a forced re-send.
 */
export async function enqueueBriefings(
  queue: Queue,
  outcomes: OutcomeStore,
  policy: SendPolicy,
  date: LocalDate,
  recipientIds: readonly string[],
  trigger: Trigger,
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const result = { queued: 0, forced: 0, alreadyQueued: 0, alreadySent: 0, unknown: 0 };
  for (let i = 0; i < recipientIds.length; i += BATCH) {
    const ids = recipientIds.slice(i, i + BATCH);
    const before = await outcomes.getMany(date, ids);
    const forceable = options.force ? ids.filter((id) => ['sent', 'unknown'].includes(before.get(id)?.status ?? '')) : [];
    // A failed job is kept for the dashboard (an `unknown` one too); remove it so a re-send can reuse its id.
    for (const id of ids) {
      const s = before.get(id)?.status;
      if (s === 'failed' || (s === 'unknown' && forceable.includes(id))) await queue.remove(sendJobId(date, id));
    }
    const forced = new Set(await outcomes.markForced(date, forceable));
    await outcomes.markPending(date, ids.filter((id) => !forced.has(id)));
    const toAdd: string[] = [];
    for (const id of ids) {
      const s = before.get(id)?.status;
      if (forced.has(id)) {
        result.queued += 1;
        result.forced += 1;
        toAdd.push(id);
      } else if (s === 'sent' || s === 'sending') result.alreadySent += 1;
      else if (s === 'unknown') result.unknown += 1;
      else {
        // A pending one is added again on purpose: BullMQ ignores the duplicate id, and a
        // job lost with a wiped queue comes back.
        if (s === 'pending') result.alreadyQueued += 1;
        else result.queued += 1;
        toAdd.push(id);
      }
    }
    const jobs = toAdd
      .map((id) => ({
        name: 'briefing',
        data: { recipientId: id, date, trigger, ...(forced.has(id) ? { force: true as const } : {}) } satisfies SendJob,
        opts: {
          jobId: sendJobId(date, id),
          attempts: policy.attempts,
          backoff: { type: 'exponential', delay: policy.retryBaseMs },
          removeOnComplete: true,
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }));
    if (jobs.length > 0) await queue.addBulk(jobs);
  }
  return result;
}
