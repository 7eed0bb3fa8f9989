import type { LocalDate } from '../time/zones.ts';
import { sendInstantMs } from './send-time.ts';
import type { SendGroup } from './send-group.ts';

export interface DueSend {
  readonly group: SendGroup;
  readonly date: LocalDate;
  readonly at: Date;
  /** `send`: within CATCH_UP, fan out now. `missed`: too late, record `skipped:missed`. */
  readonly action: 'send' | 'missed';
}

const DAY_MS = 86_400_000;

function utcDate(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Every (group, local date) whose send instant falls in (since, now]. Pure and cheap: no
 * Redis, and no time-zone maths once `sendInstant` has cached a date. Local dates differ
 * from UTC dates by at most a day (offsets stay within ±14 h), so the UTC dates of the
 * window widened by one day on each side hold every candidate.
 */
export function dueSends(
  groups: readonly SendGroup[],
  window: { since: Date; now: Date },
  catchUpMs: number,
): DueSend[] {
  const since = window.since.getTime();
  const now = window.now.getTime();
  const dates: LocalDate[] = [];
  // Plain arithmetic on UTC midnights: Luxon's date maths costs milliseconds per call here.
  const last = utcDate(now + DAY_MS);
  for (let ms = Date.parse(`${utcDate(since - DAY_MS)}T00:00:00Z`); utcDate(ms) <= last; ms += DAY_MS) dates.push(utcDate(ms));
  const due: DueSend[] = [];
  for (const group of groups) {
    for (const date of dates) {
      const ms = sendInstantMs(date, group.sendAt, group.timeZone);
      if (ms > since && ms <= now) due.push({ group, date, at: new Date(ms), action: now - ms <= catchUpMs ? 'send' : 'missed' });
    }
  }
  return due;
}
