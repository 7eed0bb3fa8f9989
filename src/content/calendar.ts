import type { Meeting, Task } from './briefing-day.ts';
import { ContentError, describeSource } from './content-error.ts';
import { toMeeting } from './calendar-fields.ts';
import { calendarTasksOn } from './calendar-tasks.ts';
import { Budget, OverBudget } from './ical/budget.ts';
import { DAY_MS, daysOfIsoDate, isoDate } from './ical/civil.ts';
import { runAtOnce, runInSlices } from './ical/drive-steps.ts';
import { IcsSyntaxError, parseIcsSteps } from './ical/ics-parse.ts';
import { occurrencesOn, type DayWindow, type Occurrence } from './ical/occurrences.ts';
import { modelSteps, type CalendarModel } from './ical/read-calendar.ts';
import { TooManyInstances } from './ical/rrule-expand.ts';
import { firstProp, firstStartingFrom, type Series } from './ical/series.ts';
import { ianaZone } from './ical/zone.ts';
import { localDayBounds, type LocalDate } from '../time/zones.ts';

export type ParsedCalendar = CalendarModel;

export interface CalendarDay {
  readonly meetings: readonly Meeting[];
  readonly tasks: readonly Task[];
  /** UIDs of events left out because they could not be read (bad DTSTART, runaway rule). */
  readonly skippedUids: readonly string[];
}

/**
 * Limits per calendar and day (DESIGN.md guarantee 6). One event may take EVENT_STEPS steps
 * and EVENT_MS of the clock; the whole calendar CALENDAR_STEPS and CALENDAR_MS. A typical
 * event needs tens of steps; a daily rule with COUNT from 1900, ~50,000 once (then its walk
 * is remembered).
 */
export const EVENT_STEPS = 200_000;
export const EVENT_MS = 25;
export const CALENDAR_STEPS = 5_000_000;
export const CALENDAR_MS = 400;

function* parseSteps(text: string, source: string): Generator<void, ParsedCalendar, void> {
  const name = `calendar ${describeSource(source)}`;
  const body = text.replace(/^\uFEFF/, '');
  if (!/^\s*BEGIN:VCALENDAR\s*$/im.test(body.slice(0, 200).split('\n', 2).find((l) => l.trim()) ?? '')
    || !/^END:VCALENDAR\s*$/im.test(body.slice(-200))) {
    throw new ContentError('INVALID', `${name}: not an iCalendar file (no BEGIN:VCALENDAR … END:VCALENDAR) — check the feed URL or file`);
  }
  let root;
  try {
    root = yield* parseIcsSteps(body);
  } catch (error) {
    if (!(error instanceof IcsSyntaxError)) throw error;
    // The line number helps; the parser's message never quotes the line (content stays out of logs).
    throw new ContentError('INVALID', `${name}: could not be parsed as iCalendar (${error.message}) — check the feed`);
  }
  return yield* modelSteps(root);
}

/**
 * Parses iCalendar text with our own reader (src/content/ical/), in slices of about 10 ms
 * so that a 10 MB feed does not hold the event loop. A text that is not a whole VCALENDAR
 * is a ContentError 'INVALID' naming the line, never quoting it.
 */
export function parseCalendar(text: string, source: string): Promise<ParsedCalendar> {
  return runInSlices(parseSteps(text, source));
}

const isCancelled = (component: Occurrence['event']): boolean =>
  firstProp(component, 'STATUS')?.value.trim().toUpperCase() === 'CANCELLED';

const MARGIN_MS = 14 * 3_600_000 + 2 * DAY_MS; // zone offsets and the longest single event

function* daySteps(
  calendar: ParsedCalendar, date: LocalDate, zone: string, readerEmail: string | undefined, budget: Budget,
): Generator<void, CalendarDay, void> {
  const bounds = localDayBounds(date, zone);
  const readerZone = ianaZone(zone);
  const window: DayWindow = {
    day: daysOfIsoDate(date),
    start: bounds.start.getTime(),
    end: bounds.end.getTime(),
    dayStart: (day) => localDayBounds(isoDate(day), zone).start.getTime(),
  };
  const floating = calendar.calendarZone ?? readerZone;
  const meetings: Meeting[] = [];
  const skippedUids = [...calendar.unreadable];
  const take = (series: Series): void => {
    if (budget.exhausted) {
      skippedUids.push(series.uid);
      return;
    }
    const inner = budget.slice(EVENT_STEPS, EVENT_MS);
    let occurrences: Occurrence[];
    try {
      occurrences = occurrencesOn(series, window, floating, inner);
    } catch (error) {
      if (!(error instanceof OverBudget || error instanceof TooManyInstances)) throw error;
      // One runaway rule must not cost the recipient the rest of the day.
      skippedUids.push(series.uid);
      return;
    } finally {
      budget.charge(inner);
    }
    for (const occurrence of occurrences) {
      if (!isCancelled(occurrence.event)) meetings.push(toMeeting(occurrence, series.master, readerEmail));
    }
  };

  const { singles } = calendar;
  const last = Math.max(window.end, (window.day + 1) * DAY_MS) + MARGIN_MS;
  for (let i = firstStartingFrom(singles, Math.min(window.start, window.day * DAY_MS) - MARGIN_MS); i < singles.length; i += 1) {
    if (singles[i]!.start.wall > last) break;
    take(singles[i]!);
  }
  for (const series of calendar.series) {
    take(series);
    yield;
  }
  meetings.sort((a, b) =>
    Number(b.allDay) - Number(a.allDay) || a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
  return { meetings, tasks: calendarTasksOn(calendar.todos, date, zone, calendar.zoneOf), skippedUids };
}

/**
 * The meetings that overlap the local `date` in `zone`, and the VTODOs due by then.
 * `readerEmail` (the recipient's address) marks the meetings they organise or must answer.
 * Meetings are ordered all-day first, then by start, then by end.
 */
export function calendarDay(calendar: ParsedCalendar, date: LocalDate, zone: string, readerEmail?: string): CalendarDay {
  return runAtOnce(daySteps(calendar, date, zone, readerEmail, Budget.of(CALENDAR_STEPS, CALENDAR_MS)));
}

/** calendarDay in slices, for the worker: a calendar of thousands of series does not hold the event loop. */
export function calendarDayInSlices(calendar: ParsedCalendar, date: LocalDate, zone: string, readerEmail?: string): Promise<CalendarDay> {
  const budget = Budget.of(CALENDAR_STEPS, CALENDAR_MS);
  return runInSlices(daySteps(calendar, date, zone, readerEmail, budget), budget);
}
