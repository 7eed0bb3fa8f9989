import { isScheduledDay, sendInstant } from '../schedule/send-time.ts';
import type { StoredRecipient } from '../store/recipient-fields.ts';
import type { LocalDate } from '../time/zones.ts';

/** Why someone on the roster has no outcome for a local date (derived: nothing of it is stored). */
export type NoOutcomeKind = 'not-workday' | 'before-joined' | 'not-due-yet' | 'missed-before-start-up' | 'not-queued';

export interface NoOutcome {
  readonly kind: NoOutcomeKind;
  readonly reason: string;
}

export interface NoOutcomeClock {
  readonly now: Date;
  /** Epoch ms of the scheduler's first tick ever (null: it never ran). */
  readonly firstTick: number | null;
}

/**
 * The one answer to "why did they get nothing that day", for `status --date`, `status
 * --recipient` and the admin API alike: not a workday, before they joined, send time still
 * ahead, passed before the scheduler first ran, or due and not queued.
 */
export function whyNoOutcome(
  r: Pick<StoredRecipient, 'timeZone' | 'sendAt' | 'workdays' | 'joined'>,
  date: LocalDate,
  clock: NoOutcomeClock,
): NoOutcome {
  if (!isScheduledDay(r.workdays, date)) return { kind: 'not-workday', reason: `not a workday (workdays: ${r.workdays.join(' ') || 'none'})` };
  const at = sendInstant(date, r.sendAt, r.timeZone);
  const when = `${r.sendAt} ${r.timeZone}`;
  if (r.joined && at.getTime() < Date.parse(r.joined)) return { kind: 'before-joined', reason: `before they joined (${r.joined}): the send time ${when} had passed` };
  if (at.getTime() > clock.now.getTime()) return { kind: 'not-due-yet', reason: `not due yet: goes out at ${when} (${at.toISOString()})` };
  if (clock.firstTick === null || at.getTime() < clock.firstTick) {
    return {
      kind: 'missed-before-start-up',
      reason: clock.firstTick === null
        ? `missed: the send time ${when} passed and no scheduler has ever run (briefing start or briefing worker)`
        : `missed before start-up: the send time ${when} passed before the scheduler first ran (${new Date(clock.firstTick).toISOString()})`,
    };
  }
  return {
    kind: 'not-queued',
    reason: `not queued: due at ${when} (${at.toISOString()}) but there is no record — was a worker with the scheduler running? briefing send --date ${date} --recipient ID sends it`,
  };
}
