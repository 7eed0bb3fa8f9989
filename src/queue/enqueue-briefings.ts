import type { Queue } from 'bullmq';
import type { OutcomeStore } from '../delivery/outcome-store.ts';
import type { LocalDate } from '../time/zones.ts';
import { sendJobId, type SendJob, type Trigger } from './send-job.ts';

export interface SendPolicy {
  readonly attempts: number;
  readonly retryBaseMs: number;
}

const BATCH = 1000;

export interface EnqueueResult {
  /** Newly queued. */
  readonly queued: number;
  /** Already waiting in the queue for that date (left alone). */
  readonly alreadyQueued: number;
  /** Already sent, or being handed to SMTP (left alone). */
  readonly alreadySent: number;
}

/**
 * Queues one send job per recipient for a local date. Safe to run twice: recipients whose
 * briefing is sent, being sent or already queued are left alone (the worker's gate is the
 * final word; this only avoids needless jobs).
 */
export async function enqueueBriefings(
  queue: Queue,
  outcomes: OutcomeStore,
  policy: SendPolicy,
  date: LocalDate,
  recipientIds: readonly string[],
  trigger: Trigger,
): Promise<EnqueueResult> {
  const result = { queued: 0, alreadyQueued: 0, alreadySent: 0 };
  for (let i = 0; i < recipientIds.length; i += BATCH) {
    const ids = recipientIds.slice(i, i + BATCH);
    const before = await outcomes.getMany(date, ids);
    // A failed job is kept for the dashboard; remove it so a re-send can reuse its id.
    for (const id of ids) {
      if (before.get(id)?.status === 'failed') await queue.remove(sendJobId(date, id));
    }
    await outcomes.markPending(date, ids);
    const toAdd: string[] = [];
    for (const id of ids) {
      const s = before.get(id)?.status;
      if (s === 'sent' || s === 'sending') result.alreadySent += 1;
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
        data: { recipientId: id, date, trigger } satisfies SendJob,
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
