import type { Recipient } from '../recipients/recipient.ts';
import { addDays, localDateOf, weekdayOf, zonedInstant, type LocalDate } from '../time/zones.ts';

/**
 * The one definition of "when does a briefing go out": the scheduler's tick and
 * `briefing schedule next` both call these, so what the command prints is what happens.
 */

// Luxon is slow next to a Map lookup, and a tick asks the same (zone, time, date) questions
// every 30 s: cache the answers, per group then per date, so that a tick with nothing due
// stays cheap however many groups there are.
const cache = new Map<string, Map<LocalDate, number>>();
const CACHE_LIMIT = 20_000;

/** Epoch ms of `sendAt` on a local date in a zone; see sendInstant. */
export function sendInstantMs(date: LocalDate, sendAt: string, timeZone: string): number {
  const groupKey = `${timeZone}|${sendAt}`;
  let dates = cache.get(groupKey);
  if (!dates) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    dates = new Map();
    cache.set(groupKey, dates);
  }
  let ms = dates.get(date);
  if (ms === undefined) {
    // A group is looked at for a handful of dates around today: drop the old ones.
    if (dates.size >= 16) dates.clear();
    ms = zonedInstant(date, sendAt, timeZone).getTime();
    dates.set(date, ms);
  }
  return ms;
}

/** The instant of `sendAt` on a local date in a zone (DST gap → first valid minute after; overlap → first occurrence). */
export function sendInstant(date: LocalDate, sendAt: string, timeZone: string): Date {
  return new Date(sendInstantMs(date, sendAt, timeZone));
}

/** Whether a local date is one of the recipient's workdays (the scheduler sends only on those). */
export function isScheduledDay(workdays: Recipient['workdays'], date: LocalDate): boolean {
  return workdays.includes(weekdayOf(date));
}

export interface ScheduledSend {
  /** The recipient's local date the briefing is for. */
  readonly date: LocalDate;
  readonly at: Date;
}

/** The next `count` sends at or after `from`, on the recipient's workdays, as the scheduler will make them. */
export function nextSends(
  recipient: Pick<Recipient, 'timeZone' | 'sendAt' | 'workdays'>,
  from: Date,
  count: number,
): ScheduledSend[] {
  const found: ScheduledSend[] = [];
  if (recipient.workdays.length === 0) return found;
  // Start a day early: near midnight the local date of `from` may already hold a later send.
  let date = addDays(localDateOf(from, recipient.timeZone), -1);
  while (found.length < count) {
    if (isScheduledDay(recipient.workdays, date)) {
      const at = sendInstant(date, recipient.sendAt, recipient.timeZone);
      if (at.getTime() >= from.getTime()) found.push({ date, at });
    }
    date = addDays(date, 1);
  }
  return found;
}
