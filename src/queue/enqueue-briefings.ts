import type { OutcomeStore } from '../store/outcome-store.ts';
import type { StoredRecipient } from '../store/recipient-fields.ts';
import { shardOf } from '../store/shards.ts';
import type { ZoneTable } from '../store/zones.ts';
import type { LocalDate } from '../time/zones.ts';
import { sendJobData, sendJobId, type Trigger } from './send-job.ts';
import type { SendQueues } from './send-queues.ts';
import { SEND_BACKOFF } from './send-retry.ts';

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

export interface EnqueueDeps {
  readonly queues: SendQueues;
  readonly outcomes: Pick<OutcomeStore, 'markPending' | 'forceResend'>;
  readonly zones: Pick<ZoneTable, 'numberOf'>;
  /** Tries per briefing (SEND_ATTEMPTS); the delay between them is the worker's (RETRY_BASE_MS). */
  readonly attempts: number;
}

/**
 * Per-job options, as few as BullMQ allows: removal on completion and failure are the
 * worker's defaults (`removeOnComplete`, `removeOnFail`), the back-off is named, not spelled out.
 */
export function jobOptions(attempts: number, jobId: string) {
  return { jobId, attempts, backoff: { type: SEND_BACKOFF } };
}

type QueuedJob = { name: string; data: ReturnType<typeof sendJobData>; opts: ReturnType<typeof jobOptions> };

/**
 * Queues one send job per recipient for a local date. Safe to run twice: recipients whose
 * briefing is sent, being sent, already queued or of unknown delivery are left alone, as the
 * pending mark (one atomic step per outcome bucket) reports them; the worker's gate is the
 * final word.
 */
export async function enqueueBriefings(
  deps: EnqueueDeps,
  date: LocalDate,
  targets: readonly EnqueueTarget[],
  trigger: Trigger,
  opts: { dueAt?: number; now?: Date } = {},
): Promise<EnqueueResult> {
  const result = { queued: 0, alreadyQueued: 0, alreadySent: 0, unknown: 0 };
  const before = await deps.outcomes.markPending(date, targets, opts.now);
  const toAdd = new Map<(typeof deps.queues.all)[number], QueuedJob[]>();
  const zones = new Map<string, number>();
  for (const t of targets) {
    const was = before.get(t.id) ?? null;
    if (was === 'sent' || was === 'sending') result.alreadySent += 1;
    else if (was === 'unknown') result.unknown += 1;
    else {
      // A pending one is added again on purpose: BullMQ ignores the duplicate id, and a job
      // lost with a wiped queue comes back.
      if (was === 'pending') result.alreadyQueued += 1;
      else result.queued += 1;
      const queue = deps.queues.of(t.id);
      const jobId = sendJobId(date, shardOf(t.id), t.seq);
      // A failed job is kept for the dashboard; remove it so a re-send can reuse its id.
      if (was === 'failed') await queue.remove(jobId);
      let zone = zones.get(t.timeZone);
      if (zone === undefined) zones.set(t.timeZone, (zone = await deps.zones.numberOf(t.timeZone)));
      const list = toAdd.get(queue) ?? [];
      list.push({ name: t.id, data: sendJobData({ date, seq: t.seq, zone, trigger, dueAt: opts.dueAt }), opts: jobOptions(deps.attempts, jobId) });
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
export async function enqueueForced(deps: EnqueueDeps, date: LocalDate, targets: readonly EnqueueTarget[], now: Date = new Date()): Promise<ForcedResult> {
  const queued: { id: string; was: string | null }[] = [];
  const inHandover: string[] = [];
  for (const t of targets) {
    const { previous, inHandover: busy } = await deps.outcomes.forceResend(date, t, `forced re-send requested at ${now.toISOString()}`, now);
    if (busy) {
      inHandover.push(t.id);
      continue;
    }
    const jobId = `${sendJobId(date, shardOf(t.id), t.seq)}.f${now.getTime().toString(36)}`;
    const data = sendJobData({ date, seq: t.seq, zone: await deps.zones.numberOf(t.timeZone), trigger: 'recipient', force: true });
    await deps.queues.of(t.id).add(t.id, data, jobOptions(deps.attempts, jobId));
    queued.push({ id: t.id, was: previous?.status ?? null });
  }
  return { queued, inHandover };
}
