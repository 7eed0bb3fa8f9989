import ical, { type VEvent, type VTodo } from 'node-ical';
import type { Meeting, Task } from './briefing-day.ts';
import { ContentError, describeSource } from './content-error.ts';
import { occurrencesOn } from './calendar-occurrences.ts';
import { textOf, toMeeting } from './calendar-fields.ts';
import { calendarTasksOn } from './calendar-tasks.ts';
import type { LocalDate } from '../time/zones.ts';

export interface ParsedCalendar {
  readonly events: readonly VEvent[];
  readonly todos: readonly VTodo[];
}

export interface CalendarDay {
  readonly meetings: readonly Meeting[];
  readonly tasks: readonly Task[];
  /** UIDs of events left out because they could not be read (bad DTSTART, runaway rule). */
  readonly skippedUids: readonly string[];
}

/**
 * Parses iCalendar text with node-ical (its batched async parser, so a large feed does not
 * block the event loop). A text that is not a whole VCALENDAR, or that node-ical rejects,
 * is a ContentError 'INVALID'; the parser's own message is not kept because it quotes lines.
 */
export async function parseCalendar(text: string, source: string): Promise<ParsedCalendar> {
  const name = `calendar ${describeSource(source)}`;
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!/^BEGIN:VCALENDAR\r?$/im.test(body.split('\n', 1)[0] ?? '') || !/^END:VCALENDAR\s*$/im.test(body)) {
    throw new ContentError('INVALID', `${name}: not an iCalendar file (no BEGIN:VCALENDAR … END:VCALENDAR) — check the feed URL or file`);
  }
  let parsed: ical.CalendarResponse;
  try {
    parsed = await ical.async.parseICS(body);
  } catch {
    throw new ContentError('INVALID', `${name}: could not be parsed as iCalendar (a malformed property or RRULE) — check the feed`);
  }
  const events: VEvent[] = [];
  const todos: VTodo[] = [];
  for (const component of Object.values(parsed)) {
    if (component?.type === 'VEVENT') events.push(component);
    else if (component?.type === 'VTODO') todos.push(component);
  }
  return { events, todos };
}

const isCancelled = (record: { status?: unknown }): boolean => textOf(record.status)?.toUpperCase() === 'CANCELLED';

/**
 * The meetings that overlap the local `date` in `zone`, and the VTODOs due by then.
 * `readerEmail` (the recipient's address) marks the meetings they organise or must answer.
 * Meetings are ordered all-day first, then by start, then by end.
 */
export function calendarDay(calendar: ParsedCalendar, date: LocalDate, zone: string, readerEmail?: string): CalendarDay {
  const meetings: Meeting[] = [];
  const skippedUids: string[] = [];
  for (const event of calendar.events) {
    if (isCancelled(event)) continue;
    if (!(event.start instanceof Date) || Number.isNaN(event.start.getTime())) {
      skippedUids.push(String(event.uid));
      continue;
    }
    let occurrences;
    try {
      occurrences = occurrencesOn(event, date, zone);
    } catch {
      // rrule-temporal gives up after 10 000 iterations (e.g. FREQ=SECONDLY): one runaway
      // rule must not cost the recipient the rest of the day.
      skippedUids.push(String(event.uid));
      continue;
    }
    for (const occurrence of occurrences) {
      if (!isCancelled(occurrence.event)) meetings.push(toMeeting(occurrence, event, readerEmail));
    }
  }
  meetings.sort((a, b) =>
    Number(b.allDay) - Number(a.allDay) || a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
  return { meetings, tasks: calendarTasksOn(calendar.todos, date, zone), skippedUids };
}
