import type { Job } from 'bullmq';
import type { OutcomeStore } from '../src/store/outcome-store.ts';
import type { StoredStatus } from '../src/delivery/outcome.ts';
import { deliveryUnknownReason } from '../src/check/check-briefing.ts';
import { parseSendJob } from '../src/queue/send-job.ts';
import type { ZoneTable } from '../src/store/zones.ts';

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
 * blocked by the failed job's id. A `sending` one may have gone out: it becomes `unknown`,
 * never re-sent without --force.
 */
export async function settleAbandoned(
  deps: { outcomes: OutcomeStore; zones: Pick<ZoneTable, 'nameOf'> },
  job: Job,
  err: Error,
  now: Date,
): Promise<StoredStatus | null | undefined> {
  const parsed = parseSendJob(job);
  if (!parsed.ok) return undefined;
  const { date, recipientId: id, seq, zone } = parsed.job;
  const timeZone = typeof zone === 'string' ? zone : await deps.zones.nameOf(zone);
  if (timeZone === undefined) return undefined;
  const resend = `re-send with: briefing send --date ${date} --recipient ${id}`;
  const why = /stalled/.test(err.message)
    ? 'the worker stopped more than once while preparing this briefing (killed or crashed)'
    : `gave up after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${err.message}`;
  return deps.outcomes.settleAbandoned(date, { id, seq, timeZone }, `${why} — ${resend}`, deliveryUnknownReason(date, id), now);
}
