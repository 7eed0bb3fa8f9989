import type { Meeting } from '../content/briefing-day.ts';

/** A run of at least this many meetings with no break between them is pointed out… */
export const LONG_RUN_MEETINGS = 3;
/** …when it also lasts at least this long. */
export const LONG_RUN_MS = 2 * 3600_000;
/** A gap this short is no break (walking to the next room). */
export const NO_BREAK_MS = 5 * 60_000;

export interface MeetingFlags {
  /** Overlaps at least one other timed meeting. */
  readonly conflict: boolean;
  /** Starts before or ends after the reader's work hours. */
  readonly outsideHours: boolean;
  /** The first meeting of a long run without a break: when the run ends. */
  readonly runUntil: Date | null;
}

export interface DayShape {
  /** Flags per meeting, in the order of the meetings given. */
  readonly flags: readonly MeetingFlags[];
  readonly firstStart: Date | null;
  readonly lastEnd: Date | null;
  /** Minutes of work hours no timed meeting covers. */
  readonly freeMinutes: number;
  /** Groups of meetings that overlap one another (two overlapping meetings are one conflict). */
  readonly conflicts: number;
}

/**
 * Conflicts, long back-to-back runs, meetings outside work hours and the day's free time,
 * from the meetings alone, in O(n log n): sorted by start, a meeting overlaps an earlier one
 * when it starts before the latest end so far, and a later one when the next meeting starts
 * before it ends. All-day events are not appointments and take part in none of this.
 */
export function dayShape(meetings: readonly Meeting[], work: { readonly start: Date; readonly end: Date }): DayShape {
  const timed = meetings
    .map((m, index) => ({ index, start: m.start.getTime(), end: m.end.getTime(), allDay: m.allDay }))
    .filter((m) => !m.allDay)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const flags: { conflict: boolean; outsideHours: boolean; runUntil: Date | null }[] = meetings.map(() => ({
    conflict: false,
    outsideHours: false,
    runUntil: null,
  }));
  const workStart = work.start.getTime();
  const workEnd = work.end.getTime();

  let maxEnd = -Infinity;
  let conflicts = 0;
  let clusterSize = 0;
  let free = 0;
  let cursor = workStart;
  for (const [i, m] of timed.entries()) {
    const f = flags[m.index]!;
    const next = timed[i + 1];
    f.conflict = m.start < maxEnd || (next !== undefined && next.start < m.end);
    f.outsideHours = m.start < workStart || m.end > workEnd;
    if (m.start >= maxEnd) {
      if (clusterSize > 1) conflicts += 1;
      clusterSize = 0;
    }
    clusterSize += 1;
    // Free time: the parts of work hours before each meeting that nothing covered.
    if (m.start > cursor) free += Math.max(0, Math.min(m.start, workEnd) - cursor);
    cursor = Math.max(cursor, Math.min(Math.max(m.end, workStart), workEnd));
    maxEnd = Math.max(maxEnd, m.end);
  }
  if (clusterSize > 1) conflicts += 1;
  if (cursor < workEnd) free += workEnd - cursor;

  markRuns(timed, flags);
  return {
    flags,
    firstStart: timed.length > 0 ? new Date(timed[0]!.start) : null,
    lastEnd: timed.length > 0 ? new Date(maxEnd) : null,
    freeMinutes: Math.round(free / 60_000),
    conflicts,
  };
}

function markRuns(
  timed: readonly { index: number; start: number; end: number }[],
  flags: { runUntil: Date | null }[],
): void {
  let first = 0;
  let runEnd = -Infinity;
  const close = (last: number) => {
    const count = last - first + 1;
    if (count >= LONG_RUN_MEETINGS && runEnd - timed[first]!.start >= LONG_RUN_MS) flags[timed[first]!.index]!.runUntil = new Date(runEnd);
  };
  for (const [i, m] of timed.entries()) {
    if (i > 0 && m.start - runEnd > NO_BREAK_MS) {
      close(i - 1);
      first = i;
      runEnd = -Infinity;
    }
    runEnd = Math.max(runEnd, m.end);
  }
  if (timed.length > 0) close(timed.length - 1);
}
