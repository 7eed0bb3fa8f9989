import type { FocusSlot, Meeting } from './briefing-day.ts';
import { zonedInstant, type LocalDate } from '../time/zones.ts';

export const MIN_FOCUS_MINUTES = 60;

/**
 * The longest free slot of at least 60 minutes inside work hours on `date`, or null.
 * Work hours are wall-clock times turned into instants with zonedInstant, so a 23- or
 * 25-hour DST day is measured in real minutes. Every timed meeting counts as busy (all-day
 * events do not); ties go to the earliest slot.
 */
export function findFocusTime(
  meetings: readonly Meeting[],
  date: LocalDate,
  zone: string,
  workHours: { readonly start: string; readonly end: string },
): FocusSlot | null {
  const dayStart = zonedInstant(date, workHours.start, zone).getTime();
  const dayEnd = zonedInstant(date, workHours.end, zone).getTime();
  if (dayEnd <= dayStart) return null;

  const busy = meetings
    .filter((meeting) => !meeting.allDay)
    .map((meeting) => [meeting.start.getTime(), meeting.end.getTime()] as const)
    .filter(([start, end]) => end > dayStart && start < dayEnd)
    .sort((a, b) => a[0] - b[0]);

  let best: { start: number; end: number } | null = null;
  let cursor = dayStart;
  const consider = (start: number, end: number): void => {
    if (end - start >= MIN_FOCUS_MINUTES * 60_000 && (!best || end - start > best.end - best.start)) {
      best = { start, end };
    }
  };
  for (const [start, end] of busy) {
    if (start > cursor) consider(cursor, Math.min(start, dayEnd));
    cursor = Math.max(cursor, end);
  }
  if (cursor < dayEnd) consider(cursor, dayEnd);

  const slot = best as { start: number; end: number } | null;
  if (!slot) return null;
  return { start: new Date(slot.start), end: new Date(slot.end), minutes: Math.round((slot.end - slot.start) / 60_000) };
}
