import type { RosterStore } from '../store/roster-store.ts';
import { isScheduledDay } from '../schedule/send-time.ts';
import type { LocalDate } from '../time/zones.ts';
import type { EnqueueResult, EnqueueTarget } from './enqueue-briefings.ts';
import type { Trigger } from './send-job.ts';

export interface SendAllResult extends EnqueueResult {
  /** On the roster. */
  readonly roster: number;
  /** For whom the date is not a workday: nothing queued, nothing recorded (it follows from their workdays). */
  readonly notWorkday: number;
}

export const emptyEnqueueResult = (): { -readonly [K in keyof EnqueueResult]: number } => ({ queued: 0, alreadyQueued: 0, alreadySent: 0, unknown: 0 });

export function addEnqueueResult(total: { -readonly [K in keyof EnqueueResult]: number }, r: EnqueueResult): void {
  for (const k of Object.keys(total) as (keyof EnqueueResult)[]) total[k] += r[k];
}

/**
 * `send --date D --all` and the admin's send-all job: the whole roster, a batch at a time,
 * workdays respected. `progress` hears the totals so far after every batch.
 */
export async function sendAll(
  deps: {
    roster: Pick<RosterStore, 'batches'>;
    enqueue(date: LocalDate, targets: readonly EnqueueTarget[], trigger: Trigger): Promise<EnqueueResult>;
  },
  date: LocalDate,
  progress: (sofar: SendAllResult) => Promise<void> | void = () => undefined,
): Promise<SendAllResult> {
  const total = emptyEnqueueResult();
  let roster = 0;
  let notWorkday = 0;
  for await (const batch of deps.roster.batches()) {
    roster += batch.length;
    const working = batch.filter((r) => isScheduledDay(r.workdays, date));
    notWorkday += batch.length - working.length;
    if (working.length > 0) addEnqueueResult(total, await deps.enqueue(date, working, 'all'));
    await progress({ ...total, roster, notWorkday });
  }
  return { ...total, roster, notWorkday };
}
