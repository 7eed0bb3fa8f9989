import type { Recipient } from '../recipients/recipient.ts';
import { MIN_FOCUS_MINUTES } from '../content/focus-time.ts';
import { addDays, isClockTime, isLocalDate, localDateOf, minutesOfClock, zonedInstant, type LocalDate } from '../time/zones.ts';

/** A block of focus time to book: the link's date and wall-clock times, in the recipient's zone. */
export interface FocusBlock {
  readonly date: LocalDate;
  readonly start: string;
  readonly end: string;
  readonly zone: string;
  readonly startAt: Date;
  readonly endAt: Date;
}

/** A briefing offers today's block; a link may be used up to this many days ahead (a briefing sent early). */
const MAX_DAYS_AHEAD = 14;

export type BlockProblem = 'malformed' | 'past' | 'outside';

/**
 * The block a focus link names, checked as strictly as the briefing that offered it: a real
 * date and HH:MM times, at least as long as any block the briefing suggests, inside the
 * recipient's work hours on that date, not over yet and not weeks away. The times are read
 * in the zone the recipient has now (their preferences may have changed it since).
 */
export function parseFocusBlock(
  query: { date?: string; start?: string; end?: string },
  recipient: Pick<Recipient, 'timeZone' | 'workHours'>,
  now: Date,
): { ok: true; block: FocusBlock } | { ok: false; problem: BlockProblem } {
  const { date, start, end } = query;
  if (!date || !start || !end || !isLocalDate(date) || !isClockTime(start) || !isClockTime(end)) return { ok: false, problem: 'malformed' };
  if (minutesOfClock(end) - minutesOfClock(start) < MIN_FOCUS_MINUTES) return { ok: false, problem: 'malformed' };
  const zone = recipient.timeZone;
  if (minutesOfClock(start) < minutesOfClock(recipient.workHours.start) || minutesOfClock(end) > minutesOfClock(recipient.workHours.end)) {
    return { ok: false, problem: 'outside' };
  }
  const startAt = zonedInstant(date, start, zone);
  const endAt = zonedInstant(date, end, zone);
  if (endAt.getTime() <= now.getTime()) return { ok: false, problem: 'past' };
  if (date > addDays(localDateOf(now, zone), MAX_DAYS_AHEAD)) return { ok: false, problem: 'outside' };
  return { ok: true, block: { date, start, end, zone, startAt, endAt } };
}
