import type { OutcomeStore } from '../store/outcome-store.ts';
import type { StoredRecipient } from '../store/recipient-fields.ts';
import type { ScheduleStore } from '../store/schedule-store.ts';
import { addDays, localDateOf, weekdayOf, type LocalDate, type Weekday } from '../time/zones.ts';
import { publicStatus, type OutcomeStatus } from './outcome.ts';
import { whyNoOutcome, type NoOutcomeKind } from './no-outcome-reason.ts';

/** One local date of one person: what is recorded, or (`outcome: null`) why nothing is. */
export interface HistoryDay {
  readonly date: LocalDate;
  readonly weekday: Weekday;
  readonly outcome: OutcomeStatus | null;
  /** Set when nothing is recorded: derived from their schedule and the clock. */
  readonly none?: NoOutcomeKind;
  readonly reason?: string;
  readonly at?: string;
  readonly forced?: boolean;
}

/**
 * One person's last `days` local dates in their own time zone, newest first: the recorded
 * outcome of each, or why there is none (not a workday, before they joined, not due yet,
 * missed before start-up, not queued). One read per date.
 */
export async function recipientHistory(
  deps: { outcomes: Pick<OutcomeStore, 'history'>; schedule: Pick<ScheduleStore, 'firstTick'> },
  recipient: StoredRecipient,
  days: number,
  now = new Date(),
): Promise<{ id: string; email: string; timeZone: string; today: LocalDate; days: HistoryDay[] }> {
  const today = localDateOf(now, recipient.timeZone);
  const dates = Array.from({ length: days }, (_, i) => addDays(today, -i));
  const [outcomes, firstTick] = await Promise.all([deps.outcomes.history(recipient, dates), deps.schedule.firstTick()]);
  const rows = dates.map((date, i): HistoryDay => {
    const o = outcomes[i];
    const weekday = weekdayOf(date);
    if (o) {
      return { date, weekday, outcome: publicStatus(o.status), at: o.at, ...(o.reason ? { reason: o.reason } : {}), ...(o.forced ? { forced: true } : {}) };
    }
    const why = whyNoOutcome(recipient, date, { now, firstTick });
    return { date, weekday, outcome: null, none: why.kind, reason: why.reason };
  });
  return { id: recipient.id, email: recipient.email, timeZone: recipient.timeZone, today, days: rows };
}
