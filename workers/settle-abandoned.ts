import type { Job } from 'bullmq';
import type { OutcomeStore } from '../src/delivery/outcome-store.ts';
import { sendJobSchema } from '../src/queue/send-job.ts';
import { deliveryUnknownReason } from '../src/delivery/outcome.ts';

/** True when BullMQ will not run this job again (attempts used up, or an unrecoverable error). */
export function isFailedForGood(job: Job, err: Error): boolean {
  return err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * BullMQ can give up on a send job without our processor recording why: a job whose worker
 * was killed more than once while it was active ("stalled more than allowable limit") is
 * failed before the processor runs, and a retry that found the message still in another
 * worker's handover may be the last attempt. Without this the outcome would stay `pending`
 * (or `sending`) forever — a briefing lost without a reason — and a re-send would be
 * blocked by the failed job's id. A `sending` one may have gone out: it is recorded `unknown`,
 * which only a forced re-send (`send --recipient ID --force`) sends again.
 */
export async function settleAbandoned(outcomes: OutcomeStore, job: Job, err: Error, now: Date): Promise<string | undefined> {
  const parsed = sendJobSchema.safeParse(job.data);
  if (!parsed.success) return undefined;
  const { date, recipientId: id } = parsed.data;
  const at = now.toISOString();
  const resend = `re-send with: briefing send --date ${date} --recipient ${id}`;
  const why = /stalled/.test(err.message)
    ? 'the worker stopped more than once while preparing this briefing (killed or crashed)'
    : `gave up after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${err.message}`;
  return outcomes.settleAbandoned(
    date,
    id,
    { status: 'failed', at, reason: `${why} — ${resend}` },
    { status: 'unknown', at, reason: deliveryUnknownReason(date, id) },
  );
}
